import { HORS_TELESERVICE } from './answers.ts';
import type { Answers, HorsTeleservice, PageId } from './answers.ts';
import { leadsOutOfTeleservice, pagesFor } from './branches.ts';
import { isPageComplete } from './completeness.ts';
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
  if (page === HORS_TELESERVICE) {
    return leadsOutOfTeleservice(answers) && firstIncompletePage(answers) === HORS_TELESERVICE;
  }
  const path = pagesFor(answers);
  const index = path.indexOf(page);
  return index !== -1 && path.slice(0, index).every((before) => isPageComplete(answers, before));
}
