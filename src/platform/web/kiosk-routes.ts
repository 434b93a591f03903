// The borne's own addresses: its welcome page (the way into kiosk mode), signing in from it, and
// the presence that the inactivity warning's « Continuer » reports.
import type { FastifyInstance } from 'fastify'
import { enterKioskMode, KIOSK_ENTRY } from './kiosk.ts'

export function registerKioskRoutes(app: FastifyInstance): void {
  app.get(KIOSK_ENTRY, async (request, reply) => {
    enterKioskMode(request)
    const { fin } = request.query as { fin?: string }
    return reply.page('borne.njk', { pageTitle: "Demander une pension d'invalidité", endedByInactivity: fin === 'inactivite' && !request.account })
  })

  // The welcome page may have waited long for its next visitor: signing in from it enters kiosk mode again.
  app.get(`${KIOSK_ENTRY}/connexion`, async (request, reply) => {
    enterKioskMode(request)
    return reply.redirect(`/connexion?retour=${encodeURIComponent('/demarches')}`)
  })

  // The request itself has pushed the session's end back (touchSession): 204, or 401 once it has ended.
  app.get(`${KIOSK_ENTRY}/presence`, async (request, reply) =>
    reply.code(request.account ? 204 : 401).header('cache-control', 'no-store').send())
}
