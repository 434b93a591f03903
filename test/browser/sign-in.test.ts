import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { signIn } from '../support/journey.ts'

const suite = browserSuite({ worker: false })

test('an assuré signs in with the compte ameli, gets a fresh session cookie, and signs out', async () => {
  const page = await suite.newPage()
  await page.goto(`${suite.service.baseUrl}/demarches`)
  assert.match(page.url(), /\/interaction\//, 'a private page sends an anonymous visitor to sign in')
  await page.goto(`${suite.service.baseUrl}/`)
  const anonymousCookies = await page.context().cookies(suite.service.baseUrl)
  await signIn(page, suite.service.baseUrl, 'assure.93')
  await assertAccessible(page, 'mes démarches')
  await assert.doesNotReject(page.getByText('Connecté(e) : Sophie Anne Lefèvre').waitFor())
  const session = (await page.context().cookies(suite.service.baseUrl)).find((c) => c.name === 'session')
  assert.ok(session?.httpOnly, 'the session cookie is HttpOnly')
  assert.equal(session?.sameSite, 'Lax')
  assert.ok(!anonymousCookies.some((c) => c.name === 'session' && c.value === session?.value), 'a new session id at sign-in')
  const { rows } = await suite.service.database.pool.query('select nir, caisse_code from assure')
  assert.deepEqual(rows, [{ nir: '278047511304789', caisse_code: '93' }])

  for (const [link, heading] of [['Accessibilité : non conforme', "Déclaration d'accessibilité"], ['Données personnelles', 'Données personnelles']] as const) {
    await page.getByRole('link', { name: link }).click()
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
    await assertAccessible(page, heading)
  }
  await page.getByRole('button', { name: 'Se déconnecter' }).click()
  await page.getByRole('button', { name: /Oui, me déconnecter/ }).click()
  await page.waitForURL(`${suite.service.baseUrl}/`)
  await page.goto(`${suite.service.baseUrl}/demarches`)
  assert.match(page.url(), /\/interaction\//, 'signed out: the account is closed')
})
