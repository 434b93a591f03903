// Saving a validated page: read, change and write the draft under its row lock, so that two tabs
// saving at the same moment both keep their page; the files of a branch the answers closed go
// in the same transaction.
import { withTransaction, type Pool, type Queryable } from '../../platform/db/pool.ts'
import { failpoint } from '../../platform/failpoints.ts'
import type { AssureProfile } from '../../identity/assure-repository.ts'
import { findCaisse, organismeInstructeurFor } from '../../shared/caisses.ts'
import type { Answers, PageId } from '../domain/answers.ts'
import { applyPageAnswers, isPageReachable } from '../domain/journey.ts'
import { requiredDocuments } from '../domain/documents.ts'
import { findDemandeInProgress, findOrCreateDraft, removeDocumentsNotIn, saveDraftAnswers, type Demande } from '../infrastructure/demande-repository.ts'

export type SaveDraftPageResult = { ok: true; answers: Answers } | { ok: false; reason: 'already-sent' | 'not-reachable' }

export async function saveDraftPage(pool: Pool, input: { assure: AssureProfile; page: PageId; pageAnswers: Partial<Answers> }): Promise<SaveDraftPageResult> {
  return withTransaction(pool, async (tx) => {
    // The first page saved makes the draft; the next ones find it at once (two statements fewer each).
    let draft = await findDemandeInProgress(tx, input.assure.id, { forUpdate: true })
    if (!draft) {
      await ensureDraft(tx, input.assure)
      draft = await findDemandeInProgress(tx, input.assure.id, { forUpdate: true })
    }
    if (!draft || draft.state !== 'brouillon') return { ok: false, reason: 'already-sent' }
    if (!isPageReachable(draft.answers, input.page)) return { ok: false, reason: 'not-reachable' }
    const answers = applyPageAnswers(draft.answers, input.page, input.pageAnswers)
    await saveDraftAnswers(tx, input.assure.id, draft.id, answers)
    await removeDocumentsNotIn(tx, draft.id, requiredDocuments(answers).map((d) => d.kind))
    failpoint('draft.save.before-commit')
    return { ok: true, answers }
  })
}

/**
 * The demande in progress, made as a draft if there is none: the first validated page makes it (or
 * the JSON API's « start »); a second tab or a double click finds the same one. A demande sent and
 * not yet decided is the one in progress: no draft then.
 */
export async function ensureDraft(db: Queryable, assure: AssureProfile): Promise<Demande> {
  const caisse = findCaisse(assure.caisseCode)
  if (!caisse) throw new Error(`unknown caisse ${assure.caisseCode}`)
  return findOrCreateDraft(db, assure.id, caisse.code, organismeInstructeurFor(caisse).code)
}
