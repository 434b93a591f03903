// The dead letter of the GED deposits, for the superviseur of an organisme: the deposits that
// stopped trying, and « Relancer », which gives one a fresh round of attempts.
import type { Pool, Queryable } from '../../platform/db/pool.ts'
import { isUuid } from '../stored-files.ts'
import { findFailedDeposits, reopenFailedDeposit, type FailedDeposit } from './ged-deposit-repository.ts'
import { gedDocumentTypeLabel } from './ged-port.ts'
import { enqueueDeposit } from './schedule-deposits.ts'

export type FailedDepositView = FailedDeposit & { documentLabel: string }

export async function listFailedDeposits(pool: Pool, organismeCode: string): Promise<FailedDepositView[]> {
  const deposits = await findFailedDeposits(pool, organismeCode)
  return deposits.map((deposit) => ({ ...deposit, documentLabel: gedDocumentTypeLabel[deposit.documentType] }))
}

/**
 * « Relancer », inside the caller's transaction (so that the audit of the action commits with it):
 * false when this organisme has no such deposit in the dead letter.
 */
export async function relaunchDeposit(tx: Queryable, organismeCode: string, depositId: string): Promise<boolean> {
  if (!isUuid(depositId)) return false
  const reopened = await reopenFailedDeposit(tx, organismeCode, depositId)
  if (!reopened) return false
  await enqueueDeposit(tx, { id: depositId, depositKey: reopened.depositKey })
  return true
}
