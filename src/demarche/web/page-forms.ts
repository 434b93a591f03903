// How each page of the démarche lays its questions out (the wording comes from domain/labels.ts,
// the rules from domain/schemas): a radio's conditional questions sit under the option that
// reveals them (the GOV.UK pattern, fully shown without JavaScript).
import type { AnswerField, PageId } from '../domain/answers.ts'
import { NATIONALITES, SITUATIONS, CONJOINT_STATUTS, PENSION_CHOICES, OUI_NON } from '../domain/answers.ts'
import { fieldHint, fieldLabel, nationaliteLabel, ouiNonLabel, situationLabel, conjointStatutLabel, pensionLabel } from '../domain/labels.ts'

export type FieldView =
  | { kind: 'radios'; name: AnswerField; label: string; hint?: string; inline: boolean; options: Array<{ value: string; text: string; conditional?: FieldView[] }> }
  | { kind: 'checkboxes'; name: AnswerField; label: string; hint?: string; options: Array<{ value: string; text: string; exclusive?: boolean }> }
  | { kind: 'text'; name: AnswerField; label: string; hint?: string; inputmode?: 'numeric'; width?: string; autocomplete?: string; spellcheck?: boolean }
  | { kind: 'textarea'; name: AnswerField; label: string; hint?: string; maxlength: number }
  | { kind: 'date'; name: AnswerField; label: string; hint?: string }

const common = (name: AnswerField) => ({ name, label: fieldLabel[name], hint: fieldHint[name] })
const text = (name: AnswerField, extra: Partial<Extract<FieldView, { kind: 'text' }>> = {}): FieldView => ({ kind: 'text', ...common(name), ...extra })
const textarea = (name: AnswerField, maxlength: number): FieldView => ({ kind: 'textarea', ...common(name), maxlength })
const date = (name: AnswerField): FieldView => ({ kind: 'date', ...common(name) })
const ouiNon = (name: AnswerField, whenOui: FieldView[] = []): FieldView => ({
  kind: 'radios',
  ...common(name),
  inline: whenOui.length === 0,
  options: OUI_NON.map((value) => ({ value, text: ouiNonLabel[value], ...(value === 'oui' && whenOui.length ? { conditional: whenOui } : {}) })),
})

export const pageForms: Record<PageId, FieldView[]> = {
  'informations-generales': [ouiNon('vuMedecinConseil')],
  coordonnees: [{
    kind: 'radios', ...common('nationalite'), inline: false,
    options: NATIONALITES.map((value) => ({
      value, text: nationaliteLabel[value],
      ...(value === 'autre' ? { conditional: [text('agdref', { inputmode: 'numeric', width: 'govuk-input--width-10', spellcheck: false })] } : {}),
    })),
  }],
  'situation-professionnelle': [{
    kind: 'radios', ...common('situation'), inline: false,
    options: SITUATIONS.map((value) => ({ value, text: situationLabel[value], ...(value === 'autre' ? { conditional: [textarea('situationAutre', 500)] } : {}) })),
  }],
  'plusieurs-employeurs': [ouiNon('plusieursEmployeurs')],
  employeur: [
    text('employeurNom', { autocomplete: 'organization' }),
    textarea('employeurAdresse', 250),
    text('employeurSiret', { inputmode: 'numeric', width: 'govuk-input--width-20', spellcheck: false }),
    date('dateDebutContrat'),
    ouiNon('contratTermine', [date('dateFinContrat')]),
    ouiNon('arretTravail', [date('dateArretTravail')]),
  ],
  'activite-non-salariee': [
    date('dateImmatriculation'),
    ouiNon('activiteCessee', [date('dateCessation')]),
    ouiNon('conjointCollaborateur', [
      text('chefEntrepriseNom'),
      { kind: 'radios', ...common('conjointStatut'), inline: false, options: CONJOINT_STATUTS.map((value) => ({ value, text: conjointStatutLabel[value] })) },
      date('conjointDateDebut'),
      date('conjointDateFin'),
    ]),
    text('activite'),
    textarea('adresseProfessionnelle', 250),
  ],
  'informations-complementaires': [
    ouiNon('accident', [date('dateAccident'), ouiNon('accidentTiers')]),
    ouiNon('autreRegime', [text('autreRegimeNom'), date('autreRegimeDateDebut'), date('autreRegimeDateFin'), ouiNon('autreRegimePension')]),
    ouiNon('travailEtranger', [textarea('travailEtrangerDetails', 500)]),
    { kind: 'checkboxes', ...common('pensions'), options: PENSION_CHOICES.map((value) => ({ value, text: pensionLabel[value], ...(value === 'aucune' ? { exclusive: true } : {}) })) },
  ],
  recapitulatif: [],
  'pieces-justificatives': [],
}
