// A deposit still « en attente » must always have a job that will deliver it. Should its job have
// vanished, or run out of attempts without the row saying so (a database error during the very
// last attempt), the hourly check gives it a job again, or moves it to the dead letter where a
// superviseur sees it.
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { enqueueDeposit } from './schedule-deposits.ts'

export async function checkOrphanDeposits(pool: Pool): Promise<{ requeued: number; deadLettered: number }> {
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; depositKey: string; exhausted: boolean }>(
      `select g.id, g.deposit_key as "depositKey", (j.id is not null) as exhausted
         from ged_deposit g
         left join graphile_worker._private_jobs j on j.key = 'ged:' || g.deposit_key
        where g.state = 'en_attente' and g.updated_at < now() - interval '1 hour'
          and (j.id is null or j.attempts >= j.max_attempts)
        for update of g skip locked`,
    )
    for (const deposit of rows.filter((row) => !row.exhausted)) await enqueueDeposit(tx, deposit)
    const exhausted = rows.filter((row) => row.exhausted).map((row) => row.id)
    if (exhausted.length > 0) {
      await tx.query(`update ged_deposit set state = 'echec', last_error = coalesce(last_error, 'tentatives-epuisees'), updated_at = now() where id = any($1)`, [exhausted])
    }
    return { requeued: rows.length - exhausted.length, deadLettered: exhausted.length }
  })
}
