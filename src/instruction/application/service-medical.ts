// The avis of the service du contrôle médical, which the decision waits for (R341-9 CSS):
// the demande goes to the service médical, and comes back when its avis is received.
import type { Pool } from '../../platform/db/pool.ts'
import { actOnDemande, machineStep, type ActionOutcome, type AgentRequest } from './act-on-demande.ts'

export function sendToServiceMedical(pool: Pool, request: AgentRequest): Promise<ActionOutcome> {
  return actOnDemande(pool, request, machineStep('transmettre_service_medical'))
}

export function receiveMedicalOpinion(pool: Pool, request: AgentRequest): Promise<ActionOutcome> {
  return actOnDemande(pool, request, machineStep('recevoir_avis_medical'))
}
