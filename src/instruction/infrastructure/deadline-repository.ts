// The deadline job's lookups. The job acts for every organisme at once, with no agent: these are
// the only lookups of a submitted demande without the organisme's scope, and they serve it alone.
import type { Queryable } from '../../platform/db/pool.ts'
import { INSTRUCTION_STATES, type DemandeState } from '../../demarche/domain/demande-state.ts'
import type { SubmittedSnapshot } from '../../documents/demande-copy-pdf.ts'
import type { LocalDate } from '../../shared/dates.ts'

export type DeadlineDemande = {
  id: string
  numero: string
  state: DemandeState
  assureId: string
  organismeCode: string
  receivedAt: Date
  answerDueOn: LocalDate
  submitted: SubmittedSnapshot
}

// Open demandes whose stored date has passed, and those whose date still moves because a request
// for documents is pending (the stored date is then as of the last computation).
export async function listDeadlineCandidates(db: Queryable, today: LocalDate): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select d.id from demande d
      where d.state = any($1) and (d.answer_due_on < $2
         or exists (select 1 from demande_suspension s where s.demande_id = d.id and s.to_on is null))
      order by d.answer_due_on, d.id`,
    [INSTRUCTION_STATES, today],
  )
  return rows.map((row) => row.id)
}

export async function lockDemandeForDeadline(tx: Queryable, demandeId: string): Promise<DeadlineDemande | null> {
  const { rows } = await tx.query<DeadlineDemande>(
    `select id, numero, state, assure_id as "assureId", organisme_code as "organismeCode", received_at as "receivedAt",
            answer_due_on as "answerDueOn", submitted
       from demande where id = $1 and state <> 'brouillon' for update`,
    [demandeId],
  )
  return rows[0] ?? null
}
