// A small flowing-text layout on top of pdf-lib: headings, label/value rows and paragraphs,
// wrapped to the page width, new pages as needed, and the few shapes of a paper form (a framed
// block, a section band). Shared by every PDF the service writes.
import { degrees, drawLinesOfText, PDFDocument, StandardFonts, rgb, type Color, type PDFFont, type PDFName, type PDFPage } from 'pdf-lib'

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 50

export type PdfWriter = {
  title(text: string): void
  heading(text: string): void
  /** A section title on a shaded band, as the parts of a paper form. */
  band(text: string): void
  subheading(text: string): void
  row(label: string, value: string): void
  /** Rows inside a frame headed by `title`, kept on one page. */
  frame(title: string, rows: ReadonlyArray<readonly [label: string, value: string]>): void
  paragraph(text: string, size?: number): void
  space(points: number): void
  save(): Promise<Uint8Array>
}

export type PdfMetadata = {
  title: string
  subject: string
  /** The line printed at the foot of each page, once the page count is known. */
  footer?: (pageNumber: number, pageCount: number) => string
}

export async function createPdfWriter(metadata: PdfMetadata): Promise<PdfWriter> {
  const document = await PDFDocument.create()
  document.setTitle(metadata.title)
  document.setSubject(metadata.subject)
  document.setLanguage('fr-FR')
  document.setProducer('Invalidité en ligne')
  document.setCreator('Invalidité en ligne')
  const regular = await document.embedFont(StandardFonts.Helvetica)
  const bold = await document.embedFont(StandardFonts.HelveticaBold)
  // Each page names its two fonts once, in its resources.
  const fontKeysOf = (added: PDFPage) => new Map([regular, bold].map((font) => [font, added.node.newFontDictionary(font.name, font.ref)]))
  let page: PDFPage = document.addPage([A4.width, A4.height])
  let fontKeys = fontKeysOf(page)
  let y = A4.height - MARGIN
  const width = A4.width - 2 * MARGIN

  const ensure = (height: number) => {
    if (y - height >= MARGIN) return
    page = document.addPage([A4.width, A4.height])
    fontKeys = fontKeysOf(page)
    y = A4.height - MARGIN
  }
  const lines = (text: string, font: PDFFont, size: number, maxWidth: number) => wrap(winAnsi(text), font, size, maxWidth)
  const draw = (text: string, x: number, font: PDFFont, size: number, at = y) => drawLine(page, fontKeys.get(font)!, text, { x, y: at, size, font, color: BLACK })
  const labelWidth = width * 0.45
  const rowLines = (label: string, value: string, inset: number) => {
    const left = lines(label, bold, 9.5, labelWidth - 8 - inset)
    const right = lines(value || '—', regular, 9.5, width - labelWidth - inset)
    return { left, right, count: Math.max(left.length, right.length) }
  }
  // The whole label, then the whole value: text extraction reads each of them in one piece.
  const drawRow = ({ left, right, count }: ReturnType<typeof rowLines>, inset: number) => {
    left.forEach((line, i) => draw(line, MARGIN + inset, bold, 9.5, y - i * 13))
    right.forEach((line, i) => draw(line, MARGIN + labelWidth, regular, 9.5, y - i * 13))
    y -= count * 13 + 4
  }

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
    band(text) {
      const titleLines = lines(text, bold, 11, width - 12)
      const height = titleLines.length * 14 + 8
      ensure(height + 40)
      y -= 10
      page.drawRectangle({ x: MARGIN, y: y - height, width, height, color: rgb(0.86, 0.88, 0.92) })
      y -= 14
      for (const line of titleLines) {
        draw(line, MARGIN + 6, bold, 11)
        y -= 14
      }
      y -= 8
    },
    subheading(text) {
      ensure(36)
      y -= 4
      for (const line of lines(text, bold, 10.5, width)) {
        draw(line, MARGIN, bold, 10.5)
        y -= 15
      }
    },
    row(label, value) {
      const row = rowLines(label, value, 0)
      ensure(row.count * 13 + 4)
      drawRow(row, 0)
    },
    frame(title, rows) {
      const inset = 8
      const titleLines = lines(title, bold, 10.5, width - 2 * inset)
      const laidOut = rows.map(([label, value]) => rowLines(label, value, inset))
      const height = 8 + titleLines.length * 16 + laidOut.reduce((sum, row) => sum + row.count * 13 + 4, 0)
      ensure(height)
      const top = y
      page.drawRectangle({ x: MARGIN, y: top - height, width, height, borderColor: rgb(0, 0, 0), borderWidth: 1 })
      y -= 18
      for (const line of titleLines) {
        draw(line, MARGIN + inset, bold, 10.5)
        y -= 16
      }
      for (const row of laidOut) drawRow(row, inset)
      y = top - height - 8
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
    save() {
      const pages = document.getPages()
      if (metadata.footer) {
        pages.forEach((each, index) => {
          const text = winAnsi(metadata.footer!(index + 1, pages.length))
          each.drawText(text, { x: MARGIN, y: MARGIN / 2, size: 8, font: regular, color: rgb(0.3, 0.3, 0.3) })
        })
      }
      return document.save()
    },
  }
}

const BLACK = rgb(0, 0, 0)
const UPRIGHT = degrees(0)

// What page.drawText writes for one line, with the key under which the page already has the font:
// drawText adds the font to the page's resources again at each call (a new randomly named entry,
// after a scan of the others), which made the text the slowest part of a document.
function drawLine(page: PDFPage, fontKey: PDFName, text: string, options: { x: number; y: number; size: number; font: PDFFont; color: Color }): void {
  page.pushOperators(...drawLinesOfText([options.font.encodeText(text)], {
    ...options, font: fontKey, rotate: UPRIGHT, xSkew: UPRIGHT, ySkew: UPRIGHT, lineHeight: options.size,
  }))
}

// Each word is measured once and a line's width is the sum of its words and spaces: measuring
// every candidate line again made the wrapping the slowest part of a document.
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const result: string[] = []
  const space = font.widthOfTextAtSize(' ', size)
  for (const paragraph of text.split('\n')) {
    if (font.widthOfTextAtSize(paragraph, size) <= maxWidth) {
      result.push(paragraph)
      continue
    }
    let line = ''
    let lineWidth = 0
    for (const word of paragraph.split(/\s+/)) {
      const wordWidth = font.widthOfTextAtSize(word, size)
      if (!line) {
        line = word
        lineWidth = wordWidth
      } else if (lineWidth + space + wordWidth <= maxWidth) {
        line = `${line} ${word}`
        lineWidth += space + wordWidth
      } else {
        result.push(line)
        line = word
        lineWidth = wordWidth
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
