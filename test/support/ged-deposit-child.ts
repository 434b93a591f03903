// A worker that dies mid-deposit, for ged-crash.test.ts: it runs the due 'deposit-in-ged' jobs and,
// on reaching the step GED_CRASH_AT (a step of the hot folder or of the job), says so on its
// standard output and waits there for its parent to kill it with SIGKILL.
// GED_DIR (hot folder) or GED_URL and GED_TOKEN (deposit service); DATABASE_URL.
import { Logger, runOnce } from 'graphile-worker'
import { createPool } from '../../src/platform/db/pool.ts'
import { createDepositInGedTask } from '../../src/documents/ged/deposit-job.ts'
import { createHotFolderAdapter } from '../../src/documents/ged/hot-folder-adapter.ts'
import { createHttpGedAdapter } from '../../src/documents/ged/http-adapter.ts'

const env = process.env
const crashAt = env.GED_CRASH_AT

async function step(name: string): Promise<void> {
  if (name !== crashAt) return
  process.stdout.write(`arrêté à ${name}\n`)
  await new Promise(() => setInterval(() => {}, 1000))
}

const pool = createPool(env.DATABASE_URL!, 2)
const adapter = env.GED_URL ? createHttpGedAdapter({ url: env.GED_URL, token: env.GED_TOKEN! }) : createHotFolderAdapter({ dir: env.GED_DIR!, onStep: step })
await runOnce({ pgPool: pool, taskList: { 'deposit-in-ged': createDepositInGedTask({ pool, adapter, onStep: step }) }, logger: new Logger(() => () => {}) })
process.stdout.write('terminé sans arrêt\n')
await pool.end()
