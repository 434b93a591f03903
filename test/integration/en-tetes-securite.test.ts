// The security headers of every kind of answer: a page, a signed-in page, an agent's page, the JSON
// API, a static file, a 404, a refused form and an address the router cannot read. A strict
// Content-Security-Policy (no inline script or style, no eval, no framing), nosniff, no referrer
// outside the site, and session cookies the page's scripts cannot read.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { integrationSuite } from '../support/integration-suite.ts'
import { signInAs } from '../support/sign-in.ts'
import { signInAgentAs } from '../support/agent-sign-in.ts'
import { createService } from '../../src/service.ts'
import { testServiceDeps } from '../support/sign-in.ts'

const suite = integrationSuite()

function assertStrictHeaders(label: string, headers: Record<string, unknown>): void {
  const csp = String(headers['content-security-policy'] ?? '')
  assert.ok(csp, `${label}: a Content-Security-Policy`)
  const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]))
  assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(csp), `${label}: ${csp}`)
  for (const name of ['frame-ancestors', 'base-uri']) assert.deepEqual(directives.get(name), ["'none'"], `${label}: ${name}`)
  const scripts = directives.get('script-src') ?? directives.get('default-src')
  assert.ok(scripts && scripts.every((source) => source === "'self'" || source === "'none'"), `${label}: scripts from the site only`)
  assert.equal(headers['x-content-type-options'], 'nosniff', label)
  assert.equal(headers['referrer-policy'], 'same-origin', label)
  assert.ok(['DENY', 'SAMEORIGIN'].includes(String(headers['x-frame-options'])), label)
}

describe('security headers', () => {
  it('are strict on every kind of answer, refusals and errors included', async () => {
    const { app, pool } = suite
    const assure = await signInAs(app, pool)
    const agent = await signInAgentAs(app, pool, { role: 'technicien', organisme: 'CRAMIF', nom: 'Roux', prenom: 'Hélène' })
    const answers = {
      'home page': await app.inject({ url: '/' }),
      'signed-in page': await app.inject({ url: '/demarches', headers: { cookie: assure.cookie } }),
      "agent's page": await app.inject({ url: '/agent/file', headers: { cookie: agent.cookie } }),
      'static file': await app.inject({ url: '/assets/app.css' }),
      'unknown page': await app.inject({ url: '/nulle-part' }),
      'form without its CSRF token': await app.inject({ method: 'POST', url: '/mes-informations', headers: { cookie: assure.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'telephone=0612345678' }),
      'unreadable address': await app.inject({ url: '/demarches/%E0%A4%A' }),
      'JSON API': await app.inject({ url: '/api/v1/demarches' }),
    }
    assert.equal(answers['form without its CSRF token'].statusCode, 403)
    assert.equal(answers['unreadable address'].statusCode, 400)
    assert.match(answers['unreadable address'].body, /adresse saisie n.{1,6}est pas valide/)
    for (const [label, response] of Object.entries(answers)) assertStrictHeaders(label, response.headers)
  })

  it('behind https: the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, and HSTS is sent', async () => {
    const unused = async (): Promise<never> => {
      throw new Error('not in this test')
    }
    const app = await createService(testServiceDeps(suite.pool, {
      publicUrl: 'https://invalidite.example.fr',
      relyingParty: { authorizationUrl: async () => ({ url: 'https://compte.example.fr/authorize', state: 's', nonce: 'n', codeVerifier: 'v' }), callback: unused, endSessionUrl: unused },
    }))
    try {
      const signIn = await app.inject({ url: '/connexion', headers: { 'x-forwarded-proto': 'https' } })
      assert.equal(signIn.statusCode, 302)
      assert.match(String(signIn.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/)
      const cookies = [signIn.headers['set-cookie'] ?? []].flat().map(String)
      assert.equal(cookies.length, 1, 'the sign-in keeps its state in a session')
      const cookie = cookies[0]!
      assert.match(cookie, /^__Host-session=/, cookie)
      for (const flag of [/; HttpOnly/i, /; Secure/i, /; SameSite=Lax/i, /; Path=\//i]) assert.match(cookie, flag, cookie)
      assert.doesNotMatch(cookie, /; Domain=/i, cookie)
    } finally {
      await app.close()
    }
  })
})
