// How long a deposit keeps trying before it becomes a dead letter. graphile-worker waits
// exp(least(10, attempts)) seconds after the failed attempt number `attempts` (1, 2…):
// e¹ … e⁹ add up to 12 817 s (3 h 34), then each further wait is e¹⁰ = 22 026 s (6 h 07).
// 13 attempts would give up after 78 897 s (21 h 55), short of the 24 hours the GED may be down;
// 14 attempts make the last one 100 923 s (28 h 02) after the first.
export const GED_DEPOSIT_MAX_ATTEMPTS = 14

/** Seconds between the first attempt and the last one, as graphile-worker spaces them. */
export function secondsBeforeLastAttempt(maxAttempts: number): number {
  let total = 0
  for (let attempt = 1; attempt < maxAttempts; attempt++) total += Math.exp(Math.min(10, attempt))
  return total
}
