// « Demander des justificatifs »: the agent lists the documents in their own words; the message
// around them tells the assuré how to send them and what happens to the delay.
import { z } from 'zod'
import { isTypedText, UNTYPED_TEXT_MESSAGE } from '../../shared/text.ts'

export const MAX_PIECES_LENGTH = 3000

export const documentRequestSchema = z.object({
  pieces: z
    .string({ error: 'Indiquez les justificatifs à demander à l’assuré' })
    .overwrite((text) => text.replace(/\r\n?/g, '\n').trim())
    .min(1, 'Indiquez les justificatifs à demander à l’assuré')
    .max(MAX_PIECES_LENGTH, 'La liste des justificatifs doit faire 3 000 caractères au plus : raccourcissez-la')
    .refine(isTypedText, UNTYPED_TEXT_MESSAGE),
})

export type DocumentRequest = z.output<typeof documentRequestSchema>

export const DOCUMENT_REQUEST_SUBJECT = "Justificatifs à fournir pour votre demande de pension d'invalidité"

export function documentRequestMessage(input: { numero: string; pieces: string }): { subject: string; body: string } {
  const body = `Bonjour,

Pour étudier votre demande de pension d'invalidité n° ${input.numero}, le service Invalidité a besoin des justificatifs suivants :

${input.pieces}

Pour nous les envoyer, répondez à ce message en joignant les documents (PDF, JPEG ou PNG ; une photo de chaque page prise avec votre téléphone convient).

La durée d'instruction de votre demande est prolongée jusqu'à la réception de ces justificatifs, dans la limite de 2 mois. La date à laquelle une réponse vous est due est mise à jour dans « Mes démarches ».`
  return { subject: DOCUMENT_REQUEST_SUBJECT, body }
}
