// The PDF copy of a demande as sent, offered to the assuré in « Mes démarches ».
import type { Answers } from '../demarche/domain/answers.ts'
import type { DocumentKind } from '../demarche/domain/documents.ts'
import { recapitulatifSections } from '../demarche/domain/recapitulatif.ts'
import { documentKindLabel } from '../demarche/domain/labels.ts'
import type { AssureProfile } from '../identity/assure-repository.ts'
import { formatFrenchDate, formatFrenchDateTime, type LocalDate } from '../shared/dates.ts'
import { createPdfWriter } from './pdf-text-layout.ts'

export type SubmittedSnapshot = {
  identity: AssureProfile
  answers: Answers
  documents: Array<{ kind: DocumentKind; displayName: string }>
}

export async function renderDemandeCopy(input: { numero: string; receivedAt: Date; answerDueOn: string; submitted: SubmittedSnapshot }): Promise<Uint8Array> {
  const { identity, answers, documents } = input.submitted
  const pdf = await createPdfWriter({ title: `Demande de pension d'invalidité n° ${input.numero}`, subject: 'Copie de la demande envoyée' })
  pdf.title("Demande de pension d'invalidité — copie de la demande envoyée")
  pdf.row('Numéro de la demande', input.numero)
  pdf.row('Reçue le', formatFrenchDateTime(new Date(input.receivedAt)))
  pdf.row('Réponse attendue au plus tard le', formatFrenchDate(input.answerDueOn as LocalDate))
  const sections = recapitulatifSections(answers, identity)
  for (const section of sections) {
    pdf.heading(section.title)
    for (const row of section.rows) pdf.row(row.label, row.value)
  }
  pdf.heading('Justificatifs joints')
  for (const document of documents) pdf.row(documentKindLabel[document.kind], document.displayName)
  return pdf.save()
}
