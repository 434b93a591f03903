// Every page of the back office, each opened by the role that works there after signing in through
// the demo identity provider, on a computer and on a 360 px phone: axe-core finds nothing and no
// page scrolls sideways (assertAccessible). The pages in error are among them.
import { test } from 'node:test'
import { randomUUID } from 'node:crypto'
import type { BrowserContextOptions } from 'playwright-core'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { savedAnswers } from '../support/demarche.ts'
import { createReceivedDemande } from '../support/ged.ts'
import { press, signInAsAgent } from '../support/journey.ts'

const DEVICES: Array<[string, BrowserContextOptions]> = [
  ['a computer', { viewport: { width: 1280, height: 800 } }],
  ['a 360 px phone', { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true }],
]

type Visit = [path: string, heading: string | RegExp]

const suite = browserSuite({ worker: false })

// A received demande of the CRAMIF with its Cerfa and its avis, whose Cerfa could not be deposited.
async function receivedDemande(): Promise<{ id: string; numero: string }> {
  const { pool } = suite.service.database
  const demande = await createReceivedDemande(pool, { answers: Object.assign({}, ...Object.values(savedAnswers)) })
  await pool.query(
    `insert into ged_deposit (deposit_key, demande_id, document_type, file_id, state, attempts, last_error) values ($1, $2, 'demande-pension-invalidite', $3, 'echec', 14, 'ged-indisponible (HTTP 503)')`,
    [`${demande.numero}-cerfa-${randomUUID()}`, demande.demandeId, demande.cerfaFileId],
  )
  return { id: demande.demandeId, numero: demande.numero }
}

// The pages of a demande received, then those of the same demande taken in charge.
function technicienPages(demande: { id: string; numero: string }): [received: Visit[], inCharge: Visit[]] {
  const page = `/agent/demandes/${demande.id}`
  return [[
    ['/agent/file', 'File de travail'],
    ['/agent/file?etat=toutes&tri=reception', 'File de travail'],
    ['/agent/file?recherche=%3F%3F', 'File de travail'],
    ['/agent/a-faire', /refus implicites à notifier/],
    ['/agent/accueil', "Accueil d'un assuré"],
    [`/agent/demandes/${randomUUID()}`, 'Page introuvable'],
    [`${page}/decision?type=accord`, "Cette action n'est pas possible"],
    [page, new RegExp(demande.numero)],
  ], [
    [`${page}/demander-des-pieces`, 'Demander des justificatifs'],
    [`${page}/decision`, /Quelle est la décision/],
    [`${page}/decision?choix=1`, /Quelle est la décision/],
    [`${page}/decision?type=accord`, 'Accorder la pension'],
    [`${page}/decision?type=refus`, 'Refuser la demande'],
  ]]
}

const superviseurPages: Visit[] = [
  ['/agent/tableau-de-bord', 'Tableau de bord'],
  ['/agent/depots-en-echec', 'Dépôts GED en échec'],
  ['/agent/journal', 'Journal des accès'],
  ['/agent/journal?numero=PI-2026-9999999', 'Journal des accès'],
]

for (const [device, options] of DEVICES) {
  test(`every back-office page on ${device}`, async () => {
    const { baseUrl } = suite.service
    const demande = await receivedDemande()
    const visit = async (page: Awaited<ReturnType<typeof suite.newPage>>, [path, heading]: Visit) => {
      await page.goto(`${baseUrl}${path}`)
      await page.getByRole('heading', { level: 1, name: heading }).waitFor()
      await assertAccessible(page, `${path} (${device})`)
    }

    const technicien = await suite.newPage(options)
    await signInAsAgent(technicien, baseUrl, 'technicien.cramif', '/agent/file')
    const [received, inCharge] = technicienPages(demande)
    for (const page of received) await visit(technicien, page)
    await press(technicien.getByRole('button', { name: 'Prendre en charge' }))
    await technicien.getByRole('alert').getByText(/Vous avez pris la demande en charge/).waitFor()
    await assertAccessible(technicien, `demande prise en charge (${device})`)
    for (const page of inCharge) await visit(technicien, page)

    const superviseur = await suite.newPage(options)
    await signInAsAgent(superviseur, baseUrl, 'superviseur.cramif', '/agent/file')
    for (const page of superviseurPages) await visit(superviseur, page)

    const accueil = await suite.newPage(options)
    await signInAsAgent(accueil, baseUrl, 'accueil.cramif', '/agent/accueil')
    const nir = accueil.getByLabel("Numéro de sécurité sociale de l'assuré")
    await nir.fill('2 78 04 75 113 047 00')
    await press(accueil.getByRole('button', { name: 'Rechercher' }))
    await accueil.getByRole('heading', { name: 'Il y a un problème' }).waitFor()
    await assertAccessible(accueil, `accueil : NIR erroné (${device})`)
    await nir.fill('2 78 04 75 113 047 89')
    await press(accueil.getByRole('button', { name: 'Rechercher' }))
    await accueil.getByRole('heading', { name: `Demande n° ${demande.numero}` }).waitFor()
    await assertAccessible(accueil, `accueil : demande trouvée (${device})`)
    await visit(accueil, ['/agent/file', "Vous n'avez pas accès à cette page"])
  })
}
