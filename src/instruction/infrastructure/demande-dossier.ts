// What the agent's page of one demande reads besides the demande itself: its messages and its
// events, and its files. Each function takes the demande as findDemandeForAgent gave it, so that
// the organisme check has already been made; a file is found only among this demande's own.
import type { Queryable } from '../../platform/db/pool.ts'
import { isUuid, type StoredFileContent } from '../../documents/stored-files.ts'
import type { MessageAttachment, MessageAuthor } from '../../messagerie/message-repository.ts'
import type { AgentDemande } from './demande-scope.ts'

export type DossierMessage = {
  id: string
  author: MessageAuthor
  subject: string
  body: string
  createdAt: Date
  readAt: Date | null
  attachments: MessageAttachment[]
}

export type DossierEvent = { at: Date; actor: string; type: string; data: Record<string, unknown> }

export type DemandeFileKind = 'cerfa' | 'justificatif' | 'piece_jointe_message'
export type DemandeFile = StoredFileContent & { kind: DemandeFileKind; documentKind: string | null }

/** Both directions, newest first, each with its attachments. */
export async function listMessagesOfDemande(db: Queryable, demande: AgentDemande): Promise<DossierMessage[]> {
  const { rows } = await db.query<DossierMessage>(
    `select m.id, m.author, m.subject, m.body, m.created_at as "createdAt", m.read_at as "readAt",
            coalesce((select json_agg(json_build_object('fileId', f.id, 'displayName', f.display_name, 'mediaType', f.media_type, 'byteSize', f.byte_size)
                                      order by f.created_at, f.id)
                        from message_attachment ma join stored_file f on f.id = ma.file_id
                       where ma.message_id = m.id), '[]') as attachments
       from message m
      where m.demande_id = $1 and m.assure_id = $2
      order by m.created_at desc, m.id`,
    [demande.id, demande.assureId],
  )
  return rows
}

export async function listEventsOfDemande(db: Queryable, demande: AgentDemande): Promise<DossierEvent[]> {
  const { rows } = await db.query<DossierEvent>('select at, actor, type, data from demande_event where demande_id = $1 order by at desc, id desc', [demande.id])
  return rows
}

// The Cerfa, a justificatif, or an attachment of one of its messages: nothing else, even a file
// of another demande of the same organisme.
export async function readFileOfDemande(db: Queryable, demande: AgentDemande, fileId: string): Promise<DemandeFile | null> {
  if (!isUuid(fileId)) return null
  const { rows } = await db.query<DemandeFile>(
    `select f.media_type as "mediaType", f.display_name as "displayName", f.content, owned.kind, owned.document_kind as "documentKind"
       from (select 'cerfa' as kind, null as document_kind from demande where id = $1 and cerfa_file_id = $2
             union all
             select 'justificatif', kind from demande_document where demande_id = $1 and file_id = $2
             union all
             select 'piece_jointe_message', null from message m join message_attachment ma on ma.message_id = m.id
              where m.demande_id = $1 and m.assure_id = $3 and ma.file_id = $2) owned
       join stored_file f on f.id = $2
      limit 1`,
    [demande.id, fileId, demande.assureId],
  )
  return rows[0] ?? null
}
