// Saving a validated page: read, change and write the draft under its row lock, so that two tabs
// saving at the same moment both keep their page; the files of a branch the answers closed go
// with the same statement (saveDraftAnswers).
import { withTransaction, type Pool, type Queryable } from '../../platform/db/pool.ts'
import { failpoint } from '../../platform/failpoints.ts'
import type { AssureProfile } from '../../identity/assure-repository.ts'
import { findCaisse, organismeInstructeurFor } from '../../shared/caisses.ts'
import type { Answers, PageId } from '../domain/answers.ts'
import { applyPageAnswers, isPageReachable } from '../domain/journey.ts'
import { findDemandeInProgress, findOrCreateDraft, saveDraftAnswers, type Demande } from '../infrastructure/demande-repository.ts'

export type SaveDraftPageResult = { ok: true; answers: Answers } | { ok: false; reason: 'already-sent' | 'not-reachable' }

export async function saveDraftPage(pool: Pool, input: { assure: AssureProfile; page: PageId; pageAnswers: Partial<Answers> }): Promise<SaveDraftPageResult> {
  return withTransaction(pool, async (tx) => {
    // The draft is read once, under its lock; the first page saved makes it, unless that page
    // cannot be reached yet (then nothing is made).
    const draft = await findDemandeInProgress(tx, input.assure.id, { forUpdate: true })
      ?? (isPageReachable({}, input.page) ? await ensureDraft(tx, input.assure, { forUpdate: true }) : null)
    if (draft && draft.state !== 'brouillon') return { ok: false, reason: 'already-sent' }
    if (!draft || !isPageReachable(draft.answers, input.page)) return { ok: false, reason: 'not-reachable' }
    const answers = applyPageAnswers(draft.answers, input.page, input.pageAnswers)
    await saveDraftAnswers(tx, input.assure.id, draft.id, answers)
    failpoint('draft.save.before-commit')
    return { ok: true, answers }
  })
}

/**
 * The demande in progress, made as a draft if there is none: the first validated page makes it (or
 * the JSON API's « start »); a second tab or a double click finds the same one. A demande sent and
 * not yet decided is the one in progress: no draft then.
 */
export async function ensureDraft(db: Queryable, assure: AssureProfile, options: { forUpdate?: boolean } = {}): Promise<Demande> {
  const caisse = findCaisse(assure.caisseCode)
  if (!caisse) throw new Error(`unknown caisse ${assure.caisseCode}`)
  return findOrCreateDraft(db, assure.id, caisse.code, organismeInstructeurFor(caisse).code, options)
}
