// The service signs in two kinds of people, each through its own OpenID Connect client: assurés
// with the compte ameli, agents with the caisse's single sign-on. The demo provider plays both.
// The ameli mobile application signs the assuré in itself, as a public client of the same
// provider, and presents the access token to the JSON API, which asks the provider for which
// client it was issued (introspection) and who holds it (userinfo).
import type { DemoClient } from './demo-provider/provider.ts'
import { KIOSK_ENTRY } from '../platform/web/kiosk.ts'
import { AGENT_SCOPE, ASSURE_SCOPE, createRelyingParty, createUserInfoEndpoint, type RelyingParty, type UserInfoEndpoint } from './oidc-relying-party.ts'

export type OidcClient = { issuer: string; clientId: string; clientSecret: string }
export type RelyingParties = {
  relyingParty: RelyingParty
  agentRelyingParty: RelyingParty
  assureUserInfo: UserInfoEndpoint
  identityProviderOrigins: string[]
}

export const ASSURE_CALLBACK = '/connexion/retour'
export const AGENT_CALLBACK = '/agent/connexion/retour'

// The mobile application: a public client (no secret can be kept in an app), authorization code
// with PKCE, its redirect URI in its own private-use scheme (RFC 8252 §7.1).
export const MOBILE_CLIENT_ID = 'invalidite-mobile'
export const MOBILE_REDIRECT_URI = 'fr.ameli.invalidite:/connexion'

export function createRelyingParties(
  publicUrl: string,
  clients: { assure: OidcClient; agent: OidcClient },
  apiClientIds: readonly string[] = [MOBILE_CLIENT_ID],
): RelyingParties {
  return {
    relyingParty: createRelyingParty({ ...clients.assure, scope: ASSURE_SCOPE, redirectUri: publicUrl + ASSURE_CALLBACK, postLogoutRedirectUri: `${publicUrl}/` }),
    agentRelyingParty: createRelyingParty({ ...clients.agent, scope: AGENT_SCOPE, redirectUri: publicUrl + AGENT_CALLBACK, postLogoutRedirectUri: `${publicUrl}/agent` }),
    assureUserInfo: createUserInfoEndpoint({ ...clients.assure, apiClientIds }),
    identityProviderOrigins: [...new Set([clients.assure.issuer, clients.agent.issuer].map((issuer) => new URL(issuer).origin))],
  }
}

export function demoClients(publicUrl: string, secrets: { assure: string; agent: string }): DemoClient[] {
  return [
    { client_id: 'invalidite-en-ligne', client_secret: secrets.assure, redirect_uris: [publicUrl + ASSURE_CALLBACK], post_logout_redirect_uris: [`${publicUrl}/`, `${publicUrl}${KIOSK_ENTRY}`] },
    { client_id: 'invalidite-back-office', client_secret: secrets.agent, redirect_uris: [publicUrl + AGENT_CALLBACK], post_logout_redirect_uris: [`${publicUrl}/agent`] },
    { client_id: MOBILE_CLIENT_ID, application_type: 'native', redirect_uris: [MOBILE_REDIRECT_URI], post_logout_redirect_uris: [] },
  ]
}

export function demoOidcClients(issuer: string, secrets: { assure: string; agent: string }): { assure: OidcClient; agent: OidcClient } {
  return {
    assure: { issuer, clientId: 'invalidite-en-ligne', clientSecret: secrets.assure },
    agent: { issuer, clientId: 'invalidite-back-office', clientSecret: secrets.agent },
  }
}
