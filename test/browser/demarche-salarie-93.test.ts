// The whole démarche as the salaried assurée of Seine-Saint-Denis would do it, every page checked
// by axe-core, down to the acknowledgment in her messagerie and the e-mail that announces it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import {
  addFiles, answer, answerMedecinConseil, chooseNationality, continueTo, continueWithError, expectError, fillDate, readAcknowledgment,
  sendDemande, signIn, startDemarche,
} from '../support/journey.ts'
import { pdfAvisImposition } from '../support/files.ts'

const suite = browserSuite()

test('a salaried assurée in 93 files a demande from ÉTAPE 1 to ÉTAPE 8', async () => {
  const page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.93')
  await startDemarche(page)
  assert.ok(await page.getByText('Étape 1 sur 6').isVisible())
  await continueWithError(page, 'Indiquez si vous avez déjà rencontré le médecin conseil')
  await answerMedecinConseil(page, 'Oui')

  assert.ok(await page.getByText('2 78 04 75 113 047 89').isVisible(), 'the NIR comes from the account, formatted')
  await chooseNationality(page, 'Française')

  await page.getByLabel('Salarié(e)').check()
  await continueTo(page, 'Vos employeurs')
  await answer(page, 'Avez-vous plusieurs employeurs ?', 'Non')
  await continueTo(page, 'Votre employeur')

  await page.getByLabel("Nom de l'employeur").fill('Boulangerie du Canal')
  await page.getByLabel("Adresse de l'employeur").fill('3 quai de Seine, 93200 Saint-Denis')
  await page.getByLabel(/Numéro SIRET/).fill('732 829 320 00075')
  await fillDate(page, 'Date de début du contrat de travail', '1', '9', '2015')
  await answer(page, 'Votre contrat de travail est-il terminé ?', 'Non')
  await answer(page, /arrêt de travail pour l'état de santé/, 'Oui')
  await fillDate(page, "Date du début de l'arrêt de travail", '12', '2', '2025')
  await continueWithError(page, /SIRET/)
  await page.getByLabel(/Numéro SIRET/).fill('732 829 320 00074')
  await continueTo(page, 'Informations complémentaires')

  await answer(page, /résulte-t-elle d.un accident/, 'Non')
  await answer(page, /autre régime/, 'Non')
  await answer(page, /travaillé à l'étranger/, 'Non')
  await page.getByLabel('Aucune').check()
  await continueTo(page, 'Récapitulatif')

  assert.ok(await page.getByText('Boulangerie du Canal').isVisible())
  assert.ok(await page.getByText('73282932000074').or(page.getByText('732 829 320 00074')).first().isVisible())
  await page.getByRole('link', { name: /Modifier.*votre employeur/i }).click()
  await page.getByRole('heading', { name: 'Votre employeur' }).waitFor()
  await page.getByLabel("Nom de l'employeur").fill('Boulangerie du Canal Saint-Denis')
  await continueTo(page, 'Récapitulatif')
  assert.ok(await page.getByText('Boulangerie du Canal Saint-Denis').isVisible(), 'the change is shown back on the récapitulatif')

  await continueWithError(page, "Cochez la case pour certifier sur l'honneur l'exactitude des informations déclarées")
  await page.getByLabel(/Je certifie sur l'honneur/).check()
  await continueTo(page, 'Vos justificatifs')

  await page.getByRole('button', { name: 'Envoyer ma demande' }).click()
  await expectError(page, /Ajoutez : dernier avis d'imposition/)
  await addFiles(page, "Dernier avis d'imposition ou avis de situation déclarative", { name: 'avis-impot.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })

  const numero = await sendDemande(page)
  assert.ok(await page.getByText(/médecin conseil : le service médical/).isVisible(), 'next steps follow the médecin-conseil answer')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger une copie/ }).click()])
  const pdf = await download.createReadStream().then(async (stream) => Buffer.concat(await stream.toArray()))
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')

  const body = await readAcknowledgment(page)
  assert.match(body ?? '', /Nous accusons réception de votre demande de pension d’invalidité du \d{1,2}(er)? \p{L}+ \d{4}/u)
  assert.match(body ?? '', /CRAMIF/)
  assert.doesNotMatch(body ?? '', /Seine-et-Marne \(77\) ou des autres Caisses/)

  await page.getByRole('link', { name: 'Mes démarches' }).click()
  assert.ok(await page.getByText(`n° ${numero}`).isVisible())
  assert.ok(await page.getByText('Reçue', { exact: true }).isVisible())
  await assertAccessible(page, 'mes démarches après envoi')

  const deadline = Date.now() + 10_000
  while (suite.service.mails.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  assert.equal(suite.service.mails.length, 1, 'one e-mail announces the message')
  assert.equal(suite.service.mails[0]!.to, 'sophie.lefevre@example.fr')
  assert.doesNotMatch(JSON.stringify(suite.service.mails[0]), /Lefèvre|Sophie|278047511304789|Accusé/)
})
