import { z } from 'zod';

export const DATE_PARTS = ['jour', 'mois', 'annee'] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export type DateParts = Record<DatePart, string>;

/** What the form decoder gives for a date typed in three boxes that do not make a date. */
export type UnreadableDate =
  | { unreadable: 'incomplete'; missing: DatePart[] }
  | { unreadable: 'year-not-4-digits' }
  | { unreadable: 'not-a-date' };

/** A date as the page schemas take it: a 'YYYY-MM-DD' string (from the form decoder or the API) or the marker. */
export type DateInput = string | UnreadableDate;

export const unreadableDateSchema = z.discriminatedUnion('unreadable', [
  z.object({ unreadable: z.literal('incomplete'), missing: z.array(z.enum(DATE_PARTS)) }),
  z.object({ unreadable: z.literal('year-not-4-digits') }),
  z.object({ unreadable: z.literal('not-a-date') }),
]);

export function isUnreadableDate(value: unknown): value is UnreadableDate {
  return unreadableDateSchema.safeParse(value).success;
}
