// Who calls the JSON API: the assuré whose access token, issued by the compte ameli to the mobile
// application, the identity provider's userinfo endpoint honours. Its claims refresh the assuré's
// row as a web sign-in does. The answer is kept a minute under a hash of the token, so that a burst
// of calls asks the provider once; the token itself is neither kept nor logged.
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { assureClaimsSchema, type UserInfoEndpoint } from '../identity/oidc-relying-party.ts'
import { upsertAssureFromClaims } from '../identity/assure-repository.ts'
import { isDatabaseUnavailable, type Pool } from '../platform/db/pool.ts'
import { problems, sendProblem } from './problems.ts'

export type Bearer = { ok: true; assureId: string } | { ok: false; reason: 'token-refused' | 'not-an-assure' }

const CACHE_MS = 60_000
const CACHE_ENTRIES = 10_000

export function createBearerAuthenticator(deps: { pool: Pool; userInfo: UserInfoEndpoint }): (accessToken: string) => Promise<Bearer> {
  const cache = new Map<string, { until: number; bearer: Promise<Bearer> }>()

  async function identify(accessToken: string): Promise<Bearer> {
    const claims = await deps.userInfo.claims(accessToken)
    if (!claims) return { ok: false, reason: 'token-refused' }
    const parsed = assureClaimsSchema.safeParse(claims)
    if (!parsed.success) return { ok: false, reason: 'not-an-assure' }
    return { ok: true, assureId: await upsertAssureFromClaims(deps.pool, parsed.data) }
  }

  return (accessToken) => {
    const key = createHash('sha256').update(accessToken).digest('base64url')
    const cached = cache.get(key)
    if (cached && cached.until > Date.now()) return cached.bearer
    cache.delete(key)
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
    const bearer = identify(accessToken)
    cache.set(key, { until: Date.now() + CACHE_MS, bearer })
    // The provider out of reach is no answer about the token: ask again next time.
    bearer.catch(() => cache.delete(key))
    return bearer
  }
}

const assureOf = new WeakMap<FastifyRequest, string>()

/** onRequest hook of the API's routes: no valid bearer token, no further. */
export function requireBearer(authenticate: (accessToken: string) => Promise<Bearer>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = /^Bearer +([\x21-\x7e]+) *$/i.exec(request.headers.authorization ?? '')?.[1]
    if (!token) {
      await sendProblem(reply.header('www-authenticate', 'Bearer realm="invalidite-en-ligne"'), problems.tokenMissing())
      return
    }
    let bearer: Bearer
    try {
      bearer = await authenticate(token)
    } catch (error) {
      // The provider answered but the assuré's row could not be written: the database is the one down.
      if (isDatabaseUnavailable(error as Error)) {
        await sendProblem(reply, problems.unavailable())
        return
      }
      request.log.warn({ err: { type: (error as Error).name, message: (error as Error).message } }, 'userinfo unreachable')
      await sendProblem(reply, problems.identityProviderUnavailable())
      return
    }
    if (bearer.ok) {
      assureOf.set(request, bearer.assureId)
      return
    }
    if (bearer.reason === 'not-an-assure') {
      await sendProblem(reply, problems.notAnAssure())
      return
    }
    await sendProblem(reply.header('www-authenticate', 'Bearer realm="invalidite-en-ligne", error="invalid_token"'), problems.tokenRefused())
  }
}

export function bearerAssureId(request: FastifyRequest): string {
  const assureId = assureOf.get(request)
  if (!assureId) throw new Error('requireBearer must guard this route')
  return assureId
}
