// What every back-office page shares: the agent's role and organisme in words, the home that
// sends each role where it works.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findCaisse } from '../../shared/caisses.ts'
import type { AgentRole } from '../agent-repository.ts'

export const agentRoleLabel: Record<AgentRole, string> = {
  accueil: "agent d'accueil",
  technicien: 'technicien invalidité',
  superviseur: 'superviseur',
}

export function organismeName(code: string): string {
  return code === 'CRAMIF' ? 'CRAMIF' : (findCaisse(code)?.name ?? code)
}

// Renders a back-office template with what its layout needs.
export function agentPage(request: FastifyRequest, reply: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200): FastifyReply {
  return reply.page(template, { agentRoleLabel, organismeName: request.agent ? organismeName(request.agent.organismeCode) : '', ...context }, status)
}

export function registerBackOfficeHome(app: FastifyInstance): void {
  app.get('/agent', async (request, reply) => {
    if (!request.agent) return agentPage(request, reply, 'agent/home.njk', { pageTitle: 'Espace agents' })
    return reply.redirect(request.agent.role === 'accueil' ? '/agent/accueil' : '/agent/file')
  })
}
