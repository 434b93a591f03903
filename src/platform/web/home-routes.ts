import type { FastifyInstance } from 'fastify'
import type { Pool } from '../db/pool.ts'

export function registerHomeRoutes(app: FastifyInstance, deps: { pool: Pool }): void {
  app.get('/', async (request, reply) => reply.page('home.njk', { pageTitle: "Demander une pension d'invalidité" }))
  app.get('/accessibilite', async (request, reply) => reply.page('accessibilite.njk', { pageTitle: "Déclaration d'accessibilité" }))
  app.get('/donnees-personnelles', async (request, reply) => reply.page('donnees-personnelles.njk', { pageTitle: 'Données personnelles' }))
  // Health for the load balancer: this instance answers and reaches its database.
  app.get('/sante', async (request, reply) => {
    const database = await deps.pool.query('select 1').then(() => true, () => false)
    return reply.code(database ? 200 : 503).header('cache-control', 'no-store').send({ status: database ? 'ok' : 'indisponible', database })
  })
}
