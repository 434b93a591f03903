// The network adapter against the deposit service started as its own process: idempotent by key,
// a conflict for other content, a checksum checked on arrival; then the job against a GED that is
// down: retried with backoff until it comes back (one copy at the end), or the dead letter after
// the last attempt, which « Relancer » brings back to a deposit.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TaskList } from 'graphile-worker'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import {
  createReceivedDemande, depositsOf, GED_TOKEN, gedDocument, gedJobs, makeGedUnavailable, runDueJobs, startGedServerProcess, temporaryFiles, visibleFiles,
  type GedServerProcess,
} from '../support/ged.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { freePort } from '../support/free-port.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'
import { createHttpGedAdapter } from '../../src/documents/ged/http-adapter.ts'
import { GedError, type GedDocument, type GedErrorCode } from '../../src/documents/ged/ged-port.ts'
import { createDepositInGedTask } from '../../src/documents/ged/deposit-job.ts'
import { scheduleGedDeposits } from '../../src/documents/ged/schedule-deposits.ts'
import { listFailedDeposits, relaunchDeposit } from '../../src/documents/ged/failed-deposits.ts'
import { GED_DEPOSIT_MAX_ATTEMPTS } from '../../src/documents/ged/retry-schedule.ts'

let database: TestDatabase
let serverDir: string
let server: GedServerProcess
let tasks: TaskList

before(async () => {
  database = await createTestDatabase()
  serverDir = await mkdtemp(join(tmpdir(), 'invalidite-ged-server-'))
  server = await startGedServerProcess(serverDir)
  tasks = { 'deposit-in-ged': createDepositInGedTask({ pool: database.pool, adapter: createHttpGedAdapter({ url: server.url, token: GED_TOKEN }) }) }
})

after(async () => {
  await server.stop()
  await database.drop()
  await rm(serverDir, { recursive: true, force: true })
})

let keys = 0
async function aDocument(pages = 1): Promise<GedDocument> {
  return gedDocument(`PI-2026-0000007-avis-imposition-test${++keys}`, await pdfAvisImposition(pages))
}

function isGedError(code: GedErrorCode, status?: number) {
  return (error: unknown) => error instanceof GedError && error.code === code && (status === undefined || error.message === `${code} (HTTP ${status})`)
}

function put(document: GedDocument, overrides: { body?: Buffer; index?: unknown; token?: string } = {}) {
  return fetch(`${server.url}/depots/${document.depositKey}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${overrides.token ?? GED_TOKEN}`,
      'content-type': 'application/pdf',
      'ged-index': Buffer.from(JSON.stringify(overrides.index ?? document.index)).toString('base64url'),
    },
    body: overrides.body ?? document.content,
  })
}

describe('the HTTP adapter and the deposit service', () => {
  const adapter = () => createHttpGedAdapter({ url: server.url, token: GED_TOKEN })

  it('deposits once: 201 with a reference, then the same reference for the same key, with one copy kept', async () => {
    const document = await aDocument()
    const first = await put(document)
    assert.equal(first.status, 201)
    const { reference } = await first.json() as { reference: string }
    assert.match(reference, /^DIA-\d{8}-[0-9A-F]{16}$/)

    const again = await put(document)
    assert.equal(again.status, 200)
    assert.deepEqual(await again.json(), { reference })
    assert.deepEqual(await adapter().deposit(document), { reference })

    assert.deepEqual(await readFile(join(serverDir, `${document.depositKey}.pdf`)), document.content)
    const record = JSON.parse(await readFile(join(serverDir, `${document.depositKey}.json`), 'utf8'))
    assert.equal(record.reference, reference)
    assert.deepEqual(record.index, document.index)
    assert.equal((await visibleFiles(serverDir)).filter((name) => name.startsWith(document.depositKey)).length, 2)
    assert.deepEqual(await temporaryFiles(serverDir), [])
  })

  it('answers 409 to the same key with other content, and keeps the first', async () => {
    const document = await aDocument(1)
    await adapter().deposit(document)
    const other = await aDocument(2)
    await assert.rejects(adapter().deposit({ ...other, depositKey: document.depositKey }), isGedError('ged-conflit', 409))
    assert.deepEqual(await readFile(join(serverDir, `${document.depositKey}.pdf`)), document.content)
  })

  it('checks the checksum of what it received, the index and the token, and names no value in its answers', async () => {
    const document = await aDocument()
    const truncated = await put(document, { body: document.content.subarray(0, 100) })
    assert.equal(truncated.status, 400)
    assert.deepEqual(await truncated.json(), { erreur: 'empreinte-incorrecte' })

    const badIndex = await put(document, { index: { ...document.index, nir: '278047511304780', dateNaissance: '12/04/1978' } })
    assert.equal(badIndex.status, 400)
    const answer = await badIndex.text()
    assert.deepEqual(JSON.parse(answer), { erreur: 'index-invalide', champs: ['nir', 'dateNaissance'] })
    assert.ok(!answer.includes('2780475') && !answer.includes('1978'))

    assert.equal((await put(document, { token: 'un-autre-jeton-quelconque' })).status, 401)
    await assert.rejects(createHttpGedAdapter({ url: server.url, token: 'mauvais' }).deposit(document), isGedError('ged-acces-refuse', 401))
    assert.equal((await fetch(`${server.url}/depots/..%2Fevasion`, { method: 'PUT', headers: { authorization: `Bearer ${GED_TOKEN}` } })).status, 400)
    assert.deepEqual((await visibleFiles(serverDir)).filter((name) => name.startsWith(document.depositKey)), [])
  })

  it('gives up on a GED that does not answer in time, or cannot be reached, with a code', async () => {
    const silent: Server = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
      await assert.rejects(createHttpGedAdapter({ url, token: GED_TOKEN, timeoutMs: 200 }).deposit(await aDocument()), isGedError('ged-delai-depasse'))
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
    const closedPort = await freePort()
    await assert.rejects(createHttpGedAdapter({ url: `http://127.0.0.1:${closedPort}`, token: GED_TOKEN }).deposit(await aDocument()), isGedError('ged-injoignable'))
  })
})

describe('the deposit job against a GED that is down', () => {
  function schedule(demandeId: string): Promise<void> {
    return withTransaction(database.pool, (tx) => scheduleGedDeposits(tx, demandeId))
  }

  it('retries with backoff while the GED answers 503, then delivers each document exactly once', async () => {
    const demande = await createReceivedDemande(database.pool)
    await schedule(demande.demandeId)
    await makeGedUnavailable(server, 5)

    await runDueJobs(database.pool, tasks)
    const afterFirst = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(afterFirst.map((d) => [d.state, d.attempts, d.last_error]), [['en_attente', 1, 'ged-indisponible (HTTP 503)'], ['en_attente', 1, 'ged-indisponible (HTTP 503)']])
    for (const job of await gedJobs(database.pool)) {
      if (job.attempts === 1) assert.ok(job.run_at.getTime() > Date.now() + 1000, 'the next attempt waits (e¹ seconds after the first)')
    }

    for (let round = 0; round < 3; round++) await runDueJobs(database.pool, tasks)
    const deposits = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual(deposits.map((d) => d.state), ['depose', 'depose'])
    assert.equal(deposits.reduce((sum, d) => sum + d.attempts, 0), 5, 'five failed attempts in all, one per 503')
    for (const deposit of deposits) {
      assert.equal((await visibleFiles(serverDir)).filter((name) => name.startsWith(deposit.deposit_key)).length, 2, 'one document, one record')
      const record = JSON.parse(await readFile(join(serverDir, `${deposit.deposit_key}.json`), 'utf8'))
      assert.equal(deposit.ged_reference, record.reference)
    }
  })

  it('makes the deposit a dead letter after the last attempt, shown to its organisme, and « Relancer » delivers it', async () => {
    const demande = await createReceivedDemande(database.pool, { kinds: [] })
    await schedule(demande.demandeId)
    await makeGedUnavailable(server, 1000)

    for (let attempt = 1; attempt < GED_DEPOSIT_MAX_ATTEMPTS; attempt++) await runDueJobs(database.pool, tasks)
    const [beforeLast] = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual([beforeLast!.state, beforeLast!.attempts], ['en_attente', GED_DEPOSIT_MAX_ATTEMPTS - 1])
    await runDueJobs(database.pool, tasks)
    const [failed] = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual([failed!.state, failed!.attempts, failed!.last_error], ['echec', GED_DEPOSIT_MAX_ATTEMPTS, 'ged-indisponible (HTTP 503)'])
    assert.deepEqual((await gedJobs(database.pool)).filter((job) => job.payload.depositId === failed!.id), [])

    const listed = await listFailedDeposits(database.pool, 'CRAMIF')
    const entry = listed.find((deposit) => deposit.id === failed!.id)
    assert.deepEqual(entry && { ...entry, failedAt: undefined }, {
      id: failed!.id,
      demandeId: demande.demandeId,
      numero: demande.numero,
      documentType: 'demande-pension-invalidite',
      documentLabel: "Demande de pension d'invalidité",
      attempts: GED_DEPOSIT_MAX_ATTEMPTS,
      lastError: 'ged-indisponible (HTTP 503)',
      failedAt: undefined,
    })
    assert.deepEqual(await listFailedDeposits(database.pool, '69'), [])
    assert.equal(await relaunchDeposit(database.pool, '69', failed!.id), false, "another organisme's deposit")

    await makeGedUnavailable(server, 0)
    assert.equal(await relaunchDeposit(database.pool, 'CRAMIF', failed!.id), true)
    assert.equal(await relaunchDeposit(database.pool, 'CRAMIF', failed!.id), false, 'already relaunched')
    const [relaunched] = await depositsOf(database.pool, demande.demandeId)
    assert.deepEqual([relaunched!.state, relaunched!.attempts, relaunched!.last_error], ['en_attente', 0, null])
    const jobs = (await gedJobs(database.pool)).filter((job) => job.payload.depositId === failed!.id)
    assert.deepEqual(jobs.map((job) => [job.key, job.attempts, job.max_attempts]), [[`ged:${failed!.deposit_key}`, 0, GED_DEPOSIT_MAX_ATTEMPTS]])

    await runDueJobs(database.pool, tasks)
    const [delivered] = await depositsOf(database.pool, demande.demandeId)
    assert.equal(delivered!.state, 'depose')
    assert.equal((await visibleFiles(serverDir)).filter((name) => name.startsWith(delivered!.deposit_key)).length, 2)
    assert.ok(!(await listFailedDeposits(database.pool, 'CRAMIF')).some((deposit) => deposit.id === failed!.id))
  })
})
