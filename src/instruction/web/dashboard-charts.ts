// The dashboard's figures in words and charts: each chart with the labels, values and table rows
// that say the same thing, so that no one needs to see the bars to read the figures.
import { demandeStateLabel } from '../../demarche/domain/demande-state.ts'
import { addDays, formatFrenchDate, type LocalDate } from '../../shared/dates.ts'
import { DEADLINE_HORIZON_DAYS, PROCESSING_WINDOW_DAYS, WEEKS_SHOWN, type DashboardFigures } from '../infrastructure/dashboard-figures.ts'
import { barChartSvg, type Bar } from './svg-charts.ts'

export type DashboardChart = { id: string; heading: string; svg: string; columns: [string, string]; rows: Array<[string, string]>; note?: string }

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 })
const oneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })
const dayMonth = (date: LocalDate) => formatFrenchDate(date).replace(/ \d{4}$/, '')
const days = (value: number) => `${oneDecimal.format(value)} ${value < 2 ? 'jour' : 'jours'}`

type ChartSpec = { id: string; heading: string; description: string; columns: [string, string]; bars: Bar[]; formatValue?: (value: number) => string; note?: string }

function chart({ id, heading, description, columns, bars, formatValue = (value) => integer.format(value), note }: ChartSpec): DashboardChart {
  const svg = barChartSvg({ id, title: heading, description: `${description} Les chiffres sont dans le tableau « Voir les chiffres » qui suit.`, bars, formatValue })
  return { id, heading, svg, columns, rows: bars.map((bar) => [bar.label, formatValue(bar.value)]), note }
}

export function dashboardCharts(figures: DashboardFigures, today: LocalDate): DashboardChart[] {
  const { decided, medianDays, p90Days } = figures.processingTimes
  return [
    chart({
      id: 'recues-par-semaine',
      heading: `Demandes reçues par semaine (${WEEKS_SHOWN} dernières semaines)`,
      description: 'Nombre de demandes reçues chaque semaine, du lundi au dimanche, la semaine en cours comprise.',
      columns: ['Semaine', 'Demandes reçues'],
      bars: figures.receivedPerWeek.map(({ weekStart, count }) => ({ label: `Semaine du ${dayMonth(weekStart)}`, value: count })),
    }),
    chart({
      id: 'stock-par-etat',
      heading: 'Demandes en cours par état',
      description: "Nombre de demandes reçues et pas encore décidées, dans chaque état de l'instruction.",
      columns: ['État', 'Demandes'],
      bars: figures.stockByState.map(({ state, count }) => ({ label: demandeStateLabel[state], value: count })),
    }),
    chart({
      id: 'echeances',
      heading: `Échéances des ${DEADLINE_HORIZON_DAYS} prochains jours`,
      description: "Nombre de demandes en cours dont la réponse est due, par semaine à partir d'aujourd'hui, et celles dont l'échéance est déjà passée.",
      columns: ['Échéance', 'Demandes'],
      bars: figures.deadlines.map(({ week, count }) => ({ label: deadlineLabel(week, today), value: count })),
      note: 'Hors demandes en attente de justificatifs : leur délai est suspendu et leur échéance sera reportée.',
    }),
    chart({
      id: 'delais-de-traitement',
      heading: `Délai de traitement des demandes décidées (${PROCESSING_WINDOW_DAYS} derniers jours)`,
      description: 'Nombre de jours entre la réception et la décision : médiane et 90e centile.',
      columns: ['Mesure', 'Délai'],
      bars: decided > 0 && medianDays !== null && p90Days !== null ? [{ label: 'Médiane', value: medianDays }, { label: '90e centile', value: p90Days }] : [],
      formatValue: days,
      note: decided > 0
        ? `Sur ${integer.format(decided)} ${decided === 1 ? 'demande décidée' : 'demandes décidées'} au cours des ${PROCESSING_WINDOW_DAYS} derniers jours.`
        : `Aucune demande décidée au cours des ${PROCESSING_WINDOW_DAYS} derniers jours.`,
    }),
  ]
}

function deadlineLabel(week: number, today: LocalDate): string {
  if (week < 0) return 'Échéance dépassée'
  const from = addDays(today, week * 7)
  const to = addDays(today, Math.min(week * 7 + 6, DEADLINE_HORIZON_DAYS - 1))
  return from === to ? `Le ${dayMonth(from)}` : `Du ${dayMonth(from)} au ${dayMonth(to)}`
}
