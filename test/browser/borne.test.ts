// The borne multi-services (BMS) in the caisse's offices: a shared touch screen. An assurée files
// her demande there and prints the acknowledgment; nothing of hers stays in the browser; after a
// few idle minutes she is warned, may continue, and is signed out — by the server too, without
// JavaScript.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../src/identity/demo-provider/accounts.ts'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { startTestService, type TestService } from '../support/service.ts'
import {
  addFiles, answer, answerMedecinConseil, choose, chooseNationality, continueTo, declareNothingMoreAndAttest, fillDate, press, sendDemande, signIn,
  startDemarche,
} from '../support/journey.ts'
import { pdfAvisImposition } from '../support/files.ts'

const suite = browserSuite({ worker: false })
// A portrait touch screen, as bornes are.
const BORNE = { viewport: { width: 1080, height: 1920 }, hasTouch: true }

test('at a borne, an assurée files her demande, prints the acknowledgment and leaves nothing behind', async () => {
  const { baseUrl, database } = suite.service
  const page = await suite.newPage(BORNE)
  const welcome = await page.goto(`${baseUrl}/borne`)
  assert.equal(welcome?.headers()['cache-control'], 'no-store', 'no page is kept in the browser cache')
  await assertAccessible(page, 'accueil de la borne')
  await press(page.getByRole('button', { name: 'Se connecter', exact: true }))
  await signInAtProvider(page, 'assure.93')
  await page.waitForURL(`${baseUrl}/demarches`)
  await assertAccessible(page, 'mes démarches (borne)')
  assert.equal(await page.locator('body.app-kiosk').count(), 1, 'the pages are in kiosk mode')
  assert.equal(await page.evaluate<string>('getComputedStyle(document.documentElement).fontSize'), '20px', 'the text is a quarter larger')
  await press(page.getByRole('link', { name: 'Mes informations personnelles' }))
  await page.getByRole('heading', { level: 1, name: 'Mes informations personnelles' }).waitFor()
  await assertAccessible(page, 'mes informations personnelles (borne)')
  await assertNoAutocomplete(page)
  await press(page.getByRole('link', { name: 'Mes démarches' }))

  await startDemarche(page)
  await assertLargeTargets(page)
  await answerMedecinConseil(page, 'Oui')
  assert.equal(await page.locator('#agdref').getAttribute('inputmode'), 'numeric', 'the AGDREF number opens the numeric keypad')
  await chooseNationality(page, 'Française')
  await choose(page.getByLabel('Salarié(e)'))
  await continueTo(page, 'Vos employeurs')
  await answer(page, 'Avez-vous plusieurs employeurs ?', 'Non')
  await continueTo(page, 'Votre employeur')

  await assertLargeTargets(page)
  assert.equal(await page.getByLabel(/Numéro SIRET/).getAttribute('inputmode'), 'numeric', 'the SIRET opens the numeric keypad')
  const dateBoxes = await page.locator('.govuk-date-input input').all()
  assert.ok(dateBoxes.length >= 9, 'the dates of the page, those under an option included')
  for (const box of dateBoxes) assert.equal(await box.getAttribute('inputmode'), 'numeric', `${await box.getAttribute('name')} opens the numeric keypad`)
  await assertNoAutocomplete(page)

  await page.getByLabel("Nom de l'employeur").fill('Boulangerie du Canal')
  await page.getByLabel("Adresse de l'employeur").fill('3 quai de Seine, 93200 Saint-Denis')
  await page.getByLabel(/Numéro SIRET/).fill('732 829 320 00074')
  await fillDate(page, 'Date de début du contrat de travail', '1', '9', '2015')
  await answer(page, 'Votre contrat de travail est-il terminé ?', 'Non')
  await answer(page, /arrêt de travail pour l'état de santé/, 'Non')
  await continueTo(page, 'Informations complémentaires')
  await declareNothingMoreAndAttest(page)
  await assertNoAutocomplete(page)
  await addFiles(page, "Dernier avis d'imposition ou avis de situation déclarative", { name: 'avis-impot.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })
  const numero = await sendDemande(page)
  const confirmation = page.url()

  const accuse = page.getByRole('region', { name: "Accusé de réception demande de pension d'invalidité" })
  const accuseText = await accuse.innerText()
  assert.match(accuseText, new RegExp(`Demande n° ${numero}, reçue le`))
  assert.match(accuseText, /Nous accusons réception de votre demande de pension d’invalidité du \d{1,2}(er)? \p{L}+ \d{4}/u)
  assert.match(accuseText, /CRAMIF/, 'the appeal paragraph of her caisse')
  assert.equal(await page.getByRole('link', { name: /Télécharger/ }).count(), 0, 'nothing to download onto the borne')

  await page.evaluate("window.print = () => { document.body.dataset.printed = 'oui' }")
  await press(page.getByRole('button', { name: "Imprimer l'accusé de réception" }))
  assert.equal(await page.locator('body').getAttribute('data-printed'), 'oui', 'the print dialog opens')
  await page.emulateMedia({ media: 'print' })
  assert.ok(await accuse.isVisible(), 'the acknowledgment prints')
  for (const other of [page.getByRole('banner'), page.locator('.govuk-panel'), page.getByRole('contentinfo'), page.getByRole('heading', { name: 'Et maintenant ?' })]) {
    assert.equal(await other.isVisible(), false, 'nothing else prints')
  }
  await page.emulateMedia({ media: 'screen' })

  const { rows } = await database.pool.query<{ channel: string }>('select channel from demande where numero = $1', [numero])
  assert.equal(rows[0]?.channel, 'borne', 'the demande records that it came from a borne')

  await assertNothingStored(page, baseUrl)

  await press(page.getByRole('link', { name: /Messagerie/ }))
  await press(page.getByRole('link', { name: "Accusé de réception demande de pension d'invalidité" }))
  await page.getByRole('heading', { level: 2, name: 'Répondre' }).waitFor()
  await assertAccessible(page, 'accusé de réception dans la messagerie (borne)')
  await assertNoAutocomplete(page)
  await page.goto(confirmation)
  await press(page.getByRole('main').getByRole('button', { name: 'Terminer et me déconnecter' }))
  await page.getByRole('button', { name: /Oui, me déconnecter/ }).waitFor()
  await assertAccessible(page, 'déconnexion (fournisseur de démonstration)')
  await press(page.getByRole('button', { name: /Oui, me déconnecter/ }))
  await page.waitForURL(`${baseUrl}/borne`)
  await assertAccessible(page, 'accueil de la borne après déconnexion')
  assert.ok(await page.getByRole('button', { name: 'Se connecter', exact: true }).isVisible())
  await assertNothingStored(page, baseUrl)

  await page.goto(`${baseUrl}/demarches`)
  await page.getByLabel('Identifiant').waitFor()
  assert.equal(await page.getByText('Connecté(e)').count(), 0, 'her account asks to sign in again')
})

test('at a borne, inactivity: a warning, « Continuer », then the sign-out — on the server too, without JavaScript', async () => {
  // The borne is known by its address here (127.0.0.1), entered through the ordinary home page.
  const service = await startTestService({ worker: false, kiosk: { addresses: ['127.0.0.1'], idleSeconds: 6, warningSeconds: 4 } })
  try {
    await Promise.all([inactivityWithJavaScript(service), inactivityWithoutJavaScript(service)])
  } finally {
    await service.close()
  }
})

async function inactivityWithJavaScript(service: TestService): Promise<void> {
  const page = await suite.newPage(BORNE)
  await signIn(page, service.baseUrl, 'assure.974')
  assert.equal(await page.locator('body.app-kiosk').count(), 1, 'the address alone makes the borne')
  const dialog = page.getByRole('alertdialog', { name: 'Êtes-vous toujours là ?' })
  await dialog.waitFor()
  const warnedAt = Date.now()
  assert.ok(await page.evaluate<boolean>("document.activeElement?.closest('[role=alertdialog]') !== null"), 'the focus moves into the warning')
  assert.match(await dialog.innerText(), /vous serez déconnecté\(e\) dans 4 secondes/)
  await assertAccessible(page, 'avertissement avant déconnexion')
  await press(dialog.getByRole('button', { name: 'Continuer' }))
  await dialog.waitFor({ state: 'hidden' })

  // Past the time the session would have ended without « Continuer »: it is still open.
  await sleep(warnedAt + 4_500 - Date.now())
  assert.equal(await sessionIsOpen(page, service), true, '« Continuer » kept the session open')

  // Then nothing more: warned again, signed out, the borne's welcome page.
  await dialog.waitFor()
  await page.waitForURL(`${service.baseUrl}/borne?fin=inactivite`)
  await page.getByText(/Vous avez été déconnecté\(e\) après 6 secondes sans activité/).waitFor()
  await assertAccessible(page, 'accueil de la borne après inactivité')
  assert.equal(await sessionIsOpen(page, service), false)
  // The identity provider's session may still be open: on a borne it asks for the password anyway.
  await page.goto(`${service.baseUrl}/demarches`)
  await page.getByLabel('Mot de passe').waitFor()
}

async function inactivityWithoutJavaScript(service: TestService): Promise<void> {
  const page = await suite.newPage({ ...BORNE, javaScriptEnabled: false })
  await signIn(page, service.baseUrl, 'assure.77')
  assert.equal(await sessionIsOpen(page, service), true)
  await sleep(6_500)
  assert.equal(await sessionIsOpen(page, service), false, 'the session ended on the server')
  await page.reload()
  await page.getByLabel('Mot de passe').waitFor()
  assert.equal(await page.getByText('Connecté(e)').count(), 0, 'the page asks to sign in again')
}

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByLabel('Identifiant').fill(login)
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD)
  await assertAccessible(page, 'connexion (fournisseur de démonstration)')
  await press(page.getByRole('button', { name: /Se connecter/ }))
}

// Every button, text box and option of the page: at least 48 px high, for a finger.
async function assertLargeTargets(page: Page): Promise<void> {
  const controls = page.getByRole('main').locator('.govuk-button, .govuk-input, .govuk-radios__label, .govuk-checkboxes__label')
  assert.ok(await controls.count() > 0)
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue
    const box = await control.boundingBox()
    assert.ok(box && box.height >= 48, `« ${(await control.innerText()) || (await control.getAttribute('name'))} » : ${box?.height} px de haut`)
  }
}

// What a person types is neither suggested to the next one nor restored by the back button.
async function assertNoAutocomplete(page: Page): Promise<void> {
  const fields = page.getByRole('main').locator('form input:not([type="hidden"]), form textarea')
  assert.ok(await fields.count() > 0)
  for (const field of await fields.all()) {
    const autocomplete = await field.evaluate((element) => element.getAttribute('autocomplete') ?? element.form?.getAttribute('autocomplete'))
    assert.equal(autocomplete, 'off', `${await field.getAttribute('name')} : autocomplete="off"`)
  }
}

// No web storage; in Cache Storage (the installable application's service worker) static assets
// only; of this service's cookies, the session's alone, which the browser drops when it closes.
async function assertNothingStored(page: Page, baseUrl: string): Promise<void> {
  const stored = await page.evaluate(`(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).length,
    cachedPages: (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname))))
      .flat().filter((path) => !path.startsWith('/assets/')),
  }))()`)
  assert.deepEqual(stored, { localStorage: 0, sessionStorage: 0, indexedDB: 0, cachedPages: [] })
  // Cookies are not told apart by port: the demo identity provider's (named "_…") share this host.
  const cookies = (await page.context().cookies(baseUrl)).filter((cookie) => !cookie.name.startsWith('_'))
  assert.deepEqual(cookies.map(({ name, expires, httpOnly }) => ({ name, expires, httpOnly })), [{ name: 'session', expires: -1, httpOnly: true }])
}

// Read in the database, without a request that would push the session's end back.
async function sessionIsOpen(page: Page, service: TestService): Promise<boolean> {
  const cookie = (await page.context().cookies(service.baseUrl)).find((c) => c.name === 'session')
  if (!cookie) return false
  const signed = decodeURIComponent(cookie.value)
  const sid = signed.slice(0, signed.lastIndexOf('.'))
  const { rows } = await service.database.pool.query('select 1 from http_session where sid = $1 and expires_at > now() and data ? $2', [sid, 'assureId'])
  return rows.length === 1
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}
