// The deposits of a demande: planned with its Cerfa (one row and one job per document, never
// twice), delivered by the job with the index the GED files them by, and a job that runs again
// finding the work done.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TaskList } from 'graphile-worker'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { signInAs, testServiceDeps } from '../support/sign-in.ts'
import { BASE, onlyDemandeOf, postForm, salariePath, upload, walk } from '../support/demarche.ts'
import { createService, createTaskList } from '../../src/service.ts'
import { createReceivedDemande, depositsOf, gedJobs, runDueJobs, storeFile, visibleFiles } from '../support/ged.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'
import { scheduleGedDeposits } from '../../src/documents/ged/schedule-deposits.ts'
import { createDepositInGedTask, depositInGed } from '../../src/documents/ged/deposit-job.ts'
import { createHotFolderAdapter } from '../../src/documents/ged/hot-folder-adapter.ts'
import type { GedAdapter, GedDocument } from '../../src/documents/ged/ged-port.ts'
import { GED_DEPOSIT_MAX_ATTEMPTS } from '../../src/documents/ged/retry-schedule.ts'
import { checkOrphanDeposits } from '../../src/documents/ged/orphan-deposits.ts'

let database: TestDatabase
let gedDir: string
let tasks: TaskList

before(async () => {
  database = await createTestDatabase()
  gedDir = await mkdtemp(join(tmpdir(), 'invalidite-ged-'))
  tasks = { 'deposit-in-ged': createDepositInGedTask({ pool: database.pool, adapter: createHotFolderAdapter({ dir: gedDir }) }) }
})

after(async () => {
  await database.drop()
  await rm(gedDir, { recursive: true, force: true })
})

function schedule(demandeId: string): Promise<void> {
  return withTransaction(database.pool, (tx) => scheduleGedDeposits(tx, demandeId))
}

async function jobsOfDemande(demandeId: string) {
  const ids = new Set((await depositsOf(database.pool, demandeId)).map((deposit) => deposit.id))
  return (await gedJobs(database.pool)).filter((job) => ids.has(job.payload.depositId))
}

describe('scheduleGedDeposits', () => {
  it('plans the Cerfa and each justificatif, each with its type, a stable key and one job', async () => {
    const demande = await createReceivedDemande(database.pool, { kinds: ['avis-imposition', 'titre-sejour'] })
    await schedule(demande.demandeId)

    const deposits = await depositsOf(database.pool, demande.demandeId)
    const expected = [
      { type: 'avis-imposition', fileId: demande.files['avis-imposition']! },
      { type: 'demande-pension-invalidite', fileId: demande.cerfaFileId! },
      { type: 'titre-sejour', fileId: demande.files['titre-sejour']! },
    ]
    assert.deepEqual(
      deposits.map((d) => ({ key: d.deposit_key, type: d.document_type, fileId: d.file_id, state: d.state, attempts: d.attempts })),
      expected.map(({ type, fileId }) => ({ key: `${demande.numero}-${type}-${fileId}`, type, fileId, state: 'en_attente', attempts: 0 })),
    )
    const jobs = await jobsOfDemande(demande.demandeId)
    assert.deepEqual(
      jobs.map((job) => ({ key: job.key, maxAttempts: job.max_attempts })).sort((a, b) => a.key!.localeCompare(b.key!)),
      deposits.map((d) => ({ key: `ged:${d.deposit_key}`, maxAttempts: GED_DEPOSIT_MAX_ATTEMPTS })),
    )
  })

  it('plans nothing twice, and only what was added since', async () => {
    const demande = await createReceivedDemande(database.pool)
    await schedule(demande.demandeId)
    await schedule(demande.demandeId)
    assert.equal((await depositsOf(database.pool, demande.demandeId)).length, 2)
    assert.equal((await jobsOfDemande(demande.demandeId)).length, 2)

    const fileId = await storeFile(database.pool, demande.assureId, await pdfAvisImposition(1), 'page 3.pdf')
    await database.pool.query(`insert into demande_document (demande_id, kind, file_id) values ($1, 'avis-imposition', $2)`, [demande.demandeId, fileId])
    await schedule(demande.demandeId)
    assert.equal((await depositsOf(database.pool, demande.demandeId)).length, 3)
    assert.equal((await jobsOfDemande(demande.demandeId)).length, 3)
  })

  it('leaves no row and no job when the transaction that stores the Cerfa rolls back', async () => {
    const demande = await createReceivedDemande(database.pool)
    await assert.rejects(withTransaction(database.pool, async (tx) => {
      await scheduleGedDeposits(tx, demande.demandeId)
      throw new Error('le stockage du Cerfa échoue')
    }))
    assert.deepEqual(await depositsOf(database.pool, demande.demandeId), [])
    assert.deepEqual(await jobsOfDemande(demande.demandeId), [])
  })
})

describe('the deposit job', () => {
  it('delivers each document with its index, and records the reference', async () => {
    const demande = await createReceivedDemande(database.pool)
    await schedule(demande.demandeId)
    await runDueJobs(database.pool, tasks)

    const deposits = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(deposits.map((d) => d.state), ['depose', 'depose'])
    for (const deposit of deposits) {
      assert.equal(deposit.ged_reference, `${deposit.deposit_key}.pdf`)
      assert.ok(deposit.deposited_at)
      const { rows } = await database.pool.query<{ content: Buffer }>('select content from stored_file where id = $1', [deposit.file_id])
      const content = await readFile(join(gedDir, `${deposit.deposit_key}.pdf`))
      assert.deepEqual(content, rows[0]!.content)
      assert.deepEqual(JSON.parse(await readFile(join(gedDir, `${deposit.deposit_key}.json`), 'utf8')), {
        type: deposit.document_type,
        nir: '278047511304789',
        nom: 'Lefèvre',
        prenom: 'Sophie Anne',
        dateNaissance: '1978-04-12',
        organismeDestinataire: { code: 'CRAMIF', nom: "Caisse régionale d'assurance maladie d'Île-de-France" },
        dateReception: '2026-04-01', // RECEIVED_AT is still 31 March in UTC
        numeroDemande: demande.numero,
        checksum: createHash('sha256').update(content).digest('hex'),
        fileName: `${deposit.deposit_key}.pdf`,
        mediaType: 'application/pdf',
      })
    }
    assert.deepEqual(await jobsOfDemande(demande.demandeId), [])
    assert.ok((await visibleFiles(gedDir)).every((name) => !name.includes('Lef')), "never the user's file name")
  })

  it('finds a deposit already made and calls the GED no more', async () => {
    const demande = await createReceivedDemande(database.pool, { kinds: [] })
    await schedule(demande.demandeId)
    await runDueJobs(database.pool, tasks)
    const [deposit] = await depositsOf(database.pool, demande.demandeId)
    const calls: GedDocument[] = []
    const spy: GedAdapter = { deposit: async (document) => (calls.push(document), { reference: 'autre' }) }

    const outcome = await depositInGed({ pool: database.pool, adapter: spy }, deposit!.id, { attempts: 1, max_attempts: GED_DEPOSIT_MAX_ATTEMPTS })
    assert.equal(outcome.result, 'deja-traite')
    assert.deepEqual(calls, [])
    assert.equal((await depositsOf(database.pool, demande.demandeId))[0]!.ged_reference, deposit!.ged_reference)
  })

  it('puts a demande whose data make no valid index in the dead letter at once, with a code and no personal data', async () => {
    const demande = await createReceivedDemande(database.pool, { kinds: [], organismeCode: 'INCONNU' })
    await schedule(demande.demandeId)
    await runDueJobs(database.pool, tasks)
    const [deposit] = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual({ state: deposit!.state, attempts: deposit!.attempts, error: deposit!.last_error }, { state: 'echec', attempts: 1, error: 'index-invalide' })
    assert.deepEqual(await jobsOfDemande(demande.demandeId), [])
  })
})

describe('from the submission to the GED', () => {
  it("delivers the Cerfa reconstitué and the avis d'imposition of a demande sent through the app", async () => {
    const deps = testServiceDeps(database.pool)
    const app = await createService(deps)
    try {
      const user = await signInAs(app, database.pool)
      await walk(app, user, salariePath)
      const avis = await pdfAvisImposition()
      assert.equal((await upload(app, user, 'avis-imposition', [{ filename: 'avis-impôt.pdf', contentType: 'application/pdf', bytes: avis }])).statusCode, 303)
      assert.equal((await postForm(app, user, `${BASE}/envoyer`, {})).statusCode, 303)
      const demande = await onlyDemandeOf(database.pool, user.assureId)

      await runDueJobs(database.pool, createTaskList({ ...deps, ged: createHotFolderAdapter({ dir: gedDir }) }))

      const deposits = await depositsOf(database.pool, demande.id)
      assert.deepEqual(deposits.map((d) => [d.document_type, d.state]), [['avis-imposition', 'depose'], ['demande-pension-invalidite', 'depose']])
      assert.deepEqual(await readFile(join(gedDir, `${deposits[0]!.deposit_key}.pdf`)), avis)
      const cerfaIndex = JSON.parse(await readFile(join(gedDir, `${deposits[1]!.deposit_key}.json`), 'utf8'))
      assert.deepEqual([cerfaIndex.type, cerfaIndex.numeroDemande, cerfaIndex.organismeDestinataire.code], ['demande-pension-invalidite', demande.numero, 'CRAMIF'])
    } finally {
      await app.close()
    }
  })
})

describe('the hourly check of deposits left without a job', () => {
  it('gives a job back to a deposit whose job vanished, and dead-letters one whose job ran out of attempts', async () => {
    const demande = await createReceivedDemande(database.pool, { kinds: ['avis-imposition', 'titre-sejour'] })
    await schedule(demande.demandeId)
    const [lost, exhausted, fresh] = await depositsOf(database.pool, demande.demandeId)
    await database.pool.query(`delete from graphile_worker._private_jobs where key = $1`, [`ged:${lost!.deposit_key}`])
    await database.pool.query(`update graphile_worker._private_jobs set attempts = max_attempts where key = $1`, [`ged:${exhausted!.deposit_key}`])
    await database.pool.query(`update ged_deposit set updated_at = now() - interval '2 hours' where id = any($1)`, [[lost!.id, exhausted!.id]])

    assert.deepEqual(await checkOrphanDeposits(database.pool), { requeued: 1, deadLettered: 1 })
    const jobs = await jobsOfDemande(demande.demandeId)
    assert.ok(jobs.some((job) => job.key === `ged:${lost!.deposit_key}` && job.attempts === 0), 'the lost deposit has a job again')
    const states = Object.fromEntries((await depositsOf(database.pool, demande.demandeId)).map((d) => [d.id, d.state]))
    assert.deepEqual([states[lost!.id], states[exhausted!.id], states[fresh!.id]], ['en_attente', 'echec', 'en_attente'])
    assert.deepEqual(await checkOrphanDeposits(database.pool), { requeued: 0, deadLettered: 0 }, 'nothing more to do')
  })
})
