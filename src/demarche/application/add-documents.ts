// Uploads for the draft: every file is judged by its content first; one refused file refuses the
// whole batch, so nothing half-uploaded is kept.
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { failpoint } from '../../platform/failpoints.ts'
import { inspectUpload, type InspectedFile } from '../../documents/inspect-upload.ts'
import { insertStoredFile } from '../../documents/stored-files.ts'
import { requiredDocuments, type DocumentKind } from '../domain/documents.ts'
import { addDocument, findDemandeInProgress, type Demande } from '../infrastructure/demande-repository.ts'

export const MAX_FILES_PER_DOCUMENT = 10
export const TOO_MANY_FILES = `Vous pouvez joindre ${MAX_FILES_PER_DOCUMENT} fichiers au plus pour ce justificatif. Supprimez-en un ou regroupez les pages dans un seul PDF.`

export type UploadedPart = { bytes: Buffer; filename: string }
// `reason` tells the JSON API which status and which field the message belongs to; `demande` is
// the draft when it was read, for the page that shows the message.
export type AddDocumentsResult =
  | { ok: true; count: number }
  | { ok: false; reason: 'already-sent' | 'kind-not-requested' | 'files-refused'; message: string; demande?: Demande }

export async function addDocuments(pool: Pool, input: { assureId: string; kind: string; files: UploadedPart[] }): Promise<AddDocumentsResult> {
  if (input.files.length === 0) return { ok: false, reason: 'files-refused', message: 'Choisissez au moins un fichier (PDF, JPEG ou PNG).' }
  if (input.files.length > MAX_FILES_PER_DOCUMENT) return { ok: false, reason: 'files-refused', message: TOO_MANY_FILES }
  const inspected: InspectedFile[] = []
  for (const part of input.files) {
    const result = await inspectUpload(part.bytes, part.filename)
    if (!result.ok) return { ok: false, reason: 'files-refused', message: result.message }
    inspected.push(result.file)
  }
  return withTransaction(pool, async (tx) => {
    const demande = await findDemandeInProgress(tx, input.assureId, { forUpdate: true })
    if (!demande || demande.state !== 'brouillon') return { ok: false, reason: 'already-sent', message: "Votre demande n'est plus modifiable : elle a déjà été envoyée." }
    const kind = requiredDocuments(demande.answers).find((d) => d.kind === input.kind)?.kind as DocumentKind | undefined
    if (!kind) return { ok: false, reason: 'kind-not-requested', message: "Ce justificatif n'est pas demandé pour votre situation.", demande }
    const { rows } = await tx.query<{ count: number }>('select count(*)::int as count from demande_document where demande_id = $1 and kind = $2', [demande.id, kind])
    if (rows[0]!.count + inspected.length > MAX_FILES_PER_DOCUMENT) {
      return { ok: false, reason: 'files-refused', message: TOO_MANY_FILES, demande }
    }
    for (const file of inspected) await addDocument(tx, demande.id, kind, await insertStoredFile(tx, input.assureId, file))
    failpoint('upload.before-commit')
    return { ok: true, count: inspected.length }
  })
}
