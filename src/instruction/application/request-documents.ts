// « Demander des justificatifs »: the list goes to the assuré's messagerie (and the e-mail that
// announces it is queued), the 2-month count is suspended from today, and the new answer-due date
// is stored, so that « Mes démarches » shows it.
import type { Pool } from '../../platform/db/pool.ts'
import { postMessageToAssure } from '../../messagerie/post-message.ts'
import { documentRequestMessage, type DocumentRequest } from '../domain/document-request.ts'
import { actOnDemande, machineStep, type ActionOutcome, type AgentRequest } from './act-on-demande.ts'
import { suspendDeadline } from './answer-due-on.ts'

export function requestDocuments(pool: Pool, request: AgentRequest & { documentRequest: DocumentRequest }): Promise<ActionOutcome> {
  return actOnDemande(pool, request, machineStep('demander_pieces', async ({ tx, demande, today }) => {
    const messageId = await postMessageToAssure(tx, {
      assureId: demande.assureId,
      demandeId: demande.id,
      kind: 'demande_pieces',
      ...documentRequestMessage({ numero: demande.numero, pieces: request.documentRequest.pieces }),
    })
    const answerDueOn = await suspendDeadline(tx, demande, today, messageId)
    return { messageId, answerDueOn }
  }))
}
