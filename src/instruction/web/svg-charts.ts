// Horizontal bar charts as inline SVG, drawn on the server: the dashboard needs no JavaScript and
// no style attribute (the Content-Security-Policy forbids inline styles; SVG presentation
// attributes are not styles). Each chart is an image with a name and a description; the page
// gives the same figures in a table for those who cannot see it.

export type Bar = { label: string; value: number }

export type BarChart = {
  /** Prefix of the ids of the chart's title and description: unique on the page. */
  id: string
  title: string
  description: string
  bars: readonly Bar[]
  formatValue?: (value: number) => string
}

export const NO_DATA = 'Aucune donnée'

const WIDTH = 640
const LABEL_WIDTH = 260
const VALUE_WIDTH = 90
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH
const ROW_HEIGHT = 30
const BAR_HEIGHT = 20
const PADDING = 10
const TEXT = 'fill="#0b0c0c" font-size="15"'

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 })

export function barChartSvg(chart: BarChart): string {
  const values = chart.bars.map((bar) => Math.max(0, Number.isFinite(bar.value) ? bar.value : 0))
  const max = Math.max(0, ...values)
  if (max === 0) return emptyChart(chart)
  const format = chart.formatValue ?? ((value: number) => integer.format(value))
  const height = 2 * PADDING + chart.bars.length * ROW_HEIGHT
  const rows = chart.bars.map((bar, index) => {
    const y = PADDING + index * ROW_HEIGHT
    const middle = y + BAR_HEIGHT / 2
    const width = barWidth(values[index]!, max)
    return `<text x="${LABEL_WIDTH - 8}" y="${middle}" text-anchor="end" dominant-baseline="central" ${TEXT}>${escapeXml(bar.label)}</text>`
      + `<rect x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}" fill="#1d70b8"/>`
      + `<text x="${LABEL_WIDTH + width + 6}" y="${middle}" dominant-baseline="central" ${TEXT}>${escapeXml(format(bar.value))}</text>`
  })
  const axis = `<line x1="${LABEL_WIDTH}" y1="${PADDING / 2}" x2="${LABEL_WIDTH}" y2="${height - PADDING / 2}" stroke="#505a5f" stroke-width="1"/>`
  return svg(chart, height, chart.description, rows.join('') + axis)
}

/** The length of a bar: the largest value fills the plot, the others in proportion. */
export function barWidth(value: number, max: number): number {
  return max > 0 ? Math.round((value / max) * PLOT_WIDTH * 10) / 10 : 0
}

function emptyChart(chart: BarChart): string {
  const height = 60
  const text = `<text x="${WIDTH / 2}" y="${height / 2}" text-anchor="middle" dominant-baseline="central" ${TEXT}>${NO_DATA}</text>`
  return svg(chart, height, `${NO_DATA}.`, text)
}

function svg(chart: BarChart, height: number, description: string, body: string): string {
  const titleId = `${chart.id}-titre`
  const descriptionId = `${chart.id}-description`
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${titleId}" aria-describedby="${descriptionId}" focusable="false">`
    + `<title id="${titleId}">${escapeXml(chart.title)}</title><desc id="${descriptionId}">${escapeXml(description)}</desc>${body}</svg>`
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
