import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { answerDueDate, type Suspension } from '../../demarche/domain/answer-due-date.ts'
import { parseLocalDate, type LocalDate } from '../../shared/dates.ts'
import { closePendingSuspensions, isPastDue, openSuspension } from './suspension.ts'

const d = (s: string): LocalDate => {
  const parsed = parseLocalDate(s)
  assert.ok(parsed, `${s} should be a real date`)
  return parsed
}

/** The due date after each step of a file: requests made and answered on the given days. */
function dueAfter(receivedOn: string, steps: Array<['demande' | 'reponse', string]>, today: string): LocalDate {
  let suspensions: Suspension[] = []
  for (const [step, on] of steps) {
    suspensions = step === 'demande' ? [...suspensions, openSuspension(d(on))] : closePendingSuspensions(suspensions, d(on))
  }
  return answerDueDate({ receivedOn: d(receivedOn), suspensions, today: d(today) })
}

describe('a request for documents opens a suspension, its answer closes it', () => {
  it('opens from the day of the request, pending', () => {
    assert.deepEqual(openSuspension(d('2028-02-28')), { from: '2028-02-28', to: null })
  })

  it('closes every pending request on the day of the answer, and leaves the closed ones', () => {
    const suspensions = [{ from: d('2026-01-05'), to: d('2026-01-08') }, openSuspension(d('2026-01-20')), openSuspension(d('2026-01-22'))]
    assert.deepEqual(closePendingSuspensions(suspensions, d('2026-01-25')), [
      { from: '2026-01-05', to: '2026-01-08' },
      { from: '2026-01-20', to: '2026-01-25' },
      { from: '2026-01-22', to: '2026-01-25' },
    ])
  })

  it('never closes a suspension before it opened', () => {
    assert.deepEqual(closePendingSuspensions([openSuspension(d('2026-01-20'))], d('2026-01-19')), [{ from: '2026-01-20', to: '2026-01-20' }])
  })
})

describe('the due date through a request and its answer', () => {
  it('receipt 2027-12-31, request on 2028-02-28 (leap year) answered 2028-03-01: 3 days more', () => {
    assert.equal(dueAfter('2027-12-31', [], '2028-01-10'), '2028-03-01')
    // The day of the request, pending: counted as answered today, one day more.
    assert.equal(dueAfter('2027-12-31', [['demande', '2028-02-28']], '2028-02-28'), '2028-03-02')
    // Still pending on 29 February: one more day.
    assert.equal(dueAfter('2027-12-31', [['demande', '2028-02-28']], '2028-02-29'), '2028-03-03')
    // Answered 1 March: 28 and 29 February and 1 March are suspended, the count runs again on the 2nd.
    assert.equal(dueAfter('2027-12-31', [['demande', '2028-02-28'], ['reponse', '2028-03-01']], '2028-03-20'), '2028-03-04')
  })

  it('the same request in a common year suspends one day less', () => {
    assert.equal(dueAfter('2026-12-31', [['demande', '2027-02-28'], ['reponse', '2027-03-01']], '2027-03-20'), '2027-03-03')
  })

  it('receipt 2024-01-31: the count starts on 1 February and ends on 1 April', () => {
    assert.equal(dueAfter('2024-01-31', [], '2024-02-01'), '2024-04-01')
    assert.equal(dueAfter('2024-01-31', [['demande', '2024-02-29'], ['reponse', '2024-03-01']], '2024-03-05'), '2024-04-03')
  })

  it('receipt 2024-01-30: clamped to the last day of March, not beyond', () => {
    assert.equal(dueAfter('2024-01-30', [], '2024-02-01'), '2024-03-31')
    assert.equal(dueAfter('2024-01-30', [['demande', '2024-02-10'], ['reponse', '2024-02-10']], '2024-03-01'), '2024-04-01')
  })

  it('receipt 2023-12-30: the end of February of a leap year', () => {
    assert.equal(dueAfter('2023-12-30', [], '2024-01-02'), '2024-02-29')
  })

  it('a request answered the day it is made suspends that one day', () => {
    assert.equal(dueAfter('2026-03-02', [['demande', '2026-03-10'], ['reponse', '2026-03-10']], '2026-03-11'), '2026-05-04')
  })

  it('two requests, each answered, add up', () => {
    const steps: Array<['demande' | 'reponse', string]> = [['demande', '2026-03-10'], ['reponse', '2026-03-12'], ['demande', '2026-04-01'], ['reponse', '2026-04-05']]
    assert.equal(dueAfter('2026-03-02', steps, '2026-04-06'), '2026-05-11')
  })

  it('caps the suspension at the 2 months that follow the first request: 60 days from 10 January 2024', () => {
    assert.equal(dueAfter('2024-01-05', [['demande', '2024-01-10']], '2024-06-01'), '2024-05-06')
    assert.equal(dueAfter('2024-01-05', [['demande', '2024-01-10'], ['reponse', '2024-05-31']], '2024-06-01'), '2024-05-06')
  })

  it('the same cap is 59 days from 10 January of a common year, which ends on the same day', () => {
    assert.equal(dueAfter('2023-01-05', [['demande', '2023-01-10']], '2023-06-01'), '2023-05-06')
  })
})

describe('isPastDue: the implicit refusal is found the day after the due date', () => {
  const deadline = (today: string, suspensions: Suspension[] = []) => ({ receivedOn: d('2026-01-15'), suspensions, today: d(today) })

  it('not on the due date itself', () => {
    assert.equal(answerDueDate(deadline('2026-03-16')), '2026-03-16')
    assert.equal(isPastDue(deadline('2026-03-16')), false)
  })

  it('from the next day on', () => {
    assert.equal(isPastDue(deadline('2026-03-17')), true)
  })

  it('a pending request keeps pushing the date, until the cap', () => {
    const pending = [openSuspension(d('2026-03-01'))]
    assert.equal(isPastDue(deadline('2026-03-20', pending)), false)
    // 61 days of suspension at most (1 March → 1 May): 16 January + 61 days + 2 months.
    assert.equal(answerDueDate(deadline('2026-05-18', pending)), '2026-05-18')
    assert.equal(isPastDue(deadline('2026-05-18', pending)), false)
    assert.equal(isPastDue(deadline('2026-05-19', pending)), true)
  })
})
