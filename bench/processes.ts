// The bench's child processes (identity provider, service instances, job worker): started with
// the Node that runs the bench, ready when they say so, their memory and CPU read from /proc.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export type Child = { name: string; pid: number; stop(): Promise<void> }

export async function startChild(name: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Child> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'))
    if (output.length > 200) output.shift()
  }
  child.stderr!.on('data', keep)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} : pas prêt après 60 s\n${output.join('')}`)), 60_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk)
      if (ready.test(output.join(''))) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} s'est arrêté (code ${code})\n${output.join('')}`))
    })
  })
  child.stdout!.removeAllListeners('data')
  child.stdout!.resume()
  return { name, pid: child.pid!, stop: () => stop(child) }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb ?? 0) / 1024
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU time the whole machine has spent busy so far (every core, every process, the kernel), in seconds. */
export function machineBusySeconds(): number {
  // /proc/stat's first line: user nice system idle iowait irq softirq steal, in 1/100 s.
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number) as number[]
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100
}

/** Samples the resident memory of some processes every second. */
export function sampleMemory(pids: number[]): { samples: Array<{ at: number; mb: number }>; elapsed(): number; stop(): void } {
  const samples: Array<{ at: number; mb: number }> = []
  const started = performance.now()
  const timer = setInterval(() => {
    try {
      samples.push({ at: (performance.now() - started) / 1000, mb: Math.max(...pids.map(rssMb)) })
    } catch {
      // a process gone between two samples: its last samples stand
    }
  }, 1000)
  return { samples, elapsed: () => (performance.now() - started) / 1000, stop: () => clearInterval(timer) }
}
