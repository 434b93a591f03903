import type { FastifyInstance } from 'fastify'
import type { Pool } from '../../platform/db/pool.ts'
import { assureClaimsSchema, type RelyingParty } from '../oidc-relying-party.ts'
import { upsertAssureFromClaims } from '../assure-repository.ts'
import { enterKioskMode, KIOSK_ENTRY } from '../../platform/web/kiosk.ts'
import { startSignedInSession } from '../../platform/web/app.ts'

const signInRateLimit = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }

// Only a path of this site is a valid return address: never an absolute URL (open redirect).
export function safeReturnPath(value: unknown, fallback = '/demarches'): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : fallback
}

export function registerSignInRoutes(app: FastifyInstance, deps: { pool: Pool; relyingParty: RelyingParty; publicUrl: string }): void {
  app.get('/connexion', signInRateLimit, async (request, reply) => {
    const { retour } = request.query as { retour?: string }
    // On a borne the identity provider asks for the password every time, even if the previous
    // visitor's session with it is still open.
    const { url, ...checks } = await deps.relyingParty.authorizationUrl({ forceLogin: request.kiosk })
    request.session.login = { ...checks, returnTo: safeReturnPath(retour) }
    return reply.redirect(url)
  })

  app.get('/connexion/retour', signInRateLimit, async (request, reply) => {
    const login = request.session.login
    if (!login) return reply.redirect('/connexion')
    let result
    try {
      result = await deps.relyingParty.callback(new URL(request.url, deps.publicUrl), login)
    } catch {
      request.session.login = undefined
      return reply.page('error.njk', {
        pageTitle: 'La connexion a échoué',
        paragraphs: ["La connexion à votre compte n'a pas abouti ou a été annulée. Vous pouvez réessayer."],
        backHref: '/connexion',
        backText: 'Se connecter à nouveau',
      }, 400)
    }
    const claims = assureClaimsSchema.safeParse(result.claims)
    if (!claims.success) return reply.page('error.njk', { pageTitle: 'Ce compte ne donne pas accès au service', paragraphs: ['Connectez-vous avec votre compte ameli d’assuré(e).'], backHref: '/' }, 403)
    const assureId = await upsertAssureFromClaims(deps.pool, claims.data)
    await startSignedInSession(request, reply, { assureId, idToken: result.idToken })
    if (request.kiosk) enterKioskMode(request)
    return reply.redirect(login.returnTo)
  })

  // The identity provider's session ends too (RP-initiated logout); a borne gets its welcome page back.
  app.post('/deconnexion', async (request, reply) => {
    const idToken = request.session.idToken
    const returnTo = `${deps.publicUrl}${request.kiosk ? KIOSK_ENTRY : '/'}`
    await request.session.destroy()
    return reply.redirect(await deps.relyingParty.endSessionUrl(idToken, returnTo))
  })
}
