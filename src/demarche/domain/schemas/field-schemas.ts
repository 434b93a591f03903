import { z } from 'zod';
import { compareLocalDates, parseLocalDate, todayInParis } from '../../../shared/dates.ts';
import type { LocalDate } from '../../../shared/dates.ts';
import { isTypedText, UNTYPED_TEXT_MESSAGE } from '../../../shared/text.ts';
import type { Validated } from '../../../shared/identifiers/validation-result.ts';
import { AUCUNE_PENSION, PENSION_CHOICES } from '../answers.ts';
import { unreadableDateSchema } from './date-input.ts';
import type { DatePart, UnreadableDate } from './date-input.ts';

export type PageContext = { today: LocalDate; dateNaissance: LocalDate };

/** What the dates of a page are checked against: today in Paris and the assuré's birth. */
export function pageContextFor(assure: { dateNaissance: string }, now: Date): PageContext {
  return { today: todayInParis(now), dateNaissance: assure.dateNaissance as LocalDate };
}

export function choice<const T extends readonly [string, ...string[]]>(values: T, missing: string) {
  return z.enum(values, { error: missing });
}

export function text(rule: { max: number; missing: string; tooLong: string }) {
  return z.string({ error: rule.missing }).trim().min(1, rule.missing).max(rule.max, rule.tooLong).refine(isTypedText, UNTYPED_TEXT_MESSAGE);
}

/** A number checked by a shared validator, which also gives the message for an empty field. */
export function identifier(validate: (raw: string) => Validated) {
  const missing = validate('');
  return z.string({ error: missing.ok ? undefined : missing.message }).transform((raw, ctx) => {
    const result = validate(raw);
    if (result.ok) return result.value;
    ctx.addIssue(result.message);
    return z.NEVER;
  });
}

/** A single checkbox that must be ticked: the attestation sur l'honneur. */
export function checked(missing: string) {
  return z.literal('oui', { error: missing });
}

export function pensionChoices(messages: { missing: string; notWithAucune: string }) {
  return z
    .array(z.enum(PENSION_CHOICES, { error: messages.missing }), { error: messages.missing })
    .min(1, messages.missing)
    .refine((choices) => !choices.includes(AUCUNE_PENSION) || choices.length === 1, messages.notWithAucune);
}

/**
 * A date of the assuré's past: real, not in the future and not before their birth, since every
 * date of the démarche is an event of their life. `name` is the noun phrase, « la date de … ».
 */
export function pastDate(name: string, ctx: PageContext) {
  const subject = capitalize(name);
  return z
    .union([z.string(), unreadableDateSchema], {
      error: (issue) => (issue.input === undefined ? `Indiquez ${name}` : `${subject} doit être une date réelle`),
    })
    .transform((input, zod) => {
      const checked = checkPastDate(subject, input, ctx);
      if ('date' in checked) return checked.date;
      zod.addIssue(checked.problem);
      return z.NEVER;
    });
}

function checkPastDate(
  subject: string,
  input: string | UnreadableDate,
  ctx: PageContext,
): { date: LocalDate } | { problem: string } {
  if (typeof input !== 'string') return { problem: unreadableMessage(subject, input) };
  const date = parseLocalDate(input);
  if (date === null) return { problem: `${subject} doit être une date réelle` };
  if (compareLocalDates(date, ctx.today) > 0) return { problem: `${subject} ne peut pas être dans le futur` };
  if (compareLocalDates(date, ctx.dateNaissance) < 0) {
    return { problem: `${subject} ne peut pas être avant votre date de naissance` };
  }
  return { date };
}

const partName: Record<DatePart, string> = { jour: 'un jour', mois: 'un mois', annee: 'une année' };

export function unreadableMessage(subject: string, input: UnreadableDate): string {
  switch (input.unreadable) {
    case 'incomplete':
      return `${subject} doit comporter ${input.missing.map((part) => partName[part]).join(' et ')}`;
    case 'year-not-4-digits':
      return `${subject} doit comporter une année à 4 chiffres, par exemple 2019`;
    case 'not-a-date':
      return `${subject} doit être une date réelle`;
  }
}

function capitalize(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}
