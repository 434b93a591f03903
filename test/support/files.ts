// Real documents made on the fly: a PDF avis d'imposition (pdf-lib) and a small PNG photo.
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { encodePng } from '../../scripts/encode-png.ts'

export async function pdfAvisImposition(pages = 2): Promise<Buffer> {
  const document = await PDFDocument.create()
  const font = await document.embedFont(StandardFonts.Helvetica)
  for (let i = 1; i <= pages; i++) {
    const page = document.addPage([595, 842])
    page.drawText(`Avis d'impôt 2026 sur les revenus de 2025 — page ${i}`, { x: 50, y: 780, size: 14, font })
    page.drawText('Revenu fiscal de référence : 18 250 €', { x: 50, y: 740, size: 12, font })
  }
  return Buffer.from(await document.save())
}

/** A grey picture of width × height pixels. */
export function pngImage(width = 4, height = 4): Buffer {
  return encodePng(width, height, new Uint8Array(width * height * 3).fill(0x80))
}
