// The PostgreSQL job queue (graphile-worker). A job is always added inside the transaction of the
// change it follows, so that the change and its follow-up commit or vanish together.
import type { Queryable } from '../db/pool.ts'
import { GED_DEPOSIT_MAX_ATTEMPTS } from '../../documents/ged/retry-schedule.ts'

export type JobName = 'send-message-notification' | 'generate-cerfa' | 'deposit-in-ged'

// graphile-worker's default, 25 attempts, spreads them over about 4 days; a job may say otherwise.
const MAX_ATTEMPTS: Partial<Record<JobName, number>> = { 'deposit-in-ged': GED_DEPOSIT_MAX_ATTEMPTS }

export async function enqueueJob(db: Queryable, name: JobName, payload: Record<string, unknown>, jobKey?: string): Promise<void> {
  await db.query('select graphile_worker.add_job($1, $2::json, job_key => $3, max_attempts => $4)', [name, JSON.stringify(payload), jobKey ?? null, MAX_ATTEMPTS[name] ?? 25])
}
