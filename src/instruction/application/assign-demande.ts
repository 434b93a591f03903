// A superviseur gives a demande to an agent of their organisme. The state does not change; a
// decided demande is no longer anyone's to instruct.
import type { Pool } from '../../platform/db/pool.ts'
import { listAgentsOfOrganisme } from '../agent-repository.ts'
import { isOpen } from '../domain/transitions.ts'
import { actOnDemande, type ActionOutcome, type AgentRequest } from './act-on-demande.ts'

export type AssignOutcome = ActionOutcome | { ok: false; reason: 'invalide'; message: string }

export async function assignDemande(pool: Pool, request: AgentRequest & { assigneeId: string }): Promise<AssignOutcome> {
  const colleagues = await listAgentsOfOrganisme(pool, request.agent.organismeCode)
  const assignee = colleagues.find((colleague) => colleague.id === request.assigneeId)
  if (!assignee) return { ok: false, reason: 'invalide', message: 'Choisissez l’agent à qui attribuer la demande dans la liste des agents de votre organisme' }
  return actOnDemande(pool, request, {
    name: 'assigner',
    allows: (demande) => isOpen(demande.state)
      ? { ok: true, to: demande.state }
      : { ok: false, message: 'Cette demande a reçu une décision : elle ne peut plus être attribuée.' },
    change: async ({ tx, demande }) => {
      await tx.query('update demande set assigned_agent_id = $2, updated_at = now() where id = $1', [demande.id, assignee.id])
      return { assignedAgentId: assignee.id, assignedTo: `${assignee.prenom} ${assignee.nom}` }
    },
  })
}
