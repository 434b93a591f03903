import { DEMO_PASSWORD, demoAccounts, type DemoAccount } from './accounts.ts';

/** Pages of the demo provider: GOV.UK Frontend markup, no inline script or style. */

export interface FieldError {
  field: 'identifiant' | 'mot-de-passe';
  message: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function layout(title: string, stylesheetHref: string | undefined, content: string): string {
  const stylesheet = stylesheetHref
    ? `<link rel="stylesheet" href="${escapeHtml(stylesheetHref)}">`
    : '';
  return `<!DOCTYPE html>
<html lang="fr" class="govuk-template">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} – compte ameli (démonstration)</title>
  ${stylesheet}
</head>
<body class="govuk-template__body">
  <a href="#contenu" class="govuk-skip-link">Aller au contenu</a>
  <div class="govuk-width-container">
    <header class="govuk-phase-banner">
      <p class="govuk-phase-banner__content">
        <strong class="govuk-tag govuk-phase-banner__content__tag">Démo</strong>
        <span class="govuk-phase-banner__text">Fournisseur d’identité de démonstration&nbsp;: comptes fictifs, aucune donnée réelle.</span>
      </p>
    </header>
    <main class="govuk-main-wrapper" id="contenu">
${content}
    </main>
  </div>
</body>
</html>`;
}

function errorSummary(errors: FieldError[]): string {
  if (errors.length === 0) return '';
  const items = errors
    .map(({ field, message }) => `<li><a href="#${field}">${escapeHtml(message)}</a></li>`)
    .join('');
  return `<div class="govuk-error-summary">
  <div role="alert">
    <h2 class="govuk-error-summary__title">Il y a un problème</h2>
    <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">${items}</ul></div>
  </div>
</div>`;
}

interface InputSpec {
  id: FieldError['field'];
  name: string;
  label: string;
  type: 'text' | 'password';
  autocomplete: string;
  value: string;
}

function input(spec: InputSpec, errors: FieldError[]): string {
  const error = errors.find(({ field }) => field === spec.id);
  const errorId = `${spec.id}-erreur`;
  const errorMessage = error
    ? `<p id="${errorId}" class="govuk-error-message"><span class="govuk-visually-hidden">Erreur&nbsp;:</span> ${escapeHtml(error.message)}</p>`
    : '';
  return `<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
  <label class="govuk-label" for="${spec.id}">${spec.label}</label>
  ${errorMessage}
  <input class="govuk-input govuk-!-width-one-half${error ? ' govuk-input--error' : ''}" id="${spec.id}" name="${spec.name}" type="${spec.type}" autocomplete="${spec.autocomplete}" spellcheck="false" autocapitalize="none" value="${escapeHtml(spec.value)}"${error ? ` aria-describedby="${errorId}"` : ''}>
</div>`;
}

function accountsList(): string {
  const rows = (kind: DemoAccount['kind']) => demoAccounts
    .filter((account) => account.kind === kind)
    .map(({ login, persona, claims }) => `<div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key"><code>${escapeHtml(login)}</code></dt>
        <dd class="govuk-summary-list__value">${escapeHtml(`${claims.given_name} ${claims.family_name}`)}<br>${escapeHtml(persona)}</dd>
      </div>`)
    .join('');
  return `<h2 class="govuk-heading-m">Comptes de démonstration</h2>
  <p class="govuk-body">Mot de passe de tous les comptes&nbsp;: <code>${DEMO_PASSWORD}</code></p>
  <h3 class="govuk-heading-s">Assurés (compte ameli)</h3>
  <dl class="govuk-summary-list">${rows('assure')}</dl>
  <h3 class="govuk-heading-s">Agents de la caisse (espace agents)</h3>
  <dl class="govuk-summary-list">${rows('agent')}</dl>`;
}

export function loginPage(options: {
  action: string;
  login: string;
  errors: FieldError[];
  stylesheetHref: string | undefined;
}): string {
  const { action, login, errors, stylesheetHref } = options;
  const title = `${errors.length ? 'Erreur\u00a0: ' : ''}Se connecter`;
  return layout(title, stylesheetHref, `
      ${errorSummary(errors)}
      <h1 class="govuk-heading-l">Se connecter à votre compte ameli (démonstration)</h1>
      <form method="post" action="${escapeHtml(action)}" novalidate>
        ${input({ id: 'identifiant', name: 'login', label: 'Identifiant', type: 'text', autocomplete: 'username', value: login }, errors)}
        ${input({ id: 'mot-de-passe', name: 'password', label: 'Mot de passe', type: 'password', autocomplete: 'current-password', value: '' }, errors)}
        <button type="submit" class="govuk-button">Se connecter</button>
      </form>
      ${accountsList()}`);
}

/** `form` is oidc-provider's hidden form (with its anti-CSRF token); the buttons submit it. */
export function logoutPage(form: string, stylesheetHref: string | undefined): string {
  return layout('Se déconnecter', stylesheetHref, `
      <h1 class="govuk-heading-l">Voulez-vous vous déconnecter de votre compte ameli (démonstration) ?</h1>
      ${form}
      <div class="govuk-button-group">
        <button type="submit" form="op.logoutForm" name="logout" value="yes" class="govuk-button">Oui, me déconnecter</button>
        <button type="submit" form="op.logoutForm" class="govuk-button govuk-button--secondary">Non, rester connecté</button>
      </div>`);
}

export function messagePage(
  title: string,
  paragraphs: string[],
  stylesheetHref: string | undefined,
): string {
  const body = paragraphs.map((text) => `<p class="govuk-body">${escapeHtml(text)}</p>`).join('');
  return layout(title, stylesheetHref, `
      <h1 class="govuk-heading-l">${escapeHtml(title)}</h1>
      ${body}`);
}

/**
 * The pages' Content-Security-Policy: no script at all, styles, fonts and images only from
 * this origin and from the origin of the service's stylesheet.
 */
export function contentSecurityPolicy(stylesheetHref: string | undefined): string {
  const origin = stylesheetHref && URL.canParse(stylesheetHref) ? new URL(stylesheetHref).origin : '';
  const sources = `'self' ${origin}`.trim();
  return [
    "default-src 'self'",
    `style-src ${sources}`,
    `font-src ${sources}`,
    `img-src ${sources}`,
    "frame-ancestors 'none'",
  ].join('; ');
}
