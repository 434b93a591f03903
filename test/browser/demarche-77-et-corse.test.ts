// Two caisses outside the CRAMIF's: Thomas Girard (assure.77, Seine-et-Marne), whose situation is
// none of the listed ones, and Marie-Laure Santoni (assure.2b, Haute-Corse), born in Corse-du-Sud
// (her NIR carries « 2A »), a self-employed worker who has stopped her activity. Both
// acknowledgments give the appeal to their own CPAM, not to the CRAMIF.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { browserSuite } from '../support/browser-suite.ts'
import { pdfAvisImposition } from '../support/files.ts'
import {
  addFiles, answer, answerMedecinConseil, assertCaisseAppealParagraph, chooseNationality, continueTo, continueWithError, fillDate,
  readAcknowledgment, sendDemande, signIn, startDemarche,
} from '../support/journey.ts'

const AVIS = "Dernier avis d'imposition ou avis de situation déclarative"

const suite = browserSuite()

test('an assuré in 77 with another situation must describe it', async () => {
  const page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.77')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Non')
  await chooseNationality(page, 'Française')

  await page.getByLabel('Autre situation').check()
  await continueWithError(page, 'Précisez votre situation professionnelle')
  assert.ok(await page.getByLabel('Autre situation').isChecked(), 'his choice is kept on the page in error')
  await page.getByLabel('Précisez votre situation').fill('Bénévole à plein temps dans une association, sans revenu')
  await continueTo(page, 'Informations complémentaires')

  await answer(page, /résulte-t-elle d.un accident/, 'Non')
  await answer(page, /autre régime/, 'Non')
  await answer(page, /travaillé à l'étranger/, 'Non')
  await page.getByLabel('Aucune').check()
  await continueTo(page, 'Récapitulatif')
  assert.ok(await page.getByText('Autre situation', { exact: true }).isVisible())
  assert.ok(await page.getByText('Bénévole à plein temps dans une association, sans revenu').isVisible())
  await page.getByLabel(/Je certifie sur l'honneur/).check()
  await continueTo(page, 'Vos justificatifs')

  await addFiles(page, AVIS, { name: 'avis-situation-declarative.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })
  await sendDemande(page)
  const acknowledgment = await readAcknowledgment(page)
  assertCaisseAppealParagraph(acknowledgment)
})

test('a self-employed assurée in 2B, born in 2A, whose activity has stopped', async () => {
  const page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.2b')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Oui')
  assert.ok(await page.getByText('2 74 06 2A 004 061 41').isVisible(), 'her NIR, with the 2A of Corse-du-Sud')
  await chooseNationality(page, 'Française')

  await page.getByLabel('Travailleur indépendant (non salarié)').check()
  await continueTo(page, 'Votre activité non salariée')
  await fillDate(page, "Date d'immatriculation de votre activité", '15', '4', '2010')
  await answer(page, 'Avez-vous cessé votre activité ?', 'Oui')
  await fillDate(page, "Date de cessation de l'activité", '31', '12', '2009')
  await answer(page, /en tant que conjoint du chef d'entreprise/, 'Non')
  await page.getByLabel('Activité exercée').fill('Location de bateaux')
  await page.getByLabel('Adresse professionnelle').fill('Vieux-Port, 20200 Bastia')
  await continueWithError(page, "La date de cessation d'activité doit être après la date d'immatriculation")
  await fillDate(page, "Date de cessation de l'activité", '30', '6', '2024')
  await continueTo(page, 'Informations complémentaires')

  await answer(page, /résulte-t-elle d.un accident/, 'Non')
  await answer(page, /autre régime/, 'Non')
  await answer(page, /travaillé à l'étranger/, 'Non')
  await page.getByLabel('Aucune').check()
  await continueTo(page, 'Récapitulatif')
  assert.ok(await page.getByText('2 74 06 2A 004 061 41').isVisible(), 'the récapitulatif shows her NIR with 2A')
  for (const shown of ['15 avril 2010', '30 juin 2024', 'Location de bateaux']) {
    assert.ok(await page.getByText(shown, { exact: true }).isVisible(), `the récapitulatif shows « ${shown} »`)
  }
  await page.getByLabel(/Je certifie sur l'honneur/).check()
  await continueTo(page, 'Vos justificatifs')

  await addFiles(page, AVIS, { name: 'avis-impot.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })
  await sendDemande(page)
  const acknowledgment = await readAcknowledgment(page)
  assertCaisseAppealParagraph(acknowledgment)
})
