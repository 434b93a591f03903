// The service as an OpenID Connect relying party of the compte ameli (or of the demo provider).
import * as client from 'openid-client'
import { z } from 'zod'

export type RelyingParty = {
  /** forceLogin: the provider asks for the credentials even within an open session of its own (prompt=login). */
  authorizationUrl(options?: { forceLogin?: boolean }): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }>
  /** The claims of the ID token and of userinfo together, for the caller's schema to judge. */
  callback(currentUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ claims: Record<string, unknown>; idToken: string }>
  /** postLogoutRedirectUri: one of those registered with the provider; the client's default otherwise. */
  endSessionUrl(idToken: string | undefined, postLogoutRedirectUri?: string): Promise<string>
}

const address = z.object({
  street_address: z.string().optional(),
  postal_code: z.string().optional(),
  locality: z.string().optional(),
  country: z.string().optional(),
})

export const assureClaimsSchema = z.object({
  sub: z.string().min(1),
  nir: z.string().min(13),
  family_name: z.string().min(1),
  given_name: z.string().min(1),
  birthdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  caisse: z.string().min(2),
  email: z.string().optional(),
  phone_number: z.string().optional(),
  address: address.optional(),
})
export type AssureClaims = z.infer<typeof assureClaimsSchema>
export const ASSURE_SCOPE = 'openid profile email phone address ameli'

export const agentClaimsSchema = z.object({
  sub: z.string().min(1),
  family_name: z.string().min(1),
  given_name: z.string().min(1),
  role: z.enum(['accueil', 'technicien', 'superviseur']),
  organisme: z.string().min(2),
})
export type AgentClaims = z.infer<typeof agentClaimsSchema>
export const AGENT_SCOPE = 'openid profile agent'

type ClientRegistration = { issuer: string; clientId: string; clientSecret: string }

export function createRelyingParty(options: ClientRegistration & { redirectUri: string; postLogoutRedirectUri: string; scope: string }): RelyingParty {
  const discover = lazyDiscovery(options)
  return {
    async authorizationUrl({ forceLogin = false } = {}) {
      const config = await discover()
      const codeVerifier = client.randomPKCECodeVerifier()
      const state = client.randomState()
      const nonce = client.randomNonce()
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(forceLogin ? { prompt: 'login' } : {}),
      })
      return { url: url.href, state, nonce, codeVerifier }
    },
    async callback(currentUrl, checks) {
      const config = await discover()
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
      })
      const idClaims = tokens.claims()
      if (!idClaims) throw new Error('no id_token')
      const userInfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
      return { claims: { ...idClaims, ...userInfo }, idToken: tokens.id_token ?? '' }
    },
    async endSessionUrl(idToken, postLogoutRedirectUri = options.postLogoutRedirectUri) {
      const config = await discover()
      if (!config.serverMetadata().end_session_endpoint) return postLogoutRedirectUri
      return client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirectUri,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).href
    },
  }
}

/**
 * The provider's judgement of an access token presented to the JSON API: introspection (RFC 7662)
 * says whether it is active and for which client it was issued; userinfo says who holds it.
 */
export type UserInfoEndpoint = {
  issuer: string
  /**
   * The claims of the token's holder, or null when the provider refuses the token (unknown,
   * expired, revoked) or when it was issued to a client other than `apiClientIds`.
   */
  claims(accessToken: string): Promise<Record<string, unknown> | null>
}

/**
 * `apiClientIds`: the clients whose tokens the API honours (the mobile application). Checked by
 * introspection, with the service's own client credentials, when the provider offers it; a provider
 * without an introspection endpoint leaves only userinfo, which does not say the token's client.
 */
export function createUserInfoEndpoint(registration: ClientRegistration & { apiClientIds: readonly string[] }): UserInfoEndpoint {
  const discover = lazyDiscovery(registration)
  return {
    issuer: registration.issuer,
    async claims(accessToken) {
      const config = await discover()
      try {
        if (config.serverMetadata().introspection_endpoint) {
          const introspection = await client.tokenIntrospection(config, accessToken)
          if (!introspection.active || !registration.apiClientIds.includes(String(introspection.client_id))) return null
        }
        return await client.fetchUserInfo(config, accessToken, client.skipSubjectCheck)
      } catch (error) {
        if (isRefusedToken(error)) return null
        throw error
      }
    },
  }
}

// The provider answers 401 (WWW-Authenticate: Bearer error="invalid_token") or 403 for a token it
// does not honour; anything else (unreachable, 5xx) is its failure, not the token's.
function isRefusedToken(error: unknown): boolean {
  const refused = error instanceof client.WWWAuthenticateChallengeError || error instanceof client.ResponseBodyError
  return refused && (error.status === 401 || error.status === 403)
}

// Discovery is retried on the next use when the provider was not reachable.
function lazyDiscovery(registration: ClientRegistration): () => Promise<client.Configuration> {
  let configuration: Promise<client.Configuration> | undefined
  return () => {
    configuration ??= client
      .discovery(new URL(registration.issuer), registration.clientId, registration.clientSecret, undefined,
        registration.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        configuration = undefined
        throw error
      })
    return configuration
  }
}
