import type { FastifyReply } from 'fastify'
import { contentDisposition } from '../../documents/stored-files.ts'

// A stored file goes out as a download: never rendered in the page, never cached, its type not
// guessed by the browser.
export function sendFile(reply: FastifyReply, file: { mediaType: string; displayName: string; content: Buffer | Uint8Array }): FastifyReply {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', contentDisposition(file.displayName))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.content)
}
