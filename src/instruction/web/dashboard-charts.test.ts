import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { LocalDate } from '../../shared/dates.ts'
import type { DashboardFigures } from '../infrastructure/dashboard-figures.ts'
import { dashboardCharts } from './dashboard-charts.ts'

const TODAY = '2026-03-25' as LocalDate

const figures = (overrides: Partial<DashboardFigures> = {}): DashboardFigures => ({
  receivedPerWeek: [{ weekStart: '2026-03-23' as LocalDate, count: 3 }],
  stockByState: [{ state: 'recue', count: 1 }],
  deadlines: [-1, 0, 1, 2, 3, 4].map((week) => ({ week, count: week + 1 })),
  processingTimes: { decided: 2, medianDays: 1.5, p90Days: 12.25 },
  ...overrides,
})

const rowsOf = (id: string, input = figures()) => dashboardCharts(input, TODAY).find((chart) => chart.id === id)!.rows

describe('dashboardCharts', () => {
  it('names the weeks of deadlines by their days, the last one cut at the horizon', () => {
    assert.deepEqual(rowsOf('echeances').map(([label]) => label), [
      'Échéance dépassée',
      'Du 25 mars au 31 mars',
      'Du 1er avril au 7 avril',
      'Du 8 avril au 14 avril',
      'Du 15 avril au 21 avril',
      'Du 22 avril au 23 avril',
    ])
  })

  it('gives processing times in days, in French', () => {
    assert.deepEqual(rowsOf('delais-de-traitement'), [['Médiane', '1,5 jour'], ['90e centile', '12,3 jours']])
  })

  it('has no bar for processing times when nothing was decided', () => {
    const chart = dashboardCharts(figures({ processingTimes: { decided: 0, medianDays: null, p90Days: null } }), TODAY).find((each) => each.id === 'delais-de-traitement')!
    assert.deepEqual(chart.rows, [])
    assert.match(chart.svg, /Aucune donnée/)
    assert.equal(chart.note, 'Aucune demande décidée au cours des 90 derniers jours.')
  })

  it('labels weeks and states in words', () => {
    assert.deepEqual(rowsOf('recues-par-semaine'), [['Semaine du 23 mars', '3']])
    assert.deepEqual(rowsOf('stock-par-etat'), [['Reçue', '1']])
  })
})
