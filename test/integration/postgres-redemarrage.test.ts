// PostgreSQL stopped under load, then started again on the same port, the service (web app and
// job worker) left running: while the database is down every answer is the French « Service
// momentanément indisponible » (a page, or the API's problem), none is a 500 nor hangs, /sante
// says « indisponible »; afterwards the service recovers by itself, the worker finishes the jobs
// queued before, and nothing is lost or doubled. Twice: a fast shutdown, then a crash (SIGKILL of
// the postmaster, recovery from the write-ahead log at the restart).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type { LightMyRequestResponse } from 'fastify'
import { createPool, type Pool } from '../../src/platform/db/pool.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import { verifyAuditChain } from '../../src/instruction/audit-log.ts'
import { startWorker } from '../../src/platform/jobs/worker.ts'
import { startOwnPostgres, type OwnPostgres } from '../support/postgres-server.ts'
import { startTestService, type TestService } from '../support/service.ts'
import { apiClient, mobileSignIn, type ApiClient } from '../support/api.ts'
import { signInAs, type SignedIn } from '../support/sign-in.ts'
import { signInAgentAs, type SignedInAgent } from '../support/agent-sign-in.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { BASE, countRows, demandesOf, get, postForm, salariePath, savePage, savedAnswers, upload, visibleText, walk } from '../support/demarche.ts'

const UNAVAILABLE = 'Service momentanément indisponible'
/** More than can finish before the database is back: arrivals close once it is. */
const ASSURES_PER_SCENARIO = 40
/** The time an assuré takes to read a page and fill in the next one (much shorter than a person's). */
const THINK_MS = 100
const CONCURRENT_ASSURES = 5
/** No answer may take longer, database down or not (the machine is shared and slow: a wide bound). */
const MAX_ANSWER_MS = 15_000
const RECOVERY_BOUND_MS = 30_000

type Kind = 'page' | 'api' | 'agent'
type Answer = { kind: Kind; label: string; startedAt: number; endedAt: number; status: number; unavailable: boolean }

let postgres: OwnPostgres
let pool: Pool
let service: TestService
let api: ApiClient
let pdf: Buffer

before(async () => {
  postgres = await startOwnPostgres()
  pool = createPool(postgres.url, 10)
  await migrate(pool)
  service = await startTestService({ database: { pool, url: postgres.url, drop: () => pool.end() } })
  api = await apiClient(service.baseUrl)
  pdf = await pdfAvisImposition()
})

after(async () => {
  await service?.close()
  await postgres?.close()
})

/** The traffic of one scenario: assurés going through the démarche, the API, an agent reading the queue. */
class Load {
  readonly answers: Answer[] = []
  readonly failures: string[] = []
  readonly acknowledged = new Map<string, { demandeId: string; numero: string }>()
  /** Assurés who began the démarche. */
  started = 0
  private arriving = true
  private running = true
  private abandoned = false

  private readonly token: string
  private readonly agent: SignedInAgent

  constructor(token: string, agent: SignedInAgent) {
    this.token = token
    this.agent = agent
  }

  async record<T extends { status: number; unavailable: boolean }>(kind: Kind, label: string, call: () => Promise<T>): Promise<T | undefined> {
    const startedAt = performance.now()
    let answer: T | undefined
    try {
      answer = await call()
    } catch (error) {
      this.failures.push(`${label}: ${(error as Error).message}`)
    }
    this.answers.push({ kind, label, startedAt, endedAt: performance.now(), status: answer?.status ?? 0, unavailable: answer?.unavailable ?? false })
    return answer
  }

  page(kind: Kind, label: string, call: () => Promise<LightMyRequestResponse>) {
    return this.record(kind, label, async () => {
      const response = await call()
      return { response, status: response.statusCode, unavailable: response.statusCode === 503 && unavailablePage(response) }
    })
  }

  /** One step of an assuré, again and again while the service is unavailable, until `done`. */
  async step(label: string, call: () => Promise<LightMyRequestResponse>, done: (response: LightMyRequestResponse) => boolean): Promise<LightMyRequestResponse> {
    const deadline = performance.now() + 120_000
    for (;;) {
      if (this.abandoned) throw new Error(`${label}: abandonné`)
      const answer = await this.page('page', label, call)
      if (answer && done(answer.response)) {
        await sleep(THINK_MS)
        return answer.response
      }
      if (answer && !answer.unavailable) this.failures.push(`${label}: ${answer.status} ${visibleText(answer.response.body).slice(0, 200)}`)
      if (performance.now() > deadline) throw new Error(`${label}: toujours pas abouti après 2 minutes`)
      await sleep(100)
    }
  }

  /** An assuré from the first page to the acknowledgment, as a person who reloads while it fails. */
  async journey(user: SignedIn): Promise<void> {
    const { app } = service
    for (const [page, form, next] of salariePath) {
      await this.step(page, () => savePage(app, user, page, form), (r) => r.statusCode === 303 && r.headers.location === `${BASE}/${next}`)
    }
    const avis = [{ filename: 'avis-impot.pdf', contentType: 'application/pdf', bytes: pdf }]
    await this.step('téléversement', () => upload(app, user, 'avis-imposition', avis), (r) => r.statusCode === 303)
    const sent = await this.step('envoi', () => postForm(app, user, `${BASE}/envoyer`, {}), (r) => r.statusCode === 303 && /\/accuse-de-reception$/.test(String(r.headers.location)))
    const location = String(sent.headers.location)
    const shown = await this.step('accusé de réception', () => get(app, user, location), (r) => r.statusCode === 200)
    const numero = /Numéro de votre demande (PI-\d{4}-\d{7})/.exec(visibleText(shown.body))?.[1]
    if (!numero) this.failures.push('accusé de réception sans numéro')
    else this.acknowledged.set(user.assureId, { demandeId: location.split('/').at(-2)!, numero })
  }

  /** Assurés arrive one after another, CONCURRENT_ASSURES at a time, until arrivals close. */
  async assures(users: SignedIn[]): Promise<void> {
    const queue = [...users]
    await Promise.all(Array.from({ length: CONCURRENT_ASSURES }, async () => {
      for (let user = queue.shift(); user && this.arriving; user = queue.shift()) {
        this.started += 1
        await this.journey(user)
      }
    }))
  }

  closeArrivals(): void {
    this.arriving = false
  }

  /** The mobile application saving a page, and an agent reading the work queue, until stopped. */
  async background(): Promise<void> {
    const apiLoop = async () => {
      while (this.running) {
        await this.record('api', 'API enregistrerPage', async () => {
          const response = await api.call('put', `${BASE}/pages/informations-generales`, { token: this.token, json: { vuMedecinConseil: 'non' } })
          return { status: response.status, unavailable: unavailableProblem(response) }
        })
        await sleep(50)
      }
    }
    const agentLoop = async () => {
      while (this.running) {
        await this.page('agent', 'file de travail', () => service.app.inject({ method: 'GET', url: '/agent/file', headers: { cookie: this.agent.cookie } }))
        await sleep(50)
      }
    }
    await Promise.all([apiLoop(), agentLoop()])
  }

  stop(): void {
    this.running = false
  }

  /** A failed scenario: the assurés stop where they are. */
  abandon(): void {
    this.running = false
    this.abandoned = true
  }
}

function unavailablePage(response: LightMyRequestResponse): boolean {
  const text = visibleText(response.body)
  return String(response.headers['content-type']).startsWith('text/html') && text.includes(UNAVAILABLE) && text.includes('Réessayez dans quelques minutes')
}

function unavailableProblem(response: { status: number; headers: Headers; body: { title?: string; status?: number } }): boolean {
  return response.status === 503 && response.headers.get('content-type')?.startsWith('application/problem+json') === true && response.body.title === UNAVAILABLE
}

async function health(): Promise<{ status: number; body: { status: string; database: boolean } }> {
  const response = await fetch(`${service.baseUrl}/sante`, { signal: AbortSignal.timeout(MAX_ANSWER_MS) })
  return { status: response.status, body: (await response.json()) as { status: string; database: boolean } }
}

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const started = performance.now()
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`${what} : pas au bout de ${timeoutMs} ms`)
    await sleep(50)
  }
  return performance.now() - started
}

/** Drafts whose pages were confirmed (303) before the stop: their answers as they stand. */
async function confirmedDrafts(count: number): Promise<Map<string, unknown>> {
  const drafts = new Map<string, unknown>()
  for (let i = 0; i < count; i++) {
    const user = await signInAs(service.app, pool)
    await walk(service.app, user, salariePath.slice(0, 4))
    drafts.set(user.assureId, (await demandesOf(pool, user.assureId))[0]!.answers)
  }
  return drafts
}

/** `heldJobs`: with the jobs of startHeldJobs. */
type Outage = { stop(postgres: OwnPostgres): Promise<void>; heldJobs?: boolean }
type Timeline = { acknowledgedBeforeStop: number; stopping: number; down: number; restarting: number; up: number; recovery: number; pendingAtStop: string[]; duringOutage: Array<{ label: string; ok: boolean }> }

/** Under `load`: PostgreSQL stopped, probed while down, started again; the moments it happened. */
async function outageUnderLoad(name: string, load: Load, outage: Outage, newcomerToken: string, whileDown: () => void): Promise<Timeline> {
  // Demandes sent before the stop, drafts half-way, and more arriving all along.
  await waitFor('des demandes envoyées avant l’arrêt', () => load.acknowledged.size >= CONCURRENT_ASSURES, 120_000)
  const acknowledgedBeforeStop = load.acknowledged.size
  // A job due while the database is down.
  await pool.query(`insert into http_session (sid, data, expires_at) values ($1, '{}', now() - interval '1 day')`, [`expiree-${name}`])
  await pool.query(`select graphile_worker.add_job('purge-expired-sessions', '{}', run_at => now() + interval '1 second')`)
  const pendingAtStop = (await pool.query<{ id: string }>('select id from graphile_worker.jobs')).rows.map((r) => r.id)

  const stopping = performance.now()
  await outage.stop(postgres)
  const down = performance.now()
  whileDown()
  const duringOutage: Array<{ label: string; ok: boolean }> = []
  const sante = await health()
  duringOutage.push({ label: `/sante ${sante.status} ${JSON.stringify(sante.body)}`, ok: sante.status === 503 && sante.body.status === 'indisponible' && !sante.body.database })
  const newcomer = await api.call('get', '/demarches', { token: newcomerToken })
  duringOutage.push({ label: `API, jeton vu pour la première fois : ${newcomer.status} ${JSON.stringify(newcomer.body)}`, ok: unavailableProblem(newcomer) })
  await waitFor('des requêtes pendant la panne', () => load.answers.filter((a) => a.startedAt >= down).length >= 60 && performance.now() - down > 2_000, 60_000)

  const restarting = performance.now()
  await postgres.start()
  const up = performance.now()
  const recovery = await waitFor('le retour de /sante', async () => (await health()).status === 200, RECOVERY_BOUND_MS)
  return { acknowledgedBeforeStop, stopping, down, restarting, up, recovery, pendingAtStop, duringOutage }
}

/**
 * Jobs of a worker of its own (the service's startWorker, its own tasks): one held running until
 * `end()` — ended while the database is down, its end can only be recorded once it is back — and
 * one locked under the worker's name whose answer never reached it, as when the database stops
 * between taking a job and sending it: the worker must release it and run it.
 */
type HeldJobs = { end(): void; runs(): { held: number; lost: number }; close(): Promise<void> }

async function startHeldJobs(): Promise<HeldJobs> {
  const [HELD, LOST] = ['tache-tenue-en-cours', 'tache-au-verrou-perdu']
  const ended = Promise.withResolvers<void>()
  const running = Promise.withResolvers<void>()
  const runs = { held: 0, lost: 0 }
  const jobPool = createPool(postgres.url, 2)
  const runner = await startWorker({
    pool: jobPool,
    tasks: {
      [HELD]: async () => { runs.held += 1; running.resolve(); await ended.promise },
      [LOST]: async () => void (runs.lost += 1),
    },
    log: () => {},
  })
  await jobPool.query(`select graphile_worker.add_job($1, '{}')`, [HELD])
  await running.promise
  // Added not yet due (no worker takes it), then locked as graphile-worker's get_job locks a job.
  const { rows } = await jobPool.query<{ id: string }>(`select id from graphile_worker.add_job($1, '{}', run_at => now() + interval '1 hour')`, [LOST])
  await jobPool.query(
    `update graphile_worker._private_jobs set attempts = 1, run_at = now(), locked_at = now() - interval '2 minutes',
            locked_by = (select locked_by from graphile_worker.jobs where task_identifier = $2)
      where id = $1`,
    [rows[0]!.id, HELD],
  )
  return { end: () => ended.resolve(), runs: () => ({ ...runs }), close: async () => { await runner.stop(); await jobPool.end() } }
}

async function scenario(name: string, outage: Outage): Promise<void> {
  const heldJobs = outage.heldJobs ? await startHeldJobs() : undefined
  try {
    await scenarioUnderLoad(name, outage, heldJobs)
  } finally {
    await heldJobs?.close()
  }
}

async function scenarioUnderLoad(name: string, outage: Outage, heldJobs: HeldJobs | undefined): Promise<void> {
  const drafts = await confirmedDrafts(3)
  const users = await Promise.all(Array.from({ length: ASSURES_PER_SCENARIO }, () => signInAs(service.app, pool)))
  const agent = await signInAgentAs(service.app, pool, { role: 'technicien', organisme: 'CRAMIF' })
  const load = new Load(await mobileSignIn(api.issuer, 'assure.93'), agent)
  const newcomerToken = await mobileSignIn(api.issuer, 'assure.77')
  const started = performance.now()
  const journeys = load.assures(users)
  const background = load.background()
  let timeline: Timeline
  try {
    timeline = await outageUnderLoad(name, load, outage, newcomerToken, () => heldJobs?.end())
    load.closeArrivals()
    await journeys
  } catch (error) {
    load.abandon()
    await journeys.catch(() => {})
    throw error
  } finally {
    load.stop()
    await background
  }
  const { acknowledgedBeforeStop, stopping, down, restarting, up, recovery, pendingAtStop, duringOutage } = timeline
  const loadMs = performance.now() - started

  // A job that failed while the database was down waits for its next attempt (e, e², … seconds); a
  // lock whose answer was lost in the shutdown is released by the worker after a minute.
  const failedDuringOutage = await countRows(pool, 'select 1 from graphile_worker.jobs where attempts > 0 and locked_at is null')
  const lockedAfterOutage = await countRows(pool, 'select 1 from graphile_worker.jobs where locked_at is not null')
  const drained = await waitFor('la file des tâches vide', async () => (await countRows(pool, 'select 1 from graphile_worker.jobs')) === 0, 150_000).catch(async (error: Error) => {
    const { rows } = await pool.query('select task_identifier, attempts, run_at, locked_at, locked_by, last_error from graphile_worker.jobs')
    throw new Error(`${error.message}\n${JSON.stringify(rows, null, 1)}`)
  })

  const inOutage = load.answers.filter((a) => a.startedAt >= down && a.endedAt <= restarting)
  const statuses = (answers: Answer[]) => Object.entries(Object.groupBy(answers, (a) => `${a.kind} ${a.status}`)).map(([key, list]) => `${key} × ${list!.length}`).join(', ')
  console.log([
    `PostgreSQL, ${name} : ${load.answers.length} requêtes en ${(loadMs / 1000).toFixed(1)} s (${statuses(load.answers)})`,
    `  arrêt ${(down - stopping).toFixed(0)} ms, panne ${((restarting - down) / 1000).toFixed(1)} s : ${inOutage.length} requêtes pendant la panne (${statuses(inOutage)})`,
    `  redémarrage ${(up - restarting).toFixed(0)} ms, /sante de nouveau 200 après ${recovery.toFixed(0)} ms ; réponse la plus longue ${Math.max(...load.answers.map((a) => a.endedAt - a.startedAt)).toFixed(0)} ms`,
    `  ${load.started} assurés, ${load.acknowledged.size} accusés de réception affichés (${acknowledgedBeforeStop} avant l'arrêt) ; ${pendingAtStop.length} tâches en attente à l'arrêt, ${failedDuringOutage} en échec pendant la panne, ${lockedAfterOutage} restées verrouillées, file vide ${drained.toFixed(0)} ms après`,
  ].join('\n'))

  assert.deepEqual(load.failures, [], 'every answer is the one expected or « Service momentanément indisponible »')
  assert.deepEqual(duringOutage.filter((check) => !check.ok).map((check) => check.label), [], 'while PostgreSQL is down')
  assert.ok(inOutage.length >= 60, `${inOutage.length} requests answered while PostgreSQL was down`)
  assert.deepEqual(inOutage.filter((a) => !a.unavailable).map((a) => `${a.label} ${a.status}`), [], 'while down, every answer is « Service momentanément indisponible »')
  assert.ok(inOutage.some((a) => a.kind === 'api') && inOutage.some((a) => a.kind === 'agent') && inOutage.some((a) => a.kind === 'page'))
  assert.equal(load.answers.filter((a) => a.status >= 500 && a.status !== 503).length, 0, 'never a 500')
  assert.ok(load.answers.every((a) => a.endedAt - a.startedAt < MAX_ANSWER_MS), `an answer took longer than ${MAX_ANSWER_MS} ms`)

  // Nothing lost, nothing doubled.
  assert.ok(load.started < ASSURES_PER_SCENARIO, 'assurés were still arriving when the database came back')
  assert.equal(load.acknowledged.size, load.started, 'every assuré who began got to the acknowledgment')
  for (const [assureId, shown] of load.acknowledged) {
    const demandes = await demandesOf(pool, assureId)
    assert.equal(demandes.length, 1, 'one demande per assuré')
    const [demande] = demandes
    assert.deepEqual({ demandeId: demande!.id, numero: demande!.numero, state: demande!.state }, { ...shown, state: 'recue' }, 'the demande whose acknowledgment was shown')
    assert.deepEqual(demande!.submitted?.answers, Object.assign({}, ...Object.values(savedAnswers)), 'every page saved, none lost')
    assert.equal(await countRows(pool, "select 1 from message where assure_id = $1 and kind = 'accuse_reception'", [assureId]), 1, 'one acknowledgment')
    assert.equal(await countRows(pool, "select 1 from demande_event where demande_id = $1 and type = 'demande_recue'", [demande!.id]), 1)
    assert.equal(await countRows(pool, 'select 1 from demande_document where demande_id = $1', [demande!.id]), 1, 'one avis d’imposition')
  }
  for (const [assureId, answers] of drafts) {
    const [draft, ...others] = await demandesOf(pool, assureId)
    assert.deepEqual({ state: draft!.state, answers: draft!.answers, others: others.length }, { state: 'brouillon', answers, others: 0 }, 'a draft confirmed before the stop is intact')
  }

  // The worker came back: the jobs pending at the stop are done, and so is what they lead to.
  const demandeIds = [...load.acknowledged.values()].map((a) => a.demandeId)
  assert.equal(await countRows(pool, 'select 1 from graphile_worker.jobs where id = any($1::bigint[])', [pendingAtStop]), 0)
  assert.equal(await countRows(pool, 'select 1 from http_session where sid = $1', [`expiree-${name}`]), 0, 'the job due during the outage ran after it')
  assert.equal(await countRows(pool, 'select 1 from demande where id = any($1::uuid[]) and cerfa_file_id is null', [demandeIds]), 0, 'every Cerfa made')
  assert.equal(await countRows(pool, "select 1 from ged_deposit where demande_id = any($1::uuid[]) and state <> 'depose'", [demandeIds]), 0, 'every deposit done')
  assert.equal(await countRows(pool, 'select 1 from ged_deposit where demande_id = any($1::uuid[])', [demandeIds]), 2 * demandeIds.length, 'the Cerfa and the avis of each demande, once')
  assert.equal(await countRows(pool, "select 1 from message m where m.demande_id = any($1::uuid[]) and m.kind = 'accuse_reception' and m.notified_at is null", [demandeIds]), 0, 'every e-mail sent')
  if (heldJobs) {
    assert.deepEqual(heldJobs.runs(), { held: 1, lost: 1 },
      'the job ended while the database was down is recorded done once it is back, not run again; the lost lock is released and its job run')
  }
  const chain = await verifyAuditChain(pool)
  assert.ok(chain.ok, 'the audit chain is whole')
  const queueViews = load.answers.filter((a) => a.kind === 'agent' && a.status === 200).length
  const audited = await countRows(pool, "select 1 from audit_log where agent_id = $1 and action = 'consulter_file'", [agent.agentId])
  assert.ok(audited >= queueViews && audited <= load.answers.filter((a) => a.kind === 'agent').length, `${queueViews} queue pages shown, ${audited} audit rows`)
}

describe('PostgreSQL restarted under load', () => {
  it('a fast shutdown: « Service momentanément indisponible » meanwhile, then back by itself, nothing lost nor doubled', async () => {
    await scenario('arrêt rapide', { stop: (server) => server.stop() })
  })

  it('a crash (SIGKILL of the postmaster): the same after the recovery from the write-ahead log; the worker’s jobs ended meanwhile or whose lock was lost are done', async () => {
    await scenario('arrêt brutal', { stop: (server) => server.kill(), heldJobs: true })
  })
})
