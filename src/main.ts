// `npm start`: the whole service on embedded defaults (its own PostgreSQL, the demo identity
// provider, e-mail to files), or on external services given by configuration.
import './platform/memory-settings.ts'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { readConfigOrExit } from './platform/config.ts'
import { openDatabase } from './platform/db/open-database.ts'
import { migrate } from './platform/db/migrate.ts'
import { createMailer } from './platform/mail/mailer.ts'
import { startWorker } from './platform/jobs/worker.ts'
import { createRelyingParties, demoClients, demoOidcClients } from './identity/relying-parties.ts'
import { demoAccounts, DEMO_PASSWORD } from './identity/demo-provider/accounts.ts'
import { createService, createTaskList, CRONTAB } from './service.ts'
import { createGedAdapter } from './documents/ged/create-ged-adapter.ts'

const config = readConfigOrExit()

mkdirSync(config.dataDir, { recursive: true })
const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`
const database = await openDatabase(config)
await migrate(database.pool)

const closers: Array<() => Promise<void>> = []
let oidc = config.oidc
if (!oidc) {
  // Loaded only when it runs: with an external provider, the service does not carry it (≈ 45 MB).
  const { startDemoProvider } = await import('./identity/demo-provider/provider.ts')
  const secrets = { assure: persistentSecret(config.dataDir, 'demo-idp-client-secret'), agent: persistentSecret(config.dataDir, 'demo-idp-agent-client-secret') }
  const provider = await startDemoProvider({
    host: config.host,
    port: config.demoIdpPort,
    issuer: config.demoIdpPort === 0 ? undefined : `http://localhost:${config.demoIdpPort}`,
    stylesheetHref: `${publicUrl}/assets/app.css`,
    clients: demoClients(publicUrl, secrets),
  })
  closers.push(provider.close)
  oidc = demoOidcClients(provider.issuer, secrets)
}

const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailDir: join(config.dataDir, 'mail') })
const deps = {
  pool: database.pool,
  mailer,
  publicUrl,
  ...createRelyingParties(publicUrl, oidc, config.apiClientIds),
  sessionSecret: config.sessionSecret ?? persistentSecret(config.dataDir, 'session-secret'),
  sessionIdleMinutes: config.sessionIdleMinutes,
  kiosk: config.kiosk,
  logLevel: config.logLevel,
  now: () => new Date(),
}
const app = await createService(deps)
const worker = config.worker === 'embedded'
  ? await startWorker({ pool: database.pool, tasks: createTaskList({ ...deps, ged: createGedAdapter(config.ged), draftRetentionDays: config.draftRetentionDays, fileRetentionAfterGedDays: config.fileRetentionAfterGedDays }), crontab: CRONTAB, concurrency: config.workerConcurrency, log: (level, message) => app.log[level](message) })
  : undefined
await app.listen({ host: config.host, port: config.port })

console.log(`\nInvalidité en ligne est prêt : ${publicUrl}  (espace agents : ${publicUrl}/agent)`)
console.log(`Base de données : ${database.embedded ? `PostgreSQL embarqué (${join(config.dataDir, 'pg')})` : 'DATABASE_URL'}`)
if (!config.oidc) {
  console.log(`Fournisseur d'identité de démonstration : ${oidc.assure.issuer} — mot de passe de tous les comptes : « ${DEMO_PASSWORD} »`)
  for (const account of demoAccounts) console.log(`  ${account.login.padEnd(19)} ${account.persona}`)
}
if (!config.smtpUrl) console.log(`Courriels écrits dans ${join(config.dataDir, 'mail')}`)
if (config.ged.adapter === 'hot-folder') console.log(`Dépôts en GED dans le dossier ${config.ged.dir}`)

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  app.log.info({ signal }, 'arrêt en cours')
  await app.close()
  await worker?.stop()
  for (const close of closers) await close()
  mailer.close()
  await database.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

function persistentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name)
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
  return readFileSync(file, 'utf8').trim()
}
