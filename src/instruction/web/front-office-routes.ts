// The accueil (front office): an agent finds an assuré by NIR and tells them whether and when
// their demande was received, and reprints the acknowledgment. The NIR travels in a POST body,
// never in an address that logs and browser histories keep. Every search and reprint is audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { agentSignedIn, currentAgent } from '../../platform/web/app.ts'
import { isDecided } from '../../demarche/domain/demande-state.ts'
import { formatNir, validateNir } from '../../shared/identifiers/nir.ts'
import { recordAudit, recordRead } from '../audit-log.ts'
import { findAccuseReceptionForAgent, findReceivedDemandesByNir } from '../infrastructure/accueil-lookup.ts'
import { renderAccuseReceptionCopy } from './accuse-reception-pdf.ts'
import { agentPage } from './back-office.ts'
import { stateTag } from './instruction-labels.ts'

const anyAgent = { preHandler: agentSignedIn() }

export function registerFrontOfficeRoutes(app: FastifyInstance, deps: { pool: Pool; now: () => Date }): void {
  app.get('/agent/accueil', anyAgent, (request, reply) => renderAccueil(request, reply, {}))

  app.post<{ Body: { nir?: unknown } }>('/agent/accueil', anyAgent, async (request, reply) => {
    const agent = currentAgent(request)
    const typed = typeof request.body?.nir === 'string' ? request.body.nir : ''
    const nir = validateNir(typed)
    if (!nir.ok) return renderAccueil(request, reply, { typed, error: nir.message }, 400)
    const demandes = await findReceivedDemandesByNir(deps.pool, agent, nir.value)
    await withTransaction(deps.pool, async (tx) => {
      const found = demandes.length > 0 ? demandes.map((demande) => demande.id) : [null]
      for (const demandeId of found) await recordAudit(tx, { agent, action: 'accueil_recherche', demandeId, details: { resultats: demandes.length } })
    })
    return renderAccueil(request, reply, {
      result: {
        nir: formatNir(nir.value),
        demandes: demandes.map((demande) => ({ ...demande, stateTag: stateTag(demande.state), decided: isDecided(demande.state) })),
      },
    })
  })

  app.get<{ Params: { id: string } }>('/agent/accueil/demandes/:id/accuse-de-reception.pdf', anyAgent, async (request, reply) => {
    const agent = currentAgent(request)
    const accuse = await findAccuseReceptionForAgent(deps.pool, agent, request.params.id)
    if (!accuse) {
      return agentPage(request, reply, 'error.njk', { pageTitle: 'Accusé de réception introuvable', paragraphs: ["Cette demande n'existe pas ou n'a pas été reçue par votre organisme."], backHref: '/agent/accueil', backText: "Retourner à l'accueil d'un assuré" }, 404)
    }
    await recordRead(deps.pool, { agent, action: 'accueil_reimpression', demandeId: accuse.demandeId })
    const pdf = await renderAccuseReceptionCopy(accuse, deps.now())
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="accuse-de-reception-${accuse.numero}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf)
  })
}

type AccueilForm = { typed?: string; error?: string; result?: unknown }

function renderAccueil(request: FastifyRequest, reply: FastifyReply, form: AccueilForm, status = 200): FastifyReply {
  return agentPage(request, reply, 'agent/accueil.njk', {
    pageTitle: "Accueil d'un assuré",
    nav: 'accueil',
    typed: form.typed ?? '',
    result: form.result,
    errors: form.error ? [{ text: form.error, href: '#nir' }] : [],
    nirError: form.error ? { text: form.error, visuallyHiddenText: 'Erreur' } : undefined,
  }, status)
}
