// The assuré answers a message of the caisse, with attachments. Every file is judged by its
// content first; one refused file refuses the whole reply, so nothing half-sent is kept.
import { z } from 'zod'
import { isTypedText, UNTYPED_TEXT_MESSAGE } from '../shared/text.ts'
import { withTransaction, type Pool } from '../platform/db/pool.ts'
import { inspectUpload, type InspectedFile } from '../documents/inspect-upload.ts'
import { insertStoredFile, isUuid } from '../documents/stored-files.ts'
import { receiveDocumentsByReply } from '../instruction/application/receive-documents.ts'

export const MAX_REPLY_LENGTH = 5000
export const MAX_REPLY_FILES = 5

export const replySchema = z.object({
  // Browsers send a textarea's line breaks as CRLF: counted as one character, as the page counts them.
  reponse: z
    .string({ error: 'Saisissez votre réponse.' })
    .overwrite((text) => text.replace(/\r\n?/g, '\n').trim())
    .min(1, 'Saisissez votre réponse.')
    .max(MAX_REPLY_LENGTH, `Votre réponse doit faire ${MAX_REPLY_LENGTH} caractères au plus : raccourcissez-la, ou joignez un document.`)
    .refine(isTypedText, UNTYPED_TEXT_MESSAGE),
})

export type UploadedFile = { filename: string; bytes: Buffer }
export type ReplyField = 'reponse' | 'pieces'
export type ReplyError = { field: ReplyField; message: string }
export type ReplyResult = { ok: true; replyId: string } | { ok: false; errors: ReplyError[] }

// Answers null when the assuré has no such message from the caisse.
export async function replyToMessage(
  pool: Pool,
  input: { assureId: string; messageId: string; fields: Record<string, unknown>; files: UploadedFile[] },
): Promise<ReplyResult | null> {
  if (!isUuid(input.messageId)) return null
  const errors: ReplyError[] = []
  const parsed = replySchema.safeParse(input.fields)
  if (!parsed.success) errors.push({ field: 'reponse', message: parsed.error.issues[0]!.message })
  const inspected: InspectedFile[] = []
  if (input.files.length > MAX_REPLY_FILES) {
    errors.push({ field: 'pieces', message: `Vous pouvez joindre ${MAX_REPLY_FILES} fichiers au plus. Regroupez les pages dans un seul PDF, ou envoyez les autres dans une deuxième réponse.` })
  } else {
    for (const file of input.files) {
      const result = await inspectUpload(file.bytes, file.filename)
      if (result.ok) inspected.push(result.file)
      else errors.push({ field: 'pieces', message: result.message })
    }
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors }

  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ subject: string; demandeId: string | null }>(
      `select subject, demande_id as "demandeId" from message where id = $1 and assure_id = $2 and author = 'caisse'`,
      [input.messageId, input.assureId],
    )
    const original = rows[0]
    if (!original) return null
    await receiveDocumentsByReply(tx, { assureId: input.assureId, repliedMessageId: input.messageId, withFiles: inspected.length > 0 })
    const inserted = await tx.query<{ id: string }>(
      `insert into message (assure_id, demande_id, author, subject, body, in_reply_to)
       values ($1, $2, 'assure', $3, $4, $5) returning id`,
      [input.assureId, original.demandeId, replySubject(original.subject), parsed.data.reponse, input.messageId],
    )
    const replyId = inserted.rows[0]!.id
    for (const file of inspected) {
      const fileId = await insertStoredFile(tx, input.assureId, file)
      await tx.query('insert into message_attachment (message_id, file_id) values ($1, $2)', [replyId, fileId])
    }
    return { ok: true, replyId }
  })
}

export function replySubject(subject: string): string {
  return /^re ?:/i.test(subject) ? subject : `RE : ${subject}`
}
