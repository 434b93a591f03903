// The journey through the démarche: the path the answers take, where each page leads, what a
// closed branch discards and when the answers are complete.
import { HORS_TELESERVICE, pageFields } from './answers.ts';
import type { AnswerField, Answers, HorsTeleservice, PageId } from './answers.ts';
import { fieldsInPlay, leadsOutOfTeleservice, pagesOfBranches, requiredFieldsInPlay } from './branches.ts';
import { stepTitle } from './labels.ts';

export const STEP_COUNT = 6;
export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6;
export type Step = { number: StepNumber; total: typeof STEP_COUNT; title: string };

const stepNumberOf: Record<PageId, StepNumber> = {
  'informations-generales': 1,
  coordonnees: 2,
  'situation-professionnelle': 3,
  'plusieurs-employeurs': 3,
  employeur: 3,
  'activite-non-salariee': 3,
  'informations-complementaires': 4,
  recapitulatif: 5,
  'pieces-justificatives': 6,
};

export function stepOf(page: PageId): Step {
  const number = stepNumberOf[page];
  return { number, total: STEP_COUNT, title: stepTitle[number] };
}

/** The pages of the path the answers take, in order; it ends at the multi-employer exit. */
export function pagesFor(answers: Answers): PageId[] {
  const pages = pagesOfBranches(answers);
  if (!leadsOutOfTeleservice(answers)) return pages;
  return pages.slice(0, pages.indexOf('plusieurs-employeurs') + 1);
}

export function isPageComplete(answers: Answers, page: PageId): boolean {
  // The justificatifs are files, not answers: that page is done when the demande is sent.
  if (page === 'pieces-justificatives') return false;
  return requiredFieldsInPlay(page, answers).every((field) => isAnswered(answers[field]));
}

export function completePages(answers: Answers): PageId[] {
  return pagesFor(answers).filter((page) => isPageComplete(answers, page));
}

/** Every answer the path needs is given, the attestation included; the files are checked apart. */
export function isReadyToSubmit(answers: Answers): boolean {
  if (leadsOutOfTeleservice(answers)) return false;
  return pagesFor(answers)
    .filter((page) => page !== 'pieces-justificatives')
    .every((page) => isPageComplete(answers, page));
}

/** Where to resume: the first page of the path not yet complete, or the exit page. */
export function firstIncompletePage(answers: Answers): PageId | HorsTeleservice {
  // Only the multi-employer exit ends a path whose pages are all complete: the last page,
  // the justificatifs, is never complete before the demande is sent.
  return pagesFor(answers).find((page) => !isPageComplete(answers, page)) ?? HORS_TELESERVICE;
}

/** `answers` are those saved after `current` was validated. */
export function nextPage(
  answers: Answers,
  current: PageId,
  options: { fromRecap: boolean },
): PageId | HorsTeleservice {
  if (options.fromRecap) {
    const target = firstIncompletePage(answers);
    return target === 'pieces-justificatives' ? 'recapitulatif' : target;
  }
  const path = pagesFor(answers);
  const index = path.indexOf(current);
  const following = index === -1 ? undefined : path[index + 1];
  return following ?? firstIncompletePage(answers);
}

/** The page for the back link; null on the first page (the link goes back to « Mes démarches »). */
export function previousPage(answers: Answers, page: PageId | HorsTeleservice): PageId | null {
  if (page === HORS_TELESERVICE) return 'plusieurs-employeurs';
  const path = pagesFor(answers);
  const index = path.indexOf(page);
  return index > 0 ? (path[index - 1] ?? null) : null;
}

/** No skipping ahead by typing an address: every page before it on the path must be complete. */
export function isPageReachable(answers: Answers, page: PageId | HorsTeleservice): boolean {
  if (page === HORS_TELESERVICE) return firstIncompletePage(answers) === HORS_TELESERVICE;
  const path = pagesFor(answers);
  const index = path.indexOf(page);
  return index !== -1 && path.slice(0, index).every((before) => isPageComplete(answers, before));
}

/** Removes every answer of a branch not taken, so that nothing stale is shown or sent. */
export function pruneAnswers(answers: Answers): Answers {
  return pick(answers, pagesOfBranches(answers).flatMap((page) => fieldsInPlay(page, answers)));
}

/**
 * The draft after `page` was validated: the page's answers replace the old ones (an optional
 * field left empty is removed), branches closed by them are pruned, and a change before the
 * récapitulatif withdraws the attestation sur l'honneur, which covered the former answers.
 */
export function applyPageAnswers(answers: Answers, page: PageId, pageAnswers: Partial<Answers>): Answers {
  const fields = pageFields[page];
  const before = pick(answers, fields);
  const after = pick(pageAnswers, fields);
  const next: Answers = { ...omit(answers, fields), ...after };
  const changed = fields.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (changed && page !== 'recapitulatif') delete next.attestation;
  return pruneAnswers(next);
}

function isAnswered(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== '';
}

function pick(answers: Answers, fields: readonly AnswerField[]): Answers {
  const picked: Partial<Record<AnswerField, unknown>> = {};
  for (const field of fields) {
    if (answers[field] !== undefined) picked[field] = answers[field];
  }
  return picked as Answers;
}

function omit(answers: Answers, fields: readonly AnswerField[]): Answers {
  const rest: Answers = { ...answers };
  for (const field of fields) delete rest[field];
  return rest;
}
