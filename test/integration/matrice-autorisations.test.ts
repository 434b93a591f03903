// The authorization matrix: every route the app serves (enumerated from the app itself, so that a
// route added without its row fails here) × every actor (anonymous; assurés A and B; accueil,
// technicien and superviseur of organisme X = CRAMIF and of organisme Y = '69'), the route's
// parameters filled with assuré A's objects (his demande, his file, his document, his message…).
// GET: the expected status (and sign-in redirect) of each cell, and nothing of A's on a page shown
// to someone who must not see it. State-changing routes: refused without the CSRF token (form and
// multipart) for every actor, and refused to the wrong actor with a valid token; either way the
// database is left as it was.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { Signer } from '@fastify/cookie'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims, signInAs, testServiceDeps, TEST_SESSION_SECRET, type SignedIn } from '../support/sign-in.ts'
import { signInAgentAs, type SignedInAgent } from '../support/agent-sign-in.ts'
import { BASE, documentsOf, postForm, salariePath, upload, walk } from '../support/demarche.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { createService } from '../../src/service.ts'
import { routesOf } from '../../src/platform/web/app.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'
import { postMessageToAssure } from '../../src/messagerie/post-message.ts'
import { inspectUpload } from '../../src/documents/inspect-upload.ts'
import { insertStoredFile } from '../../src/documents/stored-files.ts'
import type { AgentRole } from '../../src/instruction/agent-repository.ts'

const ACTORS = ['anonyme', 'assureA', 'assureB', 'accueilX', 'technicienX', 'superviseurX', 'accueilY', 'technicienY', 'superviseurY'] as const
type Actor = (typeof ACTORS)[number]
const AGENTS = ACTORS.filter((actor): actor is Exclude<Actor, 'anonyme' | 'assureA' | 'assureB'> => actor !== 'anonyme' && !actor.startsWith('assure'))

/** A status, and for a redirect where it must lead (a prefix of `location`). `allowed`: the actor may do it (not exercised). */
type Outcome = { status: number; location?: string }
type Expected = Outcome | 'allowed'
type Expectations = Record<Actor, Expected>
type Fixtures = { demandeId: string; numero: string; uploadedFileId: string; documentId: string; messageId: string; attachmentId: string; depositId: string }
type Row = {
  /** Where to send the request; the route's parameters filled with A's objects. */
  url: (f: Fixtures) => string
  expect: Expectations
  /** Public: no object of anyone in it. Otherwise the pages shown to those not entitled to A's demande must not name him. */
  public?: boolean
  /** How a state-changing request is sent. */
  body?: 'form' | 'multipart' | 'json'
  /** The fields a genuine form would send (with a valid token): the refusal must not hang on their absence. */
  fields?: (actor: Actor) => Record<string, string>
}

const s = (status: number, location?: string): Outcome => ({ status, ...(location && { location }) })
const SIGN_IN = s(302, '/connexion?retour=')
const AGENT_SIGN_IN = s(302, '/agent/connexion?retour=')

function everyone(expected: Expected): Expectations {
  return Object.fromEntries(ACTORS.map((actor) => [actor, expected])) as Expectations
}

/** A page of the assuré's account: A is the owner; agents are nobody there. */
function assure(a: Expected, b: Expected = a): Expectations {
  return { ...everyone(SIGN_IN), assureA: a, assureB: b }
}

/** A back-office page: per role, in X (A's organisme) and in Y. */
function agent(x: Record<AgentRole, Expected>, y: Record<AgentRole, Expected> = x): Expectations {
  return {
    ...everyone(AGENT_SIGN_IN),
    accueilX: x.accueil, technicienX: x.technicien, superviseurX: x.superviseur,
    accueilY: y.accueil, technicienY: y.technicien, superviseurY: y.superviseur,
  }
}
const roles = (accueil: Expected, technicien: Expected, superviseur: Expected): Record<AgentRole, Expected> => ({ accueil, technicien, superviseur })
const FORBIDDEN = s(403)
const NOT_FOUND = s(404)
const OK = s(200)
/** Instruction of A's demande: techniciens and superviseurs of X, nobody in Y (404), never the accueil. */
const instruction = (x: Expected) => agent(roles(FORBIDDEN, x, x), roles(FORBIDDEN, NOT_FOUND, NOT_FOUND))
const instructionSuperviseur = (x: Expected) => agent(roles(FORBIDDEN, FORBIDDEN, x), roles(FORBIDDEN, FORBIDDEN, NOT_FOUND))

/** The JSON API: bearer tokens only (agents' and anyone's cookies are worth nothing there: 401). */
function api(a: Expected, b: Expected = a): Expectations {
  return { ...everyone(s(401)), assureA: a, assureB: b }
}

const P = BASE
const V1 = '/api/v1'
const V1D = `${V1}/demarches/pension-invalidite`
const API_PAGES = ['informations-generales', 'coordonnees', 'situation-professionnelle', 'plusieurs-employeurs', 'employeur', 'activite-non-salariee', 'informations-complementaires', 'recapitulatif']

// The matrix: one row per `METHOD /route` that the app serves.
const MATRIX: Record<string, Row> = {
  // Public pages, the same for everyone.
  'GET /': { url: () => '/', expect: everyone(OK), public: true },
  'GET /assets/*': { url: () => '/assets/app.css', expect: everyone(OK), public: true },
  'GET /accessibilite': { url: () => '/accessibilite', expect: everyone(OK), public: true },
  'GET /donnees-personnelles': { url: () => '/donnees-personnelles', expect: everyone(OK), public: true },
  'GET /sante': { url: () => '/sante', expect: everyone(OK), public: true },
  'GET /manifest.webmanifest': { url: () => '/manifest.webmanifest', expect: everyone(OK), public: true },
  'GET /sw.js': { url: () => '/sw.js', expect: everyone(OK), public: true },
  'GET /api/openapi.json': { url: () => '/api/openapi.json', expect: everyone(OK), public: true },
  'GET /borne': { url: () => '/borne', expect: everyone(OK), public: true },
  'GET /borne/connexion': { url: () => '/borne/connexion', expect: everyone(s(302, '/connexion?retour=')), public: true },
  // The borne's « still there »: an assuré's session only.
  'GET /borne/presence': { url: () => '/borne/presence', expect: { ...everyone(s(401)), assureA: s(204), assureB: s(204) }, public: true },
  // Sign-in, sign-out: public; signing out destroys the session whoever it is.
  'GET /connexion': { url: () => '/connexion', expect: everyone(s(302, 'http://idp.test/')), public: true },
  'GET /connexion/retour': { url: () => '/connexion/retour', expect: everyone(s(302, '/connexion')), public: true },
  'POST /deconnexion': { url: () => '/deconnexion', expect: everyone('allowed'), public: true, body: 'form' },
  'GET /agent/connexion': { url: () => '/agent/connexion', expect: everyone(s(302, 'http://idp.test/')), public: true },
  'GET /agent/connexion/retour': { url: () => '/agent/connexion/retour', expect: everyone(s(302, '/agent/connexion')), public: true },
  'POST /agent/deconnexion': { url: () => '/agent/deconnexion', expect: everyone('allowed'), public: true, body: 'form' },
  // The back office's door: its sign-in page, or the agent's own home.
  'GET /agent': {
    url: () => '/agent', public: true,
    expect: { ...agent(roles(s(302, '/agent/accueil'), s(302, '/agent/file'), s(302, '/agent/file'))), anonyme: OK, assureA: OK, assureB: OK },
  },

  // The assuré's account (A's demande is sent, as is B's).
  'GET /messagerie': { url: () => '/messagerie', expect: assure(OK) },
  'GET /messagerie/:id': { url: (f) => `/messagerie/${f.messageId}`, expect: assure(OK, NOT_FOUND) },
  'GET /messagerie/:id/pieces/:fileId': { url: (f) => `/messagerie/${f.messageId}/pieces/${f.attachmentId}`, expect: assure(OK, NOT_FOUND) },
  'POST /messagerie/:id/repondre': { url: (f) => `/messagerie/${f.messageId}/repondre`, expect: assure('allowed', NOT_FOUND), body: 'multipart' },
  'GET /mes-informations': { url: () => '/mes-informations', expect: assure(OK) },
  'POST /mes-informations': { url: () => '/mes-informations', expect: assure('allowed'), body: 'form' },
  'GET /demarches': { url: () => '/demarches', expect: assure(OK) },
  [`GET ${P}`]: { url: () => P, expect: assure(s(302, '/demarches')) },
  [`GET ${P}/hors-teleservice`]: { url: () => `${P}/hors-teleservice`, expect: assure(s(302, P)) },
  [`GET ${P}/pieces-justificatives`]: { url: () => `${P}/pieces-justificatives`, expect: assure(s(302, '/demarches')) },
  [`POST ${P}/pieces-justificatives/ajouter`]: { url: () => `${P}/pieces-justificatives/ajouter?type=avis-imposition`, expect: assure('allowed'), body: 'multipart' },
  // Another's document: the same answer as for a document already gone, and it stays where it is.
  [`POST ${P}/pieces-justificatives/:documentId/supprimer`]: { url: (f) => `${P}/pieces-justificatives/${f.documentId}/supprimer`, expect: assure('allowed', s(303, `${P}/pieces-justificatives`)), body: 'form' },
  [`POST ${P}/envoyer`]: { url: () => `${P}/envoyer`, expect: assure('allowed'), body: 'form' },
  [`GET ${P}/:demandeId/accuse-de-reception`]: { url: (f) => `${P}/${f.demandeId}/accuse-de-reception`, expect: assure(OK, NOT_FOUND) },
  [`GET ${P}/:demandeId/copie.pdf`]: { url: (f) => `${P}/${f.demandeId}/copie.pdf`, expect: assure(OK, NOT_FOUND) },
  [`GET ${P}/:page`]: { url: () => `${P}/informations-generales`, expect: assure(s(302, '/demarches')) },
  [`POST ${P}/:page`]: { url: () => `${P}/informations-generales`, expect: assure('allowed'), body: 'form' },

  // The JSON API.
  [`GET ${V1}/demarches`]: { url: () => `${V1}/demarches`, expect: api(OK) },
  [`POST ${V1D}`]: { url: () => V1D, expect: api('allowed'), body: 'json' },
  [`GET ${V1D}`]: { url: () => V1D, expect: api(s(409)) },
  ...Object.fromEntries(API_PAGES.flatMap((page) => [
    [`GET ${V1D}/pages/${page}`, { url: () => `${V1D}/pages/${page}`, expect: api(s(409)) }],
    [`PUT ${V1D}/pages/${page}`, { url: () => `${V1D}/pages/${page}`, expect: api('allowed'), body: 'json' }],
  ] satisfies Array<[string, Row]>)),
  [`GET ${V1D}/recapitulatif`]: { url: () => `${V1D}/recapitulatif`, expect: api(s(409)) },
  [`GET ${V1D}/documents`]: { url: () => `${V1D}/documents`, expect: api(s(409)) },
  [`POST ${V1D}/documents`]: { url: () => `${V1D}/documents`, expect: api('allowed'), body: 'multipart' },
  [`DELETE ${V1D}/documents/:documentId`]: { url: (f) => `${V1D}/documents/${f.documentId}`, expect: api('allowed', NOT_FOUND), body: 'json' },
  [`POST ${V1D}/envoi`]: { url: () => `${V1D}/envoi`, expect: api('allowed'), body: 'json' },
  [`GET ${V1}/demandes/:demandeId/accuse-de-reception`]: { url: (f) => `${V1}/demandes/${f.demandeId}/accuse-de-reception`, expect: api(OK, NOT_FOUND) },
  [`GET ${V1}/demandes/:demandeId/copie.pdf`]: { url: (f) => `${V1}/demandes/${f.demandeId}/copie.pdf`, expect: api(OK, NOT_FOUND) },
  [`GET ${V1}/messages`]: { url: () => `${V1}/messages`, expect: api(OK) },
  [`GET ${V1}/messages/:messageId`]: { url: (f) => `${V1}/messages/${f.messageId}`, expect: api(OK, NOT_FOUND) },
  [`GET ${V1}/messages/:messageId/pieces/:fileId`]: { url: (f) => `${V1}/messages/${f.messageId}/pieces/${f.attachmentId}`, expect: api(OK, NOT_FOUND) },

  // The back office. The accueil: every agent, within their organisme.
  'GET /agent/accueil': { url: () => '/agent/accueil', expect: agent(roles(OK, OK, OK)) },
  'POST /agent/accueil': { url: () => '/agent/accueil', expect: agent(roles('allowed', 'allowed', 'allowed')), body: 'form' },
  'GET /agent/accueil/demandes/:id/accuse-de-reception.pdf': { url: (f) => `/agent/accueil/demandes/${f.demandeId}/accuse-de-reception.pdf`, expect: agent(roles(OK, OK, OK), roles(NOT_FOUND, NOT_FOUND, NOT_FOUND)) },
  // The superviseur's pages (each of his own organisme).
  'GET /agent/tableau-de-bord': { url: () => '/agent/tableau-de-bord', expect: agent(roles(FORBIDDEN, FORBIDDEN, OK)) },
  'GET /agent/depots-en-echec': { url: () => '/agent/depots-en-echec', expect: agent(roles(FORBIDDEN, FORBIDDEN, OK)) },
  'POST /agent/depots-en-echec/:id/relancer': { url: (f) => `/agent/depots-en-echec/${f.depositId}/relancer`, expect: instructionSuperviseur('allowed'), body: 'form' },
  'GET /agent/journal': { url: () => '/agent/journal', expect: agent(roles(FORBIDDEN, FORBIDDEN, OK)) },
  'POST /agent/journal/verification': { url: () => '/agent/journal/verification', expect: agent(roles(FORBIDDEN, FORBIDDEN, 'allowed')), body: 'form' },
  // The instruction (A's demande is « en instruction », taken in charge by the technicien of X).
  'GET /agent/file': { url: () => '/agent/file', expect: agent(roles(FORBIDDEN, OK, OK)) },
  'GET /agent/a-faire': { url: () => '/agent/a-faire', expect: agent(roles(FORBIDDEN, OK, OK)) },
  'GET /agent/demandes/:demandeId': { url: (f) => `/agent/demandes/${f.demandeId}`, expect: instruction(OK) },
  'GET /agent/demandes/:demandeId/fichiers/:fileId': { url: (f) => `/agent/demandes/${f.demandeId}/fichiers/${f.uploadedFileId}`, expect: instruction(OK) },
  'GET /agent/demandes/:id/demander-des-pieces': { url: (f) => `/agent/demandes/${f.demandeId}/demander-des-pieces`, expect: instruction(OK) },
  'GET /agent/demandes/:id/decision': { url: (f) => `/agent/demandes/${f.demandeId}/decision`, expect: instruction(OK) },
  // No decision yet, so no letter: 404 even in X; the row still checks who reaches the question.
  'GET /agent/demandes/:id/lettre': { url: (f) => `/agent/demandes/${f.demandeId}/lettre`, expect: instruction(NOT_FOUND) },
  ...Object.fromEntries(['prendre-en-charge', 'pieces-recues', 'transmettre-service-medical', 'avis-medical-recu', 'notifier-rejet-implicite', 'decision'].map((action) => [
    `POST /agent/demandes/:id/${action}`, { url: (f: Fixtures) => `/agent/demandes/${f.demandeId}/${action}`, expect: instruction('allowed'), body: 'form' },
  ] satisfies [string, Row])),
  'POST /agent/demandes/:id/demander-des-pieces': {
    url: (f) => `/agent/demandes/${f.demandeId}/demander-des-pieces`, expect: instruction('allowed'), body: 'form',
    fields: () => ({ pieces: 'Vos trois derniers bulletins de salaire.' }),
  },
  // To one of the superviseur's own colleagues (himself): a valid form, so that only the demande is at stake.
  'POST /agent/demandes/:id/assigner': {
    url: (f) => `/agent/demandes/${f.demandeId}/assigner`, expect: instructionSuperviseur('allowed'), body: 'form',
    fields: (actor) => ({ agentId: 'agentId' in identities[actor as Exclude<Actor, 'anonyme'>] ? (identities[actor as Exclude<Actor, 'anonyme'>] as { agentId: string }).agentId : '' }),
  },
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const TOKENS: Record<string, 'assureA' | 'assureB'> = { 'jeton-de-A': 'assureA', 'jeton-de-B': 'assureB' }
const CLAIMS = {
  assureA: assureClaims({ family_name: 'Matricaire', given_name: 'Aurélien' }),
  assureB: assureClaims({ family_name: 'Bertrand', given_name: 'Béatrice' }),
}
// The IdP's authorization endpoint, for the sign-in routes; callbacks never get that far here.
const stubRelyingParty = {
  authorizationUrl: async () => ({ url: `http://idp.test/authorize?state=${randomUUID()}`, state: 'state', nonce: 'nonce', codeVerifier: 'verifier' }),
  callback: async (): Promise<never> => {
    throw new Error('pas de retour de connexion dans ce test')
  },
  endSessionUrl: async () => 'http://idp.test/logout',
}

let database: TestDatabase
let app: FastifyInstance
let f: Fixtures
/** Signed-in sessions (with their CSRF token) for the state-changing requests. */
const sessions = {} as Record<Exclude<Actor, 'anonyme'>, SignedIn | SignedInAgent>
/** Whose session a fresh cookie carries. */
const identities = {} as Record<Exclude<Actor, 'anonyme'>, { assureId: string } | { agentId: string }>
let cells = 0
let started = 0

before(async () => {
  started = performance.now()
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool, {
    logLevel: 'error',
    relyingParty: stubRelyingParty,
    agentRelyingParty: stubRelyingParty,
    assureUserInfo: { issuer: 'http://localhost:3001', claims: async (token) => (TOKENS[token] ? CLAIMS[TOKENS[token]] : null) },
  }))
  const pdf = await pdfAvisImposition(1)
  for (const who of ['assureA', 'assureB'] as const) {
    const user = await signInAs(app, database.pool, CLAIMS[who])
    await walk(app, user, salariePath)
    assert.equal((await upload(app, user, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])).statusCode, 303)
    assert.equal((await postForm(app, user, `${BASE}/envoyer`, {})).statusCode, 303)
    sessions[who] = user
    identities[who] = { assureId: user.assureId }
  }
  for (const [actor, role, organisme] of [
    ['accueilX', 'accueil', 'CRAMIF'], ['technicienX', 'technicien', 'CRAMIF'], ['superviseurX', 'superviseur', 'CRAMIF'],
    ['accueilY', 'accueil', '69'], ['technicienY', 'technicien', '69'], ['superviseurY', 'superviseur', '69'],
  ] as const) {
    const signed = await signInAgentAs(app, database.pool, { role, organisme })
    sessions[actor] = signed
    identities[actor] = { agentId: signed.agentId }
  }
  const a = sessions.assureA as SignedIn
  const { rows: [demande] } = await database.pool.query<{ id: string; numero: string; organisme_code: string }>('select id, numero, organisme_code from demande where assure_id = $1', [a.assureId])
  assert.equal(demande!.organisme_code, 'CRAMIF')
  const [document] = await documentsOf(database.pool, a.assureId)
  // A message of the caisse with a letter attached, about A's demande.
  const message = await withTransaction(database.pool, async (tx) => {
    const id = await postMessageToAssure(tx, { assureId: a.assureId, demandeId: demande!.id, kind: 'echange', subject: 'Votre dossier', body: 'Bonjour, voici un courrier.' })
    const inspected = await inspectUpload(pdf, 'courrier.pdf')
    assert.ok(inspected.ok)
    const fileId = await insertStoredFile(tx, a.assureId, inspected.file)
    await tx.query('insert into message_attachment (message_id, file_id) values ($1, $2)', [id, fileId])
    return { id, fileId }
  })
  // A GED deposit of A's demande in the dead letter, for « Relancer ».
  const { rows: [deposit] } = await database.pool.query<{ id: string }>(
    `insert into ged_deposit (deposit_key, demande_id, document_type, file_id, state, attempts, last_error)
     values ($1, $2, 'demande-pension-invalidite', $3, 'echec', 8, 'ged-indisponible') returning id`,
    [`${demande!.numero}:matrice`, demande!.id, document!.file_id],
  )
  f = { demandeId: demande!.id, numero: demande!.numero, uploadedFileId: document!.file_id, documentId: document!.id, messageId: message.id, attachmentId: message.fileId, depositId: deposit!.id }
  // The technicien of X takes A's demande in charge, through the app: it is « en instruction ».
  const technicien = sessions.technicienX
  const taken = await app.inject({
    method: 'POST', url: `/agent/demandes/${f.demandeId}/prendre-en-charge`,
    headers: { cookie: technicien.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(technicien.csrfToken)}`,
  })
  assert.equal(taken.statusCode, 303)
})

after(async () => {
  await app?.close()
  await database?.drop()
  console.log(`matrice d'autorisations : ${cells} cellules vérifiées en ${((performance.now() - started) / 1000).toFixed(1)} s`)
})

/** A new session of `actor` for one request: a request that changes the session (a borne, a sign-in) changes no other cell. */
async function freshCookie(actor: Actor): Promise<string | undefined> {
  if (actor === 'anonyme') return undefined
  const sid = randomBytes(24).toString('base64url')
  await database.pool.query(`insert into http_session (sid, data, expires_at) values ($1, $2, now() + interval '1 hour')`, [sid, JSON.stringify(identities[actor])])
  return `session=${encodeURIComponent(new Signer(TEST_SESSION_SECRET).sign(sid))}`
}

function isApi(route: string): boolean {
  return route.split(' ')[1]!.startsWith('/api/v1/')
}

// Each actor from their own address: the rate limits count per address.
function remoteAddress(actor: Actor): string {
  return `10.0.0.${ACTORS.indexOf(actor) + 1}`
}

/** Headers of `actor` on `route`: the API takes A's and B's bearer tokens, and whatever cookie comes (worth nothing there). */
function headersFor(route: string, actor: Actor, cookie: string | undefined): Record<string, string> {
  const headers: Record<string, string> = cookie ? { cookie } : {}
  if (isApi(route) && (actor === 'assureA' || actor === 'assureB')) headers.authorization = `Bearer ${actor === 'assureA' ? 'jeton-de-A' : 'jeton-de-B'}`
  return headers
}

function multipartBody(): { payload: Buffer; contentType: string } {
  const boundary = `----matrice${randomUUID()}`
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="reponse"\r\n\r\nBonjour\r\n--${boundary}--\r\n`),
  }
}

/** A state-changing request, with `csrfToken` (or none), its body as the route takes it. */
function send(route: string, row: Row, actor: Actor, cookie: string | undefined, csrfToken: string | null, as: 'form' | 'multipart' | 'json' = row.body ?? 'form') {
  const [method] = route.split(' ') as [string]
  const url = row.url(f)
  const headers = headersFor(route, actor, cookie)
  if (as === 'json') return app.inject({ method: method as 'POST', url, remoteAddress: remoteAddress(actor), headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' })
  if (as === 'multipart') {
    const body = multipartBody()
    const withToken = csrfToken === null ? url : `${url}${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(csrfToken)}`
    return app.inject({ method: method as 'POST', url: withToken, remoteAddress: remoteAddress(actor), headers: { ...headers, 'content-type': body.contentType }, payload: body.payload })
  }
  const form = new URLSearchParams(csrfToken === null ? {} : { _csrf: csrfToken, ...row.fields?.(actor) })
  return app.inject({ method: method as 'POST', url, remoteAddress: remoteAddress(actor), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() })
}

function check(label: string, response: { statusCode: number; headers: Record<string, unknown>; body: string }, expected: Outcome): void {
  const location = String(response.headers.location ?? '')
  assert.equal(response.statusCode, expected.status, `${label}: ${response.statusCode} ${location}, ${expected.status} attendu`)
  if (expected.location) assert.ok(location.startsWith(expected.location), `${label}: vers ${location}, ${expected.location}… attendu`)
  cells++
}

// Everything a request could change, sessions apart.
async function fingerprint(): Promise<string> {
  const tables = ['assure', 'demande', 'demande_event', 'demande_document', 'stored_file', 'message', 'message_attachment', 'demande_suspension', 'ged_deposit', 'audit_log', 'agent', 'api_idempotency_key']
  const parts = await Promise.all(tables.map(async (table) => {
    const { rows } = await database.pool.query<{ digest: string }>(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`)
    return `${table}:${rows[0]!.digest}`
  }))
  const { rows } = await database.pool.query<{ count: number }>('select count(*)::int as count from graphile_worker._private_jobs')
  return `${parts.join(' ')} jobs:${rows[0]!.count}`
}

describe("matrice d'autorisations", () => {
  it('chaque route servie a sa ligne dans la matrice, et chaque ligne sa route', () => {
    const served = new Set(routesOf(app).filter((route) => route.method !== 'HEAD').map((route) => `${route.method} ${route.url}`))
    assert.ok(served.size > 50, `${served.size} routes seulement : l'énumération a-t-elle marché ?`)
    const missing = [...served].filter((route) => !MATRIX[route])
    assert.deepEqual(missing, [], `route sans ligne dans la matrice : ${missing.join(', ')}`)
    const stale = Object.keys(MATRIX).filter((route) => !served.has(route))
    assert.deepEqual(stale, [], `ligne de la matrice sans route : ${stale.join(', ')}`)
  })

  it('GET : chaque acteur obtient le statut attendu, et rien de A là où il ne doit rien voir', async () => {
    const failures: string[] = []
    for (const [route, row] of Object.entries(MATRIX)) {
      if (!route.startsWith('GET ')) continue
      for (const actor of ACTORS) {
        const expected = row.expect[actor]
        assert.notEqual(expected, 'allowed', `${route}: une lecture se vérifie`)
        if (expected === 'allowed') continue
        const cookie = await freshCookie(actor)
        const response = await app.inject({ method: 'GET', url: row.url(f), remoteAddress: remoteAddress(actor), headers: headersFor(route, actor, cookie) })
        const label = `${route} [${actor}]`
        try {
          check(label, response, expected)
          // Only A himself and the instruction of X (and X's accueil, for the acknowledgment) may see A.
          const entitled = actor === 'assureA' || actor.endsWith('X')
          if (!entitled && !row.public) {
            for (const secret of [f.numero, 'Matricaire', f.attachmentId, 'Votre dossier']) {
              assert.ok(!response.body.includes(secret), `${label}: la réponse contient « ${secret} », de l'assuré A`)
            }
          }
        } catch (error) {
          failures.push((error as Error).message)
        }
      }
    }
    assert.deepEqual(failures, [])
  })

  it('sans jeton CSRF, toute requête qui change quelque chose est refusée (403) et ne change rien', async () => {
    const failures: string[] = []
    for (const [route, row] of Object.entries(MATRIX)) {
      const [method] = route.split(' ')
      if (!STATE_CHANGING.has(method!) || isApi(route)) continue
      for (const actor of ACTORS) {
        // As a form and as multipart: neither gets past without the token, whatever the route.
        for (const as of ['form', 'multipart'] as const) {
          const before = await fingerprint()
          const response = await send(route, row, actor, actor === 'anonyme' ? undefined : sessions[actor].cookie, null, as)
          try {
            check(`${route} [${actor}, ${as}, sans jeton]`, response, FORBIDDEN)
            assert.equal(await fingerprint(), before, `${route} [${actor}, ${as}, sans jeton] : la base a changé`)
          } catch (error) {
            failures.push((error as Error).message)
          }
        }
      }
    }
    assert.deepEqual(failures, [])
  })

  it("avec un jeton valide, le mauvais acteur est refusé comme en lecture et ne change rien ; l'API ne connaît que les jetons porteurs", async () => {
    const failures: string[] = []
    for (const [route, row] of Object.entries(MATRIX)) {
      const [method] = route.split(' ')
      if (!STATE_CHANGING.has(method!)) continue
      for (const actor of ACTORS) {
        const expected = row.expect[actor]
        if (expected === 'allowed') continue
        // No session, no token: the anonymous visitor was checked without one above. The API takes no CSRF token.
        if (actor === 'anonyme' && !isApi(route)) continue
        const session = actor === 'anonyme' ? undefined : sessions[actor]
        const before = await fingerprint()
        const response = await send(route, row, actor, session?.cookie, isApi(route) ? null : session!.csrfToken)
        const label = `${route} [${actor}]`
        try {
          check(label, response, expected)
          assert.equal(await fingerprint(), before, `${label} : la base a changé`)
        } catch (error) {
          failures.push((error as Error).message)
        }
      }
      // A's own session cookie, without his bearer token, is nothing to the API.
      if (isApi(route)) {
        const before = await fingerprint()
        const response = await send(route, row, 'anonyme', sessions.assureA.cookie, null)
        try {
          check(`${route} [cookie de A sans jeton porteur]`, response, s(401))
          assert.equal(await fingerprint(), before, `${route} [cookie de A] : la base a changé`)
        } catch (error) {
          failures.push((error as Error).message)
        }
      }
    }
    assert.deepEqual(failures, [])
  })

  it("les sessions des acteurs sont toujours ouvertes (aucune cellule n'a déconnecté personne)", async () => {
    for (const agentActor of AGENTS) {
      const response = await app.inject({ method: 'GET', url: '/agent/accueil', remoteAddress: remoteAddress(agentActor), headers: { cookie: sessions[agentActor].cookie } })
      assert.equal(response.statusCode, 200, agentActor)
    }
  })
})
