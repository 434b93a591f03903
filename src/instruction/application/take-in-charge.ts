// « Prendre en charge »: the agent takes the demande for themselves and starts its instruction.
import type { Pool } from '../../platform/db/pool.ts'
import { actOnDemande, machineStep, type ActionOutcome, type AgentRequest } from './act-on-demande.ts'

export function takeInCharge(pool: Pool, request: AgentRequest): Promise<ActionOutcome> {
  return actOnDemande(pool, request, machineStep('prendre_en_charge', async ({ tx, demande, agent }) => {
    await tx.query('update demande set assigned_agent_id = $2 where id = $1', [demande.id, agent.id])
    return { assignedAgentId: agent.id }
  }))
}
