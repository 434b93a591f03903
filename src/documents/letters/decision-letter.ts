// The notification letter of a decision (PDF): the organisme's letterhead, the assuré's name and
// address as sent with the demande, the decision and what it means, then the voies et délais de
// recours. One template for the accord, the refus and the implicit refusal.
import type { Adresse } from '../../identity/assure-repository.ts'
import type { OrganismeInstructeur } from '../../shared/caisses.ts'
import { formatFrenchDate, type LocalDate } from '../../shared/dates.ts'
import { appealRoutes, categorieLabel, motifLabel } from '../../instruction/domain/decision.ts'
import type { Notice } from '../../instruction/domain/decision-notification.ts'
import { createPdfWriter, type PdfWriter } from '../pdf-text-layout.ts'

export type DecisionLetterInput = {
  organisme: OrganismeInstructeur
  assure: { nom: string; prenoms: string; nir: string; adresse: Adresse | null }
  numero: string
  receivedOn: LocalDate
  /** The day the letter is written. */
  date: LocalDate
  notified: Notice
}

export function decisionLetterFileName(numero: string): string {
  return `decision-${numero}.pdf`
}

export async function renderDecisionLetter(input: DecisionLetterInput): Promise<Uint8Array> {
  const { organisme, assure, numero } = input
  const pdf = await createPdfWriter({
    title: `Décision sur la demande de pension d'invalidité n° ${numero}`,
    subject: "Notification d'une décision sur une demande de pension d'invalidité",
    footer: (page, pages) => `${organisme.name} – service Invalidité – demande n° ${numero} – page ${page} sur ${pages}`,
  })
  pdf.title(organisme.name)
  pdf.paragraph('Service Invalidité')
  pdf.space(12)
  pdf.paragraph([`${assure.prenoms} ${assure.nom}`, ...addressLines(assure.adresse)].join('\n'), 11)
  pdf.space(8)
  pdf.paragraph(`Le ${formatFrenchDate(input.date)}`)
  pdf.row('Objet', "Décision sur votre demande de pension d'invalidité")
  pdf.row('Demande n°', numero)
  pdf.row('Reçue le', formatFrenchDate(input.receivedOn))
  pdf.row('N° de sécurité sociale', assure.nir)
  pdf.space(8)
  pdf.paragraph('Madame, Monsieur,')
  writeDecision(pdf, input)
  pdf.heading('Voies et délais de recours')
  for (const paragraph of appealRoutes(input.notified, organisme.name)) pdf.paragraph(paragraph)
  pdf.space(8)
  pdf.paragraph("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.")
  pdf.paragraph(`Le service Invalidité de la ${organisme.name}`)
  return pdf.save()
}

function writeDecision(pdf: PdfWriter, input: DecisionLetterInput): void {
  const { notified } = input
  switch (notified.type) {
    case 'accord': {
      const categorie = categorieLabel[notified.categorie]
      pdf.paragraph("Après avis du service du contrôle médical, nous avons le plaisir de vous informer qu'une pension d'invalidité vous est accordée.")
      pdf.frame('Votre pension d’invalidité', [
        ['Catégorie', categorie.label],
        ['Situation', categorie.situation],
        ['Montant', categorie.pension],
        ["Date d'effet", formatFrenchDate(notified.dateEffet)],
      ])
      pdf.paragraph('Un prochain courrier vous indiquera le montant de votre pension. Elle est versée chaque mois, à terme échu. La catégorie peut être revue si votre état de santé évolue.')
      return
    }
    case 'refus':
      pdf.paragraph("Nous avons le regret de vous informer que votre demande de pension d'invalidité est refusée.")
      pdf.frame('Motif du refus', [
        ['Nature du motif', capitalize(motifLabel[notified.motif])],
        ['Raison', notified.raison],
      ])
      return
    case 'rejet_implicite':
      pdf.paragraph(`Votre demande de pension d'invalidité, reçue le ${formatFrenchDate(input.receivedOn)}, n'a pas reçu de réponse dans le délai d'instruction de 2 mois, qui a pris fin le ${formatFrenchDate(notified.echeance)}.`)
      pdf.paragraph("L'absence de réponse dans ce délai vaut décision de refus : votre demande de pension d'invalidité est refusée.")
  }
}

function addressLines(adresse: Adresse | null): string[] {
  if (!adresse) return []
  return [adresse.ligne, `${adresse.codePostal} ${adresse.commune}`.trim(), adresse.pays && adresse.pays !== 'France' ? adresse.pays : ''].filter((line) => line !== '')
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
