// What follows a submission, read from the database and the folders: done yet (Cerfa, every
// document in the GED, the e-mail), and done exactly once.
import { readdirSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'

/** Waits until every demande has its Cerfa, every document its deposit, every acknowledgment its e-mail. */
export async function drained(db: pg.Pool, ids: string[]): Promise<void> {
  for (;;) {
    const pending = await count(db, `
      select id from demande where id = any($1) and cerfa_file_id is null
      union all select id from ged_deposit where demande_id = any($1) and state <> 'depose'
      union all select id from message where demande_id = any($1) and kind = 'accuse_reception' and notified_at is null`, [ids])
    if (pending === 0) return
    await sleep(100)
  }
}

/** Each demande: one Cerfa, one deposit per document and one file in the GED per deposit, one e-mail; no job failed. */
export async function checkInvariants(db: pg.Pool, ids: string[], gedDir: string, mailDir: string): Promise<{ problems: string[]; summary: string }> {
  const cerfas = await count(db, `select 1 from stored_file f join demande d on d.assure_id = f.owner_assure_id where d.id = any($1) and f.display_name like 'cerfa-%'`, [ids])
  const documents = await count(db, 'select 1 from demande_document where demande_id = any($1)', [ids])
  const deposits = await count(db, `select 1 from ged_deposit where demande_id = any($1) and state = 'depose'`, [ids])
  const gedIndexes = readdirSync(gedDir).filter((name) => name.endsWith('.json')).length
  const mails = readdirSync(mailDir).filter((name) => name.endsWith('.eml')).length
  const failedJobs = await count(db, 'select 1 from graphile_worker._private_jobs where last_error is not null')
  const problems: string[] = []
  if (cerfas !== ids.length) problems.push(`${cerfas} Cerfa pour ${ids.length} demandes`)
  if (deposits !== ids.length + documents) problems.push(`${deposits} dépôts pour ${ids.length + documents} documents`)
  if (gedIndexes !== deposits) problems.push(`${gedIndexes} index dans le dossier de la GED pour ${deposits} dépôts`)
  if (mails !== ids.length) problems.push(`${mails} courriels pour ${ids.length} demandes`)
  if (failedJobs > 0) problems.push(`${failedJobs} tâches en échec`)
  return { problems, summary: `${ids.length} demandes, ${cerfas} Cerfa, ${deposits} dépôts, ${gedIndexes} fichiers d'index en GED, ${mails} courriels, aucune tâche en échec` }
}

export async function count(db: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query<{ count: string }>(`select count(*) from (${sql}) as counted`, params)).rows[0]!.count)
}
