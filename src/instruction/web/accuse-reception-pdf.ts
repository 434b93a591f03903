// The acknowledgment reprinted at the accueil for the assuré to take away: the message sent to
// their messagerie, word for word, under the demande's number and date of receipt.
import { createPdfWriter } from '../../documents/pdf-text-layout.ts'
import type { AccuseReceptionCopy } from '../infrastructure/accueil-lookup.ts'
import { formatFrenchDateTime } from '../../shared/dates.ts'

const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' })

export async function renderAccuseReceptionCopy(accuse: AccuseReceptionCopy, printedAt: Date): Promise<Uint8Array> {
  const pdf = await createPdfWriter({
    title: `${accuse.subject} n° ${accuse.numero}`,
    subject: 'Copie de l’accusé de réception',
    footer: (page, pages) => `Copie de l'accusé de réception envoyé le ${date.format(accuse.sentAt)} dans la messagerie du compte ameli, imprimée le ${date.format(printedAt)} – page ${page} sur ${pages}`,
  })
  pdf.title(accuse.subject)
  pdf.row('Numéro de la demande', accuse.numero)
  pdf.row('Reçue le', formatFrenchDateTime(accuse.receivedAt))
  pdf.space(8)
  for (const paragraph of accuse.body.split(/\n{2,}/)) pdf.paragraph(paragraph)
  return pdf.save()
}
