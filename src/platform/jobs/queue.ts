// The PostgreSQL job queue (graphile-worker). A job is always added inside the transaction of the
// change it follows, so that the change and its follow-up commit or vanish together.
import type { Queryable } from '../db/pool.ts'

export type JobName = 'send-message-notification' | 'generate-cerfa' | 'deposit-in-ged'

export async function enqueueJob(db: Queryable, name: JobName, payload: Record<string, unknown>, jobKey?: string): Promise<void> {
  await db.query('select graphile_worker.add_job($1, $2::json, job_key => $3, max_attempts => 25)', [name, JSON.stringify(payload), jobKey ?? null])
}
