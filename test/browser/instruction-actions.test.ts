// The CRAMIF's superviseure instructs a demande in a browser without JavaScript, every page of the
// actions checked by axe-core: take in charge, attribute, ask for documents (with an error first),
// record them received, decide (with errors first), and notify an implicit refusal from « À faire ».
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { assertAccessible } from '../support/browser.ts'
import { browserSuite } from '../support/browser-suite.ts'
import { expectError, fillDate, signInAsAgent } from '../support/journey.ts'
import { savedAnswers } from '../support/demarche.ts'
import { assureClaims } from '../support/sign-in.ts'
import { findAssureProfile, upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'
import { answerDueDate } from '../../src/demarche/domain/answer-due-date.ts'
import { constaterRejetsImplicites } from '../../src/instruction/application/constater-rejets-implicites.ts'
import { addDays, addMonths, todayInParis } from '../../src/shared/dates.ts'

const suite = browserSuite({ worker: false })

/** A demande of the 93 received `daysAgo` days ago, as the submission writes it. */
async function receivedDemande(nom: string, daysAgo: number): Promise<{ id: string; numero: string }> {
  const { pool } = suite.service.database
  const assureId = await upsertAssureFromClaims(pool, assureClaims({ family_name: nom }))
  const identity = await findAssureProfile(pool, assureId)
  const answers = Object.assign({}, ...Object.values(savedAnswers))
  const receivedOn = addDays(todayInParis(new Date()), -daysAgo)
  const { rows } = await pool.query<{ id: string; numero: string }>(
    `insert into demande (assure_id, state, answers, numero, caisse_code, organisme_code, channel, received_at, answer_due_on, submitted)
     values ($1, 'recue', $2, 'PI-2026-' || lpad(nextval('demande_numero_seq')::text, 7, '0'), '93', 'CRAMIF', 'web-ordinateur',
             ($3::date + time '10:00') at time zone 'Europe/Paris', $4, $5)
     returning id, numero`,
    [assureId, JSON.stringify(answers), receivedOn, answerDueDate({ receivedOn, suspensions: [], today: receivedOn }), JSON.stringify({ identity, answers, documents: [] })],
  )
  return rows[0]!
}

async function expectBanner(page: Page, text: RegExp): Promise<void> {
  await page.getByRole('alert').getByText(text).waitFor()
  await assertAccessible(page, `bandeau ${text.source}`)
}

test('a superviseure instructs a demande up to the decision, without JavaScript', async () => {
  const demande = await receivedDemande('Lefèvre', 10)
  const page = await suite.newPage({ javaScriptEnabled: false })
  await signInAsAgent(page, suite.service.baseUrl, 'superviseur.cramif', '/agent/file')
  const demandeUrl = `${suite.service.baseUrl}/agent/demandes/${demande.id}`
  await page.goto(demandeUrl)
  await assertAccessible(page, 'demande reçue, ses actions')

  await page.getByLabel('Attribuer la demande à').selectOption({ label: 'Claire Dubois' })
  await page.getByRole('button', { name: 'Attribuer' }).click()
  await expectBanner(page, /La demande a été attribuée/)

  await page.getByRole('button', { name: 'Prendre en charge' }).click()
  await expectBanner(page, /Vous avez pris la demande en charge/)

  await page.getByRole('button', { name: 'Demander des justificatifs' }).click()
  await page.getByRole('heading', { level: 1, name: 'Demander des justificatifs' }).waitFor()
  await assertAccessible(page, 'demander des justificatifs')
  await page.getByRole('button', { name: 'Envoyer la demande de justificatifs' }).click()
  await expectError(page, 'Indiquez les justificatifs à demander à l’assuré')
  await page.getByLabel('Justificatifs demandés').fill('Bulletins de salaire de janvier à mars 2025')
  await page.getByRole('button', { name: 'Envoyer la demande de justificatifs' }).click()
  await expectBanner(page, /Le délai d'instruction est suspendu/)

  await page.getByRole('button', { name: /Justificatifs reçus/ }).click()
  await expectBanner(page, /l'instruction reprend/)

  await page.getByRole('button', { name: 'Accorder la pension' }).click()
  await page.getByRole('heading', { level: 1, name: 'Accorder la pension' }).waitFor()
  await assertAccessible(page, 'accorder la pension')
  await page.getByRole('button', { name: /Enregistrer la décision/ }).click()
  await expectError(page, "Choisissez la catégorie d'invalidité")
  await expectError(page, "Indiquez la date d'effet de la pension")

  await page.goto(`${demandeUrl}/decision`)
  await page.getByRole('heading', { level: 1, name: /Quelle est la décision/ }).waitFor()
  await assertAccessible(page, 'choix de la décision')
  await page.getByRole('button', { name: 'Continuer' }).click()
  await expectError(page, 'Indiquez si vous accordez la pension ou si vous refusez la demande')
  await page.getByLabel('Refuser la demande').check()
  await page.getByRole('button', { name: 'Continuer' }).click()
  await page.getByRole('heading', { level: 1, name: 'Refuser la demande' }).waitFor()
  await assertAccessible(page, 'refuser la demande')

  await page.goto(`${demandeUrl}/decision?type=accord`)
  await page.getByLabel('2e catégorie').check()
  const [annee, mois, jour] = addMonths(todayInParis(new Date()), 1).split('-') as [string, string, string]
  await fillDate(page, "Date d'effet de la pension", String(Number(jour)), String(Number(mois)), annee)
  await page.getByRole('button', { name: /Enregistrer la décision/ }).click()
  await expectBanner(page, /La décision est enregistrée/)
  assert.ok(await page.getByRole('link', { name: 'Courrier de notification de la décision (PDF)' }).isVisible())

  await page.goto(`${demandeUrl}/decision`)
  await page.getByRole('heading', { level: 1, name: "Cette action n'est pas possible" }).waitFor()
  await assertAccessible(page, 'action impossible')
})

test('an implicit refusal is notified from « À faire », without JavaScript', async () => {
  const demande = await receivedDemande('Martin', 70)
  assert.ok(await constaterRejetsImplicites(suite.service.database.pool, new Date()) >= 1)
  const page = await suite.newPage({ javaScriptEnabled: false })
  await signInAsAgent(page, suite.service.baseUrl, 'technicien.cramif', '/agent/file')
  await page.goto(`${suite.service.baseUrl}/agent/a-faire`)
  await page.getByRole('heading', { level: 1, name: /refus implicites à notifier/ }).waitFor()
  await assertAccessible(page, 'à faire')
  const row = page.getByRole('row', { name: new RegExp(demande.numero) })
  await row.getByRole('button', { name: /Notifier le refus/ }).click()
  await expectBanner(page, /Le courrier de refus est dans la messagerie/)
  assert.equal(await page.getByRole('row', { name: new RegExp(demande.numero) }).count(), 0)

  await page.goto(`${suite.service.baseUrl}/agent/demandes/${demande.id}`)
  await assertAccessible(page, 'demande refusée implicitement, notifiée')
  assert.ok(await page.getByText(/Le refus implicite a été notifié/).isVisible())
})
