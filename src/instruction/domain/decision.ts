// The decision on a demande: the pension granted in a category from a date, or the demande
// refused on an administrative or a medical ground, with the reason. One schema for the agent's
// form (and any API), the categories in words, and the appeal routes each decision opens
// (domain-facts §2.3 and §2.6).
import { z } from 'zod'
import { isTypedText, UNTYPED_TEXT_MESSAGE } from '../../shared/text.ts'
import { addMonths, compareLocalDates, formatFrenchDate, parseLocalDate, type LocalDate } from '../../shared/dates.ts'
import { unreadableDateSchema } from '../../demarche/domain/schemas/date-input.ts'
import { unreadableMessage } from '../../demarche/domain/schemas/field-schemas.ts'

export const CATEGORIES = [1, 2, 3] as const
export type Categorie = (typeof CATEGORIES)[number]

// L341-4 CSS and service-public F672. The rate is of the salaire (or revenu) annuel moyen of the
// 10 best years.
export const categorieLabel: Record<Categorie, { label: string; situation: string; pension: string }> = {
  1: {
    label: '1re catégorie',
    situation: "Invalide capable d'exercer une activité rémunérée",
    pension: '30 % du salaire annuel moyen des 10 meilleures années',
  },
  2: {
    label: '2e catégorie',
    situation: "Invalide absolument incapable d'exercer une profession quelconque",
    pension: '50 % du salaire annuel moyen des 10 meilleures années',
  },
  3: {
    label: '3e catégorie',
    situation: "Invalide absolument incapable d'exercer une profession quelconque et obligé d'avoir recours à l'assistance d'une tierce personne pour effectuer les actes ordinaires de la vie",
    pension: '50 % du salaire annuel moyen des 10 meilleures années, plus la majoration pour tierce personne (MTP)',
  },
}

export const MOTIFS = ['administratif', 'medical'] as const
export type Motif = (typeof MOTIFS)[number]
export const motifLabel: Record<Motif, string> = { administratif: "d'ordre administratif", medical: "d'ordre médical" }

export const MAX_RAISON_LENGTH = 2000

// Bounds against a mistyped year, not a rule of law (docs/decisions.md, « Date d'effet »).
const DATE_EFFET_YEARS_BEFORE = 2
const DATE_EFFET_YEARS_AFTER = 1

export type DecisionContext = { today: LocalDate }

export const MISSING_DECISION_TYPE = 'Indiquez si vous accordez la pension ou si vous refusez la demande'

export function decisionSchema(ctx: DecisionContext) {
  const accord = z.object({
    type: z.literal('accord'),
    categorie: z
      .union([z.enum(['1', '2', '3']), z.literal(CATEGORIES)], { error: "Choisissez la catégorie d'invalidité" })
      .transform((value) => Number(value) as Categorie),
    dateEffet: dateEffetSchema(ctx),
  })
  const refus = z.object({
    type: z.literal('refus'),
    motif: z.enum(MOTIFS, { error: "Indiquez si le refus est d'ordre administratif ou d'ordre médical" }),
    // Browsers send a textarea's line breaks as CRLF: counted as one character, as the page counts them.
    raison: z
      .string({ error: 'Saisissez la raison du refus' })
      .overwrite((text) => text.replace(/\r\n?/g, '\n').trim())
      .min(1, 'Saisissez la raison du refus')
      .max(MAX_RAISON_LENGTH, 'La raison du refus doit faire 2 000 caractères au plus : raccourcissez-la')
      .refine(isTypedText, UNTYPED_TEXT_MESSAGE),
  })
  return z.discriminatedUnion('type', [accord, refus], { error: MISSING_DECISION_TYPE })
}

export type Decision = z.output<ReturnType<typeof decisionSchema>>
export type DecisionField = 'type' | 'categorie' | 'dateEffet' | 'motif' | 'raison'

function dateEffetSchema(ctx: DecisionContext) {
  const earliest = addMonths(ctx.today, -12 * DATE_EFFET_YEARS_BEFORE)
  const latest = addMonths(ctx.today, 12 * DATE_EFFET_YEARS_AFTER)
  return z
    .union([z.string(), unreadableDateSchema], {
      error: (issue) => (issue.input === undefined ? "Indiquez la date d'effet de la pension" : "La date d'effet doit être une date réelle"),
    })
    .transform((input, zod) => {
      if (typeof input !== 'string') {
        zod.addIssue(unreadableMessage("La date d'effet", input))
        return z.NEVER
      }
      const date = parseLocalDate(input)
      if (!date) {
        zod.addIssue("La date d'effet doit être une date réelle")
        return z.NEVER
      }
      if (compareLocalDates(date, earliest) < 0 || compareLocalDates(date, latest) > 0) {
        zod.addIssue(`La date d'effet doit être comprise entre le ${formatFrenchDate(earliest)} et le ${formatFrenchDate(latest)} : vérifiez l'année`)
        return z.NEVER
      }
      return date
    })
}

/** What a letter notifies: a decision taken, or the refusal that the silence of the caisse is worth. */
export type Notified = Decision | { type: 'rejet_implicite' }

// The voies et délais de recours of the letter (domain-facts §2.6). An accord can be contested on
// its category (a medical ground) or on anything else (an administrative one); an implicit refusal
// is contested before the CRA, as the acknowledgment says.
export function appealRoutes(notified: Notified, organismeName: string): string[] {
  switch (notified.type) {
    case 'accord':
      return [...medicalAppeal(", notamment la catégorie qui vous est attribuée"), ...administrativeAppeal('pour un autre motif, d\'ordre administratif', organismeName)]
    case 'refus':
      return notified.motif === 'medical' ? medicalAppeal('') : administrativeAppeal("pour un motif d'ordre administratif", organismeName)
    case 'rejet_implicite':
      return administrativeAppeal('', organismeName)
  }
}

function administrativeAppeal(ground: string, organismeName: string): string[] {
  return [
    `Si vous contestez cette décision${ground ? ` ${ground}` : ''}, vous pouvez saisir la Commission de recours amiable (CRA) de la ${organismeName} dans un délai de 2 mois à compter de sa notification. Adressez votre réclamation motivée par lettre recommandée avec avis de réception, avec une copie de ce courrier (adresses postales disponibles sur : ameli.fr > Adresses et contacts).`,
    'Si la commission rejette votre réclamation, ou ne vous a pas répondu dans un délai de 2 mois, vous pouvez saisir le pôle social du tribunal judiciaire dans un délai de 2 mois.',
  ]
}

function medicalAppeal(precision: string): string[] {
  return [
    `Si vous contestez l'appréciation médicale de votre état ou de votre degré d'invalidité${precision}, vous devez d'abord saisir la Commission médicale de recours amiable (CMRA) dans un délai de 2 mois à compter de la notification de cette décision : ce recours préalable est obligatoire. Adressez votre recours motivé par lettre recommandée avec avis de réception, avec une copie de ce courrier (adresses postales disponibles sur : ameli.fr > Adresses et contacts).`,
    "La commission réunit trois médecins : un médecin-conseil qui n'a pas pris part à la décision contestée et deux médecins experts.",
    'Après la décision de la commission, ou faute de décision dans le délai prévu, vous pouvez saisir le pôle social du tribunal judiciaire dans un délai de 2 mois.',
  ]
}
