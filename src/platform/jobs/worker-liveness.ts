// graphile-worker frees the jobs of a worker that died without stopping (SIGKILL, a machine lost)
// only after 4 hours: a Cerfa, a GED deposit or an e-mail would wait that long. Each worker process
// says every few seconds that its pool is alive; each also frees the jobs locked by a pool not seen
// for `deadAfterSeconds`, which then run again (every job here is idempotent: keys, row locks).
// A process frees nothing until it has itself been in touch with the database for that long, so
// that after a database outage the other workers have had the time to say they are alive again.
import type { WorkerEvents } from 'graphile-worker'
import type { Pool } from '../db/pool.ts'

export type WorkerLiveness = { stop(): Promise<void> }

export function watchWorkerLiveness(options: { pool: Pool; events: WorkerEvents; deadAfterSeconds: number; onFreed?: (workers: number) => void }): WorkerLiveness {
  const pools = new Set<string>()
  let inTouchSince: number | null = null
  options.events.on('pool:create', ({ workerPool }) => pools.add(workerPool.id))
  options.events.on('pool:release', ({ workerPool }) => pools.delete(workerPool.id))

  async function beat(): Promise<void> {
    try {
      await options.pool.query(
        `insert into job_worker_heartbeat (worker_id, seen_at) select unnest($1::text[]), now()
         on conflict (worker_id) do update set seen_at = excluded.seen_at`,
        [[...pools]],
      )
      inTouchSince ??= Date.now()
      if (Date.now() - inTouchSince < options.deadAfterSeconds * 1000) return
      const { rows } = await options.pool.query<{ dead: string[] }>(
        `with dead as (
           select distinct j.locked_by as worker_id from graphile_worker._private_jobs j
            where j.locked_by is not null and j.locked_at < now() - make_interval(secs => $1)
              and not exists (select 1 from job_worker_heartbeat h where h.worker_id = j.locked_by and h.seen_at > now() - make_interval(secs => $1))
         ), freed as (select graphile_worker.force_unlock_workers(array(select worker_id from dead)))
         select array(select worker_id from dead) as dead from freed`,
        [options.deadAfterSeconds],
      )
      const dead = rows[0]?.dead ?? []
      if (dead.length > 0) {
        await options.pool.query('delete from job_worker_heartbeat where worker_id = any($1::text[])', [dead])
        options.onFreed?.(dead.length)
      }
    } catch {
      inTouchSince = null // the database is out of reach: start counting again once it answers
    }
  }

  const everyMs = Math.max(200, Math.min(10_000, (options.deadAfterSeconds * 1000) / 4))
  const timer = setInterval(() => void beat(), everyMs)
  timer.unref()
  void beat()
  return {
    async stop() {
      clearInterval(timer)
      await options.pool.query('delete from job_worker_heartbeat where worker_id = any($1::text[])', [[...pools]]).catch(() => {})
    },
  }
}
