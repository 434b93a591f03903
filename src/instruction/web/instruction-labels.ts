// The back office's words for what the database records: a demande's state as a tag, its deadline
// in days, the events of its history and the actions of the audit trail.
import { demandeStateLabel, isDecided, type DemandeState } from '../../demarche/domain/demande-state.ts'
import { documentKindLabel } from '../../demarche/domain/labels.ts'
import type { DocumentKind } from '../../demarche/domain/documents.ts'
import { ACTIONS, type Action } from '../domain/transitions.ts'

export type Tag = { text: string; classes: string }

const stateTagClass: Record<DemandeState, string> = {
  brouillon: 'govuk-tag--grey',
  recue: '',
  en_instruction: 'govuk-tag--teal',
  pieces_demandees: 'govuk-tag--yellow',
  service_medical: 'govuk-tag--purple',
  accordee: 'govuk-tag--green',
  refusee: 'govuk-tag--red',
  rejet_implicite: 'govuk-tag--red',
}

export function stateTag(state: DemandeState): Tag {
  return { text: demandeStateLabel[state], classes: stateTagClass[state] }
}

const days = (n: number) => `${n} ${n > 1 ? 'jours' : 'jour'}`

/** Days left before the answer is due; a decided demande has no deadline any more. */
export function deadlineTag(state: DemandeState, daysLeft: number): Tag {
  if (isDecided(state)) return { text: 'Sans objet (décidée)', classes: 'govuk-tag--grey' }
  if (daysLeft < 0) return { text: `Dépassée de ${days(-daysLeft)}`, classes: 'govuk-tag--red' }
  if (daysLeft === 0) return { text: "Échéance aujourd'hui", classes: 'govuk-tag--red' }
  return { text: days(daysLeft), classes: daysLeft < 15 ? 'govuk-tag--orange' : 'govuk-tag--grey' }
}

// What happened, in the history and the journal: the instruction's actions as done, then the
// other recorded actions and reads.
const doneLabel: Record<Action, string> = {
  prendre_en_charge: 'Prise en charge',
  demander_pieces: 'Justificatifs demandés',
  recevoir_pieces: 'Justificatifs reçus',
  transmettre_service_medical: 'Transmise au service médical',
  recevoir_avis_medical: 'Avis médical reçu',
  accorder: 'Pension accordée',
  refuser: 'Demande refusée',
  constater_rejet_implicite: 'Rejet implicite constaté (délai dépassé)',
}

const recordedLabel: Record<string, string> = {
  demande_recue: 'Demande reçue',
  assigner: 'Attribution de la demande',
  notifier_rejet_implicite: "Refus implicite notifié à l'assuré(e)",
  consulter_file: 'Consultation de la file de travail',
  consulter_demande: 'Consultation de la demande',
  telecharger_piece: "Téléchargement d'une pièce",
  telecharger_lettre_decision: 'Téléchargement du courrier de décision',
  consulter_journal: 'Consultation du journal des accès',
  verifier_journal: 'Vérification complète du journal des accès',
  consulter_a_faire: 'Consultation des refus implicites à notifier',
  accueil_recherche: "Recherche d'un assuré à l'accueil",
  accueil_reimpression: "Réimpression de l'accusé de réception à l'accueil",
  relancer_depot: "Relance d'un dépôt dans la GED",
}

const pieceLabel: Record<string, string> = {
  cerfa: 'formulaire Cerfa reconstitué',
  justificatif: 'justificatif',
  piece_jointe_message: "pièce jointe d'un message",
}

function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value)
}

// Actions added later read as their code, made legible, until they get their words here.
function legible(code: string): string {
  const words = code.replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** An action of the audit trail or an event of the demande's history, in words. */
export function recordedActionLabel(action: string, details: Record<string, unknown> = {}): string {
  const label = isAction(action) ? doneLabel[action] : (recordedLabel[action] ?? legible(action))
  if (action === 'telecharger_piece') {
    const piece = (typeof details.type === 'string' ? documentKindLabel[details.type as DocumentKind] : undefined) ?? pieceLabel[String(details.piece)]
    if (piece) return `${label} : ${piece.charAt(0).toLowerCase()}${piece.slice(1)}`
  }
  return label
}
