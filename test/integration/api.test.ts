// The JSON API of the mobile application: a real sign-in to the compte ameli (the demo provider,
// authorization code + PKCE, public client), then a whole demande filed through the API alone —
// every page, a refused page that saves nothing, a real PDF, the récapitulatif, the sending
// replayed under its Idempotency-Key — then Mes démarches, the messagerie and the acknowledgment.
// Every response is checked against the OpenAPI document the service serves (test/support/api.ts).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { startTestService, TEST_CLIENT_SECRETS, type TestService } from '../support/service.ts'
import { apiClient, mobileSignIn, signInThroughClient, OPENAPI_ID, openApiValidator, type ApiClient, type ApiRequest } from '../support/api.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import { countRows } from '../support/demarche.ts'
import { validatePage } from '../../src/demarche/domain/schemas/validate-page.ts'
import { pageContextFor } from '../../src/demarche/domain/schemas/field-schemas.ts'
import { ACCUSE_RECEPTION_SUBJECT } from '../../src/demarche/domain/accuse-reception.ts'
import { demoAssures } from '../../src/identity/demo-provider/accounts.ts'
import { formatFrenchDate, type LocalDate } from '../../src/shared/dates.ts'
import { ANSWER_PAGES } from '../../src/api/schemas.ts'
import { ASSURE_CALLBACK } from '../../src/identity/relying-parties.ts'

const BASE = '/demarches/pension-invalidite'

let service: TestService
let api: ApiClient
let pdf: Buffer

before(async () => {
  service = await startTestService()
  api = await apiClient(service.baseUrl)
  pdf = await pdfAvisImposition()
})

after(() => service.close())

function fileForm(type: string, files: Array<{ name: string; type: string; bytes: Buffer }>): FormData {
  const form = new FormData()
  form.append('type', type)
  for (const file of files) form.append('fichiers', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name)
  return form
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, every schema of it compiles, and the page bodies are the page schemas with their dates as format: date', async () => {
    const { document } = api
    assert.equal(document.openapi, '3.1.1')
    const ajv = openApiValidator(document)
    for (const id of Object.keys(document.components.schemas)) assert.ok(ajv.getSchema(`${OPENAPI_ID}#/components/schemas/${id}`), id)
    for (const page of ANSWER_PAGES) {
      const put = document.paths[`${BASE}/pages/${page}`]?.put as { requestBody: { content: Record<string, { schema: { $ref: string } }> } } | undefined
      assert.equal(put?.requestBody.content['application/json']?.schema.$ref, `#/components/schemas/PageAnswers.${page}`, page)
    }
    const employeur = document.components.schemas['PageAnswers.employeur'] as { properties: Record<string, Record<string, unknown>> }
    assert.deepEqual(
      { type: employeur.properties.dateDebutContrat?.type, format: employeur.properties.dateDebutContrat?.format },
      { type: 'string', format: 'date' },
    )
    assert.equal(employeur.properties.employeurNom?.title, "Nom de l'employeur")
    const { compteAmeli } = document.components.securitySchemes as { compteAmeli: { type: string; openIdConnectUrl: string } }
    assert.equal(compteAmeli.type, 'openIdConnect')
    const discovery = (await (await fetch(compteAmeli.openIdConnectUrl)).json()) as { issuer: string; userinfo_endpoint?: string }
    assert.equal(discovery.issuer, api.issuer)
    assert.ok(discovery.userinfo_endpoint)
  })
})

describe('the API, for the mobile application', () => {
  let token: string
  let otherToken: string
  let demandeId: string
  let messageId: string
  let uploadedFileId: string
  const as = (request: ApiRequest = {}): ApiRequest => ({ token, ...request })

  /** Saves a page, checks where it leads, and reads it back as saved. */
  async function save(page: string, answers: unknown, next: string) {
    const response = await api.call('put', `${BASE}/pages/${page}`, as({ json: answers }))
    assert.equal(response.status, 200, `${page}: ${JSON.stringify(response.body)}`)
    assert.equal(response.body.nextPage, next, page)
    const read = await api.call('get', `${BASE}/pages/${page}`, as())
    assert.deepEqual(read.body.answers, response.body.answers, `${page} reads back as saved`)
    return read.body
  }

  it('refuses a request without a bearer token, or with one the identity provider does not know: 401, in French', async () => {
    const anonymous = await api.call('get', '/demarches')
    assert.equal(anonymous.status, 401)
    assert.equal(anonymous.body.title, 'Authentification requise')
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer /)
    const forged = await api.call('get', '/demarches', { token: 'pas-un-jeton-du-compte-ameli' })
    assert.equal(forged.status, 401)
    assert.equal(forged.body.title, 'Jeton invalide ou expiré')
    assert.match(forged.headers.get('www-authenticate') ?? '', /error="invalid_token"/)
    // A session cookie is no way in: the API knows bearer tokens only.
    assert.equal((await api.call('get', '/demarches', { headers: { cookie: 'session=quelconque' } })).status, 401)
  })

  it('accepts the access token of a real sign-in to the compte ameli (authorization code + PKCE, public client)', async () => {
    token = await mobileSignIn(api.issuer, 'assure.93')
    otherToken = await mobileSignIn(api.issuer, 'assure.77')
    const response = await api.call('get', '/demarches', as())
    assert.equal(response.status, 200)
    assert.deepEqual(response.body, { demandes: [] })
    assert.equal(response.headers.get('cache-control'), 'no-store')
    assert.equal(response.headers.get('x-ratelimit-limit'), '300')
    const assure = demoAssures().find((account) => account.login === 'assure.93')!
    assert.equal(await countRows(service.database.pool, 'select 1 from assure where nir = $1', [assure.claims.nir]), 1, 'the assuré is known from the claims')
  })

  it("refuses a real token of the same provider issued to another client (the web service's own): the API is the mobile application's", async () => {
    const webToken = await signInThroughClient(api.issuer, 'assure.93', { clientId: 'invalidite-en-ligne', clientSecret: TEST_CLIENT_SECRETS.assure, redirectUri: service.baseUrl + ASSURE_CALLBACK })
    const refused = await api.call('get', '/demarches', { token: webToken })
    assert.equal(refused.status, 401)
    assert.equal(refused.body.title, 'Jeton invalide ou expiré')
    // The same person through the mobile application is served.
    assert.equal((await api.call('get', '/demarches', as())).status, 200)
  })

  it('starts the démarche, and refuses a step whose previous ones are not complete', async () => {
    assert.equal((await api.call('get', BASE, as())).status, 404)
    const started = await api.call('post', BASE, as())
    assert.equal(started.status, 200)
    assert.equal(started.body.currentPage, 'informations-generales')
    assert.deepEqual(started.body.path.map((step: { page: string }) => step.page), ['informations-generales', 'coordonnees', 'situation-professionnelle', 'informations-complementaires', 'recapitulatif', 'pieces-justificatives'])
    const page = await api.call('get', `${BASE}/pages/informations-generales`, as())
    assert.equal(page.body.step.number, 1)
    assert.equal(page.body.fields[0].name, 'vuMedecinConseil')
    assert.deepEqual(page.body.fields[0].options, [{ value: 'oui', label: 'Oui' }, { value: 'non', label: 'Non' }])
    const tooEarly = await api.call('put', `${BASE}/pages/coordonnees`, as({ json: { nationalite: 'francaise' } }))
    assert.equal(tooEarly.status, 409)
    assert.equal(tooEarly.body.currentPage, 'informations-generales')
  })

  it('saves each step, and refuses invalid answers with the web pages\' French messages, one per field, saving nothing', async () => {
    const informationsGenerales = await save('informations-generales', { vuMedecinConseil: 'non' }, 'coordonnees')
    assert.match(informationsGenerales.nextSteps[0], /médecin traitant/)
    const coordonnees = await save('coordonnees', { nationalite: 'francaise' }, 'situation-professionnelle')
    assert.ok(coordonnees.identity.some((row: { label: string; value: string }) => row.label === 'Nom' && row.value === 'Lefèvre'), 'the identity from the account')
    await save('situation-professionnelle', { situation: 'salarie' }, 'plusieurs-employeurs')
    await save('plusieurs-employeurs', { plusieursEmployeurs: 'non' }, 'employeur')

    const before = await api.call('get', BASE, as())
    const refused = await api.call('put', `${BASE}/pages/employeur`, as({
      json: { employeurNom: '  ', employeurSiret: '732 829 320 00075', dateDebutContrat: '2099-01-01', contratTermine: 'oui', dateFinContrat: '2015-02-30', arretTravail: 'oui' },
    }))
    assert.equal(refused.status, 422)
    assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/)
    // The same answers typed in the web form give the same messages, in the same order.
    const assure = demoAssures().find((account) => account.login === 'assure.93')!
    const web = validatePage('employeur', {
      employeurNom: '', employeurSiret: '732 829 320 00075', 'dateDebutContrat-jour': '1', 'dateDebutContrat-mois': '1', 'dateDebutContrat-annee': '2099',
      contratTermine: 'oui', 'dateFinContrat-jour': '30', 'dateFinContrat-mois': '2', 'dateFinContrat-annee': '2015', arretTravail: 'oui',
    }, pageContextFor({ dateNaissance: assure.claims.birthdate }, new Date()))
    assert.ok(!web.ok)
    assert.deepEqual(refused.body.errors, web.errors.map(({ field, message }) => ({ field, message })))
    assert.deepEqual(refused.body.errors.map((error: { field: string }) => error.field), ['employeurNom', 'employeurAdresse', 'employeurSiret', 'dateDebutContrat', 'dateFinContrat', 'dateArretTravail'])
    assert.equal(refused.body.errors[0].message, 'Indiquez le nom de votre employeur')
    assert.equal(refused.body.errors[3].message, 'La date de début du contrat ne peut pas être dans le futur')
    assert.deepEqual((await api.call('get', BASE, as())).body, before.body, 'nothing saved')

    const employeur = await save('employeur', {
      employeurNom: 'Boulangerie du Canal', employeurAdresse: '3 quai de Seine, 93200 Saint-Denis', employeurSiret: '732 829 320 00074',
      dateDebutContrat: '2015-09-01', contratTermine: 'non', arretTravail: 'oui', dateArretTravail: '2025-02-12',
    }, 'informations-complementaires')
    assert.equal(employeur.answers.employeurSiret, '73282932000074')
    assert.equal(employeur.answers.dateArretTravail, '2025-02-12')
    assert.equal(employeur.previousPage, 'plusieurs-employeurs')
    await save('informations-complementaires', { accident: 'non', autreRegime: 'non', travailEtranger: 'non', pensions: ['aucune'] }, 'recapitulatif')

    const draft = await api.call('get', BASE, as())
    assert.equal(draft.body.currentPage, 'recapitulatif')
    assert.equal(draft.body.readyToSubmit, false, 'the attestation is not given yet')
    assert.deepEqual(draft.body.answers['situation-professionnelle'], { situation: 'salarie' })
  })

  it('reads the récapitulatif, and takes the attestation sur l\'honneur', async () => {
    const recap = await api.call('get', `${BASE}/recapitulatif`, as())
    assert.equal(recap.status, 200)
    assert.deepEqual(recap.body.sections.map((section: { title: string }) => section.title), ['Informations générales', 'Vos coordonnées', 'Votre situation professionnelle', 'Vos employeurs', 'Votre employeur', 'Informations complémentaires'])
    const employeur = recap.body.sections.find((section: { page: string }) => section.page === 'employeur')
    assert.ok(employeur.rows.some((row: { label: string; value: string }) => row.label === 'Date de début du contrat de travail' && row.value === formatFrenchDate('2015-09-01' as LocalDate)))
    assert.equal(recap.body.attestation.given, false)
    const notYet = await api.call('post', `${BASE}/envoi`, as({ headers: { 'idempotency-key': randomUUID() } }))
    assert.equal(notYet.status, 422)
    assert.equal(notYet.body.currentPage, 'recapitulatif')
    await save('recapitulatif', { attestation: 'oui' }, 'pieces-justificatives')
    assert.equal((await api.call('get', BASE, as())).body.readyToSubmit, true)
  })

  it('takes the justificatifs, each file judged by its content; refuses a document not asked for', async () => {
    const documents = await api.call('get', `${BASE}/documents`, as())
    assert.deepEqual(documents.body.documents.map((document: { kind: string }) => document.kind), ['avis-imposition'])
    const missing = await api.call('post', `${BASE}/envoi`, as({ headers: { 'idempotency-key': randomUUID() } }))
    assert.equal(missing.status, 422)
    assert.deepEqual(missing.body.errors, [{ field: 'avis-imposition', message: "Ajoutez : dernier avis d'imposition ou avis de situation déclarative" }])

    const notAsked = await api.call('post', `${BASE}/documents`, as({ form: fileForm('titre-sejour', [{ name: 'titre.pdf', type: 'application/pdf', bytes: pdf }]) }))
    assert.equal(notAsked.status, 422)
    assert.deepEqual(notAsked.body.errors, [{ field: 'type', message: "Ce justificatif n'est pas demandé pour votre situation." }])
    const notAFile = await api.call('post', `${BASE}/documents`, as({ form: fileForm('avis-imposition', [{ name: 'avis.pdf', type: 'application/pdf', bytes: Buffer.from('pas un PDF') }]) }))
    assert.equal(notAFile.status, 422)
    assert.equal(notAFile.body.errors[0].field, 'fichiers')
    assert.match(notAFile.body.errors[0].message, /^Le fichier « avis\.pdf » n'est ni un PDF/)
    assert.equal((await api.call('post', `${BASE}/documents`, as({ json: { type: 'avis-imposition' } }))).status, 415)

    const photo = await api.call('post', `${BASE}/documents`, as({ form: fileForm('avis-imposition', [{ name: 'photo.png', type: 'image/png', bytes: pngImage() }]) }))
    assert.equal(photo.status, 201)
    const photoId = photo.body.documents[0].files[0].id
    assert.equal((await api.call('delete', `${BASE}/documents/${photoId}`, as())).status, 204)
    assert.equal((await api.call('delete', `${BASE}/documents/${photoId}`, as())).status, 404)

    const uploaded = await api.call('post', `${BASE}/documents`, as({ form: fileForm('avis-imposition', [{ name: 'avis-impot-2026.pdf', type: 'application/pdf', bytes: pdf }]) }))
    assert.equal(uploaded.status, 201)
    assert.deepEqual(uploaded.body.documents[0].files.map((file: { displayName: string; mediaType: string; byteSize: number }) => [file.displayName, file.mediaType, file.byteSize]), [['avis-impot-2026.pdf', 'application/pdf', pdf.length]])
    uploadedFileId = uploaded.body.documents[0].files[0].id
  })

  it('sends the demande once under an Idempotency-Key, however often it is replayed; requires the key', async () => {
    const withoutKey = await api.call('post', `${BASE}/envoi`, as())
    assert.equal(withoutKey.status, 400)
    assert.equal(withoutKey.body.title, 'En-tête Idempotency-Key requis')

    const key = randomUUID()
    const [first, concurrent] = await Promise.all([1, 2].map(() => api.call('post', `${BASE}/envoi`, as({ headers: { 'idempotency-key': key } }))))
    const replayed = await api.call('post', `${BASE}/envoi`, as({ headers: { 'idempotency-key': key } }))
    for (const response of [first!, concurrent!, replayed]) {
      assert.equal(response.status, 201)
      assert.deepEqual(response.body, first!.body)
      assert.equal(response.headers.get('location'), `/api/v1/demandes/${first!.body.demandeId}/accuse-de-reception`)
    }
    assert.match(first!.body.numero, /^PI-\d{4}-\d{7}$/)
    demandeId = first!.body.demandeId
    messageId = first!.body.messageId
    const { pool } = service.database
    assert.equal(await countRows(pool, `select 1 from demande where id = $1 and state = 'recue' and channel = 'api'`, [demandeId]), 1)
    assert.equal(await countRows(pool, 'select 1 from demande where assure_id = (select assure_id from demande where id = $1)', [demandeId]), 1, 'one demande')
    assert.equal(await countRows(pool, `select 1 from message where demande_id = $1 and kind = 'accuse_reception'`, [demandeId]), 1, 'one acknowledgment')
    assert.equal(await countRows(pool, 'select 1 from api_idempotency_key where key = $1', [key]), 1)

    const afterSending = await api.call('put', `${BASE}/pages/informations-generales`, as({ json: { vuMedecinConseil: 'oui' } }))
    assert.equal(afterSending.status, 409)
    assert.equal(afterSending.body.demandeId, demandeId)
    assert.equal((await api.call('get', BASE, as())).status, 409)
    assert.equal((await api.call('post', BASE, as())).status, 409, 'no second demande while this one is instructed')
  })

  it('reads Mes démarches, the acknowledgment and the PDF copy', async () => {
    const mesDemarches = await api.call('get', '/demarches', as())
    assert.equal(mesDemarches.body.demandes.length, 1)
    assert.deepEqual(
      { id: mesDemarches.body.demandes[0].id, state: mesDemarches.body.demandes[0].state, stateLabel: mesDemarches.body.demandes[0].stateLabel },
      { id: demandeId, state: 'recue', stateLabel: 'Reçue' },
    )
    const accuse = await api.call('get', `/demandes/${demandeId}/accuse-de-reception`, as())
    assert.equal(accuse.status, 200)
    assert.equal(accuse.body.messageId, messageId)
    assert.match(accuse.body.nextSteps[0], /médecin traitant/)
    const copy = await api.call('get', `/demandes/${demandeId}/copie.pdf`, as())
    assert.equal(copy.status, 200)
    assert.equal((copy.body as Buffer).subarray(0, 5).toString('latin1'), '%PDF-')
  })

  it('reads the messagerie: the acknowledgment, marked read once opened', async () => {
    const before = await api.call('get', '/messages', as())
    assert.equal(before.body.unread, 1)
    assert.deepEqual(before.body.messages.map((message: { id: string; subject: string }) => [message.id, message.subject]), [[messageId, ACCUSE_RECEPTION_SUBJECT]])
    const message = await api.call('get', `/messages/${messageId}`, as())
    assert.equal(message.body.demandeId, demandeId)
    assert.match(message.body.body, /Nous accusons réception de votre demande de pension d’invalidité/)
    assert.match(message.body.body, /CRAMIF/)
    assert.equal((await api.call('get', '/messages', as())).body.unread, 0)
    assert.equal((await api.call('get', `/messages/${messageId}/pieces/${randomUUID()}`, as())).status, 404)
  })

  it("gives another assuré 404 on every resource of the first one, and none of them in his lists", async () => {
    const other = (request: ApiRequest = {}): ApiRequest => ({ ...request, token: otherToken })
    for (const path of [`/demandes/${demandeId}/accuse-de-reception`, `/demandes/${demandeId}/copie.pdf`, `/messages/${messageId}`]) {
      const response = await api.call('get', path, other())
      assert.equal(response.status, 404, path)
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/)
    }
    assert.equal((await api.call('delete', `${BASE}/documents/${uploadedFileId}`, other())).status, 404)
    assert.deepEqual((await api.call('get', '/demarches', other())).body, { demandes: [] })
    assert.deepEqual((await api.call('get', '/messages', other())).body, { unread: 0, messages: [] })
    assert.equal((await api.call('get', BASE, other())).status, 404)
    for (const path of [`${BASE}/recapitulatif`, `${BASE}/documents`, `${BASE}/pages/activite-non-salariee`]) {
      const response = await api.call('get', path, other())
      assert.equal(response.status, 409, path)
      assert.equal(response.body.currentPage, 'informations-generales')
    }
    assert.equal((await api.call('put', `${BASE}/pages/activite-non-salariee`, other({ json: { activite: 'Plomberie' } }))).status, 409)
    assert.equal(await countRows(service.database.pool, `select 1 from demande_document where id = $1`, [uploadedFileId]), 1, 'the first one\'s file is still there')
  })

  it('answers a malformed body with a French problem, and an unknown address with a 404 problem', async () => {
    const malformed = await api.call('put', `${BASE}/pages/coordonnees`, { token: otherToken, text: '{"nationalite":', headers: { 'content-type': 'application/json' } })
    assert.equal(malformed.status, 400)
    assert.match(malformed.body.detail, /JSON valide/)
    const unknown = await fetch(`${service.baseUrl}/api/v1/nulle-part`)
    assert.equal(unknown.status, 404)
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/problem\+json/)
    const isProblem = openApiValidator(api.document).getSchema(`${OPENAPI_ID}#/components/schemas/Problem`)!
    assert.ok(isProblem(await unknown.json()))
  })

  // Last: the address of these tests is out of requests for a minute afterwards.
  it('limits each address to 300 requests a minute, then answers 429 with Retry-After, in French', async () => {
    let response = await api.call('get', '/demarches')
    for (let i = 0; response.status !== 429 && i < 300; i++) response = await api.call('get', '/demarches')
    assert.equal(response.status, 429)
    assert.equal(response.body.title, 'Trop de requêtes')
    assert.ok(Number(response.headers.get('retry-after')) > 0)
  })

  it('has called every operation of the document, and checked every answer against it', () => {
    const documented = Object.entries(api.document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
    assert.deepEqual([...api.called].sort(), documented.sort())
  })
})
