// The job 'generate-cerfa': a demande sent through the app gets its Cerfa reconstitué from the job
// queue (never in the request), stored as the assuré's file, recorded on the demande and planned
// for the GED with each attachment, in one transaction; run again, it changes nothing.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Logger, runOnce } from 'graphile-worker'
import { extractText, getDocumentProxy } from 'unpdf'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { signInAs, testServiceDeps } from '../support/sign-in.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import { BASE, countRows, forms, onlyDemandeOf, postForm, salariePath, storedFilesOf, upload, walk } from '../support/demarche.ts'
import { createService, createTaskList } from '../../src/service.ts'
import { generateCerfa } from '../../src/documents/cerfa/generate-cerfa-job.ts'

const NOW = new Date('2025-12-31T23:30:00Z')

let database: TestDatabase
let app: FastifyInstance
let avis: Buffer
const deps = () => testServiceDeps(database.pool, { now: () => NOW })

before(async () => {
  database = await createTestDatabase()
  app = await createService(deps())
  avis = await pdfAvisImposition()
})

after(async () => {
  await app.close()
  await database.drop()
})

/** A salariée of a foreign country sends her demande through the app: avis in 2 pages, titre de séjour. */
async function sentDemande(): Promise<{ assureId: string; demandeId: string; numero: string }> {
  const user = await signInAs(app, database.pool)
  await walk(app, user, [salariePath[0]!, ['coordonnees', forms.etrangere, 'situation-professionnelle'], ...salariePath.slice(2)])
  const pages = [{ filename: 'avis-impôt-page-1.pdf', contentType: 'application/pdf', bytes: avis }, { filename: 'avis-impôt-page-2.pdf', contentType: 'application/pdf', bytes: avis }]
  assert.equal((await upload(app, user, 'avis-imposition', pages)).statusCode, 303)
  assert.equal((await upload(app, user, 'titre-sejour', [{ filename: 'titre-de-séjour.png', contentType: 'image/png', bytes: pngImage() }])).statusCode, 303)
  assert.equal((await postForm(app, user, `${BASE}/envoyer`, {})).statusCode, 303)
  const demande = await onlyDemandeOf(database.pool, user.assureId)
  return { assureId: user.assureId, demandeId: demande.id, numero: demande.numero! }
}

/** The queue's worker, with only this job's task: the GED deposits it plans stay queued. */
async function runCerfaJobs(): Promise<void> {
  const task = createTaskList(deps())['generate-cerfa']
  assert.ok(task, "'generate-cerfa' is registered in the service's task list")
  // A job added a moment ago may be missed by one pass of the queue on a loaded machine: a few
  // passes, and any failure of the job itself is reported below.
  for (let pass = 0; pass < 3; pass++) {
    await runOnce({ pgPool: database.pool, taskList: { 'generate-cerfa': task }, logger: new Logger(() => () => {}) })
    const left = await countRows(database.pool, `select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'generate-cerfa' and j.last_error is null`, [])
    if (left === 0) break
  }
  const { rows } = await database.pool.query<{ last_error: string }>(
    `select j.last_error from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'generate-cerfa' and j.last_error is not null`,
  )
  assert.deepEqual(rows.map((row) => row.last_error), [], 'no Cerfa job failed')
}

async function queued(task: string, payloadKey: string, value: string): Promise<number> {
  return countRows(
    database.pool,
    `select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = $1 and j.payload->>$2 = $3`,
    [task, payloadKey, value],
  )
}

async function cerfaOf(demandeId: string): Promise<{ cerfaFileId: string | null; files: number; deposits: number }> {
  const { rows } = await database.pool.query<{ cerfaFileId: string | null }>('select cerfa_file_id as "cerfaFileId" from demande where id = $1', [demandeId])
  return {
    cerfaFileId: rows[0]!.cerfaFileId,
    files: await countRows(database.pool, `select 1 from stored_file f join demande d on d.assure_id = f.owner_assure_id where d.id = $1 and f.display_name like 'cerfa-S4150-%'`, [demandeId]),
    deposits: await countRows(database.pool, 'select 1 from ged_deposit where demande_id = $1', [demandeId]),
  }
}

describe('documents: the Cerfa reconstitué job', () => {
  it('writes the Cerfa from the queue, not in the request, with every answer', async () => {
    const { assureId, demandeId, numero } = await sentDemande()
    assert.deepEqual(await cerfaOf(demandeId), { cerfaFileId: null, files: 0, deposits: 0 }, 'the request only queues the job')
    assert.equal(await queued('generate-cerfa', 'demandeId', demandeId), 1)

    await runCerfaJobs()
    assert.equal(await queued('generate-cerfa', 'demandeId', demandeId), 0, 'the job is done')
    const { cerfaFileId } = await cerfaOf(demandeId)
    assert.ok(cerfaFileId)
    const { rows: [file] } = await database.pool.query<{ owner_assure_id: string; media_type: string; display_name: string; sha256: string; byte_size: number; content: Buffer }>(
      'select owner_assure_id, media_type, display_name, sha256, byte_size, content from stored_file where id = $1', [cerfaFileId],
    )
    assert.deepEqual(
      { owner: file!.owner_assure_id, mediaType: file!.media_type, displayName: file!.display_name, byteSize: file!.byte_size, sha256: file!.sha256 },
      { owner: assureId, mediaType: 'application/pdf', displayName: `cerfa-S4150-${numero}.pdf`, byteSize: file!.content.length, sha256: createHash('sha256').update(file!.content).digest('hex') },
    )

    const { text } = await extractText(await getDocumentProxy(new Uint8Array(file!.content)), { mergePages: true })
    const flat = text.replace(/\s+/g, ' ')
    for (const expected of [
      numero, '1er janvier 2026 à 00 h 30', 'Téléservice — ordinateur', "Caisse régionale d'assurance maladie d'Île-de-France (CRAMIF)",
      '2 78 04 75 113 047 89', 'Lefèvre', 'Sophie Anne', '12 avril 1978', '14 rue Gabriel Péri', '93200 Saint-Denis',
      "D'un autre pays", '7501234567', 'Salarié(e)', 'Boulangerie du Canal', '3 quai de Seine, 93200 Saint-Denis', '73282932000074',
      '1er septembre 2015', '12 février 2025', 'avis-impôt-page-1.pdf', 'avis-impôt-page-2.pdf', 'titre-de-séjour.png',
    ]) assert.ok(flat.includes(expected), `« ${expected} » absent du Cerfa`)
  })

  it('plans the deposit in the GED of the Cerfa and of each attachment, with the Cerfa', async () => {
    const { demandeId } = await sentDemande()
    await runCerfaJobs()
    const { cerfaFileId } = await cerfaOf(demandeId)
    const { rows: attachments } = await database.pool.query<{ kind: string; file_id: string }>(
      'select kind, file_id from demande_document where demande_id = $1 order by created_at, id', [demandeId],
    )
    assert.equal(attachments.length, 3)
    const { rows: deposits } = await database.pool.query<{ id: string; document_type: string; file_id: string; state: string }>(
      'select id, document_type, file_id, state from ged_deposit where demande_id = $1', [demandeId],
    )
    const byFile = <T extends { file_id: string }>(rows: T[]): T[] => [...rows].sort((a, b) => a.file_id.localeCompare(b.file_id))
    assert.deepEqual(
      byFile(deposits).map(({ document_type, file_id, state }) => ({ document_type, file_id, state })),
      byFile([
        { document_type: 'demande-pension-invalidite', file_id: cerfaFileId! },
        ...attachments.map((attachment) => ({ document_type: attachment.kind, file_id: attachment.file_id })),
      ]).map((deposit) => ({ ...deposit, state: 'en_attente' })),
    )
    for (const deposit of deposits) assert.equal(await queued('deposit-in-ged', 'depositId', deposit.id), 1, 'one delivery job per deposit')
  })

  it('leaves one Cerfa and one set of deposits when the job runs twice, in turn or at once', async () => {
    const { assureId, demandeId } = await sentDemande()
    await runCerfaJobs()
    const first = await cerfaOf(demandeId)
    const files = await storedFilesOf(database.pool, assureId)
    await generateCerfa(database.pool, demandeId)
    assert.deepEqual(await cerfaOf(demandeId), first)
    assert.deepEqual(await storedFilesOf(database.pool, assureId), files)

    const other = await sentDemande()
    await Promise.all([generateCerfa(database.pool, other.demandeId), generateCerfa(database.pool, other.demandeId)])
    const once = await cerfaOf(other.demandeId)
    assert.ok(once.cerfaFileId)
    assert.deepEqual({ files: once.files, deposits: once.deposits }, { files: 1, deposits: 4 })
  })

  it('fails, changing nothing, for a demande that was not sent', async () => {
    await assert.rejects(generateCerfa(database.pool, randomUUID()), /no submitted demande/)
    const user = await signInAs(app, database.pool)
    await walk(app, user, salariePath.slice(0, 2))
    const draft = await onlyDemandeOf(database.pool, user.assureId)
    await assert.rejects(generateCerfa(database.pool, draft.id), /no submitted demande/)
    assert.deepEqual(await cerfaOf(draft.id), { cerfaFileId: null, files: 0, deposits: 0 })
  })
})
