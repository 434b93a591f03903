import type { Queryable } from '../platform/db/pool.ts'
import type { AcceptedMediaType, InspectedFile } from './inspect-upload.ts'

export type StoredFileContent = { mediaType: AcceptedMediaType; displayName: string; content: Buffer }

export async function insertStoredFile(db: Queryable, ownerAssureId: string, file: InspectedFile): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into stored_file (owner_assure_id, media_type, byte_size, sha256, display_name, content)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [ownerAssureId, file.mediaType, file.bytes.length, file.sha256, file.displayName, file.bytes],
  )
  return rows[0]!.id
}

// The owner is part of the lookup: another assuré's file does not exist for this one.
export async function readStoredFileOfAssure(db: Queryable, assureId: string, fileId: string): Promise<StoredFileContent | null> {
  if (!isUuid(fileId)) return null
  const { rows } = await db.query<StoredFileContent>(
    `select media_type as "mediaType", display_name as "displayName", content
       from stored_file where id = $1 and owner_assure_id = $2`,
    [fileId, assureId],
  )
  return rows[0] ?? null
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}

export function contentDisposition(displayName: string): string {
  const ascii = displayName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'document'
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(displayName)}`
}
