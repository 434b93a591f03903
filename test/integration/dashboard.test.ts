// The superviseur's dashboard (figures of their own organisme, in charts and in tables) and the
// GED deposits in the dead letter, with « Relancer »; both closed to the other roles.
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims } from '../support/sign-in.ts'
import { signInAgentAs, type SignedInAgent } from '../support/agent-sign-in.ts'
import { countRows, visibleText } from '../support/demarche.ts'
import { createReceivedDemande } from '../support/ged.ts'
import { upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'
import type { AgentRole } from '../../src/instruction/agent-repository.ts'

const NOW = new Date('2026-03-18T10:00:00Z') // a Wednesday

const suite = integrationSuite({ now: () => NOW })

const signInAgent = (role: AgentRole, organisme: string): Promise<SignedInAgent> => signInAgentAs(suite.app, suite.pool, { role, organisme })

function get(agent: SignedInAgent, url: string) {
  return suite.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } })
}

function relaunch(agent: SignedInAgent, depositId: string, csrfToken = agent.csrfToken) {
  return suite.app.inject({
    method: 'POST',
    url: `/agent/depots-en-echec/${depositId}/relancer`,
    headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfToken }).toString(),
  })
}

/** A demande of its own assuré (one demande in progress per assuré); times are in Paris. */
async function insertDemande(organismeCode: string, state: string, receivedAt: string, answerDueOn: string, decidedAt?: string): Promise<void> {
  const assureId = await upsertAssureFromClaims(suite.pool, assureClaims())
  await suite.pool.query(
    `insert into demande (assure_id, state, numero, caisse_code, organisme_code, received_at, answer_due_on, decided_at)
     values ($1, $2, 'PI-2026-' || lpad(nextval('demande_numero_seq')::text, 7, '0'), '93', $3,
             $4::timestamp at time zone 'Europe/Paris', $5, $6::timestamp at time zone 'Europe/Paris')`,
    [assureId, state, organismeCode, receivedAt, answerDueOn, decidedAt ?? null],
  )
}

/** The rows of a chart's table, as [label, value] read on screen. */
function tableRows(html: string, chartId: string): Array<[string, string]> {
  const table = new RegExp(`<table class="govuk-table" id="${chartId}-tableau">([\\s\\S]*?)</table>`).exec(html)?.[1]
  assert.ok(table, `table of ${chartId}`)
  const body = table.slice(table.indexOf('<tbody'))
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => visibleText(cell[1]!).trim())
    return [cells[0]!, cells[1]!]
  })
}

describe('instruction: the superviseur’s dashboard', () => {
  before(async () => {
    await insertDemande('CRAMIF', 'recue', '2026-03-16 09:00', '2026-05-17')
    await insertDemande('CRAMIF', 'recue', '2026-03-18 08:00', '2026-05-19')
    await insertDemande('CRAMIF', 'en_instruction', '2026-03-15 23:30', '2026-03-20') // a Sunday night in Paris
    await insertDemande('CRAMIF', 'service_medical', '2026-02-03 10:00', '2026-04-04')
    await insertDemande('CRAMIF', 'pieces_demandees', '2026-01-20 10:00', '2026-03-25')
    await insertDemande('CRAMIF', 'en_instruction', '2025-12-20 10:00', '2026-03-10')
    await insertDemande('CRAMIF', 'recue', '2026-02-17 10:00', '2026-04-16')
    await insertDemande('CRAMIF', 'recue', '2026-02-17 11:00', '2026-04-17')
    await insertDemande('CRAMIF', 'accordee', '2026-01-05 10:00', '2026-03-06', '2026-02-14 15:00') // 40 days
    await insertDemande('CRAMIF', 'refusee', '2026-01-10 10:00', '2026-03-11', '2026-03-01 15:00') // 50 days
    await insertDemande('CRAMIF', 'accordee', '2026-02-20 10:00', '2026-04-21', '2026-03-02 15:00') // 10 days
    await insertDemande('CRAMIF', 'rejet_implicite', '2025-10-01 10:00', '2025-12-02', '2025-12-10 15:00') // decided before the 90 days
    for (let i = 0; i < 3; i++) {
      await insertDemande('69', 'recue', '2026-03-17 10:00', '2026-03-19')
      await insertDemande('69', 'accordee', '2026-03-01 10:00', '2026-05-02', '2026-03-03 10:00')
    }
  })

  it('shows the figures of the organisme in charts and in tables', async () => {
    const response = await get(await signInAgent('superviseur', 'CRAMIF'), '/agent/tableau-de-bord')
    assert.equal(response.statusCode, 200)
    assert.deepEqual(tableRows(response.body, 'recues-par-semaine'), [
      ['Semaine du 29 décembre', '0'],
      ['Semaine du 5 janvier', '2'],
      ['Semaine du 12 janvier', '0'],
      ['Semaine du 19 janvier', '1'],
      ['Semaine du 26 janvier', '0'],
      ['Semaine du 2 février', '1'],
      ['Semaine du 9 février', '0'],
      ['Semaine du 16 février', '3'],
      ['Semaine du 23 février', '0'],
      ['Semaine du 2 mars', '0'],
      ['Semaine du 9 mars', '1'],
      ['Semaine du 16 mars', '2'],
    ])
    assert.deepEqual(tableRows(response.body, 'stock-par-etat'), [
      ['Reçue', '4'],
      ["En cours d'instruction", '2'],
      ['Justificatifs demandés', '1'],
      ['Chez le service médical', '1'],
    ])
    assert.deepEqual(tableRows(response.body, 'echeances'), [
      ['Échéance dépassée', '1'],
      ['Du 18 mars au 24 mars', '1'],
      ['Du 25 mars au 31 mars', '0'],
      ['Du 1er avril au 7 avril', '1'],
      ['Du 8 avril au 14 avril', '0'],
      ['Du 15 avril au 16 avril', '1'],
    ])
    assert.deepEqual(tableRows(response.body, 'delais-de-traitement'), [
      ['Médiane', '40 jours'],
      ['90e centile', '48 jours'],
    ])
    assert.match(visibleText(response.body), /Sur 3 demandes décidées au cours des 90 derniers jours/)
  })

  it('draws each chart as a named image, with its bars', async () => {
    const response = await get(await signInAgent('superviseur', 'CRAMIF'), '/agent/tableau-de-bord')
    for (const id of ['recues-par-semaine', 'stock-par-etat', 'echeances', 'delais-de-traitement']) {
      const svg = new RegExp(`<svg [^>]*role="img" aria-labelledby="${id}-titre" aria-describedby="${id}-description"[\\s\\S]*?</svg>`).exec(response.body)?.[0]
      assert.ok(svg, id)
      assert.match(svg, /<rect /, `${id} has bars`)
    }
    assert.doesNotMatch(response.body, /style="/, 'no inline style: the CSP forbids it')
  })

  it('says « Aucune donnée » for an organisme without demandes', async () => {
    const response = await get(await signInAgent('superviseur', '974'), '/agent/tableau-de-bord')
    assert.equal(response.statusCode, 200)
    assert.equal(response.body.match(/>Aucune donnée<\/text>/g)?.length, 4)
    assert.deepEqual(tableRows(response.body, 'delais-de-traitement'), [['Aucune donnée', undefined]])
  })

  it('is closed to the other roles', async () => {
    for (const role of ['technicien', 'accueil'] as const) {
      const agent = await signInAgent(role, 'CRAMIF')
      for (const url of ['/agent/tableau-de-bord', '/agent/depots-en-echec']) {
        const response = await get(agent, url)
        assert.equal(response.statusCode, 403, `${role} ${url}`)
        assert.doesNotMatch(response.body, /<svg|Relancer/)
      }
      assert.equal((await relaunch(agent, randomUUID())).statusCode, 403, role)
    }
    const anonymous = await suite.app.inject({ method: 'GET', url: '/agent/tableau-de-bord' })
    assert.equal(anonymous.statusCode, 302)
  })
})

describe('documents: the GED deposits in the dead letter', () => {
  const organisme = '77'
  let ours: { depositId: string; numero: string }
  let theirs: { depositId: string; numero: string }
  let pendingNumero: string

  async function deposit(organismeCode: string, state: 'echec' | 'en_attente'): Promise<{ depositId: string; numero: string; demandeId: string }> {
    const demande = await createReceivedDemande(suite.pool, { organismeCode, kinds: [] })
    const { rows } = await suite.pool.query<{ id: string }>(
      `insert into ged_deposit (deposit_key, demande_id, document_type, file_id, state, attempts, last_error)
       values ($1, $2, 'demande-pension-invalidite', $3, $4, $5, $6) returning id`,
      [`${demande.numero}:cerfa`, demande.demandeId, demande.cerfaFileId, state, state === 'echec' ? 8 : 1, state === 'echec' ? 'ged-indisponible' : null],
    )
    return { depositId: rows[0]!.id, numero: demande.numero, demandeId: demande.demandeId }
  }

  const queuedJobs = (depositId: string) => countRows(
    suite.pool,
    `select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'deposit-in-ged' and j.payload->>'depositId' = $1`,
    [depositId],
  )

  before(async () => {
    ours = await deposit(organisme, 'echec')
    theirs = await deposit('69', 'echec')
    pendingNumero = (await deposit(organisme, 'en_attente')).numero
  })

  it('lists the dead letters of the organisme only', async () => {
    const response = await get(await signInAgent('superviseur', organisme), '/agent/depots-en-echec')
    assert.equal(response.statusCode, 200)
    const text = visibleText(response.body)
    assert.match(text, new RegExp(`1 dépôt en échec .*${ours.numero} Demande de pension d'invalidité 8 ged-indisponible`))
    assert.match(response.body, new RegExp(`action="/agent/depots-en-echec/${ours.depositId}/relancer"`))
    assert.doesNotMatch(text, new RegExp(`${theirs.numero}|${pendingNumero}`))
  })

  it('does not relaunch a deposit of another organisme', async () => {
    const agent = await signInAgent('superviseur', organisme)
    for (const id of [theirs.depositId, randomUUID(), 'pas-un-identifiant']) assert.equal((await relaunch(agent, id)).statusCode, 404, id)
    const { rows } = await suite.pool.query('select state, attempts from ged_deposit where id = $1', [theirs.depositId])
    assert.deepEqual(rows[0], { state: 'echec', attempts: 8 })
    assert.equal(await queuedJobs(theirs.depositId), 0)
    assert.equal(await countRows(suite.pool, 'select 1 from audit_log where agent_id = $1', [agent.agentId]), 0)
  })

  it('refuses « Relancer » without the CSRF token', async () => {
    const agent = await signInAgent('superviseur', organisme)
    assert.equal((await relaunch(agent, ours.depositId, 'jeton-invalide')).statusCode, 403)
    assert.equal(await queuedJobs(ours.depositId), 0)
  })

  it('« Relancer » brings the deposit back to the queue, with a banner and an audit row', async () => {
    const agent = await signInAgent('superviseur', organisme)
    const response = await relaunch(agent, ours.depositId)
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/agent/depots-en-echec?relance=ok')
    const { rows } = await suite.pool.query('select state, attempts, last_error from ged_deposit where id = $1', [ours.depositId])
    assert.deepEqual(rows[0], { state: 'en_attente', attempts: 0, last_error: null })
    assert.equal(await queuedJobs(ours.depositId), 1)
    const audit = await suite.pool.query('select action, demande_id, details from audit_log where agent_id = $1', [agent.agentId])
    assert.deepEqual(audit.rows.map((row) => row.action), ['relancer_depot'])
    assert.equal(audit.rows[0].details.depositId, ours.depositId)

    const page = visibleText((await get(agent, response.headers.location)).body)
    assert.match(page, /Succès Le dépôt est relancé/)
    assert.match(page, /Aucun dépôt en échec/)

    assert.equal((await relaunch(agent, ours.depositId)).statusCode, 404, 'no longer in the dead letter')
  })
})
