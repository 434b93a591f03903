// The service as an OpenID Connect relying party of the compte ameli (or of the demo provider).
import * as client from 'openid-client'
import { z } from 'zod'

export type RelyingParty = {
  authorizationUrl(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }>
  /** The claims of the ID token and of userinfo together, for the caller's schema to judge. */
  callback(currentUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ claims: Record<string, unknown>; idToken: string }>
  endSessionUrl(idToken: string | undefined): Promise<string>
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

export function createRelyingParty(options: { issuer: string; clientId: string; clientSecret: string; redirectUri: string; postLogoutRedirectUri: string; scope: string }): RelyingParty {
  let configuration: Promise<client.Configuration> | undefined
  // Discovery is retried on the next sign-in when the provider was not reachable.
  const discover = () => {
    configuration ??= client
      .discovery(new URL(options.issuer), options.clientId, options.clientSecret, undefined,
        options.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        configuration = undefined
        throw error
      })
    return configuration
  }
  return {
    async authorizationUrl() {
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
    async endSessionUrl(idToken) {
      const config = await discover()
      if (!config.serverMetadata().end_session_endpoint) return options.postLogoutRedirectUri
      return client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: options.postLogoutRedirectUri,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).href
    },
  }
}
