// The load: `users` simulated assurés, each starting a new démarche as soon as the last ended,
// for `duration` seconds (the démarches under way then are finished); or, for the ceiling, as many
// replays of the recorded statements at once.
import type pg from 'pg'
import { benchAccount, benchLogin } from '../src/identity/demo-provider/bench-accounts.ts'
import { BRANCH_COMBINATIONS } from './answers.ts'
import { runDemarche, type Target } from './assure.ts'
import { replayOnce, type ReplayPlan } from './ceiling.ts'
import { StepTimings } from './stats.ts'

export type LoadResult = { ids: string[]; seconds: number; timings: StepTimings; errors: Map<string, number> }

/** Person number n goes to instance n modulo their count (round robin), and takes n's branches. */
export async function load(targets: Target[], users: number, duration: number, nextNumber: () => number, avis: Buffer): Promise<LoadResult> {
  const timings = new StepTimings()
  const ids: string[] = []
  const errors = new Map<string, number>()
  const seconds = await during(users, duration, async () => {
    const n = nextNumber()
    try {
      ids.push(await runDemarche(targets[n % targets.length]!, benchLogin(n), n, timings, avis))
    } catch (error) {
      countError(errors, error)
    }
  })
  return { ids, seconds, timings, errors }
}

/** The same mix as the load: number n replays the recorded démarche of n's branches, as assuré n. */
export async function replayLoad(pool: pg.Pool, plans: Map<number, ReplayPlan>, users: number, duration: number, nextNumber: () => number) {
  const errors = new Map<string, number>()
  let count = 0
  const seconds = await during(users, duration, async () => {
    const n = nextNumber()
    const account = benchAccount(n)
    try {
      await replayOnce(pool, plans.get(n % BRANCH_COMBINATIONS)!, { sub: account.sub, nir: account.claims.nir })
      count++
    } catch (error) {
      countError(errors, error)
    }
  })
  return { count, seconds, errors }
}

async function during(users: number, duration: number, iteration: () => Promise<void>): Promise<number> {
  const started = performance.now()
  const deadline = started + duration * 1000
  await Promise.all(Array.from({ length: users }, async () => {
    while (performance.now() < deadline) await iteration()
  }))
  return (performance.now() - started) / 1000
}

function countError(errors: Map<string, number>, error: unknown): void {
  const message = (error as Error).message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')
  errors.set(message, (errors.get(message) ?? 0) + 1)
}
