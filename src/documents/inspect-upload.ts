// A file is judged by its content: its first bytes say what it is (not its name nor the type the
// browser declares), a PDF must open without a password, an image must be whole and of sane size.
import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import { PDFDocument } from 'pdf-lib'

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
  return { ok: true, file: { mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), displayName } }
}

// Encryption is read from the loaded document: pdf-lib's EncryptedPDFError is compiled to ES5 and
// fails `instanceof`, so catching it would call an encrypted PDF « endommagé ».
async function pdfProblem(bytes: Buffer): Promise<string | null> {
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true })
    if (document.isEncrypted) return 'est protégé par un mot de passe. Enregistrez-le sans protection (ou imprimez-le en PDF) puis recommencez.'
    return document.getPageCount() > 0 ? null : "ne contient aucune page lisible. Vérifiez le document puis recommencez."
  } catch {
    return "est endommagé ou illisible. Ouvrez-le pour vérifier, enregistrez-le à nouveau ou prenez le document en photo, puis recommencez."
  }
}

function imageProblem(mediaType: 'image/jpeg' | 'image/png', bytes: Buffer): string | null {
  const size = mediaType === 'image/png' ? pngSize(bytes) : jpegSize(bytes)
  const whole = mediaType === 'image/png' ? bytes.subarray(-12).includes(Buffer.from('IEND')) : jpegEnds(bytes)
  if (!size || !whole) return "est une image incomplète ou endommagée. Reprenez la photo puis recommencez."
  if (size.width * size.height > MAX_IMAGE_PIXELS) return 'est une image aux dimensions démesurées. Reprenez la photo en qualité normale puis recommencez.'
  return null
}

function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

// Walks the JPEG segments up to the first start-of-frame marker, which carries the dimensions.
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let offset = 2
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]!
    if (marker === 0xff) {
      offset += 1
      continue
    }
    const length = bytes.readUInt16BE(offset + 2)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) }
    }
    offset += 2 + length
  }
  return null
}

function jpegEnds(bytes: Buffer): boolean {
  const tail = bytes.subarray(-32)
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true
  return false
}

// The user's file name is only ever shown back to them: no path, no control character, bounded.
export function sanitizeDisplayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const clean = base.normalize('NFC').replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '').trim().slice(0, 120)
  return clean || 'document'
}
