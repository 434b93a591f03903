import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { formatFrenchDate, formatFrenchDateTime, todayInParis, type LocalDate } from '../../shared/dates.ts'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// Every capability keeps its templates beside its routes; GOV.UK Frontend brings the macros.
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        here('./views'),
        here('../../demarche/web/views'),
        here('../../messagerie/web/views'),
        here('../../identity/web/views'),
        here('../../instruction/web/views'),
        here('../../../node_modules/govuk-frontend/dist'),
      ],
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false },
  )
  env.addFilter('dateFr', (value: string | Date | null | undefined) => {
    if (!value) return ''
    if (value instanceof Date) return formatFrenchDate(todayInParis(value))
    return formatFrenchDate(value.slice(0, 10) as LocalDate)
  })
  env.addFilter('dateTimeFr', (value: Date | string | null | undefined) =>
    value ? formatFrenchDateTime(new Date(value)) : '',
  )
  return env
}

