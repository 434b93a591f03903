// graphile-worker takes a job by locking it under its pool's id, and frees the lock when it records
// the job's end. A connection lost at the wrong moment — the database restarting — breaks that: a
// job locked but the answer lost on the way, or its end never recorded. graphile-worker frees such
// locks after 4 hours only. This process knows the jobs it runs: a job locked under its pool's id
// for over a minute, which it has neither running nor just finished, is released to run again
// (every handler may run twice safely).
import type { WorkerEvents } from 'graphile-worker'
import type { Pool } from '../db/pool.ts'

const GRACE_SECONDS = 60
const CHECK_EVERY_MS = 30_000

export function watchLostLocks(events: WorkerEvents, pool: Pool): { stop(): void } {
  const poolIds = new Set<string>()
  const running = new Set<string>()
  const ended = new Map<string, number>()
  events.on('pool:create', ({ workerPool }) => poolIds.add(workerPool.id))
  events.on('job:start', ({ job }) => running.add(job.id))
  events.on('job:complete', ({ job }) => {
    running.delete(job.id)
    ended.set(job.id, Date.now())
  })

  const timer = setInterval(() => {
    for (const [id, at] of ended) if (Date.now() - at > GRACE_SECONDS * 1000) ended.delete(id)
    if (poolIds.size === 0) return
    // graphile-worker's own table: its public API can only unlock every job of a worker pool.
    pool.query(
      `update graphile_worker._private_jobs set locked_at = null, locked_by = null
        where locked_by = any($1::text[]) and locked_at < now() - make_interval(secs => $2) and not (id = any($3::bigint[]))`,
      [[...poolIds], GRACE_SECONDS, [...running, ...ended.keys()]],
    ).catch(() => {
      // The database is still out of reach: the next check tries again.
    })
  }, CHECK_EVERY_MS)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
