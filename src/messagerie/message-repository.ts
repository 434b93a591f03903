// The assuré's messagerie. Every lookup carries the assuré: another assuré's message, or a file
// attached to it, does not exist for this one.
import type { Queryable } from '../platform/db/pool.ts'
import { isUuid, type StoredFileContent } from '../documents/stored-files.ts'

export type MessageAuthor = 'caisse' | 'assure'

export type MessageSummary = {
  id: string
  subject: string
  author: MessageAuthor
  createdAt: Date
  unread: boolean
  attachmentCount: number
}

export type MessageAttachment = { fileId: string; displayName: string; mediaType: string; byteSize: number }

export type MessageDetail = {
  id: string
  demandeId: string | null
  subject: string
  body: string
  author: MessageAuthor
  createdAt: Date
  unread: boolean
  inReplyTo: string | null
  attachments: MessageAttachment[]
  replies: { id: string; createdAt: Date }[]
}

export async function listMessagesOfAssure(db: Queryable, assureId: string): Promise<MessageSummary[]> {
  const { rows } = await db.query<MessageSummary>(
    `select m.id, m.subject, m.author, m.created_at as "createdAt",
            (m.author = 'caisse' and m.read_at is null) as unread,
            (select count(*)::int from message_attachment ma where ma.message_id = m.id) as "attachmentCount"
       from message m
      where m.assure_id = $1
      order by m.created_at desc, m.id`,
    [assureId],
  )
  return rows
}

export async function findMessageOfAssure(db: Queryable, assureId: string, messageId: string): Promise<MessageDetail | null> {
  if (!isUuid(messageId)) return null
  const { rows } = await db.query<Omit<MessageDetail, 'attachments' | 'replies'>>(
    `select id, demande_id as "demandeId", subject, body, author, created_at as "createdAt",
            (author = 'caisse' and read_at is null) as unread, in_reply_to as "inReplyTo"
       from message where id = $1 and assure_id = $2`,
    [messageId, assureId],
  )
  const message = rows[0]
  if (!message) return null
  const attachments = await db.query<MessageAttachment>(
    `select f.id as "fileId", f.display_name as "displayName", f.media_type as "mediaType", f.byte_size as "byteSize"
       from message_attachment ma join stored_file f on f.id = ma.file_id
      where ma.message_id = $1
      order by f.created_at, f.id`,
    [message.id],
  )
  const replies = await db.query<{ id: string; createdAt: Date }>(
    `select id, created_at as "createdAt" from message
      where in_reply_to = $1 and assure_id = $2 and author = 'assure'
      order by created_at`,
    [message.id, assureId],
  )
  return { ...message, attachments: attachments.rows, replies: replies.rows }
}

// The acknowledgment that the submission of this demande wrote into the assuré's messagerie.
export async function findAccuseReceptionMessageId(db: Queryable, assureId: string, demandeId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `select id from message where demande_id = $1 and assure_id = $2 and kind = 'accuse_reception'`,
    [demandeId, assureId],
  )
  return rows[0]?.id ?? null
}

// Answers whether the message was unread until now.
export async function markMessageRead(db: Queryable, assureId: string, messageId: string): Promise<boolean> {
  const result = await db.query(
    `update message set read_at = now()
      where id = $1 and assure_id = $2 and author = 'caisse' and read_at is null`,
    [messageId, assureId],
  )
  return result.rowCount === 1
}

// A file is reachable only as an attachment of a message of this assuré.
export async function readAttachmentOfAssure(db: Queryable, assureId: string, messageId: string, fileId: string): Promise<StoredFileContent | null> {
  if (!isUuid(messageId) || !isUuid(fileId)) return null
  const { rows } = await db.query<StoredFileContent>(
    `select f.media_type as "mediaType", f.display_name as "displayName", f.content
       from message m
       join message_attachment ma on ma.message_id = m.id
       join stored_file f on f.id = ma.file_id
      where m.id = $1 and m.assure_id = $2 and ma.file_id = $3`,
    [messageId, assureId, fileId],
  )
  return rows[0] ?? null
}
