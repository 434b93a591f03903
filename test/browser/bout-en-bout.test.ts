// The issue's « done when », in one journey: an assurée of the 93 files a demande; its Cerfa and
// attachment reach the GED hot folder with their index files; the CRAMIF's technicien finds it in
// the queue, reads its Cerfa, instructs it to a decision; the assurée reads the decision in her
// messagerie. An agent of another organisme cannot see it; the accueil confirms its receipt.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { addFiles, answer, answerMedecinConseil, chooseNationality, continueTo, fillDate, sendDemande, signIn, signInAsAgent, startDemarche } from '../support/journey.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { addMonths, todayInParis } from '../../src/shared/dates.ts'

const suite = browserSuite()

async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`toujours pas : ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

test('from the assurée’s demande to the GED, the instruction and the decision she reads', async () => {
  const assure = await suite.newPage()
  await signIn(assure, suite.service.baseUrl, 'assure.93')
  await startDemarche(assure)
  await answerMedecinConseil(assure, 'Oui')
  await chooseNationality(assure, 'Française')
  await assure.getByLabel('Au chômage').check()
  await continueTo(assure, 'Informations complémentaires')
  await answer(assure, /résulte-t-elle d.un accident/, 'Non')
  await answer(assure, /autre régime/, 'Non')
  await answer(assure, /travaillé à l'étranger/, 'Non')
  await assure.getByLabel('Aucune').check()
  await continueTo(assure, 'Récapitulatif')
  await assure.getByLabel(/Je certifie sur l'honneur/).check()
  await continueTo(assure, 'Vos justificatifs')
  await addFiles(assure, "Dernier avis d'imposition ou avis de situation déclarative", { name: 'avis.pdf', mimeType: 'application/pdf', buffer: await pdfAvisImposition() })
  const numero = await sendDemande(assure)

  // The document chain: the Cerfa and the avis, each with its index, in the hot folder.
  const indexes = await eventually(async () => {
    const names = (await readdir(suite.service.gedDir)).filter((name) => name.endsWith('.json'))
    return names.length === 2 ? names : undefined
  }, 'deux documents indexés dans la GED')
  const index = await Promise.all(indexes.map(async (name) => JSON.parse(await readFile(`${suite.service.gedDir}/${name}`, 'utf8'))))
  assert.deepEqual(index.map((i) => i.type).sort(), ['avis-imposition', 'demande-pension-invalidite'])
  for (const entry of index) {
    assert.equal(entry.numeroDemande, numero)
    assert.equal(entry.nir, '278047511304789')
    assert.equal(entry.organismeDestinataire.code, 'CRAMIF')
  }

  const other = await suite.newPage()
  await signInAsAgent(other, suite.service.baseUrl, 'technicien.69', '/agent/file')
  await other.getByLabel('Rechercher une demande').fill(numero)
  await other.getByRole('button', { name: 'Afficher les demandes' }).click()
  await assertAccessible(other, 'file vide pour un autre organisme')
  assert.equal(await other.getByRole('link', { name: numero }).count(), 0, 'another organisme does not see it')

  const agent = await suite.newPage()
  await signInAsAgent(agent, suite.service.baseUrl, 'technicien.cramif', '/agent/file')
  await agent.getByLabel('Rechercher une demande').fill('Lefèvre')
  await agent.getByRole('button', { name: 'Afficher les demandes' }).click()
  await agent.getByRole('link', { name: numero }).click()
  await agent.getByRole('heading', { level: 1, name: new RegExp(numero) }).waitFor()
  await assertAccessible(agent, 'la demande')
  const [cerfa] = await Promise.all([agent.waitForEvent('download'), agent.getByRole('link', { name: /Cerfa S4150 reconstitué/ }).click()])
  assert.equal((await readFile(await cerfa.path())).subarray(0, 5).toString(), '%PDF-')

  await other.goto(agent.url())
  await other.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor()

  await agent.getByRole('button', { name: 'Prendre en charge' }).click()
  await agent.getByRole('alert').getByText(/Vous avez pris la demande en charge/).waitFor()
  await assertAccessible(agent, 'prise en charge')
  await agent.getByRole('button', { name: 'Accorder la pension' }).click()
  await agent.getByRole('heading', { level: 1, name: 'Accorder la pension' }).waitFor()
  await agent.getByLabel('2e catégorie').check()
  const [annee, mois, jour] = addMonths(todayInParis(new Date()), 1).split('-') as [string, string, string]
  await fillDate(agent, "Date d'effet de la pension", String(Number(jour)), String(Number(mois)), annee)
  await assertAccessible(agent, 'décision remplie')
  await agent.getByRole('button', { name: /Enregistrer la décision/ }).click()
  await agent.getByRole('alert').getByText(/La décision est enregistrée/).waitFor()
  await assertAccessible(agent, 'décision enregistrée')

  const accueil = await suite.newPage()
  await signInAsAgent(accueil, suite.service.baseUrl, 'accueil.cramif', '/agent/accueil')
  await accueil.getByLabel("Numéro de sécurité sociale de l'assuré").fill('2 78 04 75 113 047 89')
  await accueil.getByRole('button', { name: 'Rechercher' }).click()
  await accueil.getByRole('heading', { name: `Demande n° ${numero}` }).waitFor()
  await assertAccessible(accueil, 'accueil : demande trouvée')
  assert.ok(await accueil.getByText('Pension accordée').first().isVisible())

  await assure.goto(`${suite.service.baseUrl}/messagerie`)
  await assure.getByRole('link', { name: 'Décision sur votre demande de pension d\'invalidité' }).click()
  await assertAccessible(assure, 'décision dans la messagerie')
  const [letter] = await Promise.all([assure.waitForEvent('download'), assure.getByRole('link', { name: /\.pdf/ }).first().click()])
  assert.equal((await readFile(await letter.path())).subarray(0, 5).toString(), '%PDF-')
  await assure.goto(`${suite.service.baseUrl}/demarches`)
  assert.ok(await assure.getByText('Pension accordée').first().isVisible())
  await assertAccessible(assure, 'mes démarches : pension accordée')
})
