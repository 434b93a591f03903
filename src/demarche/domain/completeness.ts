import { leadsOutOfTeleservice, pagesFor, requiredFieldsInPlay } from './branches.ts';
import type { Answers, PageId } from './answers.ts';

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

function isAnswered(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== '';
}
