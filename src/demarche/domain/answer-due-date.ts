import { addDays, addMonths, compareLocalDates, daysBetween, type LocalDate } from '../../shared/dates.ts';

// « Si vous ne recevez pas de réponse dans ce délai de 2 mois, […] votre demande de pension est
// refusée » (service-public F672).
export const DELAI_INSTRUCTION_MOIS = 2;

// CSS D161-1-3 caps at 2 months the suspension caused by a request for missing documents.
const SUSPENSION_MAXIMALE_MOIS = 2;

// A request for documents: the count stops on `from` and restarts the day after `to`;
// `to` is null while the documents are awaited.
export type Suspension = { from: LocalDate; to: LocalDate | null };

type SuspendedPeriod = { start: LocalDate; endExclusive: LocalDate };

// The day the implicit refusal arises, computed as démarches-simplifiées does (docs/decisions.md,
// « Date de réponse due »): the day after receipt, plus the suspended days, plus 2 months.
export function answerDueDate({
  receivedOn,
  suspensions,
  today,
}: {
  receivedOn: LocalDate;
  suspensions: readonly Suspension[];
  today: LocalDate;
}): LocalDate {
  const countStart = addDays(receivedOn, 1);
  const periods = suspendedPeriods(suspensions, countStart, today);
  return addMonths(addDays(countStart, cappedSuspendedDays(periods)), DELAI_INSTRUCTION_MOIS);
}

// A pending request counts as resolved today, so the date shown moves on while it is pending.
function suspendedPeriods(
  suspensions: readonly Suspension[],
  countStart: LocalDate,
  today: LocalDate,
): SuspendedPeriod[] {
  return suspensions
    .map((suspension) => ({
      start: latest(suspension.from, countStart),
      endExclusive: addDays(suspension.to ?? today, 1),
    }))
    .filter((period) => compareLocalDates(period.start, period.endExclusive) < 0)
    .sort((a, b) => compareLocalDates(a.start, b.start));
}

// Overlapping requests suspend the count once: a day is either suspended or not.
function cappedSuspendedDays(periods: readonly SuspendedPeriod[]): number {
  const first = periods[0];
  if (!first) return 0;
  let suspendedDays = 0;
  let coveredUntil = first.start;
  for (const period of periods) {
    const start = latest(period.start, coveredUntil);
    if (compareLocalDates(start, period.endExclusive) < 0) {
      suspendedDays += daysBetween(start, period.endExclusive);
      coveredUntil = period.endExclusive;
    }
  }
  const cap = daysBetween(first.start, addMonths(first.start, SUSPENSION_MAXIMALE_MOIS));
  return Math.min(suspendedDays, cap);
}

function latest(a: LocalDate, b: LocalDate): LocalDate {
  return compareLocalDates(a, b) >= 0 ? a : b;
}
