// The JSON API of the ameli mobile application, under /api: its OpenAPI document at
// /api/openapi.json, its operations under /api/v1 behind a rate limit and a bearer token. No
// session, no cookie, no CSRF token; every answer is JSON, a refusal a French problem (RFC 9457).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Pool } from '../platform/db/pool.ts'
import { logServerFailure } from '../platform/web/app.ts'
import type { UserInfoEndpoint } from '../identity/oidc-relying-party.ts'
import { createBearerAuthenticator, requireBearer } from './bearer-auth.ts'
import { demarcheOperations } from './demarche-operations.ts'
import { justificatifsOperations } from './justificatifs-operations.ts'
import { demandeOperations } from './demande-operations.ts'
import { messagerieOperations } from './messagerie-operations.ts'
import { serveOperations } from './operation.ts'
import { API_VERSION_PATH, buildOpenApiDocument } from './openapi.ts'
import { problems, sendProblem } from './problems.ts'

// Per client address: far above what an app does for one person, low enough to hold back a script
// (and the identity provider's userinfo endpoint behind it).
const REQUESTS_PER_MINUTE = 300

export type ApiDeps = { pool: Pool; assureUserInfo: UserInfoEndpoint; now: () => Date }

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const operations = [...demarcheOperations(deps), ...justificatifsOperations(deps), ...demandeOperations(deps), ...messagerieOperations(deps)]
  const document = buildOpenApiDocument(operations, { issuer: deps.assureUserInfo.issuer })
  const authenticate = createBearerAuthenticator({ pool: deps.pool, userInfo: deps.assureUserInfo })

  app.register(async (api) => {
    api.setErrorHandler(sendErrorAsProblem)
    api.setNotFoundHandler((request, reply) => sendProblem(reply, problems.notFound("Cette adresse n'existe pas dans l'API : voyez /api/openapi.json.")))
    api.get('/openapi.json', async (request, reply) => reply.header('cache-control', 'no-cache').send(document))

    api.register(async (v1) => {
      v1.addHook('onRequest', async (request, reply) => void reply.header('cache-control', 'no-store'))
      v1.addHook('onRequest', v1.rateLimit({ max: REQUESTS_PER_MINUTE, timeWindow: '1 minute' }))
      v1.addHook('onRequest', requireBearer(authenticate))
      serveOperations(v1, operations)
    }, { prefix: API_VERSION_PATH.slice('/api'.length) })
  }, { prefix: '/api' })
}

function sendErrorAsProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.statusCode === 429) return sendProblem(reply, problems.tooManyRequests())
  if (error.statusCode === 413) return sendProblem(reply, problems.tooLarge())
  if (error.statusCode === 415) return sendProblem(reply, problems.unsupportedMediaType())
  if (error.statusCode && error.statusCode < 500) return sendProblem(reply, problems.badRequest("La requête n'a pas pu être lue : son corps doit être un JSON valide, ou un formulaire multipart pour les fichiers."))
  return sendProblem(reply, logServerFailure(request, error) ? problems.unavailable() : problems.serverError())
}
