// The daily job 'purger-brouillons': a draft left untouched is deleted after DRAFT_RETENTION_DAYS
// (183 by default), with its documents and their files. A message in the messagerie warns the
// assuré 14 days before, once per period without change; saving a step restarts the clock (the
// draft's updated_at). A draft is never deleted unless its warning went out at least 14 days
// earlier, after its last change: a job that did not run for a while warns late, and deletes late.
// Submitted demandes are never looked at (state 'brouillon' only, checked again under lock).
import type { Task } from 'graphile-worker'
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { postMessageToAssure } from '../../messagerie/post-message.ts'
import { addDays, formatFrenchDate, todayInParis } from '../../shared/dates.ts'

export const PURGER_BROUILLONS = 'purger-brouillons'
export const DEFAULT_DRAFT_RETENTION_DAYS = 183
export const PURGE_WARNING_DAYS = 14
export const AVERTISSEMENT_PURGE = 'avertissement_purge'
const DAY_MS = 24 * 60 * 60 * 1000

export function createPurgeDraftsTask(deps: { pool: Pool; now?: () => Date; draftRetentionDays?: number }): Task {
  return async () => {
    await purgeDrafts(deps.pool, (deps.now ?? (() => new Date()))(), deps.draftRetentionDays ?? DEFAULT_DRAFT_RETENTION_DAYS)
  }
}

export async function purgeDrafts(pool: Pool, now: Date, retentionDays: number = DEFAULT_DRAFT_RETENTION_DAYS): Promise<{ warned: number; deleted: number }> {
  const warnBefore = new Date(now.getTime() - (retentionDays - PURGE_WARNING_DAYS) * DAY_MS)
  const deleteBefore = new Date(now.getTime() - retentionDays * DAY_MS)
  const warnedBefore = new Date(now.getTime() - PURGE_WARNING_DAYS * DAY_MS)
  let warned = 0
  let deleted = 0
  const { rows: toWarn } = await pool.query<{ id: string }>(
    `select d.id from demande d
      where d.state = 'brouillon' and d.updated_at < $1
        and not exists (select 1 from message m where m.demande_id = d.id and m.kind = $2 and m.created_at >= d.updated_at)`,
    [warnBefore, AVERTISSEMENT_PURGE],
  )
  for (const { id } of toWarn) if (await warnDraft(pool, id, now, warnBefore, retentionDays)) warned += 1
  const { rows: toDelete } = await pool.query<{ id: string }>(
    `select d.id from demande d
      where d.state = 'brouillon' and d.updated_at < $1
        and exists (select 1 from message m where m.demande_id = d.id and m.kind = $2 and m.created_at >= d.updated_at and m.created_at <= $3)`,
    [deleteBefore, AVERTISSEMENT_PURGE, warnedBefore],
  )
  for (const { id } of toDelete) if (await deleteDraft(pool, id, deleteBefore, warnedBefore)) deleted += 1
  return { warned, deleted }
}

async function warnDraft(pool: Pool, demandeId: string, now: Date, warnBefore: Date, retentionDays: number): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ assureId: string; updatedAt: Date }>(
      `select assure_id as "assureId", updated_at as "updatedAt" from demande
        where id = $1 and state = 'brouillon' and updated_at < $2 for update skip locked`,
      [demandeId, warnBefore],
    )
    const draft = rows[0]
    if (!draft) return false
    const { rows: previous } = await tx.query<{ createdAt: Date }>(
      `select created_at as "createdAt" from message where demande_id = $1 and kind = $2`,
      [demandeId, AVERTISSEMENT_PURGE],
    )
    if (previous[0] && previous[0].createdAt >= draft.updatedAt) return false
    // The warning of an earlier period (the draft was changed since) stays in the messagerie.
    if (previous[0]) await tx.query(`update message set kind = $3 where demande_id = $1 and kind = $2`, [demandeId, AVERTISSEMENT_PURGE, `${AVERTISSEMENT_PURGE}_ancien`])
    const lastDay = formatFrenchDate(addDays(todayInParis(draft.updatedAt), retentionDays))
    await postMessageToAssure(tx, {
      assureId: draft.assureId,
      demandeId,
      kind: AVERTISSEMENT_PURGE,
      subject: "Votre demande de pension d'invalidité en cours va être supprimée",
      body: [
        "Vous avez commencé une demande de pension d'invalidité en ligne, mais vous ne l'avez pas modifiée depuis plusieurs mois et vous ne l'avez pas envoyée.",
        `Sans action de votre part, cette demande non envoyée et les pièces justificatives que vous y avez jointes seront supprimées après le ${lastDay}.`,
        "Pour la conserver, ouvrez votre demande depuis « Mes démarches » et validez une étape (bouton « Enregistrer et continuer ») : la date de suppression est alors repoussée. Vous pouvez aussi la terminer et l'envoyer.",
      ].join('\n\n'),
      createdAt: now,
    })
    return true
  })
}

async function deleteDraft(pool: Pool, demandeId: string, deleteBefore: Date, warnedBefore: Date): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `select d.id from demande d
        where d.id = $1 and d.state = 'brouillon' and d.updated_at < $2
          and exists (select 1 from message m where m.demande_id = d.id and m.kind = $3 and m.created_at >= d.updated_at and m.created_at <= $4)
        for update of d skip locked`,
      [demandeId, deleteBefore, AVERTISSEMENT_PURGE, warnedBefore],
    )
    if (!rows[0]) return false
    // The messages stay in the messagerie (the warning the assuré received), no longer tied to the draft.
    await tx.query('update message set demande_id = null where demande_id = $1', [demandeId])
    await tx.query('delete from demande_event where demande_id = $1', [demandeId])
    // A draft's files were uploaded for it alone (removeDraftDocument deletes them likewise).
    await tx.query(
      `with removed as (delete from demande_document where demande_id = $1 returning file_id)
       delete from stored_file where id in (select file_id from removed)`,
      [demandeId],
    )
    const result = await tx.query(`delete from demande where id = $1 and state = 'brouillon'`, [demandeId])
    return result.rowCount === 1
  })
}
