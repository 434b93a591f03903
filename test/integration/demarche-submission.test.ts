// « Envoyer ma demande »: one transaction locks the draft, records the receipt and the answer-due
// date, moves it to « reçue », writes the acknowledgment and queues its e-mail; a replay (double
// click, resent POST, back button) gives one demande and one acknowledgment; a failure inside the
// transaction leaves nothing behind.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims, signInAs, testServiceDeps, type SignedIn } from '../support/sign-in.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import {
  BASE, countRows, documentsOf, forms, get, jobsFor, messagesOf, onlyDemandeOf, postForm, salariePath, savePage, storedFilesOf,
  upload, visibleText, walk, type DemandeRow,
} from '../support/demarche.ts'
import { createService } from '../../src/service.ts'
import type { Pool } from '../../src/platform/db/pool.ts'
import { submitDemande } from '../../src/demarche/application/submit-demande.ts'
import { answerDueDate } from '../../src/demarche/domain/answer-due-date.ts'
import { ACCUSE_RECEPTION_SUBJECT, accuseReceptionMessage } from '../../src/demarche/domain/accuse-reception.ts'
import { findCaisse } from '../../src/shared/caisses.ts'
import { addDays, addMonths, formatFrenchDate, todayInParis, type LocalDate } from '../../src/shared/dates.ts'

// Half past midnight on 1 January 2026 in Paris, still 2025 in UTC: the receipt, its year in the
// numero and the answer-due date are Paris dates.
const NOW = new Date('2025-12-31T23:30:00Z')
const RECEIVED_ON = '2026-01-01' as LocalDate

let database: TestDatabase
let app: FastifyInstance
let pdf: Buffer

before(async () => {
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool, { now: () => NOW }))
  pdf = await pdfAvisImposition()
})

after(async () => {
  await app.close()
  await database.drop()
})

/** An assuré whose draft is complete, the avis d'imposition uploaded: ready to send. */
async function readyToSend(claims = assureClaims()): Promise<SignedIn> {
  const user = await signInAs(app, database.pool, claims)
  await walk(app, user, salariePath)
  const uploaded = await upload(app, user, 'avis-imposition', [{ filename: 'avis-impot-2026.pdf', contentType: 'application/pdf', bytes: pdf }])
  assert.equal(uploaded.statusCode, 303)
  return user
}

function send(user: SignedIn) {
  return postForm(app, user, `${BASE}/envoyer`, {})
}

type Trace = { demandes: DemandeRow[]; messages: number; jobs: number; events: number }

/** Everything a submission writes, for one assuré. */
async function traceOf(assureId: string): Promise<Trace> {
  const { rows: demandes } = await database.pool.query<DemandeRow>('select * from demande where assure_id = $1 order by created_at', [assureId])
  const messages = await messagesOf(database.pool, assureId)
  return {
    demandes,
    messages: messages.length,
    jobs: (await jobsFor(database.pool, messages.map((m) => m.id))).length,
    events: await countRows(database.pool, 'select 1 from demande_event e join demande d on d.id = e.demande_id where d.assure_id = $1', [assureId]),
  }
}

function assertStillADraft(trace: Trace, label: string): void {
  assert.equal(trace.demandes.length, 1, label)
  const [demande] = trace.demandes
  assert.equal(demande!.state, 'brouillon', label)
  assert.equal(demande!.numero, null, label)
  assert.equal(demande!.received_at, null, label)
  assert.equal(demande!.answer_due_on, null, label)
  assert.equal(demande!.submitted, null, label)
  assert.deepEqual({ messages: trace.messages, jobs: trace.jobs, events: trace.events }, { messages: 0, jobs: 0, events: 0 }, label)
}

async function sequenceValue(): Promise<number> {
  const { rows } = await database.pool.query<{ last_value: string; is_called: boolean }>('select last_value, is_called from demande_numero_seq')
  return rows[0]!.is_called ? Number(rows[0]!.last_value) : 0
}

/** The same pool, except that one statement of a transaction fails as a lost server would fail it. */
function poolFailingOn(statement: RegExp): Pool {
  const failing = (client: pg.PoolClient) => new Proxy(client, {
    get(target, property) {
      if (property === 'query') {
        return (sql: unknown, ...rest: unknown[]) => typeof sql === 'string' && statement.test(sql)
          ? Promise.reject(new Error('panne simulée'))
          : (target.query as (...args: unknown[]) => unknown)(sql, ...rest)
      }
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return new Proxy(database.pool, {
    get(target, property) {
      if (property === 'connect') return async () => failing(await target.connect())
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('démarche: the submission', () => {
  it('sends nothing while answers are missing: the draft stays as it is', async () => {
    const nobody = await signInAs(app, database.pool)
    const empty = await send(nobody)
    assert.equal(empty.statusCode, 303)
    assert.equal(empty.headers.location, BASE)
    assert.equal((await traceOf(nobody.assureId)).demandes.length, 0, 'sending creates no demande')

    const user = await signInAs(app, database.pool)
    await walk(app, user, salariePath.slice(0, 5))
    assert.equal((await upload(app, user, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])).statusCode, 303)
    const response = await send(user)
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, `${BASE}/informations-complementaires`, 'back to the first page left to answer')
    assertStillADraft(await traceOf(user.assureId), 'answers missing')

    const multi = await signInAs(app, database.pool)
    await walk(app, multi, [...salariePath.slice(0, 3), ['plusieurs-employeurs', { plusieursEmployeurs: 'oui' }, 'hors-teleservice']])
    const out = await send(multi)
    assert.equal(out.headers.location, `${BASE}/hors-teleservice`, 'several employers: not sent online')
    assertStillADraft(await traceOf(multi.assureId), 'several employers')
  })

  it("sends nothing without the avis d'imposition, or without the titre de séjour asked for", async () => {
    const user = await signInAs(app, database.pool)
    await walk(app, user, salariePath)
    const response = await send(user)
    assert.equal(response.statusCode, 400)
    const text = visibleText(response.body)
    assert.match(text, /Il y a un problème/)
    assert.match(text, /Ajoutez : dernier avis d'imposition ou avis de situation déclarative/)
    assert.match(response.body, /<a href="#fichiers-avis-imposition">/)
    assertStillADraft(await traceOf(user.assureId), 'no avis')

    const etrangere = await signInAs(app, database.pool)
    await walk(app, etrangere, [salariePath[0]!, ['coordonnees', forms.etrangere, 'situation-professionnelle'], ...salariePath.slice(2)])
    await upload(app, etrangere, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])
    const missingTitre = await send(etrangere)
    assert.equal(missingTitre.statusCode, 400)
    assert.match(visibleText(missingTitre.body), /Ajoutez : titre de séjour/)
    assert.doesNotMatch(visibleText(missingTitre.body), /Ajoutez : dernier avis/)
    assertStillADraft(await traceOf(etrangere.assureId), 'no titre de séjour')
  })

  it('records the receipt, the answer-due date, the acknowledgment and its e-mail job in one go (caisse 93)', async () => {
    const user = await readyToSend()
    const draft = await onlyDemandeOf(database.pool, user.assureId)
    const response = await send(user)
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, `${BASE}/${draft.id}/accuse-de-reception`)

    const demande = await onlyDemandeOf(database.pool, user.assureId)
    assert.equal(demande.state, 'recue')
    assert.match(demande.numero ?? '', /^PI-2026-\d{7}$/, 'numbered in the Paris year of receipt')
    assert.equal(demande.received_at?.toISOString(), NOW.toISOString())
    assert.equal(todayInParis(demande.received_at!), RECEIVED_ON)
    const dueOn = answerDueDate({ receivedOn: RECEIVED_ON, suspensions: [], today: RECEIVED_ON })
    assert.equal(demande.answer_due_on, dueOn)
    assert.equal(dueOn, addMonths(addDays(RECEIVED_ON, 1), 2), '2 months counted from the day after receipt')
    assert.equal(demande.answer_due_on, '2026-03-02')

    assert.deepEqual(demande.submitted?.answers, draft.answers, 'the answers as sent')
    assert.deepEqual(demande.submitted?.documents, [{ kind: 'avis-imposition', displayName: 'avis-impot-2026.pdf', mediaType: 'application/pdf', byteSize: pdf.length }])
    assert.equal(demande.submitted?.identity.nir, '278047511304789')

    const messages = await messagesOf(database.pool, user.assureId)
    assert.equal(messages.length, 1)
    const [message] = messages
    assert.deepEqual({ kind: message!.kind, subject: message!.subject, demandeId: message!.demande_id },
      { kind: 'accuse_reception', subject: "Accusé de réception demande de pension d'invalidité", demandeId: demande.id })
    assert.equal(message!.subject, ACCUSE_RECEPTION_SUBJECT)
    const expected = accuseReceptionMessage({ receivedOn: RECEIVED_ON, answerDueOn: dueOn, caisse: findCaisse('93')! })
    assert.equal(message!.body, expected.body)
    assert.match(message!.body, /^Bonjour,\n\nNous accusons réception de votre demande de pension d’invalidité du 1er janvier 2026\./)
    assert.match(message!.body, new RegExp(`ce délai prend fin le ${formatFrenchDate(dueOn)}\\.`))
    assert.match(message!.body, /Commission de Recours Amiable du Conseil d'Administration de la CRAMIF\n17-19 avenue de Flandre\n75 954 PARIS cedex 19$/)
    assert.doesNotMatch(message!.body, /CPAM ou CGSS|Seine-et-Marne \(77\)/, 'only the appeal paragraph of the caisse')

    assert.deepEqual(await jobsFor(database.pool, [message!.id]), [{ task: 'send-message-notification', payload: { messageId: message!.id }, key: `notify:${message!.id}` }])
    const { rows: events } = await database.pool.query('select type, actor from demande_event where demande_id = $1', [demande.id])
    assert.deepEqual(events, [{ type: 'demande_recue', actor: 'assure' }])

    const confirmation = visibleText((await get(app, user, String(response.headers.location))).body)
    assert.match(confirmation, new RegExp(`Votre demande a été envoyée Numéro de votre demande ${demande.numero}`))
    assert.match(confirmation, /le 1er janvier 2026/)
    assert.match(confirmation, /au plus tard le 2 mars 2026/)
    const copy = await get(app, user, `${BASE}/${demande.id}/copie.pdf`)
    assert.equal(copy.headers['content-type'], 'application/pdf')
    assert.equal(copy.rawPayload.subarray(0, 5).toString(), '%PDF-')
  })

  it('gives an assuré of the 77 only the paragraph « à votre CPAM ou CGSS »', async () => {
    const user = await readyToSend(assureClaims({ caisse: '77' }))
    assert.equal((await send(user)).statusCode, 303)
    const [message] = await messagesOf(database.pool, user.assureId)
    assert.match(message!.body, /Vous dépendez de la Caisse de Seine-et-Marne \(77\) ou des autres Caisses \?/)
    assert.match(message!.body, /par lettre recommandée dans le délai de 2 mois à votre CPAM ou CGSS \(adresses postales disponibles sur : ameli\.fr > Adresses et contacts\)\.$/)
    assert.doesNotMatch(message!.body, /CRAMIF|avenue de Flandre|Seine-Saint-Denis \(93\)/)
    assert.equal((await onlyDemandeOf(database.pool, user.assureId)).caisse_code, '77')
  })

  it('sends only the answers and files of the branches taken', async () => {
    const user = await signInAs(app, database.pool)
    await walk(app, user, [salariePath[0]!, ['coordonnees', forms.etrangere, 'situation-professionnelle'], ...salariePath.slice(2)])
    await upload(app, user, 'titre-sejour', [{ filename: 'titre.png', contentType: 'image/png', bytes: pngImage() }])
    await upload(app, user, 'avis-imposition', [{ filename: 'avis.pdf', contentType: 'application/pdf', bytes: pdf }])
    await walk(app, user, [
      ['coordonnees', { ...forms.francaise, retour: 'recapitulatif' }, 'recapitulatif'],
      ['situation-professionnelle', { ...forms.chomage, retour: 'recapitulatif' }, 'recapitulatif'],
      ['recapitulatif', forms.attestation, 'pieces-justificatives'],
    ])
    assert.equal((await send(user)).statusCode, 303)
    const { submitted } = await onlyDemandeOf(database.pool, user.assureId)
    assert.deepEqual(submitted?.answers, { vuMedecinConseil: 'non', nationalite: 'francaise', situation: 'chomage', accident: 'non', autreRegime: 'non', travailEtranger: 'non', pensions: ['aucune'], attestation: 'oui' })
    assert.deepEqual(submitted?.documents.map((d) => d.kind), ['avis-imposition'])
  })

  it('gives one demande, one numero, one acknowledgment and one job for a POST sent twice', async () => {
    const user = await readyToSend()
    const sequence = await sequenceValue()
    const first = await send(user)
    const second = await send(user)
    assert.equal(first.statusCode, 303)
    assert.equal(second.statusCode, 303)
    assert.equal(second.headers.location, first.headers.location, 'the replay lands on the same confirmation')
    const trace = await traceOf(user.assureId)
    assert.equal(trace.demandes.length, 1)
    assert.deepEqual({ messages: trace.messages, jobs: trace.jobs, events: trace.events }, { messages: 1, jobs: 1, events: 1 })
    assert.equal(await sequenceValue(), sequence + 1, 'one numero drawn')
  })

  it('gives one demande, one numero, one acknowledgment and one job for 5 concurrent POSTs', async () => {
    const user = await readyToSend()
    const sequence = await sequenceValue()
    await Promise.all(Array.from({ length: 10 }, () => database.pool.query('select pg_sleep(0.02)')))
    const responses = await Promise.all(Array.from({ length: 5 }, () => send(user)))
    const { id, numero } = await onlyDemandeOf(database.pool, user.assureId)
    for (const response of responses) {
      assert.equal(response.statusCode, 303)
      assert.equal(response.headers.location, `${BASE}/${id}/accuse-de-reception`)
    }
    const trace = await traceOf(user.assureId)
    assert.deepEqual({ messages: trace.messages, jobs: trace.jobs, events: trace.events }, { messages: 1, jobs: 1, events: 1 })
    assert.equal(await sequenceValue(), sequence + 1)
    assert.match(numero ?? '', /^PI-2026-\d{7}$/)
  })

  it('gives no second demande when the back button replays a page, a file or the submission', async () => {
    const user = await readyToSend()
    const sent = await send(user)
    const before = await traceOf(user.assureId)
    const files = await storedFilesOf(database.pool, user.assureId)

    const page = await savePage(app, user, 'informations-generales', { vuMedecinConseil: 'oui' })
    assert.equal(page.statusCode, 303)
    assert.equal(page.headers.location, '/demarches')
    for (const url of [BASE, `${BASE}/recapitulatif`, `${BASE}/pieces-justificatives`]) {
      assert.equal((await get(app, user, url)).headers.location, '/demarches', url)
    }
    const file = await upload(app, user, 'avis-imposition', [{ filename: 'encore.pdf', contentType: 'application/pdf', bytes: pdf }])
    assert.equal(file.headers.location, '/demarches')
    const [document] = await documentsOf(database.pool, user.assureId)
    await postForm(app, user, `${BASE}/pieces-justificatives/${document!.id}/supprimer`, {})
    assert.equal((await send(user)).headers.location, sent.headers.location)

    assert.deepEqual(await traceOf(user.assureId), before, 'the demande as received, untouched')
    assert.deepEqual(await storedFilesOf(database.pool, user.assureId), files, 'its files too')
    assert.match(visibleText((await get(app, user, '/demarches')).body), /Reçue/)
  })

  it('leaves nothing behind when the submission fails inside its transaction', async () => {
    const user = await readyToSend()
    const input = { assureId: user.assureId, channel: 'web-ordinateur' as const, now: NOW }
    const { id } = await onlyDemandeOf(database.pool, user.assureId)

    // An unknown caisse makes the use case throw.
    await database.pool.query(`update demande set caisse_code = 'XX' where id = $1`, [id])
    await assert.rejects(submitDemande(database.pool, input), /unknown caisse XX/)
    const overHttp = await send(user)
    assert.equal(overHttp.statusCode, 500)
    assert.match(visibleText(overHttp.body), /Vos réponses déjà enregistrées sont conservées/)
    assertStillADraft(await traceOf(user.assureId), 'unknown caisse')
    await database.pool.query(`update demande set caisse_code = '93' where id = $1`, [id])

    // The acknowledgment cannot be written (a real constraint of the database refuses it), after
    // the demande was already updated and its event recorded within the transaction.
    const { rows: [planted] } = await database.pool.query<{ id: string }>(
      `insert into message (assure_id, demande_id, author, kind, subject, body) values ($1, $2, 'caisse', 'accuse_reception', 'ancien', '…') returning id`,
      [user.assureId, id],
    )
    await assert.rejects(submitDemande(database.pool, input), /message_one_accuse_reception/)
    const afterConstraint = await traceOf(user.assureId)
    assert.equal(afterConstraint.messages, 1, 'only the planted message')
    assertStillADraft({ ...afterConstraint, messages: 0 }, 'acknowledgment refused')
    await database.pool.query('delete from message where id = $1', [planted!.id])

    // The last statement, queueing the e-mail, fails: the acknowledgment written before it goes too.
    await assert.rejects(submitDemande(poolFailingOn(/graphile_worker\.add_job/), input), /panne simulée/)
    assertStillADraft(await traceOf(user.assureId), 'job not queued')

    // Nothing was half-done: the same draft is sent afterwards, once (a gap in the numeros is fine).
    const sent = await send(user)
    assert.equal(sent.headers.location, `${BASE}/${id}/accuse-de-reception`)
    const trace = await traceOf(user.assureId)
    assert.equal(trace.demandes[0]!.state, 'recue')
    assert.deepEqual({ messages: trace.messages, jobs: trace.jobs, events: trace.events }, { messages: 1, jobs: 1, events: 1 })
  })
})
