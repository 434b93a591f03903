import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { authenticate, type AccountOptions } from './authenticate.ts';
import { contentSecurityPolicy, loginPage, messagePage, type FieldError } from './pages.ts';

const MAX_BODY_BYTES = 10_000;

/**
 * The sign-in step of an authorization request, at /interaction/:uid.
 *
 * CSRF: oidc-provider finds the interaction from its signed, SameSite=Lax `_interaction`
 * cookie, scoped to this path; the uid in the URL must name that same interaction, and a
 * cross-origin `Origin` header is refused. A forged cross-site POST carries no cookie.
 */
export async function handleLoginInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  stylesheetHref: string | undefined,
  accountOptions: AccountOptions = {},
): Promise<void> {
  const send = (status: number, html: string) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(stylesheetHref),
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
  const showLogin = (status: number, login: string, fieldErrors: FieldError[]) =>
    send(status, loginPage({ action: `/interaction/${uid}`, login, errors: fieldErrors, stylesheetHref }));

  try {
    if (req.method === 'POST' && !isSameOrigin(req, provider.issuer)) {
      return send(403, messagePage('Demande refusée', ['Ce formulaire doit être envoyé depuis la page de connexion.'], stylesheetHref));
    }
    const interaction = await provider.interactionDetails(req, res);
    if (interaction.uid !== uid) throw new errors.SessionNotFound('interaction uid mismatch');

    if (req.method === 'GET' || req.method === 'HEAD') return showLogin(200, '', []);
    if (req.method !== 'POST') return send(405, messagePage('Méthode non acceptée', ['Utilisez le formulaire de connexion.'], stylesheetHref));

    const form = new URLSearchParams(await readBody(req));
    const login = form.get('login') ?? '';
    const password = form.get('password') ?? '';
    const fieldErrors = validate(login, password);
    if (fieldErrors.length) return showLogin(400, login, fieldErrors);

    const account = authenticate(login, password, accountOptions);
    if (!account) {
      return showLogin(400, login, [{
        field: 'identifiant',
        message: 'L’identifiant ou le mot de passe est incorrect. Vérifiez-les : les comptes de démonstration sont listés plus bas.',
      }]);
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.sub, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
  } catch (error) {
    if (res.headersSent) return void res.end();
    if (error instanceof errors.SessionNotFound) {
      return send(400, messagePage('Votre demande de connexion a expiré', [
        'Retournez sur le service et cliquez de nouveau sur « Se connecter ».',
      ], stylesheetHref));
    }
    console.error('demo-provider: interaction failed', error);
    send(500, messagePage('Une erreur est survenue', ['Réessayez dans quelques instants.'], stylesheetHref));
  }
}

function validate(login: string, password: string): FieldError[] {
  const fieldErrors: FieldError[] = [];
  if (!login.trim()) fieldErrors.push({ field: 'identifiant', message: 'Saisissez votre identifiant, par exemple assure.93' });
  if (!password) fieldErrors.push({ field: 'mot-de-passe', message: 'Saisissez votre mot de passe' });
  return fieldErrors;
}

function isSameOrigin(req: IncomingMessage, issuer: string): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === new URL(issuer).origin;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('interaction form too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
