// The dashboard's processing times come from a summary kept by triggers (migrations/009): whatever
// insert, update or delete the demandes go through, one row at a time or many, the summary says
// what counting the demandes themselves says, and the median and the 90th centile are the ones
// percentile_cont gives on the demandes.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims } from '../support/sign-in.ts'
import { createReceivedDemande } from '../support/ged.ts'
import { upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'
import { upsertAgentFromClaims } from '../../src/instruction/agent-repository.ts'
import { recordDecision } from '../../src/instruction/application/record-decision.ts'
import { loadDashboardFigures, PROCESSING_WINDOW_DAYS } from '../../src/instruction/infrastructure/dashboard-figures.ts'
import { daysBetween, todayInParis } from '../../src/shared/dates.ts'

const suite = integrationSuite()
const ORGANISMES = ['CRAMIF', '69'] as const

const parisDay = (column: string) => `(${column} at time zone 'Europe/Paris')::date`

async function summary(): Promise<unknown[]> {
  const { rows } = await suite.pool.query(
    `select organisme_code, decided_on::text, days, demandes from demande_processing_time where demandes <> 0 order by 1, 2, 3`,
  )
  return rows
}

async function countedFromDemandes(): Promise<unknown[]> {
  const { rows } = await suite.pool.query(
    `select organisme_code, ${parisDay('decided_at')}::text as decided_on, ${parisDay('decided_at')} - ${parisDay('received_at')} as days, count(*)::int as demandes
       from demande where decided_at is not null and received_at is not null group by 1, 2, 3 order by 1, 2, 3`,
  )
  return rows
}

// The processing times as the dashboard computed them before the summary: from the demandes.
async function percentilesFromDemandes(organisme: string, today: string) {
  const { rows } = await suite.pool.query(
    `select count(*)::int as decided, percentile_cont(0.5) within group (order by days) as "medianDays", percentile_cont(0.9) within group (order by days) as "p90Days"
       from (select ${parisDay('decided_at')} - ${parisDay('received_at')} as days from demande
              where organisme_code = $1 and decided_at is not null and received_at is not null
                and ${parisDay('decided_at')} > $2::date - $3::int and ${parisDay('decided_at')} <= $2::date) as decided`,
    [organisme, today, PROCESSING_WINDOW_DAYS],
  )
  return rows[0]
}

// Instants around Paris midnight and around the changes of time, in the last 150 days.
const instant = fc.record({ daysAgo: fc.integer({ min: 0, max: 150 }), minute: fc.constantFrom(0, 60 * 21 + 59, 60 * 22 + 30, 60 * 23, 60 * 12) })
const operation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), organisme: fc.constantFrom(...ORGANISMES), received: instant, decidedAfter: fc.option(fc.integer({ min: 0, max: 120 })) }),
  fc.record({ kind: fc.constant('decide' as const), row: fc.nat(), decidedAfter: fc.option(fc.integer({ min: 0, max: 120 })) }),
  fc.record({ kind: fc.constant('move' as const), row: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), row: fc.nat() }),
  fc.record({ kind: fc.constant('shift-all' as const), organisme: fc.constantFrom(...ORGANISMES), hours: fc.integer({ min: -30, max: 30 }) }),
)

describe('instruction: the dashboard’s processing times', () => {
  it('the summary always says what the demandes say, and the centiles are percentile_cont’s', async () => {
    const assureId = await upsertAssureFromClaims(suite.pool, assureClaims())
    const today = todayInParis(new Date())
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        await suite.pool.query('delete from demande')
        for (const op of operations) {
          const ids = (await suite.pool.query<{ id: string }>('select id from demande order by numero')).rows.map((row) => row.id)
          const target = 'row' in op && ids.length ? ids[op.row % ids.length]! : null
          if (op.kind === 'insert') {
            await suite.pool.query(
              `insert into demande (assure_id, state, numero, caisse_code, organisme_code, received_at, answer_due_on, decided_at)
               select $1, 'accordee', 'PI-2026-' || lpad(nextval('demande_numero_seq')::text, 7, '0'), '93', $2, r, current_date, r + make_interval(days => $5)
                 from (select date_trunc('day', now()) - make_interval(days => $3) + make_interval(mins => $4) as r) as received`,
              [assureId, op.organisme, op.received.daysAgo, op.received.minute, op.decidedAfter],
            )
          } else if (op.kind === 'decide' && target) {
            await suite.pool.query('update demande set decided_at = received_at + make_interval(days => $2) where id = $1', [target, op.decidedAfter])
          } else if (op.kind === 'move' && target) {
            await suite.pool.query(`update demande set organisme_code = case organisme_code when 'CRAMIF' then '69' else 'CRAMIF' end where id = $1`, [target])
          } else if (op.kind === 'delete' && target) {
            await suite.pool.query('delete from demande where id = $1', [target])
          } else if (op.kind === 'shift-all') {
            await suite.pool.query('update demande set decided_at = decided_at + make_interval(hours => $2) where organisme_code = $1', [op.organisme, op.hours])
          }
        }
        assert.deepEqual(await summary(), await countedFromDemandes())
        for (const organisme of ORGANISMES) {
          const figures = await loadDashboardFigures(suite.pool, organisme, today)
          assert.deepEqual(figures.processingTimes, await percentilesFromDemandes(organisme, today), organisme)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('a decision recorded by an agent counts at once, from the day of receipt in Paris', async () => {
    await suite.pool.query('delete from demande')
    const agent = await upsertAgentFromClaims(suite.pool, { sub: 'technicien-delais', family_name: 'Roux', given_name: 'Hélène', role: 'technicien', organisme: 'CRAMIF' })
    const demande = await createReceivedDemande(suite.pool, { organismeCode: 'CRAMIF' })
    await suite.pool.query(`update demande set state = 'en_instruction' where id = $1`, [demande.demandeId])
    const now = new Date()
    const today = todayInParis(now)
    const outcome = await recordDecision(suite.pool, { agent, demandeId: demande.demandeId, now, decision: { type: 'accord', categorie: 2, dateEffet: today } })
    assert.deepEqual(outcome, { ok: true })
    const { rows } = await suite.pool.query<{ received_on: string }>(`select ${parisDay('received_at')}::text as received_on from demande where id = $1`, [demande.demandeId])
    const days = daysBetween(rows[0]!.received_on as typeof today, today)
    assert.deepEqual(await summary(), [{ organisme_code: 'CRAMIF', decided_on: today, days, demandes: 1 }])
    const figures = await loadDashboardFigures(suite.pool, 'CRAMIF', today)
    assert.deepEqual(figures.processingTimes, { decided: 1, medianDays: days, p90Days: days })
  })
})
