// The documents asked for have arrived: the suspension closes today (the count runs again from
// tomorrow) and the instruction resumes. Either the assuré answered the request in the messagerie
// with files attached, or an agent records documents received another way (post, counter).
import type { Pool, Queryable } from '../../platform/db/pool.ts'
import { todayInParis } from '../../shared/dates.ts'
import type { DemandeState } from '../../demarche/domain/demande-state.ts'
import { recordEvent } from '../../demarche/infrastructure/demande-repository.ts'
import { transition } from '../domain/transitions.ts'
import { actOnDemande, machineStep, type ActionOutcome, type AgentRequest } from './act-on-demande.ts'
import { resumeDeadline } from './answer-due-on.ts'

export function receiveDocuments(pool: Pool, request: AgentRequest): Promise<ActionOutcome> {
  return actOnDemande(pool, request, machineStep('recevoir_pieces', async ({ tx, demande, today }) => ({
    answerDueOn: await resumeDeadline(tx, demande, today),
  })))
}

// Called inside the transaction of the assuré's reply, before the reply is written (the demande is
// locked first, as every action locks it). A reply without files, or to another message, or once
// the instruction has moved on, changes nothing.
export async function receiveDocumentsByReply(tx: Queryable, reply: { assureId: string; repliedMessageId: string; withFiles: boolean }, now = new Date()): Promise<void> {
  if (!reply.withFiles) return
  const { rows } = await tx.query<{ id: string; state: DemandeState; receivedAt: Date }>(
    `select d.id, d.state, d.received_at as "receivedAt"
       from message m join demande d on d.id = m.demande_id and d.assure_id = m.assure_id
      where m.id = $1 and m.assure_id = $2 and m.author = 'caisse' and m.kind = 'demande_pieces'
        for update of d`,
    [reply.repliedMessageId, reply.assureId],
  )
  const demande = rows[0]
  if (!demande) return
  const allowed = transition(demande.state, 'recevoir_pieces')
  if (!allowed.ok) return
  const answerDueOn = await resumeDeadline(tx, demande, todayInParis(now))
  await tx.query('update demande set state = $2, updated_at = now() where id = $1', [demande.id, allowed.to])
  await recordEvent(tx, demande.id, 'assure', 'recevoir_pieces', { from: demande.state, to: allowed.to, answerDueOn, enReponseA: reply.repliedMessageId })
}
