// Each test file gets its own database, cloned from the migrated template made by run-tests.ts.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createPool, type Pool } from '../../src/platform/db/pool.ts'

export type TestDatabase = { pool: Pool; url: string; drop(): Promise<void> }

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL
  const template = process.env.TEST_TEMPLATE_DATABASE
  if (!adminUrl || !template) throw new Error('Lancez les tests avec « npm test » : il démarre PostgreSQL et prépare la base de test.')
  const name = `invalidite_test_${randomBytes(6).toString('hex')}`
  await adminQuery(adminUrl, `create database ${name} template ${template}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const pool = createPool(url.href, 10)
  return {
    pool,
    url: url.href,
    drop: async () => {
      await pool.end()
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
    },
  }
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
