// The Cerfa reconstitué: the paper form S4150 (cerfa n° 11174*05) rebuilt, section by section,
// from a demande sent through the téléservice. What goes where is decided here, as plain data;
// render-cerfa.ts only draws it.
//
// The text of the real S4150 could not be read (domain-facts §1.2). Only the title of the accident
// section is the form's own wording (Cramif, « recours contre tiers »). Every other title and
// label of the Cerfa below is ours and unconfirmed: align them with the paper form here, in this
// one file. The answers keep the démarche's own labels (demarche/domain/labels.ts), the same as
// the récapitulatif and the PDF copy of the demande.
import type { Channel } from '../../demarche/application/submit-demande.ts'
import type { AnswerField } from '../../demarche/domain/answers.ts'
import { fieldsInPlay } from '../../demarche/domain/branches.ts'
import type { DocumentKind } from '../../demarche/domain/documents.ts'
import { pagesFor, pruneAnswers } from '../../demarche/domain/journey.ts'
import { attestationNotice, documentKindLabel, fieldLabel, NOT_GIVEN, ouiNonLabel } from '../../demarche/domain/labels.ts'
import { answerRow, identityRows, type RecapRow } from '../../demarche/domain/recapitulatif.ts'
import type { OrganismeInstructeur } from '../../shared/caisses.ts'
import { formatFrenchDate, todayInParis } from '../../shared/dates.ts'
import type { SubmittedSnapshot } from '../demande-copy-pdf.ts'

/** The only title known word for word from the real S4150. */
export const ACCIDENT_TIERS_SECTION_TITLE =
  "Votre maladie ou votre blessure justifiant la demande de pension résulte d'un accident causé par un tiers (hors accident du travail ou maladie professionnelle)"

export const cerfaLabel = {
  title: "Demande de pension d'invalidité",
  reference: 'cerfa n° 11174*05 — S4150 (formulaire reconstitué à partir du téléservice)',
  subject: "Formulaire Cerfa S4150 (n° 11174*05) reconstitué à partir d'une demande faite en ligne",
  caisseFrame: 'Cadre réservé à la caisse',
  numero: 'Numéro de la demande',
  receivedAt: 'Date de réception',
  channel: 'Canal de dépôt',
  organisme: 'Organisme destinataire',
  attestationGivenOn: 'Attestation transmise en ligne avec la demande le',
  noDocument: 'Aucune pièce jointe',
} as const

export const channelLabel: Record<Channel, string> = {
  'web-ordinateur': 'Téléservice — ordinateur',
  'web-mobile': 'Téléservice — smartphone',
  'web-tablette': 'Téléservice — tablette',
  borne: 'Téléservice — borne multi-services',
  api: 'Téléservice — application mobile',
}

export function cerfaDocumentTitle(numero: string): string {
  return `${cerfaLabel.title} n° ${numero} — cerfa n° 11174*05 (S4150) reconstitué`
}

export function cerfaFooter(numero: string, page: number, pageCount: number): string {
  return `Demande n° ${numero} — cerfa n° 11174*05 (S4150) reconstitué — page ${page} sur ${pageCount}`
}

type BlockLayout = { subtitle?: string; fields: readonly AnswerField[] }

type SectionLayout =
  | { kind: 'answers'; title: string; withIdentity?: true; blocks: readonly BlockLayout[] }
  | { kind: 'pieces'; title: string }
  | { kind: 'attestation'; title: string }

/** The sections in the order of the form; every answer of the démarche has its one place. */
export const cerfaSectionsLayout: readonly SectionLayout[] = [
  {
    kind: 'answers',
    title: "Identification de l'assuré(e)",
    withIdentity: true,
    blocks: [{ fields: ['nationalite', 'agdref'] }],
  },
  {
    kind: 'answers',
    title: 'Situation professionnelle',
    blocks: [
      { fields: ['situation', 'situationAutre'] },
      {
        subtitle: 'Activité salariée — employeur',
        fields: ['plusieursEmployeurs', 'employeurNom', 'employeurAdresse', 'employeurSiret', 'dateDebutContrat', 'contratTermine', 'dateFinContrat', 'arretTravail', 'dateArretTravail'],
      },
      {
        subtitle: 'Activité non salariée',
        fields: ['dateImmatriculation', 'activiteCessee', 'dateCessation', 'activite', 'adresseProfessionnelle'],
      },
      {
        subtitle: 'Conjoint collaborateur',
        fields: ['conjointCollaborateur', 'chefEntrepriseNom', 'conjointStatut', 'conjointDateDebut', 'conjointDateFin'],
      },
    ],
  },
  {
    kind: 'answers',
    title: ACCIDENT_TIERS_SECTION_TITLE,
    blocks: [{ fields: ['accident', 'dateAccident', 'accidentTiers'] }],
  },
  {
    kind: 'answers',
    title: "Autres régimes, activité à l'étranger, pensions et rentes perçues",
    blocks: [
      { subtitle: 'Autre régime de sécurité sociale', fields: ['autreRegime', 'autreRegimeNom', 'autreRegimeDateDebut', 'autreRegimeDateFin', 'autreRegimePension'] },
      { subtitle: "Activité à l'étranger", fields: ['travailEtranger', 'travailEtrangerDetails'] },
      { subtitle: 'Pensions et rentes perçues', fields: ['pensions'] },
    ],
  },
  {
    kind: 'answers',
    title: "Service médical de l'Assurance Maladie",
    blocks: [{ fields: ['vuMedecinConseil'] }],
  },
  { kind: 'pieces', title: 'Pièces justificatives jointes' },
  { kind: 'attestation', title: "Attestation sur l'honneur" },
]

export type CerfaInput = {
  numero: string
  receivedAt: Date
  channel: string
  organisme: OrganismeInstructeur
  submitted: SubmittedSnapshot
}

export type CerfaBlock = { subtitle?: string; rows: RecapRow[] }
export type CerfaSection = { title: string; blocks: CerfaBlock[]; notice?: string }
export type CerfaContent = { caisseFrame: RecapRow[]; sections: CerfaSection[] }

/** Everything the Cerfa prints, in order: only the answers of the branches the assuré took. */
export function cerfaContent(input: CerfaInput): CerfaContent {
  const { identity, answers, documents } = input.submitted
  const kept = pruneAnswers(answers)
  const inPlay = new Set(pagesFor(kept).flatMap((page) => fieldsInPlay(page, kept)))
  const receivedOn = receivedOnWords(input.receivedAt)

  const sections = cerfaSectionsLayout.map((layout, index): CerfaSection => {
    const title = `${index + 1}. ${layout.title}`
    switch (layout.kind) {
      case 'answers': {
        const blocks = layout.blocks.flatMap(({ subtitle, fields }): CerfaBlock[] => {
          const rows = fields.filter((field) => inPlay.has(field)).map((field) => answerRow(field, kept[field]))
          if (rows.length === 0) return []
          return [subtitle ? { subtitle, rows } : { rows }]
        })
        return { title, blocks: layout.withIdentity ? [{ rows: identityRows(identity) }, ...blocks] : blocks }
      }
      case 'pieces':
        return { title, blocks: [{ rows: documentRows(documents) }] }
      case 'attestation':
        return {
          title,
          blocks: [{
            rows: [
              { key: 'attestation', label: fieldLabel.attestation, value: kept.attestation ? ouiNonLabel[kept.attestation] : NOT_GIVEN },
              { key: 'attestationGivenOn', label: cerfaLabel.attestationGivenOn, value: receivedOn },
            ],
          }],
          notice: attestationNotice,
        }
    }
  })

  return {
    caisseFrame: [
      { key: 'numero', label: cerfaLabel.numero, value: input.numero },
      { key: 'receivedAt', label: cerfaLabel.receivedAt, value: receivedOn },
      { key: 'channel', label: cerfaLabel.channel, value: channelWords(input.channel) },
      { key: 'organisme', label: cerfaLabel.organisme, value: `${input.organisme.name} (${input.organisme.code})` },
    ],
    sections,
  }
}

// One row per kind of justificatif, its files in the order they were sent.
function documentRows(documents: SubmittedSnapshot['documents']): RecapRow[] {
  if (documents.length === 0) return [{ key: 'documents', label: cerfaLabel.noDocument, value: '' }]
  const byKind = new Map<DocumentKind, string[]>()
  for (const { kind, displayName } of documents) byKind.set(kind, [...(byKind.get(kind) ?? []), displayName])
  return [...byKind].map(([kind, names]) => ({ key: kind, label: documentKindLabel[kind], value: names.join('\n') }))
}

function channelWords(channel: string): string {
  return Object.hasOwn(channelLabel, channel) ? channelLabel[channel as Channel] : channel
}

const parisTime = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' })

function receivedOnWords(at: Date): string {
  return `${formatFrenchDate(todayInParis(at))} à ${parisTime.format(at).replace(':', ' h ')}`
}
