import type { FastifyReply } from 'fastify'
import { contentDisposition } from '../../documents/stored-files.ts'

// A stored file goes out as a download: never rendered in the page, never cached, its type not
// guessed by the browser.
// A file whose content was removed once the GED confirmed it (purger-fichiers-deposes) is empty:
// a stored file is never empty otherwise (byte_size > 0).
export function sendFile(reply: FastifyReply, file: { mediaType: string; displayName: string; content: Buffer | Uint8Array }): FastifyReply {
  if (file.content.length === 0) {
    return reply.header('cache-control', 'no-store').page('error.njk', {
      pageTitle: 'Document transmis à la GED',
      paragraphs: ["Ce document a été transmis à la GED de votre caisse et n'est plus conservé ici."],
    }, 410)
  }
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', contentDisposition(file.displayName))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.content)
}
