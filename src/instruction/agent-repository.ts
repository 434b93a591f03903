import type { Queryable } from '../platform/db/pool.ts'
import type { AgentClaims } from '../identity/oidc-relying-party.ts'

export type AgentRole = AgentClaims['role']
export type Agent = { id: string; nom: string; prenom: string; role: AgentRole; organismeCode: string }

const columns = `id, nom, prenom, role, organisme_code as "organismeCode"`

// The caisse's directory is the authority: role and organisme are refreshed at each sign-in.
export async function upsertAgentFromClaims(db: Queryable, claims: AgentClaims): Promise<Agent> {
  const { rows } = await db.query<Agent>(
    `insert into agent (oidc_subject, nom, prenom, role, organisme_code) values ($1, $2, $3, $4, $5)
     on conflict (oidc_subject) do update set nom = excluded.nom, prenom = excluded.prenom, role = excluded.role,
       organisme_code = excluded.organisme_code, updated_at = now()
     returning ${columns}`,
    [claims.sub, claims.family_name, claims.given_name, claims.role, claims.organisme],
  )
  return rows[0]!
}

export async function findAgent(db: Queryable, agentId: string): Promise<Agent | null> {
  const { rows } = await db.query<Agent>(`select ${columns} from agent where id = $1`, [agentId])
  return rows[0] ?? null
}

// Colleagues of the same organisme, to whom a demande can be assigned.
export async function listAgentsOfOrganisme(db: Queryable, organismeCode: string): Promise<Agent[]> {
  const { rows } = await db.query<Agent>(
    `select ${columns} from agent where organisme_code = $1 and role in ('technicien', 'superviseur') order by nom, prenom`,
    [organismeCode],
  )
  return rows
}
