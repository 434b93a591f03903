import { test } from 'node:test'
import assert from 'node:assert/strict'
import { GED_DEPOSIT_MAX_ATTEMPTS, secondsBeforeLastAttempt } from './retry-schedule.ts'

const DAY = 24 * 3600

test('a deposit keeps trying for at least 24 hours, and not much longer', () => {
  assert.ok(secondsBeforeLastAttempt(GED_DEPOSIT_MAX_ATTEMPTS) >= DAY)
  assert.ok(secondsBeforeLastAttempt(GED_DEPOSIT_MAX_ATTEMPTS - 1) < DAY)
  assert.equal(Math.round(secondsBeforeLastAttempt(GED_DEPOSIT_MAX_ATTEMPTS)), 100_923)
})

test("graphile-worker's backoff: e, e², … then e¹⁰ seconds from the tenth failure on", () => {
  assert.equal(secondsBeforeLastAttempt(1), 0)
  assert.equal(secondsBeforeLastAttempt(2), Math.E)
  assert.equal(Math.round(secondsBeforeLastAttempt(10)), 12_817)
  assert.equal(Math.round(secondsBeforeLastAttempt(12) - secondsBeforeLastAttempt(11)), 22_026)
})
