// « Notifier le refus »: the letter the deadline job prepared goes to the assuré's messagerie
// (the seed: in practice the caisses notify this refusal), once.
import type { Pool } from '../../platform/db/pool.ts'
import { todayInParis } from '../../shared/dates.ts'
import { postMessageToAssure } from '../../messagerie/post-message.ts'
import { decisionMessage, isImplicitRefusalToNotify, type ImplicitRefusal } from '../domain/decision-notification.ts'
import { attachFileToMessage, markImplicitRefusalNotified } from '../infrastructure/decision-repository.ts'
import { actOnDemande, type ActionOutcome, type AgentRequest } from './act-on-demande.ts'

export function notifyImplicitRefusal(pool: Pool, request: AgentRequest): Promise<ActionOutcome> {
  return actOnDemande(pool, request, {
    name: 'notifier_rejet_implicite',
    allows: (demande) => isImplicitRefusalToNotify(demande.state, demande.decision)
      ? { ok: true, to: demande.state }
      : { ok: false, message: "Il n'y a pas de refus implicite à notifier pour cette demande : il a peut-être déjà été envoyé par un collègue. Rechargez la page." },
    change: async ({ tx, demande, now }) => {
      const refusal = demande.decision as ImplicitRefusal // as `allows` found it
      const messageId = await postMessageToAssure(tx, {
        assureId: demande.assureId,
        demandeId: demande.id,
        kind: 'decision',
        ...decisionMessage({ numero: demande.numero, receivedOn: todayInParis(demande.receivedAt) }, refusal),
      })
      await attachFileToMessage(tx, messageId, refusal.lettre)
      await markImplicitRefusalNotified(tx, demande.id, { notifieLe: now.toISOString(), messageId })
      return { lettre: refusal.lettre, messageId }
    },
  })
}
