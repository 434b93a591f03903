// The frame of an integration test file: one database cloned from the template and one service
// built on it (testServiceDeps, mail kept in `mails`), made before the first test and closed after the last.
import { after, before } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Pool } from '../../src/platform/db/pool.ts'
import type { OutgoingMail } from '../../src/platform/mail/mailer.ts'
import { createService, type ServiceDeps } from '../../src/service.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'
import { testServiceDeps } from './sign-in.ts'

export type IntegrationSuite = {
  /** The service of this file, built before its first test. */
  readonly app: FastifyInstance
  /** The pool of this file's database. */
  readonly pool: Pool
  readonly database: TestDatabase
  /** The mail the service has sent. */
  readonly mails: OutgoingMail[]
}

/** Call once at the top of a test file: registers the hooks that make and drop the database and the service. */
export function integrationSuite(overrides: Partial<ServiceDeps> = {}): IntegrationSuite {
  let database: TestDatabase | undefined
  let app: FastifyInstance | undefined
  let mails: OutgoingMail[] | undefined
  before(async () => {
    database = await createTestDatabase()
    const deps = testServiceDeps(database.pool, overrides)
    mails = deps.mails
    app = await createService(deps)
  })
  after(async () => {
    await app?.close()
    await database?.drop()
  })
  const notStarted = (): never => {
    throw new Error('la base de test n’est pas prête : integrationSuite() doit être appelé au niveau du fichier')
  }
  return {
    get app() {
      return app ?? notStarted()
    },
    get pool() {
      return (database ?? notStarted()).pool
    },
    get database() {
      return database ?? notStarted()
    },
    get mails() {
      return mails ?? notStarted()
    },
  }
}
