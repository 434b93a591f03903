// The requests for documents of a demande (demande_suspension), and the answer-due date they move.
import type { Queryable } from '../../platform/db/pool.ts'
import type { Suspension } from '../../demarche/domain/answer-due-date.ts'
import type { LocalDate } from '../../shared/dates.ts'

export type SuspensionRow = Suspension & { id: string }

export async function listSuspensions(db: Queryable, demandeId: string): Promise<SuspensionRow[]> {
  const { rows } = await db.query<SuspensionRow>(
    `select id::text, from_on as "from", to_on as "to" from demande_suspension where demande_id = $1 order by from_on, id`,
    [demandeId],
  )
  return rows
}

export async function insertSuspension(db: Queryable, demandeId: string, suspension: Suspension, messageId: string | null): Promise<void> {
  await db.query('insert into demande_suspension (demande_id, from_on, to_on, message_id) values ($1, $2, $3, $4)', [demandeId, suspension.from, suspension.to, messageId])
}

// Only a pending row is closed: a closed suspension keeps its end.
export async function saveSuspensionEnd(db: Queryable, suspension: SuspensionRow): Promise<void> {
  if (suspension.to === null) return
  await db.query('update demande_suspension set to_on = $2 where id = $1 and to_on is null', [suspension.id, suspension.to])
}

export async function saveAnswerDueOn(db: Queryable, demandeId: string, answerDueOn: LocalDate): Promise<void> {
  await db.query('update demande set answer_due_on = $2, updated_at = now() where id = $1 and answer_due_on is distinct from $2', [demandeId, answerDueOn])
}
