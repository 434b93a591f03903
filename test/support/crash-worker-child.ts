// The job worker as its own process, for crash-service.test.ts: the product's task list on
// DATABASE_URL, e-mail written as files in MAIL_DIR, the GED's hot folder GED_DIR, with the
// failpoints that FAILPOINTS arms, including one at each step of a GED deposit (`ged.<step>`:
// ged.document, ged.journal, ged.index, ged.delivered between the GED write and its record…).
// Runs when told (crash-child.ts).
import { createPool } from '../../src/platform/db/pool.ts'
import { createMailer } from '../../src/platform/mail/mailer.ts'
import { startWorker } from '../../src/platform/jobs/worker.ts'
import { failpoint } from '../../src/platform/failpoints.ts'
import { createTaskList } from '../../src/service.ts'
import { createHotFolderAdapter } from '../../src/documents/ged/hot-folder-adapter.ts'
import { createDepositInGedTask } from '../../src/documents/ged/deposit-job.ts'
import { startWhenTold } from './crash-child.ts'

const env = process.env
// The product frees a killed worker's jobs after a minute of silence; two seconds here.
const DEAD_AFTER_SECONDS = 2
const pool = createPool(env.DATABASE_URL!, 8)
const onStep = async (step: string) => failpoint(`ged.${step}`)
const ged = createHotFolderAdapter({ dir: env.GED_DIR!, onStep })
const mailer = createMailer({ smtpUrl: undefined, from: 'ne-pas-repondre@invalidite.example.fr', mailDir: env.MAIL_DIR! })
const tasks = { ...createTaskList({ pool, mailer, publicUrl: 'http://127.0.0.1', ged }), 'deposit-in-ged': createDepositInGedTask({ pool, adapter: ged, onStep }) }
await startWhenTold(async () => void (await startWorker({ pool, tasks, deadAfterSeconds: DEAD_AFTER_SECONDS, log: (level, message) => process.stderr.write(`worker ${level}: ${message}\n`) })))
