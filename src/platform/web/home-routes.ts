import type { FastifyInstance } from 'fastify'

export function registerHomeRoutes(app: FastifyInstance): void {
  app.get('/', async (request, reply) => reply.page('home.njk', { pageTitle: "Demander une pension d'invalidité" }))
  app.get('/sante', async (request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }))
}
