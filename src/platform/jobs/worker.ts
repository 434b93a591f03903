import { Logger, run, type Runner, type TaskList } from 'graphile-worker'
import type { Pool } from '../db/pool.ts'

export type Log = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void

export async function startWorker(options: { pool: Pool; tasks: TaskList; crontab?: string; concurrency?: number; log: Log }): Promise<Runner> {
  const logger = new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') options.log(level === 'error' ? 'error' : 'warn', message)
  })
  return run({
    pgPool: options.pool,
    taskList: options.tasks,
    crontab: options.crontab ?? '',
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    logger,
  })
}
