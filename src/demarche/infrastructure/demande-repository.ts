// Access control is part of every query: a demande is always looked up with its assuré.
import type { Queryable } from '../../platform/db/pool.ts'
import type { Answers } from '../domain/answers.ts'
import { requiredDocuments, type DocumentKind } from '../domain/documents.ts'
import { DECIDED_STATES, type DemandeState } from '../domain/demande-state.ts'
import type { SubmittedSnapshot } from '../../documents/demande-copy-pdf.ts'
import { isUuid } from '../../documents/stored-files.ts'


export type Demande = {
  id: string
  state: DemandeState
  answers: Answers
  numero: string | null
  caisseCode: string
  receivedAt: Date | null
  answerDueOn: string | null
  channel: string | null
}

const columns = `id, state, answers, numero, caisse_code as "caisseCode", received_at as "receivedAt",
  answer_due_on as "answerDueOn", channel`
// Must match the predicate of the unique index demande_one_in_progress (migrations/002).
const IN_PROGRESS = `state not in (${DECIDED_STATES.map((state) => `'${state}'`).join(', ')})`

export async function findDemandeInProgress(db: Queryable, assureId: string, options: { forUpdate?: boolean } = {}): Promise<Demande | null> {
  const { rows } = await db.query<Demande>(
    `select ${columns} from demande where assure_id = $1 and ${IN_PROGRESS}${options.forUpdate ? ' for update' : ''}`,
    [assureId],
  )
  return rows[0] ?? null
}

// A demande this assuré has sent (not a draft); any other id, well-formed or not, finds nothing.
export async function findSubmittedDemandeOfAssure(db: Queryable, assureId: string, demandeId: string): Promise<Demande | null> {
  if (!isUuid(demandeId)) return null
  const { rows } = await db.query<Demande>(`select ${columns} from demande where id = $1 and assure_id = $2 and state <> 'brouillon'`, [demandeId, assureId])
  return rows[0] ?? null
}

// The demande as sent: answers, identity and files at the moment of submission.
export async function findSubmittedSnapshot(db: Queryable, assureId: string, demandeId: string): Promise<SubmittedSnapshot | null> {
  const { rows } = await db.query<{ submitted: SubmittedSnapshot }>(
    `select submitted from demande where id = $1 and assure_id = $2 and submitted is not null`,
    [demandeId, assureId],
  )
  return rows[0]?.submitted ?? null
}

export async function listDemandesOfAssure(db: Queryable, assureId: string): Promise<Demande[]> {
  const { rows } = await db.query<Demande>(`select ${columns} from demande where assure_id = $1 order by created_at desc`, [assureId])
  return rows
}

// A second tab or a double click finds the draft the first one made: one demande in progress.
export async function findOrCreateDraft(db: Queryable, assureId: string, caisseCode: string, organismeCode: string, options: { forUpdate?: boolean } = {}): Promise<Demande> {
  const { rows } = await db.query<Demande>(
    `insert into demande (assure_id, caisse_code, organisme_code) values ($1, $2, $3)
     on conflict (assure_id) where ${IN_PROGRESS} do nothing
     returning ${columns}`,
    [assureId, caisseCode, organismeCode],
  )
  const demande = rows[0] ?? await findDemandeInProgress(db, assureId, options)
  if (!demande) throw new Error('draft vanished')
  return demande
}

// The files of a document kind that the answers no longer call for are not kept (nor sent): they
// go in the same statement as the answers.
export async function saveDraftAnswers(db: Queryable, assureId: string, demandeId: string, answers: Answers): Promise<void> {
  await db.query(
    `with saved as (
       update demande set answers = $3, updated_at = now() where id = $1 and assure_id = $2 and state = 'brouillon' returning id),
     removed as (
       delete from demande_document where demande_id in (select id from saved) and not (kind = any($4)) returning file_id)
     delete from stored_file where id in (select file_id from removed)`,
    [demandeId, assureId, JSON.stringify(answers), requiredDocuments(answers).map((d) => d.kind)],
  )
}

export type DemandeDocument = { id: string; kind: DocumentKind; fileId: string; displayName: string; mediaType: string; byteSize: number }

export async function listDocuments(db: Queryable, demandeId: string): Promise<DemandeDocument[]> {
  const { rows } = await db.query<DemandeDocument>(
    `select d.id, d.kind, d.file_id as "fileId", f.display_name as "displayName", f.media_type as "mediaType", f.byte_size as "byteSize"
       from demande_document d join stored_file f on f.id = d.file_id
      where d.demande_id = $1 order by d.created_at, d.id`,
    [demandeId],
  )
  return rows
}

// clock_timestamp(), not the transaction's now(): the files of one upload keep the order in which
// they were sent (page 1, page 2…), which listDocuments shows and the submission sends.
export async function addDocument(db: Queryable, demandeId: string, kind: DocumentKind, fileId: string): Promise<void> {
  await db.query('insert into demande_document (demande_id, kind, file_id, created_at) values ($1, $2, $3, clock_timestamp())', [demandeId, kind, fileId])
}

// A document's file is uploaded for it alone: removing the document deletes the file's content too.
export async function removeDraftDocument(db: Queryable, assureId: string, documentId: string): Promise<boolean> {
  const result = await db.query(
    `with removed as (
       delete from demande_document d using demande m
        where d.id = $1 and d.demande_id = m.id and m.assure_id = $2 and m.state = 'brouillon'
        returning d.file_id)
     delete from stored_file where id in (select file_id from removed)`,
    [documentId, assureId],
  )
  return result.rowCount === 1
}

export async function recordEvent(db: Queryable, demandeId: string, actor: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
  await db.query('insert into demande_event (demande_id, actor, type, data) values ($1, $2, $3, $4)', [demandeId, actor, type, JSON.stringify(data)])
}
