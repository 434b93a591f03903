// Maria Helena Ferreira (assure.974), Portuguese, job seeker in La Réunion: the shortest path
// (chômage asks nothing more), a phone photo (PNG) of her avis d'imposition, and the appeal to her
// own caisse, a CGSS. Then the replays « Nothing lost » forbids to count twice: the back button
// after « Envoyer ma demande », and the same POST sent again, twice at once.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { pngImage } from '../support/files.ts'
import {
  addFiles, answer, answerMedecinConseil, assertCaisseAppealParagraph, continueTo, goToMesDemarches, readAcknowledgment, sectionTitles,
  sendDemande, signIn, startDemarche,
} from '../support/journey.ts'

const AVIS = "Dernier avis d'imposition ou avis de situation déclarative"

const suite = browserSuite()

test('an EU national, unemployed, in 974 sends a photo of her avis d’imposition; a replayed submission counts once', async () => {
  const page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.974')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Oui')

  await page.getByLabel(/D'un pays de l'Union européenne/).check()
  assert.equal(await page.getByLabel('Numéro AGDREF de votre titre de séjour').isVisible(), false, 'no AGDREF for an EU national')
  await continueTo(page, 'Votre situation professionnelle')

  await page.getByLabel("Au chômage (demandeur d'emploi)").check()
  await continueTo(page, 'Informations complémentaires')
  assert.ok(await page.getByText('Étape 4 sur 6').isVisible(), 'chômage: nothing more is asked in step 3')

  await answer(page, /résulte-t-elle d.un accident/, 'Non')
  await answer(page, /autre régime/, 'Non')
  await answer(page, /travaillé à l'étranger/, 'Non')
  await page.getByLabel('Aucune').check()
  await continueTo(page, 'Récapitulatif')

  assert.deepEqual(await sectionTitles(page), ['Informations générales', 'Vos coordonnées', 'Votre situation professionnelle', 'Informations complémentaires', "Attestation sur l'honneur"])
  assert.ok(await page.getByText("Au chômage (demandeur d'emploi)").isVisible())
  await page.getByLabel(/Je certifie sur l'honneur/).check()
  await continueTo(page, 'Vos justificatifs')

  assert.deepEqual(await sectionTitles(page), [AVIS], 'only the avis d’imposition is asked for')
  await addFiles(page, AVIS, { name: 'avis-page-1.png', mimeType: 'image/png', buffer: pngImage(8, 8) })
  const csrfToken = await page.getByRole('main').locator('form[action$="/envoyer"] input[name="_csrf"]').inputValue()

  const numero = await sendDemande(page)
  const confirmation = page.url()

  // The back button: the justificatifs page is no longer there to send again.
  await page.goBack()
  await page.getByRole('heading', { level: 1, name: 'Mes démarches' }).waitFor()
  await assertAccessible(page, 'mes démarches après « Précédent »')
  assert.equal(await page.getByRole('button', { name: 'Envoyer ma demande' }).count(), 0)

  // The form sent again as it was, twice at once (a resent POST, a double click without JavaScript).
  const envoyer = `${suite.service.baseUrl}/demarches/pension-invalidite/envoyer`
  const replays = await Promise.all([1, 2].map(() => page.request.post(envoyer, { form: { _csrf: csrfToken } })))
  for (const replay of replays) {
    assert.equal(replay.status(), 200)
    assert.equal(replay.url(), confirmation, 'a replay answers with the confirmation of the same demande')
  }

  await goToMesDemarches(page)
  assert.deepEqual(await page.getByRole('heading', { name: /Demande de pension d'invalidité n°/ }).allInnerTexts(), [`Demande de pension d'invalidité n° ${numero}`], 'one demande')
  assert.equal(await page.getByRole('button', { name: "Demander une pension d'invalidité" }).count(), 0, 'a demande being instructed: no new form is offered')

  const acknowledgment = await readAcknowledgment(page)
  assertCaisseAppealParagraph(acknowledgment)
  await page.getByRole('link', { name: 'Retour à la messagerie' }).click()
  assert.equal(await page.getByRole('link', { name: "Accusé de réception demande de pension d'invalidité" }).count(), 1, 'one acknowledgment')

  const deadline = Date.now() + 10_000
  while (suite.service.mails.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  assert.equal(suite.service.mails.length, 1, 'one e-mail announces the message')
  assert.equal(suite.service.mails[0]!.to, 'maria.ferreira@example.org')
})
