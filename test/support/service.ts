// A whole service for a test: its own database, the demo identity provider and the web app on
// free ports, the job worker, e-mail collected in memory, the GED's hot folder in a temporary folder.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Runner } from 'graphile-worker'
import { createTestDatabase, type TestDatabase } from './database.ts'
import { startDemoProvider } from '../../src/identity/demo-provider/provider.ts'
import { createRelyingParties, demoClients, demoOidcClients } from '../../src/identity/relying-parties.ts'
import { startWorker } from '../../src/platform/jobs/worker.ts'
import type { Mailer, OutgoingMail } from '../../src/platform/mail/mailer.ts'
import { createService, createTaskList } from '../../src/service.ts'
import { createHotFolderAdapter } from '../../src/documents/ged/hot-folder-adapter.ts'
import { freePort } from './free-port.ts'
import { TEST_SESSION_SECRET } from './sign-in.ts'
import type { KioskSettings } from '../../src/platform/web/kiosk.ts'

export const TEST_CLIENT_SECRETS = { assure: 'test-secret', agent: 'test-agent-secret' }

export type TestService = {
  baseUrl: string
  app: FastifyInstance
  database: TestDatabase
  mails: OutgoingMail[]
  gedDir: string
  close(): Promise<void>
}

/** `database`: one the test made itself (e.g. on its own PostgreSQL server) instead of a clone of the template. */
export type TestServiceOptions = { worker?: boolean; kiosk?: KioskSettings; database?: TestDatabase }

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const database = options.database ?? await createTestDatabase()
  const [port, idpPort] = [await freePort(), await freePort()]
  const baseUrl = `http://127.0.0.1:${port}`
  const provider = await startDemoProvider({
    host: '127.0.0.1',
    port: idpPort,
    issuer: `http://127.0.0.1:${idpPort}`,
    stylesheetHref: `${baseUrl}/assets/app.css`,
    clients: demoClients(baseUrl, TEST_CLIENT_SECRETS),
  })
  const mails: OutgoingMail[] = []
  const mailer: Mailer = { send: async (mail) => void mails.push(mail), close: () => {} }
  const deps = {
    pool: database.pool,
    mailer,
    publicUrl: baseUrl,
    ...createRelyingParties(baseUrl, demoOidcClients(provider.issuer, TEST_CLIENT_SECRETS)),
    sessionSecret: TEST_SESSION_SECRET,
    sessionIdleMinutes: 30,
    kiosk: options.kiosk,
    logLevel: 'warn',
    now: () => new Date(),
  }
  const gedDir = await mkdtemp(join(tmpdir(), 'invalidite-test-ged-'))
  const app = await createService(deps)
  await app.listen({ host: '127.0.0.1', port })
  let worker: Runner | undefined
  if (options.worker !== false) worker = await startWorker({ pool: database.pool, tasks: createTaskList({ ...deps, ged: createHotFolderAdapter({ dir: gedDir }) }), log: () => {} })
  return {
    baseUrl,
    app,
    database,
    mails,
    gedDir,
    close: async () => {
      await app.close()
      await worker?.stop()
      await provider.close()
      await database.drop()
      await rm(gedDir, { recursive: true, force: true })
    },
  }
}
