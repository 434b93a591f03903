// The messagerie through the JSON API: the list, a message (read, it is marked read as on the web),
// and its attachments. Every lookup carries the assuré (message-repository.ts).
import type { Pool } from '../platform/db/pool.ts'
import { sendFile } from '../platform/web/send-file.ts'
import { findMessageOfAssure, listMessagesOfAssure, markMessageRead, readAttachmentOfAssure } from '../messagerie/message-repository.ts'
import { ACCEPTED_MEDIA_TYPES } from '../documents/inspect-upload.ts'
import { json, problem, uuidParameter, type ApiOperation } from './operation.ts'
import { problems, sendProblem } from './problems.ts'
import { messageSchema, messagesSchema } from './schemas.ts'
import { messagesView, messageView } from './views.ts'

const TAG = 'Messagerie'
const NOT_FOUND = "Ce message n'existe pas ou n'est pas accessible depuis votre compte."

export function messagerieOperations({ pool }: { pool: Pool }): ApiOperation[] {
  return [
    {
      method: 'get', path: '/messages', operationId: 'messagerie', tag: TAG,
      summary: 'La messagerie',
      responses: { 200: json('Les messages, le plus récent en premier, et le nombre de messages non lus.', messagesSchema) },
      handler: async (request, reply, assureId) => reply.send(messagesView(await listMessagesOfAssure(pool, assureId))),
    },
    {
      method: 'get', path: '/messages/{messageId}', operationId: 'lireMessage', tag: TAG,
      summary: 'Lire un message',
      description: 'Le message de la caisse est marqué comme lu.',
      parameters: [uuidParameter('messageId', 'Le message.')],
      responses: { 200: json('Le message, ses pièces jointes et les réponses de l’assuré.', messageSchema), 404: problem(NOT_FOUND) },
      handler: async (request, reply, assureId) => {
        const message = await findMessageOfAssure(pool, assureId, (request.params as { messageId: string }).messageId)
        if (!message) return sendProblem(reply, problems.notFound(NOT_FOUND))
        await markMessageRead(pool, assureId, message.id)
        return reply.send(messageView(message))
      },
    },
    {
      method: 'get', path: '/messages/{messageId}/pieces/{fileId}', operationId: 'pieceJointe', tag: TAG,
      summary: "Une pièce jointe d'un message",
      parameters: [uuidParameter('messageId', 'Le message.'), uuidParameter('fileId', 'La pièce jointe, telle que listée dans `attachments`.')],
      responses: { 200: { description: 'Le fichier.', files: ACCEPTED_MEDIA_TYPES }, 404: problem(NOT_FOUND) },
      handler: async (request, reply, assureId) => {
        const { messageId, fileId } = request.params as { messageId: string; fileId: string }
        const file = await readAttachmentOfAssure(pool, assureId, messageId, fileId)
        if (!file) return sendProblem(reply, problems.notFound(NOT_FOUND))
        return sendFile(reply, file)
      },
    },
  ]
}
