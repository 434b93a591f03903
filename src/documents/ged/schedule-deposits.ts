// Called in the transaction that stores the Cerfa reconstitué (demande.cerfa_file_id): one
// ged_deposit row per document of the demande and one job to deliver each, committed with the
// Cerfa or not at all; no job when the caller delivers them itself once this commits
// (deliver-deposits.ts). Called again (a replayed job, documents added later), it plans only the
// documents not planned yet.
import type { Queryable } from '../../platform/db/pool.ts'
import { enqueueJob } from '../../platform/jobs/queue.ts'
import { plannedDeposits } from './deposit-plan.ts'
import { findDemandeToDeposit, insertDeposits } from './ged-deposit-repository.ts'

export async function scheduleGedDeposits(tx: Queryable, demandeId: string, options: { queue: boolean } = { queue: true }): Promise<void> {
  const demande = await findDemandeToDeposit(tx, demandeId)
  if (!demande?.numero) throw new Error(`demande ${demandeId} absente ou non reçue : rien à déposer en GED`)
  const inserted = await insertDeposits(tx, demandeId, plannedDeposits({ ...demande, numero: demande.numero }))
  if (options.queue) for (const deposit of inserted) await enqueueDeposit(tx, deposit)
}

export async function enqueueDeposit(tx: Queryable, deposit: { id: string; depositKey: string }): Promise<void> {
  await enqueueJob(tx, 'deposit-in-ged', { depositId: deposit.id }, `ged:${deposit.depositKey}`)
}
