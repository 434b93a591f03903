// The web service and the worker run as real processes and are killed with SIGKILL, again and
// again, while assurés fill in and send their demandes over HTTP: inside the transaction that saves
// a page, while an upload's body is still arriving, once the upload is inspected and stored but
// not committed, just before and just after the submission commits, during the Cerfa, between the
// GED write and its record, and at random moments. Each kill is followed by a restart, and each
// assuré whose request was lost does what a person would do (send the page again, reload the
// justificatifs before uploading again). Afterwards the worker drains and nothing is lost or doubled:
// one demande and one accusé de réception for each acknowledgment shown, every confirmed answer
// kept, one Cerfa and exactly one deposit per document in the GED, no orphan file.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomInt } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { countRows, demandesOf, messagesOf, salariePath, storedFilesOf } from '../support/demarche.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { temporaryFiles, visibleFiles } from '../support/ged.ts'
import { freePort } from '../support/free-port.ts'
import { overHttp } from '../support/crash-http.ts'
import { crashProcess, type Arm, type CrashProcess } from '../support/crash-process.ts'
import { assureJourney, type AssureTrace, type Stream } from '../support/crash-assure.ts'
import type { Pool } from '../../src/platform/db/pool.ts'
import { ACCUSE_RECEPTION_SUBJECT } from '../../src/demarche/domain/accuse-reception.ts'
import { CERFA_GED_TYPE } from '../../src/documents/ged/ged-port.ts'

const SERVICE_CHILD = fileURLToPath(new URL('../support/crash-service-child.ts', import.meta.url))
const WORKER_CHILD = fileURLToPath(new URL('../support/crash-worker-child.ts', import.meta.url))

const SERVICE_FAILPOINTS = ['draft.save.before-commit', 'upload.before-commit', 'submit.before-commit', 'submit.after-commit']
const WORKER_FAILPOINTS = ['cerfa.before-commit', 'ged.delivered']
const KILLS_PER_POINT = 5
// Twenty at random in all, most on the worker, whose plan runs beside the longer one of the service.
const RANDOM_SERVICE_KILLS = 5
const RANDOM_WORKER_KILLS = 15
/** Assurés filling in their demande at the same time. */
const CONCURRENT_ASSURES = 4
const STREAM_DEADLINE_MS = 180_000
const DRAIN_DEADLINE_MS = 40_000

// CRASH_SEED=n replays the same plan (the moments still depend on the machine).
const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31))
const random = seededRandom(seed)

let database: TestDatabase
let service: CrashProcess
let worker: CrashProcess
let gedDir: string
let mailDir: string
let cacheDir: string
let pdf: Buffer
const traces: AssureTrace[] = []
const figures: string[] = []

before(async () => {
  const started = performance.now()
  database = await createTestDatabase()
  gedDir = await mkdtemp(join(tmpdir(), 'invalidite-crash-ged-'))
  mailDir = await mkdtemp(join(tmpdir(), 'invalidite-crash-mail-'))
  // Node's compile cache halves the time a restarted process takes to be up again.
  cacheDir = await mkdtemp(join(tmpdir(), 'invalidite-crash-cache-'))
  pdf = await pdfAvisImposition(1)
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const common = { DATABASE_URL: database.url, NODE_COMPILE_CACHE: cacheDir }
  service = crashProcess({ role: 'service web', entry: SERVICE_CHILD, env: { ...common, PORT: String(port) } })
  worker = crashProcess({ role: 'worker', entry: WORKER_CHILD, env: { ...common, GED_DIR: gedDir, MAIL_DIR: mailDir } })

  let over = false
  const stream: Stream = { baseUrl, http: overHttp(baseUrl), pool: database.pool, service, pdf, isOver: () => over }
  const planSeconds: Record<string, string> = {}
  const timed = async (name: string, run: Promise<void>) => {
    await run
    planSeconds[name] = seconds(performance.now() - started)
  }
  const plans = Promise.all([timed('service', service.runPlan(servicePlan())), timed('worker', worker.runPlan(workerPlan()))]).finally(() => (over = true))
  let next = 0
  const assure = async () => {
    while (!over) traces.push(await assureJourney(stream, next++))
  }
  const deadline = sleep(STREAM_DEADLINE_MS, undefined, { ref: false }).then(() => {
    throw new Error(`plan de coupures inachevé en ${STREAM_DEADLINE_MS / 1000} s : reste ${service.remaining} pour le service, ${worker.remaining} pour le worker`)
  })
  try {
    await Promise.race([Promise.all([plans, ...Array.from({ length: CONCURRENT_ASSURES }, assure)]), deadline])
  } finally {
    over = true
  }
  const streamed = performance.now()
  await drained(database.pool)
  await service.stop()
  await worker.stop()
  assert.equal(service.unexpectedEnd ?? worker.unexpectedEnd, null)
  const interruptions = traces.reduce((sum, trace) => sum + trace.interruptions, 0)
  figures.push(
    `graine ${seed} ; ${traces.length} demandes envoyées par ${CONCURRENT_ASSURES} assurés à la fois, ${interruptions} requêtes perdues puis refaites`,
    `coupures du service (plan fini à ${planSeconds.service} s) : ${describeKills(service)}`,
    `coupures du worker (plan fini à ${planSeconds.worker} s) : ${describeKills(worker)}`,
    `durées : flux ${seconds(streamed - started)} s, vidage du worker ${seconds(performance.now() - streamed)} s`,
  )
})

after(async () => {
  await service?.stop()
  await worker?.stop()
  await database?.drop()
  for (const dir of [gedDir, mailDir, cacheDir]) if (dir) await rm(dir, { recursive: true, force: true })
})

describe('the service and the worker killed again and again during a stream of demandes', () => {
  it('killed each point five times, and twenty times at random', (t) => {
    for (const line of figures) t.diagnostic(line)
    for (const point of [...SERVICE_FAILPOINTS, 'mid-upload']) assert.equal(service.kills.get(point), KILLS_PER_POINT, point)
    for (const point of WORKER_FAILPOINTS) assert.equal(worker.kills.get(point), KILLS_PER_POINT, point)
    assert.equal(service.kills.get('random'), RANDOM_SERVICE_KILLS)
    assert.equal(worker.kills.get('random'), RANDOM_WORKER_KILLS)
    assert.ok(traces.some((trace) => trace.interruptions > 0), 'some assurés saw their request lost')
  })

  it('every assuré shown an acknowledgment has that one demande, received, with exactly one accusé de réception', async () => {
    const pool = database.pool
    for (const trace of traces) {
      const acknowledged = trace.acknowledged!
      const demandes = await demandesOf(pool, trace.assureId)
      assert.deepEqual(demandes.map((d) => [d.id, d.numero, d.state]), [[acknowledged.demandeId, acknowledged.numero, 'recue']])
      const messages = await messagesOf(pool, trace.assureId)
      assert.deepEqual(messages.map((m) => [m.kind, m.demande_id, m.subject]), [['accuse_reception', acknowledged.demandeId, ACCUSE_RECEPTION_SUBJECT]])
    }
    // Nothing for no one: as many demandes, acknowledgments and receipts as assurés.
    assert.equal(await countRows(pool, 'select 1 from demande'), traces.length)
    assert.equal(await countRows(pool, `select 1 from message where kind = 'accuse_reception'`), traces.length)
    assert.equal(await countRows(pool, `select 1 from demande_event where type = 'demande_recue'`), traces.length)
    assert.equal(await countRows(pool, 'select distinct numero from demande'), traces.length)
  })

  it('every answer whose save was confirmed on screen is in the demande sent', async () => {
    for (const trace of traces) {
      assert.equal(trace.confirmed.length, salariePath.length)
      const [demande] = await demandesOf(database.pool, trace.assureId)
      for (const { page, answers } of trace.confirmed) {
        for (const [field, value] of Object.entries(answers)) {
          assert.deepEqual(demande!.answers[field], value, `${page} : ${field}`)
          assert.deepEqual(demande!.submitted!.answers[field], value, `${page} : ${field} (envoyé)`)
        }
      }
    }
  })

  it('each justificatif uploaded is kept once, and no stored file is left without its demande', async () => {
    for (const trace of traces) {
      const files = (await storedFilesOf(database.pool, trace.assureId)).filter((file) => file.kind === 'avis-imposition')
      assert.deepEqual(files.map((file) => file.display_name), [trace.uploadName])
      assert.deepEqual(files[0]!.content, pdf)
    }
    const orphans = await countRows(database.pool, `
      select 1 from stored_file f
       where not exists (select 1 from demande_document d where d.file_id = f.id)
         and not exists (select 1 from demande m where m.cerfa_file_id = f.id)
         and not exists (select 1 from message_attachment a where a.file_id = f.id)`)
    assert.equal(orphans, 0)
  })

  it('each demande has one Cerfa and reaches the GED exactly once: one document and one index per deposit, nothing else, no temporary file', async () => {
    const { rows: deposits } = await database.pool.query<{ demande_id: string; deposit_key: string; document_type: string; state: string; content: Buffer }>(
      `select g.demande_id, g.deposit_key, g.document_type, g.state, f.content
         from ged_deposit g join stored_file f on f.id = g.file_id order by g.deposit_key`,
    )
    for (const trace of traces) {
      const [demande] = await demandesOf(database.pool, trace.assureId)
      const cerfas = (await storedFilesOf(database.pool, trace.assureId)).filter((file) => file.display_name.startsWith('cerfa-S4150-'))
      assert.deepEqual(cerfas.map((file) => file.display_name), [`cerfa-S4150-${demande!.numero}.pdf`])
      const own = deposits.filter((deposit) => deposit.demande_id === demande!.id)
      assert.deepEqual(own.map((deposit) => [deposit.document_type, deposit.state]).sort(), [['avis-imposition', 'depose'], [CERFA_GED_TYPE, 'depose']])
    }
    assert.equal(deposits.length, 2 * traces.length)
    assert.deepEqual(await visibleFiles(gedDir), deposits.flatMap((deposit) => [`${deposit.deposit_key}.json`, `${deposit.deposit_key}.pdf`]).sort())
    for (const deposit of deposits) {
      assert.deepEqual(await readFile(join(gedDir, `${deposit.deposit_key}.pdf`)), deposit.content)
      const index = JSON.parse(await readFile(join(gedDir, `${deposit.deposit_key}.json`), 'utf8'))
      assert.equal(index.checksum, createHash('sha256').update(deposit.content).digest('hex'))
    }
    assert.deepEqual(await temporaryFiles(gedDir), [])
  })

  // E-mail goes out at least once (send-message-notification.ts): a worker killed after writing
  // the e-mail and before recording it writes it again, under the same key, which the mailer
  // recognises (one file per key, its temporary file reused). Only the random kills can land there.
  it('each accusé de réception is announced by exactly one e-mail, and no half-written e-mail is left, whatever the kills', async () => {
    assert.equal(await countRows(database.pool, `select 1 from message where kind = 'accuse_reception' and notified_at is null`), 0)
    const names = await readdir(mailDir)
    assert.deepEqual(names.filter((name) => !name.endsWith('.eml')), [], 'no temporary file left')
    const recipients = await Promise.all(names.map(async (name) => /^To: (.+)$/m.exec(await readFile(join(mailDir, name), 'utf8'))?.[1]))
    assert.deepEqual([...recipients].sort(), traces.map((trace) => trace.email).sort())
  })

  it('leaves no job behind: the Cerfa, the deposits and the e-mails all ran to the end', async () => {
    assert.equal(await countRows(database.pool, 'select 1 from graphile_worker._private_jobs'), 0)
  })
})

/** Service kills: each failpoint at its 1st or 2nd pass, mid-upload bodies, random moments; shuffled. */
function servicePlan(): Arm[] {
  return shuffle([
    ...failpointArms(SERVICE_FAILPOINTS),
    ...times(KILLS_PER_POINT, (): Arm => ({ kind: 'mid-upload' })),
    ...times(RANDOM_SERVICE_KILLS, (): Arm => ({ kind: 'random', afterMs: 100 + Math.floor(random() * 1000) })),
  ])
}

function workerPlan(): Arm[] {
  return shuffle([
    ...failpointArms(WORKER_FAILPOINTS),
    ...times(RANDOM_WORKER_KILLS, (): Arm => ({ kind: 'random', afterMs: 100 + Math.floor(random() * 2000) })),
  ])
}

function failpointArms(names: string[]): Arm[] {
  return names.flatMap((name) => times(KILLS_PER_POINT, (): Arm => ({ kind: 'failpoint', failpoint: `${name}@${1 + Math.floor(random() * 2)}` })))
}

/** Waits until the last worker has run every job. */
async function drained(pool: Pool): Promise<void> {
  const giveUpAt = Date.now() + DRAIN_DEADLINE_MS
  while (Date.now() < giveUpAt) {
    if ((await countRows(pool, 'select 1 from graphile_worker._private_jobs')) === 0) return
    await sleep(200)
  }
  const { rows } = await pool.query(
    `select t.identifier, j.attempts, j.last_error, j.run_at from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`,
  )
  throw new Error(`le worker n'a pas fini en ${DRAIN_DEADLINE_MS / 1000} s : ${JSON.stringify(rows.slice(0, 5))}`)
}

function describeKills(role: CrashProcess): string {
  return [...role.kills].map(([point, count]) => `${point} ×${count}`).join(', ')
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1)
}

function times<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make)
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

/** mulberry32: a small seeded generator, so that a plan can be replayed. */
function seededRandom(start: number): () => number {
  let state = start >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = Math.imul(state ^ (state >>> 15), 1 | state)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
