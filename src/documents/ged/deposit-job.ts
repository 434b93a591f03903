// The 'deposit-in-ged' job: delivers one ged_deposit row to the GED. Jobs run at least once and
// the process may die between any two steps; the row stays locked while the document goes out,
// 'depose' tells a later run that the work is done, and the adapter's idempotency by deposit key
// makes a deposit redone after a crash (delivered, not yet recorded) return the first reference.
// A failure counts one attempt and is retried with graphile-worker's backoff; the last attempt
// (retry-schedule.ts), or a failure that retrying cannot mend, makes the row the dead letter
// ('echec') that a superviseur sees and can relaunch (failed-deposits.ts).
import type { JobHelpers, Task } from 'graphile-worker'
import { z } from 'zod'
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { gedIndexFor } from './deposit-plan.ts'
import { lockDepositToDeliver, recordDeposited, recordFailedAttempt } from './ged-deposit-repository.ts'
import { GedError, type GedAdapter } from './ged-port.ts'

const payloadSchema = z.object({ depositId: z.uuid() })

/** Where a test stops the process: the GED has the document, and then the database has it too. */
export type DepositStep = 'delivered' | 'recorded'

export type DepositOutcome = 'depose' | 'deja-traite' | 'nouvel-essai' | 'echec'

export function createDepositInGedTask(deps: { pool: Pool; adapter: GedAdapter; onStep?: (step: DepositStep) => Promise<void> }): Task {
  return async (payload, helpers) => {
    const { depositId } = payloadSchema.parse(payload)
    const outcome = await depositInGed(deps, depositId, helpers.job)
    if (outcome.result === 'nouvel-essai') throw new Error(`dépôt GED ${depositId} : ${outcome.error}`)
    if (outcome.result === 'echec') helpers.logger.error(`dépôt GED ${depositId} en échec : ${outcome.error}`)
  }
}

export async function depositInGed(
  deps: { pool: Pool; adapter: GedAdapter; onStep?: (step: DepositStep) => Promise<void> },
  depositId: string,
  job: Pick<JobHelpers['job'], 'attempts' | 'max_attempts'>,
): Promise<{ result: DepositOutcome; error?: string }> {
  const outcome = await withTransaction(deps.pool, async (tx) => {
    const deposit = await lockDepositToDeliver(tx, depositId)
    if (!deposit || deposit.state !== 'en_attente') return { result: 'deja-traite' as const }
    try {
      const index = gedIndexFor(deposit)
      const { reference } = await deps.adapter.deposit({ depositKey: deposit.depositKey, index, content: deposit.content })
      await deps.onStep?.('delivered')
      await recordDeposited(tx, depositId, reference)
      return { result: 'depose' as const }
    } catch (error) {
      const code = failureCode(error)
      const deadLetter = (error instanceof GedError && error.permanent) || job.attempts >= job.max_attempts
      await recordFailedAttempt(tx, depositId, code, deadLetter)
      return { result: deadLetter ? ('echec' as const) : ('nouvel-essai' as const), error: code }
    }
  })
  if (outcome.result === 'depose') await deps.onStep?.('recorded')
  return outcome
}

// A code only: an error's message may carry a path or a server's words, never worth the risk of
// personal data in the database or the logs.
function failureCode(error: unknown): string {
  if (error instanceof GedError) return error.message
  const systemCode = (error as NodeJS.ErrnoException | null)?.code
  return typeof systemCode === 'string' && /^E[A-Z]+$/.test(systemCode) ? `erreur-systeme ${systemCode}` : 'erreur-inattendue'
}
