// Sessions in PostgreSQL, read with the signed-in assuré in one statement: nothing kept for an
// anonymous visitor, an expired session or one whose account is gone signs out, and what is read
// with the session (the profile, the unread count) never goes back into the session's row.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims, signInAs } from '../support/sign-in.ts'
import { countRows, get } from '../support/demarche.ts'

const suite = integrationSuite()

const sessionRows = () => countRows(suite.pool, 'select 1 from http_session')

describe('sessions', () => {
  it('sets no cookie and keeps no session for an anonymous visitor', async () => {
    const before = await sessionRows()
    for (const url of ['/', '/accessibilite', '/page-inexistante']) {
      const response = await suite.app.inject({ method: 'GET', url })
      assert.equal(response.statusCode, url === '/page-inexistante' ? 404 : 200, url)
      assert.equal(response.headers['set-cookie'], undefined, `${url} sets no cookie`)
      assert.doesNotMatch(response.body, /name="_csrf"/, `${url} has no form`)
    }
    assert.equal(await sessionRows(), before)
  })

  it('signs out an expired session and deletes it as soon as its cookie comes back', async () => {
    const user = await signInAs(suite.app, suite.pool)
    await suite.pool.query(`update http_session set expires_at = now() - interval '1 second' where data->>'assureId' = $1`, [user.assureId])
    const response = await get(suite.app, user, '/demarches')
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/connexion?retour=%2Fdemarches')
    assert.equal(await countRows(suite.pool, `select 1 from http_session where data->>'assureId' = $1`, [user.assureId]), 0)
  })

  it('signs out a session whose account no longer exists', async () => {
    const user = await signInAs(suite.app, suite.pool)
    assert.equal((await get(suite.app, user, '/demarches')).statusCode, 200)
    await suite.pool.query('delete from assure where id = $1', [user.assureId])
    const response = await get(suite.app, user, '/demarches')
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/connexion?retour=%2Fdemarches')
  })

  it('shows the name in the header and writes neither it nor the NIR into the session row', async () => {
    const claims = assureClaims({ family_name: 'Nguyen', given_name: 'Thi Mai' })
    // signInAs stores a session that was never touched: its first page (in signInAs) writes it back.
    const user = await signInAs(suite.app, suite.pool, claims)
    const page = await get(suite.app, user, '/demarches')
    assert.match(page.body, /Connecté\(e\) : Thi Mai Nguyen/)
    const { rows } = await suite.pool.query<{ data: Record<string, unknown> }>(`select data from http_session where data->>'assureId' = $1`, [user.assureId])
    assert.equal(rows.length, 1)
    assert.equal(typeof rows[0]!.data.touchedAt, 'number', 'the session was written back')
    const stored = JSON.stringify(rows[0]!.data)
    for (const personal of [claims.nir, 'Nguyen', 'Thi Mai', claims.birthdate]) assert.ok(!stored.includes(personal), `${personal} is not in the session row`)
  })
})
