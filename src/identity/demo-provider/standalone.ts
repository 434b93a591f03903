/**
 * The demo identity provider on its own: `node src/identity/demo-provider/standalone.ts`.
 * Clients come from DEMO_IDP_CLIENTS_JSON (an array of {client_id, client_secret,
 * redirect_uris, post_logout_redirect_uris}) or from CLIENT_ID, CLIENT_SECRET, REDIRECT_URI
 * and optionally POST_LOGOUT_REDIRECT_URI. DEMO_IDP_BENCH_ACCOUNTS=on adds the load bench's
 * generated accounts (bench-000001…, bench-accounts.ts).
 */
import { z } from 'zod';
import { DEMO_PASSWORD, demoAccounts } from './accounts.ts';
import { startDemoProvider, type DemoClient } from './provider.ts';

z.config(z.locales.fr());

const clientSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  redirect_uris: z.array(z.url()).min(1),
  post_logout_redirect_uris: z.array(z.url()).default([]),
});

const envSchema = z.object({
  DEMO_IDP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DEMO_IDP_HOST: z.string().default('127.0.0.1'),
  DEMO_IDP_ISSUER: z.url().optional(),
  DEMO_IDP_STYLESHEET_HREF: z.string().optional(),
  DEMO_IDP_CLIENTS_JSON: z.string().optional(),
  CLIENT_ID: z.string().optional(),
  CLIENT_SECRET: z.string().optional(),
  REDIRECT_URI: z.url().optional(),
  POST_LOGOUT_REDIRECT_URI: z.url().optional(),
  DEMO_IDP_BENCH_ACCOUNTS: z.enum(['on', 'off']).default('off'),
});

function clientsFrom(env: z.infer<typeof envSchema>): z.ZodSafeParseResult<DemoClient[]> {
  if (env.DEMO_IDP_CLIENTS_JSON) {
    let json: unknown;
    try {
      json = JSON.parse(env.DEMO_IDP_CLIENTS_JSON);
    } catch {
      json = undefined;
    }
    return z.array(clientSchema).min(1, 'DEMO_IDP_CLIENTS_JSON doit être un tableau JSON d’au moins un client').safeParse(json);
  }
  return z.array(clientSchema).safeParse([{
    client_id: env.CLIENT_ID,
    client_secret: env.CLIENT_SECRET,
    redirect_uris: env.REDIRECT_URI ? [env.REDIRECT_URI] : [],
    post_logout_redirect_uris: env.POST_LOGOUT_REDIRECT_URI ? [env.POST_LOGOUT_REDIRECT_URI] : [],
  }]);
}

function exitWith(title: string, error: z.ZodError): never {
  console.error(`${title}\n${z.prettifyError(error)}`);
  console.error('Définissez DEMO_IDP_CLIENTS_JSON, ou CLIENT_ID, CLIENT_SECRET et REDIRECT_URI.');
  process.exit(1);
}

const env = envSchema.safeParse(process.env);
if (!env.success) exitWith('Configuration du fournisseur d’identité de démonstration invalide :', env.error);
const clients = clientsFrom(env.data);
if (!clients.success) exitWith('Clients du fournisseur d’identité de démonstration invalides :', clients.error);

const provider = await startDemoProvider({
  port: env.data.DEMO_IDP_PORT,
  host: env.data.DEMO_IDP_HOST,
  issuer: env.data.DEMO_IDP_ISSUER,
  clients: clients.data,
  stylesheetHref: env.data.DEMO_IDP_STYLESHEET_HREF,
  benchAccounts: env.data.DEMO_IDP_BENCH_ACCOUNTS === 'on',
});

console.log(`Fournisseur d’identité de démonstration : ${provider.issuer}`);
console.log(`Mot de passe de tous les comptes : « ${DEMO_PASSWORD} »`);
for (const account of demoAccounts) console.log(`  ${account.login.padEnd(12)} ${account.persona}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log('Arrêt du fournisseur d’identité de démonstration.');
    void provider.close().then(() => process.exit(0));
  });
}
