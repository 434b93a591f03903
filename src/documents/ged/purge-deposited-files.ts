// The daily job 'purger-fichiers-deposes': once the GED has confirmed a file of a submitted demande
// (its Cerfa or a pièce justificative), the service keeps it FILE_RETENTION_AFTER_GED_DAYS (30 by
// default), then removes its content. The stored_file row stays for the history, its content empty
// and purged_at set; a download of it says where the document now is (sendFile).
// A file is purged only when every deposit of it is 'depose' and old enough: a deposit still
// pending or failed needs the content. A file that no deposit names (a message attachment, a
// draft's upload) is never touched.
import type { Task } from 'graphile-worker'
import type { Pool } from '../../platform/db/pool.ts'

export const PURGER_FICHIERS_DEPOSES = 'purger-fichiers-deposes'
export const DEFAULT_FILE_RETENTION_AFTER_GED_DAYS = 30
const DAY_MS = 24 * 60 * 60 * 1000

export function createPurgeDepositedFilesTask(deps: { pool: Pool; now?: () => Date; fileRetentionAfterGedDays?: number }): Task {
  return async () => {
    await purgeDepositedFiles(deps.pool, (deps.now ?? (() => new Date()))(), deps.fileRetentionAfterGedDays ?? DEFAULT_FILE_RETENTION_AFTER_GED_DAYS)
  }
}

/** Answers the number of files whose content was removed. */
export async function purgeDepositedFiles(pool: Pool, now: Date, retentionDays: number = DEFAULT_FILE_RETENTION_AFTER_GED_DAYS): Promise<number> {
  const depositedBefore = new Date(now.getTime() - retentionDays * DAY_MS)
  // One statement: the conditions are checked on the rows it updates, whatever runs at the same time.
  const result = await pool.query(
    `update stored_file f set content = ''::bytea, purged_at = $2
      where f.purged_at is null
        and exists (select 1 from ged_deposit g where g.file_id = f.id)
        and not exists (
          select 1 from ged_deposit g
           where g.file_id = f.id
             and (g.state <> 'depose' or g.deposited_at is null or g.deposited_at >= $1))
        and exists (
          select 1 from ged_deposit g join demande d on d.id = g.demande_id
           where g.file_id = f.id and d.state <> 'brouillon'
             and (d.cerfa_file_id = f.id or exists (select 1 from demande_document dd where dd.demande_id = d.id and dd.file_id = f.id)))`,
    [depositedBefore, now],
  )
  return result.rowCount ?? 0
}
