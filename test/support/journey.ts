// Steps a person takes, shared by the browser journeys. Each page reached is checked by axe-core.
import assert from 'node:assert/strict'
import type { Locator, Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../src/identity/demo-provider/accounts.ts'
import { assertAccessible, isTouchScreen } from './browser.ts'

export type UploadedFile = { name: string; mimeType: string; buffer: Buffer }

/** The button that validates a step of the démarche, by its names on the different steps. */
export const SAVE_BUTTON = /Enregistrer et continuer|Enregistrer et revenir au récapitulatif|Valider et déposer/

/** How a person presses a button or a link on this device: a tap on a touch screen, else a click. */
export async function press(target: Locator): Promise<void> {
  await (isTouchScreen(target.page()) ? target.tap() : target.click())
}

/** Ticks a radio button or a checkbox: a tap on a touch screen, else a click. */
export async function choose(target: Locator): Promise<void> {
  if (!isTouchScreen(target.page())) return target.check()
  await target.tap()
  assert.ok(await target.isChecked(), 'l’option touchée est cochée')
}

export async function signIn(page: Page, baseUrl: string, login: string): Promise<void> {
  await page.goto(`${baseUrl}/`)
  await assertAccessible(page, 'accueil')
  await press(page.getByRole('button', { name: /Se connecter avec mon compte ameli/ }))
  await page.getByLabel('Identifiant').fill(login)
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD)
  await assertAccessible(page, 'connexion (fournisseur de démonstration)')
  await press(page.getByRole('button', { name: /Se connecter/ }))
  await page.waitForURL(`${baseUrl}/demarches`)
  await assertAccessible(page, 'mes démarches')
}

/** An agent signs in from the back office's home, through the demo identity provider, and lands where their role works. */
export async function signInAsAgent(page: Page, baseUrl: string, login: string, landing: string): Promise<void> {
  await page.goto(`${baseUrl}/agent`)
  await assertAccessible(page, 'espace agents')
  await press(page.getByRole('button', { name: 'Se connecter avec mon compte agent' }))
  await page.getByLabel('Identifiant').fill(login)
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD)
  await press(page.getByRole('button', { name: /Se connecter/ }))
  await page.waitForURL(`${baseUrl}${landing}`)
  await assertAccessible(page, landing)
}

export async function signOut(page: Page, baseUrl: string): Promise<void> {
  await press(page.getByRole('button', { name: 'Se déconnecter' }))
  await page.getByRole('button', { name: /Oui, me déconnecter/ }).waitFor()
  await assertAccessible(page, 'déconnexion (fournisseur de démonstration)')
  await press(page.getByRole('button', { name: /Oui, me déconnecter/ }))
  await page.waitForURL(`${baseUrl}/`)
  await assertAccessible(page, 'accueil après déconnexion')
}

/** From « Mes démarches »: « Demander une pension d'invalidité », then the first step. */
export async function startDemarche(page: Page): Promise<void> {
  await press(page.getByRole('button', { name: "Demander une pension d'invalidité" }))
  await page.getByRole('heading', { level: 1, name: 'Informations générales' }).waitFor()
  await assertAccessible(page, 'étape 1')
}

/** « Informations générales »: whether the médecin conseil has already been seen, then « Vos coordonnées ». */
export async function answerMedecinConseil(page: Page, seen: 'Oui' | 'Non'): Promise<void> {
  await answer(page, /médecin conseil/, seen)
  await continueTo(page, 'Vos coordonnées')
}

/** « Vos coordonnées »: a nationality that asks for nothing more, then « Votre situation professionnelle ». */
export async function chooseNationality(page: Page, nationality: string | RegExp): Promise<void> {
  await choose(page.getByLabel(nationality))
  await continueTo(page, 'Votre situation professionnelle')
}

/** Validates the page (« Enregistrer et continuer » or its variants) and waits for the next one. */
export async function continueTo(page: Page, heading: string | RegExp): Promise<void> {
  await press(page.getByRole('button', { name: SAVE_BUTTON }))
  await page.getByRole('heading', { level: 1, name: heading }).waitFor().catch(async (error: Error) => {
    const problems = await page.getByRole('alert').allTextContents()
    throw new Error(`« ${String(heading)} » attendu, mais la page est « ${await page.title()} »${problems.length ? ` : ${problems.join(' ').replace(/\s+/g, ' ')}` : ''}`, { cause: error })
  })
  await assertAccessible(page, String(heading))
}

/** Validates the page and expects it back with this error, in the summary and beside the field. */
export async function continueWithError(page: Page, message: string | RegExp): Promise<void> {
  await press(page.getByRole('button', { name: SAVE_BUTTON }))
  await expectError(page, message)
}

/**
 * The page shows this error in the summary at the top, as a link to the field, and beside the
 * field, where it is part of the field's description for a screen reader.
 */
export async function expectError(page: Page, message: string | RegExp): Promise<void> {
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor()
  await assertAccessible(page, `erreur « ${String(message)} »`)
  const link = page.getByRole('alert').getByRole('link', { name: message })
  assert.equal(await link.count(), 1, `le récapitulatif des erreurs contient « ${String(message)} »`)
  const target = (await link.getAttribute('href'))!.slice(1)
  const field = page.locator(`[id="${target}"]`)
  assert.equal(await field.count(), 1, `le lien « ${String(message)} » mène à un champ de la page`)
  // A radio or a date box is described through its fieldset; a text box by itself.
  const fieldset = field.locator('xpath=ancestor::fieldset[1]')
  const described = `${await descriptionOf(field)} ${(await fieldset.count()) ? await descriptionOf(fieldset) : ''}`
  const beside = typeof message === 'string' ? new RegExp(`Erreur\\s*:\\s*${escapeRegExp(message)}`) : new RegExp(`Erreur\\s*:\\s*.*${message.source}`, message.flags)
  assert.match(described, beside, 'le message est aussi à côté du champ, annoncé en français')
}

async function descriptionOf(element: Locator): Promise<string> {
  const ids = (await element.getAttribute('aria-describedby'))?.split(/\s+/).filter(Boolean) ?? []
  const texts = await Promise.all(ids.map((id) => element.page().locator(`[id="${id}"]`).textContent()))
  return texts.join(' ').replace(/\s+/g, ' ')
}

// An option of the question itself, not of a question nested under one of its options (without
// JavaScript a nested question shows between « Oui » and « Non »): the question's own radios
// share the name of its first one.
export async function optionOf(page: Page, question: RegExp | string, option: string): Promise<Locator> {
  const group = page.getByRole('group', { name: question }).first()
  const name = await group.getByRole('radio').first().getAttribute('name')
  return group.locator(`input[type="radio"][name="${name}"]`).and(page.getByRole('radio', { name: option, exact: true }))
}

export async function answer(page: Page, question: RegExp | string, option: string): Promise<void> {
  await choose(await optionOf(page, question, option))
}

export async function isChosen(page: Page, question: RegExp | string, option: string): Promise<boolean> {
  return (await optionOf(page, question, option)).isChecked()
}

export async function fillDate(page: Page, legend: string, day: string, month: string, year: string): Promise<void> {
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Jour').fill(day)
  await group.getByLabel('Mois').fill(month)
  await group.getByLabel('Année').fill(year)
}

/** The titles of the sections of a page's main content: the récapitulatif's, or the documents asked for on « Vos justificatifs ». */
export async function sectionTitles(page: Page): Promise<string[]> {
  return (await page.getByRole('main').getByRole('heading', { level: 2 }).allInnerTexts()).map((title) => title.trim())
}

/** On « Vos justificatifs »: adds files to the document of that title, and waits for them in its list. */
export async function addFiles(page: Page, document: string, ...files: UploadedFile[]): Promise<void> {
  const section = page.getByRole('region', { name: document, exact: true })
  await section.getByLabel(/Choisir un ou plusieurs fichiers|Ajouter un autre fichier/).setInputFiles(files)
  await press(section.getByRole('button', { name: 'Ajouter', exact: true }))
  for (const file of files) await page.getByRole('region', { name: document, exact: true }).getByText(file.name).waitFor()
  await assertAccessible(page, `justificatif ajouté : ${document}`)
}

/** « Envoyer ma demande », and the confirmation page: answers the demande's number. */
export async function sendDemande(page: Page): Promise<string> {
  await press(page.getByRole('button', { name: 'Envoyer ma demande' }))
  await page.getByRole('heading', { level: 1, name: 'Votre demande a été envoyée' }).waitFor()
  await assertAccessible(page, 'confirmation')
  const numero = (await page.getByText(/^PI-\d{4}-\d{7}$/).textContent())?.trim() ?? ''
  assert.match(numero, /^PI-\d{4}-\d{7}$/)
  return numero
}

/** Opens the messagerie and the acknowledgment; answers its text. */
export async function readAcknowledgment(page: Page): Promise<string> {
  await press(page.getByRole('link', { name: /Messagerie/ }).first())
  await page.getByRole('heading', { level: 1, name: 'Messagerie' }).waitFor()
  await assertAccessible(page, 'messagerie')
  await press(page.getByRole('link', { name: "Accusé de réception demande de pension d'invalidité" }))
  await page.getByRole('heading', { level: 1, name: "Accusé de réception demande de pension d'invalidité" }).waitFor()
  await assertAccessible(page, 'accusé de réception')
  return (await page.getByRole('main').textContent()) ?? ''
}

/** The appeal paragraph of the caisses other than those of the CRAMIF (the 77 and the others). */
export function assertCaisseAppealParagraph(acknowledgment: string): void {
  assert.match(acknowledgment, /Vous dépendez de la Caisse de Seine-et-Marne \(77\) ou des autres Caisses \?/)
  assert.match(acknowledgment, /à votre CPAM ou CGSS/)
  assert.doesNotMatch(acknowledgment, /CRAMIF|avenue de Flandre/)
}

export async function goToMesDemarches(page: Page): Promise<void> {
  await press(page.getByRole('navigation', { name: 'Mon compte' }).getByRole('link', { name: 'Mes démarches' }))
  await page.getByRole('heading', { level: 1, name: 'Mes démarches' }).waitFor()
  await assertAccessible(page, 'mes démarches')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** « Informations complémentaires »: « Non » throughout and no pension; then the attestation on the récapitulatif, up to « Vos justificatifs ». */
export async function declareNothingMoreAndAttest(page: Page): Promise<void> {
  await answer(page, /résulte-t-elle d.un accident/, 'Non')
  await answer(page, /autre régime/, 'Non')
  await answer(page, /travaillé à l'étranger/, 'Non')
  await choose(page.getByLabel('Aucune'))
  await continueTo(page, 'Récapitulatif')
  await choose(page.getByLabel(/Je certifie sur l'honneur/))
  await continueTo(page, 'Vos justificatifs')
}
