import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { LocalDate } from '../../shared/dates.ts'
import { appealRoutes, categorieLabel, decisionSchema, MAX_RAISON_LENGTH } from './decision.ts'

const schema = decisionSchema({ today: '2026-03-15' as LocalDate })

function errors(input: unknown): Record<string, string> {
  const result = schema.safeParse(input)
  assert.equal(result.success, false, 'la saisie devrait être refusée')
  return Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join('.') || 'type', issue.message]))
}

describe('decisionSchema: an accord', () => {
  it('takes the category and the date d’effet from the form', () => {
    assert.deepEqual(schema.parse({ type: 'accord', categorie: '2', dateEffet: '2026-04-01' }), { type: 'accord', categorie: 2, dateEffet: '2026-04-01' })
  })

  it('takes the category as a number too (an API)', () => {
    assert.deepEqual(schema.parse({ type: 'accord', categorie: 3, dateEffet: '2025-11-30' }), { type: 'accord', categorie: 3, dateEffet: '2025-11-30' })
  })

  it('leaves out the fields of a refus', () => {
    assert.deepEqual(schema.parse({ type: 'accord', categorie: '1', dateEffet: '2026-03-15', motif: 'medical', raison: 'x' }), { type: 'accord', categorie: 1, dateEffet: '2026-03-15' })
  })

  it('asks for what is missing, in French', () => {
    assert.deepEqual(errors({ type: 'accord' }), {
      categorie: "Choisissez la catégorie d'invalidité",
      dateEffet: "Indiquez la date d'effet de la pension",
    })
  })

  it('refuses a category that does not exist', () => {
    assert.equal(errors({ type: 'accord', categorie: '4', dateEffet: '2026-04-01' }).categorie, "Choisissez la catégorie d'invalidité")
    assert.equal(errors({ type: 'accord', categorie: 0, dateEffet: '2026-04-01' }).categorie, "Choisissez la catégorie d'invalidité")
  })

  it('says what is wrong with a date typed in three boxes', () => {
    assert.equal(errors({ type: 'accord', categorie: '2', dateEffet: { unreadable: 'incomplete', missing: ['jour'] } }).dateEffet, "La date d'effet doit comporter un jour")
    assert.equal(errors({ type: 'accord', categorie: '2', dateEffet: { unreadable: 'not-a-date' } }).dateEffet, "La date d'effet doit être une date réelle")
    assert.equal(errors({ type: 'accord', categorie: '2', dateEffet: '2026-02-29' }).dateEffet, "La date d'effet doit être une date réelle")
  })

  it('refuses a date more than 2 years before or 1 year after today: a mistyped year', () => {
    const message = "La date d'effet doit être comprise entre le 15 mars 2024 et le 15 mars 2027 : vérifiez l'année"
    assert.equal(errors({ type: 'accord', categorie: '2', dateEffet: '2024-03-14' }).dateEffet, message)
    assert.equal(errors({ type: 'accord', categorie: '2', dateEffet: '2027-03-16' }).dateEffet, message)
    assert.equal(schema.parse({ type: 'accord', categorie: '2', dateEffet: '2024-03-15' }).type, 'accord')
    assert.equal(schema.parse({ type: 'accord', categorie: '2', dateEffet: '2027-03-15' }).type, 'accord')
  })
})

describe('decisionSchema: a refus', () => {
  it('takes the ground and the reason, trimmed, line breaks as one character', () => {
    assert.deepEqual(schema.parse({ type: 'refus', motif: 'administratif', raison: '  Conditions de cotisation\r\nnon remplies. ' }), {
      type: 'refus', motif: 'administratif', raison: 'Conditions de cotisation\nnon remplies.',
    })
  })

  it('asks for the ground and the reason', () => {
    assert.deepEqual(errors({ type: 'refus', raison: '   ' }), {
      motif: "Indiquez si le refus est d'ordre administratif ou d'ordre médical",
      raison: 'Saisissez la raison du refus',
    })
  })

  it('takes 2 000 characters of reason, not one more', () => {
    assert.equal(schema.parse({ type: 'refus', motif: 'medical', raison: 'a'.repeat(MAX_RAISON_LENGTH) }).type, 'refus')
    assert.equal(errors({ type: 'refus', motif: 'medical', raison: 'a'.repeat(MAX_RAISON_LENGTH + 1) }).raison, 'La raison du refus doit faire 2 000 caractères au plus : raccourcissez-la')
    assert.equal(schema.parse({ type: 'refus', motif: 'medical', raison: `${'a'.repeat(1999)}\r\n` }).type, 'refus')
  })
})

describe('decisionSchema: neither', () => {
  it('asks which decision', () => {
    assert.deepEqual(errors({}), { type: 'Indiquez si vous accordez la pension ou si vous refusez la demande' })
    assert.deepEqual(errors({ type: 'peut-etre' }), { type: 'Indiquez si vous accordez la pension ou si vous refusez la demande' })
  })
})

describe('categorieLabel', () => {
  it('names each category with its meaning and its rate (L341-4 CSS)', () => {
    assert.deepEqual(Object.values(categorieLabel).map((c) => c.label), ['1re catégorie', '2e catégorie', '3e catégorie'])
    assert.match(categorieLabel[1].pension, /^30 %/)
    assert.match(categorieLabel[2].pension, /^50 %/)
    assert.match(categorieLabel[3].pension, /majoration pour tierce personne/)
    assert.match(categorieLabel[3].situation, /tierce personne/)
  })
})

describe('appealRoutes', () => {
  const text = (paragraphs: string[]) => paragraphs.join('\n')

  it('an administrative refusal goes to the CRA of the organisme, then the pôle social', () => {
    const routes = text(appealRoutes({ type: 'refus', motif: 'administratif', raison: 'x' }, 'CPAM du Rhône'))
    assert.match(routes, /Commission de recours amiable \(CRA\) de la CPAM du Rhône dans un délai de 2 mois à compter de sa notification/)
    assert.match(routes, /pôle social du tribunal judiciaire/)
    assert.doesNotMatch(routes, /CMRA/)
  })

  it('a medical refusal goes to the CMRA first, and it is mandatory', () => {
    const routes = text(appealRoutes({ type: 'refus', motif: 'medical', raison: 'x' }, 'CPAM du Rhône'))
    assert.match(routes, /Commission médicale de recours amiable \(CMRA\) dans un délai de 2 mois/)
    assert.match(routes, /ce recours préalable est obligatoire/)
    assert.match(routes, /pôle social du tribunal judiciaire/)
    assert.doesNotMatch(routes, /\(CRA\)/)
  })

  it('an accord: the category is contested before the CMRA, anything else before the CRA', () => {
    const routes = text(appealRoutes({ type: 'accord', categorie: 2, dateEffet: '2026-04-01' as LocalDate }, "Caisse régionale d'assurance maladie d'Île-de-France"))
    assert.match(routes, /degré d'invalidité, notamment la catégorie qui vous est attribuée, vous devez d'abord saisir la Commission médicale de recours amiable \(CMRA\)/)
    assert.match(routes, /pour un autre motif, d'ordre administratif, vous pouvez saisir la Commission de recours amiable \(CRA\) de la Caisse régionale d'assurance maladie d'Île-de-France/)
  })

  it('an implicit refusal goes to the CRA, as the acknowledgment says', () => {
    const routes = text(appealRoutes({ type: 'rejet_implicite' }, 'CPAM de Paris'))
    assert.match(routes, /^Si vous contestez cette décision, vous pouvez saisir la Commission de recours amiable \(CRA\) de la CPAM de Paris/)
    assert.doesNotMatch(routes, /CMRA/)
  })
})
