import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Logger, runOnce } from 'graphile-worker'
import { PDFDocument } from 'pdf-lib'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { assureClaims, signInAs, testServiceDeps, type SignedIn } from '../support/sign-in.ts'
import { createService, createTaskList } from '../../src/service.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'
import type { Mailer, OutgoingMail } from '../../src/platform/mail/mailer.ts'
import { postMessageToAssure } from '../../src/messagerie/post-message.ts'
import { inspectUpload, MAX_UPLOAD_BYTES } from '../../src/documents/inspect-upload.ts'
import { insertStoredFile } from '../../src/documents/stored-files.ts'
import { MESSAGE_NOTIFICATION_SUBJECT } from '../../src/messagerie/send-message-notification.ts'

let database: TestDatabase
let app: FastifyInstance
let pdf: Buffer

before(async () => {
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool))
  const document = await PDFDocument.create()
  document.addPage().drawText('Bulletin de salaire')
  pdf = Buffer.from(await document.save())
})

after(async () => {
  await app.close()
  await database.drop()
})

async function postFromCaisse(assureId: string, message: { subject: string; body: string; demandeId?: string; attachment?: Buffer }): Promise<{ id: string; fileId?: string }> {
  return withTransaction(database.pool, async (tx) => {
    const id = await postMessageToAssure(tx, { assureId, demandeId: message.demandeId ?? null, kind: 'echange', subject: message.subject, body: message.body })
    if (!message.attachment) return { id }
    const inspected = await inspectUpload(message.attachment, 'courrier.pdf')
    assert.ok(inspected.ok)
    const fileId = await insertStoredFile(tx, assureId, inspected.file)
    await tx.query('insert into message_attachment (message_id, file_id) values ($1, $2)', [id, fileId])
    return { id, fileId }
  })
}

async function createDemande(assureId: string): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into demande (assure_id, caisse_code, organisme_code) values ($1, '93', 'CRAMIF') returning id`,
    [assureId],
  )
  return rows[0]!.id
}

function get(user: SignedIn, url: string) {
  return app.inject({ method: 'GET', url, headers: { cookie: user.cookie } })
}

type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; bytes: Buffer }

function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----test${randomUUID()}`
  const chunks = parts.flatMap((part) => {
    const head = 'filename' in part
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n`
    return [Buffer.from(head), 'filename' in part ? part.bytes : Buffer.from(part.value), Buffer.from('\r\n')]
  })
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` }
}

function postReply(user: SignedIn, messageId: string, parts: Part[], csrfToken = user.csrfToken) {
  const body = multipart(parts)
  return app.inject({
    method: 'POST',
    url: `/messagerie/${messageId}/repondre?_csrf=${encodeURIComponent(csrfToken)}`,
    headers: { cookie: user.cookie, 'content-type': body.contentType },
    payload: body.payload,
  })
}

async function count(table: 'message' | 'stored_file' | 'message_attachment'): Promise<number> {
  const { rows } = await database.pool.query<{ count: number }>(`select count(*)::int as count from ${table}`)
  return rows[0]!.count
}

describe('messagerie', () => {
  it('sends an anonymous visitor to sign-in, and comes back afterwards', async () => {
    const response = await app.inject({ method: 'GET', url: '/messagerie' })
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/connexion?retour=%2Fmessagerie')
  })

  it('says so when there is no message', async () => {
    const user = await signInAs(app, database.pool)
    const response = await get(user, '/messagerie')
    assert.equal(response.statusCode, 200)
    assert.match(response.body, /Vous n'avez aucun message/)
  })

  it('lists the messages newest first, marks the unread ones, and opening one marks it read', async () => {
    const user = await signInAs(app, database.pool)
    await postFromCaisse(user.assureId, { subject: 'Premier message', body: 'Bonjour' })
    const second = await postFromCaisse(user.assureId, { subject: 'Second message', body: 'Ligne une\nLigne deux' })

    const list = await get(user, '/messagerie')
    assert.equal(list.statusCode, 200)
    assert.ok(list.body.indexOf('Second message') < list.body.indexOf('Premier message'), 'le plus récent en premier')
    assert.equal(list.body.match(/>Non lu</g)?.length, 2)
    assert.match(list.body, /govuk-tag--red">2<span class="govuk-visually-hidden"> messages non lus/)

    const opened = await get(user, `/messagerie/${second.id}`)
    assert.equal(opened.statusCode, 200)
    assert.match(opened.body, /<div class="govuk-body app-message-body">Ligne une\nLigne deux<\/div>/)
    assert.match(opened.body, /govuk-tag--red">1<span class="govuk-visually-hidden"> message non lu/, 'the header counts the opened message as read')
    const { rows } = await database.pool.query('select read_at from message where id = $1', [second.id])
    assert.ok(rows[0].read_at instanceof Date)

    const again = await get(user, '/messagerie')
    assert.equal(again.body.match(/>Non lu</g)?.length, 1)
  })

  it("hides another assuré's message and its attachment, and refuses a reply to it", async () => {
    const owner = await signInAs(app, database.pool)
    const intruder = await signInAs(app, database.pool)
    const message = await postFromCaisse(owner.assureId, { subject: 'Votre dossier', body: 'Confidentiel', attachment: pdf })
    assert.equal((await get(owner, `/messagerie/${message.id}/pieces/${message.fileId}`)).statusCode, 200)

    const read = await get(intruder, `/messagerie/${message.id}`)
    assert.equal(read.statusCode, 404)
    assert.doesNotMatch(read.body, /Confidentiel/)
    assert.equal((await get(intruder, `/messagerie/${message.id}/pieces/${message.fileId}`)).statusCode, 404)
    const ownMessage = await postFromCaisse(intruder.assureId, { subject: 'À vous', body: '…' })
    assert.equal((await get(intruder, `/messagerie/${ownMessage.id}/pieces/${message.fileId}`)).statusCode, 404, 'a file only through its own message')
    assert.equal((await get(intruder, '/messagerie/pas-un-identifiant')).statusCode, 404)

    const before = await count('message')
    const reply = await postReply(intruder, message.id, [{ name: 'reponse', value: 'Je lis votre courrier' }])
    assert.equal(reply.statusCode, 404)
    assert.equal(await count('message'), before)
    const { rows } = await database.pool.query('select read_at from message where id = $1', [message.id])
    assert.equal(rows[0].read_at, null)
  })

  it('refuses a reply whose file is not what its name says, and stores nothing', async () => {
    const user = await signInAs(app, database.pool)
    const message = await postFromCaisse(user.assureId, { subject: 'Pièce manquante', body: 'Envoyez votre avis.' })
    const [messages, files] = [await count('message'), await count('stored_file')]

    const response = await postReply(user, message.id, [
      { name: 'reponse', value: 'Voici mon avis' },
      { name: 'pieces', filename: 'bulletin.pdf', contentType: 'application/pdf', bytes: pdf },
      { name: 'pieces', filename: 'avis.pdf', contentType: 'application/pdf', bytes: Buffer.from('ceci est un texte, pas un PDF') },
    ])
    assert.equal(response.statusCode, 400)
    assert.match(response.body, /Le fichier « avis\.pdf » n&#39;est ni un PDF, ni une image JPEG ou PNG/)
    assert.match(response.body, /govuk-error-summary/)
    assert.match(response.body, /href="#pieces"/)
    assert.match(response.body, /id="pieces-error"/)
    assert.match(response.body, />Voici mon avis<\/textarea>/, 'the text typed is kept')
    assert.equal(await count('message'), messages)
    assert.equal(await count('stored_file'), files)
  })

  it('asks for the text of the reply, and for at most 5 files', async () => {
    const user = await signInAs(app, database.pool)
    const message = await postFromCaisse(user.assureId, { subject: 'Question', body: '?' })
    const messages = await count('message')
    const empty = await postReply(user, message.id, [{ name: 'reponse', value: '  \r\n ' }])
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /<a href="#reponse">Saisissez votre réponse\.<\/a>/)
    assert.match(empty.body, /id="reponse-error"/)

    const tooLong = await postReply(user, message.id, [{ name: 'reponse', value: 'a'.repeat(5001) }])
    assert.equal(tooLong.statusCode, 400)
    assert.match(tooLong.body, /5000 caractères au plus/)

    const six = Array.from({ length: 6 }, (_, i) => ({ name: 'pieces', filename: `page-${i}.pdf`, contentType: 'application/pdf', bytes: pdf }))
    const tooMany = await postReply(user, message.id, [{ name: 'reponse', value: 'Mes pages' }, ...six])
    assert.equal(tooMany.statusCode, 400)
    assert.match(tooMany.body, /Vous pouvez joindre 5 fichiers au plus/)

    const huge = Buffer.concat([pdf, Buffer.alloc(MAX_UPLOAD_BYTES)])
    const tooLarge = await postReply(user, message.id, [{ name: 'reponse', value: 'Mon scan' }, { name: 'pieces', filename: 'scan.pdf', contentType: 'application/pdf', bytes: huge }])
    assert.equal(tooLarge.statusCode, 400)
    assert.match(tooLarge.body, /Le fichier « scan\.pdf » dépasse 10 Mo/)
    assert.equal(await count('message'), messages)
  })

  it('refuses a reply without the CSRF token', async () => {
    const user = await signInAs(app, database.pool)
    const message = await postFromCaisse(user.assureId, { subject: 'Question', body: '?' })
    const before = await count('message')
    const response = await postReply(user, message.id, [{ name: 'reponse', value: 'Réponse' }], 'faux-jeton')
    assert.equal(response.statusCode, 403)
    assert.equal(await count('message'), before)
  })

  it('stores a reply with its PDF, linked to the message and its demande, and serves the file back', async () => {
    const user = await signInAs(app, database.pool)
    const demandeId = await createDemande(user.assureId)
    const message = await postFromCaisse(user.assureId, { subject: 'Pièce manquante', body: 'Envoyez votre bulletin.', demandeId })

    const response = await postReply(user, message.id, [
      { name: 'reponse', value: 'Bonjour,\r\nvoici mon bulletin.' },
      { name: 'pieces', filename: 'bulletin de salaire.pdf', contentType: 'application/octet-stream', bytes: pdf },
    ])
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, `/messagerie/${message.id}?reponse=envoyee`)

    const { rows } = await database.pool.query(
      `select id, author, subject, body, demande_id, in_reply_to, read_at from message where in_reply_to = $1`,
      [message.id],
    )
    assert.equal(rows.length, 1)
    const reply = rows[0]
    assert.deepEqual(
      { author: reply.author, subject: reply.subject, body: reply.body, demandeId: reply.demande_id },
      { author: 'assure', subject: 'RE : Pièce manquante', body: 'Bonjour,\nvoici mon bulletin.', demandeId },
    )
    const attachments = await database.pool.query<{ file_id: string }>('select file_id from message_attachment where message_id = $1', [reply.id])
    assert.equal(attachments.rows.length, 1)
    const fileId = attachments.rows[0]!.file_id

    const confirmation = await get(user, `/messagerie/${message.id}?reponse=envoyee`)
    assert.match(confirmation.body, /Votre réponse a été envoyée/)
    assert.match(confirmation.body, new RegExp(`href="/messagerie/${reply.id}"`))

    const page = await get(user, `/messagerie/${reply.id}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, new RegExp(`href="/messagerie/${reply.id}/pieces/${fileId}"`))
    assert.match(page.body, /bulletin de salaire\.pdf/)
    assert.doesNotMatch(page.body, /Répondre<\/h2>/, 'no reply form under the assuré’s own message')

    const download = await get(user, `/messagerie/${reply.id}/pieces/${fileId}`)
    assert.equal(download.statusCode, 200)
    assert.equal(download.headers['content-type'], 'application/pdf')
    assert.equal(download.headers['content-disposition'], `attachment; filename="bulletin de salaire.pdf"; filename*=UTF-8''bulletin%20de%20salaire.pdf`)
    assert.equal(download.headers['cache-control'], 'no-store')
    assert.equal(download.headers['x-content-type-options'], 'nosniff')
    assert.deepEqual(download.rawPayload, pdf)
  })

  it('e-mails that a message is waiting, without any personal data, once even when the job runs twice', async () => {
    const email = `notification-${randomUUID()}@example.fr`
    const claims = assureClaims({ email, family_name: 'Quintaine', given_name: 'Bérénice', nir: '283027511304706' })
    const user = await signInAs(app, database.pool, claims)
    const message = await postFromCaisse(user.assureId, { subject: 'Décision relative à votre pension', body: 'Votre pension est accordée.' })

    const mails: OutgoingMail[] = []
    const mailer: Mailer = { send: async (mail) => void mails.push(mail), close: () => {} }
    const taskList = createTaskList({ pool: database.pool, mailer, publicUrl: 'https://invalidite.example.fr' })
    await runOnce({ pgPool: database.pool, taskList, logger: new Logger(() => () => {}) })
    assert.equal(mails.filter((mail) => mail.to === email).length, 1, 'the job queued with the message sent the mail')
    const task = taskList['send-message-notification']!
    await task({ messageId: message.id }, {} as Parameters<typeof task>[1])

    const sent = mails.filter((mail) => mail.to === email)
    assert.equal(sent.length, 1, 'a second run sends nothing more')
    assert.equal(sent[0]!.subject, MESSAGE_NOTIFICATION_SUBJECT)
    assert.match(sent[0]!.text, /https:\/\/invalidite\.example\.fr\/messagerie/)
    for (const secret of ['Quintaine', 'Bérénice', '283027511304706', '2 83 02', 'Décision', 'accordée']) {
      assert.ok(!`${sent[0]!.subject}\n${sent[0]!.text}`.includes(secret), `the e-mail must not contain « ${secret} »`)
    }
    const { rows } = await database.pool.query('select notified_at from message where id = $1', [message.id])
    assert.ok(rows[0].notified_at instanceof Date)
  })

  it('sends no e-mail to an assuré without an address', async () => {
    const claims = assureClaims({ email: undefined })
    const user = await signInAs(app, database.pool, claims)
    const message = await postFromCaisse(user.assureId, { subject: 'Sans adresse', body: '…' })
    const mails: OutgoingMail[] = []
    const task = createTaskList({ pool: database.pool, mailer: { send: async (mail) => void mails.push(mail), close: () => {} }, publicUrl: 'https://x.example' })['send-message-notification']!
    await task({ messageId: message.id }, {} as Parameters<typeof task>[1])
    assert.deepEqual(mails, [])
  })
})
