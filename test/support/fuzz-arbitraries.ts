// Generators for the fuzzing tests (fast-check): values a form or the API accepts, built from the
// schemas' own allowed values and identifiers with their real keys, mixed with what a hostile or
// clumsy client sends — missing fields, wrong types, huge strings, control characters, arrays
// where one value is expected, answers of another branch, dates that do not exist, keys such as
// `__proto__`.
import fc from 'fast-check'
import { CONJOINT_STATUTS, DATE_FIELDS, LIST_FIELDS, NATIONALITES, OUI_NON, PENSIONS, SITUATIONS, pageFields, type AnswerField, type Answers, type PageId } from '../../src/demarche/domain/answers.ts'
import { isPageReachable } from '../../src/demarche/domain/journey.ts'
import { autre, chomage, multiEmployeurs, nonSalarie, nonSalarieConjoint, salarie } from '../../src/demarche/domain/test-fixtures.ts'
import { addDays, todayInParis, type LocalDate } from '../../src/shared/dates.ts'

export type FormBody = Record<string, string | string[]>

/** Keys that a careless parser would turn into the prototype of the object, and other traps. */
export const TRAP_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'retour', 'answers', 'state', 'assureId', 'id'] as const

const TRAP_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\u0007\u001b[2J', '\t\r\n', '\u202eRTL', '\ufeff', '\ud800', '💥🇫🇷', 'ﷺ', 'Ω≈ç√',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' or 1=1 --", '${7*7}', '{{7*7}}', '%00', '../../etc/passwd',
  'null', 'true', '[]', '{}', '-1', '1e308', '__proto__', 'oui ', ' non', 'OUI', 'Oui',
] as const

/** Any string: unicode, control characters, traps, or very long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...TRAP_STRINGS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('x', 'é', '9', ' ', '🙂'), fc.integer({ min: 90, max: 6000 })).map(([c, n]) => c.repeat(n)), weight: 1 },
)

/** A sensible text of at most `max` characters (never blank). */
export function plainText(max: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('Boulangerie', 'Régime des mines', 'Étudiant', 'Plomberie', "L'Oréal", 'Jean-Paul Durand'), fc.string({ maxLength: Math.min(max, 200) }))
    .map(([head, tail]) => `${head} ${tail.replace(/[\u0000-\u001f\u007f]/g, '')}`.slice(0, max))
}

// --- identifiers with their real keys ---

function luhnCheckDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i])
    const weighted = i % 2 === 0 ? digit * 2 : digit
    sum += weighted > 9 ? weighted - 9 : weighted
  }
  return (10 - (sum % 10)) % 10
}

const digits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length })

/** A SIRET whose 14th digit is its Luhn key (La Poste's SIREN avoided), typed with or without spaces. */
export const validSiret: fc.Arbitrary<string> = digits(13)
  .filter((head) => !head.startsWith('356000000'))
  .chain((head) => fc.constantFrom(`${head}${luhnCheckDigit(head)}`, `${head.slice(0, 3)} ${head.slice(3, 6)} ${head.slice(6, 9)} ${head.slice(9)}${luhnCheckDigit(head)}`))

/** A SIRET of 14 digits whose key is wrong. */
export const wrongKeySiret: fc.Arbitrary<string> = digits(13)
  .filter((head) => !head.startsWith('356000000'))
  .map((head) => `${head}${(luhnCheckDigit(head) + 1) % 10}`)

export const validAgdref: fc.Arbitrary<string> = digits(10)

/** A NIR of the right shape with its key (97 minus the number modulo 97). */
export const validNir: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('1', '2'), digits(2), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 95 }), digits(6))
  .map(([sexe, annee, mois, departement, rest]) => {
    const body = `${sexe}${annee}${String(mois).padStart(2, '0')}${String(departement).padStart(2, '0')}${rest}`
    return `${body}${String(97 - Number(BigInt(body) % 97n)).padStart(2, '0')}`
  })

// --- dates ---

export type DateParts = { jour: string; mois: string; annee: string }

/** A date between `from` (excluded) and today in Paris, as 'YYYY-MM-DD'. */
export function pastDateAfter(from: LocalDate): fc.Arbitrary<LocalDate> {
  const today = todayInParis(new Date())
  const span = Math.round((Date.parse(today) - Date.parse(from)) / 86_400_000)
  return fc.integer({ min: 1, max: Math.max(1, span - 1) }).map((days) => addDays(from, days))
}

/** Three boxes that do not make a usable date: impossible, partial, future, letters, two-digit year. */
export const badDateParts: fc.Arbitrary<DateParts> = fc.oneof(
  fc.constantFrom<DateParts>(
    { jour: '30', mois: '2', annee: '2026' }, { jour: '29', mois: '2', annee: '2023' }, { jour: '31', mois: '4', annee: '2020' },
    { jour: '0', mois: '1', annee: '2020' }, { jour: '1', mois: '13', annee: '2020' }, { jour: '1', mois: '1', annee: '20' },
    { jour: '1', mois: '1', annee: '99999' }, { jour: '', mois: '3', annee: '2020' }, { jour: '12', mois: '', annee: '' },
    { jour: 'un', mois: 'mars', annee: 'deux mille' }, { jour: '-1', mois: '-1', annee: '-2020' }, { jour: '1', mois: '1', annee: '1900' },
    { jour: '1', mois: '1', annee: '2999' }, { jour: '١', mois: '١', annee: '٢٠٢٠' },
  ),
  fc.record({ jour: hostileString, mois: hostileString, annee: hostileString }),
)

export function partsOf(date: LocalDate): DateParts {
  const [annee, mois, jour] = date.split('-') as [string, string, string]
  return { jour: String(Number(jour)), mois: mois, annee }
}

// --- the démarche's answers ---

export type FieldValue = string | string[] | DateParts | undefined

/** The values each answer field takes when answered correctly, for an assuré born on `birth`. */
export function validFieldValue(field: AnswerField, birth: LocalDate): fc.Arbitrary<string | string[] | LocalDate> {
  if (DATE_FIELDS.has(field)) return pastDateAfter(birth)
  if (LIST_FIELDS.has(field)) return fc.oneof(fc.constant<string[]>(['aucune']), fc.uniqueArray(fc.constantFrom(...PENSIONS), { minLength: 1, maxLength: 3 }))
  switch (field) {
    case 'nationalite': return fc.constantFrom(...NATIONALITES)
    case 'situation': return fc.constantFrom(...SITUATIONS)
    case 'conjointStatut': return fc.constantFrom(...CONJOINT_STATUTS)
    case 'agdref': return validAgdref
    case 'employeurSiret': return validSiret
    case 'attestation': return fc.constant('oui')
    case 'employeurNom': case 'chefEntrepriseNom': case 'autreRegimeNom': return plainText(100)
    case 'activite': return plainText(200)
    case 'employeurAdresse': case 'adresseProfessionnelle': return plainText(250)
    case 'situationAutre': case 'travailEtrangerDetails': return plainText(500)
    default: return fc.constantFrom(...OUI_NON)
  }
}

/** Values of the wrong kind for a form field: another field's values, hostile strings, many values. */
const wrongFormValue: fc.Arbitrary<string | string[]> = fc.oneof(
  hostileString,
  fc.constantFrom('oui', 'non', 'salarie', 'non-salarie', 'autre', 'francaise', 'collaborateur', 'aucune', 'rente-at-mp', '2020-01-01', '7501234567'),
  fc.array(hostileString, { minLength: 2, maxLength: 4 }),
  wrongKeySiret,
)

/**
 * An HTML form for `page`: each field answered well, badly or not at all (dates in their three
 * boxes), plus fields of other pages and trap keys. `validity` steers the mix.
 */
export function pageForm(page: PageId, birth: LocalDate): fc.Arbitrary<FormBody> {
  const fields = pageFields[page]
  const field = (name: AnswerField, mostlyValid: boolean): fc.Arbitrary<[AnswerField, FieldValue]> => {
    const valid = validFieldValue(name, birth).map((value): FieldValue => (DATE_FIELDS.has(name) ? partsOf(value as LocalDate) : value))
    const invalid: fc.Arbitrary<FieldValue> = DATE_FIELDS.has(name) ? badDateParts : wrongFormValue
    return fc
      .oneof({ arbitrary: valid, weight: mostlyValid ? 18 : 3 }, { arbitrary: invalid, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 })
      .map((value) => [name, value])
  }
  return fc
    .tuple(
      fc.boolean(),
      fc.array(fc.tuple(fc.constantFrom<string>(...TRAP_KEYS, 'situation', 'employeurNom', 'dateAccident-jour', 'pensions', 'attestation'), wrongFormValue), { maxLength: 2 }),
      fc.constantFrom(undefined, 'recapitulatif', 'https://exemple.invalid', '//evil.example'),
    )
    .chain(([mostlyValid, extra, retour]) =>
      fc.tuple(...fields.map((name) => field(name, mostlyValid))).map((entries) => {
        const body: FormBody = {}
        for (const [key, value] of extra) body[key] = value
        for (const [name, value] of entries) {
          if (value === undefined) continue
          if (typeof value === 'object' && !Array.isArray(value)) {
            for (const part of ['jour', 'mois', 'annee'] as const) body[`${name}-${part}`] = value[part]
          } else body[name] = value
        }
        if (retour !== undefined) body.retour = retour
        return body
      }),
    )
}

/** A JSON body for the API's page `page`: answers as the API takes them (dates 'YYYY-MM-DD'), or junk. */
export function pageJson(page: PageId, birth: LocalDate): fc.Arbitrary<unknown> {
  const fields = pageFields[page]
  const wrongJson: fc.Arbitrary<unknown> = fc.oneof(
    hostileString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, [], {}, ['oui'], { unreadable: 'not-a-date' }, { unreadable: 'incomplete', missing: ['jour'] }, { unreadable: 'x' }),
    fc.constantFrom('2026-02-30', '2023-02-29', '1899-12-31', '2999-01-01', '2020-1-1', '01/02/2020', '2020-01-01T00:00:00Z'),
    fc.constantFrom('oui', 'non', 'salarie', 'autre', 'aucune', 'collaborateur', 'pension-militaire'),
    fc.array(fc.oneof(hostileString, fc.constantFrom('aucune', 'rente-at-mp')), { maxLength: 4 }),
    wrongKeySiret,
  )
  const answer = (name: AnswerField, mostlyValid: boolean) =>
    fc.oneof(
      { arbitrary: validFieldValue(name, birth) as fc.Arbitrary<unknown>, weight: mostlyValid ? 18 : 3 },
      { arbitrary: wrongJson, weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    )
  const object = fc.boolean().chain((mostlyValid) =>
    fc.tuple(fc.tuple(...fields.map((name) => answer(name, mostlyValid))), fc.array(fc.tuple(fc.constantFrom<string>(...TRAP_KEYS, 'situation', 'agdref', 'employeurNom'), wrongJson), { maxLength: 2 })).map(([values, extra]) => {
      const body: Record<string, unknown> = {}
      for (const [key, value] of extra) if (key !== '__proto__') body[key] = value
      fields.forEach((name, index) => {
        if (values[index] !== undefined) body[name] = values[index]
      })
      return body
    }),
  )
  return fc.oneof({ arbitrary: object, weight: 12 }, { arbitrary: wrongJson, weight: 1 })
}

// Drafts to start again from when the page fuzzed is out of reach: every branch of the démarche.
const DRAFT_STARTS: Answers[] = [{}, { vuMedecinConseil: 'oui' }, { vuMedecinConseil: 'non', nationalite: 'autre', agdref: '7501234567' }, salarie, chomage, autre, nonSalarie, nonSalarieConjoint, multiEmployeurs]

/** The `choice`-th of the drafts from which `page` can be answered. */
export function draftStartFor(page: PageId, choice: number): Answers {
  const starts = DRAFT_STARTS.filter((answers) => isPageReachable(answers, page))
  return starts[choice % starts.length]!
}

/** A multipart body as a browser or the application sends it: text fields, then files under `fileField`. */
export function multipartBody(fields: Array<[string, string]>, fileField: string, files: Array<{ name: string; bytes: Uint8Array }>): { payload: Buffer; contentType: string } {
  const boundary = `----fuzz${Math.random().toString(36).slice(2)}`
  const parts = [
    ...fields.map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8')),
    ...files.flatMap((file) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${file.name.replace(/["\r\n]/g, '_')}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** How many files a multipart body carries: a part without name nor content is an empty file input, not a file. */
export function fileCount(files: Array<{ name: string; bytes: Uint8Array }>): number {
  return files.filter((file) => file.name !== '' || file.bytes.length > 0).length
}
