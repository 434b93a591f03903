// The frame of every agent action on a demande, in one transaction: the demande is locked within
// the agent's organisme (another organisme's does not exist), the action is checked against its
// state, the change is made, the state moves, and the audit row and the history event are
// written with it. A refused action writes nothing.
import { withTransaction, type Pool, type Queryable } from '../../platform/db/pool.ts'
import { todayInParis, type LocalDate } from '../../shared/dates.ts'
import { recordEvent } from '../../demarche/infrastructure/demande-repository.ts'
import type { Agent } from '../agent-repository.ts'
import { recordAudit } from '../audit-log.ts'
import { findDemandeForAgent, type AgentDemande } from '../infrastructure/demande-scope.ts'
import { transition, type Action, type Transition } from '../domain/transitions.ts'

export type ActionOutcome = { ok: true } | { ok: false; reason: 'introuvable' } | { ok: false; reason: 'refusee'; message: string }

export type AgentRequest = { agent: Agent; demandeId: string; now: Date }

export type ActionContext = { tx: Queryable; demande: AgentDemande; today: LocalDate; now: Date; agent: Agent }

export type AgentStep = {
  /** The name of the action in the audit log and in the demande's history. */
  name: string
  /** Whether the demande, as it is now, allows the action, and the state it leads to. */
  allows: (demande: AgentDemande) => Transition
  /** What the action changes besides the state; answers the details kept in the log and the history. */
  change?: (context: ActionContext) => Promise<Record<string, unknown>>
}

export function actOnDemande(pool: Pool, request: AgentRequest, step: AgentStep): Promise<ActionOutcome> {
  return withTransaction(pool, async (tx) => {
    const demande = await findDemandeForAgent(tx, request.agent, request.demandeId, { forUpdate: true })
    if (!demande) return { ok: false, reason: 'introuvable' }
    const allowed = step.allows(demande)
    if (!allowed.ok) return { ok: false, reason: 'refusee', message: allowed.message }
    const details = (await step.change?.({ tx, demande, today: todayInParis(request.now), now: request.now, agent: request.agent })) ?? {}
    if (allowed.to !== demande.state) await tx.query('update demande set state = $2, updated_at = now() where id = $1', [demande.id, allowed.to])
    const logged = { from: demande.state, to: allowed.to, ...details }
    await recordAudit(tx, { agent: request.agent, action: step.name, demandeId: demande.id, details: logged })
    await recordEvent(tx, demande.id, `agent:${request.agent.id}`, step.name, logged)
    return { ok: true }
  })
}

/** A step of the state machine: its name is the machine's action. */
export function machineStep(action: Action, change?: AgentStep['change']): AgentStep {
  return { name: action, allows: (demande) => transition(demande.state, action), change }
}

