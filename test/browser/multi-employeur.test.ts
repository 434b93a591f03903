// The exclusion of the seed: a salaried assurée with several employers cannot go on online. She is
// sent to the paper Cerfa S4150 and to her caisse; her draft is kept, so that after signing out and
// in again she finds it, and when she had answered « Oui » by mistake she corrects it and goes on.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { answer, answerMedecinConseil, chooseNationality, continueTo, isChosen, signIn, signOut, startDemarche } from '../support/journey.ts'

const EXIT = 'Votre demande ne peut pas être faite en ligne'

const suite = browserSuite({ worker: false })

test('several employers: the paper Cerfa S4150, the draft kept, the answer corrected', async () => {
  const page = await suite.newPage()
  await signIn(page, suite.service.baseUrl, 'assure.93')
  await startDemarche(page)
  await answerMedecinConseil(page, 'Oui')
  await chooseNationality(page, 'Française')
  await page.getByLabel('Salarié(e)').check()
  await continueTo(page, 'Vos employeurs')
  await answer(page, 'Avez-vous plusieurs employeurs ?', 'Oui')
  await continueTo(page, EXIT)

  const exit = page.getByRole('main')
  assert.ok(await exit.getByText(/Cerfa S4150, n° 11174\*05/).isVisible(), 'the page names the paper form and its number')
  const cerfa = exit.getByRole('link', { name: /Télécharger le formulaire de demande de pension d'invalidité \(PDF/ })
  assert.equal(await cerfa.getAttribute('href'), 'https://www.ameli.fr/sites/default/files/formualires/173/s4150.pdf')
  assert.ok(await exit.getByText(/prenez rendez-vous avec votre caisse : elle vous aidera à le remplir/).isVisible(), 'the caisse helps to fill it in')
  assert.ok(await exit.getByText(/Pour prendre rendez-vous avec votre caisse, appelez le 3646/).isVisible(), 'how to make the appointment')
  assert.ok(await exit.getByText(/Votre demande en cours est conservée/).isVisible())

  await signOut(page, suite.service.baseUrl)
  await signIn(page, suite.service.baseUrl, 'assure.93')
  assert.ok(await page.getByText('Vous avez commencé une demande de pension d\'invalidité. Vos réponses sont enregistrées.').isVisible())
  assert.equal(await page.getByRole('button', { name: "Demander une pension d'invalidité" }).count(), 0, 'the draft is offered, not a new demande')
  await page.getByRole('button', { name: "Reprendre ma demande de pension d'invalidité" }).click()
  await page.getByRole('heading', { level: 1, name: EXIT }).waitFor()
  await assertAccessible(page, 'sortie du téléservice, reprise')

  await page.getByRole('link', { name: 'Modifier ma réponse' }).click()
  await page.getByRole('heading', { level: 1, name: 'Vos employeurs' }).waitFor()
  await assertAccessible(page, 'vos employeurs, reprise')
  assert.ok(await isChosen(page, 'Avez-vous plusieurs employeurs ?', 'Oui'), 'her answer is still there')
  await page.getByRole('link', { name: 'Retour' }).click()
  await page.getByRole('heading', { level: 1, name: 'Votre situation professionnelle' }).waitFor()
  await assertAccessible(page, 'situation professionnelle, reprise')
  assert.ok(await page.getByLabel('Salarié(e)').isChecked(), 'and the answers before it')
  await continueTo(page, 'Vos employeurs')

  await answer(page, 'Avez-vous plusieurs employeurs ?', 'Non')
  await continueTo(page, 'Votre employeur')
  assert.ok(await page.getByText('Étape 3 sur 6').isVisible(), 'the démarche goes on online')
})
