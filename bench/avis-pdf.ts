// The avis d'imposition each simulated assuré uploads: a real PDF of about 300 KB, as a scanned
// notice is (a page of text over a grey scan that does not compress), made once at start.
import { randomBytes } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'
import { PDFDocument, StandardFonts } from 'pdf-lib'

export async function avisImpositionPdf(targetBytes = 300 * 1024): Promise<Buffer> {
  const side = Math.round(Math.sqrt(targetBytes * 0.68))
  const document = await PDFDocument.create()
  document.setTitle("Avis d'impôt 2026 sur les revenus de 2025")
  const page = document.addPage([595, 842])
  const scan = await document.embedPng(greyNoisePng(side, side))
  page.drawImage(scan, { x: 40, y: 120, width: 515, height: 515 })
  const font = await document.embedFont(StandardFonts.Helvetica)
  const lines = ["Avis d'impôt 2026 sur les revenus de l'année 2025", 'Direction générale des finances publiques', 'Revenu fiscal de référence : 21 480 €', 'Nombre de parts : 1']
  lines.forEach((line, index) => page.drawText(line, { x: 40, y: 780 - index * 20, size: 12, font }))
  return Buffer.from(await document.save())
}

function greyNoisePng(width: number, height: number): Buffer {
  const noise = randomBytes(width * height)
  const raw = Buffer.alloc((width + 1) * height)
  for (let row = 0; row < height; row++) noise.copy(raw, row * (width + 1) + 1, row * width, (row + 1) * width)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8) // 8 bits, greyscale, deflate, no filter, no interlace
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
