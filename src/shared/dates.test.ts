import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  addMonths,
  compareLocalDates,
  daysBetween,
  formatFrenchDate,
  localDateFromParts,
  parseLocalDate,
  todayInParis,
  type LocalDate,
} from './dates.ts';

const date = (s: string): LocalDate => {
  const parsed = parseLocalDate(s);
  assert.ok(parsed, `${s} should be a real date`);
  return parsed;
};

describe('parseLocalDate', () => {
  it('accepts a real calendar date', () => {
    assert.equal(parseLocalDate('2024-02-29'), '2024-02-29');
  });

  it('refuses dates that do not exist', () => {
    assert.equal(parseLocalDate('2023-02-29'), null);
    assert.equal(parseLocalDate('2100-02-29'), null);
    assert.equal(parseLocalDate('2026-04-31'), null);
    assert.equal(parseLocalDate('2026-13-01'), null);
    assert.equal(parseLocalDate('2026-00-10'), null);
    assert.equal(parseLocalDate('2026-01-00'), null);
  });

  it('refuses other shapes', () => {
    assert.equal(parseLocalDate('27/11/2026'), null);
    assert.equal(parseLocalDate('2026-1-5'), null);
    assert.equal(parseLocalDate('2026-01-05T00:00:00Z'), null);
    assert.equal(parseLocalDate(''), null);
  });

  it('accepts 29 February 2000, a leap year divisible by 400', () => {
    assert.equal(parseLocalDate('2000-02-29'), '2000-02-29');
  });
});

describe('localDateFromParts', () => {
  it('builds a date from the three fields of a form, with or without leading zeros', () => {
    assert.equal(localDateFromParts('7', '3', '1965'), '1965-03-07');
    assert.equal(localDateFromParts(' 07 ', '03', '1965'), '1965-03-07');
  });

  it('returns null for a date that does not exist or an incomplete field', () => {
    assert.equal(localDateFromParts('31', '6', '1980'), null);
    assert.equal(localDateFromParts('', '6', '1980'), null);
    assert.equal(localDateFromParts('12', '6', '80'), null);
    assert.equal(localDateFromParts('1a', '6', '1980'), null);
  });
});

describe('addDays', () => {
  it('crosses months and years', () => {
    assert.equal(addDays(date('2023-05-31'), 1), '2023-06-01');
    assert.equal(addDays(date('2023-12-31'), 1), '2024-01-01');
    assert.equal(addDays(date('2024-03-01'), -1), '2024-02-29');
  });

  it('is not shifted by the change to summer time', () => {
    assert.equal(addDays(date('2026-03-28'), 2), '2026-03-30');
  });
});

describe('addMonths', () => {
  it('keeps the day when the target month has it', () => {
    assert.equal(addMonths(date('2023-05-16'), 2), '2023-07-16');
    assert.equal(addMonths(date('2023-11-15'), 3), '2024-02-15');
  });

  it('clamps to the end of a shorter month', () => {
    assert.equal(addMonths(date('2023-01-31'), 1), '2023-02-28');
    assert.equal(addMonths(date('2024-01-31'), 1), '2024-02-29');
    assert.equal(addMonths(date('2023-08-31'), 1), '2023-09-30');
  });

  it('goes backwards too', () => {
    assert.equal(addMonths(date('2024-03-31'), -1), '2024-02-29');
    assert.equal(addMonths(date('2024-01-15'), -2), '2023-11-15');
  });
});

describe('compareLocalDates and daysBetween', () => {
  it('orders dates', () => {
    assert.equal(compareLocalDates(date('2023-05-15'), date('2023-07-16')), -1);
    assert.equal(compareLocalDates(date('2023-07-16'), date('2023-05-15')), 1);
    assert.equal(compareLocalDates(date('2023-07-16'), date('2023-07-16')), 0);
  });

  it('counts the days from one date to another, negative when going back', () => {
    assert.equal(daysBetween(date('2023-05-20'), date('2023-05-26')), 6);
    assert.equal(daysBetween(date('2024-01-01'), date('2025-01-01')), 366);
    assert.equal(daysBetween(date('2023-05-26'), date('2023-05-20')), -6);
  });
});

describe('todayInParis', () => {
  it('gives the Paris calendar date, not the UTC one', () => {
    assert.equal(todayInParis(new Date('2026-11-26T23:30:00Z')), '2026-11-27');
    assert.equal(todayInParis(new Date('2026-07-14T22:30:00Z')), '2026-07-15');
    assert.equal(todayInParis(new Date('2026-07-14T21:30:00Z')), '2026-07-14');
  });
});

describe('formatFrenchDate', () => {
  it('writes the date as in a French letter', () => {
    assert.equal(formatFrenchDate(date('2026-11-27')), '27 novembre 2026');
    assert.equal(formatFrenchDate(date('2026-08-05')), '5 août 2026');
  });

  it('writes « 1er » for the first day of the month', () => {
    assert.equal(formatFrenchDate(date('2026-03-01')), '1er mars 2026');
  });
});
