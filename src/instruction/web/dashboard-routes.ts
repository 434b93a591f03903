// The superviseur's pages: the dashboard of their organisme (charts drawn on the server, each with
// its figures in a table) and the GED deposits that stopped trying, with « Relancer ».
import type { FastifyInstance } from 'fastify'
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { agentSignedIn, currentAgent } from '../../platform/web/app.ts'
import { listFailedDeposits, relaunchDeposit } from '../../documents/ged/failed-deposits.ts'
import { todayInParis } from '../../shared/dates.ts'
import { recordAudit } from '../audit-log.ts'
import { loadDashboardFigures } from '../infrastructure/dashboard-figures.ts'
import { agentPage } from './back-office.ts'
import { dashboardCharts } from './dashboard-charts.ts'

const superviseur = { preHandler: agentSignedIn('superviseur') }

export function registerDashboardRoutes(app: FastifyInstance, deps: { pool: Pool; now: () => Date }): void {
  app.get('/agent/tableau-de-bord', superviseur, async (request, reply) => {
    const today = todayInParis(deps.now())
    const figures = await loadDashboardFigures(deps.pool, currentAgent(request).organismeCode, today)
    return agentPage(request, reply, 'agent/tableau-de-bord.njk', { pageTitle: 'Tableau de bord', nav: 'tableau-de-bord', today, charts: dashboardCharts(figures, today) })
  })

  app.get<{ Querystring: { relance?: string } }>('/agent/depots-en-echec', superviseur, async (request, reply) => {
    const deposits = await listFailedDeposits(deps.pool, currentAgent(request).organismeCode)
    return agentPage(request, reply, 'agent/depots-en-echec.njk', { pageTitle: 'Dépôts GED en échec', nav: 'depots', deposits, relance: request.query.relance })
  })

  app.post<{ Params: { id: string } }>('/agent/depots-en-echec/:id/relancer', superviseur, async (request, reply) => {
    const agent = currentAgent(request)
    const deposit = (await listFailedDeposits(deps.pool, agent.organismeCode)).find((each) => each.id === request.params.id)
    if (!deposit) {
      return agentPage(request, reply, 'error.njk', { pageTitle: 'Dépôt introuvable', paragraphs: ["Ce dépôt n'existe pas, n'est plus en échec ou ne concerne pas votre organisme."], backHref: '/agent/depots-en-echec', backText: 'Retourner aux dépôts en échec' }, 404)
    }
    const relaunched = await withTransaction(deps.pool, async (tx) => {
      if (!(await relaunchDeposit(tx, agent.organismeCode, deposit.id))) return false
      await recordAudit(tx, { agent, action: 'relancer_depot', demandeId: deposit.demandeId, details: { depositId: deposit.id, documentType: deposit.documentType } })
      return true
    })
    return reply.redirect(`/agent/depots-en-echec?relance=${relaunched ? 'ok' : 'deja'}`, 303)
  })
}
