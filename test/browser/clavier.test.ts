// Sophie Lefèvre (assure.93) files her whole demande with the keyboard alone: no click, no tap.
// She signs in, answers each step, meets errors (the focus goes to their summary, and each link of
// it to its field), adds her avis d'imposition and sends. At every stop of the focus it is visible
// (support/keyboard.ts); every page is checked by axe-core.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { expectError, SAVE_BUTTON } from '../support/journey.ts'
import { chooseWithKeyboard, followErrorFromSummary, pressWithEnter, tabTo, tickWithSpace, typeDate, typeInto } from '../support/keyboard.ts'
import { DEMO_PASSWORD } from '../../src/identity/demo-provider/accounts.ts'

const AVIS = "Dernier avis d'imposition ou avis de situation déclarative"

const suite = browserSuite()

async function arriveOn(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await assertAccessible(page, String(heading))
}

async function saveAndContinue(page: Page, next: string | RegExp): Promise<void> {
  await pressWithEnter(page, page.getByRole('button', { name: SAVE_BUTTON }))
  await arriveOn(page, next)
}

async function saveWithError(page: Page, message: string | RegExp): Promise<void> {
  await pressWithEnter(page, page.getByRole('button', { name: SAVE_BUTTON }))
  await expectError(page, message)
  await followErrorFromSummary(page, message)
}

test('a whole demande with the keyboard alone, the focus always visible and sent to the errors', async () => {
  const page = await suite.newPage()
  await page.goto(`${suite.service.baseUrl}/`)
  await assertAccessible(page, 'accueil')
  await page.keyboard.press('Tab')
  assert.equal(await page.locator(':focus').textContent(), 'Aller au contenu principal', 'the first stop is the skip link')
  await pressWithEnter(page, page.getByRole('button', { name: 'Se connecter avec mon compte ameli' }))

  await page.getByLabel('Identifiant').waitFor()
  await typeInto(page, page.getByLabel('Identifiant'), 'assure.93')
  await typeInto(page, page.getByLabel('Mot de passe'), DEMO_PASSWORD)
  await assertAccessible(page, 'connexion (fournisseur de démonstration)')
  await pressWithEnter(page, page.getByRole('button', { name: 'Se connecter' }))
  await arriveOn(page, 'Mes démarches')
  await pressWithEnter(page, page.getByRole('button', { name: "Demander une pension d'invalidité" }))
  await arriveOn(page, 'Informations générales')

  // Nothing chosen: from the summary to the first option, chosen with Space.
  await saveWithError(page, 'Indiquez si vous avez déjà rencontré le médecin conseil')
  await page.keyboard.press('Space')
  await saveAndContinue(page, 'Vos coordonnées')

  await chooseWithKeyboard(page, /nationalité/, 'Française')
  await saveAndContinue(page, 'Votre situation professionnelle')
  await chooseWithKeyboard(page, /situation professionnelle/, 'Salarié(e)')
  await saveAndContinue(page, 'Vos employeurs')
  await chooseWithKeyboard(page, 'Avez-vous plusieurs employeurs ?', 'Non')
  await saveAndContinue(page, 'Votre employeur')

  await typeInto(page, page.getByLabel("Nom de l'employeur"), 'Boulangerie du Canal')
  await typeInto(page, page.getByLabel("Adresse de l'employeur"), '3 quai de Seine, 93200 Saint-Denis')
  await typeInto(page, page.getByLabel(/Numéro SIRET/), '732 829 320 00074')
  await chooseWithKeyboard(page, 'Votre contrat de travail est-il terminé ?', 'Non')
  await chooseWithKeyboard(page, /arrêt de travail pour l'état de santé/, 'Oui')
  await typeDate(page, "Date du début de l'arrêt de travail", '12', '2', '2025')
  // The start of the contract forgotten: its link leads to the day of the date.
  await saveWithError(page, /date de début du contrat/i)
  await page.keyboard.type('1')
  await typeInto(page, page.getByRole('group', { name: 'Date de début du contrat de travail' }).getByLabel('Mois'), '9')
  await typeInto(page, page.getByRole('group', { name: 'Date de début du contrat de travail' }).getByLabel('Année'), '2015')
  await saveAndContinue(page, 'Informations complémentaires')

  await chooseWithKeyboard(page, /résulte-t-elle d.un accident/, 'Non')
  await chooseWithKeyboard(page, /autre régime/, 'Non')
  await chooseWithKeyboard(page, /travaillé à l'étranger/, 'Non')
  await tickWithSpace(page, page.getByLabel('Aucune'))
  await saveAndContinue(page, 'Récapitulatif')
  await tickWithSpace(page, page.getByLabel(/Je certifie sur l'honneur/))
  await saveAndContinue(page, 'Vos justificatifs')

  // Sent without the avis: its error leads to its file field, where the file is given (a file
  // picker cannot be typed into) and added with the keyboard.
  await pressWithEnter(page, page.getByRole('button', { name: 'Envoyer ma demande' }))
  await expectError(page, /Ajoutez : dernier avis d'imposition/)
  await followErrorFromSummary(page, /Ajoutez : dernier avis d'imposition/)
  await page.locator(':focus').setInputFiles({ name: 'avis-impot.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })
  await pressWithEnter(page, page.getByRole('region', { name: AVIS, exact: true }).getByRole('button', { name: 'Ajouter', exact: true }))
  await page.getByRole('region', { name: AVIS, exact: true }).getByText('avis-impot.pdf').waitFor()
  await assertAccessible(page, 'justificatif ajouté')

  await pressWithEnter(page, page.getByRole('button', { name: 'Envoyer ma demande' }))
  await arriveOn(page, 'Votre demande a été envoyée')
  const numero = (await page.getByText(/^PI-\d{4}-\d{7}$/).textContent())?.trim()
  // What follows the confirmation is reachable too, the focus still visible.
  await tabTo(page, page.getByRole('link', { name: /Télécharger une copie/ }))

  const { rows } = await suite.service.database.pool.query<{ state: string }>('select state from demande where numero = $1', [numero])
  assert.equal(rows[0]?.state, 'recue', 'the demande is received')
})
