// The job that makes the Cerfa reconstitué delivers it, and every justificatif, to the GED right
// after it committed: no job per document on the way, exactly one copy of each in the GED, and
// what the GED does not take then goes to a deposit job of its own, which delivers it later.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TaskList } from 'graphile-worker'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { testServiceDeps } from '../support/sign-in.ts'
import { createReceivedDemande, depositsOf, gedJobs, runDueJobs, temporaryFiles, visibleFiles, type DepositRow } from '../support/ged.ts'
import { createTaskList } from '../../src/service.ts'
import { enqueueJob } from '../../src/platform/jobs/queue.ts'
import { generateCerfa } from '../../src/documents/cerfa/generate-cerfa-job.ts'
import { createHotFolderAdapter } from '../../src/documents/ged/hot-folder-adapter.ts'
import { GedError, type GedAdapter } from '../../src/documents/ged/ged-port.ts'

let database: TestDatabase
const dirs: string[] = []

before(async () => {
  database = await createTestDatabase()
})

after(async () => {
  await database.drop()
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function gedFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'invalidite-ged-'))
  dirs.push(dir)
  return dir
}

function tasksWith(ged: GedAdapter): TaskList {
  return createTaskList({ ...testServiceDeps(database.pool), ged })
}

/** Only the Cerfa job: a deposit job it queued stays in the queue, to be seen. */
function cerfaJobOnly(ged: GedAdapter): TaskList {
  return { 'generate-cerfa': tasksWith(ged)['generate-cerfa']! }
}

/** A demande received with its avis d'imposition and its titre de séjour, its Cerfa still to make, the job queued as the submission queues it. */
async function sentDemande() {
  const demande = await createReceivedDemande(database.pool, { kinds: ['avis-imposition', 'titre-sejour'], cerfa: false })
  await enqueueJob(database.pool, 'generate-cerfa', { demandeId: demande.demandeId }, `cerfa:${demande.demandeId}`)
  return demande
}

async function jobsOf(deposits: DepositRow[]) {
  const ids = new Set(deposits.map((deposit) => deposit.id))
  return (await gedJobs(database.pool)).filter((job) => ids.has(job.payload.depositId))
}

async function assertInGedOnce(dir: string, deposits: DepositRow[]): Promise<void> {
  assert.deepEqual(deposits.map((deposit) => deposit.state), ['depose', 'depose', 'depose'])
  const expected = deposits.flatMap((deposit) => [`${deposit.deposit_key}.json`, deposit.ged_reference!]).sort()
  assert.deepEqual(await visibleFiles(dir), expected)
  for (const deposit of deposits) {
    const { rows } = await database.pool.query<{ content: Buffer }>('select content from stored_file where id = $1', [deposit.file_id])
    assert.deepEqual(await readFile(join(dir, deposit.ged_reference!)), rows[0]!.content)
  }
  assert.deepEqual(await temporaryFiles(dir), [])
}

describe('the Cerfa job delivers the deposits of its demande', () => {
  it('puts the Cerfa and each justificatif in the GED once, with no job per document, and a second run changes nothing', async () => {
    const dir = await gedFolder()
    const ged = createHotFolderAdapter({ dir })
    const demande = await sentDemande()
    await runDueJobs(database.pool, cerfaJobOnly(ged))

    const deposits = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(deposits.map((deposit) => deposit.document_type).sort(), ['avis-imposition', 'demande-pension-invalidite', 'titre-sejour'])
    await assertInGedOnce(dir, deposits)
    assert.deepEqual(await jobsOf(deposits), [], 'no deposit job was needed')

    const written = await Promise.all((await visibleFiles(dir)).map(async (name) => [name, (await stat(join(dir, name))).mtimeMs]))
    await enqueueJob(database.pool, 'generate-cerfa', { demandeId: demande.demandeId }, `cerfa:${demande.demandeId}`)
    await runDueJobs(database.pool, cerfaJobOnly(ged))
    assert.deepEqual(await depositsOf(database.pool, demande.demandeId), deposits)
    assert.deepEqual(await Promise.all((await visibleFiles(dir)).map(async (name) => [name, (await stat(join(dir, name))).mtimeMs])), written, 'nothing written again')
  })

  it('gives each deposit the GED did not take a job of its own, which delivers it later, once', async () => {
    const dir = await gedFolder()
    const hotFolder = createHotFolderAdapter({ dir })
    let calls = 0
    // The GED takes the first document, then is unavailable.
    const flaky: GedAdapter = {
      deposit: async (document) => {
        calls += 1
        if (calls > 1) throw new GedError('ged-indisponible')
        return hotFolder.deposit(document)
      },
    }
    const demande = await sentDemande()
    await runDueJobs(database.pool, cerfaJobOnly(flaky))

    const deposits = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(deposits.map((deposit) => deposit.state), ['depose', 'en_attente', 'en_attente'])
    assert.deepEqual((await jobsOf(deposits)).map((job) => job.key), deposits.slice(1).map((deposit) => `ged:${deposit.deposit_key}`))
    assert.equal((await visibleFiles(dir)).length, 2, 'the first document and its index only')

    await runDueJobs(database.pool, tasksWith(hotFolder))
    await assertInGedOnce(dir, await depositsOf(database.pool, demande.demandeId))
    assert.deepEqual(await jobsOf(deposits), [])
  })

  it('delivers a document the GED took while its adapter failed, once, through its deposit job', async () => {
    const dir = await gedFolder()
    const hotFolder = createHotFolderAdapter({ dir })
    // The document reaches the folder, then the adapter fails (as a connection cut before the answer).
    const lostAnswer: GedAdapter = {
      deposit: async (document) => {
        await hotFolder.deposit(document)
        throw Object.assign(new Error('connexion coupée'), { code: 'ECONNRESET' })
      },
    }
    const demande = await sentDemande()
    await runDueJobs(database.pool, cerfaJobOnly(lostAnswer))
    const deposits = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(deposits.map((deposit) => deposit.state), ['en_attente', 'en_attente', 'en_attente'])
    assert.equal((await jobsOf(deposits)).length, 3)

    await runDueJobs(database.pool, tasksWith(hotFolder))
    await assertInGedOnce(dir, await depositsOf(database.pool, demande.demandeId))
  })

  it('run again after the Cerfa committed and before the deposits were delivered (the worker killed), delivers them', async () => {
    const dir = await gedFolder()
    const demande = await sentDemande()
    await generateCerfa(database.pool, demande.demandeId, { queueDeposits: false })
    const planned = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(planned.map((deposit) => deposit.state), ['en_attente', 'en_attente', 'en_attente'])
    assert.deepEqual(await jobsOf(planned), [], 'the Cerfa job, still queued, answers for them')

    await runDueJobs(database.pool, cerfaJobOnly(createHotFolderAdapter({ dir })))
    await assertInGedOnce(dir, await depositsOf(database.pool, demande.demandeId))
    assert.deepEqual(await jobsOf(planned), [])
  })
})
