// The service as an OpenID Connect relying party of the compte ameli (or of the demo provider).
import * as client from 'openid-client'
import { z } from 'zod'

export type RelyingParty = {
  authorizationUrl(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }>
  callback(currentUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ claims: AssureClaims; idToken: string }>
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

export function createRelyingParty(options: { issuer: string; clientId: string; clientSecret: string; redirectUri: string; postLogoutRedirectUri: string }): RelyingParty {
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
        scope: 'openid profile email phone address ameli',
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
      return { claims: assureClaimsSchema.parse({ ...idClaims, ...userInfo }), idToken: tokens.id_token ?? '' }
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
