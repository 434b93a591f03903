// How a decision reaches the assuré: what demande.decision keeps, and the message of the
// messagerie that carries the notification letter. An implicit refusal is found by the deadline
// job with its letter ready, and notified when an agent sends it.
import type { DemandeState } from '../../demarche/domain/demande-state.ts'
import { formatFrenchDate, type LocalDate } from '../../shared/dates.ts'
import { categorieLabel, type Decision } from './decision.ts'

export const DECISION_SUBJECT = "Décision sur votre demande de pension d'invalidité"

/** The refusal that the silence of the caisse is worth, from the day after `echeance`. */
export type ImplicitRefusalNotice = { type: 'rejet_implicite'; echeance: LocalDate }

/** What a letter and its message notify. */
export type Notice = Decision | ImplicitRefusalNotice

export type ImplicitRefusal = ImplicitRefusalNotice & {
  implicite: true
  /** The stored_file of the letter, ready to send. */
  lettre: string
  constateLe: LocalDate
  notifieLe: string | null
  messageId: string | null
}

/** What demande.decision holds once the demande is decided. */
export type RecordedDecision = (Decision & { lettre: string; messageId: string }) | ImplicitRefusal

export function isImplicitRefusalToNotify(state: DemandeState, decision: unknown): decision is ImplicitRefusal {
  const recorded = decision as Partial<ImplicitRefusal> | null
  return state === 'rejet_implicite' && recorded?.implicite === true && typeof recorded.lettre === 'string' && !recorded.notifieLe
}

export type NotifiedDemande = { numero: string; receivedOn: LocalDate }

export function decisionMessage(demande: NotifiedDemande, notified: Notice): { subject: string; body: string } {
  return { subject: DECISION_SUBJECT, body: `Bonjour,\n\n${outcome(demande, notified)}\n\nVous trouverez ci-joint le courrier qui vous notifie cette décision. Il indique aussi comment la contester, et dans quel délai.\n\nLe service Invalidité` }
}

function outcome(demande: NotifiedDemande, notified: Notice): string {
  const subject = `Votre demande de pension d'invalidité n° ${demande.numero}, reçue le ${formatFrenchDate(demande.receivedOn)}`
  switch (notified.type) {
    case 'accord':
      return `${subject}, est acceptée : une pension d'invalidité de ${categorieLabel[notified.categorie].label} vous est accordée à compter du ${formatFrenchDate(notified.dateEffet)}.`
    case 'refus':
      return `${subject}, est refusée.`
    case 'rejet_implicite':
      return `${subject}, n'a pas reçu de réponse dans le délai d'instruction, qui a pris fin le ${formatFrenchDate(notified.echeance)} : elle est refusée.`
  }
}
