// Reads a multipart form into its text fields and its files, without judging them. A file over
// the size limit arrives one byte too long, so that the judge of uploads refuses it by its size;
// files beyond `maxFiles + 1` are not even read (one over is enough to say there are too many).
import type { FastifyRequest } from 'fastify'
import { MAX_UPLOAD_BYTES } from '../../documents/inspect-upload.ts'

export type MultipartForm = { fields: Record<string, string>; files: { filename: string; bytes: Buffer }[] }

export async function readMultipartForm(request: FastifyRequest, options: { maxFiles: number }): Promise<MultipartForm> {
  const form: MultipartForm = { fields: {}, files: [] }
  // parts() honours throwFileSizeLimit, though its type leaves it out.
  const parseOptions = { limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: options.maxFiles + 1 }, throwFileSizeLimit: false }
  try {
    for await (const part of request.parts(parseOptions)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') form.fields[part.fieldname] = part.value
        continue
      }
      const bytes = await part.toBuffer()
      // An empty file input still sends a part, with no name and no content.
      if (part.filename === '' && bytes.length === 0) continue
      form.files.push({ filename: part.filename, bytes })
    }
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_FILES_LIMIT') throw error
  }
  return form
}
