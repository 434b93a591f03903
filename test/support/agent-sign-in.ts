// Signs an agent in without the caisse's identity provider (agent sign-in has its own tests): the
// agent row is written as the sign-in would (upsertAgentFromClaims), and a session row with a
// cookie signed as @fastify/session signs it. The CSRF token is read from « Accueil d'un assuré »,
// a page every agent may open and whose viewing records nothing in the audit trail.
import { randomBytes, randomUUID } from 'node:crypto'
import { Signer } from '@fastify/cookie'
import type { FastifyInstance } from 'fastify'
import type { Pool } from '../../src/platform/db/pool.ts'
import { upsertAgentFromClaims, type Agent, type AgentRole } from '../../src/instruction/agent-repository.ts'
import { csrfTokenOf, TEST_SESSION_SECRET } from './sign-in.ts'

export type SignedInAgent = { agent: Agent; agentId: string; cookie: string; csrfToken: string }

// The app must have been built with TEST_SESSION_SECRET (testServiceDeps does).
export async function signInAgentAs(
  app: FastifyInstance,
  pool: Pool,
  options: { role: AgentRole; organisme: string; nom?: string; prenom?: string },
): Promise<SignedInAgent> {
  const agent = await upsertAgentFromClaims(pool, {
    sub: `agent-${randomUUID()}`,
    family_name: options.nom ?? 'Martin',
    given_name: options.prenom ?? 'Camille',
    role: options.role,
    organisme: options.organisme,
  })
  const sid = randomBytes(24).toString('base64url')
  await pool.query(`insert into http_session (sid, data, expires_at) values ($1, $2, now() + interval '1 hour')`, [sid, JSON.stringify({ agentId: agent.id })])
  const cookie = `session=${encodeURIComponent(new Signer(TEST_SESSION_SECRET).sign(sid))}`
  const page = await app.inject({ method: 'GET', url: '/agent/accueil', headers: { cookie } })
  return { agent, agentId: agent.id, cookie, csrfToken: csrfTokenOf(page.body) }
}
