// Sophie Lefèvre (assure.93) files her whole demande on a phone: a 360 × 640 touch screen, every
// button and option tapped, every page checked by axe-core and for sideways scrolling
// (assertAccessible), her avis d'imposition a photo. The demande is recorded as sent from a phone.
// The application is installable (its manifest and icons), and its service worker, which had the
// pages under its control all along, kept the static assets and not one of those pages.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { pngImage } from '../support/files.ts'
import {
  addFiles, answer, answerMedecinConseil, choose, chooseNationality, continueTo, continueWithError, declareNothingMoreAndAttest, fillDate,
  sendDemande, signIn, startDemarche,
} from '../support/journey.ts'

const PHONE = {
  viewport: { width: 360, height: 640 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Mobile Safari/537.36',
}

const suite = browserSuite()

test('a whole demande on a 360 px touch phone, recorded as sent from a phone', async () => {
  const page = await suite.newPage(PHONE)
  await signIn(page, suite.service.baseUrl, 'assure.93')
  await startDemarche(page)
  await continueWithError(page, 'Indiquez si vous avez déjà rencontré le médecin conseil')
  await answerMedecinConseil(page, 'Oui')
  await chooseNationality(page, 'Française')

  await choose(page.getByLabel('Salarié(e)'))
  await continueTo(page, 'Vos employeurs')
  await answer(page, 'Avez-vous plusieurs employeurs ?', 'Non')
  await continueTo(page, 'Votre employeur')
  await page.getByLabel("Nom de l'employeur").fill('Boulangerie du Canal')
  await page.getByLabel("Adresse de l'employeur").fill('3 quai de Seine, 93200 Saint-Denis')
  await page.getByLabel(/Numéro SIRET/).fill('732 829 320 00074')
  await fillDate(page, 'Date de début du contrat de travail', '1', '9', '2015')
  await answer(page, 'Votre contrat de travail est-il terminé ?', 'Non')
  await answer(page, /arrêt de travail pour l'état de santé/, 'Oui')
  await fillDate(page, "Date du début de l'arrêt de travail", '12', '2', '2025')
  await continueTo(page, 'Informations complémentaires')

  await declareNothingMoreAndAttest(page)

  await addFiles(page, "Dernier avis d'imposition ou avis de situation déclarative", { name: 'photo-avis.png', mimeType: 'image/png', buffer: pngImage(12, 16) })
  const numero = await sendDemande(page)

  const { rows } = await suite.service.database.pool.query<{ channel: string }>('select channel from demande where numero = $1', [numero])
  assert.equal(rows[0]?.channel, 'web-mobile')

  await assertServiceWorkerKeepsOnlyAssets(page)
})

test('the application is installable: its manifest, in French, with its icons', async () => {
  const page = await suite.newPage(PHONE)
  await page.goto(`${suite.service.baseUrl}/`)
  const href = await page.locator('link[rel="manifest"]').getAttribute('href')
  const response = await page.request.get(new URL(href!, page.url()).href)
  assert.equal(response.status(), 200)
  assert.match(response.headers()['content-type'] ?? '', /^application\/manifest\+json/)
  const manifest = await response.json()
  assert.equal(manifest.name, 'Invalidité en ligne')
  assert.equal(manifest.lang, 'fr')
  assert.equal(manifest.start_url, '/demarches')
  assert.equal(manifest.display, 'standalone')
  assert.ok(manifest.short_name && manifest.short_name.length <= 12, 'a short name that fits under a home-screen icon')

  const icons: Array<{ src: string; sizes: string; type: string; purpose: string }> = manifest.icons
  for (const [size, purpose] of [[192, 'any'], [512, 'any'], [512, 'maskable']] as const) {
    const icon = icons.find((i) => i.type === 'image/png' && i.sizes === `${size}x${size}` && i.purpose === purpose)
    assert.ok(icon, `an icon ${size} × ${size} (${purpose})`)
    const png = await (await page.request.get(`${suite.service.baseUrl}${icon.src}`)).body()
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size], `${icon.src} is a PNG of ${size} × ${size} pixels`)
  }
  const touchIcon = await page.request.get(`${suite.service.baseUrl}${await page.locator('link[rel="apple-touch-icon"]').getAttribute('href')}`)
  assert.equal(touchIcon.headers()['content-type'], 'image/png')
})

test('the pages around the démarche fit the phone too', async () => {
  const page = await suite.newPage(PHONE)
  for (const [path, heading] of [['/', "Demander une pension d'invalidité"], ['/accessibilite', "Déclaration d'accessibilité"], ['/donnees-personnelles', 'Données personnelles'], ['/page-qui-n-existe-pas', 'Page introuvable']]) {
    await page.goto(`${suite.service.baseUrl}${path}`)
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
    await assertAccessible(page, `${path} (téléphone)`)
  }
})

// The worker was in control of the pages (so each page went past it), answered the stylesheet from
// its cache, let the page itself come from the server, and keeps nothing but /assets/ files.
async function assertServiceWorkerKeepsOnlyAssets(page: Page): Promise<void> {
  const stylesheet = page.waitForResponse((response) => response.url().endsWith('/assets/app.css'))
  const reloaded = await page.reload()
  assert.equal(reloaded?.fromServiceWorker(), false, 'a page always comes from the server')
  assert.equal((await stylesheet).fromServiceWorker(), true, 'the stylesheet comes from the worker’s cache')

  const cached = await page.locator('html').evaluate(async (html) => {
    const window = html.ownerDocument.defaultView
    const urls: string[] = []
    for (const name of await window.caches.keys()) {
      for (const request of await (await window.caches.open(name)).keys()) urls.push(request.url)
    }
    return { controlled: window.navigator.serviceWorker.controller !== null, urls }
  })
  assert.ok(cached.controlled, 'the service worker controls the pages')
  const paths = cached.urls.map((url) => new URL(url).pathname)
  assert.ok(paths.includes('/assets/app.css') && paths.includes('/assets/init.mjs'), `the assets are cached: ${paths.join(', ')}`)
  assert.deepEqual(paths.filter((path) => !path.startsWith('/assets/')), [], 'nothing but the static assets is cached')
}
