import { z } from 'zod';
import { compareLocalDates, parseLocalDate } from '../../../shared/dates.ts';
import type { AnswerField, Answers, PageId } from '../answers.ts';
import { fieldsInPlay, requiredFieldsInPlay } from '../branches.ts';

/** Each field's schema rejects `undefined` with the message that asks for it. */
export type FieldSchemas = { [F in AnswerField]?: z.ZodType<NonNullable<Answers[F]>> };
export type PageSchema = z.ZodType<Partial<Answers>>;
export type ReportIssue = (field: AnswerField, message: string) => void;
export type CrossCheck = (values: Answers, report: ReportIssue) => void;

/**
 * A page's schema: fields of a branch not taken are dropped before anything is checked, then
 * each field's format, the answers the branch requires, and the rules across fields.
 */
export function pageSchema(page: PageId, fields: FieldSchemas, crossCheck?: CrossCheck): PageSchema {
  const entries = Object.entries(fields) as [AnswerField, z.ZodType][];
  const shape = Object.fromEntries(entries.map(([field, schema]) => [field, schema.optional()]));
  const checked = z.object(shape, { error: 'Les réponses doivent être un objet' }).superRefine(
    (values, ctx) => {
      const answers = values as Answers;
      const report: ReportIssue = (field, message) => ctx.addIssue({ code: 'custom', path: [field], message });
      for (const field of requiredFieldsInPlay(page, answers)) {
        if (answers[field] === undefined) report(field, missingMessage(fields[field]));
      }
      crossCheck?.(answers, report);
    },
    // Every error at once: a badly typed field must not hide a missing one until the next try.
    { when: (payload) => isRecord(payload.value) },
  );
  return z.preprocess((input) => onlyFieldsInPlay(page, input), checked) as unknown as PageSchema;
}

/** Reports on `later` when both dates are readable and `later` is not strictly after `earlier`. */
export function requireAfter(values: Answers, report: ReportIssue, later: AnswerField, earlier: AnswerField, message: string): void {
  const order = compareDates(values, later, earlier);
  if (order !== null && order <= 0) report(later, message);
}

/** Reports on `later` when both dates are readable and `later` is before `earlier`. */
export function requireNotBefore(values: Answers, report: ReportIssue, later: AnswerField, earlier: AnswerField, message: string): void {
  const order = compareDates(values, later, earlier);
  if (order !== null && order < 0) report(later, message);
}

function compareDates(values: Answers, a: AnswerField, b: AnswerField): number | null {
  const first = dateOf(values[a]);
  const second = dateOf(values[b]);
  return first && second ? compareLocalDates(first, second) : null;
}

// A field that failed its own check holds no date here, so only valid dates are compared.
function dateOf(value: unknown) {
  return typeof value === 'string' ? parseLocalDate(value) : null;
}

function missingMessage(schema: z.ZodType | undefined): string {
  return schema?.safeParse(undefined).error?.issues[0]?.message ?? 'Répondez à cette question';
}

function onlyFieldsInPlay(page: PageId, input: unknown): unknown {
  if (!isRecord(input)) return input;
  const kept = fieldsInPlay(page, input as Answers).filter((field) => input[field] !== undefined);
  return Object.fromEntries(kept.map((field) => [field, input[field]]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
