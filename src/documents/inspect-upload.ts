// A file is judged by its content: its first bytes say what it is (not its name nor the type the
// browser declares), a PDF must open without a password and carry no active content (script,
// launch action, embedded file), an image must be whole, of sane size, with nothing hidden after
// its end. There is no antivirus here: see docs/decisions.md, « Fichiers hostiles ».
import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
const MAX_IMAGE_PIXELS = 80_000_000

export const ACCEPTED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number]
export type InspectedFile = { mediaType: AcceptedMediaType; bytes: Buffer; sha256: string; displayName: string }
export type Inspection = { ok: true; file: InspectedFile } | { ok: false; message: string }

export async function inspectUpload(bytes: Buffer, originalName: string): Promise<Inspection> {
  const displayName = sanitizeDisplayName(originalName)
  const refuse = (reason: string): Inspection => ({ ok: false, message: `Le fichier « ${displayName} » ${reason}` })
  if (bytes.length === 0) return refuse('est vide. Choisissez un autre fichier.')
  if (bytes.length > MAX_UPLOAD_BYTES) return refuse('dépasse 10 Mo. Réduisez sa taille (photo moins lourde, PDF compressé) puis recommencez.')
  const detected = await fileTypeFromBuffer(bytes)
  const mediaType = detected?.mime
  if (mediaType !== 'application/pdf' && mediaType !== 'image/jpeg' && mediaType !== 'image/png') {
    return refuse("n'est ni un PDF, ni une image JPEG ou PNG. Enregistrez le document dans l'un de ces formats (par exemple, prenez-le en photo) puis recommencez.")
  }
  const problem = mediaType === 'application/pdf' ? await pdfProblem(bytes) : imageProblem(mediaType, bytes)
  if (problem) return refuse(problem)
  if (hasZipEnd(bytes)) return refuse(HIDDEN_DATA)
  return { ok: true, file: { mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), displayName } }
}

// Encryption is read from the loaded document: pdf-lib's EncryptedPDFError is compiled to ES5 and
// fails `instanceof`, so catching it would call an encrypted PDF « endommagé ».
async function pdfProblem(bytes: Buffer): Promise<string | null> {
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true })
    if (document.isEncrypted) return 'est protégé par un mot de passe. Enregistrez-le sans protection (ou imprimez-le en PDF) puis recommencez.'
    if (hasActiveContent(document, bytes)) return ACTIVE_CONTENT
    const end = bytes.lastIndexOf('%%EOF')
    if (end < 0) return DAMAGED_PDF
    if (/[^\s\0]/.test(bytes.toString('latin1', end + 5))) return HIDDEN_DATA
    return document.getPageCount() > 0 ? null : "ne contient aucune page lisible. Vérifiez le document puis recommencez."
  } catch {
    return DAMAGED_PDF
  }
}

const DAMAGED_PDF = "est endommagé ou illisible. Ouvrez-le pour vérifier, enregistrez-le à nouveau ou prenez le document en photo, puis recommencez."
const HIDDEN_DATA = "contient d'autres données cachées en plus du document. Enregistrez-le à nouveau (imprimez-le en PDF, ou reprenez la photo) puis recommencez."

// A ZIP is read from its end: its end-of-central-directory record sits in the last 64 Kio (22
// bytes + a comment of at most 65,535). Found there, the file is also an archive: a polyglot.
function hasZipEnd(bytes: Buffer): boolean {
  return bytes.subarray(-(22 + 0xffff)).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
}

const ACTIVE_CONTENT =
  "contient un script, une commande ou un fichier joint, que nous n'acceptons pas. Imprimez-le en PDF (« Imprimer » puis « Enregistrer au format PDF ») ou prenez le document en photo, puis recommencez."

// Names that make a PDF act when it is opened or clicked (JavaScript, launching a program), or
// carry another file inside it (embedded files, rich media, XFA forms and their scripts).
const ACTIVE_NAMES = new Set(['JS', 'JavaScript', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA'])
// In the raw bytes, only the long names: a short one (/JS) turns up by chance in compressed data.
const ACTIVE_NAME_IN_BYTES = /\/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia)(?![A-Za-z0-9#._-])/

// Every object pdf-lib parsed (those of compressed object streams included), and their direct
// dictionaries and arrays; names are compared decoded (/J#61vaScript is /JavaScript). The raw
// bytes are also read, for what the parser would not keep.
function hasActiveContent(document: PDFDocument, bytes: Buffer): boolean {
  if (ACTIVE_NAME_IN_BYTES.test(bytes.toString('latin1'))) return true
  const seen = new Set<unknown>()
  const active = (object: unknown): boolean => {
    if (seen.has(object)) return false
    seen.add(object)
    if (object instanceof PDFName) return ACTIVE_NAMES.has(decodeName(object.asString()))
    if (object instanceof PDFStream) return active(object.dict)
    if (object instanceof PDFDict) return object.entries().some(([key, value]) => active(key) || active(value))
    if (object instanceof PDFArray) return object.asArray().some(active)
    return false
  }
  return document.context.enumerateIndirectObjects().some(([, object]) => active(object))
}

function decodeName(name: string): string {
  return name.slice(1).replace(/#([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

const DAMAGED_IMAGE = 'est une image incomplète ou endommagée. Reprenez la photo puis recommencez.'

// An image ends at its end marker (PNG: the IEND chunk; JPEG: EOI after the last scan). Bytes after
// it are how polyglots hide a PDF, a ZIP or a script in a picture: refused. A PDF header anywhere in
// the picture is refused too (PDF readers look for it in the first kilobyte, whatever comes first).
function imageProblem(mediaType: 'image/jpeg' | 'image/png', bytes: Buffer): string | null {
  const layout = mediaType === 'image/png' ? pngLayout(bytes) : jpegLayout(bytes)
  if (!layout || layout.width === 0 || layout.height === 0) return DAMAGED_IMAGE
  if (layout.width * layout.height > MAX_IMAGE_PIXELS) return 'est une image aux dimensions démesurées. Reprenez la photo en qualité normale puis recommencez.'
  return layout.end < bytes.length || bytes.includes('%PDF-') ? HIDDEN_DATA : null
}

type ImageLayout = { width: number; height: number; end: number }

// Walks the chunks: IHDR first, up to the end of IEND.
function pngLayout(bytes: Buffer): ImageLayout | null {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  let offset = 8
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    const end = offset + 12 + length
    if (end > bytes.length) return null
    if (type === 'IEND') return { width, height, end }
    offset = end
  }
  return null
}

// Walks the JPEG segments: the start-of-frame carries the dimensions, each scan runs until the
// next marker that is neither stuffing (FF00) nor a restart (FFD0–FFD7), EOI ends the image.
function jpegLayout(bytes: Buffer): ImageLayout | null {
  let size: { width: number; height: number } | null = null
  let offset = 2
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]!
    if (marker === 0xff) {
      offset += 1
      continue
    }
    if (marker === 0xd9) return size && { ...size, end: offset + 2 }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2
      continue
    }
    if (offset + 4 > bytes.length) return null
    const length = bytes.readUInt16BE(offset + 2)
    if (length < 2 || offset + 2 + length > bytes.length) return null
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 7) return null
      size = { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) }
    }
    offset += 2 + length
    if (marker === 0xda) {
      while (offset + 1 < bytes.length && !(bytes[offset] === 0xff && bytes[offset + 1] !== 0 && !(bytes[offset + 1]! >= 0xd0 && bytes[offset + 1]! <= 0xd7))) offset++
    }
  }
  return null
}

// The user's file name is only ever shown back to them: no path, no control character, bounded.
export function sanitizeDisplayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // Cut by code points, not UTF-16 units, so that no emoji is left half.
  const clean = Array.from(base.normalize('NFC').replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '').trim()).slice(0, 120).join('').trim()
  return clean || 'document'
}
