export type LocalDate = string & { readonly __brand: 'LocalDate' };

type DateParts = { year: number; month: number; day: number };

const MS_PER_DAY = 86_400_000;

const FRENCH_MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
] as const;

const parisCalendar = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

export function parseLocalDate(s: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!match) return null;
  return realDate({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
}

export function localDateFromParts(day: string, month: string, year: string): LocalDate | null {
  const d = day.trim();
  const m = month.trim();
  const y = year.trim();
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  return realDate({ year: Number(y), month: Number(m), day: Number(d) });
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(partsOf(date)) + days);
}

export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = partsOf(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1 };
  return format({ ...target, day: Math.min(day, daysInMonth(target.year, target.month)) });
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(partsOf(to)) - toDayNumber(partsOf(from));
}

export function todayInParis(now: Date): LocalDate {
  const parts = parisCalendar.formatToParts(now);
  const value = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value);
  return format({ year: value('year'), month: value('month'), day: value('day') });
}

const parisDateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' })

/** A moment as a French reader in Paris says it: « 27 novembre 2026 à 07:47 ». */
export function formatFrenchDateTime(moment: Date): string {
  return parisDateTime.format(moment)
}

export function formatFrenchDate(date: LocalDate): string {
  const { year, month, day } = partsOf(date);
  return `${day === 1 ? '1er' : day} ${FRENCH_MONTHS[month - 1]} ${year}`;
}

function realDate(parts: DateParts): LocalDate | null {
  const { year, month, day } = parts;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return format(parts);
}

function daysInMonth(year: number, month: number): number {
  return toDayNumber({ year, month: month + 1, day: 0 }) - toDayNumber({ year, month, day: 0 });
}

// setUTCFullYear rather than Date.UTC, which reads years 0 to 99 as 1900 to 1999.
function toDayNumber({ year, month, day }: DateParts): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

function fromDayNumber(dayNumber: number): LocalDate {
  const date = new Date(dayNumber * MS_PER_DAY);
  return format({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

function partsOf(date: LocalDate): DateParts {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function format({ year, month, day }: DateParts): LocalDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as LocalDate;
}
