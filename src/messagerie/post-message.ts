import type { Queryable } from '../platform/db/pool.ts'
import { enqueueJob } from '../platform/jobs/queue.ts'

export type NewCaisseMessage = { assureId: string; demandeId: string | null; kind: string; subject: string; body: string; createdAt?: Date }

// A message from the caisse lands in the messagerie, and the e-mail saying that it is waiting is
// queued in the same transaction: both happen, or neither.
export async function postMessageToAssure(tx: Queryable, message: NewCaisseMessage): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into message (assure_id, demande_id, author, kind, subject, body, created_at)
     values ($1, $2, 'caisse', $3, $4, $5, coalesce($6, now())) returning id`,
    [message.assureId, message.demandeId, message.kind, message.subject, message.body, message.createdAt ?? null],
  )
  const id = rows[0]!.id
  await enqueueJob(tx, 'send-message-notification', { messageId: id }, `notify:${id}`)
  return id
}
