// The stored answer-due date of a demande follows its requests for documents: recomputed and
// saved whenever one opens or closes, and each day by the deadline job while one is pending.
import type { Queryable } from '../../platform/db/pool.ts'
import { answerDueDate, type Suspension } from '../../demarche/domain/answer-due-date.ts'
import { todayInParis, type LocalDate } from '../../shared/dates.ts'
import { closePendingSuspensions, openSuspension } from '../domain/suspension.ts'
import { insertSuspension, listSuspensions, saveAnswerDueOn, saveSuspensionEnd } from '../infrastructure/suspension-repository.ts'

type Received = { id: string; receivedAt: Date }

export async function suspendDeadline(tx: Queryable, demande: Received, today: LocalDate, messageId: string): Promise<LocalDate> {
  await insertSuspension(tx, demande.id, openSuspension(today), messageId)
  return refreshAnswerDueOn(tx, demande, today)
}

export async function resumeDeadline(tx: Queryable, demande: Received, today: LocalDate): Promise<LocalDate> {
  const rows = await listSuspensions(tx, demande.id)
  const closed = closePendingSuspensions(rows, today)
  for (const [index, row] of rows.entries()) if (row.to === null) await saveSuspensionEnd(tx, { ...row, to: closed[index]!.to })
  return refreshAnswerDueOn(tx, demande, today)
}

export async function refreshAnswerDueOn(tx: Queryable, demande: Received, today: LocalDate): Promise<LocalDate> {
  const answerDueOn = dueDateOf(demande, await listSuspensions(tx, demande.id), today)
  await saveAnswerDueOn(tx, demande.id, answerDueOn)
  return answerDueOn
}

function dueDateOf(demande: Received, suspensions: readonly Suspension[], today: LocalDate): LocalDate {
  return answerDueDate({ receivedOn: todayInParis(demande.receivedAt), suspensions, today })
}
