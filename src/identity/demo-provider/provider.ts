import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { findDemoAccount } from './authenticate.ts';
import { handleLoginInteraction } from './login-interaction.ts';
import { memoryAdapter } from './memory-adapter.ts';
import { contentSecurityPolicy, logoutPage, messagePage } from './pages.ts';

export interface DemoClient {
  client_id: string;
  /** None for a public client (a mobile application): PKCE alone binds the code to it. */
  client_secret?: string;
  /** 'native' lets a mobile application register its own URI scheme as redirect URI (RFC 8252). */
  application_type?: 'web' | 'native';
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
}

export interface DemoProviderOptions {
  /** An origin such as http://127.0.0.1:3001: the provider serves its routes at the root. */
  issuer: string;
  clients: DemoClient[];
  /** URL of the service's compiled GOV.UK Frontend stylesheet; its origin joins the CSP. */
  stylesheetHref?: string;
  /** The load bench's generated accounts (bench-accounts.ts) can sign in too: never in production. */
  benchAccounts?: boolean;
}

/** Claims released for each scope; `ameli` carries the assurance maladie identifiers. */
const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['given_name', 'family_name', 'birthdate'],
  email: ['email'],
  phone: ['phone_number'],
  address: ['address'],
  ameli: ['nir', 'caisse'],
  agent: ['role', 'organisme'],
};

/** The scope a relying party asks for to receive every claim of a demo account. */
export const DEMO_SCOPE = Object.keys(SCOPE_CLAIMS).join(' ');

const INTERACTION_PATH = /^\/interaction\/([\w-]+)$/;

/**
 * An OpenID Connect provider for the demo accounts: authorization code flow with PKCE (S256)
 * for every client, client_secret_post at the token endpoint (none for a public client), no
 * consent page, RP-initiated logout. The claims of the requested scopes arrive both in the ID token and at userinfo.
 */
export function createDemoProvider(options: DemoProviderOptions): {
  callback: (req: IncomingMessage, res: ServerResponse) => void;
} {
  const provider = new Provider(options.issuer, configuration(options));
  const oidc = provider.callback();
  return {
    callback(req, res) {
      const uid = INTERACTION_PATH.exec(req.url?.split('?')[0] ?? '')?.[1];
      if (uid) void handleLoginInteraction(provider, req, res, uid, options.stylesheetHref, { benchAccounts: options.benchAccounts });
      else oidc(req, res);
    },
  };
}

function configuration({ clients, stylesheetHref, benchAccounts }: DemoProviderOptions): Configuration {
  const html = (ctx: KoaContextWithOIDC, body: string) => {
    ctx.type = 'html';
    ctx.set('Content-Security-Policy', contentSecurityPolicy(stylesheetHref));
    ctx.body = body;
  };
  const policy = interactionPolicy.base();
  policy.remove('consent');
  const hour = 3600;

  return {
    adapter: memoryAdapter(),
    clients: clients.map((client) => ({
      ...client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: client.client_secret ? 'client_secret_post' : 'none',
    })),
    claims: SCOPE_CLAIMS,
    scopes: ['openid'],
    // Scope claims go in the ID token too, not only at the userinfo endpoint.
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [signingKey()] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      // The JSON API asks, with the service's own client, for which client a token was issued.
      introspection: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => html(ctx, logoutPage(form, stylesheetHref)),
        postLogoutSuccessSource: async (ctx) =>
          html(ctx, messagePage('Vous êtes déconnecté', ['Vous pouvez fermer cette page.'], stylesheetHref)),
      },
    },
    interactions: { policy, url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: grantEverythingRequested,
    findAccount: async (_ctx, sub) => {
      const account = findDemoAccount(sub, { benchAccounts });
      return account && { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
    },
    renderError: async (ctx, out) =>
      html(ctx, messagePage('La connexion n’a pas abouti', [
        'Retournez sur le service et recommencez. Si le problème persiste, signalez le code ci-dessous.',
        `Code\u00a0: ${out.error}${out.error_description ? ` (${out.error_description})` : ''}`,
      ], stylesheetHref)),
    ttl: { AccessToken: hour, AuthorizationCode: 60, IdToken: hour, Interaction: hour, Session: 8 * hour, Grant: 8 * hour },
  };
}

/** No consent page: the registered clients are the caisse's own services. */
async function grantEverythingRequested(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = session.grantIdFor(client.clientId);
  const grant = (grantId && (await provider.Grant.find(grantId)))
    || new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
  grant.addOIDCScope(ctx.oidc.requestParamScopes);
  grant.addOIDCClaims(ctx.oidc.requestParamClaims);
  await grant.save();
  return grant;
}

function signingKey(): object {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' };
}

export async function startDemoProvider(options: {
  port: number;
  host: string;
  issuer?: string;
  clients: DemoClient[];
  stylesheetHref?: string;
  benchAccounts?: boolean;
}): Promise<{ issuer: string; close(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = options.issuer ?? `http://${hostForUrl(options.host)}:${port}`;
  server.on('request', createDemoProvider({ ...options, issuer }).callback);
  return { issuer, close: () => close(server) };
}

/** A wildcard address is no place to send a browser to: name the machine itself instead. */
function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
