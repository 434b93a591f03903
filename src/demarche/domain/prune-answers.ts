import { pageFields } from './answers.ts';
import type { AnswerField, Answers, PageId } from './answers.ts';
import { fieldsInPlay, pagesOfBranches } from './branches.ts';

/** Removes every answer of a branch not taken, so that nothing stale is shown or sent. */
export function pruneAnswers(answers: Answers): Answers {
  const kept = pagesOfBranches(answers).flatMap((page) => fieldsInPlay(page, answers));
  return pick(answers, kept);
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
  if (page !== 'recapitulatif' && !sameAnswers(before, after, fields)) delete next.attestation;
  return pruneAnswers(next);
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

function sameAnswers(a: Answers, b: Answers, fields: readonly AnswerField[]): boolean {
  return fields.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}
