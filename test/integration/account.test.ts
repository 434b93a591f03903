import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { integrationSuite } from '../support/integration-suite.ts'
import { assureClaims, signInAs, type SignedIn } from '../support/sign-in.ts'
import { findAssureProfile, upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'

const suite = integrationSuite()

const valid = { ligne: '3 place du Marché', codePostal: '69003', commune: 'Lyon', pays: 'France', telephone: '+33 6 12.34.56.78', email: 'nouvelle.adresse@example.fr' }

function save(user: SignedIn, form: Record<string, string>, csrfToken = user.csrfToken) {
  return suite.app.inject({
    method: 'POST',
    url: '/mes-informations',
    headers: { cookie: user.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfToken, ...form }).toString(),
  })
}

async function storedContact(assureId: string) {
  const { rows } = await suite.pool.query('select email, telephone, adresse from assure where id = $1', [assureId])
  return rows[0]
}

describe('Mes informations personnelles', () => {
  it('sends an anonymous visitor to sign-in', async () => {
    const response = await suite.app.inject({ method: 'GET', url: '/mes-informations' })
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/connexion?retour=%2Fmes-informations')
  })

  it('shows the identity from the compte ameli, read-only, and the contact details in a form', async () => {
    const user = await signInAs(suite.app, suite.pool)
    const response = await suite.app.inject({ method: 'GET', url: '/mes-informations', headers: { cookie: user.cookie } })
    assert.equal(response.statusCode, 200)
    assert.match(response.body, /2 78 04 75 113 047 89/)
    assert.match(response.body, /Lefèvre/)
    assert.match(response.body, /Sophie Anne/)
    assert.match(response.body, /12 avril 1978/)
    assert.match(response.body, /compte ameli/)
    assert.doesNotMatch(response.body, /name="nir"/)
    assert.match(response.body, /name="ligne"[^>]*value="14 rue Gabriel Péri"/)
    assert.match(response.body, /name="email"[^>]*value="sophie.lefevre@example.fr"/)
    assert.doesNotMatch(response.body, /Retour à ma demande/)
  })

  it('refuses a bad phone number, postcode and e-mail with French messages, and changes nothing', async () => {
    const user = await signInAs(suite.app, suite.pool)
    const before = await storedContact(user.assureId)
    const response = await save(user, { ...valid, telephone: '06 12 34', codePostal: '6900', email: 'nouvelle.adresse@' })
    assert.equal(response.statusCode, 400)
    for (const [field, message] of [
      ['codePostal', 'Le code postal comporte 5 chiffres'],
      ['telephone', 'Saisissez un numéro de téléphone français de 10 chiffres'],
      ['email', 'Saisissez une adresse e-mail valide'],
    ] as const) {
      assert.match(response.body, new RegExp(`<a href="#${field}">${message}`), `error summary for ${field}`)
      assert.match(response.body, new RegExp(`id="${field}-error"`), `field error for ${field}`)
    }
    assert.match(response.body, /name="telephone"[^>]*value="06 12 34"/, 'what was typed is shown again')
    assert.deepEqual(await storedContact(user.assureId), before)
  })

  it('asks for the missing fields', async () => {
    const user = await signInAs(suite.app, suite.pool)
    const response = await save(user, { ligne: '', codePostal: '', commune: '', pays: '', telephone: '', email: '' })
    assert.equal(response.statusCode, 400)
    assert.match(response.body, /<a href="#ligne">Saisissez le numéro et le nom de la voie/)
    assert.match(response.body, /<a href="#codePostal">Saisissez le code postal/)
    assert.match(response.body, /<a href="#commune">Saisissez la commune/)
    assert.match(response.body, /<a href="#email">Saisissez votre adresse e-mail/)
    assert.doesNotMatch(response.body, /href="#telephone"/, 'the phone number is optional')
  })

  it('refuses a form without the CSRF token', async () => {
    const user = await signInAs(suite.app, suite.pool)
    const before = await storedContact(user.assureId)
    const response = await save(user, valid, 'faux-jeton')
    assert.equal(response.statusCode, 403)
    assert.deepEqual(await storedContact(user.assureId), before)
  })

  it('saves valid values, normalised, and keeps them over the claims of a later sign-in', async () => {
    const claims = assureClaims()
    const user = await signInAs(suite.app, suite.pool, claims)
    const response = await save(user, valid)
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/mes-informations?enregistre=1')

    const page = await suite.app.inject({ method: 'GET', url: '/mes-informations?enregistre=1', headers: { cookie: user.cookie } })
    assert.match(page.body, /govuk-notification-banner--success/)
    assert.match(page.body, /Vos informations ont été enregistrées/)
    assert.match(page.body, /name="telephone"[^>]*value="06 12 34 56 78"/)

    await upsertAssureFromClaims(suite.pool, {
      ...claims,
      email: 'ancienne@example.fr',
      phone_number: '01 99 00 00 00',
      address: { street_address: '1 rue du Provider', postal_code: '93200', locality: 'Saint-Denis', country: 'France' },
    })
    const profile = await findAssureProfile(suite.pool, user.assureId)
    assert.deepEqual(
      { email: profile.email, telephone: profile.telephone, adresse: profile.adresse },
      { email: 'nouvelle.adresse@example.fr', telephone: '06 12 34 56 78', adresse: { ligne: '3 place du Marché', codePostal: '69003', commune: 'Lyon', pays: 'France' } },
    )
  })

  it('keeps an empty phone number as the choice of giving none', async () => {
    const user = await signInAs(suite.app, suite.pool)
    assert.equal((await save(user, { ...valid, telephone: '' })).statusCode, 303)
    assert.equal((await findAssureProfile(suite.pool, user.assureId)).telephone, '')
  })

  it('goes back to the démarche after saving, and only to a path of the démarche', async () => {
    const user = await signInAs(suite.app, suite.pool)
    const retour = '/demarches/brouillon/coordonnees'
    const page = await suite.app.inject({ method: 'GET', url: `/mes-informations?retour=${encodeURIComponent(retour)}`, headers: { cookie: user.cookie } })
    assert.match(page.body, new RegExp(`<a href="${retour}" class="govuk-back-link">Retour à ma demande</a>`))
    assert.match(page.body, new RegExp(`<input type="hidden" name="retour" value="${retour}">`))

    const back = await save(user, { ...valid, retour })
    assert.equal(back.statusCode, 303)
    assert.equal(back.headers.location, retour)

    const invalid = await save(user, { ...valid, email: 'x', retour })
    assert.equal(invalid.statusCode, 400)
    assert.match(invalid.body, new RegExp(`<input type="hidden" name="retour" value="${retour}">`), 'the way back survives an error')

    for (const elsewhere of ['https://malveillant.example/demarches/', '//malveillant.example/demarches/', '/demarches/../connexion', '/messagerie', '/demarches//malveillant.example', 'javascript:alert(1)']) {
      const response = await save(user, { ...valid, retour: elsewhere })
      assert.equal(response.headers.location, '/mes-informations?enregistre=1', `retour ${elsewhere} is ignored`)
      const shown = await suite.app.inject({ method: 'GET', url: `/mes-informations?retour=${encodeURIComponent(elsewhere)}`, headers: { cookie: user.cookie } })
      assert.doesNotMatch(shown.body, /Retour à ma demande/)
    }
  })
})
