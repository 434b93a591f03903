// The justificatifs: each file judged by its content (not its name nor its declared type), 10 MB at
// most, several per document; a refused file stores nothing; the user's file name is only ever a
// display name.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { testServiceDeps, type SignedIn } from '../support/sign-in.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import {
  BASE, ENCRYPTED_PDF_USER_PASSWORD, documentsOf, encryptedPdf, get, opensWithUserPassword, postForm, storedFilesOf,
  upload, visibleText, type Upload, atJustificatifs as atJustificatifsOf,
} from '../support/demarche.ts'
import { createService } from '../../src/service.ts'
import { isUuid } from '../../src/documents/stored-files.ts'

let database: TestDatabase
let app: FastifyInstance
let pdf: Buffer
let png: Buffer

before(async () => {
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool))
  pdf = await pdfAvisImposition()
  png = pngImage(8, 6)
})

after(async () => {
  await app.close()
  await database.drop()
})

const atJustificatifs = (): Promise<SignedIn> => atJustificatifsOf(app, database.pool)

const pdfFile = (filename = 'avis-impot-2026.pdf'): Upload => ({ filename, contentType: 'application/pdf', bytes: pdf })
const pngFile = (filename = 'avis-page-2.png'): Upload => ({ filename, contentType: 'image/png', bytes: png })

/** A whole PNG with a private ancillary chunk that brings it to `size` bytes (a heavy phone photo). */
function pngOfSize(size: number): Buffer {
  const small = pngImage()
  const iend = small.subarray(small.length - 12)
  const data = Buffer.alloc(size - small.length - 12, 0x5a)
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length)
  head.write('prVt', 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))))
  return Buffer.concat([small.subarray(0, small.length - 12), head, data, crc, iend])
}

async function assertNothingStored(user: SignedIn, label: string): Promise<void> {
  assert.deepEqual(await storedFilesOf(database.pool, user.assureId), [], `${label}: no stored_file row`)
  assert.deepEqual(await documentsOf(database.pool, user.assureId), [], `${label}: no demande_document row`)
}

describe('démarche: the justificatifs', () => {
  it('accepts a real PDF and a PNG, and stores them by content under their own id', async () => {
    const user = await atJustificatifs()
    const first = await upload(app, user, 'avis-imposition', [pdfFile()])
    assert.equal(first.statusCode, 303)
    assert.equal(first.headers.location, `${BASE}/pieces-justificatives`)
    assert.equal((await upload(app, user, 'avis-imposition', [pngFile()])).statusCode, 303)

    const files = await storedFilesOf(database.pool, user.assureId)
    assert.deepEqual(files.map(({ kind, media_type, byte_size, display_name }) => ({ kind, media_type, byte_size, display_name })), [
      { kind: 'avis-imposition', media_type: 'application/pdf', byte_size: pdf.length, display_name: 'avis-impot-2026.pdf' },
      { kind: 'avis-imposition', media_type: 'image/png', byte_size: png.length, display_name: 'avis-page-2.png' },
    ])
    for (const [file, bytes] of [[files[0]!, pdf], [files[1]!, png]] as const) {
      assert.ok(file.content.equals(bytes), 'the bytes are stored as sent')
      assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'))
      assert.ok(isUuid(file.id))
    }
    const page = visibleText((await get(app, user, `${BASE}/pieces-justificatives`)).body)
    assert.match(page, /avis-impot-2026\.pdf \(\d+ Ko\)/)
    assert.match(page, /avis-page-2\.png \(1 Ko\)/)
  })

  it('takes several files in one request', async () => {
    const user = await atJustificatifs()
    const names = ['page-1.pdf', 'page-2.png', 'page-3.png', 'page-4.png', 'page-5.png', 'page-6.png']
    const response = await upload(app, user, 'avis-imposition', names.map((name) => (name.endsWith('.pdf') ? pdfFile(name) : pngFile(name))))
    assert.equal(response.statusCode, 303)
    assert.deepEqual((await storedFilesOf(database.pool, user.assureId)).map((f) => [f.display_name, f.media_type]),
      names.map((name) => [name, name.endsWith('.pdf') ? 'application/pdf' : 'image/png']))
    const page = visibleText((await get(app, user, `${BASE}/pieces-justificatives`)).body)
    const shown = names.map((name) => page.indexOf(name))
    assert.deepEqual(shown, [...shown].sort((a, b) => a - b), 'the pages are listed in the order they were sent')
    assert.ok(shown.every((index) => index >= 0))
  })

  it('judges a file by its content, not the type the browser declares', async () => {
    const user = await atJustificatifs()
    const response = await upload(app, user, 'avis-imposition', [{ filename: 'scan.png', contentType: 'image/png', bytes: pdf }])
    assert.equal(response.statusCode, 303)
    const [file] = await storedFilesOf(database.pool, user.assureId)
    assert.equal(file?.media_type, 'application/pdf')
  })

  it('accepts a file just under 10 MB', async () => {
    const user = await atJustificatifs()
    const heavy = pngOfSize(10 * 1024 * 1024 - 1024)
    const response = await upload(app, user, 'avis-imposition', [{ filename: 'photo.png', contentType: 'image/png', bytes: heavy }])
    assert.equal(response.statusCode, 303, visibleText(response.body).slice(0, 300))
    const [file] = await storedFilesOf(database.pool, user.assureId)
    assert.equal(file?.byte_size, heavy.length)
  })

  it('refuses a fake, encrypted, damaged or empty file with a clear French message, and stores nothing', async () => {
    const encrypted = encryptedPdf()
    assert.ok(opensWithUserPassword(encrypted, ENCRYPTED_PDF_USER_PASSWORD) && !opensWithUserPassword(encrypted, ''),
      'the fixture really is locked by a password')
    const cases: Array<{ label: string; file: Upload; message: RegExp }> = [
      {
        label: 'text named .pdf',
        file: { filename: 'avis.pdf', contentType: 'application/pdf', bytes: Buffer.from("Avis d'impôt 2026 : revenu fiscal de référence 18 250 €\n") },
        message: /Le fichier « avis\.pdf » n'est ni un PDF, ni une image JPEG ou PNG\./,
      },
      {
        label: 'encrypted PDF',
        file: { filename: 'avis-protege.pdf', contentType: 'application/pdf', bytes: encrypted },
        message: /Le fichier « avis-protege\.pdf » est protégé par un mot de passe\. Enregistrez-le sans protection/,
      },
      {
        label: 'unreadable PDF',
        file: { filename: 'avis-abime.pdf', contentType: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x41)]) },
        message: /Le fichier « avis-abime\.pdf » (est endommagé ou illisible|ne contient aucune page lisible)/,
      },
      {
        label: 'truncated PNG',
        file: { filename: 'photo.png', contentType: 'image/png', bytes: png.subarray(0, png.length - 16) },
        message: /Le fichier « photo\.png » est une image incomplète ou endommagée\. Reprenez la photo/,
      },
      {
        label: 'empty file',
        file: { filename: 'vide.pdf', contentType: 'application/pdf', bytes: Buffer.alloc(0) },
        message: /Le fichier « vide\.pdf » est vide\. Choisissez un autre fichier\./,
      },
    ]
    for (const { label, file, message } of cases) {
      const user = await atJustificatifs()
      const response = await upload(app, user, 'avis-imposition', [file])
      assert.equal(response.statusCode, 400, label)
      const text = visibleText(response.body)
      assert.match(text, /Il y a un problème/, label)
      assert.match(text, message, label)
      assert.match(response.body, /<a href="#fichiers-avis-imposition">/, `${label}: the summary links to the file input`)
      await assertNothingStored(user, label)
    }
  })

  it('refuses a file over 10 MB with a clear French message, and stores nothing', async () => {
    const user = await atJustificatifs()
    const tooBig = Buffer.concat([pdf, Buffer.alloc(11 * 1024 * 1024 - pdf.length, 0x20)])
    const response = await upload(app, user, 'avis-imposition', [pdfFile('premier.pdf'), { filename: 'gros.pdf', contentType: 'application/pdf', bytes: tooBig }])
    assert.equal(response.statusCode, 400)
    const text = visibleText(response.body)
    assert.match(text, /Le fichier « gros\.pdf » dépasse 10 Mo/, 'said on the page, beside the file field')
    assert.match(response.body, /<a href="#fichiers-avis-imposition">/)
    await assertNothingStored(user, 'over 10 MB, with a good file before it')
  })

  it('refuses the whole batch when one of its files is refused', async () => {
    const user = await atJustificatifs()
    const response = await upload(app, user, 'avis-imposition', [pdfFile(), { filename: 'notes.png', contentType: 'image/png', bytes: Buffer.from('pas une image') }, pngFile()])
    assert.equal(response.statusCode, 400)
    assert.match(visibleText(response.body), /Le fichier « notes\.png » n'est ni un PDF/)
    await assertNothingStored(user, 'mixed batch')
  })

  it('refuses more than 10 files for one document with a message that says so', async () => {
    const user = await atJustificatifs()
    const eleven = Array.from({ length: 11 }, (_, i) => pngFile(`page-${i + 1}.png`))
    const response = await upload(app, user, 'avis-imposition', eleven)
    assert.ok([400, 413].includes(response.statusCode), String(response.statusCode))
    const text = visibleText(response.body)
    assert.match(text, /10 fichiers au plus/)
    assert.doesNotMatch(text, /Fichier trop volumineux|Chaque fichier doit peser/, 'the files are small: their size is not the problem')
    await assertNothingStored(user, '11 files')

    assert.equal((await upload(app, user, 'avis-imposition', eleven.slice(0, 8))).statusCode, 303)
    const more = await upload(app, user, 'avis-imposition', eleven.slice(8))
    assert.equal(more.statusCode, 400)
    assert.match(visibleText(more.body), /Vous pouvez joindre 10 fichiers au plus pour ce justificatif/)
    assert.equal((await storedFilesOf(database.pool, user.assureId)).length, 8)
  })

  it("keeps the user's file name only as a sanitised display name, never as a storage key", async () => {
    const user = await atJustificatifs()
    const hostile = '../../../etc/cron.d/avis\u0007\u001b[2J\u202etxt.pdf'
    const windows = '..\\..\\Windows\\System32\\avis d’impôt été.png'
    const response = await upload(app, user, 'avis-imposition', [pdfFile(hostile), pngFile(windows), pdfFile('<img src=x onerror=alert(1)>.pdf')])
    assert.equal(response.statusCode, 303)
    const files = await storedFilesOf(database.pool, user.assureId)
    assert.deepEqual(files.map((f) => f.display_name), ['avis[2Jtxt.pdf', 'avis d’impôt été.png', '<img src=x onerror=alert(1)>.pdf'])
    for (const file of files) {
      assert.ok(isUuid(file.id), 'the key is an id of our own')
      assert.doesNotMatch(file.display_name, /[/\\\p{Cc}\p{Cf}]/u)
    }
    const page = await get(app, user, `${BASE}/pieces-justificatives`)
    assert.doesNotMatch(page.body, /<img src=x/, 'the name is escaped when shown')
    assert.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt;\.pdf/)
    const { rows } = await database.pool.query(
      `select count(*)::int as count from stored_file where owner_assure_id = $1 and (id::text like '%avis%' or display_name like '%/%' or display_name like '%..%')`,
      [user.assureId],
    )
    assert.equal(rows[0].count, 0)
  })

  it('refuses a document that the answers do not call for, or that does not exist', async () => {
    const user = await atJustificatifs()
    for (const kind of ['titre-sejour', 'pension-militaire', 'inconnu', '']) {
      const response = await upload(app, user, kind, [pdfFile()])
      assert.equal(response.statusCode, 400, kind)
      assert.match(visibleText(response.body), /Ce justificatif n'est pas demandé pour votre situation\./)
    }
    await assertNothingStored(user, 'documents not called for')
  })

  it('refuses an upload without the CSRF token, and one with no file', async () => {
    const user = await atJustificatifs()
    const forged = await upload(app, user, 'avis-imposition', [pdfFile()], null)
    assert.equal(forged.statusCode, 403)
    const none = await upload(app, user, 'avis-imposition', [])
    assert.equal(none.statusCode, 400)
    assert.match(visibleText(none.body), /Choisissez au moins un fichier \(PDF, JPEG ou PNG\)\./)
    await assertNothingStored(user, 'forged or empty request')
  })

  it('deletes a file and its content at the assuré’s request, and only their own', async () => {
    const owner = await atJustificatifs()
    const intruder = await atJustificatifs()
    assert.equal((await upload(app, owner, 'avis-imposition', [pdfFile('a-garder.pdf'), pngFile('a-supprimer.png')])).statusCode, 303)
    const [kept, removed] = await documentsOf(database.pool, owner.assureId)
    assert.ok(kept && removed)

    const attempt = await postForm(app, intruder, `${BASE}/pieces-justificatives/${removed.id}/supprimer`, {})
    assert.equal(attempt.statusCode, 303)
    assert.equal((await documentsOf(database.pool, owner.assureId)).length, 2, "another assuré's request deletes nothing")
    const forged = await postForm(app, owner, `${BASE}/pieces-justificatives/${removed.id}/supprimer`, {}, null)
    assert.equal(forged.statusCode, 403)

    const deletion = await postForm(app, owner, `${BASE}/pieces-justificatives/${removed.id}/supprimer`, {})
    assert.equal(deletion.statusCode, 303)
    assert.deepEqual((await storedFilesOf(database.pool, owner.assureId)).map((f) => f.display_name), ['a-garder.pdf'],
      'the content of the deleted file is gone from the database')
  })
})
