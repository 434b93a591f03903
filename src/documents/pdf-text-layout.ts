// A small flowing-text layout on top of pdf-lib: headings, label/value rows and paragraphs,
// wrapped to the page width, new pages as needed. Shared by every PDF the service writes.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib'

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 50

export type PdfWriter = {
  title(text: string): void
  heading(text: string): void
  row(label: string, value: string): void
  paragraph(text: string, size?: number): void
  space(points: number): void
  save(): Promise<Uint8Array>
}

export async function createPdfWriter(metadata: { title: string; subject: string }): Promise<PdfWriter> {
  const document = await PDFDocument.create()
  document.setTitle(metadata.title)
  document.setSubject(metadata.subject)
  document.setLanguage('fr-FR')
  document.setProducer('Invalidité en ligne')
  document.setCreator('Invalidité en ligne')
  const regular = await document.embedFont(StandardFonts.Helvetica)
  const bold = await document.embedFont(StandardFonts.HelveticaBold)
  let page: PDFPage = document.addPage([A4.width, A4.height])
  let y = A4.height - MARGIN
  const width = A4.width - 2 * MARGIN

  const ensure = (height: number) => {
    if (y - height >= MARGIN) return
    page = document.addPage([A4.width, A4.height])
    y = A4.height - MARGIN
  }
  const lines = (text: string, font: PDFFont, size: number, maxWidth: number) => wrap(winAnsi(text), font, size, maxWidth)
  const draw = (text: string, x: number, font: PDFFont, size: number) => page.drawText(text, { x, y, size, font, color: rgb(0, 0, 0) })

  return {
    title(text) {
      for (const line of lines(text, bold, 16, width)) {
        ensure(22)
        draw(line, MARGIN, bold, 16)
        y -= 22
      }
      y -= 6
    },
    heading(text) {
      ensure(40)
      y -= 10
      for (const line of lines(text, bold, 12, width)) {
        draw(line, MARGIN, bold, 12)
        y -= 16
      }
      page.drawLine({ start: { x: MARGIN, y: y + 10 }, end: { x: A4.width - MARGIN, y: y + 10 }, thickness: 0.5, color: rgb(0.4, 0.4, 0.4) })
      y -= 4
    },
    row(label, value) {
      const labelWidth = width * 0.45
      const left = lines(label, bold, 9.5, labelWidth - 8)
      const right = lines(value || '—', regular, 9.5, width - labelWidth)
      const count = Math.max(left.length, right.length)
      ensure(count * 13 + 4)
      for (let i = 0; i < count; i++) {
        if (left[i]) draw(left[i]!, MARGIN, bold, 9.5)
        if (right[i]) draw(right[i]!, MARGIN + labelWidth, regular, 9.5)
        y -= 13
      }
      y -= 4
    },
    paragraph(text, size = 10) {
      for (const line of lines(text, regular, size, width)) {
        ensure(size + 4)
        draw(line, MARGIN, regular, size)
        y -= size + 4
      }
      y -= 4
    },
    space(points) {
      y -= points
    },
    save: () => document.save(),
  }
}

function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const result: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word
      if (font.widthOfTextAtSize(candidate, size) <= maxWidth || !line) line = candidate
      else {
        result.push(line)
        line = word
      }
    }
    result.push(line)
  }
  return result
}

// The standard PDF fonts encode WinAnsi only: other characters become their nearest equivalent.
function winAnsi(text: string): string {
  return text
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/[\u2010-\u2012]/g, '-')
    .replace(/[^\x20-\x7e\n\u00a1-\u00ff\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2122]/g, '?')
}
