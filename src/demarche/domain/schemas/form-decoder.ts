import { localDateFromParts } from '../../../shared/dates.ts';
import { DATE_FIELDS, LIST_FIELDS, pageFields } from '../answers.ts';
import type { AnswerField, Answers, PageId } from '../answers.ts';
import { DATE_PARTS } from './date-input.ts';
import type { DateInput, DateParts } from './date-input.ts';

export type FormBody = Record<string, string | string[] | undefined>;
/** A page's answers as its schema takes them: trimmed, an empty field absent. */
export type PageInput = Partial<Record<AnswerField, string | string[] | DateInput>>;
/** What the form's inputs show again: a date as its three boxes. */
export type FormValues = Partial<Record<AnswerField, string | string[] | DateParts>>;

/**
 * Reads an HTML form: a date `x` comes as `x-jour`, `x-mois`, `x-annee` (the GOV.UK date input),
 * a checkbox list as one string or an array.
 */
export function decodePageForm(page: PageId, body: FormBody): PageInput {
  const input: PageInput = {};
  for (const field of pageFields[page]) {
    const value =
      DATE_FIELDS.has(field) ? decodeDate(datePartsOf(body, field))
      : LIST_FIELDS.has(field) ? nonEmpty(listOf(body[field]))
      : nonEmpty(firstOf(body[field]));
    if (value !== undefined) input[field] = value;
  }
  return input;
}

/** The form's values as typed, to show them again beside the errors. */
export function formValuesFromBody(page: PageId, body: FormBody): FormValues {
  const values: FormValues = {};
  for (const field of pageFields[page]) {
    values[field] =
      DATE_FIELDS.has(field) ? datePartsOf(body, field)
      : LIST_FIELDS.has(field) ? listOf(body[field])
      : firstOf(body[field]);
  }
  return values;
}

/** The saved answers of a page, to fill its form in again. */
export function formValuesFromAnswers(page: PageId, answers: Answers): FormValues {
  const values: FormValues = {};
  for (const field of pageFields[page]) {
    const answer = answers[field];
    if (answer === undefined) continue;
    values[field] = DATE_FIELDS.has(field) && typeof answer === 'string' ? partsOfDate(answer) : answer;
  }
  return values;
}

export function decodeDate(parts: DateParts): DateInput | undefined {
  const missing = DATE_PARTS.filter((part) => parts[part] === '');
  if (missing.length === DATE_PARTS.length) return undefined;
  if (missing.length > 0) return { unreadable: 'incomplete', missing };
  if (/^\d+$/.test(parts.annee) && parts.annee.length !== 4) return { unreadable: 'year-not-4-digits' };
  return localDateFromParts(parts.jour, parts.mois, parts.annee) ?? { unreadable: 'not-a-date' };
}

function datePartsOf(body: FormBody, field: AnswerField): DateParts {
  return {
    jour: firstOf(body[`${field}-jour`]),
    mois: firstOf(body[`${field}-mois`]),
    annee: firstOf(body[`${field}-annee`]),
  };
}

function partsOfDate(date: string): DateParts {
  const [annee = '', mois = '', jour = ''] = date.split('-');
  return { jour: String(Number(jour)), mois: String(Number(mois)), annee };
}

// A field sent twice (a tampered form) counts once.
function firstOf(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

function listOf(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => item.trim()).filter((item) => item !== '');
}

function nonEmpty<T extends string | string[]>(value: T): T | undefined {
  return value.length === 0 ? undefined : value;
}
