import { EventEmitter } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker'
import { isDatabaseUnavailable, type Pool } from '../db/pool.ts'
import { watchLostLocks } from './release-lost-locks.ts'
import { watchWorkerLiveness } from './worker-liveness.ts'

export type Log = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void

/** deadAfterSeconds: the jobs of a worker process silent for that long (killed) run again elsewhere; a minute unless given. */
export async function startWorker(options: { pool: Pool; tasks: TaskList; crontab?: string; concurrency?: number; deadAfterSeconds?: number; log: Log }): Promise<Runner> {
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') options.log(level === 'error' ? 'error' : 'warn', message)
  })
  let stopping = false
  const events: WorkerEvents = new EventEmitter()
  const lostLocks = watchLostLocks(events, options.pool)
  const liveness = watchWorkerLiveness({
    pool: options.pool,
    events,
    deadAfterSeconds: options.deadAfterSeconds ?? 60,
    onFreed: (workers) => options.log('warn', `tâches de ${workers} processus de tâches arrêtés sans prévenir libérées`),
  })
  const concurrency = options.concurrency ?? 4
  const runner = await run({
    pgPool: waitingForTheDatabase(options.pool, () => stopping),
    taskList: options.tasks,
    crontab: options.crontab ?? '',
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger,
    events,
    preset: { worker: batching(concurrency) },
  })
  runner.events.on('pool:gracefulShutdown', () => (stopping = true))
  const stopWatching = () => {
    lostLocks.stop()
    void liveness.stop()
  }
  runner.promise.then(stopWatching, stopWatching)
  return runner
}

// A backlog (a burst of submissions) is fetched `concurrency` jobs per query, and the ends of jobs
// that finish within 10 ms of each other are recorded in one statement: fewer round trips and
// commits for the same work. Jobs fetched but not started within 30 s go back to the queue, before
// the minute after which release-lost-locks.ts would free them as lost (and they would run twice).
function batching(concurrency: number) {
  return { localQueue: { size: concurrency, ttl: 30_000 }, completeJobBatchDelay: 10, failJobBatchDelay: 10 }
}

// graphile-worker records the end of a job (deleted, or failed and rescheduled) with a promise it
// leaves unhandled: a database down or restarting at that moment would end the whole process. It
// retries that statement on a new connection only for the codes it knows as transient (57P03…), not
// for a connection refused or lost. So its connections wait for the database (until the worker
// stops), and a connection lost under one of its statements is reported to it as 57P03.
// (Its LISTEN connection, asked for with a callback, has its own retries.)
function waitingForTheDatabase(pool: Pool, stopping: () => boolean): Pool {
  const connect = async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return transientWhenLost(await pool.connect())
      } catch (error) {
        if (stopping() || !isDatabaseUnavailable(error as Error)) throw error
        await sleep(Math.min(5_000, 100 * 2 ** attempt))
      }
    }
  }
  return new Proxy(pool, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property === 'connect') return (...args: unknown[]) => (args.length > 0 ? value.apply(target, args) : connect())
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function transientWhenLost(client: pg.PoolClient): pg.PoolClient {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property !== 'query') return typeof value === 'function' ? value.bind(target) : value
      return (...args: unknown[]) => {
        const result = value.apply(target, args)
        return result instanceof Promise
          ? result.catch((error: Error & { code?: string }) => {
            throw isDatabaseUnavailable(error) ? Object.assign(new Error(error.message, { cause: error }), { code: '57P03' }) : error
          })
          : result
      }
    },
  })
}
