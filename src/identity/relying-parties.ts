// The service signs in two kinds of people, each through its own OpenID Connect client: assurés
// with the compte ameli, agents with the caisse's single sign-on. The demo provider plays both.
import type { DemoClient } from './demo-provider/provider.ts'
import { AGENT_SCOPE, ASSURE_SCOPE, createRelyingParty, type RelyingParty } from './oidc-relying-party.ts'

export type OidcClient = { issuer: string; clientId: string; clientSecret: string }
export type RelyingParties = { relyingParty: RelyingParty; agentRelyingParty: RelyingParty; identityProviderOrigins: string[] }

export const ASSURE_CALLBACK = '/connexion/retour'
export const AGENT_CALLBACK = '/agent/connexion/retour'

export function createRelyingParties(publicUrl: string, clients: { assure: OidcClient; agent: OidcClient }): RelyingParties {
  return {
    relyingParty: createRelyingParty({ ...clients.assure, scope: ASSURE_SCOPE, redirectUri: publicUrl + ASSURE_CALLBACK, postLogoutRedirectUri: `${publicUrl}/` }),
    agentRelyingParty: createRelyingParty({ ...clients.agent, scope: AGENT_SCOPE, redirectUri: publicUrl + AGENT_CALLBACK, postLogoutRedirectUri: `${publicUrl}/agent` }),
    identityProviderOrigins: [...new Set([clients.assure.issuer, clients.agent.issuer].map((issuer) => new URL(issuer).origin))],
  }
}

export function demoClients(publicUrl: string, secrets: { assure: string; agent: string }): DemoClient[] {
  return [
    { client_id: 'invalidite-en-ligne', client_secret: secrets.assure, redirect_uris: [publicUrl + ASSURE_CALLBACK], post_logout_redirect_uris: [`${publicUrl}/`] },
    { client_id: 'invalidite-back-office', client_secret: secrets.agent, redirect_uris: [publicUrl + AGENT_CALLBACK], post_logout_redirect_uris: [`${publicUrl}/agent`] },
  ]
}

export function demoOidcClients(issuer: string, secrets: { assure: string; agent: string }): { assure: OidcClient; agent: OidcClient } {
  return {
    assure: { issuer, clientId: 'invalidite-en-ligne', clientSecret: secrets.assure },
    agent: { issuer, clientId: 'invalidite-back-office', clientSecret: secrets.agent },
  }
}
