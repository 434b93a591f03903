// A request for documents prolongs the instruction: it opens a suspension of the 2-month count on
// the day it is made; the answer (the assuré's reply with the documents, or an agent marking them
// received another way) closes it, and the count runs again from the next day. The date itself
// is answerDueDate's (docs/decisions.md, « Date de réponse due »).
import { answerDueDate, type Suspension } from '../../demarche/domain/answer-due-date.ts'
import { compareLocalDates, type LocalDate } from '../../shared/dates.ts'

export type Deadline = { receivedOn: LocalDate; suspensions: readonly Suspension[]; today: LocalDate }

export function openSuspension(requestedOn: LocalDate): Suspension {
  return { from: requestedOn, to: null }
}

// Every pending request is answered at once: one set of documents closes them all. A suspension
// cannot end before it began.
export function closePendingSuspensions(suspensions: readonly Suspension[], answeredOn: LocalDate): Suspension[] {
  return suspensions.map((suspension) =>
    suspension.to !== null ? suspension : { from: suspension.from, to: compareLocalDates(answeredOn, suspension.from) < 0 ? suspension.from : answeredOn },
  )
}

// The due date is the last day the caisse may answer (« au plus tard le »): the implicit refusal
// is found from the day after.
export function isPastDue(deadline: Deadline): boolean {
  return compareLocalDates(answerDueDate(deadline), deadline.today) < 0
}
