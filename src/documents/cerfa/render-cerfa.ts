// The Cerfa reconstitué as a PDF: the content that cerfa-layout.ts decides, drawn in the shapes of
// the paper form (the caisse's frame, numbered sections on shaded bands), every page footed with
// the numéro de demande. Standard Helvetica: the text stays extractable, accents included.
import { createPdfWriter } from '../pdf-text-layout.ts'
import { cerfaContent, cerfaDocumentTitle, cerfaFooter, cerfaLabel, type CerfaInput } from './cerfa-layout.ts'

export async function renderCerfa(input: CerfaInput): Promise<Uint8Array> {
  const content = cerfaContent(input)
  const pdf = await createPdfWriter({
    title: cerfaDocumentTitle(input.numero),
    subject: cerfaLabel.subject,
    footer: (page, pageCount) => cerfaFooter(input.numero, page, pageCount),
  })
  pdf.title(cerfaLabel.title)
  pdf.paragraph(cerfaLabel.reference)
  pdf.frame(cerfaLabel.caisseFrame, content.caisseFrame.map((row) => [row.label, row.value]))
  for (const section of content.sections) {
    pdf.band(section.title)
    for (const block of section.blocks) {
      if (block.subtitle) pdf.subheading(block.subtitle)
      for (const row of block.rows) pdf.row(row.label, row.value)
    }
    if (section.notice) pdf.paragraph(section.notice, 9)
  }
  return pdf.save()
}
