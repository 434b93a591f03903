import type { z } from 'zod';
import type { LocalDate } from '../../../shared/dates.ts';
import { DATE_FIELDS, pageFields } from '../answers.ts';
import type { AnswerField, Answers, PageId } from '../answers.ts';
import { isUnreadableDate } from './date-input.ts';
import type { PageContext } from './field-schemas.ts';
import { decodePageForm, formValuesFromBody } from './form-decoder.ts';
import type { FormBody, FormValues } from './form-decoder.ts';
import type { PageSchema } from './page-schema.ts';
import { pageSchemas } from './page-schemas.ts';

/** `href` is the id of the input to focus from the error summary. */
export type FieldError = { field: string; href: string; message: string };

export type InputValidation = { ok: true; answers: Partial<Answers> } | { ok: false; errors: FieldError[] };
export type PageValidation =
  | { ok: true; answers: Partial<Answers> }
  | { ok: false; errors: FieldError[]; values: FormValues };

/** Validates a page's HTML form; on error, `values` are what was typed, to show again. */
export function validatePage(page: PageId, body: FormBody, ctx: PageContext): PageValidation {
  const result = validatePageInput(page, decodePageForm(page, body), ctx);
  return result.ok ? result : { ...result, values: formValuesFromBody(page, body) };
}

/** Validates decoded input (a decoded form, or a JSON body whose dates are 'YYYY-MM-DD'). */
export function validatePageInput(page: PageId, input: unknown, ctx: PageContext): InputValidation {
  const result = schemaOf(page, ctx).safeParse(input);
  if (result.success) return { ok: true, answers: result.data };
  return { ok: false, errors: fieldErrors(page, result.error.issues, input) };
}

// zod compiles a schema on its first use, which costs several validations: each page's schema is
// built once, its dates checked against `currentContext`. A validation is synchronous, so the
// context set just before it is the one it reads.
const currentContext: PageContext = { today: '' as LocalDate, dateNaissance: '' as LocalDate };
const builtSchemas = new Map<PageId, PageSchema>();

function schemaOf(page: PageId, ctx: PageContext): PageSchema {
  currentContext.today = ctx.today;
  currentContext.dateNaissance = ctx.dateNaissance;
  let schema = builtSchemas.get(page);
  if (!schema) builtSchemas.set(page, (schema = pageSchemas[page](currentContext)));
  return schema;
}

// One error per field, the first found, in the order of the form.
function fieldErrors(page: PageId, issues: z.core.$ZodIssue[], input: unknown): FieldError[] {
  const messages = new Map<string, string>();
  for (const issue of issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    if (!messages.has(field)) messages.set(field, issue.message);
  }
  const rank = (field: string) => {
    const index = pageFields[page].indexOf(field as AnswerField);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...messages]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, message]) => ({ field, href: hrefOf(field, input), message }));
}

// A date focuses its first missing box, or the day; a radio group or checkbox list its first input,
// whose id is the field's name.
function hrefOf(field: string, input: unknown): string {
  if (field === '') return '#contenu';
  if (!DATE_FIELDS.has(field as AnswerField)) return `#${field}`;
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[field] : undefined;
  const part = isUnreadableDate(value) && value.unreadable === 'incomplete' ? value.missing[0] : undefined;
  return `#${field}-${part ?? 'jour'}`;
}
