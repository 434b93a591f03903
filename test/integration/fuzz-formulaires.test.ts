// Fuzzing of the web forms (issue 6): thousands of generated submissions, valid and invalid mixed,
// to every form of the démarche, of the assuré's account and of the back office, through the real
// service (session, CSRF token read from the page, PostgreSQL) with fastify's inject. After each:
// never a 5xx; an invalid form gives the page again with French errors and changes nothing in the
// database; a valid one stores answers that pass their schema and no answer of a branch not taken.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims, signInAs, type SignedIn } from '../support/sign-in.ts'
import { signInAgentAs, type SignedInAgent } from '../support/agent-sign-in.ts'
import { BASE, postForm, salariePath, upload, walk, type Form } from '../support/demarche.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import { draftStartFor, fileCount, hostileString, multipartBody, pageForm, plainText, validNir, type FormBody } from '../support/fuzz-arbitraries.ts'
import { assertAttestationFollowsChanges, assertCoherentDraft, assertFrenchMessage, assertPrototypeUntouched, errorSummaryOf, FuzzTally, runsPerEndpoint, titleOf } from '../support/fuzz-checks.ts'
import { pageFields, DATE_FIELDS, LIST_FIELDS, type Answers, type PageId } from '../../src/demarche/domain/answers.ts'
import { ANSWER_PAGES } from '../../src/api/schemas.ts'
import { isPageReachable, firstIncompletePage } from '../../src/demarche/domain/journey.ts'
import { salarie } from '../../src/demarche/domain/test-fixtures.ts'
import { personalInformationSchema } from '../../src/identity/personal-information.ts'
import { todayInParis, type LocalDate } from '../../src/shared/dates.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'

const suite = integrationSuite()
const tally = new FuzzTally(runsPerEndpoint(250))
const BIRTH = assureClaims().birthdate as LocalDate
const ctx = { today: todayInParis(new Date()), dateNaissance: BIRTH }

type CsrfCase = 'valide' | 'absent' | 'faux'
const csrfCase: fc.Arbitrary<CsrfCase> = fc.oneof({ arbitrary: fc.constant<CsrfCase>('valide'), weight: 18 }, { arbitrary: fc.constantFrom<CsrfCase>('absent', 'faux'), weight: 1 })
const tokenFor = (user: { csrfToken: string }, which: CsrfCase) => (which === 'valide' ? user.csrfToken : which === 'absent' ? null : `${user.csrfToken.slice(1)}x`)

after(() => tally.print('Fuzzing des formulaires web'))

/** The response when the CSRF token is missing or wrong: the French « session expirée » page. */
function assertRefusedCsrf(response: { statusCode: number; body: string }, label: string): void {
  assert.equal(response.statusCode, 403, label)
  assert.match(titleOf(response.body), /Votre session a expiré/, label)
}

function assertNot5xx(response: { statusCode: number; body: string }, label: string): void {
  assert.ok(response.statusCode < 500, `${label}: ${response.statusCode}\n${response.body.slice(0, 300)}`)
}

describe('the démarche, page by page', () => {
  let user: SignedIn
  let demandeId: string

  before(async () => {
    user = await signInAs(suite.app, suite.pool)
    await walk(suite.app, user, salariePath.slice(0, 1))
    demandeId = (await suite.pool.query<{ id: string }>('select id from demande where assure_id = $1', [user.assureId])).rows[0]!.id
  })

  async function draft(): Promise<{ answers: Answers; state: string; updated: string }> {
    const { rows } = await suite.pool.query<{ answers: Answers; state: string; updated: string }>('select answers, state, updated_at::text as updated from demande where id = $1', [demandeId])
    return rows[0]!
  }

  for (const page of ANSWER_PAGES) {
    it(`POST ${page}: never a 5xx, errors in French with nothing stored, no answer of a branch not taken`, async () => {
      const arbitrary = fc.record({ form: pageForm(page, BIRTH), start: fc.nat(), restart: fc.integer({ min: 0, max: 9 }), csrf: csrfCase })
      await tally.run(`POST ${BASE}/${page}`, arbitrary, async ({ form, start, restart, csrf }, record) => {
        let before = await draft()
        if (restart === 0 || !isPageReachable(before.answers, page)) {
          await suite.pool.query('update demande set answers = $2 where id = $1', [demandeId, JSON.stringify(draftStartFor(page, start))])
          before = await draft()
        }
        const response = await postForm(suite.app, user, `${BASE}/${page}`, form, tokenFor(user, csrf))
        record(response.statusCode)
        const label = `${page} ${response.statusCode}`
        assertNot5xx(response, label)
        const stored = await draft()
        if (csrf !== 'valide') {
          assertRefusedCsrf(response, label)
          assert.deepEqual(stored, before, `${label}: refusé, mais le brouillon a changé`)
          return
        }
        if (response.statusCode === 400) {
          errorSummaryOf(response.body, label)
          assert.deepEqual(stored, before, `${label}: formulaire refusé, mais le brouillon a changé`)
          return
        }
        assert.equal(response.statusCode, 303, label)
        assert.match(String(response.headers.location), /^\/demarches\/pension-invalidite\/[a-z-]+(\?retour=recapitulatif)?$/, `${label}: redirigé hors de la démarche`)
        assertCoherentDraft(stored.answers as Record<string, unknown>, ctx, label)
        assertTypedAnswersKept(page, form, stored.answers, label)
        assertAttestationFollowsChanges(page, before.answers, stored.answers, label)
      })
    })
  }
})

/** A text as it travels in UTF-8: half of a UTF-16 pair arrives as U+FFFD, as from a browser. */
function asSent(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}

/** A choice or a text answered on the page is stored as typed (trimmed); a date or list is judged by the schema check. */
function assertTypedAnswersKept(page: PageId, form: FormBody, stored: Answers, label: string): void {
  for (const field of pageFields[page]) {
    const value = stored[field]
    if (value === undefined || DATE_FIELDS.has(field) || LIST_FIELDS.has(field) || field === 'employeurSiret' || field === 'agdref') continue
    const typed = [form[field]].flat()[0]
    assert.equal(value, typed === undefined ? undefined : asSent(typed).trim(), `${label}: « ${field} » enregistré autrement que saisi`)
  }
}

describe("the assuré's account and sending the demande", () => {
  it('POST /mes-informations: never a 5xx, errors in French with nothing stored, stored details in their checked form', async () => {
    const user = await signInAs(suite.app, suite.pool)
    const row = async () => (await suite.pool.query('select adresse, telephone, email, updated_at::text as updated from assure where id = $1', [user.assureId])).rows[0]
    const valid = fc.record({
      ligne: plainText(200), codePostal: fc.integer({ min: 1000, max: 98999 }).map((n) => String(n).padStart(5, '0')), commune: plainText(100),
      pays: fc.constantFrom('France', '', 'france'), telephone: fc.constantFrom('', '06 12 34 56 78', '+33 6 12 34 56 78', '0612345678', '01.23.45.67.89', '+262 692 12 34 56'),
      email: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,20}[a-z0-9]$/), fc.constantFrom('exemple.fr', 'ameli.fr', 'laposte.net')).map(([local, domain]) => `${local.replace(/\.\.+/g, '.')}@${domain}`),
    })
    const field = (arbitrary: fc.Arbitrary<string>) => fc.oneof({ arbitrary, weight: 12 }, { arbitrary: hostileString, weight: 1 }, { arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 })
    const form = valid.chain((v) => fc.record({
      ligne: field(fc.constant(v.ligne)), codePostal: field(fc.constant(v.codePostal)), commune: field(fc.constant(v.commune)), pays: field(fc.constant(v.pays)),
      telephone: field(fc.constant(v.telephone)), email: field(fc.constant(v.email)),
      retour: fc.constantFrom(undefined, '/demarches/pension-invalidite/coordonnees', 'https://evil.example/', '//evil.example', '/demarches/../admin', hostileString as unknown as string),
    }))
    await tally.run('POST /mes-informations', fc.record({ form, csrf: csrfCase }), async ({ form, csrf }, record) => {
      const before = await row()
      const response = await postForm(suite.app, user, '/mes-informations', withoutUndefined(form), tokenFor(user, csrf))
      record(response.statusCode)
      const label = `mes-informations ${response.statusCode}`
      assertNot5xx(response, label)
      const stored = await row()
      if (csrf !== 'valide') return (assertRefusedCsrf(response, label), assert.deepEqual(stored, before, label))
      if (response.statusCode === 400) return (errorSummaryOf(response.body, label), assert.deepEqual(stored, before, `${label}: refusé, mais enregistré`))
      assert.equal(response.statusCode, 303, label)
      assert.match(String(response.headers.location), /^\/(mes-informations\?enregistre=1|demarches\/[\w\-/]*(\?[\w\-=&]*)?)$/, `${label}: redirigé ailleurs que sur le site`)
      const again = personalInformationSchema.safeParse({ ...stored.adresse, telephone: stored.telephone, email: stored.email })
      assert.ok(again.success, `${label}: les informations enregistrées ne passent pas leur propre schéma`)
      assert.deepEqual({ ...stored.adresse, telephone: stored.telephone, email: stored.email }, again.data, `${label}: informations enregistrées sous une autre forme que la forme validée`)
    })
  })

  it('POST /envoyer: never a 5xx; an incomplete draft or one without its justificatifs is not sent', async () => {
    const incomplete = await signInAs(suite.app, suite.pool)
    await walk(suite.app, incomplete, salariePath.slice(0, 3))
    const withoutFiles = await signInAs(suite.app, suite.pool)
    await walk(suite.app, withoutFiles, salariePath)
    const state = async (user: SignedIn) => (await suite.pool.query('select state, answers, updated_at::text as updated from demande where assure_id = $1', [user.assureId])).rows
    const body = fc.dictionary(fc.oneof(fc.constantFrom('_csrf', 'attestation', 'retour', '__proto__', 'state'), hostileString), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { maxKeys: 4 })
    await tally.run(`POST ${BASE}/envoyer`, fc.record({ complete: fc.boolean(), body, csrf: csrfCase }), async ({ complete, body, csrf }, record) => {
      const user = complete ? withoutFiles : incomplete
      const before = await state(user)
      const { _csrf: _ignored, ...rest } = body
      const response = await postForm(suite.app, user, `${BASE}/envoyer`, rest, tokenFor(user, csrf))
      record(response.statusCode)
      const label = `envoyer ${response.statusCode}`
      assertNot5xx(response, label)
      assert.deepEqual(await state(user), before, `${label}: la demande a changé`)
      if (csrf !== 'valide') return assertRefusedCsrf(response, label)
      if (complete) {
        assert.equal(response.statusCode, 400, label)
        errorSummaryOf(response.body, label)
      } else {
        assert.equal(response.statusCode, 303, label)
        assert.equal(response.headers.location, `${BASE}/${firstIncompletePage(before[0].answers)}`, label)
      }
    })
  })

  it('POST /pieces-justificatives/ajouter and /:documentId/supprimer: never a 5xx; a refused file stores nothing, only her own file is removed', async () => {
    let user: SignedIn | undefined
    let demandeId = ''
    let sent = 0
    // Uploads are rate-limited per assuré (40 a minute): a new assurée, at « Vos justificatifs », every 30 uploads.
    const nextUser = async () => {
      user = await signInAs(suite.app, suite.pool)
      await walk(suite.app, user, salariePath.slice(0, 1))
      demandeId = (await suite.pool.query<{ id: string }>('update demande set answers = $2 where assure_id = $1 returning id', [user.assureId, JSON.stringify(salarie)])).rows[0]!.id
      sent = 0
    }
    const documents = async () => (await suite.pool.query<{ id: string }>('select id from demande_document where demande_id = $1 order by id', [demandeId])).rows.map((row) => row.id)
    const png = pngImage()
    const file = fc.oneof(
      { arbitrary: fc.constant({ name: 'photo.png', bytes: png as Uint8Array }), weight: 3 },
      { arbitrary: fc.record({ name: hostileString, bytes: fc.uint8Array({ maxLength: 64 }) }), weight: 2 },
    )
    const kind = fc.oneof({ arbitrary: fc.constantFrom('avis-imposition', 'titre-sejour', 'notification-rente'), weight: 4 }, { arbitrary: hostileString, weight: 1 })
    const removal = fc.oneof({ arbitrary: fc.constantFrom('le sien', 'aucun'), weight: 4 }, { arbitrary: fc.constantFrom(randomUUID(), 'pas-un-uuid', '%2e%2e'), weight: 1 })
    await tally.run(`POST ${BASE}/pieces-justificatives/ajouter|supprimer`, fc.record({ kind, files: fc.array(file, { maxLength: 3 }), removal, csrf: csrfCase }), async ({ kind, files, removal, csrf }, record) => {
      if (!user || sent >= 30) await nextUser()
      sent += 1
      const before = await documents()
      const { payload, contentType } = multipartBody([], 'fichiers', files)
      const query = new URLSearchParams({ type: kind, ...(tokenFor(user!, csrf) !== null && { _csrf: tokenFor(user!, csrf)! }) })
      const response = await suite.app.inject({ method: 'POST', url: `${BASE}/pieces-justificatives/ajouter?${query}`, headers: { cookie: user!.cookie, 'content-type': contentType }, payload })
      record(response.statusCode)
      const label = `ajouter ${response.statusCode}`
      assertNot5xx(response, label)
      const after = await documents()
      if (csrf !== 'valide') return (assertRefusedCsrf(response, label), assert.deepEqual(after, before, label))
      if (response.statusCode === 400) return (errorSummaryOf(response.body, label), assert.deepEqual(after, before, `${label}: refusé, mais des fichiers sont enregistrés`))
      assert.equal(response.statusCode, 303, label)
      assert.equal(after.length, before.length + fileCount(files), `${label}: fichiers acceptés, mais pas tous enregistrés`)
      if (removal === 'aucun') return
      const target = removal === 'le sien' ? after.at(-1)! : removal
      const removed = await postForm(suite.app, user!, `${BASE}/pieces-justificatives/${target}/supprimer`, {})
      record(removed.statusCode)
      assertNot5xx(removed, `supprimer ${removed.statusCode}`)
      // Another id goes back to the page like her own; `..` is no address of the démarche at all.
      assert.ok(removed.statusCode === 303 || (removal === '%2e%2e' && removed.statusCode === 404), `supprimer ${removed.statusCode}`)
      assert.deepEqual(await documents(), removal === 'le sien' ? after.slice(0, -1) : after, 'seul son propre fichier est retiré')
    })
  })

  it('POST /messagerie/:id/repondre: never a 5xx; a refused reply stores nothing, an accepted one is stored as typed', async () => {
    let user: SignedIn | undefined
    let messageId = ''
    let sent = 0
    // Replies are rate-limited per assuré (40 a minute): a new assurée every 30 replies.
    const nextUser = async () => {
      user = await signInAs(suite.app, suite.pool)
      messageId = (await suite.pool.query<{ id: string }>(`insert into message (assure_id, author, kind, subject, body) values ($1, 'caisse', 'echange', 'Votre dossier', 'Bonjour') returning id`, [user.assureId])).rows[0]!.id
      sent = 0
    }
    const replies = async () => (await suite.pool.query<{ body: string }>(`select body from message where assure_id = $1 and author = 'assure' order by created_at`, [user!.assureId])).rows
    const reponse = fc.oneof({ arbitrary: plainText(5000), weight: 8 }, { arbitrary: hostileString, weight: 2 }, { arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: fc.constant('é'.repeat(5001)), weight: 1 })
    const file = fc.oneof({ arbitrary: fc.constant([] as Array<{ name: string; bytes: Uint8Array }>), weight: 12 }, { arbitrary: fc.array(fc.record({ name: hostileString, bytes: fc.uint8Array({ maxLength: 64 }) }), { minLength: 1, maxLength: 2 }), weight: 1 })
    const target = fc.oneof({ arbitrary: fc.constant('le sien'), weight: 12 }, { arbitrary: fc.constantFrom(randomUUID(), 'pas-un-uuid', '%00', '..'), weight: 1 })
    await tally.run('POST /messagerie/:id/repondre', fc.record({ reponse, files: file, target, twice: fc.integer({ min: 0, max: 15 }), csrf: csrfCase }), async ({ reponse, files, target, twice, csrf }, record) => {
      if (!user || sent >= 30) await nextUser()
      sent += 1
      const before = await replies()
      const fields: Array<[string, string]> = reponse === undefined ? [] : twice === 0 ? [['reponse', reponse], ['reponse', 'bis']] : [['reponse', reponse]]
      const id = target === 'le sien' ? messageId : encodeURIComponent(target)
      const response = await postMultipart(user!, `/messagerie/${id}/repondre`, fields, files, tokenFor(user!, csrf))
      record(response.statusCode)
      const label = `repondre ${response.statusCode}`
      assertNot5xx(response, label)
      const stored = await replies()
      if (response.statusCode !== 303) assert.deepEqual(stored, before, `${label}: refusée, mais une réponse est enregistrée`)
      if (csrf !== 'valide') return assertRefusedCsrf(response, label)
      if (target !== 'le sien') return assert.equal(response.statusCode, 404, label)
      if (response.statusCode === 400) return void errorSummaryOf(response.body, label)
      assert.equal(response.statusCode, 303, label)
      assert.equal(stored.length, before.length + 1, label)
      assert.equal(stored.at(-1)!.body, asSent(fields.at(-1)![1]).replace(/\r\n?/g, '\n').trim(), `${label}: réponse enregistrée autrement que saisie`)
    })
  })
})

describe('the back office', () => {
  let technicien: SignedInAgent
  let superviseur: SignedInAgent
  const demandes: string[] = []
  let knownNir = ''

  before(async () => {
    technicien = await signInAgentAs(suite.app, suite.pool, { role: 'technicien', organisme: 'CRAMIF' })
    superviseur = await signInAgentAs(suite.app, suite.pool, { role: 'superviseur', organisme: 'CRAMIF' })
    const pdf = await pdfAvisImposition(1)
    for (let i = 0; i < 4; i++) {
      const claims = assureClaims()
      const user = await signInAs(suite.app, suite.pool, claims)
      await walk(suite.app, user, salariePath)
      assert.equal((await upload(suite.app, user, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])).statusCode, 303)
      assert.equal((await postForm(suite.app, user, `${BASE}/envoyer`, {})).statusCode, 303)
      demandes.push((await suite.pool.query<{ id: string }>('select id from demande where assure_id = $1', [user.assureId])).rows[0]!.id)
      knownNir = claims.nir
    }
  })

  const agentPost = (agent: SignedInAgent, url: string, form: Form, csrf: CsrfCase) => postForm(suite.app, agent as unknown as SignedIn, url, form, tokenFor(agent, csrf))
  const agentGet = (agent: SignedInAgent, url: string) => suite.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } })
  const demandeRow = async (id: string) => (await suite.pool.query('select state, assigned_agent_id, decision, answer_due_on::text as due from demande where id = $1', [id])).rows[0]

  // Every other run, and always after a decision, the demande is put back in an open state drawn
  // by the generator, so that each action meets every state of the instruction.
  // The decision's message goes too: a demande has one decision message at most.
  async function putBack(id: string, state: string, always: boolean): Promise<void> {
    await withTransaction(suite.pool, async (tx) => {
      const { rowCount } = await tx.query(
        `update demande set state = $2, decision = null, decided_at = null where id = $1 and ($3 or state in ('accordee', 'refusee', 'rejet_implicite'))`,
        [id, state, always],
      )
      if (!rowCount) return
      await tx.query(`delete from message_attachment where message_id in (select id from message where demande_id = $1 and kind = 'decision')`, [id])
      await tx.query(`delete from message where demande_id = $1 and kind = 'decision'`, [id])
    })
  }

  const OPEN_STATES = ['recue', 'en_instruction', 'pieces_demandees', 'service_medical'] as const
  const ACTIONS: Record<string, { from: readonly string[]; to: string | null }> = {
    'prendre-en-charge': { from: ['recue'], to: 'en_instruction' },
    'pieces-recues': { from: ['pieces_demandees'], to: 'en_instruction' },
    'transmettre-service-medical': { from: ['recue', 'en_instruction'], to: 'service_medical' },
    'avis-medical-recu': { from: ['service_medical'], to: 'en_instruction' },
    'notifier-rejet-implicite': { from: [], to: null },
    'demander-des-pieces': { from: ['recue', 'en_instruction', 'service_medical'], to: 'pieces_demandees' },
    decision: { from: ['en_instruction', 'service_medical', 'pieces_demandees'], to: null },
    assigner: { from: OPEN_STATES, to: null },
  }
  const formField = fc.oneof({ arbitrary: fc.constantFrom('accord', 'refus', '1', '2', '3', 'administratif', 'medical', 'a-faire'), weight: 4 }, { arbitrary: hostileString, weight: 2 }, { arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }), weight: 1 })

  for (const [action, rule] of Object.entries(ACTIONS)) {
    it(`POST /agent/demandes/:id/${action}: never a 5xx; refused in French with the demande unchanged, or done as the state machine allows`, async () => {
      const agent = action === 'assigner' ? superviseur : technicien
      const today = todayInParis(new Date())
      const body = fc.record({
        type: formField, categorie: formField, motif: formField, raison: fc.oneof(plainText(2000), hostileString), pieces: fc.oneof(plainText(3000), hostileString, fc.constant('x'.repeat(3001))),
        'dateEffet-jour': fc.oneof(fc.integer({ min: 1, max: 31 }).map(String), hostileString), 'dateEffet-mois': fc.oneof(fc.integer({ min: 1, max: 12 }).map(String), hostileString),
        'dateEffet-annee': fc.oneof(fc.constantFrom(today.slice(0, 4), String(Number(today.slice(0, 4)) - 1)), hostileString),
        agentId: fc.oneof(fc.constantFrom(technicien.agentId, superviseur.agentId), hostileString), depuis: fc.constantFrom('a-faire', 'x'),
      }, { requiredKeys: [] })
      const [annee, mois, jour] = today.split('-')
      const decision = fc.oneof(
        fc.record({ type: fc.constant('accord'), categorie: fc.constantFrom('1', '2', '3'), 'dateEffet-jour': fc.constant(String(Number(jour))), 'dateEffet-mois': fc.constant(String(Number(mois))), 'dateEffet-annee': fc.constant(annee!) }),
        fc.record({ type: fc.constant('refus'), motif: fc.constantFrom('administratif', 'medical'), raison: plainText(2000) }),
      )
      const form = fc.oneof({ arbitrary: body, weight: 2 }, { arbitrary: decision as fc.Arbitrary<Record<string, string>>, weight: 1 })
      const target = fc.oneof({ arbitrary: fc.nat({ max: demandes.length - 1 }), weight: 12 }, { arbitrary: fc.constantFrom(randomUUID(), 'pas-un-uuid', '%2e%2e'), weight: 1 })
      await tally.run(`POST /agent/demandes/:id/${action}`, fc.record({ body: form, target, reopen: fc.constantFrom(...OPEN_STATES), always: fc.boolean(), csrf: csrfCase }), async ({ body, target, reopen, always, csrf }, record) => {
        const id = typeof target === 'number' ? demandes[target]! : target
        if (typeof target === 'number') await putBack(id, reopen, always)
        const before = typeof target === 'number' ? await demandeRow(id) : null
        const response = await agentPost(agent, `/agent/demandes/${id}/${action}`, body as Form, csrf)
        record(response.statusCode)
        const label = `${action} ${response.statusCode}`
        assertNot5xx(response, label)
        const stored = before ? await demandeRow(id) : null
        if (response.statusCode !== 303) assert.deepEqual(stored, before, `${label}: refusé, mais la demande a changé`)
        if (csrf !== 'valide') return assertRefusedCsrf(response, label)
        // An unknown demande is not found; attributing it to no colleague is refused first.
        if (!before) return assert.ok(response.statusCode === 404 || (action === 'assigner' && response.statusCode === 400), label)
        if (response.statusCode === 400) return void (action === 'assigner' ? assertFrenchMessage(titleOf(response.body), label) : errorSummaryOf(response.body, label))
        if (response.statusCode === 409) {
          assert.ok(!rule.from.includes(before.state) || action === 'decision', `${label}: refusé dans l'état ${before.state}`)
          return assertFrenchMessage(titleOf(response.body) + ' ' + response.body.replace(/<[^>]+>/g, ' '), label)
        }
        assert.equal(response.statusCode, 303, label)
        assert.ok(rule.from.includes(before.state), `${label}: « ${action} » fait dans l'état ${before.state}`)
        if (rule.to) assert.equal(stored.state, rule.to, label)
        if (action === 'decision') assert.ok(['accordee', 'refusee'].includes(stored.state) && stored.decision, label)
        if (action === 'assigner') assert.equal(stored.assigned_agent_id, [body.agentId].flat()[0], label)
      })
    })
  }

  it("POST /agent/accueil: never a 5xx; a NIR refused in French, a valid one looked up and written in the journal", async () => {
    const audits = async () => (await suite.pool.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'accueil_recherche'`)).rows[0]!.n
    const nir = fc.oneof({ arbitrary: validNir, weight: 6 }, { arbitrary: fc.constant(knownNir), weight: 2 }, { arbitrary: hostileString, weight: 3 }, { arbitrary: fc.array(validNir, { minLength: 2, maxLength: 2 }), weight: 1 }, { arbitrary: validNir.map((n) => `${n.slice(0, 13)}${(Number(n.slice(13)) + 1) % 100}`), weight: 1 })
    await tally.run('POST /agent/accueil', fc.record({ nir, csrf: csrfCase }), async ({ nir, csrf }, record) => {
      const before = await audits()
      const response = await agentPost(technicien, '/agent/accueil', { nir }, csrf)
      record(response.statusCode)
      const label = `accueil ${response.statusCode}`
      assertNot5xx(response, label)
      const written = (await audits()) - before
      if (csrf !== 'valide') return (assertRefusedCsrf(response, label), assert.equal(written, 0, label))
      if (response.statusCode === 400) return (errorSummaryOf(response.body, label), assert.equal(written, 0, `${label}: recherche refusée, mais journalisée`))
      assert.equal(response.statusCode, 200, label)
      assert.ok(written >= 1, `${label}: recherche faite sans trace dans le journal`)
      if (nir === knownNir) assert.match(response.body, /PI-\d{4}-\d{7}/, `${label}: la demande de l'assuré n'est pas trouvée`)
    })
  })

  const queryString = (entries: Record<string, string | string[] | undefined>) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(entries)) for (const item of value === undefined ? [] : [value].flat()) params.append(key, item)
    return params.toString()
  }

  it('GET /agent/file?…: never a 5xx; any filter or search shows the queue, a search it cannot read is explained in French', async () => {
    const choice = (values: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 6 }, { arbitrary: hostileString, weight: 1 }, { arbitrary: fc.array(fc.constantFrom(...values), { minLength: 2, maxLength: 2 }), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 2 })
    const cursor = fc.oneof(fc.constant(undefined), fc.constantFrom(`2026-02-30_${randomUUID()}`, `2025-01-31_${randomUUID()}`, `2026-02-30T10:00:00.000000Z_${randomUUID()}`, `2025-01-31_${demandes[0]}`), hostileString)
    const query = fc.record({
      recherche: fc.oneof(fc.constantFrom('PI-2026', 'Lefèvre', "d'Arc", knownNir, 'PI-'), validNir, hostileString, fc.constant(undefined)),
      etat: choice(['ouvertes', 'toutes', 'recue', 'en_instruction', 'pieces_demandees', 'service_medical', 'accordee', 'refusee', 'rejet_implicite']),
      echeance: choice(['bientot', 'depassee']), assignation: choice(['moi', 'aucune']), tri: choice(['echeance', 'reception']), apres: cursor,
    })
    await tally.run('GET /agent/file', query, async (query, record) => {
      const response = await agentGet(technicien, `/agent/file?${queryString(query)}`)
      record(response.statusCode)
      const label = `file ${response.statusCode}`
      assertNot5xx(response, label)
      if (response.statusCode === 400) return void errorSummaryOf(response.body, label)
      assert.equal(response.statusCode, 200, label)
    })
  })

  it('GET /agent/journal?…: never a 5xx; an unknown numéro or agent is explained in French', async () => {
    const query = fc.record({
      numero: fc.oneof(fc.constantFrom('PI-2026-0000001', 'pi-2026-0000001', ''), hostileString, fc.array(hostileString, { minLength: 2, maxLength: 2 }), fc.constant(undefined)),
      agent: fc.oneof(fc.constantFrom('', randomUUID()), hostileString, fc.constant(undefined)),
    })
    await tally.run('GET /agent/journal', query, async (query, record) => {
      const response = await agentGet(superviseur, `/agent/journal?${queryString({ ...query, agent: query.agent === '' ? technicien.agentId : query.agent })}`)
      record(response.statusCode)
      const label = `journal ${response.statusCode}`
      assertNot5xx(response, label)
      if (response.statusCode === 400) return void errorSummaryOf(response.body, label)
      assert.equal(response.statusCode, 200, label)
    })
  })
})

function withoutUndefined(form: Record<string, string | string[] | undefined>): Form {
  return Object.fromEntries(Object.entries(form).filter(([, value]) => value !== undefined)) as Form
}

it('leaves Object.prototype untouched by the `__proto__` and `constructor` fields sent', assertPrototypeUntouched)

/** A multipart form as a browser sends it, the CSRF token in the address as the page's form puts it. */
function postMultipart(user: SignedIn, url: string, fields: Array<[string, string]>, files: Array<{ name: string; bytes: Uint8Array }>, csrfToken: string | null) {
  const { payload, contentType } = multipartBody(fields, 'pieces', files)
  const query = csrfToken === null ? '' : `?_csrf=${encodeURIComponent(csrfToken)}`
  return suite.app.inject({ method: 'POST', url: `${url}${query}`, headers: { cookie: user.cookie, 'content-type': contentType }, payload })
}
