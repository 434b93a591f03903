// The daily deadline job 'constater-rejets-implicites': an open demande whose answer-due date has
// passed is refused by the silence of the caisse (service-public F672). It moves to
// « rejet implicite » with its refusal letter ready for an agent to send (« À faire »). The date
// of a demande waiting for documents still moves: it is recomputed first, and stored.
// One transaction per demande; a second run finds nothing more to do.
import type { Task } from 'graphile-worker'
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { todayInParis, type LocalDate } from '../../shared/dates.ts'
import { recordEvent } from '../../demarche/infrastructure/demande-repository.ts'
import { transition } from '../domain/transitions.ts'
import { isPastDue } from '../domain/suspension.ts'
import { listSuspensions } from '../infrastructure/suspension-repository.ts'
import { saveDecision } from '../infrastructure/decision-repository.ts'
import { listDeadlineCandidates, lockDemandeForDeadline } from '../infrastructure/deadline-repository.ts'
import { refreshAnswerDueOn, resumeDeadline } from './answer-due-on.ts'
import { storeDecisionLetter } from './decision-letter-file.ts'

export const CONSTATER_REJETS_IMPLICITES = 'constater-rejets-implicites'

// Whether run by the crontab or added by hand, the job takes no payload: it looks at today.
export function createConstaterRejetsImplicitesTask(deps: { pool: Pool; now?: () => Date }): Task {
  return async () => {
    await constaterRejetsImplicites(deps.pool, (deps.now ?? (() => new Date()))())
  }
}

/** Answers the number of demandes found refused. One demande that fails does not hold the others back. */
export async function constaterRejetsImplicites(pool: Pool, now: Date): Promise<number> {
  const today = todayInParis(now)
  let refused = 0
  const failed: string[] = []
  for (const demandeId of await listDeadlineCandidates(pool, today)) {
    try {
      if (await constaterRejetImplicite(pool, demandeId, today, now)) refused += 1
    } catch (error) {
      failed.push(`${demandeId}: ${(error as Error).message}`)
    }
  }
  // The job fails, so that it is retried and seen; what was done is kept.
  if (failed.length > 0) throw new Error(`rejets implicites non constatés pour ${failed.length} demande(s) : ${failed.join(' ; ')}`)
  return refused
}

async function constaterRejetImplicite(pool: Pool, demandeId: string, today: LocalDate, now: Date): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    const demande = await lockDemandeForDeadline(tx, demandeId)
    if (!demande) return false
    const allowed = transition(demande.state, 'constater_rejet_implicite')
    if (!allowed.ok) return false
    const suspensions = await listSuspensions(tx, demande.id)
    if (!isPastDue({ receivedOn: todayInParis(demande.receivedAt), suspensions, today })) {
      await refreshAnswerDueOn(tx, demande, today)
      return false
    }
    const echeance = await resumeDeadline(tx, demande, today)
    const notice = { type: 'rejet_implicite', echeance } as const
    const lettre = await storeDecisionLetter(tx, demande, notice, today)
    await tx.query('update demande set state = $2, updated_at = now() where id = $1', [demande.id, allowed.to])
    await saveDecision(tx, demande.id, { ...notice, implicite: true, lettre, constateLe: today, notifieLe: null, messageId: null }, now)
    await recordEvent(tx, demande.id, 'systeme', 'constater_rejet_implicite', { from: demande.state, to: allowed.to, echeance, lettre })
    return true
  })
}
