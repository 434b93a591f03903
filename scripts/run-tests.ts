// `npm test`: every test (unit, integration against a real PostgreSQL, browser journeys).
// PostgreSQL: DATABASE_URL when given (an external server, e.g. Debian's in CI), else the embedded
// server started here in a temporary folder. A migrated template database is made once; each test
// file clones it, so files run in parallel without seeing each other's rows.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '../src/platform/db/embedded-postgres.ts'
import { createPool } from '../src/platform/db/pool.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { freePort } from '../test/support/free-port.ts'

const TEMPLATE = 'invalidite_test_template'
const files = process.argv.slice(2)
const patterns = files.length ? files : ['src/**/*.test.ts', 'test/**/*.test.ts']

let adminUrl = process.env.DATABASE_URL
let stopEmbedded: (() => Promise<void>) | undefined
let dir: string | undefined
if (!adminUrl) {
  dir = mkdtempSync(join(tmpdir(), 'invalidite-test-pg-'))
  const server = await startEmbeddedPostgres({ dir, port: await freePort() })
  adminUrl = server.url('postgres')
  stopEmbedded = server.stop
}

const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
await admin.query(`drop database if exists ${TEMPLATE} with (force)`)
await admin.query(`create database ${TEMPLATE}`)
await admin.end()
const templateUrl = withDatabase(adminUrl, TEMPLATE)
const pool = createPool(templateUrl, 2)
await migrate(pool)
await pool.end()

const code = await new Promise<number>((resolve) => {
  // For a campaign (FUZZ_RUNS=10000 runs a test for many minutes): TEST_TIMEOUT_MS, and
  // TEST_NAME_PATTERN to run only the tests whose name matches.
  const only = process.env.TEST_NAME_PATTERN ? [`--test-name-pattern=${process.env.TEST_NAME_PATTERN}`] : []
  const child = spawn(process.execPath, ['--test', '--test-concurrency=2', `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? 240_000}`, ...only, ...patterns], {
    stdio: 'inherit',
    env: { ...process.env, TEST_ADMIN_DATABASE_URL: adminUrl, TEST_TEMPLATE_DATABASE: TEMPLATE, DATABASE_URL: '' },
  })
  child.on('exit', (status) => resolve(status ?? 1))
})

await stopEmbedded?.()
if (dir) rmSync(dir, { recursive: true, force: true })
process.exit(code)

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.href
}
