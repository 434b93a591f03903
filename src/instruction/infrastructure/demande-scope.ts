// An agent sees the demandes of their own organisme instructeur, and no other: the organisme is
// part of every lookup. A demande of another organisme does not exist for them (404).
import type { Queryable } from '../../platform/db/pool.ts'
import type { Agent } from '../agent-repository.ts'
import type { DemandeState } from '../../demarche/domain/demande-state.ts'
import type { SubmittedSnapshot } from '../../documents/demande-copy-pdf.ts'
import { isUuid } from '../../documents/stored-files.ts'

export type AgentDemande = {
  id: string
  numero: string
  state: DemandeState
  assureId: string
  caisseCode: string
  organismeCode: string
  channel: string
  receivedAt: Date
  answerDueOn: string
  assignedAgentId: string | null
  cerfaFileId: string | null
  decision: Record<string, unknown> | null
  decidedAt: Date | null
  submitted: SubmittedSnapshot
}

const columns = `id, numero, state, assure_id as "assureId", caisse_code as "caisseCode", organisme_code as "organismeCode",
  channel, received_at as "receivedAt", answer_due_on as "answerDueOn", assigned_agent_id as "assignedAgentId",
  cerfa_file_id as "cerfaFileId", decision, decided_at as "decidedAt", submitted`

export async function findDemandeForAgent(db: Queryable, agent: Agent, demandeId: string, options: { forUpdate?: boolean } = {}): Promise<AgentDemande | null> {
  if (!isUuid(demandeId)) return null
  const { rows } = await db.query<AgentDemande>(
    `select ${columns} from demande where id = $1 and organisme_code = $2 and state <> 'brouillon'${options.forUpdate ? ' for update' : ''}`,
    [demandeId, agent.organismeCode],
  )
  return rows[0] ?? null
}
