// The back office's words for what the database records: a demande's state as a tag, its deadline
// in days, the events of its history and the actions of the audit trail.
import { demandeStateLabel, isDecided, type DemandeState } from '../../demarche/domain/demande-state.ts'
import { documentKindLabel } from '../../demarche/domain/labels.ts'
import type { DocumentKind } from '../../demarche/domain/documents.ts'
import { ACTIONS, actionLabel, type Action } from '../domain/transitions.ts'

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

const readLabel: Record<string, string> = {
  consulter_file: 'Consultation de la file de travail',
  consulter_demande: 'Consultation de la demande',
  telecharger_piece: "Téléchargement d'une pièce",
  consulter_journal: 'Consultation du journal des accès',
}

const eventLabel: Record<string, string> = {
  demande_recue: 'Demande reçue',
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

export function auditActionLabel(action: string, details: Record<string, unknown> = {}): string {
  if (action === 'telecharger_piece') {
    const document = typeof details.type === 'string' ? documentKindLabel[details.type as DocumentKind] : undefined
    const piece = document ?? pieceLabel[String(details.piece)]
    return piece ? `${readLabel[action]} : ${piece.charAt(0).toLowerCase()}${piece.slice(1)}` : readLabel[action]!
  }
  return readLabel[action] ?? (isAction(action) ? actionLabel[action] : legible(action))
}

export function eventTypeLabel(type: string): string {
  return eventLabel[type] ?? (isAction(type) ? actionLabel[type] : legible(type))
}
