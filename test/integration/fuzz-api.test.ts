// Fuzzing of the JSON API (issue 6): generated requests, valid and invalid mixed, to every
// operation of /api/v1 that changes something or takes a query string, through the real service
// (bearer token honoured by a userinfo endpoint, PostgreSQL) with fastify's inject. After each:
// never a 5xx; the answer is one the OpenAPI document describes (status, media type, schema); a
// refusal is a problem in French (422: one error per field) and leaves the draft as it was; saved
// answers pass their page's schema and no answer of a branch not taken is kept.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims } from '../support/sign-in.ts'
import { assertDocumentedResponse, openApiValidator, operationTemplate } from '../support/api.ts'
import { pngImage } from '../support/files.ts'
import { draftStartFor, fileCount, hostileString, multipartBody, pageJson } from '../support/fuzz-arbitraries.ts'
import { assertAttestationFollowsChanges, assertCoherentDraft, assertFrenchMessage, assertPrototypeUntouched, FuzzTally, runsPerEndpoint } from '../support/fuzz-checks.ts'
import { pageFields, type Answers } from '../../src/demarche/domain/answers.ts'
import { ANSWER_PAGES } from '../../src/api/schemas.ts'
import { isPageReachable } from '../../src/demarche/domain/journey.ts'
import { salarie } from '../../src/demarche/domain/test-fixtures.ts'
import type { OpenApiDocument } from '../../src/api/openapi.ts'
import type { AssureClaims } from '../../src/identity/oidc-relying-party.ts'
import { todayInParis, type LocalDate } from '../../src/shared/dates.ts'

// The compte ameli's userinfo, as the provider would answer it: one assurée per token.
const holders = new Map<string, AssureClaims>()
const suite = integrationSuite({ assureUserInfo: { issuer: 'http://compte-ameli.test', claims: async (token) => holders.get(token) ?? null } })
const tally = new FuzzTally(runsPerEndpoint(400))
const BIRTH = assureClaims().birthdate as LocalDate
const ctx = { today: todayInParis(new Date()), dateNaissance: BIRTH }
const API = '/api/v1'
const DEMARCHE = `${API}/demarches/pension-invalidite`

let described: { document: OpenApiDocument; ajv: Ajv2020 } | undefined
// Each request from its own address: the API's limit of 300 a minute per address is not under test.
let requests = 0
const nextAddress = () => `10.${(++requests >> 16) & 255}.${(requests >> 8) & 255}.${requests & 255}`

after(() => tally.print("Fuzzing de l'API"))

const EDGE_REFUSALS = [400, 413, 414, 415]

type Sent = { status: number; mediaType: string | null; body: any }
type Request = { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; path: string; query?: string; token: string; payload?: string | Buffer; contentType?: string; headers?: Record<string, string> }

/** Sends a request and checks that the document describes the answer; a problem must speak French. */
async function call(request: Request): Promise<Sent> {
  const response = await suite.app.inject({
    method: request.method,
    url: `${request.path}${request.query ? `?${request.query}` : ''}`,
    remoteAddress: nextAddress(),
    headers: { authorization: `Bearer ${request.token}`, ...(request.contentType && { 'content-type': request.contentType }), ...request.headers },
    ...(request.payload !== undefined && { payload: request.payload }),
  })
  const label = `${request.method} ${request.path} → ${response.statusCode}`
  assert.ok(response.statusCode < 500, `${label}\n${response.body.slice(0, 400)}`)
  const mediaType = response.headers['content-type']?.toString().split(';')[0]?.trim() ?? null
  const body = mediaType?.endsWith('json') ? response.json() : response.rawPayload
  if (!described) {
    const document = (await suite.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument
    described = { document, ajv: openApiValidator(document) }
  }
  const [method, path] = [request.method.toLowerCase(), request.path.slice(API.length)]
  const template = operationTemplate(described.document, method, path)
  // An address the document does not list (an empty identifier): not found, as a French problem.
  if (!template) assert.equal(response.statusCode, 404, label)
  // Refusals of the edge (body unreadable or too large, address too long, content type) are listed
  // only for the operations that take a body; elsewhere they are still French problems (below).
  const edgeRefusal = EDGE_REFUSALS.includes(response.statusCode) && !described.document.paths[template ?? '']?.[method]?.responses[String(response.statusCode)]
  if (template && !edgeRefusal) assertDocumentedResponse(described.document, described.ajv, method, path, { status: response.statusCode, mediaType, byteLength: response.rawPayload.length, body })
  if (response.statusCode >= 400) {
    assert.equal(mediaType, 'application/problem+json', label)
    assertFrenchMessage(`${body.title} ${body.detail}`, label)
    // A 422 lists one error per field, unless it says where the demande is incomplete or that the key was used.
    if (response.statusCode === 422 && !/demande-incomplete|cle-idempotence-deja-utilisee/.test(body.type)) {
      assert.ok(Array.isArray(body.errors) && body.errors.length > 0, `${label}: un 422 sans erreur par champ`)
      for (const error of body.errors) assertFrenchMessage(error.message, `${label} (${error.field})`)
    }
  }
  return { status: response.statusCode, mediaType, body }
}

/** A new assurée of the API, her draft started. */
async function newAssure(): Promise<{ token: string; assureId: string; demandeId: string }> {
  const token = `jeton-${randomUUID()}`
  holders.set(token, assureClaims())
  const started = await call({ method: 'POST', path: DEMARCHE, token })
  assert.equal(started.status, 200)
  const { rows } = await suite.pool.query<{ id: string; assure_id: string }>('select id, assure_id from demande where id = $1', [started.body.id])
  return { token, assureId: rows[0]!.assure_id, demandeId: rows[0]!.id }
}

async function draftRow(demandeId: string): Promise<{ answers: Answers; state: string; updated: string; documents: number }> {
  const { rows } = await suite.pool.query(
    `select answers, state, updated_at::text as updated, (select count(*)::int from demande_document where demande_id = d.id) as documents from demande d where id = $1`,
    [demandeId],
  )
  return rows[0]
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'null'

/** A JSON body as a client sends it: well formed, or with a duplicate key, a `__proto__` key, or not JSON at all. */
function jsonPayload(value: fc.Arbitrary<unknown>): fc.Arbitrary<{ payload: string; contentType?: string }> {
  const text = fc.oneof(
    { arbitrary: value.map(json), weight: 20 },
    { arbitrary: value.map((v) => `{"__proto__":{"polluted":true},${json(v).slice(1)}`), weight: 1 },
    { arbitrary: value.map((v) => `{"constructor":{"prototype":{"polluted":true}},${json(v).slice(1)}`), weight: 1 },
    { arbitrary: value.map((v) => `{"situation":"salarie","nationalite":"autre",${json(v).slice(1)}`), weight: 1 },
    { arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"texte"', '{"a":1}{"b":2}', '\u0000', 'NaN'), weight: 1 },
    { arbitrary: fc.constant(`{"situationAutre":"${'x'.repeat(1024 * 1024)}"}`), weight: 1 },
  ).map((payload) => payload.replace(/^\{,/, '{').replace(/,\}$/, '}'))
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 20 },
    { arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', 'application/xml', 'multipart/form-data; boundary=x'), weight: 1 },
  )
  return fc.record({ payload: text, contentType })
}

describe('the démarche through the API', () => {
  for (const page of ANSWER_PAGES) {
    it(`PUT /demarches/pension-invalidite/pages/${page}?retour=…: never a 5xx, refusals in French with nothing stored, no answer of a branch not taken`, async () => {
      const assure = await newAssure()
      const path = `${DEMARCHE}/pages/${page}`
      const retour = fc.constantFrom(undefined, 'retour=recapitulatif', 'retour=x', 'retour=recapitulatif&retour=recapitulatif', 'retour=%00', 'retour[]=1', '__proto__[x]=1')
      const arbitrary = fc.record({ body: jsonPayload(pageJson(page, BIRTH)), retour, start: fc.nat(), restart: fc.integer({ min: 0, max: 9 }) })
      await tally.run(`PUT ${path.slice(API.length)}`, arbitrary, async ({ body, retour, start, restart }, record) => {
        let before = await draftRow(assure.demandeId)
        if (restart === 0 || !isPageReachable(before.answers, page)) {
          await suite.pool.query('update demande set answers = $2 where id = $1', [assure.demandeId, JSON.stringify(draftStartFor(page, start))])
          before = await draftRow(assure.demandeId)
        }
        const response = await call({ method: 'PUT', path, query: retour, token: assure.token, payload: body.payload, contentType: body.contentType })
        record(response.status)
        const label = `${page} ${response.status}`
        const stored = await draftRow(assure.demandeId)
        if (response.status !== 200) return assert.deepEqual(stored, before, `${label}: refusé, mais le brouillon a changé`)
        assertCoherentDraft(stored.answers as Record<string, unknown>, ctx, label)
        const own = Object.fromEntries(pageFields[page].filter((field) => field in stored.answers).map((field) => [field, stored.answers[field]]))
        assert.deepEqual(response.body.answers, own, `${label}: la réponse ne dit pas ce qui est enregistré`)
        assertAttestationFollowsChanges(page, before.answers, stored.answers, label)
      })
    })
  }

  it('POST /demarches/pension-invalidite: never a 5xx, whatever the body; one draft per assurée', async () => {
    const assure = await newAssure()
    await tally.run('POST /demarches/pension-invalidite', jsonPayload(fc.anything()), async (body, record) => {
      const response = await call({ method: 'POST', path: DEMARCHE, token: assure.token, payload: body.payload, contentType: body.contentType })
      record(response.status)
      if (response.status === 200) assert.equal(response.body.id, assure.demandeId, 'le brouillon existant est repris')
      const { rows } = await suite.pool.query<{ n: number }>('select count(*)::int as n from demande where assure_id = $1', [assure.assureId])
      assert.equal(rows[0]!.n, 1, 'une seule demande en cours')
    })
  })
})

describe('sending and the justificatifs through the API', () => {
  let incomplete: Awaited<ReturnType<typeof newAssure>>
  let withoutFiles: Awaited<ReturnType<typeof newAssure>>

  before(async () => {
    incomplete = await newAssure()
    withoutFiles = await newAssure()
    await suite.pool.query('update demande set answers = $2 where id = $1', [withoutFiles.demandeId, JSON.stringify(salarie)])
  })

  it('POST /demarches/pension-invalidite/envoi: never a 5xx; an incomplete draft or one without its justificatifs is not sent, whatever the Idempotency-Key', async () => {
    const key = fc.oneof(
      { arbitrary: fc.uuid().map(String), weight: 8 },
      { arbitrary: fc.constantFrom(undefined, '', ' ', 'x'.repeat(256), 'clé-à-accent', 'a b', 'x'.repeat(255)), weight: 2 },
      { arbitrary: hostileString.filter((value) => /^[\t\x20-\x7e]*$/.test(value)), weight: 1 },
    )
    await tally.run('POST /demarches/pension-invalidite/envoi', fc.record({ complete: fc.boolean(), key, body: jsonPayload(fc.anything()) }), async ({ complete, key, body }, record) => {
      const assure = complete ? withoutFiles : incomplete
      const before = await draftRow(assure.demandeId)
      const response = await call({ method: 'POST', path: `${DEMARCHE}/envoi`, token: assure.token, payload: body.payload, contentType: body.contentType, headers: key === undefined ? {} : { 'idempotency-key': key } })
      record(response.status)
      assert.deepEqual(await draftRow(assure.demandeId), before, `envoi ${response.status}: la demande a changé`)
      assert.ok([400, 413, 415, 422].includes(response.status), `envoi ${response.status}: ni envoyée ni refusée`)
    })
  })

  it('POST /demarches/pension-invalidite/documents: never a 5xx; a refused upload stores nothing, an accepted one stores its files', async () => {
    const assure = await newAssure()
    await suite.pool.query('update demande set answers = $2 where id = $1', [assure.demandeId, JSON.stringify(salarie)])
    const png = pngImage()
    const part = fc.oneof(
      { arbitrary: fc.constant({ name: 'photo.png', bytes: png }), weight: 3 },
      { arbitrary: fc.record({ name: hostileString, bytes: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) }), weight: 2 },
      { arbitrary: fc.constant({ name: 'faux.pdf', bytes: Buffer.from('%PDF-1.7\n%%EOF') }), weight: 1 },
    )
    const type = fc.oneof({ arbitrary: fc.constantFrom('avis-imposition', 'titre-sejour', 'notification-rente', 'bulletins-salaire'), weight: 4 }, { arbitrary: hostileString, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 })
    const arbitrary = fc.record({ type, files: fc.array(part, { maxLength: 3 }), twice: fc.integer({ min: 0, max: 9 }), multipart: fc.integer({ min: 0, max: 19 }) })
    await tally.run('POST /demarches/pension-invalidite/documents', arbitrary, async ({ type, files, twice, multipart }, record) => {
      const before = await draftRow(assure.demandeId)
      // Past a few files, the document is emptied again so that an upload can still be accepted.
      if (before.documents >= 8) await suite.pool.query('delete from demande_document where demande_id = $1', [assure.demandeId])
      const counted = (await draftRow(assure.demandeId)).documents
      const fields: Array<[string, string]> = type === undefined ? [] : twice === 0 ? [['type', type], ['type', 'avis-imposition']] : [['type', type]]
      const request = multipart === 0
        ? { payload: JSON.stringify({ type, fichiers: files.map((file) => file.name) }), contentType: 'application/json' }
        : multipartBody(fields, 'fichiers', files)
      const response = await call({ method: 'POST', path: `${DEMARCHE}/documents`, token: assure.token, ...request })
      record(response.status)
      const after = await draftRow(assure.demandeId)
      if (response.status === 201) assert.equal(after.documents, counted + fileCount(files), 'fichiers acceptés et enregistrés')
      else assert.equal(after.documents, counted, `documents ${response.status}: refusé, mais des fichiers sont enregistrés`)
    })
  })

  it('DELETE /demarches/pension-invalidite/documents/{documentId}: never a 5xx; only a file of her own draft is removed', async () => {
    const assure = await newAssure()
    await suite.pool.query('update demande set answers = $2 where id = $1', [assure.demandeId, JSON.stringify(salarie)])
    const other = await newAssure()
    await suite.pool.query('update demande set answers = $2 where id = $1', [other.demandeId, JSON.stringify(salarie)])
    const upload = async (who: typeof assure) => {
      const response = await call({ method: 'POST', path: `${DEMARCHE}/documents`, token: who.token, ...multipartBody([['type', 'avis-imposition']], 'fichiers', [{ name: 'photo.png', bytes: pngImage() }]) })
      assert.equal(response.status, 201)
      return (await suite.pool.query<{ id: string }>('select id from demande_document where demande_id = $1 order by created_at desc limit 1', [who.demandeId])).rows[0]!.id
    }
    const othersDocument = await upload(other)
    const target = fc.oneof({ arbitrary: fc.constantFrom('le sien', 'celui d’une autre'), weight: 6 }, { arbitrary: fc.uuid().map(String), weight: 2 }, { arbitrary: hostileString.filter((text) => text.isWellFormed()).map(encodeURIComponent), weight: 2 })
    await tally.run('DELETE /demarches/pension-invalidite/documents/{documentId}', target, async (target, record) => {
      const own = target === 'le sien' ? await upload(assure) : null
      const id = own ?? (target === 'celui d’une autre' ? othersDocument : target)
      const response = await call({ method: 'DELETE', path: `${DEMARCHE}/documents/${id}`, token: assure.token })
      record(response.status)
      const still = async (documentId: string) => (await suite.pool.query('select 1 from demande_document where id = $1', [documentId])).rowCount
      assert.equal(await still(othersDocument), 1, "le fichier d'une autre assurée est toujours là")
      if (own) {
        assert.equal(response.status, 204, 'son propre fichier est retiré')
        assert.equal(await still(own), 0)
      } else assert.ok([400, 404].includes(response.status), `${response.status}: ni introuvable, ni adresse refusée`)
    })
  })
})

it('leaves Object.prototype untouched by the `__proto__` and `constructor` keys sent', assertPrototypeUntouched)
