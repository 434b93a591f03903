// `npm run worker`: the job worker alone, for deployments that run it apart from the web
// instances (WORKER=off on those). It needs the shared database: DATABASE_URL.
import './platform/memory-settings.ts'
import { join } from 'node:path'
import { readConfigOrExit } from './platform/config.ts'
import { createPool } from './platform/db/pool.ts'
import { migrate } from './platform/db/migrate.ts'
import { createMailer } from './platform/mail/mailer.ts'
import { startWorker } from './platform/jobs/worker.ts'
import { createTaskList, CRONTAB } from './service.ts'
import { createGedAdapter } from './documents/ged/create-ged-adapter.ts'

const config = readConfigOrExit()
if (!config.databaseUrl) {
  console.error('Le worker seul a besoin de la base partagée : donnez DATABASE_URL (la base embarquée appartient au processus « npm start »).')
  process.exit(1)
}
// A connection for each job running, and a few for the queue itself (fetching, recording the ends).
const pool = createPool(config.databaseUrl, Math.max(10, config.workerConcurrency + 4))
await migrate(pool)
const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailDir: join(config.dataDir, 'mail') })
const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`
const worker = await startWorker({
  pool,
  tasks: createTaskList({ pool, mailer, publicUrl, ged: createGedAdapter(config.ged), draftRetentionDays: config.draftRetentionDays, fileRetentionAfterGedDays: config.fileRetentionAfterGedDays }),
  crontab: CRONTAB,
  concurrency: config.workerConcurrency,
  log: (level, message) => console.error(JSON.stringify({ level, msg: message, time: Date.now() })),
})
console.log('Worker démarré.')
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await worker.stop()
    mailer.close()
    await pool.end()
    process.exit(0)
  })
}
