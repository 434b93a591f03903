// The ged_deposit rows: one per document of a demande to deliver, its state ('en_attente',
// 'depose', 'echec' = the dead letter), its failed attempts and the last error's code.
import type { Queryable } from '../../platform/db/pool.ts'
import type { DocumentKind } from '../../demarche/domain/documents.ts'
import type { IndexSource, PlannedDeposit } from './deposit-plan.ts'
import type { GedDocumentType } from './ged-port.ts'

export type DemandeToDeposit = { numero: string | null; cerfaFileId: string | null; documents: Array<{ kind: DocumentKind; fileId: string }> }

export async function findDemandeToDeposit(db: Queryable, demandeId: string): Promise<DemandeToDeposit | null> {
  const { rows } = await db.query<DemandeToDeposit>(
    `select d.numero, d.cerfa_file_id as "cerfaFileId",
            coalesce((select json_agg(json_build_object('kind', dd.kind, 'fileId', dd.file_id) order by dd.created_at, dd.id)
                        from demande_document dd where dd.demande_id = d.id), '[]') as documents
       from demande d where d.id = $1`,
    [demandeId],
  )
  return rows[0] ?? null
}

/** The rows that did not exist yet (a key already planned is left as it is). */
export async function insertDeposits(db: Queryable, demandeId: string, deposits: PlannedDeposit[]): Promise<Array<{ id: string; depositKey: string }>> {
  if (deposits.length === 0) return []
  const { rows } = await db.query<{ id: string; depositKey: string }>(
    `insert into ged_deposit (deposit_key, demande_id, document_type, file_id)
     select deposit_key, $1, document_type, file_id
       from unnest($2::text[], $3::text[], $4::uuid[]) as planned (deposit_key, document_type, file_id)
     on conflict (deposit_key) do nothing
     returning id, deposit_key as "depositKey"`,
    [demandeId, deposits.map((d) => d.depositKey), deposits.map((d) => d.documentType), deposits.map((d) => d.fileId)],
  )
  return rows
}

/** The deposits of a demande not delivered yet, neither failed for good. */
export async function findPendingDeposits(db: Queryable, demandeId: string): Promise<Array<{ id: string; depositKey: string }>> {
  const { rows } = await db.query<{ id: string; depositKey: string }>(
    `select id, deposit_key as "depositKey" from ged_deposit where demande_id = $1 and state = 'en_attente' order by deposit_key`,
    [demandeId],
  )
  return rows
}

export type DepositToDeliver = IndexSource & { id: string; state: 'en_attente' | 'depose' | 'echec' }

// Locked until the transaction ends: a second run of the same deposit waits for the first.
export async function lockDepositToDeliver(db: Queryable, depositId: string): Promise<DepositToDeliver | null> {
  const { rows } = await db.query<DepositToDeliver>(
    `select g.id, g.deposit_key as "depositKey", g.state, g.document_type as "documentType",
            f.media_type as "mediaType", f.content, d.numero, d.received_at as "receivedAt",
            d.organisme_code as "organismeCode", d.submitted->'identity' as identity
       from ged_deposit g join stored_file f on f.id = g.file_id join demande d on d.id = g.demande_id
      where g.id = $1
        for update of g`,
    [depositId],
  )
  return rows[0] ?? null
}

export async function recordDeposited(db: Queryable, depositId: string, reference: string): Promise<void> {
  await db.query(
    `update ged_deposit set state = 'depose', ged_reference = $2, deposited_at = now(), last_error = null, updated_at = now() where id = $1`,
    [depositId, reference],
  )
}

export async function recordFailedAttempt(db: Queryable, depositId: string, error: string, deadLetter: boolean): Promise<void> {
  await db.query(
    `update ged_deposit set attempts = attempts + 1, last_error = $2, state = case when $3 then 'echec' else state end, updated_at = now()
      where id = $1`,
    [depositId, error, deadLetter],
  )
}

export type FailedDeposit = {
  id: string
  demandeId: string
  numero: string
  documentType: GedDocumentType
  attempts: number
  lastError: string | null
  failedAt: Date
}

export async function findFailedDeposits(db: Queryable, organismeCode: string): Promise<FailedDeposit[]> {
  const { rows } = await db.query<FailedDeposit>(
    `select g.id, g.demande_id as "demandeId", d.numero, g.document_type as "documentType", g.attempts,
            g.last_error as "lastError", g.updated_at as "failedAt"
       from ged_deposit g join demande d on d.id = g.demande_id
      where g.state = 'echec' and d.organisme_code = $1
      order by g.updated_at, g.id`,
    [organismeCode],
  )
  return rows
}

/** A dead letter of this organisme back to 'en_attente', its attempts at zero; null if there is none. */
export async function reopenFailedDeposit(db: Queryable, organismeCode: string, depositId: string): Promise<{ depositKey: string; demandeId: string } | null> {
  const { rows } = await db.query<{ depositKey: string; demandeId: string }>(
    `update ged_deposit g set state = 'en_attente', attempts = 0, last_error = null, updated_at = now()
       from demande d
      where g.id = $1 and d.id = g.demande_id and d.organisme_code = $2 and g.state = 'echec'
      returning g.deposit_key as "depositKey", g.demande_id as "demandeId"`,
    [depositId, organismeCode],
  )
  return rows[0] ?? null
}
