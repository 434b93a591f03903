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
    // Block tags leave no blank line or indentation behind: up to a third less HTML to compress.
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  )
  // nunjucks' own `trim` is the regular expression /^\s*|\s*$/g, which takes quadratic time on the
  // long indented blocks that GOV.UK Frontend's macros trim: a third of the service's CPU under load
  // (npm run bench -- --profile). String.prototype.trim removes the same characters in linear time.
  env.addFilter('trim', (value: unknown) => value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(String(value).trim()) : String(value).trim())
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

