// What the fuzzing tests check after every submission, and their tally. The branch rule is written
// again here from the Cerfa S4150's questions, on purpose apart from the domain's own code
// (branches.ts, journey.ts), so that the test does not take the product's word for it.
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { PAGE_IDS, pageFields, type AnswerField, type Answers, type PageId } from '../../src/demarche/domain/answers.ts'
import { pageSchemas } from '../../src/demarche/domain/schemas/page-schemas.ts'
import type { PageContext } from '../../src/demarche/domain/schemas/field-schemas.ts'

/**
 * Runs per endpoint: `FUZZ_RUNS` when given (`FUZZ_RUNS=10000` is the full campaign, hours
 * on a small machine: a rendered page costs 5 to 30 ms), else the file's default, sized so that
 * the two files send more than 10,000 submissions in about two minutes.
 */
export function runsPerEndpoint(fileDefault: number): number {
  return Number(process.env.FUZZ_RUNS ?? fileDefault)
}

type A = Answers
const always = () => true
const salarieUnEmployeur = (a: A) => a.situation === 'salarie' && a.plusieursEmployeurs === 'non'
const nonSalarie = (a: A) => a.situation === 'non-salarie'
const conjoint = (a: A) => nonSalarie(a) && a.conjointCollaborateur === 'oui'

/** When an answer may be kept in the draft: only when the answers before it ask the question. */
const keptWhen: Record<AnswerField, (answers: A) => boolean> = {
  vuMedecinConseil: always,
  nationalite: always,
  agdref: (a) => a.nationalite === 'autre',
  situation: always,
  situationAutre: (a) => a.situation === 'autre',
  plusieursEmployeurs: (a) => a.situation === 'salarie',
  employeurNom: salarieUnEmployeur,
  employeurAdresse: salarieUnEmployeur,
  employeurSiret: salarieUnEmployeur,
  dateDebutContrat: salarieUnEmployeur,
  contratTermine: salarieUnEmployeur,
  dateFinContrat: (a) => salarieUnEmployeur(a) && a.contratTermine === 'oui',
  arretTravail: salarieUnEmployeur,
  dateArretTravail: (a) => salarieUnEmployeur(a) && a.arretTravail === 'oui',
  dateImmatriculation: nonSalarie,
  activiteCessee: nonSalarie,
  dateCessation: (a) => nonSalarie(a) && a.activiteCessee === 'oui',
  conjointCollaborateur: nonSalarie,
  chefEntrepriseNom: conjoint,
  conjointStatut: conjoint,
  conjointDateDebut: conjoint,
  conjointDateFin: conjoint,
  activite: nonSalarie,
  adresseProfessionnelle: nonSalarie,
  accident: always,
  dateAccident: (a) => a.accident === 'oui',
  accidentTiers: (a) => a.accident === 'oui',
  autreRegime: always,
  autreRegimeNom: (a) => a.autreRegime === 'oui',
  autreRegimeDateDebut: (a) => a.autreRegime === 'oui',
  autreRegimeDateFin: (a) => a.autreRegime === 'oui',
  autreRegimePension: (a) => a.autreRegime === 'oui',
  travailEtranger: always,
  travailEtrangerDetails: (a) => a.travailEtranger === 'oui',
  pensions: always,
  attestation: always,
}

const pageOfField = new Map<string, PageId>(PAGE_IDS.flatMap((page) => pageFields[page].map((field) => [field, page] as const)))

/**
 * A stored draft is coherent: no answer of a branch not taken, no unknown key, and every page
 * that holds answers holds a complete and valid set of them (its schema takes them unchanged).
 */
export function assertCoherentDraft(answers: Record<string, unknown>, ctx: PageContext, label: string): void {
  for (const key of Object.keys(answers)) {
    assert.ok(Object.hasOwn(keptWhen, key), `${label}: clé inconnue « ${key} » enregistrée dans le brouillon`)
    assert.ok(keptWhen[key as AnswerField](answers as A), `${label}: réponse « ${key} » d'une branche non prise gardée: ${JSON.stringify(answers)}`)
  }
  const pages = new Set([...Object.keys(answers)].map((key) => pageOfField.get(key)!))
  for (const page of pages) {
    const own = Object.fromEntries(pageFields[page].filter((field) => field in answers).map((field) => [field, answers[field]]))
    const parsed = pageSchemas[page](ctx).safeParse(own)
    assert.ok(parsed.success, `${label}: les réponses enregistrées de « ${page} » ne passent pas son schéma: ${JSON.stringify(parsed.error?.issues.map((issue) => issue.message))}`)
    assert.deepEqual(parsed.data, own, `${label}: les réponses enregistrées de « ${page} » ne sont pas sous leur forme validée`)
  }
}

/** A change to a page before the récapitulatif withdraws the attestation sur l'honneur given for the former answers. */
export function assertAttestationFollowsChanges(page: PageId, before: Answers, after: Answers, label: string): void {
  const changed = pageFields[page].some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
  if (changed && page !== 'recapitulatif') assert.equal(after.attestation, undefined, `${label}: une réponse a changé, l'attestation sur l'honneur est restée`)
}

// Zod's own messages, or a value leaked, where a person should read French.
const NOT_FOR_PEOPLE = /\b(Invalid|expected|received|Required|Unrecognized|Too (big|small)|undefined|NaN)\b|\[object Object\]|Error:/
const FRENCH = /\b(le|la|les|de|du|des|votre|vos|un|une|est|doit|ne|pas|Indiquez|Saisissez|Choisissez|Cochez|Sélectionnez|Précisez|Répondez)\b/i

/** A message for a person: French, without a parser's jargon. */
export function assertFrenchMessage(message: string, label: string): void {
  assert.ok(message.trim().length > 0, `${label}: message vide`)
  assert.doesNotMatch(message, NOT_FOR_PEOPLE, `${label}: message non destiné à une personne: ${message}`)
  assert.match(message, FRENCH, `${label}: message qui n'est pas en français: ${message}`)
}

/** The messages of a page's GOV.UK error summary (« Il y a un problème »), each checked French. */
export function errorSummaryOf(html: string, label: string): string[] {
  assert.match(html, /govuk-error-summary/, `${label}: pas de récapitulatif des erreurs`)
  assert.match(html, /Il y a un problème/, label)
  const list = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
  const messages = [...list.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((match) => decode(match[1]!).trim())
  assert.ok(messages.length > 0, `${label}: récapitulatif des erreurs sans message`)
  for (const message of messages) assertFrenchMessage(message, label)
  return messages
}

/** The page's title and first paragraph, for the error pages (403, 404, 409). */
export function titleOf(html: string): string {
  return decode(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '').trim()
}

function decode(text: string): string {
  return text.replace(/<[^>]+>/g, '').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ')
}

export type Tally = { endpoint: string; runs: number; statuses: Record<number, number>; ms: number }

/** Counts the submissions of each endpoint and prints them with their duration at the end. */
export class FuzzTally {
  readonly rows: Tally[] = []
  readonly started = performance.now()
  readonly runs: number

  constructor(runs: number) {
    this.runs = runs
  }

  /** Runs `property` `runs` times (one submission per run, counted by `record`). */
  async run<T>(endpoint: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T, record: (status: number) => void) => Promise<void>, runs = this.runs): Promise<Tally> {
    const row: Tally = { endpoint, runs: 0, statuses: {}, ms: 0 }
    this.rows.push(row)
    const start = performance.now()
    const record = (status: number) => {
      row.runs += 1
      row.statuses[status] = (row.statuses[status] ?? 0) + 1
    }
    await fc.assert(fc.asyncProperty(arbitrary, (value) => predicate(value, record)), { numRuns: runs, endOnFailure: true })
    row.ms = performance.now() - start
    return row
  }

  print(title: string): void {
    const total = this.rows.reduce((sum, row) => sum + row.runs, 0)
    const seconds = (performance.now() - this.started) / 1000
    const lines = this.rows.map((row) => `  ${row.endpoint.padEnd(62)} ${String(row.runs).padStart(6)} envois en ${(row.ms / 1000).toFixed(1).padStart(6)} s  ${JSON.stringify(row.statuses)}`)
    console.log(`${title}: ${this.rows.length} points d'entrée, ${total} envois générés en ${seconds.toFixed(1)} s\n${lines.join('\n')}`)
  }
}

/** After the `__proto__` and `constructor` keys sent, no object of the process has gained a property. */
export function assertPrototypeUntouched(): void {
  const probe: Record<string, unknown> = {}
  for (const key of ['polluted', 'x', 'isAdmin']) assert.equal(probe[key], undefined, `Object.prototype a reçu « ${key} »`)
}
