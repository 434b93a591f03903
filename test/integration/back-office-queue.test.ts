// The work queue, a demande's page, its files and the audit journal, as agents of the CRAMIF, of
// the 69 and of the 77 use them: each sees their own organisme's demandes and nothing else, pages
// follow one another by keyset, and every read lands in the hash-chained audit trail.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims, signInAs, testServiceDeps } from '../support/sign-in.ts'
import { signInAgentAs, type SignedInAgent } from '../support/agent-sign-in.ts'
import { BASE, postForm, salariePath, savedAnswers, upload, visibleText, walk } from '../support/demarche.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import { createService } from '../../src/service.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'
import type { AssureClaims } from '../../src/identity/oidc-relying-party.ts'
import { findAssureProfile, upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'
import { postMessageToAssure } from '../../src/messagerie/post-message.ts'
import { replyToMessage } from '../../src/messagerie/reply-to-message.ts'
import { inspectUpload } from '../../src/documents/inspect-upload.ts'
import { insertStoredFile } from '../../src/documents/stored-files.ts'
import { verifyAuditChain } from '../../src/instruction/audit-log.ts'
import { workQueueQuery, type QueueCriteria } from '../../src/instruction/infrastructure/work-queue.ts'
import { addDays, daysBetween, formatFrenchDate, type LocalDate } from '../../src/shared/dates.ts'

// Half past midnight on 11 March in Paris, still 10 March in UTC: days left count from the Paris day.
const NOW = new Date('2026-03-10T23:30:00Z')
const TODAY = '2026-03-11' as LocalDate
const OPEN = `state in ('recue', 'en_instruction', 'pieces_demandees', 'service_medical')`

let database: TestDatabase
let app: FastifyInstance
let pdf: Buffer

type Submitted = { id: string; numero: string; assureId: string; nir: string; documentFileId: string }

// Demandes sent through the app: the assurée of the 93 and one of the 75 (both CRAMIF), one of the
// 69 with the same name as the first, and one of the 77.
let of93: Submitted
let of75: Submitted
let of69: Submitted
let of77: Submitted
let cerfaFileId: string
let caisseAttachmentId: string
let assureAttachmentId: string
let draftOfCramif: string
let technicien: SignedInAgent
let superviseur: SignedInAgent
let accueil: SignedInAgent
let technicien69: SignedInAgent

/** A valid NIR from its 13 first characters. */
function nir(body: string): string {
  return body + String(97n - (BigInt(body) % 97n)).padStart(2, '0')
}

async function submitThroughApp(claims: AssureClaims): Promise<Submitted> {
  const user = await signInAs(app, database.pool, claims)
  await walk(app, user, salariePath)
  const uploaded = await upload(app, user, 'avis-imposition', [{ filename: `avis-${claims.family_name}.pdf`, contentType: 'application/pdf', bytes: pdf }])
  assert.equal(uploaded.statusCode, 303)
  const sent = await postForm(app, user, `${BASE}/envoyer`, {})
  assert.equal(sent.statusCode, 303)
  const { rows } = await database.pool.query<{ id: string; numero: string; file_id: string }>(
    `select d.id, d.numero, dd.file_id from demande d join demande_document dd on dd.demande_id = d.id where d.assure_id = $1`,
    [user.assureId],
  )
  return { id: rows[0]!.id, numero: rows[0]!.numero, assureId: user.assureId, nir: claims.nir, documentFileId: rows[0]!.file_id }
}

let nirCounter = 0

/** What a submission writes, by SQL: a received demande with its snapshot and its event. */
async function insertReceived(options: { organisme: string; caisse: string; nom: string; state: string; receivedAt: string; answerDueOn: LocalDate }): Promise<{ id: string; numero: string }> {
  const claims = assureClaims({ caisse: options.caisse, family_name: options.nom, nir: nir(`180019312${String(nirCounter++).padStart(4, '0')}`) })
  const assureId = await upsertAssureFromClaims(database.pool, claims)
  const identity = await findAssureProfile(database.pool, assureId)
  const answers = { ...savedAnswers.informationsGenerales, ...savedAnswers.francaise, ...savedAnswers.salarie, ...savedAnswers.unEmployeur, ...savedAnswers.employeur, ...savedAnswers.complementaires, ...savedAnswers.attestation }
  const { rows } = await database.pool.query<{ id: string; numero: string }>(
    `insert into demande (assure_id, state, answers, numero, caisse_code, organisme_code, channel, received_at, answer_due_on, submitted, decided_at)
     values ($1, $2, $3, 'PI-2026-' || lpad(nextval('demande_numero_seq')::text, 7, '0'), $4, $5, 'web-ordinateur', $6, $7, $8,
             case when $2 in ('accordee', 'refusee', 'rejet_implicite') then now() end)
     returning id, numero`,
    [assureId, options.state, JSON.stringify(answers), options.caisse, options.organisme, options.receivedAt, options.answerDueOn, JSON.stringify({ identity, answers, documents: [] })],
  )
  await database.pool.query(`insert into demande_event (demande_id, actor, type, data) values ($1, 'assure', 'demande_recue', '{"channel":"web-ordinateur"}')`, [rows[0]!.id])
  return rows[0]!
}

async function storeFile(assureId: string, bytes: Buffer, name: string): Promise<string> {
  const inspected = await inspectUpload(bytes, name)
  assert.ok(inspected.ok)
  return insertStoredFile(database.pool, assureId, inspected.file)
}

before(async () => {
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool, { now: () => NOW }))
  pdf = await pdfAvisImposition(1)

  of93 = await submitThroughApp(assureClaims({ caisse: '93', nir: '278047511304789', family_name: 'Lefèvre', given_name: 'Sophie Anne' }))
  of75 = await submitThroughApp(assureClaims({ caisse: '75', nir: nir('1690375112233'), family_name: 'Moreau', given_name: 'Paul' }))
  of69 = await submitThroughApp(assureClaims({ caisse: '69', nir: nir('2850769123456'), family_name: 'Lefèvre', given_name: 'Julie' }))
  of77 = await submitThroughApp(assureClaims({ caisse: '77', nir: nir('1920877456789'), family_name: 'Petit', given_name: 'Louis' }))

  // The Cerfa of the 93 demande, as the generate-cerfa job records it; the 75 one is still waiting.
  cerfaFileId = await storeFile(of93.assureId, pdf, `cerfa-${of93.numero}.pdf`)
  await database.pool.query('update demande set cerfa_file_id = $2 where id = $1', [of93.id, cerfaFileId])
  // A message of the caisse with a PDF, and the assurée's answer with a photo.
  const caisseMessage = await withTransaction(database.pool, async (tx) => {
    const id = await postMessageToAssure(tx, { assureId: of93.assureId, demandeId: of93.id, kind: 'echange', subject: 'Pièce à compléter', body: 'Merci de nous envoyer votre dernier bulletin de salaire.' })
    const inspected = await inspectUpload(pdf, 'courrier-caisse.pdf')
    assert.ok(inspected.ok)
    caisseAttachmentId = await insertStoredFile(tx, of93.assureId, inspected.file)
    await tx.query('insert into message_attachment (message_id, file_id) values ($1, $2)', [id, caisseAttachmentId])
    return id
  })
  const replied = await replyToMessage(database.pool, { assureId: of93.assureId, messageId: caisseMessage, fields: { reponse: 'Voici mon bulletin de salaire.' }, files: [{ filename: 'bulletin.png', bytes: pngImage() }] })
  assert.ok(replied?.ok)
  assureAttachmentId = (await database.pool.query<{ file_id: string }>('select file_id from message_attachment where message_id = $1', [replied.replyId])).rows[0]!.file_id

  const draftOwner = await upsertAssureFromClaims(database.pool, assureClaims({ caisse: '93' }))
  draftOfCramif = (await database.pool.query<{ id: string }>(`insert into demande (assure_id, caisse_code, organisme_code) values ($1, '93', 'CRAMIF') returning id`, [draftOwner])).rows[0]!.id

  technicien = await signInAgentAs(app, database.pool, { role: 'technicien', organisme: 'CRAMIF', nom: 'Roux', prenom: 'Hélène' })
  superviseur = await signInAgentAs(app, database.pool, { role: 'superviseur', organisme: 'CRAMIF', nom: 'Blanc', prenom: 'Yves' })
  accueil = await signInAgentAs(app, database.pool, { role: 'accueil', organisme: 'CRAMIF' })
  technicien69 = await signInAgentAs(app, database.pool, { role: 'technicien', organisme: '69' })

  // Volume: 60 open CRAMIF demandes, two by deadline from 5 days past to 24 days ahead, two by
  // receipt time (to the microsecond); decided CRAMIF demandes; open demandes of the 69.
  const states = ['recue', 'en_instruction', 'pieces_demandees', 'service_medical']
  for (let i = 0; i < 60; i++) {
    const receivedAt = `2026-01-${String(10 + Math.floor(i / 4)).padStart(2, '0')}T08:00:00.${String(123456 + Math.floor(i / 2)).padStart(6, '0')}Z`
    const { id } = await insertReceived({ organisme: 'CRAMIF', caisse: '93', nom: i === 7 ? 'Lefebvre' : `Volume${'abcdefghij'[i % 10]}`, state: states[i % 4]!, receivedAt, answerDueOn: addDays(TODAY, (i % 30) - 5) })
    if (i < 3) await database.pool.query('update demande set assigned_agent_id = $2 where id = $1', [id, technicien.agentId])
    if (i === 3) await database.pool.query('update demande set assigned_agent_id = $2 where id = $1', [id, superviseur.agentId])
  }
  for (let i = 0; i < 5; i++) await insertReceived({ organisme: 'CRAMIF', caisse: '93', nom: 'Decide', state: 'accordee', receivedAt: '2025-11-02T09:00:00Z', answerDueOn: addDays(TODAY, i - 3) })
  for (let i = 0; i < 5; i++) await insertReceived({ organisme: '69', caisse: '69', nom: 'Lyonnais', state: 'recue', receivedAt: '2026-02-01T09:00:00Z', answerDueOn: addDays(TODAY, i) })
  await database.pool.query('analyze demande')
})

after(async () => {
  await app.close()
  await database.drop()
})

function verifyWholeChain() {
  return app.inject({
    method: 'POST', url: '/agent/journal/verification',
    headers: { cookie: superviseur.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: superviseur.csrfToken }).toString(),
  })
}

function open(agent: SignedInAgent | null, url: string) {
  return app.inject({ method: 'GET', url, headers: agent ? { cookie: agent.cookie } : {} })
}

/** The numeros of the queue's table, in the order shown. */
function numerosIn(html: string): string[] {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return body.match(/PI-\d{4}-\d{7}/g) ?? []
}

function nextHref(html: string): string | null {
  const href = /href="([^"]+)" rel="next"/.exec(html)?.[1]
  return href ? href.replaceAll('&amp;', '&') : null
}

/** Every page from `url`, following « Page suivante ». */
async function allPages(agent: SignedInAgent, url: string): Promise<{ numeros: string[]; sizes: number[] }> {
  const numeros: string[] = []
  const sizes: number[] = []
  for (let next: string | null = url; next; ) {
    const response = await open(agent, next)
    assert.equal(response.statusCode, 200, next)
    const found = numerosIn(response.body)
    numeros.push(...found)
    sizes.push(found.length)
    next = nextHref(response.body)
  }
  return { numeros, sizes }
}

async function numerosWhere(condition: string, order = 'answer_due_on, id', params: unknown[] = []): Promise<string[]> {
  const { rows } = await database.pool.query<{ numero: string }>(`select numero from demande where organisme_code = 'CRAMIF' and ${condition} order by ${order}`, params)
  return rows.map((row) => row.numero)
}

type AuditRow = { id: string; agent_id: string; organisme_code: string; action: string; demande_id: string | null; details: Record<string, unknown> }

async function lastAuditId(): Promise<number> {
  return (await database.pool.query<{ id: number }>('select coalesce(max(id), 0)::int as id from audit_log')).rows[0]!.id
}

async function auditSince(id: number): Promise<AuditRow[]> {
  return (await database.pool.query<AuditRow>('select id, agent_id, organisme_code, action, demande_id, details from audit_log where id > $1 order by id', [id])).rows
}

describe('access by role', () => {
  it('sends an agent who is not signed in to the sign-in, and back', async () => {
    const response = await open(null, '/agent/file?etat=recue')
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, `/agent/connexion?retour=${encodeURIComponent('/agent/file?etat=recue')}`)
  })

  it('refuses every page to an agent d’accueil (403) and the journal to a technicien', async () => {
    for (const url of ['/agent/file', `/agent/demandes/${of93.id}`, `/agent/demandes/${of93.id}/fichiers/${cerfaFileId}`, '/agent/journal']) {
      const response = await open(accueil, url)
      assert.equal(response.statusCode, 403, url)
      assert.match(visibleText(response.body), /Vous n'avez pas accès à cette page/)
    }
    assert.equal((await open(technicien, '/agent/journal')).statusCode, 403)
    assert.equal((await open(superviseur, '/agent/file')).statusCode, 200)
    assert.equal((await open(superviseur, `/agent/demandes/${of93.id}`)).statusCode, 200)
  })
})

describe('one organisme, nothing of another', () => {
  it('shows the CRAMIF its 93 and 75 demandes, never those of the 69 or the 77', async () => {
    const { numeros } = await allPages(technicien, '/agent/file')
    assert.ok(numeros.includes(of93.numero) && numeros.includes(of75.numero))
    assert.ok(!numeros.includes(of69.numero) && !numeros.includes(of77.numero))
    const of69Queue = await allPages(technicien69, '/agent/file')
    assert.ok(of69Queue.numeros.includes(of69.numero))
    assert.ok(!of69Queue.numeros.includes(of93.numero) && !of69Queue.numeros.includes(of77.numero))
  })

  it('finds nothing by the NIR, the number or the name of another organisme’s assurée', async () => {
    for (const recherche of [of69.nir, of69.numero, of77.numero]) {
      const response = await open(technicien, `/agent/file?${new URLSearchParams({ recherche })}`)
      assert.equal(response.statusCode, 200)
      assert.deepEqual(numerosIn(response.body), [], recherche)
      assert.match(visibleText(response.body), /Aucune demande ne correspond/)
    }
    const byName = await open(technicien, `/agent/file?${new URLSearchParams({ recherche: 'Lefèvre' })}`)
    assert.deepEqual(numerosIn(byName.body), [of93.numero], 'the Lefèvre of the 69 is not listed')
  })

  it('answers 404 for a demande of another organisme, a draft, or an address that is no demande', async () => {
    for (const id of [of69.id, of77.id, draftOfCramif, 'pas-un-identifiant', '00000000-0000-4000-8000-000000000000']) {
      assert.equal((await open(technicien, `/agent/demandes/${id}`)).statusCode, 404, id)
    }
    assert.equal((await open(technicien69, `/agent/demandes/${of93.id}`)).statusCode, 404)
  })

  it('serves a file only through its own demande: another demande’s file is 404, even with a valid id', async () => {
    const attempts = [
      `/agent/demandes/${of69.id}/fichiers/${of69.documentFileId}`, // the 69's own path
      `/agent/demandes/${of93.id}/fichiers/${of69.documentFileId}`, // another organisme's file
      `/agent/demandes/${of93.id}/fichiers/${of75.documentFileId}`, // the same organisme, another demande
      `/agent/demandes/${of75.id}/fichiers/${cerfaFileId}`, // the 93's Cerfa under the 75's demande
      `/agent/demandes/${of75.id}/fichiers/${caisseAttachmentId}`, // the 93's message attachment
      `/agent/demandes/${of93.id}/fichiers/pas-un-identifiant`,
    ]
    const before = await lastAuditId()
    for (const url of attempts) assert.equal((await open(technicien, url)).statusCode, 404, url)
    assert.deepEqual(await auditSince(before), [], 'nothing was read, nothing is recorded')
  })
})

describe('the page of a demande', () => {
  it('shows its header, its answers as the récapitulatif, its Cerfa, its files, its messages and its history', async () => {
    await database.pool.query('update demande set assigned_agent_id = $2 where id = $1', [of93.id, technicien.agentId])
    const response = await open(technicien, `/agent/demandes/${of93.id}`)
    await database.pool.query('update demande set assigned_agent_id = null where id = $1', [of93.id])
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['cache-control'], 'no-store')
    const text = visibleText(response.body)
    assert.match(text, new RegExp(`Lefèvre Sophie Anne Demande de pension d'invalidité n° ${of93.numero}`))
    assert.match(text, /État Reçue/)
    assert.match(text, /Reçue le 11 mars 2026 à 00:30/)
    const due = (await database.pool.query<{ answer_due_on: LocalDate }>('select answer_due_on from demande where id = $1', [of93.id])).rows[0]!.answer_due_on
    assert.match(text, new RegExp(`Réponse due au plus tard le ${formatFrenchDate(due)} ${daysBetween(TODAY, due)} jours`))
    assert.match(text, /Canal de dépôt Téléservice — ordinateur/)
    assert.match(text, /Agent chargé de la demande Hélène Roux/)
    for (const title of ['Informations générales', 'Vos coordonnées', 'Votre situation professionnelle', 'Votre employeur', 'Informations complémentaires']) {
      assert.match(response.body, new RegExp(`<h3 class="govuk-summary-card__title">\\s*${title}`), title)
    }
    assert.match(text, /Numéro de sécurité sociale 2 78 04 75 113 047 89/)
    assert.match(text, /Nom de l'employeur Boulangerie du Canal/)
    assert.ok(response.body.includes(`href="/agent/demandes/${of93.id}/fichiers/${cerfaFileId}"`), 'the Cerfa')
    assert.ok(response.body.includes(`href="/agent/demandes/${of93.id}/fichiers/${of93.documentFileId}"`), 'the justificatif')
    assert.match(text, /Dernier avis d'imposition ou avis de situation déclarative : avis-Lefèvre\.pdf \(PDF\)/)
    assert.match(text, /Pièce à compléter De La caisse .* Message Merci de nous envoyer votre dernier bulletin de salaire\. Pièces jointes courrier-caisse\.pdf \(PDF\)/)
    assert.match(text, /RE : Pièce à compléter De L'assuré\(e\) .* Message Voici mon bulletin de salaire\. Pièces jointes bulletin\.png \(PNG\)/)
    assert.match(text, /Accusé de réception demande de pension d'invalidité/)
    assert.ok(response.body.includes(`/fichiers/${caisseAttachmentId}"`) && response.body.includes(`/fichiers/${assureAttachmentId}"`))
    assert.match(text, /Historique .*Consultation de la demande Hélène Roux .*Demande reçue \(Téléservice — ordinateur\) L'assuré\(e\)/)

    const waiting = visibleText((await open(technicien, `/agent/demandes/${of75.id}`)).body)
    assert.match(waiting, /Le formulaire Cerfa est en cours de génération/)
    assert.match(waiting, /Accusé de réception demande de pension d'invalidité De La caisse/)
  })

  it('downloads the Cerfa, a justificatif and the attachments of both directions, as attachments never cached', async () => {
    const expected = [
      { fileId: cerfaFileId, type: 'application/pdf', name: `cerfa-${of93.numero}.pdf` },
      { fileId: of93.documentFileId, type: 'application/pdf', name: 'avis-Lef' },
      { fileId: caisseAttachmentId, type: 'application/pdf', name: 'courrier-caisse.pdf' },
      { fileId: assureAttachmentId, type: 'image/png', name: 'bulletin.png' },
    ]
    for (const file of expected) {
      const response = await open(technicien, `/agent/demandes/${of93.id}/fichiers/${file.fileId}`)
      assert.equal(response.statusCode, 200, file.name)
      assert.equal(response.headers['content-type'], file.type)
      assert.match(String(response.headers['content-disposition']), new RegExp(`^attachment; filename="${file.name}`))
      assert.equal(response.headers['cache-control'], 'no-store')
      assert.equal(response.headers['x-content-type-options'], 'nosniff')
      assert.ok(response.rawPayload.length > 0)
    }
    const cerfa = await open(technicien, `/agent/demandes/${of93.id}/fichiers/${cerfaFileId}`)
    assert.ok(cerfa.rawPayload.equals(pdf))
  })
})

describe('the work queue', () => {
  it('lists the open demandes by deadline, with the days left counted from today in Paris', async () => {
    const response = await open(technicien, '/agent/file')
    assert.equal(response.statusCode, 200)
    const expected = await numerosWhere(OPEN)
    assert.deepEqual(numerosIn(response.body), expected.slice(0, 25))
    const text = visibleText(response.body)
    assert.match(text, /Demandes ouvertes, de l'échéance la plus proche à la plus lointaine Numéro Assuré\(e\) Reçue le État Jours restants Agent/)
    assert.match(text, /Dépassée de 5 jours/)
    assert.match(text, /Échéance aujourd'hui/)
    assert.match(text, /Volumea Sophie Anne 10 janvier 2026 Reçue Dépassée de 5 jours Hélène Roux/)
    assert.doesNotMatch(text, /Decide/, 'decided demandes are not in the default queue')
    assert.match(response.body, /<th scope="col" class="govuk-table__header">Numéro<\/th>/)
    assert.match(response.body, /<th scope="row" class="govuk-table__header"><a class="govuk-link" href="\/agent\/demandes\//)
  })

  it('reminds of the demandes whose deadline comes within 15 days, and links to them', async () => {
    const text = visibleText((await open(technicien, '/agent/file')).body)
    // Of the 60: two by day from 0 to 14 days left; 10 are past their deadline.
    assert.match(text, /30 demandes arrivent à échéance dans moins de 15 jours\. Voir ces demandes/)
    assert.match(text, /10 demandes ont dépassé l'échéance sans décision/)
    const soon = await allPages(technicien, '/agent/file?echeance=bientot')
    assert.deepEqual(soon.numeros, await numerosWhere(`${OPEN} and answer_due_on between $1::date and $1::date + 14`, undefined, [TODAY]))
    assert.equal(soon.numeros.length, 30)
    const overdue = await allPages(technicien, '/agent/file?echeance=depassee')
    assert.deepEqual(overdue.numeros, await numerosWhere(`${OPEN} and answer_due_on < $1::date`, undefined, [TODAY]))
    const text69 = visibleText((await open(technicien69, '/agent/file')).body)
    assert.match(text69, /5 demandes arrivent à échéance dans moins de 15 jours/, 'the 69 counts its own, none of the CRAMIF')
  })

  it('filters by state, by assignment, and shows decided demandes when asked', async () => {
    assert.deepEqual((await allPages(technicien, '/agent/file?etat=pieces_demandees')).numeros, await numerosWhere(`state = 'pieces_demandees'`))
    assert.deepEqual((await allPages(technicien, '/agent/file?assignation=moi')).numeros, await numerosWhere(`${OPEN} and assigned_agent_id = $1`, undefined, [technicien.agentId]))
    assert.equal((await allPages(technicien, '/agent/file?assignation=moi')).numeros.length, 3)
    assert.deepEqual((await allPages(superviseur, '/agent/file?assignation=moi')).numeros.length, 1)
    assert.deepEqual((await allPages(technicien, '/agent/file?assignation=aucune')).numeros, await numerosWhere(`${OPEN} and assigned_agent_id is null`))
    const decided = await allPages(technicien, '/agent/file?etat=accordee')
    assert.deepEqual(decided.numeros, await numerosWhere(`state = 'accordee'`))
    assert.equal(decided.numeros.length, 5)
    assert.match(visibleText((await open(technicien, '/agent/file?etat=accordee')).body), /Pension accordée Sans objet \(décidée\)/)
    assert.deepEqual((await allPages(technicien, '/agent/file?etat=toutes')).numeros, await numerosWhere(`state <> 'brouillon'`))
    assert.deepEqual((await allPages(technicien, '/agent/file?etat=accordee&echeance=depassee')).numeros, [], 'a decided demande has no deadline')
    assert.deepEqual(
      (await allPages(technicien, '/agent/file?etat=en_instruction&echeance=bientot&assignation=aucune')).numeros,
      await numerosWhere(`state = 'en_instruction' and answer_due_on between $1::date and $1::date + 14 and assigned_agent_id is null`, undefined, [TODAY]),
    )
  })

  it('searches by NIR (as typed on the carte Vitale), by the start of a name whatever its case and accents, or by the start of a number', async () => {
    const search = async (recherche: string) => numerosIn((await open(technicien, `/agent/file?${new URLSearchParams({ recherche })}`)).body)
    assert.deepEqual(await search('2 78 04 75 113 047 89'), [of93.numero])
    assert.deepEqual(await search(of75.nir), [of75.numero])
    assert.deepEqual(await search('lefevre'), [of93.numero])
    assert.deepEqual(await search('LEFÈV'), [of93.numero])
    const lefe = await numerosWhere(`submitted->'identity'->>'nom' in ('Lefèvre', 'Lefebvre')`)
    assert.deepEqual(await search('  lefe '), lefe)
    assert.equal(lefe.length, 2)
    assert.deepEqual(await search(of75.numero), [of75.numero])
    assert.deepEqual(await search(of75.numero.toLowerCase()), [of75.numero])
    const prefix = of75.numero.slice(0, -1)
    assert.deepEqual((await allPages(technicien, `/agent/file?${new URLSearchParams({ recherche: prefix, etat: 'toutes' })}`)).numeros, await numerosWhere(`state <> 'brouillon' and numero like $1`, undefined, [`${prefix}%`]))
    assert.deepEqual(await search('Volume_'), [], 'no LIKE wildcard reaches the query')
  })

  it('explains what is wrong with a search it cannot run, and changes nothing', async () => {
    const wrongKey = await open(technicien, `/agent/file?${new URLSearchParams({ recherche: '278047511304788' })}`)
    assert.equal(wrongKey.statusCode, 400)
    const text = visibleText(wrongKey.body)
    assert.match(text, /Il y a un problème La clé \(les 2 derniers chiffres\) ne correspond pas/)
    assert.match(wrongKey.body, /href="#recherche"/)
    assert.deepEqual(numerosIn(wrongKey.body), [])
    const garbage = await open(technicien, `/agent/file?${new URLSearchParams({ recherche: '<script>%' })}`)
    assert.equal(garbage.statusCode, 400)
    assert.match(visibleText(garbage.body), /Saisissez un numéro de demande .*, un numéro de sécurité sociale de 15 caractères, ou le début du nom/)
    assert.doesNotMatch(garbage.body, /<script>%/)
  })

  it('pages by keyset: 62 open demandes in pages of 25, each once, in deadline order, then in receipt order', async () => {
    const byDeadline = await allPages(technicien, '/agent/file')
    const expected = await numerosWhere(OPEN)
    assert.equal(expected.length, 62)
    assert.deepEqual(byDeadline.numeros, expected)
    assert.deepEqual(byDeadline.sizes, [25, 25, 12])
    assert.equal(new Set(byDeadline.numeros).size, byDeadline.numeros.length)

    const byReceipt = await allPages(technicien, '/agent/file?tri=reception')
    assert.deepEqual(byReceipt.numeros, await numerosWhere(OPEN, 'received_at desc, id desc'))

    const second = nextHref((await open(technicien, '/agent/file?echeance=bientot')).body)
    assert.match(second!, /^\/agent\/file\?echeance=bientot&apres=\d{4}-\d{2}-\d{2}_[0-9a-f-]{36}$/, 'the next page keeps the filters')
    assert.doesNotMatch(second!, /offset|page=/)
  })

  it('starts again at the first page when the cursor was tampered with', async () => {
    const first = numerosIn((await open(technicien, '/agent/file')).body)
    for (const apres of ['2026-02-30_00000000-0000-4000-8000-000000000000', 'nimporte', `2026-01-01_x'; drop table demande; --`]) {
      const response = await open(technicien, `/agent/file?${new URLSearchParams({ apres })}`)
      assert.equal(response.statusCode, 200, apres)
      assert.deepEqual(numerosIn(response.body), first)
    }
    const response = await open(technicien, `/agent/file?${new URLSearchParams({ tri: 'reception', apres: '2026-02-30T08:00:00.123456Z_00000000-0000-4000-8000-000000000000' })}`)
    assert.equal(response.statusCode, 200)
  })

  it('says so when nothing matches, or when there is no open demande at all', async () => {
    const none = visibleText((await open(technicien, `/agent/file?${new URLSearchParams({ recherche: 'Zzz' })}`)).body)
    assert.match(none, /Aucune demande ne correspond/)
    const ofAude = await signInAgentAs(app, database.pool, { role: 'technicien', organisme: '11' })
    assert.match(visibleText((await open(ofAude, '/agent/file')).body), /Aucune demande à instruire/)
  })

  it('is served by an index, in the order of the page, without sorting', async () => {
    // Fresh statistics, so that the plans do not depend on when autovacuum last ran.
    await database.pool.query('analyze demande')
    const plan = async (criteria: Partial<QueueCriteria>) => {
      const query = workQueueQuery(technicien.agent, { state: 'ouvertes', deadline: null, assignment: null, search: null, sort: 'echeance', after: null, ...criteria }, TODAY)
      return withTransaction(database.pool, async (tx) => {
        // The test table is small enough to read whole: as it grows, these plans are the cheap ones.
        await tx.query('set local enable_seqscan = off')
        await tx.query('set local enable_bitmapscan = off')
        const { rows } = await tx.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${query.text}`, query.values)
        return JSON.stringify(rows[0]!['QUERY PLAN'])
      })
    }
    const usesIndex = (json: string, index: string) => json.includes(`"Index Name":"${index}"`)
    const inIndexOrder = (json: string) => json.includes('"Node Type":"Index Scan"') && !json.includes('"Node Type":"Sort"')
    // The open demandes by deadline come from an index of open demandes only: this organisme's
    // (005) or every organisme's (006, for the deadline job), whichever the statistics favour.
    const openByDeadline = (json: string) => inIndexOrder(json) && (usesIndex(json, 'demande_queue_open') || usesIndex(json, 'demande_open_due'))
    const queue = await plan({})
    assert.ok(openByDeadline(queue), queue)
    const next = await plan({ after: `${TODAY}_00000000-0000-4000-8000-000000000000` })
    assert.ok(openByDeadline(next), next)
    for (const criteria of [{ state: 'recue' }, { sort: 'reception' }, { state: 'toutes' }, { assignment: 'moi' }] as const) {
      const json = await plan(criteria)
      assert.ok(inIndexOrder(json), json)
    }
    assert.ok(usesIndex(await plan({ search: { by: 'nir', value: of75.nir } }), 'demande_search_nir'))
    assert.ok(usesIndex(await plan({ search: { by: 'nom', value: 'lefe' } }), 'demande_search_nom'))
    assert.ok(usesIndex(await plan({ state: 'toutes', search: { by: 'nom', value: 'zzz' } }), 'demande_search_nom'), 'a name searched in every state')
    assert.ok(usesIndex(await plan({ search: { by: 'numero', value: of75.numero } }), 'demande_numero_prefix'))
  })
})

describe('the audit trail', () => {
  it('records each read: the queue, a demande, a file (its kind, never its name), the journal', async () => {
    const start = await lastAuditId()
    await open(technicien, `/agent/file?${new URLSearchParams({ recherche: of75.nir, echeance: 'bientot' })}`)
    await open(technicien, `/agent/demandes/${of93.id}`)
    await open(technicien, `/agent/demandes/${of93.id}/fichiers/${of93.documentFileId}`)
    await open(technicien, `/agent/demandes/${of93.id}/fichiers/${cerfaFileId}`)
    await open(technicien, `/agent/demandes/${of93.id}/fichiers/${assureAttachmentId}`)
    await open(superviseur, `/agent/journal?numero=${of93.numero}`)
    const rows = await auditSince(start)
    assert.deepEqual(rows.map((row) => [row.action, row.demande_id, row.agent_id, row.organisme_code]), [
      ['consulter_file', null, technicien.agentId, 'CRAMIF'],
      ['consulter_demande', of93.id, technicien.agentId, 'CRAMIF'],
      ['telecharger_piece', of93.id, technicien.agentId, 'CRAMIF'],
      ['telecharger_piece', of93.id, technicien.agentId, 'CRAMIF'],
      ['telecharger_piece', of93.id, technicien.agentId, 'CRAMIF'],
      ['consulter_journal', of93.id, superviseur.agentId, 'CRAMIF'],
    ])
    assert.deepEqual(rows[0]!.details, { etat: 'ouvertes', echeance: 'bientot', recherche: 'nir', tri: 'echeance' })
    assert.deepEqual(rows[2]!.details, { piece: 'justificatif', type: 'avis-imposition', fichier: of93.documentFileId })
    assert.deepEqual(rows[3]!.details, { piece: 'cerfa', fichier: cerfaFileId })
    assert.deepEqual(rows[4]!.details, { piece: 'piece_jointe_message', fichier: assureAttachmentId })
    const everything = JSON.stringify(rows)
    for (const secret of [of75.nir, 'avis-Lef', 'bulletin.png', 'cerfa-PI']) assert.ok(!everything.includes(secret), secret)
    assert.deepEqual(await verifyAuditChain(database.pool), { ok: true, rows: (await auditSince(0)).length })
  })

  it('shows the superviseur the trail of a demande or of an agent, and that the chain holds', async () => {
    const byDemande = await open(superviseur, `/agent/journal?${new URLSearchParams({ numero: of93.numero.toLowerCase() })}`)
    assert.equal(byDemande.statusCode, 200)
    const text = visibleText(byDemande.body)
    const total = (await auditSince(0)).length
    assert.match(text, new RegExp(`Chaîne intègre : ${total} entrées\\.`))
    assert.match(text, /Consultation de la demande/)
    assert.match(text, /Téléchargement d'une pièce : dernier avis d'imposition/)
    assert.match(text, /Téléchargement d'une pièce : formulaire Cerfa reconstitué/)
    assert.doesNotMatch(text, /Consultation de la file de travail/, 'only this demande’s entries')

    const byAgent = visibleText((await open(superviseur, `/agent/journal?agent=${technicien.agentId}`)).body)
    assert.match(byAgent, /Hélène Roux Consultation de la file de travail/)
    assert.doesNotMatch(byAgent, /Yves Blanc Consultation du journal/)

    const unknown = await open(superviseur, `/agent/journal?${new URLSearchParams({ numero: of69.numero })}`)
    assert.equal(unknown.statusCode, 400)
    assert.match(visibleText(unknown.body), new RegExp(`Aucune demande n° ${of69.numero} dans votre organisme`))
  })

  it('detects a row altered by the table owner, and a forged row', async () => {
    const target = (await database.pool.query<{ id: number }>(`select id::int from audit_log where action = 'telecharger_piece' order by id limit 1`)).rows[0]!.id
    const original = (await database.pool.query<{ details: unknown }>('select details from audit_log where id = $1', [target])).rows[0]!.details
    const alter = async (details: unknown) => {
      await database.pool.query('alter table audit_log disable rule audit_log_no_update')
      await database.pool.query('update audit_log set details = $2 where id = $1', [target, JSON.stringify(details)])
      await database.pool.query('alter table audit_log enable rule audit_log_no_update')
    }
    await database.pool.query(`update audit_log set details = '{}' where id = $1`, [target])
    assert.deepEqual((await database.pool.query('select details from audit_log where id = $1', [target])).rows[0]!.details, original, 'the rule turns an update into nothing')

    await alter({ piece: 'cerfa' })
    assert.deepEqual(await verifyAuditChain(database.pool), { ok: false, brokenAtId: target })
    // A view verifies what was written since the previous one; an older entry altered is found by
    // the whole chain's verification (nightly, or at once with the superviseur's button), and stays shown.
    assert.doesNotMatch(visibleText((await open(superviseur, '/agent/journal')).body), /Chaîne rompue/)
    const verification = await verifyWholeChain()
    assert.equal(verification.statusCode, 303)
    assert.equal(verification.headers.location, '/agent/journal')
    for (let view = 0; view < 2; view++) {
      assert.match(visibleText((await open(superviseur, '/agent/journal')).body), new RegExp(`Attention Chaîne rompue à l'entrée n° ${target}`))
    }

    await alter(original)
    assert.equal((await verifyAuditChain(database.pool)).ok, true, 'the chain holds again once the row is as it was')
    await verifyWholeChain()
    const whole = visibleText((await open(superviseur, '/agent/journal')).body)
    assert.match(whole, new RegExp(`Chaîne intègre : ${(await auditSince(0)).length} entrées\\. Dernière vérification complète : `))
    assert.match(whole, /Vérification complète du journal des accès/)

    const last = (await database.pool.query<{ hash: string }>('select hash from audit_log order by id desc limit 1')).rows[0]!.hash
    const forged = (await database.pool.query<{ id: number }>(
      `insert into audit_log (agent_id, organisme_code, action, details, previous_hash, hash) values ($1, 'CRAMIF', 'consulter_file', '{}', $2, $3) returning id::int`,
      [technicien.agentId, last, 'f'.repeat(64)],
    )).rows[0]!.id
    assert.deepEqual(await verifyAuditChain(database.pool), { ok: false, brokenAtId: forged })
    // Written after the last verification: the next view finds it.
    assert.match(visibleText((await open(superviseur, '/agent/journal')).body), new RegExp(`Attention Chaîne rompue à l'entrée n° ${forged}`))
  })
})
