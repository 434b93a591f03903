// Youssef Amrani (assure.69), born in Morocco, conjoint collaborateur in his wife's business near
// Lyon, files his demande in a browser WITHOUT JAVASCRIPT: every question must be there and work
// as plain HTML. Non-EU national, so the AGDREF number and the titre de séjour are asked for; he
// receives a rente AT/MP, so its notification is asked for too. His caisse (69) is not one of the
// CRAMIF's: the acknowledgment gives the appeal to his own CPAM.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { browserSuite } from '../support/browser-suite.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import {
  addFiles, answer, answerMedecinConseil, assertCaisseAppealParagraph, continueTo, continueWithError, expectError, fillDate,
  goToMesDemarches, readAcknowledgment, sectionTitles, sendDemande, signIn, startDemarche,
} from '../support/journey.ts'

const AVIS = "Dernier avis d'imposition ou avis de situation déclarative"
const TITRE_SEJOUR = 'Titre de séjour'
const RENTE = "Notification de rente d'accident du travail ou de maladie professionnelle"

const suite = browserSuite()

test('a non-EU conjoint collaborateur in 69 files a demande without JavaScript', async () => {
  const page = await suite.newPage({ javaScriptEnabled: false })
  await signIn(page, suite.service.baseUrl, 'assure.69')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Non')

  assert.ok(await page.getByText('1 71 09 99 350 212 11').isVisible(), 'his NIR, from the account')
  await page.getByLabel("D'un autre pays").check()
  await page.getByLabel('Numéro AGDREF de votre titre de séjour').fill('12 345')
  await continueWithError(page, /Le numéro AGDREF comporte 10 chiffres, celui saisi en compte 5/)
  assert.ok(await page.getByLabel("D'un autre pays").isChecked(), 'his choice is kept on the page in error')
  assert.equal(await page.getByLabel('Numéro AGDREF de votre titre de séjour').inputValue(), '12 345', 'what he typed is shown again')
  await page.getByLabel('Numéro AGDREF de votre titre de séjour').fill('0691234567')
  await continueTo(page, 'Votre situation professionnelle')

  await page.getByLabel('Travailleur indépendant (non salarié)').check()
  await continueTo(page, 'Votre activité non salariée')
  await fillDate(page, "Date d'immatriculation de votre activité", '1', '3', '2012')
  await answer(page, 'Avez-vous cessé votre activité ?', 'Non')
  await answer(page, /en tant que conjoint du chef d'entreprise/, 'Oui')
  await page.getByLabel("Nom et prénom du chef d'entreprise").fill('Amrani Nadia')
  await answer(page, 'Quel est votre statut ?', 'Conjoint collaborateur')
  await fillDate(page, 'Date de début de ce statut', '1', '3', '2012')
  await page.getByLabel('Activité exercée').fill('Épicerie fine')
  await page.getByLabel('Adresse professionnelle').fill('40 cours Émile Zola, 69100 Villeurbanne')
  await continueTo(page, 'Informations complémentaires')

  await answer(page, /résulte-t-elle d.un accident/, 'Oui')
  await fillDate(page, "Date de l'accident", '14', '11', '2023')
  await answer(page, /accident causé par un tiers/, 'Oui')
  await answer(page, /autre régime/, 'Non')
  await answer(page, /travaillé à l'étranger/, 'Non')
  await page.getByLabel(/Une rente d'accident du travail/).check()
  await continueTo(page, 'Récapitulatif')

  const recap = page.getByRole('main')
  for (const shown of ["D'un autre pays", '0691234567', 'Travailleur indépendant (non salarié)', '1er mars 2012', 'Amrani Nadia', 'Conjoint collaborateur', 'Épicerie fine', '14 novembre 2023', "Une rente d'accident du travail ou de maladie professionnelle"]) {
    assert.ok(await recap.getByText(shown, { exact: true }).first().isVisible(), `the récapitulatif shows « ${shown} »`)
  }
  await page.getByLabel(/Je certifie sur l'honneur/).check()
  await continueTo(page, 'Vos justificatifs')

  assert.deepEqual(await sectionTitles(page), [AVIS, TITRE_SEJOUR, RENTE], 'the avis d’imposition, the titre de séjour and the notification de rente are asked for')
  await addFiles(page, AVIS, { name: 'avis-impot-2025.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click()
  await expectError(page, /Ajoutez : titre de séjour/)
  await expectError(page, /Ajoutez : notification de rente/)
  await addFiles(page, TITRE_SEJOUR, { name: 'titre-recto.png', mimeType: 'image/png', buffer: pngImage() }, { name: 'titre-verso.png', mimeType: 'image/png', buffer: pngImage(6, 6) })
  await addFiles(page, RENTE, { name: 'notification-rente.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition(1) })

  const numero = await sendDemande(page)
  assert.ok(await page.getByText(/formulaire S4151/).isVisible(), 'he has not seen the médecin conseil: the certificate S4151 comes next')

  const acknowledgment = await readAcknowledgment(page)
  assert.match(acknowledgment, /Nous accusons réception de votre demande de pension d’invalidité du \d{1,2}(er)? \p{L}+ \d{4}/u)
  assertCaisseAppealParagraph(acknowledgment)

  await goToMesDemarches(page)
  assert.deepEqual(await page.getByRole('heading', { name: /Demande de pension d'invalidité n°/ }).allInnerTexts(), [`Demande de pension d'invalidité n° ${numero}`])
})
