// The accueil: an agent finds an assuré by NIR (in a POST body) and learns whether and when each
// demande of their own organisme was received, its state and its due date, nothing of the file;
// reprints the acknowledgment; every search and reprint is in the audit log.
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { extractText, getDocumentProxy } from 'unpdf'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims } from '../support/sign-in.ts'
import { signInAgentAs, type SignedInAgent } from '../support/agent-sign-in.ts'
import { visibleText } from '../support/demarche.ts'
import { upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'
import type { AgentRole } from '../../src/instruction/agent-repository.ts'
import { verifyAuditChain } from '../../src/instruction/audit-log.ts'
import { accuseReceptionMessage } from '../../src/demarche/domain/accuse-reception.ts'
import { findCaisse } from '../../src/shared/caisses.ts'
import type { LocalDate } from '../../src/shared/dates.ts'

const NOW = new Date('2026-03-18T10:00:00Z')
const NIR = '278047511304789'
const NIR_WRONG_KEY = '278047511304788'

const suite = integrationSuite({ now: () => NOW })

const signInAgent = (role: AgentRole, organisme: string): Promise<SignedInAgent> => signInAgentAs(suite.app, suite.pool, { role, organisme })

function search(agent: SignedInAgent, nir: string, csrfToken = agent.csrfToken) {
  return suite.app.inject({
    method: 'POST',
    url: '/agent/accueil',
    headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfToken, nir }).toString(),
  })
}

function reprint(agent: SignedInAgent, demandeId: string) {
  return suite.app.inject({ method: 'GET', url: `/agent/accueil/demandes/${demandeId}/accuse-de-reception.pdf`, headers: { cookie: agent.cookie } })
}

/** A demande received on `receivedOn` (noon in Paris), with its acknowledgment in the messagerie. */
async function receivedDemande(assureId: string, options: { organismeCode: string; receivedOn: LocalDate; answerDueOn: LocalDate; state?: string; decidedAt?: Date }): Promise<{ id: string; numero: string }> {
  const answers = { employeur: { employeurNom: 'Boulangerie du Canal' } }
  const { rows } = await suite.pool.query<{ id: string; numero: string }>(
    `insert into demande (assure_id, state, numero, caisse_code, organisme_code, channel, received_at, answer_due_on, answers, submitted, decided_at)
     values ($1, $2, 'PI-2026-' || lpad(nextval('demande_numero_seq')::text, 7, '0'), '93', $3, 'web-ordinateur', ($4::date + time '12:00') at time zone 'Europe/Paris', $5, $6, $7, $8)
     returning id, numero`,
    [assureId, options.state ?? 'recue', options.organismeCode, options.receivedOn, options.answerDueOn, JSON.stringify(answers), JSON.stringify({ answers, documents: [], identity: {} }), options.decidedAt ?? null],
  )
  const demande = rows[0]!
  const message = accuseReceptionMessage({ receivedOn: options.receivedOn, answerDueOn: options.answerDueOn, caisse: findCaisse('93')! })
  await suite.pool.query(
    `insert into message (assure_id, demande_id, author, kind, subject, body) values ($1, $2, 'caisse', 'accuse_reception', $3, $4)`,
    [assureId, demande.id, message.subject, message.body],
  )
  return demande
}

async function auditOf(agentId: string): Promise<Array<{ action: string; demande_id: string | null }>> {
  const { rows } = await suite.pool.query('select action, demande_id from audit_log where agent_id = $1 order by id', [agentId])
  return rows
}

describe('instruction: the accueil finds an assuré by NIR', () => {
  let assureId: string
  let current: { id: string; numero: string }
  let refused: { id: string; numero: string }

  before(async () => {
    assureId = await upsertAssureFromClaims(suite.pool, assureClaims({ nir: NIR }))
    refused = await receivedDemande(assureId, { organismeCode: 'CRAMIF', receivedOn: '2025-09-02' as LocalDate, answerDueOn: '2025-11-03' as LocalDate, state: 'refusee', decidedAt: new Date('2025-10-20T09:00:00Z') })
    current = await receivedDemande(assureId, { organismeCode: 'CRAMIF', receivedOn: '2026-03-02' as LocalDate, answerDueOn: '2026-05-03' as LocalDate })
  })

  it('is open to every agent role, and to agents only', async () => {
    for (const role of ['accueil', 'technicien', 'superviseur'] as const) {
      const agent = await signInAgent(role, 'CRAMIF')
      const page = await suite.app.inject({ method: 'GET', url: '/agent/accueil', headers: { cookie: agent.cookie } })
      assert.equal(page.statusCode, 200, role)
      assert.match(page.body, /<input[^>]*id="nir"[^>]*inputmode="text"|<input[^>]*inputmode="text"[^>]*id="nir"/)
      assert.match(page.body, /autocomplete="off"/)
      assert.match(page.body, /spellcheck="false"/)
    }
    const anonymous = await suite.app.inject({ method: 'GET', url: '/agent/accueil' })
    assert.equal(anonymous.statusCode, 302)
    assert.match(String(anonymous.headers.location), /^\/agent\/connexion/)
  })

  it('refuses a NIR whose key is wrong, in French, in the summary and beside the field, and searches nothing', async () => {
    const agent = await signInAgent('accueil', 'CRAMIF')
    const response = await search(agent, NIR_WRONG_KEY)
    assert.equal(response.statusCode, 400)
    const text = visibleText(response.body)
    assert.match(response.body, /govuk-error-summary/)
    assert.match(response.body, /href="#nir"/)
    assert.match(response.body, /id="nir-error"/)
    assert.equal(text.match(/La clé \(les 2 derniers chiffres\) ne correspond pas/g)?.length, 2, 'in the summary and beside the field')
    assert.match(response.body, new RegExp(`value="${NIR_WRONG_KEY}"`), 'what was typed is kept')
    assert.doesNotMatch(text, new RegExp(current.numero))
    assert.deepEqual(await auditOf(agent.agentId), [])
  })

  it('tells the state and dates of each demande of the organisme, nothing of the file', async () => {
    const agent = await signInAgent('accueil', 'CRAMIF')
    const response = await search(agent, '2 78 04 75 113 047 89')
    assert.equal(response.statusCode, 200)
    const text = visibleText(response.body)
    assert.match(text, /Demandes reçues en ligne pour le numéro 2 78 04 75 113 047 89/)
    assert.match(text, new RegExp(`Demande n° ${current.numero} .*Reçue le 2 mars 2026 à 12:00 État Reçue Réponse attendue au plus tard le 3 mai 2026`))
    assert.match(text, new RegExp(`Demande n° ${refused.numero} .*Reçue le 2 septembre 2025 à 12:00 État Refusée Décidée le 20 octobre 2025`))
    assert.ok(text.indexOf(current.numero) < text.indexOf(refused.numero), 'the latest first')
    assert.match(response.body, new RegExp(`href="/agent/accueil/demandes/${current.id}/accuse-de-reception.pdf"`))
    assert.doesNotMatch(text, /Boulangerie du Canal/, 'no answer of the demande')
    assert.doesNotMatch(response.body, /copie\.pdf|\/agent\/demandes\//, 'no document, no link to the file')
    assert.deepEqual(await auditOf(agent.agentId), [
      { action: 'accueil_recherche', demande_id: current.id },
      { action: 'accueil_recherche', demande_id: refused.id },
    ])
  })

  it('finds nothing for an agent of another organisme', async () => {
    const agent = await signInAgent('accueil', '69')
    const response = await search(agent, NIR)
    assert.equal(response.statusCode, 200)
    const text = visibleText(response.body)
    assert.match(text, /Aucune demande reçue en ligne pour ce numéro/)
    assert.doesNotMatch(text, new RegExp(`${current.numero}|${refused.numero}|Lefèvre`))
    assert.deepEqual(await auditOf(agent.agentId), [{ action: 'accueil_recherche', demande_id: null }])
  })

  it('ignores a draft', async () => {
    const other = await upsertAssureFromClaims(suite.pool, assureClaims({ nir: '185057800608491' }))
    await suite.pool.query(`insert into demande (assure_id, caisse_code, organisme_code) values ($1, '93', 'CRAMIF')`, [other])
    const response = await search(await signInAgent('accueil', 'CRAMIF'), '185057800608491')
    assert.match(visibleText(response.body), /Aucune demande reçue en ligne pour ce numéro/)
  })

  it('refuses a search without the CSRF token', async () => {
    const agent = await signInAgent('accueil', 'CRAMIF')
    const response = await search(agent, NIR, 'jeton-invalide')
    assert.equal(response.statusCode, 403)
    assert.deepEqual(await auditOf(agent.agentId), [])
  })

  it('reprints the acknowledgment as sent, with its date of receipt', async () => {
    const agent = await signInAgent('accueil', 'CRAMIF')
    const response = await reprint(agent, current.id)
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'application/pdf')
    assert.equal(response.headers['cache-control'], 'no-store')
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(response.rawPayload)), { mergePages: true })
    const flat = text.replace(/\s+/g, ' ')
    for (const expected of ["Accusé de réception demande de pension d'invalidité", current.numero, 'du 2 mars 2026', 'ce délai prend fin le 3 mai 2026', 'imprimée le 18 mars 2026']) {
      assert.ok(flat.includes(expected), `« ${expected} » in ${flat}`)
    }
    assert.deepEqual(await auditOf(agent.agentId), [{ action: 'accueil_reimpression', demande_id: current.id }])
  })

  it('answers 404 for a demande of another organisme, and audits nothing', async () => {
    const agent = await signInAgent('accueil', '69')
    for (const id of [current.id, randomUUID(), 'pas-un-identifiant']) {
      const response = await reprint(agent, id)
      assert.equal(response.statusCode, 404, id)
    }
    assert.deepEqual(await auditOf(agent.agentId), [])
  })

  it('keeps the audit chain whole', async () => {
    assert.deepEqual(await verifyAuditChain(suite.pool), { ok: true, rows: 5 })
  })
})
