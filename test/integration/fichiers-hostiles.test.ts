// Hostile files: a corpus made here, each file sent through the real app (the justificatifs upload,
// a few through the reply of the messagerie). A file is refused with a clear French message and
// nothing of it is kept, or accepted and stored as sent under an id of our own, its name only a
// sanitised display name. The service answers after every one of them.
// Decisions (active PDF content, EICAR, polyglots): docs/decisions.md, « Fichiers hostiles ».
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { PDFDocument, PDFName, PDFString, type PDFPage } from 'pdf-lib'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { signInAs, testServiceDeps, type SignedIn } from '../support/sign-in.ts'
import { pdfAvisImposition, pngImage } from '../support/files.ts'
import { BASE, documentsOf, encryptedPdf, get, storedFilesOf, upload, visibleText, atJustificatifs as atJustificatifsOf } from '../support/demarche.ts'
import { createService } from '../../src/service.ts'
import { withTransaction } from '../../src/platform/db/pool.ts'
import { postMessageToAssure } from '../../src/messagerie/post-message.ts'
import { isUuid } from '../../src/documents/stored-files.ts'
import { MAX_UPLOAD_BYTES } from '../../src/documents/inspect-upload.ts'

// ---------------------------------------------------------------------------------------------
// The makings of the corpus

/** A real 16 × 16 baseline JPEG (Python's test picture, 543 bytes). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z',
  'base64',
)
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

/** A ZIP archive holding one file, as `zip` would write it (deflated, with its central directory). */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content)
  const file = Buffer.from(name)
  const crc = crc32(content)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(content.length, 22)
  local.writeUInt16LE(file.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(content.length, 24)
  central.writeUInt16LE(file.length, 28)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + file.length, 12)
  end.writeUInt32LE(local.length + file.length + data.length, 16)
  return Buffer.concat([local, file, data, central, file, end])
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** A PNG whose header claims width × height pixels: a few hundred bytes that would need gigabytes once decoded. */
function pngClaiming(width: number, height: number): Buffer {
  const png = Buffer.from(pngImage(4, 4))
  png.writeUInt32BE(width, 16)
  png.writeUInt32BE(height, 20)
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29)
  return png
}

/** The JPEG with the dimensions of its start-of-frame replaced. */
function jpegClaiming(width: number, height: number): Buffer {
  const jpeg = Buffer.from(JPEG)
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]))
  jpeg.writeUInt16BE(height, sof + 5)
  jpeg.writeUInt16BE(width, sof + 7)
  return jpeg
}

/** The JPEG with a comment segment (COM) right after its start: where a polyglot hides its other header. */
function jpegWithComment(text: string): Buffer {
  const body = Buffer.from(text, 'latin1')
  const head = Buffer.from([0xff, 0xfe, 0, 0])
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([JPEG.subarray(0, 2), head, body, JPEG.subarray(2)])
}

/** A one-page PDF made by pdf-lib, changed by `edit` before it is saved (objects compressed unless told). */
async function pdfWith(edit: (document: PDFDocument, page: PDFPage) => void | Promise<void>, useObjectStreams = true): Promise<Buffer> {
  const document = await PDFDocument.create()
  const page = document.addPage([595, 842])
  page.drawText("Avis d'impot 2026", { x: 50, y: 780, size: 14 })
  await edit(document, page)
  return Buffer.from(await document.save({ useObjectStreams }))
}

function annotate(document: PDFDocument, page: PDFPage, annotation: Record<string, unknown>): void {
  const ref = document.context.register(document.context.obj({ Type: 'Annot', Rect: [50, 700, 300, 730], ...annotation } as never))
  page.node.set(PDFName.of('Annots'), document.context.obj([ref]))
}

const js = (code: string) => PDFString.of(code)

// ---------------------------------------------------------------------------------------------
// The corpus

type Expected =
  | { refused: RegExp }
  | { accepted: { mediaType: string; displayName: string | ((name: string) => void) } }
type Hostile = { label: string; filename: string; contentType: string; bytes: () => Promise<Buffer> | Buffer; expected: Expected }

const NOT_ACCEPTED_TYPE = /n'est ni un PDF, ni une image JPEG ou PNG\. Enregistrez le document dans l'un de ces formats/
const ACTIVE = /contient un script, une commande ou un fichier joint, que nous n'acceptons pas\. Imprimez-le en PDF/
const HIDDEN = /contient d'autres données cachées en plus du document\. Enregistrez-le à nouveau/
const DAMAGED_PDF = /est endommagé ou illisible\. Ouvrez-le pour vérifier/
const DAMAGED_IMAGE = /est une image incomplète ou endommagée\. Reprenez la photo/
const HUGE_IMAGE = /est une image aux dimensions démesurées\. Reprenez la photo en qualité normale/
const TOO_BIG = /dépasse 10 Mo\. Réduisez sa taille/
const EMPTY = /est vide\. Choisissez un autre fichier\./

let pdf: Buffer
let png: Buffer
const refused = (pattern: RegExp): Expected => ({ refused: pattern })
const accepted = (mediaType: string, displayName: string | ((name: string) => void)): Expected => ({ accepted: { mediaType, displayName } })

const corpus: Hostile[] = [
  // Disguised by extension or declared type
  { label: 'text named .pdf', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => Buffer.from("Avis d'impôt 2026 : 18 250 €\n"), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'HTML with a script named .png', filename: 'photo.png', contentType: 'image/png', bytes: () => Buffer.from('<!doctype html><html><script>fetch("/messagerie")</script></html>'), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'SVG with a script, declared as an image', filename: 'scan.svg', contentType: 'image/svg+xml', bytes: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'Windows program named .pdf', filename: 'avis-impot.pdf', contentType: 'application/pdf', bytes: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(0x3a), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(0x40), Buffer.from('PE\0\0'), Buffer.alloc(256)]), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'ZIP archive named .jpg', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => zipOf('avis.pdf.exe', Buffer.from('MZ payload')), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'GIF named .png', filename: 'photo.png', contentType: 'image/png', bytes: () => Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'shell script named .jpeg', filename: 'photo.jpeg', contentType: 'image/jpeg', bytes: () => Buffer.from('#!/bin/sh\nrm -rf /\n'), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'a real PDF declared as a PNG', filename: 'scan.png', contentType: 'image/png', bytes: () => pdf, expected: accepted('application/pdf', 'scan.png') },
  { label: 'a real PNG named .pdf', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => png, expected: accepted('image/png', 'avis.pdf') },
  { label: 'a real JPEG with no extension, declared octet-stream', filename: 'photo', contentType: 'application/octet-stream', bytes: () => JPEG, expected: accepted('image/jpeg', 'photo') },

  // EICAR (no antivirus here: see the decision)
  { label: 'the EICAR test string named .pdf', filename: 'eicar.pdf', contentType: 'application/pdf', bytes: () => Buffer.from(EICAR), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'the EICAR test string named .com', filename: 'eicar.com', contentType: 'application/octet-stream', bytes: () => Buffer.from(EICAR), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'EICAR zipped', filename: 'eicar.zip', contentType: 'application/zip', bytes: () => zipOf('eicar.com', Buffer.from(EICAR)), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'a PDF that embeds EICAR as an attached file', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d) => d.attach(Buffer.from(EICAR), 'eicar.com', { mimeType: 'application/octet-stream' })), expected: refused(ACTIVE) },
  {
    label: 'a PDF with the EICAR string as inert text (a comment): accepted, no antivirus',
    filename: 'avis-eicar.pdf', contentType: 'application/pdf',
    bytes: () => Buffer.concat([pdf.subarray(0, 9), Buffer.from(`%${EICAR}\n`), pdf.subarray(9)]),
    expected: accepted('application/pdf', 'avis-eicar.pdf'),
  },

  // Active PDF content
  { label: 'PDF: OpenAction JavaScript (in a compressed object stream)', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d) => d.catalog.set(PDFName.of('OpenAction'), d.context.obj({ S: 'JavaScript', JS: js("app.alert('bonjour')") } as never))), expected: refused(ACTIVE) },
  { label: 'PDF: document-level JavaScript name tree', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d) => d.catalog.set(PDFName.of('Names'), d.context.obj({ JavaScript: { Names: [js('init'), { S: 'JavaScript', JS: js('this.submitForm("https://x.example")') }] } } as never)), false), expected: refused(ACTIVE) },
  { label: 'PDF: Launch action on a link', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d, p) => annotate(d, p, { Subtype: 'Link', A: { S: 'Launch', F: js('cmd.exe'), Win: { F: js('cmd.exe'), P: js('/c calc') } } })), expected: refused(ACTIVE) },
  { label: 'PDF: OpenAction Launch, uncompressed', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d) => d.catalog.set(PDFName.of('OpenAction'), d.context.obj({ S: 'Launch', F: js('/bin/sh') } as never)), false), expected: refused(ACTIVE) },
  { label: 'PDF: JavaScript in a page’s additional actions', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d, p) => p.node.set(PDFName.of('AA'), d.context.obj({ O: { S: 'JavaScript', JS: js('app.launchURL("https://x.example")') } } as never))), expected: refused(ACTIVE) },
  { label: 'PDF: RichMedia annotation', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d, p) => annotate(d, p, { Subtype: 'RichMedia', RichMediaContent: { Assets: { Names: [] } } })), expected: refused(ACTIVE) },
  { label: 'PDF: XFA form', filename: 'formulaire.pdf', contentType: 'application/pdf', bytes: () => pdfWith((d) => d.catalog.set(PDFName.of('AcroForm'), d.context.obj({ Fields: [], XFA: js('<xdp:xdp><script>xfa.host.messageBox(1)</script></xdp:xdp>') } as never))), expected: refused(ACTIVE) },
  {
    label: 'PDF: JavaScript under hex-escaped names (/J#61vaScript, /J#53)',
    filename: 'avis.pdf', contentType: 'application/pdf',
    bytes: async () => {
      const raw = (await pdfWith((d) => d.catalog.set(PDFName.of('OpenAction'), d.context.obj({ S: 'JavaScript', JS: js('app.alert(1)') } as never)), false)).toString('latin1')
      const escaped = raw.replace('/JavaScript', '/J#61vaScript').replace('/JS ', '/J#53 ')
      assert.ok(!escaped.includes('/JavaScript') && !escaped.includes('/JS '), 'the fixture hides its names')
      return Buffer.from(escaped, 'latin1')
    },
    expected: refused(ACTIVE),
  },
  {
    label: 'PDF with harmless navigation (GoTo on open, a web link): accepted',
    filename: 'avis-liens.pdf', contentType: 'application/pdf',
    bytes: () => pdfWith((d, p) => {
      d.catalog.set(PDFName.of('OpenAction'), d.context.obj([p.ref, PDFName.of('Fit')]))
      annotate(d, p, { Subtype: 'Link', A: { S: 'URI', URI: js('https://www.impots.gouv.fr') } })
    }),
    expected: accepted('application/pdf', 'avis-liens.pdf'),
  },

  // Encrypted, truncated, malformed
  { label: 'PDF protected by a password', filename: 'avis-protege.pdf', contentType: 'application/pdf', bytes: () => encryptedPdf(), expected: refused(/est protégé par un mot de passe\. Enregistrez-le sans protection/) },
  { label: 'PDF cut in half', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdf.subarray(0, Math.floor(pdf.length / 2)), expected: refused(DAMAGED_PDF) },
  { label: 'PDF without its last bytes (%%EOF)', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => pdf.subarray(0, pdf.lastIndexOf('%%EOF')), expected: refused(DAMAGED_PDF) },
  { label: 'PDF header and nothing else', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => Buffer.from('%PDF-1.7\n'), expected: refused(DAMAGED_PDF) },
  { label: 'PDF header then garbage', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R'), Buffer.alloc(4096, 0xff)]), expected: refused(DAMAGED_PDF) },
  { label: 'PDF with no page', filename: 'vide.pdf', contentType: 'application/pdf', bytes: async () => Buffer.from(await (await PDFDocument.create()).save({ addDefaultPage: false })), expected: refused(/ne contient aucune page lisible/) },
  { label: 'PNG cut before its end', filename: 'photo.png', contentType: 'image/png', bytes: () => png.subarray(0, png.length - 16), expected: refused(DAMAGED_IMAGE) },
  { label: 'PNG signature and nothing else (too short to be told a PNG)', filename: 'photo.png', contentType: 'image/png', bytes: () => png.subarray(0, 8), expected: refused(NOT_ACCEPTED_TYPE) },
  { label: 'PNG header (IHDR) and nothing else', filename: 'photo.png', contentType: 'image/png', bytes: () => png.subarray(0, 33), expected: refused(DAMAGED_IMAGE) },
  { label: 'PNG of zero pixels', filename: 'photo.png', contentType: 'image/png', bytes: () => pngClaiming(0, 0), expected: refused(DAMAGED_IMAGE) },
  { label: 'PNG whose chunk length runs past the end', filename: 'photo.png', contentType: 'image/png', bytes: () => { const b = Buffer.from(png); b.writeUInt32BE(0x7fffffff, 33); return b }, expected: refused(DAMAGED_IMAGE) },
  { label: 'JPEG cut in half', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => JPEG.subarray(0, 300), expected: refused(DAMAGED_IMAGE) },
  { label: 'JPEG start marker and nothing else', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), expected: refused(DAMAGED_IMAGE) },

  // Decompression bombs: dimensions no photo has
  { label: 'PNG bomb: 100 000 × 100 000 pixels announced', filename: 'photo.png', contentType: 'image/png', bytes: () => pngClaiming(100_000, 100_000), expected: refused(HUGE_IMAGE) },
  { label: 'PNG bomb: 4 294 967 295 × 1 pixels announced', filename: 'photo.png', contentType: 'image/png', bytes: () => pngClaiming(0xffffffff, 1), expected: refused(HUGE_IMAGE) },
  { label: 'JPEG bomb: 65 535 × 65 535 pixels announced', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => jpegClaiming(65_535, 65_535), expected: refused(HUGE_IMAGE) },

  // Polyglots
  { label: 'PNG with a PDF appended', filename: 'photo.png', contentType: 'image/png', bytes: () => Buffer.concat([png, pdf]), expected: refused(HIDDEN) },
  { label: 'PNG with a ZIP appended', filename: 'photo.png', contentType: 'image/png', bytes: () => Buffer.concat([png, zipOf('x.js', Buffer.from('WScript.Echo(1)'))]), expected: refused(HIDDEN) },
  { label: 'JPEG with a PDF appended', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => Buffer.concat([JPEG, pdf]), expected: refused(HIDDEN) },
  { label: 'JPEG with a ZIP appended', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => Buffer.concat([JPEG, zipOf('eicar.com', Buffer.from(EICAR))]), expected: refused(HIDDEN) },
  { label: 'JPEG with a few bytes after its end', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => Buffer.concat([JPEG, Buffer.from('<script>')]), expected: refused(HIDDEN) },
  { label: 'JPEG with a PDF header hidden in a comment', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => jpegWithComment('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), expected: refused(HIDDEN) },
  { label: 'PDF with a ZIP appended after %%EOF', filename: 'avis.pdf', contentType: 'application/pdf', bytes: () => Buffer.concat([pdf, zipOf('x.exe', Buffer.from('MZ'))]), expected: refused(HIDDEN) },
  {
    label: 'PDF with a ZIP appended, its comment ending in %%EOF',
    filename: 'avis.pdf', contentType: 'application/pdf',
    bytes: () => {
      const zip = zipOf('x.exe', Buffer.from('MZ'))
      const comment = Buffer.from('\n%%EOF\n')
      zip.writeUInt16LE(comment.length, zip.length - 2)
      return Buffer.concat([pdf, zip, comment])
    },
    expected: refused(HIDDEN),
  },

  // Empty and over the limit
  { label: 'empty file named .pdf', filename: 'vide.pdf', contentType: 'application/pdf', bytes: () => Buffer.alloc(0), expected: refused(EMPTY) },
  { label: 'empty file named .png', filename: 'vide.png', contentType: 'image/png', bytes: () => Buffer.alloc(0), expected: refused(EMPTY) },
  { label: 'PDF one byte over 10 MB', filename: 'gros.pdf', contentType: 'application/pdf', bytes: () => Buffer.concat([pdf, Buffer.alloc(MAX_UPLOAD_BYTES + 1 - pdf.length, 0x20)]), expected: refused(TOO_BIG) },
  { label: 'random bytes of 12 MB declared as a JPEG', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => Buffer.alloc(12 * 1024 * 1024, 0xd8), expected: refused(TOO_BIG) },

  // Hostile names, on good files
  { label: 'name with Unix path traversal', filename: '../../../../etc/cron.d/avis.pdf', contentType: 'application/pdf', bytes: () => pdf, expected: accepted('application/pdf', 'avis.pdf') },
  { label: 'name with Windows path traversal', filename: '..\\..\\Windows\\System32\\photo.png', contentType: 'image/png', bytes: () => png, expected: accepted('image/png', 'photo.png') },
  { label: 'name with control characters (NUL, BEL, ESC, backspace, tab)', filename: 'av\u0000is\u0007\u001b[31m\u0008\t.pdf', contentType: 'application/pdf', bytes: () => pdf, expected: accepted('application/pdf', 'avis[31m.pdf') },
  { label: 'name with a right-to-left override (fake extension)', filename: 'avis\u202Egpj.exe', contentType: 'application/pdf', bytes: () => pdf, expected: accepted('application/pdf', 'avisgpj.exe') },
  {
    label: 'very long Unicode name (emoji, combining accents, 40 000 characters)',
    filename: 'a' + '📄'.repeat(10_000) + 'e\u0301'.repeat(10_000) + '.pdf', contentType: 'application/pdf', bytes: () => pdf,
    expected: accepted('application/pdf', (name) => {
      assert.ok(Array.from(name).length <= 120, `at most 120 characters, not ${Array.from(name).length}`)
      assert.equal(name, 'a' + '📄'.repeat(119), 'cut on a whole character')
      assert.ok(!/[\uD800-\uDFFF]/u.test(name), 'no half emoji')
    }),
  },
  { label: 'name that is only a path and control characters', filename: '../\u0001\u0002/', contentType: 'image/png', bytes: () => png, expected: accepted('image/png', 'document') },
  { label: 'name with HTML (its slash cut as a path)', filename: '<script>alert(document.cookie)</script>.pdf', contentType: 'application/pdf', bytes: () => pdf, expected: accepted('application/pdf', 'script>.pdf') },
  { label: 'name with HTML, escaped when shown', filename: '<img src=x onerror=alert(1)>.pdf', contentType: 'application/pdf', bytes: () => pdf, expected: accepted('application/pdf', '<img src=x onerror=alert(1)>.pdf') },
  { label: 'refused file whose name is hostile too', filename: '../../<img src=x onerror=alert(1)>\u0007.com', contentType: 'application/octet-stream', bytes: () => Buffer.from(EICAR), expected: refused(/Le fichier « <img src=x onerror=alert\(1\)>\.com » n'est ni un PDF/) },
]

// ---------------------------------------------------------------------------------------------

let database: TestDatabase
let app: FastifyInstance

before(async () => {
  database = await createTestDatabase()
  app = await createService(testServiceDeps(database.pool))
  pdf = await pdfAvisImposition(1)
  png = pngImage(8, 6)
})

after(async () => {
  await app.close()
  await database.drop()
})

const atJustificatifs = (): Promise<SignedIn> => atJustificatifsOf(app, database.pool)

async function assertStillAnswers(label: string): Promise<void> {
  const health = await app.inject({ method: 'GET', url: '/sante' })
  assert.equal(health.statusCode, 200, `${label}: the service still answers`)
}

/** Text as the page shows it, with the entities of a nunjucks-escaped name decoded. */
const shown = (html: string) => visibleText(html)

describe('hostile files, through the justificatifs upload', () => {
  it(`holds a corpus of at least 30 files (${corpus.length})`, () => {
    assert.ok(corpus.length >= 30)
    assert.ok(corpus.filter((c) => 'refused' in c.expected).length >= 30, 'at least 30 hostile files refused')
  })

  for (const hostile of corpus) {
    it(`${'refused' in hostile.expected ? 'refuses' : 'accepts'}: ${hostile.label}`, async () => {
      const bytes = await hostile.bytes()
      const user = await atJustificatifs()
      const response = await upload(app, user, 'avis-imposition', [{ filename: hostile.filename, contentType: hostile.contentType, bytes }])
      const files = await storedFilesOf(database.pool, user.assureId)

      if ('refused' in hostile.expected) {
        assert.equal(response.statusCode, 400, `${hostile.label}: ${response.statusCode}`)
        const text = shown(response.body)
        assert.match(text, /Il y a un problème/)
        assert.match(text, /Le fichier « [^»]+ » /)
        assert.match(text, hostile.expected.refused)
        assert.match(response.body, /<a href="#fichiers-avis-imposition">/, 'the summary links to the file input')
        assert.doesNotMatch(response.body, /<script>alert|<img src=x/, 'the name is escaped')
        assert.deepEqual(files, [], 'no stored_file row')
        assert.deepEqual(await documentsOf(database.pool, user.assureId), [], 'no demande_document row')
      } else {
        const { mediaType, displayName } = hostile.expected.accepted
        assert.equal(response.statusCode, 303, shown(response.body).slice(0, 400))
        assert.equal(response.headers.location, `${BASE}/pieces-justificatives`)
        assert.equal(files.length, 1)
        const [file] = files as [(typeof files)[number]]
        assert.equal(file.media_type, mediaType, 'the type read from the content, not the one declared')
        assert.ok(file.content.equals(bytes), 'stored as sent')
        assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'))
        assert.ok(isUuid(file.id), 'stored under an id of our own, never a user-controlled path')
        if (typeof displayName === 'string') assert.equal(file.display_name, displayName)
        else displayName(file.display_name)
        assert.doesNotMatch(file.display_name, /[/\\\p{Cc}\p{Cf}]/u, 'no path, no control character')
        const page = await get(app, user, `${BASE}/pieces-justificatives`)
        assert.equal(page.statusCode, 200)
        assert.doesNotMatch(page.body, /<script>alert|<img src=x/, 'the name is escaped when shown')
      }
      await assertStillAnswers(hostile.label)
    })
  }
})

// ---------------------------------------------------------------------------------------------
// The same judge behind the reply of the messagerie: a few of the corpus, refused with the whole reply.

type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; bytes: Buffer }

function postReply(user: SignedIn, messageId: string, parts: Part[]) {
  const boundary = `----test${randomUUID()}`
  const chunks = parts.flatMap((part) => {
    const head = 'filename' in part
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n`
    return [Buffer.from(head), 'filename' in part ? part.bytes : Buffer.from(part.value), Buffer.from('\r\n')]
  })
  return app.inject({
    method: 'POST',
    url: `/messagerie/${messageId}/repondre?_csrf=${encodeURIComponent(user.csrfToken)}`,
    headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
  })
}

async function messageFromCaisse(assureId: string): Promise<string> {
  return withTransaction(database.pool, (tx) => postMessageToAssure(tx, { assureId, demandeId: null, kind: 'echange', subject: 'Pièce manquante', body: 'Envoyez votre avis.' }))
}

async function rowsOf(assureId: string): Promise<{ messages: number; files: number; attachments: number }> {
  const { rows } = await database.pool.query<{ messages: number; files: number; attachments: number }>(
    `select (select count(*)::int from message where assure_id = $1) as messages,
            (select count(*)::int from stored_file where owner_assure_id = $1) as files,
            (select count(*)::int from message_attachment a join message m on m.id = a.message_id where m.assure_id = $1) as attachments`,
    [assureId],
  )
  return rows[0]!
}

describe('hostile files, through the reply of the messagerie', () => {
  const throughReply = [
    'PDF: OpenAction JavaScript (in a compressed object stream)',
    'a PDF that embeds EICAR as an attached file',
    'JPEG with a ZIP appended',
    'PNG bomb: 100 000 × 100 000 pixels announced',
    'PDF protected by a password',
    'the EICAR test string named .com',
  ]
  for (const label of throughReply) {
    const hostile = corpus.find((c) => c.label === label)!
    it(`refuses the reply: ${label}`, async () => {
      assert.ok(hostile && 'refused' in hostile.expected)
      const user = await signInAs(app, database.pool)
      const messageId = await messageFromCaisse(user.assureId)
      const before = await rowsOf(user.assureId)
      const response = await postReply(user, messageId, [
        { name: 'reponse', value: 'Voici mon avis' },
        { name: 'pieces', filename: 'bon.pdf', contentType: 'application/pdf', bytes: pdf },
        { name: 'pieces', filename: hostile.filename, contentType: hostile.contentType, bytes: await hostile.bytes() },
      ])
      assert.equal(response.statusCode, 400)
      assert.match(response.body, /govuk-error-summary/)
      assert.match(shown(response.body), hostile.expected.refused)
      assert.match(response.body, /href="#pieces"/)
      assert.deepEqual(await rowsOf(user.assureId), before, 'no reply, no stored_file, no attachment kept (not even the good file)')
      await assertStillAnswers(label)
    })
  }

  it('accepts a good file with a hostile name, stored under its own id with a sanitised name', async () => {
    const user = await signInAs(app, database.pool)
    const messageId = await messageFromCaisse(user.assureId)
    const response = await postReply(user, messageId, [
      { name: 'reponse', value: 'Voici ma photo' },
      { name: 'pieces', filename: '..\\..\\..\\boot.ini\u0007\u202E.jpg', contentType: 'text/html', bytes: JPEG },
    ])
    assert.equal(response.statusCode, 303, shown(response.body).slice(0, 400))
    const { rows } = await database.pool.query<{ id: string; display_name: string; media_type: string; content: Buffer }>(
      `select f.id, f.display_name, f.media_type, f.content from stored_file f
         join message_attachment a on a.file_id = f.id join message m on m.id = a.message_id
        where m.assure_id = $1 and m.author = 'assure'`,
      [user.assureId],
    )
    assert.equal(rows.length, 1)
    assert.deepEqual({ name: rows[0]!.display_name, type: rows[0]!.media_type }, { name: 'boot.ini.jpg', type: 'image/jpeg' })
    assert.ok(isUuid(rows[0]!.id) && rows[0]!.content.equals(JPEG))
    await assertStillAnswers('reply with a hostile name')
  })
})
