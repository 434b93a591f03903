// Marie-Laure Santoni (assure.2b), self-employed, files her whole demande on a tablet held upright
// (768 × 1024, touch): every button and option tapped, every page checked by axe-core and for
// sideways scrolling (assertAccessible). The demande is recorded as sent from a tablet.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { browserSuite } from '../support/browser-suite.ts'
import { pdfAvisImposition } from '../support/files.ts'
import {
  addFiles, answer, answerMedecinConseil, assertCaisseAppealParagraph, choose, chooseNationality, continueTo, declareNothingMoreAndAttest, fillDate,
  readAcknowledgment, sendDemande, signIn, startDemarche,
} from '../support/journey.ts'

const TABLET = {
  viewport: { width: 768, height: 1024 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36',
}

const suite = browserSuite()

test('a whole demande on a touch tablet, recorded as sent from a tablet', async () => {
  const page = await suite.newPage(TABLET)
  await signIn(page, suite.service.baseUrl, 'assure.2b')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Non')
  await chooseNationality(page, 'Française')

  await choose(page.getByLabel('Travailleur indépendant (non salarié)'))
  await continueTo(page, 'Votre activité non salariée')
  await fillDate(page, "Date d'immatriculation de votre activité", '15', '4', '2010')
  await answer(page, 'Avez-vous cessé votre activité ?', 'Oui')
  await fillDate(page, "Date de cessation de l'activité", '30', '6', '2024')
  await answer(page, /en tant que conjoint du chef d'entreprise/, 'Non')
  await page.getByLabel('Activité exercée').fill('Location de bateaux')
  await page.getByLabel('Adresse professionnelle').fill('Vieux-Port, 20200 Bastia')
  await continueTo(page, 'Informations complémentaires')

  await declareNothingMoreAndAttest(page)

  await addFiles(page, "Dernier avis d'imposition ou avis de situation déclarative", { name: 'avis-impot.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })
  const numero = await sendDemande(page)
  const { rows } = await suite.service.database.pool.query<{ channel: string }>('select channel from demande where numero = $1', [numero])
  assert.equal(rows[0]?.channel, 'web-tablette')

  assertCaisseAppealParagraph(await readAcknowledgment(page))
})
