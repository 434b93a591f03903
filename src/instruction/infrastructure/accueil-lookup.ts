// What the accueil may know of an assuré found by NIR: whether and when each demande of the
// agent's own organisme was received, its state and the date an answer is due. Nothing of the
// file itself (answers, documents, messages), and nothing of another organisme.
import type { Queryable } from '../../platform/db/pool.ts'
import type { DemandeState } from '../../demarche/domain/demande-state.ts'
import { isUuid } from '../../documents/stored-files.ts'
import type { Agent } from '../agent-repository.ts'

export type ReceivedDemande = {
  id: string
  numero: string
  state: DemandeState
  receivedAt: Date
  answerDueOn: string
  decidedAt: Date | null
  nom: string
  prenoms: string
}

export async function findReceivedDemandesByNir(db: Queryable, agent: Agent, nir: string): Promise<ReceivedDemande[]> {
  const { rows } = await db.query<ReceivedDemande>(
    `select d.id, d.numero, d.state, d.received_at as "receivedAt", d.answer_due_on as "answerDueOn",
            d.decided_at as "decidedAt", a.nom, a.prenoms
       from assure a join demande d on d.assure_id = a.id
      where a.nir = $1 and d.organisme_code = $2 and d.state <> 'brouillon'
      order by d.received_at desc, d.id`,
    [nir, agent.organismeCode],
  )
  return rows
}

export type AccuseReceptionCopy = { demandeId: string; numero: string; receivedAt: Date; subject: string; body: string; sentAt: Date }

/** The acknowledgment as it was sent to the assuré's messagerie, for a demande of the agent's organisme. */
export async function findAccuseReceptionForAgent(db: Queryable, agent: Agent, demandeId: string): Promise<AccuseReceptionCopy | null> {
  if (!isUuid(demandeId)) return null
  const { rows } = await db.query<AccuseReceptionCopy>(
    `select d.id as "demandeId", d.numero, d.received_at as "receivedAt", m.subject, m.body, m.created_at as "sentAt"
       from demande d join message m on m.demande_id = d.id and m.kind = 'accuse_reception'
      where d.id = $1 and d.organisme_code = $2 and d.state <> 'brouillon'`,
    [demandeId, agent.organismeCode],
  )
  return rows[0] ?? null
}
