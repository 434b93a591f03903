// The instruction of a demande by the CRAMIF's agents, from the demande sent by the assurée to the
// letter of the decision in her messagerie: each action checked against the state machine, locked,
// audited and written in the demande's history; the request for documents prolongs the delay shown
// in « Mes démarches »; the deadline job finds the implicit refusals, once, with their letter ready.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { extractText } from 'unpdf'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims, signInAs, testServiceDeps, type SignedIn } from '../support/sign-in.ts'
import { signInAgentAs, type SignedInAgent } from '../support/agent-sign-in.ts'
import { BASE, get, jobsFor, postForm, salariePath, upload, visibleText, walk, type Form } from '../support/demarche.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { createService } from '../../src/service.ts'
import { answerDueDate } from '../../src/demarche/domain/answer-due-date.ts'
import { verifyAuditChain } from '../../src/instruction/audit-log.ts'
import { constaterRejetsImplicites } from '../../src/instruction/application/constater-rejets-implicites.ts'
import { DECISION_SUBJECT } from '../../src/instruction/domain/decision-notification.ts'
import { DOCUMENT_REQUEST_SUBJECT } from '../../src/instruction/domain/document-request.ts'
import { addDays, addMonths, formatFrenchDate, todayInParis, type LocalDate } from '../../src/shared/dates.ts'

let database: TestDatabase
let app: FastifyInstance
let pdf: Buffer
let technicien: SignedInAgent
let superviseur: SignedInAgent
let technicien69: SignedInAgent

before(async () => {
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool))
  pdf = await pdfAvisImposition(1)
  technicien = await signInAgentAs(app, database.pool, { role: 'technicien', organisme: 'CRAMIF', nom: 'Durand', prenom: 'Léa' })
  superviseur = await signInAgentAs(app, database.pool, { role: 'superviseur', organisme: 'CRAMIF', nom: 'Benali', prenom: 'Karim' })
  technicien69 = await signInAgentAs(app, database.pool, { role: 'technicien', organisme: '69' })
})

after(async () => {
  await app.close()
  await database.drop()
})

type Sent = { user: SignedIn; demandeId: string; numero: string }

/** An assurée of the 93 (CRAMIF) sends her demande through the app. */
async function sendDemande(claims = assureClaims()): Promise<Sent> {
  const user = await signInAs(app, database.pool, claims)
  await walk(app, user, salariePath)
  assert.equal((await upload(app, user, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])).statusCode, 303)
  assert.equal((await postForm(app, user, `${BASE}/envoyer`, {})).statusCode, 303)
  const { rows } = await database.pool.query<{ id: string; numero: string }>('select id, numero from demande where assure_id = $1', [user.assureId])
  return { user, demandeId: rows[0]!.id, numero: rows[0]!.numero }
}

function act(agent: SignedInAgent, demandeId: string, action: string, form: Form = {}) {
  const body = new URLSearchParams({ _csrf: agent.csrfToken })
  for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item)
  return app.inject({ method: 'POST', url: `/agent/demandes/${demandeId}/${action}`, headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
}

function open(agent: SignedInAgent, url: string) {
  return app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } })
}

function assertDone(response: { statusCode: number; headers: Record<string, unknown>; body: string }, demandeId: string, fait: string): void {
  assert.equal(response.statusCode, 303, visibleText(response.body).slice(0, 400))
  assert.equal(response.headers.location, `/agent/demandes/${demandeId}?fait=${fait}#actions`)
}

type DemandeRow = { state: string; assigned_agent_id: string | null; answer_due_on: string; received_at: Date; decision: Record<string, unknown> | null; decided_at: Date | null }

async function demandeRow(demandeId: string): Promise<DemandeRow> {
  const { rows } = await database.pool.query<DemandeRow>('select state, assigned_agent_id, answer_due_on, received_at, decision, decided_at from demande where id = $1', [demandeId])
  return rows[0]!
}

/** What the demande has written: its audit rows and its events, oldest first. */
async function traceOf(demandeId: string): Promise<{ audit: string[]; events: Array<{ actor: string; type: string }>; messages: number; files: number; suspensions: number }> {
  const audit = await database.pool.query<{ action: string }>(`select action from audit_log where demande_id = $1 and action not like 'consulter%' and action not like 'telecharger%' order by id`, [demandeId])
  const events = await database.pool.query<{ actor: string; type: string }>('select actor, type from demande_event where demande_id = $1 order by id', [demandeId])
  const counts = await database.pool.query<{ messages: number; files: number; suspensions: number }>(
    `select (select count(*)::int from message where demande_id = $1) as messages,
            (select count(*)::int from stored_file f join demande d on d.assure_id = f.owner_assure_id where d.id = $1) as files,
            (select count(*)::int from demande_suspension where demande_id = $1) as suspensions`,
    [demandeId],
  )
  return { audit: audit.rows.map((row) => row.action), events: events.rows, ...counts.rows[0]! }
}

type MessageRow = { id: string; kind: string; subject: string; body: string; attachments: string[] }

async function caisseMessages(demandeId: string, kind: string): Promise<MessageRow[]> {
  const { rows } = await database.pool.query<MessageRow>(
    `select m.id, m.kind, m.subject, m.body, coalesce(array_agg(ma.file_id::text) filter (where ma.file_id is not null), '{}') as attachments
       from message m left join message_attachment ma on ma.message_id = m.id
      where m.demande_id = $1 and m.kind = $2 group by m.id order by m.created_at`,
    [demandeId, kind],
  )
  return rows
}

/** The text of the letter as the assurée downloads it from her messagerie. */
async function letterText(user: SignedIn, message: MessageRow): Promise<string> {
  assert.equal(message.attachments.length, 1, 'one letter attached')
  const response = await get(app, user, `/messagerie/${message.id}/pieces/${message.attachments[0]}`)
  assert.equal(response.statusCode, 200)
  assert.equal(response.headers['content-type'], 'application/pdf')
  const { text } = await extractText(new Uint8Array(response.rawPayload), { mergePages: true })
  return text.replace(/\s+/g, ' ')
}

function multipartReply(user: SignedIn, messageId: string, text: string, files: Array<{ filename: string; bytes: Buffer }>) {
  const boundary = `----test${randomUUID()}`
  const part = (head: string, body: Buffer) => [Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`), body, Buffer.from('\r\n')]
  const payload = Buffer.concat([
    ...part('Content-Disposition: form-data; name="reponse"', Buffer.from(text)),
    ...files.flatMap((file) => part(`Content-Disposition: form-data; name="pieces"; filename="${file.filename}"\r\nContent-Type: application/pdf`, file.bytes)),
    Buffer.from(`--${boundary}--\r\n`),
  ])
  return app.inject({
    method: 'POST',
    url: `/messagerie/${messageId}/repondre?_csrf=${encodeURIComponent(user.csrfToken)}`,
    headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
}

describe('the instruction of a demande, up to a pension granted in the 2e catégorie', () => {
  let sent: Sent
  let receivedOn: LocalDate
  let firstDueOn: string
  const today = todayInParis(new Date())

  before(async () => {
    sent = await sendDemande()
    // Received 10 days ago: a request for documents made today suspends the count (made on the
    // day of receipt, it would suspend nothing, the count starting the next day).
    await database.pool.query(`update demande set received_at = received_at - interval '10 days', answer_due_on = $2 where id = $1`, [sent.demandeId, answerDueDate({ receivedOn: addDays(today, -10), suspensions: [], today: addDays(today, -10) })])
    const row = await demandeRow(sent.demandeId)
    receivedOn = todayInParis(row.received_at)
    firstDueOn = row.answer_due_on
  })

  it('« Prendre en charge »: the demande is the agent’s and its instruction starts', async () => {
    assertDone(await act(technicien, sent.demandeId, 'prendre-en-charge'), sent.demandeId, 'prise-en-charge')
    const row = await demandeRow(sent.demandeId)
    assert.equal(row.state, 'en_instruction')
    assert.equal(row.assigned_agent_id, technicien.agentId)
    const trace = await traceOf(sent.demandeId)
    assert.deepEqual(trace.audit, ['prendre_en_charge'])
    assert.deepEqual(trace.events.at(-1), { actor: `agent:${technicien.agentId}`, type: 'prendre_en_charge' })

    const page = await open(technicien, `/agent/demandes/${sent.demandeId}?fait=prise-en-charge`)
    assert.equal(page.statusCode, 200)
    const text = visibleText(page.body)
    assert.match(text, /Vous avez pris la demande en charge/)
    assert.match(text, /Demander des justificatifs/)
    assert.match(text, /Transmettre au service médical/)
    assert.match(text, /Accorder la pension/)
    assert.doesNotMatch(text, /Attribuer la demande à/, 'attribution is for superviseurs')
  })

  it('« Demander des justificatifs » asks for the list, then writes to the assurée and suspends the delay', async () => {
    const form = await open(technicien, `/agent/demandes/${sent.demandeId}/demander-des-pieces`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /<textarea[^>]+name="pieces"/)

    const empty = await act(technicien, sent.demandeId, 'demander-des-pieces', { pieces: '  ' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /<a href="#pieces">Indiquez les justificatifs à demander à l’assuré<\/a>/)
    assert.match(empty.body, /id="pieces-error"/)
    assert.equal((await demandeRow(sent.demandeId)).state, 'en_instruction')

    assertDone(await act(technicien, sent.demandeId, 'demander-des-pieces', { pieces: 'Bulletins de salaire de janvier à mars 2025' }), sent.demandeId, 'pieces-demandees')
    const row = await demandeRow(sent.demandeId)
    assert.equal(row.state, 'pieces_demandees')
    const [request] = await caisseMessages(sent.demandeId, 'demande_pieces')
    assert.equal(request!.subject, DOCUMENT_REQUEST_SUBJECT)
    assert.match(request!.body, /Bulletins de salaire de janvier à mars 2025/)
    assert.equal((await jobsFor(database.pool, [request!.id])).length, 1, "the e-mail that announces it is queued")
    const { rows: suspensions } = await database.pool.query('select from_on, to_on, message_id from demande_suspension where demande_id = $1', [sent.demandeId])
    assert.deepEqual(suspensions, [{ from_on: today, to_on: null, message_id: request!.id }])

    // Pending, the request counts as answered today: one day more than at receipt.
    const expected = answerDueDate({ receivedOn, suspensions: [{ from: today, to: null }], today })
    assert.equal(row.answer_due_on, expected)
    assert.equal(expected, addDays(firstDueOn as LocalDate, 1))
    const mesDemarches = visibleText((await get(app, sent.user, '/demarches')).body)
    assert.match(mesDemarches, new RegExp(`Justificatifs demandés .*Réponse attendue au plus tard le ${formatFrenchDate(expected)}`))

    const messagerie = await get(app, sent.user, `/messagerie/${request!.id}`)
    assert.match(visibleText(messagerie.body), /Bulletins de salaire de janvier à mars 2025/)
    assert.deepEqual((await traceOf(sent.demandeId)).audit, ['prendre_en_charge', 'demander_pieces'])
  })

  it('a reply without a file leaves the request pending', async () => {
    const [request] = await caisseMessages(sent.demandeId, 'demande_pieces')
    assert.equal((await multipartReply(sent.user, request!.id, 'Je vous les envoie demain', [])).statusCode, 303)
    assert.equal((await demandeRow(sent.demandeId)).state, 'pieces_demandees')
    const { rows } = await database.pool.query('select to_on from demande_suspension where demande_id = $1', [sent.demandeId])
    assert.equal(rows[0].to_on, null)
  })

  it('the assurée answers with her PDF: the suspension closes today and the instruction resumes', async () => {
    const [request] = await caisseMessages(sent.demandeId, 'demande_pieces')
    assert.equal((await multipartReply(sent.user, request!.id, 'Voici mes bulletins', [{ filename: 'bulletins.pdf', bytes: pdf }])).statusCode, 303)
    const row = await demandeRow(sent.demandeId)
    assert.equal(row.state, 'en_instruction')
    const { rows } = await database.pool.query('select from_on, to_on from demande_suspension where demande_id = $1', [sent.demandeId])
    assert.deepEqual(rows, [{ from_on: today, to_on: today }])
    assert.equal(row.answer_due_on, addDays(firstDueOn as LocalDate, 1))
    assert.deepEqual((await traceOf(sent.demandeId)).events.at(-1), { actor: 'assure', type: 'recevoir_pieces' })
  })

  it('« Transmettre au service médical », then « Avis médical reçu »', async () => {
    assertDone(await act(technicien, sent.demandeId, 'transmettre-service-medical'), sent.demandeId, 'service-medical')
    assert.equal((await demandeRow(sent.demandeId)).state, 'service_medical')
    assertDone(await act(technicien, sent.demandeId, 'avis-medical-recu'), sent.demandeId, 'avis-medical')
    assert.equal((await demandeRow(sent.demandeId)).state, 'en_instruction')
  })

  it('the decision page asks which decision, then shows its form and its errors', async () => {
    const choice = await open(technicien, `/agent/demandes/${sent.demandeId}/decision`)
    assert.equal(choice.statusCode, 200)
    assert.match(choice.body, /value="accord"/)
    assert.match(choice.body, /value="refus"/)
    const unchosen = await open(technicien, `/agent/demandes/${sent.demandeId}/decision?choix=1`)
    assert.equal(unchosen.statusCode, 400)
    assert.match(unchosen.body, /<a href="#type">Indiquez si vous accordez la pension ou si vous refusez la demande<\/a>/)

    const form = await open(technicien, `/agent/demandes/${sent.demandeId}/decision?type=accord`)
    assert.equal(form.statusCode, 200)
    assert.match(visibleText(form.body), /2e catégorie Invalide absolument incapable d'exercer une profession quelconque\. Pension : 50 %/)

    const invalid = await act(technicien, sent.demandeId, 'decision', { type: 'accord', categorie: '2', 'dateEffet-jour': '31', 'dateEffet-mois': '2', 'dateEffet-annee': String(new Date().getFullYear()) })
    assert.equal(invalid.statusCode, 400)
    assert.match(invalid.body, /<a href="#dateEffet-jour">La date d&#39;effet doit être une date réelle<\/a>/)
    assert.match(invalid.body, /value="2" checked/, 'the category chosen is kept')
    assert.match(invalid.body, /name="dateEffet-jour" type="text" value="31"/)
    assert.equal((await demandeRow(sent.demandeId)).state, 'en_instruction')
  })

  it('« Accorder la pension » in the 2e catégorie: the letter is in the assurée’s messagerie, with the CMRA', async () => {
    const dateEffet = addMonths(today, 1)
    const [annee, mois, jour] = dateEffet.split('-')
    const response = await act(technicien, sent.demandeId, 'decision', { type: 'accord', categorie: '2', 'dateEffet-jour': String(Number(jour)), 'dateEffet-mois': String(Number(mois)), 'dateEffet-annee': annee! })
    assertDone(response, sent.demandeId, 'decision')

    const row = await demandeRow(sent.demandeId)
    assert.equal(row.state, 'accordee')
    assert.ok(row.decided_at instanceof Date)
    const [message] = await caisseMessages(sent.demandeId, 'decision')
    assert.equal(message!.subject, DECISION_SUBJECT)
    assert.match(message!.body, new RegExp(`pension d'invalidité de 2e catégorie vous est accordée à compter du ${formatFrenchDate(dateEffet)}`))
    assert.deepEqual(row.decision, { type: 'accord', categorie: 2, dateEffet, lettre: message!.attachments[0], messageId: message!.id })
    assert.equal((await jobsFor(database.pool, [message!.id])).length, 1)

    const text = await letterText(sent.user, message!)
    assert.match(text, /Caisse régionale d'assurance maladie d'Île-de-France/)
    assert.match(text, /Sophie Anne Lefèvre 14 rue Gabriel Péri 93200 Saint-Denis/)
    assert.match(text, new RegExp(`Demande n° ${sent.numero}`))
    assert.match(text, /Catégorie 2e catégorie/)
    assert.match(text, new RegExp(`Date d'effet ${formatFrenchDate(dateEffet)}`))
    assert.match(text, /Commission médicale de recours amiable \(CMRA\)/)
    assert.match(text, /pôle social du tribunal judiciaire/)

    assert.match(visibleText((await get(app, sent.user, '/demarches')).body), /Pension accordée .*Décision Le courrier qui vous notifie la décision est dans votre messagerie/)
    const trace = await traceOf(sent.demandeId)
    assert.deepEqual(trace.audit, ['prendre_en_charge', 'demander_pieces', 'transmettre_service_medical', 'recevoir_avis_medical', 'accorder'])
    assert.deepEqual(trace.events.map((event) => event.type), ['demande_recue', 'prendre_en_charge', 'demander_pieces', 'recevoir_pieces', 'transmettre_service_medical', 'recevoir_avis_medical', 'accorder'])
    assert.deepEqual(await verifyAuditChain(database.pool), { ok: true, rows: (await database.pool.query('select 1 from audit_log')).rowCount })
  })

  it('deciding twice is refused (409) and changes nothing', async () => {
    const before = { row: await demandeRow(sent.demandeId), trace: await traceOf(sent.demandeId) }
    const again = await act(technicien, sent.demandeId, 'decision', { type: 'refus', motif: 'administratif', raison: 'Doublon' })
    assert.equal(again.statusCode, 409)
    assert.match(visibleText(again.body), /« Refuser la demande » n'est pas possible pour une demande dans cet état/)
    assert.deepEqual({ row: await demandeRow(sent.demandeId), trace: await traceOf(sent.demandeId) }, before)
    assert.equal((await open(technicien, `/agent/demandes/${sent.demandeId}/decision`)).statusCode, 409)
    for (const action of ['prendre-en-charge', 'pieces-recues', 'transmettre-service-medical', 'avis-medical-recu', 'notifier-rejet-implicite']) {
      assert.equal((await act(technicien, sent.demandeId, action)).statusCode, 409, action)
    }
    assert.deepEqual({ row: await demandeRow(sent.demandeId), trace: await traceOf(sent.demandeId) }, before)
  })

  it('the agent reads the letter from the demande’s page', async () => {
    const page = visibleText((await open(technicien, `/agent/demandes/${sent.demandeId}`)).body)
    assert.match(page, /Courrier de notification de la décision \(PDF\)/)
    const letter = await open(technicien, `/agent/demandes/${sent.demandeId}/lettre`)
    assert.equal(letter.statusCode, 200)
    assert.equal(letter.headers['content-type'], 'application/pdf')
  })
})

describe('a refusal', () => {
  it('on an administrative ground: the letter gives the reason and the CRA of the organisme', async () => {
    const sent = await sendDemande()
    assertDone(await act(technicien, sent.demandeId, 'prendre-en-charge'), sent.demandeId, 'prise-en-charge')
    const missing = await act(technicien, sent.demandeId, 'decision', { type: 'refus' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /<a href="#motif">Indiquez si le refus est d&#39;ordre administratif ou d&#39;ordre médical<\/a>/)
    assert.match(missing.body, /<a href="#raison">Saisissez la raison du refus<\/a>/)

    const raison = "Vous ne remplissez pas la condition de 12 mois d'immatriculation à la date de l'arrêt de travail."
    assertDone(await act(technicien, sent.demandeId, 'decision', { type: 'refus', motif: 'administratif', raison }), sent.demandeId, 'decision')
    const row = await demandeRow(sent.demandeId)
    assert.equal(row.state, 'refusee')
    assert.equal(row.decision!.motif, 'administratif')
    const [message] = await caisseMessages(sent.demandeId, 'decision')
    const text = await letterText(sent.user, message!)
    assert.match(text, /Nature du motif D'ordre administratif/)
    assert.match(text, /12 mois d'immatriculation/)
    assert.match(text, /Commission de recours amiable \(CRA\) de la Caisse régionale d'assurance maladie d'Île-de-France/)
    assert.doesNotMatch(text, /CMRA/)
    assert.match(visibleText((await get(app, sent.user, '/demarches')).body), /Refusée/)
    const { rows } = await database.pool.query('select details from audit_log where demande_id = $1 and action = $2', [sent.demandeId, 'refuser'])
    assert.equal(rows[0].details.motif, 'administratif')
    assert.equal(rows[0].details.raison, undefined, 'the reason stays out of the log')
  })

  it('while documents are awaited: the suspension closes with it', async () => {
    const sent = await sendDemande()
    assertDone(await act(technicien, sent.demandeId, 'demander-des-pieces', { pieces: 'Titre de séjour' }), sent.demandeId, 'pieces-demandees')
    assert.equal((await open(technicien, `/agent/demandes/${sent.demandeId}/decision?type=accord`)).statusCode, 409, 'no accord while documents are awaited')
    assertDone(await act(technicien, sent.demandeId, 'decision', { type: 'refus', motif: 'medical', raison: "Votre état de santé ne réduit pas des deux tiers votre capacité de travail." }), sent.demandeId, 'decision')
    const { rows } = await database.pool.query('select to_on from demande_suspension where demande_id = $1', [sent.demandeId])
    assert.equal(rows[0].to_on, todayInParis(new Date()))
    const [message] = await caisseMessages(sent.demandeId, 'decision')
    const text = await letterText(sent.user, message!)
    assert.match(text, /Commission médicale de recours amiable \(CMRA\)/)
    assert.doesNotMatch(text, /\(CRA\)/)
  })

  it('« Justificatifs reçus » by an agent closes the suspension too', async () => {
    const sent = await sendDemande()
    assertDone(await act(technicien, sent.demandeId, 'demander-des-pieces', { pieces: 'RIB' }), sent.demandeId, 'pieces-demandees')
    assertDone(await act(technicien, sent.demandeId, 'pieces-recues'), sent.demandeId, 'pieces-recues')
    assert.equal((await demandeRow(sent.demandeId)).state, 'en_instruction')
    const { rows } = await database.pool.query('select to_on from demande_suspension where demande_id = $1', [sent.demandeId])
    assert.equal(rows[0].to_on, todayInParis(new Date()))
    assert.deepEqual((await traceOf(sent.demandeId)).audit, ['demander_pieces', 'recevoir_pieces'])
  })
})

describe('who may act', () => {
  it('an agent of another organisme gets 404 on every action and every page, and changes nothing', async () => {
    const sent = await sendDemande()
    const before = { row: await demandeRow(sent.demandeId), trace: await traceOf(sent.demandeId) }
    const posts: Array<[string, Form]> = [
      ['prendre-en-charge', {}], ['demander-des-pieces', { pieces: 'RIB' }], ['pieces-recues', {}], ['transmettre-service-medical', {}],
      ['avis-medical-recu', {}], ['decision', { type: 'refus', motif: 'administratif', raison: 'x' }], ['notifier-rejet-implicite', {}],
    ]
    for (const [action, form] of posts) assert.equal((await act(technicien69, sent.demandeId, action, form)).statusCode, 404, action)
    for (const page of ['demander-des-pieces', 'decision', 'decision?type=accord', 'lettre']) {
      assert.equal((await open(technicien69, `/agent/demandes/${sent.demandeId}/${page}`)).statusCode, 404, page)
    }
    const superviseur69 = await signInAgentAs(app, database.pool, { role: 'superviseur', organisme: '69' })
    assert.equal((await act(superviseur69, sent.demandeId, 'assigner', { agentId: superviseur69.agentId })).statusCode, 404)
    assert.deepEqual({ row: await demandeRow(sent.demandeId), trace: await traceOf(sent.demandeId) }, before)
    assert.equal((await act(technicien, 'pas-un-identifiant', 'prendre-en-charge')).statusCode, 404)
  })

  it('an agent of the accueil may not act; only a superviseur attributes', async () => {
    const sent = await sendDemande()
    const accueil = await signInAgentAs(app, database.pool, { role: 'accueil', organisme: 'CRAMIF' })
    assert.equal((await act(accueil, sent.demandeId, 'prendre-en-charge')).statusCode, 403)
    assert.equal((await act(technicien, sent.demandeId, 'assigner', { agentId: technicien.agentId })).statusCode, 403)
    assert.equal((await demandeRow(sent.demandeId)).state, 'recue')
  })

  it('a superviseur attributes a demande to an agent of the organisme, and to no one else', async () => {
    const sent = await sendDemande()
    const page = await open(superviseur, `/agent/demandes/${sent.demandeId}`)
    assert.match(page.body, /<select class="govuk-select" id="agentId" name="agentId">/)
    assert.match(visibleText(page.body), /Léa Durand/)

    const outsider = await act(superviseur, sent.demandeId, 'assigner', { agentId: technicien69.agentId })
    assert.equal(outsider.statusCode, 400)
    assert.match(visibleText(outsider.body), /Choisissez l’agent à qui attribuer la demande/)
    assert.equal((await act(superviseur, sent.demandeId, 'assigner', { agentId: '' })).statusCode, 400)
    assert.equal((await demandeRow(sent.demandeId)).assigned_agent_id, null)

    assertDone(await act(superviseur, sent.demandeId, 'assigner', { agentId: technicien.agentId }), sent.demandeId, 'attribuee')
    const row = await demandeRow(sent.demandeId)
    assert.equal(row.assigned_agent_id, technicien.agentId)
    assert.equal(row.state, 'recue', 'attribution does not move the demande')
    assert.deepEqual((await traceOf(sent.demandeId)).audit, ['assigner'])
  })

  it('refuses an action without the CSRF token', async () => {
    const sent = await sendDemande()
    const response = await app.inject({ method: 'POST', url: `/agent/demandes/${sent.demandeId}/prendre-en-charge`, headers: { cookie: technicien.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '_csrf=faux' })
    assert.equal(response.statusCode, 403)
    assert.equal((await demandeRow(sent.demandeId)).state, 'recue')
  })
})

describe('the deadline job and the implicit refusal', () => {
  let overdue: Sent
  let pending: Sent
  const today = todayInParis(new Date())

  /** Moves the receipt `days` back; the due date as the submission would have stored it. */
  async function receivedDaysAgo(sent: Sent, days: number): Promise<void> {
    const receivedOn = addDays(today, -days)
    await database.pool.query(`update demande set received_at = received_at - make_interval(days => $2), answer_due_on = $3 where id = $1`, [sent.demandeId, days, answerDueDate({ receivedOn, suspensions: [], today: receivedOn })])
  }

  before(async () => {
    overdue = await sendDemande()
    await receivedDaysAgo(overdue, 70)
    assertDone(await act(technicien, overdue.demandeId, 'prendre-en-charge'), overdue.demandeId, 'prise-en-charge')
    // A request for documents pending for 30 days: its stored date is old, the real one has moved on.
    pending = await sendDemande()
    await receivedDaysAgo(pending, 70)
    assertDone(await act(technicien, pending.demandeId, 'demander-des-pieces', { pieces: 'RIB' }), pending.demandeId, 'pieces-demandees')
    const requestedOn = addDays(today, -30)
    await database.pool.query('update demande_suspension set from_on = $2 where demande_id = $1', [pending.demandeId, requestedOn])
    await database.pool.query('update demande set answer_due_on = $2 where id = $1', [pending.demandeId, answerDueDate({ receivedOn: addDays(today, -70), suspensions: [{ from: requestedOn, to: null }], today: requestedOn })])
  })

  it('turns the overdue demande into a rejet implicite, with its letter ready and nothing sent', async () => {
    const messagesBefore = (await traceOf(overdue.demandeId)).messages
    await constaterRejetsImplicites(database.pool, new Date())
    const row = await demandeRow(overdue.demandeId)
    assert.equal(row.state, 'rejet_implicite')
    assert.ok(row.decided_at instanceof Date)
    assert.equal(row.decision!.implicite, true)
    assert.equal(row.decision!.echeance, row.answer_due_on)
    assert.equal(row.decision!.constateLe, today)
    assert.equal(row.decision!.notifieLe, null)
    assert.equal(typeof row.decision!.lettre, 'string')
    const trace = await traceOf(overdue.demandeId)
    assert.deepEqual(trace.events.at(-1), { actor: 'systeme', type: 'constater_rejet_implicite' })
    assert.equal(trace.messages, messagesBefore, 'the letter waits for an agent')
    assert.deepEqual(trace.audit, ['prendre_en_charge'], 'the audit log is for agents')
  })

  it('leaves the demande whose pending request still pushes its date, and stores the date of today', async () => {
    const row = await demandeRow(pending.demandeId)
    assert.equal(row.state, 'pieces_demandees')
    const expected = answerDueDate({ receivedOn: addDays(today, -70), suspensions: [{ from: addDays(today, -30), to: null }], today })
    assert.ok(expected >= today)
    assert.equal(row.answer_due_on, expected)
  })

  it('a second run changes nothing more', async () => {
    const before = { overdue: await traceOf(overdue.demandeId), pending: await traceOf(pending.demandeId), row: await demandeRow(overdue.demandeId) }
    assert.equal(await constaterRejetsImplicites(database.pool, new Date()), 0)
    assert.deepEqual({ overdue: await traceOf(overdue.demandeId), pending: await traceOf(pending.demandeId), row: await demandeRow(overdue.demandeId) }, before)
  })

  it('appears in « À faire » with its letter, which says the silence is worth a refusal and gives the CRA', async () => {
    const list = await open(technicien, '/agent/a-faire')
    assert.equal(list.statusCode, 200)
    const text = visibleText(list.body)
    assert.match(text, new RegExp(`${overdue.numero} Lefèvre Sophie Anne`))
    assert.doesNotMatch(text, new RegExp(pending.numero))
    assert.match(list.body, new RegExp(`href="/agent/demandes/${overdue.demandeId}/lettre"`))
    assert.equal((await open(technicien69, '/agent/a-faire')).body.includes(overdue.numero), false, 'another organisme does not see it')

    const letter = await open(technicien, `/agent/demandes/${overdue.demandeId}/lettre`)
    assert.equal(letter.statusCode, 200)
    const { text: pdfText } = await extractText(new Uint8Array(letter.rawPayload), { mergePages: true })
    const flat = pdfText.replace(/\s+/g, ' ')
    assert.match(flat, /n'a pas reçu de réponse dans le délai d'instruction de 2 mois/)
    assert.match(flat, /Commission de recours amiable \(CRA\)/)

    const page = visibleText((await open(technicien, `/agent/demandes/${overdue.demandeId}`)).body)
    assert.match(page, /Notifier le refus à l'assuré\(e\)/)
  })

  it('« Notifier le refus » posts the letter once, in the assurée’s messagerie', async () => {
    const response = await act(technicien, overdue.demandeId, 'notifier-rejet-implicite', { depuis: 'a-faire' })
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/agent/a-faire?fait=refus-notifie')
    const row = await demandeRow(overdue.demandeId)
    const [message] = await caisseMessages(overdue.demandeId, 'decision')
    assert.deepEqual(message!.attachments, [row.decision!.lettre])
    assert.equal(row.decision!.messageId, message!.id)
    assert.equal(typeof row.decision!.notifieLe, 'string')
    assert.match(message!.body, /n'a pas reçu de réponse dans le délai d'instruction, qui a pris fin le .* : elle est refusée/)
    assert.equal((await jobsFor(database.pool, [message!.id])).length, 1)
    assert.match(await letterText(overdue.user, message!), /L'absence de réponse dans ce délai vaut décision de refus/)

    const before = await traceOf(overdue.demandeId)
    assert.deepEqual(before.audit, ['prendre_en_charge', 'notifier_rejet_implicite'])
    assert.equal((await act(technicien, overdue.demandeId, 'notifier-rejet-implicite')).statusCode, 409)
    assert.deepEqual(await traceOf(overdue.demandeId), before)

    const list = await open(technicien, '/agent/a-faire?fait=refus-notifie')
    assert.match(visibleText(list.body), /Le courrier de refus est dans la messagerie de l'assuré\(e\)/)
    assert.doesNotMatch(visibleText(list.body), new RegExp(overdue.numero))
    assert.match(visibleText((await get(app, overdue.user, '/demarches')).body), /Refusée \(sans réponse dans le délai\)/)
  })
})
