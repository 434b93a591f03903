import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Pool } from '../../platform/db/pool.ts'
import { currentAssureId, signedIn, uploadRateLimit } from '../../platform/web/app.ts'
import { findMessageOfAssure, listMessagesOfAssure, markMessageRead, readAttachmentOfAssure, type MessageDetail } from '../message-repository.ts'
import { MAX_REPLY_FILES, MAX_REPLY_LENGTH, replyToMessage, type ReplyError } from '../reply-to-message.ts'
import { readMultipartForm } from '../../platform/web/read-multipart-form.ts'
import { sendFile } from '../../platform/web/send-file.ts'

type MessageParams = { id: string }
type AttachmentParams = { id: string; fileId: string }

export function registerMessagerieRoutes(app: FastifyInstance, deps: { pool: Pool }): void {
  app.get('/messagerie', { preHandler: signedIn }, async (request, reply) => {
    const messages = await listMessagesOfAssure(deps.pool, currentAssureId(request))
    return reply.page('messagerie-liste.njk', { pageTitle: 'Messagerie', nav: 'messagerie', messages })
  })

  app.get<{ Params: MessageParams; Querystring: { reponse?: string } }>('/messagerie/:id', { preHandler: signedIn }, async (request, reply) => {
    const assureId = currentAssureId(request)
    const message = await findMessageOfAssure(deps.pool, assureId, request.params.id)
    if (!message) return notFound(reply)
    if (await markMessageRead(deps.pool, assureId, message.id)) request.account!.unread -= 1
    return renderMessage(reply, message, { sent: request.query.reponse === 'envoyee' })
  })

  app.post<{ Params: MessageParams }>('/messagerie/:id/repondre', { preHandler: [signedIn, app.csrfProtection], config: uploadRateLimit }, async (request, reply) => {
    const assureId = currentAssureId(request)
    const message = await findMessageOfAssure(deps.pool, assureId, request.params.id)
    if (!message || message.author !== 'caisse') return notFound(reply)
    const form = await readMultipartForm(request, { maxFiles: MAX_REPLY_FILES })
    const result = await replyToMessage(deps.pool, { assureId, messageId: message.id, fields: form.fields, files: form.files })
    if (!result) return notFound(reply)
    if (!result.ok) return renderMessage(reply, message, { reponse: form.fields.reponse ?? '', errors: result.errors }, 400)
    return reply.redirect(`/messagerie/${message.id}?reponse=envoyee`, 303)
  })

  app.get<{ Params: AttachmentParams }>('/messagerie/:id/pieces/:fileId', { preHandler: signedIn }, async (request, reply) => {
    const file = await readAttachmentOfAssure(deps.pool, currentAssureId(request), request.params.id, request.params.fileId)
    if (!file) return notFound(reply)
    return sendFile(reply, file)
  })
}

function renderMessage(
  reply: FastifyReply,
  message: MessageDetail,
  form: { sent?: boolean; reponse?: string; errors?: ReplyError[] },
  status = 200,
): FastifyReply {
  const errors = form.errors ?? []
  return reply.page('messagerie-message.njk', {
    pageTitle: message.subject,
    nav: 'messagerie',
    message,
    sent: form.sent ?? false,
    reponse: form.reponse ?? '',
    maxLength: MAX_REPLY_LENGTH,
    maxFiles: MAX_REPLY_FILES,
    errors: errors.map((error) => ({ text: error.message, href: `#${error.field}` })),
    fieldErrors: {
      reponse: errors.filter((error) => error.field === 'reponse').map((error) => error.message).join(' '),
      pieces: errors.filter((error) => error.field === 'pieces').map((error) => error.message).join(' '),
    },
  }, status)
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.page('error.njk', { pageTitle: 'Message introuvable', paragraphs: ["Ce message n'existe pas ou n'est pas accessible depuis votre compte."], backHref: '/messagerie', backText: 'Retourner à la messagerie' }, 404)
}
