// The deposits of a demande delivered by the job that made its Cerfa, right after the Cerfa
// committed: one transaction for them all rather than a job each, which costs the queue three
// statements and two commits per document. The job 'generate-cerfa' stays in the queue until this
// ends, so a process killed here runs it again, and the adapter's idempotency by deposit key makes
// a document delivered but not yet recorded return its first reference. A deposit the GED does not
// take now goes, with those after it, to its own 'deposit-in-ged' job (deposit-job.ts): its
// retries, its dead letter.
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { failpoint } from '../../platform/failpoints.ts'
import { gedIndexFor } from './deposit-plan.ts'
import { findPendingDeposits, lockDepositToDeliver, recordDeposited, type DepositToDeliver } from './ged-deposit-repository.ts'
import type { GedAdapter } from './ged-port.ts'
import { enqueueDeposit } from './schedule-deposits.ts'

export async function deliverDepositsOfDemande(deps: { pool: Pool; adapter: GedAdapter }, demandeId: string): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const pending = await findPendingDeposits(tx, demandeId)
    for (const [position, { id }] of pending.entries()) {
      const deposit = await lockDepositToDeliver(tx, id)
      if (!deposit || deposit.state !== 'en_attente') continue
      const delivered = await deliver(deps.adapter, deposit).catch(() => null)
      if (!delivered) {
        for (const left of pending.slice(position)) await enqueueDeposit(tx, left)
        return
      }
      failpoint('ged.delivered')
      await recordDeposited(tx, id, delivered.reference)
    }
  })
}

// An index the demande's data cannot make fails here too, as the GED refusing it would.
async function deliver(adapter: GedAdapter, deposit: DepositToDeliver): Promise<{ reference: string }> {
  return adapter.deposit({ depositKey: deposit.depositKey, index: gedIndexFor(deposit), content: deposit.content })
}
