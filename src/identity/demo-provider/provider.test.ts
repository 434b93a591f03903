import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { departementFromPostalCode, findCaisse } from '../../shared/caisses.ts';
import { validateNir } from '../../shared/identifiers/nir.ts';
import { DEMO_PASSWORD, demoAccounts, demoAssures } from './accounts.ts';
import { authenticate } from './authenticate.ts';
import { benchAccount, benchLogin } from './bench-accounts.ts';
import { DEMO_SCOPE, startDemoProvider } from './provider.ts';
import { TestBrowser } from './test-browser.ts';

const client = {
  client_id: 'invalidite-en-ligne',
  client_secret: 'secret-de-test',
  redirect_uris: ['http://127.0.0.1:1/connexion/retour'],
  post_logout_redirect_uris: ['http://127.0.0.1:1/deconnexion'],
};
const [redirectUri = ''] = client.redirect_uris;
const [postLogoutRedirectUri = ''] = client.post_logout_redirect_uris;

let provider: Awaited<ReturnType<typeof startDemoProvider>>;
let config: oidc.Configuration;

before(async () => {
  provider = await startDemoProvider({ port: 0, host: '127.0.0.1', clients: [client] });
  config = await oidc.discovery(new URL(provider.issuer), client.client_id, client.client_secret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
});

after(() => provider.close());

/** Starts an authorization request and returns the login page it leads to. */
async function openLoginPage(browser: TestBrowser) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: DEMO_SCOPE,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  const { response, url } = await browser.follow(await browser.request(authorizationUrl), authorizationUrl, redirectUri);
  assert.equal(response.status, 200);
  return { page: await response.text(), url, codeVerifier, state, csp: response.headers.get('content-security-policy') };
}

function submitLogin(browser: TestBrowser, page: string, login: string, password: string) {
  return browser.submitLogin(page, new URL(provider.issuer), login, password);
}

async function signIn(login: string) {
  const browser = new TestBrowser();
  const { page, url, codeVerifier, state } = await openLoginPage(browser);
  const submitted = await submitLogin(browser, page, login, DEMO_PASSWORD);
  const callback = await browser.follow(submitted, url, redirectUri);
  assert.ok(callback.url.href.startsWith(redirectUri), `redirected back to the client, not ${callback.url}`);
  const tokens = await oidc.authorizationCodeGrant(config, callback.url, { pkceCodeVerifier: codeVerifier, expectedState: state });
  return { browser, tokens };
}

describe('demo identity provider', () => {
  it('serves a French, script-free login page listing the demo accounts', async () => {
    const { page, csp } = await openLoginPage(new TestBrowser());
    assert.match(page, /<html lang="fr"/);
    assert.match(page, /<h1[^>]*>Se connecter à votre compte ameli \(démonstration\)<\/h1>/);
    assert.match(page, /autocomplete="current-password"/);
    assert.doesNotMatch(page, /<script|<style|\sstyle=/);
    assert.match(csp ?? '', /default-src 'self'/);
    for (const { login } of demoAccounts) assert.ok(page.includes(`<code>${login}</code>`), login);
  });

  it('signs in an assuré and delivers the ameli claims in the ID token and at userinfo', async () => {
    const account = demoAccounts.find(({ login }) => login === 'assure.93');
    assert.ok(account);
    const { tokens } = await signIn('Assure.93 ');
    const idTokenClaims = tokens.claims();
    assert.ok(idTokenClaims);
    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idTokenClaims.sub);
    const expected = { sub: account.sub, ...account.claims };
    for (const claims of [idTokenClaims, userInfo]) {
      for (const [name, value] of Object.entries(expected)) assert.deepEqual(claims[name], value, name);
    }
    assert.equal(userInfo.nir, '278047511304789');
    assert.equal(userInfo.caisse, '93');
  });

  it('refuses bad credentials with a French error summary and no code', async () => {
    const browser = new TestBrowser();
    const { page } = await openLoginPage(browser);
    const response = await submitLogin(browser, page, 'assure.93', 'mauvais');
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    const body = await response.text();
    assert.match(body, /govuk-error-summary/);
    assert.match(body, /L’identifiant ou le mot de passe est incorrect/);
    assert.match(body, /<title>Erreur\u00a0: /);
  });

  it('refuses a login form posted from another origin', async () => {
    const browser = new TestBrowser();
    const { page } = await openLoginPage(browser);
    const action = /action="([^"]+)"/.exec(page)?.[1] ?? '';
    const response = await browser.request(new URL(action, provider.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://attaquant.example' },
      body: new URLSearchParams({ login: 'assure.93', password: DEMO_PASSWORD }),
    });
    assert.equal(response.status, 403);
    await response.body?.cancel();
  });

  it('signs out on request of the relying party and returns to it', async () => {
    const { browser, tokens } = await signIn('assure.974');
    const endSessionUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: postLogoutRedirectUri,
    });
    const confirmation = await browser.request(endSessionUrl);
    const page = await confirmation.text();
    assert.match(page, /Voulez-vous vous déconnecter/);
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const response = await browser.request(new URL(action, provider.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    const { url } = await browser.follow(response, action, postLogoutRedirectUri);
    assert.ok(url.href.startsWith(postLogoutRedirectUri), `returned to the client, not ${url}`);
  });
});

describe('demo accounts', () => {
  for (const { login, claims } of demoAssures()) {
    it(`${login} has a valid NIR matching its birthdate, and the caisse of its address`, () => {
      assert.deepEqual(validateNir(claims.nir), { ok: true, value: claims.nir });
      const [year = '', month = ''] = claims.birthdate.split('-');
      assert.equal(claims.nir.slice(1, 3), year.slice(2));
      assert.equal(claims.nir.slice(3, 5), month);
      assert.equal(claims.caisse, departementFromPostalCode(claims.address.postal_code));
      assert.ok(findCaisse(claims.caisse), `caisse ${claims.caisse} exists`);
    });
  }
});

describe('bench accounts', () => {
  const numbers = [0, 1, 2, 104, 105, 999_999, 123_456_789, 7_999_999_999, ...Array.from({ length: 3000 }, (_, i) => 500_000 + i * 7919)];
  const accounts = numbers.map(benchAccount);

  it('are fictional assurés with valid, distinct NIRs matching their birthdate and the caisse of their address', () => {
    for (const { login, claims } of accounts) {
      assert.deepEqual(validateNir(claims.nir), { ok: true, value: claims.nir }, login);
      assert.equal(claims.nir.slice(1, 3), claims.birthdate.slice(2, 4), login);
      assert.equal(claims.nir.slice(3, 5), claims.birthdate.slice(5, 7), login);
      assert.equal(departementFromPostalCode(claims.address.postal_code), findCaisse(claims.caisse)?.departement, login);
    }
    assert.equal(new Set(accounts.map(({ claims }) => claims.nir)).size, accounts.length);
    assert.ok(new Set(accounts.map(({ claims }) => claims.caisse)).size > 90, 'spread over the caisses');
  });

  it('sign in only when the provider is started for the bench', () => {
    const login = benchLogin(42);
    assert.equal(login, 'bench-000042');
    assert.equal(authenticate(login, DEMO_PASSWORD), undefined);
    assert.equal(authenticate(login, DEMO_PASSWORD, { benchAccounts: true })?.sub, login);
    assert.equal(authenticate(login, 'mauvais', { benchAccounts: true }), undefined);
  });
});
