// What the superviseur's journal filters on: a demande by its number and the agents, both within
// the superviseur's own organisme.
import type { Queryable } from '../../platform/db/pool.ts'
import type { Agent } from '../agent-repository.ts'

export async function findDemandeIdByNumero(db: Queryable, agent: Agent, numero: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `select id from demande where numero = $1 and organisme_code = $2 and state <> 'brouillon'`,
    [numero.trim().toUpperCase(), agent.organismeCode],
  )
  return rows[0]?.id ?? null
}

/** Every agent of the organisme, accueil included: their reads are in the journal too. */
export async function listAgentsForJournal(db: Queryable, organismeCode: string): Promise<Agent[]> {
  const { rows } = await db.query<Agent>(
    `select id, nom, prenom, role, organisme_code as "organismeCode" from agent where organisme_code = $1 order by nom, prenom, id`,
    [organismeCode],
  )
  return rows
}
