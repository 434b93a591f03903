// Named points where the crash tests kill the process (test/integration/crash-service.test.ts).
// FAILPOINTS, read once at start, lists them: `name` dies at the first pass, `name@k` at the k-th,
// e.g. FAILPOINTS=submit.before-commit@3. Unset, `failpoint(name)` does nothing.
const SPEC = /^([a-z][a-z0-9.-]*)(?:@([1-9]\d*))?$/

export type Failpoint = (name: string) => void

/** The failpoints `spec` arms; `kill` is how an armed one ends the process. */
export function createFailpoints(spec: string | undefined, kill: () => void): Failpoint {
  const remaining = new Map<string, number>()
  for (const entry of (spec ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
    const match = SPEC.exec(entry)
    if (!match) throw new Error(`FAILPOINTS : « ${entry} » n'est pas de la forme nom ou nom@k (k ≥ 1)`)
    remaining.set(match[1]!, Number(match[2] ?? 1))
  }
  if (remaining.size === 0) return () => {}
  return (name) => {
    const left = remaining.get(name)
    if (left === undefined) return
    if (left > 1) return void remaining.set(name, left - 1)
    kill()
  }
}

// Never armed in production: a stray variable must not be able to stop the service.
if (process.env.FAILPOINTS && process.env.NODE_ENV === 'production') throw new Error('FAILPOINTS est réservé aux tests : retirez-le de l’environnement de production')

export const failpoint: Failpoint = createFailpoints(process.env.FAILPOINTS, () => process.kill(process.pid, 'SIGKILL'))
