// A worker killed (SIGKILL) between any two steps of a deposit: the job is locked by a dead worker
// until graphile-worker frees it (after 4 hours, moved forward here), then runs again. The GED ends
// with exactly one copy of each document, the rows 'depose', no temporary file; killed after the
// database record, nothing is redone.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TaskList } from 'graphile-worker'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import {
  createReceivedDemande, depositsOf, GED_TOKEN, gedJobs, runDueJobs, startGedServerProcess, temporaryFiles, visibleFiles, type DepositRow,
  type GedServerProcess,
} from '../support/ged.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'
import { scheduleGedDeposits } from '../../src/documents/ged/schedule-deposits.ts'
import { createDepositInGedTask } from '../../src/documents/ged/deposit-job.ts'
import { createHotFolderAdapter } from '../../src/documents/ged/hot-folder-adapter.ts'
import { createHttpGedAdapter } from '../../src/documents/ged/http-adapter.ts'

const CHILD = fileURLToPath(new URL('../support/ged-deposit-child.ts', import.meta.url))

let database: TestDatabase
let server: GedServerProcess
let serverDir: string
const dirs: string[] = []

before(async () => {
  database = await createTestDatabase()
  serverDir = await mkdtemp(join(tmpdir(), 'invalidite-ged-server-'))
  server = await startGedServerProcess(serverDir)
})

after(async () => {
  await server.stop()
  await database.drop()
  for (const dir of [serverDir, ...dirs]) await rm(dir, { recursive: true, force: true })
})

/** A worker process that stops at `step` of the first deposit it runs, killed there. */
async function killWorkerAt(step: string, target: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [CHILD], {
    env: { ...process.env, DATABASE_URL: database.url, GED_CRASH_AT: step, ...target },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
  const said = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', resolve)
    child.once('exit', () => resolve('(sortie)'))
  })
  assert.equal(said, `arrêté à ${step}`)
  child.kill('SIGKILL')
  assert.equal(await exited, 'SIGKILL')
}

/** graphile-worker frees the jobs of a dead worker once their lock is 4 hours old. */
async function fourHoursLater(): Promise<void> {
  await database.pool.query(`update graphile_worker._private_jobs set locked_at = now() - interval '5 hours' where locked_at is not null`)
}

async function scheduledDemande() {
  const demande = await createReceivedDemande(database.pool)
  await withTransaction(database.pool, (tx) => scheduleGedDeposits(tx, demande.demandeId))
  return demande
}

async function assertDepositedOnce(dir: string, deposits: DepositRow[], recordName: (key: string) => string): Promise<void> {
  assert.deepEqual(deposits.map((d) => d.state), ['depose', 'depose'])
  const expected = deposits.flatMap((d) => [`${d.deposit_key}.pdf`, recordName(d.deposit_key)]).sort()
  assert.deepEqual((await visibleFiles(dir)).filter((name) => deposits.some((d) => name.startsWith(d.deposit_key))), expected)
  for (const deposit of deposits) {
    const { rows } = await database.pool.query<{ content: Buffer }>('select content from stored_file where id = $1', [deposit.file_id])
    assert.deepEqual(await readFile(join(dir, `${deposit.deposit_key}.pdf`)), rows[0]!.content)
  }
  assert.deepEqual(await temporaryFiles(dir), [])
  const ids = new Set(deposits.map((d) => d.id))
  assert.deepEqual((await gedJobs(database.pool)).filter((job) => ids.has(job.payload.depositId)), [])
}

/** Which file each name is, and when it was last written: a file written again changes both. */
async function filesIdentity(dir: string, names: string[]): Promise<Record<string, readonly [number, number]>> {
  const entries = await Promise.all(names.map(async (name) => {
    const { ino, mtimeMs } = await stat(join(dir, name))
    return [name, [ino, mtimeMs]] as const
  }))
  return Object.fromEntries(entries)
}

describe('a crash mid-deposit in the hot folder', () => {
  async function hotFolder(): Promise<{ dir: string; tasks: TaskList }> {
    const dir = await mkdtemp(join(tmpdir(), 'invalidite-ged-'))
    dirs.push(dir)
    return { dir, tasks: { 'deposit-in-ged': createDepositInGedTask({ pool: database.pool, adapter: createHotFolderAdapter({ dir }) }) } }
  }

  for (const step of ['document-temp', 'document', 'journal', 'index-temp', 'index', 'delivered']) {
    it(`killed at « ${step} », the deposit runs again: one copy of each document`, async () => {
      const { dir, tasks } = await hotFolder()
      const demande = await scheduledDemande()
      await killWorkerAt(step, { GED_DIR: dir })
      assert.ok((await depositsOf(database.pool, demande.demandeId)).every((d) => d.state === 'en_attente'))
      // Once an index is visible the GED may have taken its document: writing it again would be a second delivery.
      const indexesSeen = await filesIdentity(dir, (await visibleFiles(dir)).filter((name) => name.endsWith('.json')))

      await fourHoursLater()
      await runDueJobs(database.pool, tasks)
      const deposits = await depositsOf(database.pool, demande.demandeId)
      await assertDepositedOnce(dir, deposits, (key) => `${key}.json`)
      assert.deepEqual(await filesIdentity(dir, Object.keys(indexesSeen)), indexesSeen)
      for (const deposit of deposits) {
        const index = JSON.parse(await readFile(join(dir, `${deposit.deposit_key}.json`), 'utf8'))
        assert.equal(index.checksum, createHash('sha256').update(await readFile(join(dir, `${deposit.deposit_key}.pdf`))).digest('hex'))
      }
    })
  }

  it('killed once the index is written, after the GED took the files: nothing is written again', async () => {
    const { dir, tasks } = await hotFolder()
    const demande = await scheduledDemande()
    await killWorkerAt('index', { GED_DIR: dir })
    const taken = await visibleFiles(dir)
    assert.equal(taken.length, 2)
    for (const name of taken) await unlink(join(dir, name))

    await fourHoursLater()
    await runDueJobs(database.pool, tasks)
    const deposits = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(deposits.map((d) => d.state), ['depose', 'depose'])
    assert.equal((await visibleFiles(dir)).length, 2, 'only the other document, delivered after the restart')
    assert.ok(!(await visibleFiles(dir)).some((name) => taken.includes(name)))
  })

  it('killed after the database recorded the deposit: nothing is redone', async () => {
    const { dir, tasks } = await hotFolder()
    const demande = await scheduledDemande()
    await killWorkerAt('recorded', { GED_DIR: dir })
    const [done] = (await depositsOf(database.pool, demande.demandeId)).filter((d) => d.state === 'depose')
    assert.ok(done, 'one deposit recorded before the kill')
    const before = await filesIdentity(dir, [`${done.deposit_key}.pdf`, `${done.deposit_key}.json`])

    await fourHoursLater()
    await runDueJobs(database.pool, tasks)
    const deposits = await depositsOf(database.pool, demande.demandeId)
    await assertDepositedOnce(dir, deposits, (key) => `${key}.json`)
    const again = deposits.find((d) => d.id === done.id)!
    assert.deepEqual([again.ged_reference, again.deposited_at], [done.ged_reference, done.deposited_at])
    assert.deepEqual(await filesIdentity(dir, Object.keys(before)), before)
  })
})

describe('a crash mid-deposit over HTTP', () => {
  it('killed after the service stored the document, before the database knew: the service keeps one copy and gives the same reference', async () => {
    const tasks = { 'deposit-in-ged': createDepositInGedTask({ pool: database.pool, adapter: createHttpGedAdapter({ url: server.url, token: GED_TOKEN }) }) }
    const demande = await scheduledDemande()
    await killWorkerAt('delivered', { GED_URL: server.url, GED_TOKEN })
    const stored = (await visibleFiles(serverDir)).filter((name) => name.startsWith(demande.numero) && name.endsWith('.json'))
    assert.equal(stored.length, 1, 'the service has the first document')
    const firstReference = JSON.parse(await readFile(join(serverDir, stored[0]!), 'utf8')).reference

    await fourHoursLater()
    await runDueJobs(database.pool, tasks)
    const deposits = await depositsOf(database.pool, demande.demandeId)
    await assertDepositedOnce(serverDir, deposits, (key) => `${key}.json`)
    assert.ok(deposits.some((d) => d.ged_reference === firstReference))
    for (const deposit of deposits) {
      assert.equal(deposit.ged_reference, JSON.parse(await readFile(join(serverDir, `${deposit.deposit_key}.json`), 'utf8')).reference)
    }
  })
})
