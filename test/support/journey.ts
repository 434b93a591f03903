// Steps a person takes, shared by the browser journeys. Each page reached is checked by axe-core.
import type { Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../src/identity/demo-provider/accounts.ts'
import { assertAccessible } from './browser.ts'

export async function signIn(page: Page, baseUrl: string, login: string): Promise<void> {
  await page.goto(`${baseUrl}/`)
  await assertAccessible(page, 'accueil')
  await page.getByRole('button', { name: /Se connecter avec mon compte ameli/ }).click()
  await page.getByLabel('Identifiant').fill(login)
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD)
  await assertAccessible(page, 'connexion (fournisseur de démonstration)')
  await page.getByRole('button', { name: /Se connecter/ }).click()
  await page.waitForURL(`${baseUrl}/demarches`)
}
