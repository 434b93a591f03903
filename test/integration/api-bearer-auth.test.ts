// How the JSON API judges a bearer token: by the identity provider's userinfo, asked once a minute
// per token at most; an honoured token's claims make or refresh the assuré, as a web sign-in does.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims } from '../support/sign-in.ts'
import { countRows } from '../support/demarche.ts'
import { createBearerAuthenticator } from '../../src/api/bearer-auth.ts'
import type { UserInfoEndpoint } from '../../src/identity/oidc-relying-party.ts'

let database: TestDatabase

before(async () => {
  database = await createTestDatabase()
})

after(() => database.drop())

/** A provider that knows `tokens`, and counts what it is asked. */
function provider(tokens: Record<string, Record<string, unknown> | 'down'>): UserInfoEndpoint & { asked: string[] } {
  const asked: string[] = []
  return {
    issuer: 'http://fournisseur.example',
    asked,
    async claims(accessToken) {
      asked.push(accessToken)
      const known = tokens[accessToken]
      if (known === 'down') throw new TypeError('fetch failed')
      return known ?? null
    },
  }
}

describe('bearer token of the JSON API', () => {
  it('asks userinfo once for a burst of calls with the same token, and makes the assuré from its claims', async () => {
    const claims = assureClaims({ family_name: 'Martin' })
    const userInfo = provider({ 'jeton-a': claims })
    const authenticate = createBearerAuthenticator({ pool: database.pool, userInfo })
    const answers = await Promise.all([authenticate('jeton-a'), authenticate('jeton-a'), authenticate('jeton-a')])
    assert.equal(userInfo.asked.length, 1)
    const [first] = answers
    assert.ok(first?.ok)
    for (const answer of answers) assert.deepEqual(answer, first)
    assert.equal(await countRows(database.pool, `select 1 from assure where id = $1 and oidc_subject = $2 and nom = 'Martin'`, [first.assureId, claims.sub]), 1)
  })

  it('refuses a token the provider does not honour, and one whose claims are not an assuré\'s', async () => {
    const userInfo = provider({ 'jeton-agent': { sub: 'agent-1', family_name: 'Durand', given_name: 'Paul', role: 'technicien', organisme: 'CRAMIF' } })
    const authenticate = createBearerAuthenticator({ pool: database.pool, userInfo })
    assert.deepEqual(await authenticate('jeton-inconnu'), { ok: false, reason: 'token-refused' })
    assert.deepEqual(await authenticate('jeton-agent'), { ok: false, reason: 'not-an-assure' })
  })

  it('asks again after a failure of the provider: its absence says nothing of the token', async () => {
    const tokens: Record<string, Record<string, unknown> | 'down'> = { 'jeton-b': 'down' }
    const userInfo = provider(tokens)
    const authenticate = createBearerAuthenticator({ pool: database.pool, userInfo })
    await assert.rejects(authenticate('jeton-b'), /fetch failed/)
    tokens['jeton-b'] = assureClaims()
    assert.ok((await authenticate('jeton-b')).ok)
    assert.equal(userInfo.asked.length, 2)
  })
})
