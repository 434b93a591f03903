// « Enregistrer la décision »: the pension granted or the demande refused. One transaction moves
// the demande to its decided state, ends a pending request for documents, keeps the decision,
// writes the notification letter and posts it in the assuré's messagerie (the e-mail that
// announces it is queued with it).
import type { Pool } from '../../platform/db/pool.ts'
import { todayInParis } from '../../shared/dates.ts'
import { postMessageToAssure } from '../../messagerie/post-message.ts'
import type { Decision } from '../domain/decision.ts'
import { decisionMessage } from '../domain/decision-notification.ts'
import { attachFileToMessage, saveDecision } from '../infrastructure/decision-repository.ts'
import { actOnDemande, machineStep, type ActionOutcome, type AgentRequest } from './act-on-demande.ts'
import { resumeDeadline } from './answer-due-on.ts'
import { storeDecisionLetter } from './decision-letter-file.ts'

export function recordDecision(pool: Pool, request: AgentRequest & { decision: Decision }): Promise<ActionOutcome> {
  const { decision } = request
  return actOnDemande(pool, request, machineStep(decision.type === 'accord' ? 'accorder' : 'refuser', async ({ tx, demande, today, now }) => {
    await resumeDeadline(tx, demande, today)
    const lettre = await storeDecisionLetter(tx, demande, decision, today)
    const messageId = await postMessageToAssure(tx, {
      assureId: demande.assureId,
      demandeId: demande.id,
      kind: 'decision',
      ...decisionMessage({ numero: demande.numero, receivedOn: todayInParis(demande.receivedAt) }, decision),
    })
    await attachFileToMessage(tx, messageId, lettre)
    await saveDecision(tx, demande.id, { ...decision, lettre, messageId }, now)
    // The reason of a refusal stays in demande.decision: the log and the history keep its kind only.
    return decision.type === 'accord'
      ? { decision: 'accord', categorie: decision.categorie, dateEffet: decision.dateEffet, lettre, messageId }
      : { decision: 'refus', motif: decision.motif, lettre, messageId }
  }))
}
