import type { FastifyInstance } from 'fastify'
import type { Pool } from '../../platform/db/pool.ts'
import { agentClaimsSchema, type RelyingParty } from '../oidc-relying-party.ts'
import { upsertAgentFromClaims } from '../../instruction/agent-repository.ts'
import { AGENT_CALLBACK } from '../relying-parties.ts'
import { startSignedInSession } from '../../platform/web/app.ts'
import { safeReturnPath } from './sign-in-routes.ts'

const signInRateLimit = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }

// The caisse's agents sign in through the caisse's single sign-on (the demo provider by default).
export function registerAgentSignInRoutes(app: FastifyInstance, deps: { pool: Pool; agentRelyingParty: RelyingParty; publicUrl: string }): void {
  app.get('/agent/connexion', signInRateLimit, async (request, reply) => {
    const { retour } = request.query as { retour?: string }
    const { url, ...checks } = await deps.agentRelyingParty.authorizationUrl()
    const returnTo = safeReturnPath(retour, '/agent')
    request.session.agentLogin = { ...checks, returnTo: returnTo.startsWith('/agent') ? returnTo : '/agent' }
    return reply.redirect(url)
  })

  app.get(AGENT_CALLBACK, signInRateLimit, async (request, reply) => {
    const login = request.session.agentLogin
    if (!login) return reply.redirect('/agent/connexion')
    let claims
    try {
      claims = agentClaimsSchema.safeParse((await deps.agentRelyingParty.callback(new URL(request.url, deps.publicUrl), login)).claims)
    } catch {
      request.session.agentLogin = undefined
      return reply.page('error.njk', { pageTitle: 'La connexion a échoué', paragraphs: ["La connexion n'a pas abouti ou a été annulée. Vous pouvez réessayer."], backHref: '/agent/connexion', backText: 'Se connecter à nouveau' }, 400)
    }
    if (!claims.success) {
      return reply.page('error.njk', { pageTitle: "Ce compte n'a pas accès à l'espace agents", paragraphs: ["Votre compte ne porte pas de rôle d'agent du service Invalidité. Demandez l'habilitation à votre responsable."], backHref: '/agent' }, 403)
    }
    const agent = await upsertAgentFromClaims(deps.pool, claims.data)
    await startSignedInSession(request, reply, { agentId: agent.id })
    return reply.redirect(login.returnTo)
  })

  app.post('/agent/deconnexion', async (request, reply) => {
    await request.session.destroy()
    return reply.redirect(await deps.agentRelyingParty.endSessionUrl(undefined))
  })
}
