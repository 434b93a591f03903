// A draft is never lost and never stale: the assuré leaves it to change a phone number and comes
// back to the same step; leaves it on one device and resumes it on another; changes an earlier
// answer from the récapitulatif and the answers of the branch left are gone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { answer, answerMedecinConseil, chooseNationality, continueTo, expectError, fillDate, isChosen, sectionTitles, signIn, startDemarche } from '../support/journey.ts'

const suite = browserSuite({ worker: false })

test('the « Modifier » pen of Coordonnées: a new phone number, then back to the same step of the same draft', async () => {
  const page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.93')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Oui')
  assert.ok(await page.getByText('06 39 98 12 34').isVisible())

  await page.getByRole('link', { name: /^Modifier vos informations personnelles/ }).click()
  await page.getByRole('heading', { level: 1, name: 'Mes informations personnelles' }).waitFor()
  await assertAccessible(page, 'mes informations personnelles, depuis la demande')
  await page.getByLabel('Téléphone (facultatif)').fill('06 39 98')
  await page.getByRole('button', { name: 'Enregistrer mes coordonnées' }).click()
  await expectError(page, /Saisissez un numéro de téléphone français de 10 chiffres/)
  assert.ok(await page.getByRole('link', { name: 'Retour à ma demande' }).isVisible(), 'the way back to the demande is kept on the page in error')
  await page.getByLabel('Téléphone (facultatif)').fill('06 39 98 00 11')
  await page.getByRole('button', { name: 'Enregistrer mes coordonnées' }).click()

  await page.getByRole('heading', { level: 1, name: 'Vos coordonnées' }).waitFor()
  await assertAccessible(page, 'vos coordonnées, au retour')
  assert.ok(await page.getByText('06 39 98 00 11').isVisible(), 'the new number is shown')
  assert.equal(await page.getByText('06 39 98 12 34').count(), 0)

  // Out again, and back by the link without changing anything.
  await page.getByRole('link', { name: /^Modifier vos informations personnelles/ }).click()
  await page.getByRole('heading', { level: 1, name: 'Mes informations personnelles' }).waitFor()
  await page.getByRole('link', { name: 'Retour à ma demande' }).click()
  await page.getByRole('heading', { level: 1, name: 'Vos coordonnées' }).waitFor()
  await assertAccessible(page, 'vos coordonnées, par « Retour à ma demande »')

  // The same draft: the answer of step 1 is still there.
  await page.getByRole('link', { name: 'Retour', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Informations générales' }).waitFor()
  assert.ok(await isChosen(page, /médecin conseil/, 'Oui'))
  await continueTo(page, 'Vos coordonnées')
  await chooseNationality(page, 'Française')
})

test('a draft left on one device is resumed on another at the first unanswered step', async () => {
  // On a computer, then the browser closed.
  let page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.77')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Non')
  await chooseNationality(page, 'Française')
  await page.getByLabel('Salarié(e)').check()
  await continueTo(page, 'Vos employeurs')
  await page.context().close()

  // On a phone.
  page = await suite.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
  await signIn(page, suite.service.baseUrl, 'assure.77')
  await page.getByRole('button', { name: "Reprendre ma demande de pension d'invalidité" }).click()
  await page.getByRole('heading', { level: 1, name: 'Vos employeurs' }).waitFor()
  await assertAccessible(page, 'reprise sur un autre appareil')
  assert.equal(await page.getByRole('radio', { checked: true }).count(), 0, 'this step was not answered yet')

  await page.getByRole('link', { name: 'Retour', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Votre situation professionnelle' }).waitFor()
  assert.ok(await page.getByLabel('Salarié(e)').isChecked())
  await page.getByRole('link', { name: 'Retour', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Vos coordonnées' }).waitFor()
  assert.ok(await page.getByLabel('Française').isChecked())
  await page.getByRole('link', { name: 'Retour', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Informations générales' }).waitFor()
  assert.ok(await isChosen(page, /médecin conseil/, 'Non'))
  await assertAccessible(page, 'informations générales, sur le téléphone')
})

test('from the récapitulatif, salarié becomes chômage: the employer leaves the récapitulatif', async () => {
  const page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.974')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Oui')
  await chooseNationality(page, /D'un pays de l'Union européenne/)
  await page.getByLabel('Salarié(e)').check()
  await continueTo(page, 'Vos employeurs')
  await answer(page, 'Avez-vous plusieurs employeurs ?', 'Non')
  await continueTo(page, 'Votre employeur')
  await page.getByLabel("Nom de l'employeur").fill('Sucrerie du Gol')
  await page.getByLabel("Adresse de l'employeur").fill('Le Gol, 97450 Saint-Louis')
  await fillDate(page, 'Date de début du contrat de travail', '2', '5', '2016')
  await answer(page, 'Votre contrat de travail est-il terminé ?', 'Oui')
  await fillDate(page, 'Date de fin du contrat de travail', '30', '4', '2024')
  await answer(page, /arrêt de travail pour l'état de santé/, 'Non')
  await continueTo(page, 'Informations complémentaires')
  await answer(page, /résulte-t-elle d.un accident/, 'Non')
  await answer(page, /autre régime/, 'Non')
  await answer(page, /travaillé à l'étranger/, 'Non')
  await page.getByLabel('Aucune').check()
  await continueTo(page, 'Récapitulatif')
  assert.deepEqual(await sectionTitles(page), ['Informations générales', 'Vos coordonnées', 'Votre situation professionnelle', 'Vos employeurs', 'Votre employeur', 'Informations complémentaires', "Attestation sur l'honneur"])
  assert.ok(await page.getByText('Sucrerie du Gol').isVisible())
  await page.getByLabel(/Je certifie sur l'honneur/).check()
  await continueTo(page, 'Vos justificatifs')
  await page.getByRole('link', { name: 'Retour', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Récapitulatif' }).waitFor()
  assert.ok(await page.getByLabel(/Je certifie sur l'honneur/).isChecked(), 'the attestation was recorded')

  await page.getByRole('link', { name: 'Modifier votre situation professionnelle' }).click()
  await page.getByRole('heading', { level: 1, name: 'Votre situation professionnelle' }).waitFor()
  await assertAccessible(page, 'situation professionnelle, depuis le récapitulatif')
  await page.getByLabel("Au chômage (demandeur d'emploi)").check()
  await continueTo(page, 'Récapitulatif')

  assert.deepEqual(await sectionTitles(page), ['Informations générales', 'Vos coordonnées', 'Votre situation professionnelle', 'Informations complémentaires', "Attestation sur l'honneur"], 'no employer section any more')
  assert.equal(await page.getByText('Sucrerie du Gol').count(), 0)
  assert.equal(await page.getByText("Nom de l'employeur").count(), 0)
  assert.ok(await page.getByText("Au chômage (demandeur d'emploi)").isVisible())
  assert.equal(await page.getByLabel(/Je certifie sur l'honneur/).isChecked(), false, 'the attestation covered the former answers: it is to tick again')
})
