// A role of the service (the web service, the worker) run as a real process that the crash test
// kills with SIGKILL and starts again, as a supervisor (systemd, Kubernetes) would restart it.
// The next process is spawned while the current one runs and waits, built, for the word to start
// (crash-child.ts): a restart then takes milliseconds instead of the second that loading the code
// takes on a busy machine, and the stream of demandes meets many more kills in the same time.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'

/** How the next process dies: at a failpoint (src/platform/failpoints.ts), in the middle of an upload's body, or at a random moment. */
export type Arm = { kind: 'failpoint'; failpoint: string } | { kind: 'mid-upload' } | { kind: 'random'; afterMs: number }

export type CrashProcess = {
  /** Resolves when a process of this role is up: the current one, or the next one if it is down. */
  whenUp(): Promise<void>
  /** One process per arm, each killed as its arm says and replaced; then one with nothing armed, left running. */
  runPlan(plan: Arm[]): Promise<void>
  /** True once for a 'mid-upload' arm: the caller sends half a body and calls kill(). */
  claimMidUpload(): boolean
  kill(): void
  /** Kills, by point ('random', 'mid-upload' or the failpoint's name). */
  readonly kills: ReadonlyMap<string, number>
  /** Arms of the plan not yet done. */
  readonly remaining: number
  /** How the last process ended, if it ended other than by stop(). */
  readonly unexpectedEnd: string | null
  stop(): Promise<void>
}

/** A process spawned and building itself; `start` tells it to listen (or run), `ended` says how it ended. */
type Prepared = { child: ChildProcess; start(): void; ended: Promise<string> }

type Deferred = { promise: Promise<void>; resolve(): void }

function deferred(): Deferred {
  let resolve = () => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

export function crashProcess(options: { role: string; entry: string; env: Record<string, string> }): CrashProcess {
  let current: ChildProcess | undefined
  let standby: ChildProcess | undefined
  let up = deferred()
  let midUpload: 'armed' | 'claimed' | null = null
  let remaining = 0
  let unexpectedEnd: string | null = null
  let stopped = false
  const kills = new Map<string, number>()

  function prepare(failpoints: string): Prepared {
    if (stopped) throw new Error(`${options.role} : arrêté`)
    const child = spawn(process.execPath, [options.entry], {
      env: { ...process.env, ...options.env, FAILPOINTS: failpoints },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    standby = child
    let isUp = false
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line !== 'prêt') return
      isUp = true
      up.resolve()
    })
    const ended = new Promise<string>((resolve) => child.once('exit', (code, signal) => {
      // Whoever waits for a process that died before it was up waits for the next one.
      if (isUp) up = deferred()
      resolve(signal ?? `code ${code}`)
    }))
    return {
      child,
      ended,
      start() {
        current = child
        if (standby === child) standby = undefined
        child.stdin!.write('démarre\n')
      },
    }
  }

  async function runArm(arm: Arm, prepared: Prepared): Promise<void> {
    if (arm.kind === 'random') {
      await Promise.race([up.promise, prepared.ended])
      await sleep(arm.afterMs)
      prepared.child.kill('SIGKILL')
    }
    if (arm.kind === 'mid-upload') void up.promise.then(() => (midUpload = 'armed'))
    const ended = await prepared.ended
    midUpload = null
    if (ended !== 'SIGKILL') throw new Error(`${options.role} : arrêt inattendu (${ended}) pendant « ${label(arm)} »`)
    const point = label(arm)
    kills.set(point, (kills.get(point) ?? 0) + 1)
  }

  return {
    whenUp: () => up.promise,
    async runPlan(plan) {
      remaining = plan.length
      const failpointsOf = (arm: Arm | undefined) => (arm?.kind === 'failpoint' ? arm.failpoint : '')
      let next = prepare(failpointsOf(plan[0]))
      for (const [index, arm] of plan.entries()) {
        const running = next
        running.start()
        next = prepare(failpointsOf(plan[index + 1]))
        await runArm(arm, running)
        remaining--
      }
      next.start()
      const ended = next.ended.then((how) => {
        if (how !== 'SIGTERM') unexpectedEnd = `${options.role} : arrêt inattendu (${how}) après le plan`
        if (unexpectedEnd) throw new Error(unexpectedEnd)
      })
      await Promise.race([up.promise, ended])
    },
    claimMidUpload() {
      if (midUpload !== 'armed') return false
      midUpload = 'claimed'
      return true
    },
    kill: () => void current?.kill('SIGKILL'),
    kills,
    get remaining() {
      return remaining
    },
    get unexpectedEnd() {
      return unexpectedEnd
    },
    async stop() {
      stopped = true
      for (const child of [standby, current]) {
        if (!child || child.exitCode !== null || child.signalCode !== null) continue
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}

function label(arm: Arm): string {
  if (arm.kind === 'failpoint') return arm.failpoint.replace(/@\d+$/, '')
  return arm.kind
}
