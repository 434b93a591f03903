// What a decision writes besides the demande's state: demande.decision, the letter attached to
// its message, and the implicit refusals waiting for an agent to notify them.
import type { Queryable } from '../../platform/db/pool.ts'
import type { LocalDate } from '../../shared/dates.ts'
import type { RecordedDecision } from '../domain/decision-notification.ts'

export async function saveDecision(db: Queryable, demandeId: string, decision: RecordedDecision, decidedAt: Date): Promise<void> {
  await db.query('update demande set decision = $2, decided_at = $3, updated_at = now() where id = $1', [demandeId, JSON.stringify(decision), decidedAt])
}

export async function markImplicitRefusalNotified(db: Queryable, demandeId: string, notification: { notifieLe: string; messageId: string }): Promise<void> {
  await db.query('update demande set decision = decision || $2::jsonb, updated_at = now() where id = $1', [demandeId, JSON.stringify(notification)])
}

export async function attachFileToMessage(db: Queryable, messageId: string, fileId: string): Promise<void> {
  await db.query('insert into message_attachment (message_id, file_id) values ($1, $2)', [messageId, fileId])
}

export type ImplicitRefusalToNotify = {
  id: string
  numero: string
  nom: string
  prenoms: string
  receivedAt: Date
  echeance: LocalDate
  constateLe: LocalDate
}

// The to-do list of an organisme: implicit refusals found by the deadline job, letter ready, not sent.
export async function listImplicitRefusalsToNotify(db: Queryable, organismeCode: string): Promise<ImplicitRefusalToNotify[]> {
  const { rows } = await db.query<ImplicitRefusalToNotify>(
    `select id, numero, submitted->'identity'->>'nom' as nom, submitted->'identity'->>'prenoms' as prenoms, received_at as "receivedAt",
            decision->>'echeance' as echeance, decision->>'constateLe' as "constateLe"
       from demande
      where organisme_code = $1 and state = 'rejet_implicite' and (decision->>'implicite')::boolean and decision->>'notifieLe' is null
      order by decision->>'constateLe', numero`,
    [organismeCode],
  )
  return rows
}
