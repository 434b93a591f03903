import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocalDate, type LocalDate } from '../../shared/dates.ts';
import { answerDueDate, DELAI_INSTRUCTION_MOIS, type Suspension } from './answer-due-date.ts';

const d = (s: string): LocalDate => {
  const parsed = parseLocalDate(s);
  assert.ok(parsed, `${s} should be a real date`);
  return parsed;
};

const suspension = (from: string, to: string | null): Suspension => ({ from: d(from), to: to === null ? null : d(to) });

const dueDate = (receivedOn: string, suspensions: Suspension[], today = '2023-12-31'): string =>
  answerDueDate({ receivedOn: d(receivedOn), suspensions, today: d(today) });

describe('answerDueDate: the vectors of démarches-simplifiées', () => {
  it('is 2 months after the day following receipt', () => {
    assert.equal(DELAI_INSTRUCTION_MOIS, 2);
    assert.equal(dueDate('2023-05-15', []), '2023-07-16');
  });

  it('adds the days from the request for documents to the day after the answer', () => {
    assert.equal(dueDate('2023-05-15', [suspension('2023-05-20', '2023-05-25')]), '2023-07-22');
  });

  it('adds each request', () => {
    const suspensions = [suspension('2023-05-20', '2023-05-25'), suspension('2023-05-30', '2023-06-03')];
    assert.equal(dueDate('2023-05-15', suspensions), '2023-07-27');
  });

  it('counts a pending request as if answered today', () => {
    const suspensions = [suspension('2023-05-20', '2023-05-25'), suspension('2023-05-30', null)];
    assert.equal(dueDate('2023-05-15', suspensions, '2023-06-05'), '2023-07-29');
    assert.equal(dueDate('2023-05-15', suspensions, '2023-06-06'), '2023-07-30');
  });
});

describe('answerDueDate: our cases', () => {
  it('clamps to the end of a shorter month', () => {
    assert.equal(dueDate('2023-12-30', []), '2024-02-29');
    assert.equal(dueDate('2024-12-30', []), '2025-02-28');
    assert.equal(dueDate('2023-06-29', []), '2023-08-30');
  });

  it('caps the suspension at 2 months counted from the first request', () => {
    assert.equal(dueDate('2023-05-15', [suspension('2023-05-20', '2023-09-30')]), '2023-09-16');
  });

  it('caps a request left pending for months', () => {
    assert.equal(dueDate('2023-05-15', [suspension('2023-05-20', null)], '2023-12-01'), '2023-09-16');
  });

  it('caps the sum of several requests with the same limit', () => {
    const suspensions = [suspension('2023-05-20', '2023-06-30'), suspension('2023-07-10', '2023-08-31')];
    assert.equal(dueDate('2023-05-15', suspensions), '2023-09-16');
  });

  it('counts once the days covered by two overlapping requests', () => {
    const suspensions = [suspension('2023-05-24', '2023-05-27'), suspension('2023-05-20', '2023-05-25')];
    assert.equal(dueDate('2023-05-15', suspensions), '2023-07-24');
  });

  it('does not count the day of receipt, before the count starts', () => {
    assert.equal(dueDate('2023-05-15', [suspension('2023-05-15', '2023-05-20')]), '2023-07-21');
  });

  it('ignores a request whose answer predates it', () => {
    assert.equal(dueDate('2023-05-15', [suspension('2023-05-20', '2023-05-18')]), '2023-07-16');
  });
});
