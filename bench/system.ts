// The system under test, each part in a process of its own: the demo identity provider (its
// bench accounts on), the service's instances (worker off, each able to record its SQL), and the
// job worker when asked for. The address the service believes it has is https, as behind the
// proxy of production: the proxy's headers give each simulated person their own address.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { demoClients } from '../src/identity/relying-parties.ts'
import { benchLogin } from '../src/identity/demo-provider/bench-accounts.ts'
import { BRANCH_COMBINATIONS } from './answers.ts'
import { runDemarche, type Target } from './assure.ts'
import { freePort, startChild, type Child } from './processes.ts'
import { parseStatements, type RecordedStatement } from './record-sql.ts'
import type { StepTimings } from './stats.ts'

const PUBLIC_URL = new URL('https://invalidite.bench.localhost')

export type System = {
  provider: Child
  services: Child[]
  targets: Target[]
  startWorker(): Promise<Child>
  gedDir: string
  mailDir: string
  stop(): Promise<void>
}

export async function startSystem(options: { databaseUrl: string; dir: string; instances: number; nodeOptions: string[] }): Promise<System> {
  const children: Child[] = []
  const stop = async () => {
    for (const child of children.reverse()) await child.stop()
  }
  try {
    const secrets = { assure: randomBytes(16).toString('hex'), agent: randomBytes(16).toString('hex') }
    const idpPort = await freePort()
    const issuer = `http://127.0.0.1:${idpPort}`
    const provider = await startChild('fournisseur d’identité', ['src/identity/demo-provider/standalone.ts'], {
      DEMO_IDP_PORT: String(idpPort), DEMO_IDP_HOST: '127.0.0.1', DEMO_IDP_ISSUER: issuer, DEMO_IDP_BENCH_ACCOUNTS: 'on',
      DEMO_IDP_CLIENTS_JSON: JSON.stringify(demoClients(PUBLIC_URL.origin, secrets).filter((client) => client.client_secret)),
    }, /Fournisseur d’identité de démonstration/)
    children.push(provider)
    const common = {
      NODE_ENV: 'production', DATABASE_URL: options.databaseUrl, PUBLIC_URL: PUBLIC_URL.origin, SESSION_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn', DATA_DIR: join(options.dir, 'data'), GED_DIR: join(options.dir, 'ged'),
    }
    const services: Child[] = []
    const targets: Target[] = []
    for (let index = 0; index < options.instances; index++) {
      const port = await freePort()
      const service = await startChild(`service ${index + 1}`, [...options.nodeOptions, '--import', './bench/record-sql.ts', 'src/main.ts'], {
        ...common, PORT: String(port), HOST: '127.0.0.1', WORKER: 'off', BENCH_SQL_RECORD: join(options.dir, `sql-${index + 1}.json`),
        OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'invalidite-en-ligne', OIDC_CLIENT_SECRET: secrets.assure,
        AGENT_OIDC_ISSUER: issuer, AGENT_OIDC_CLIENT_ID: 'invalidite-back-office', AGENT_OIDC_CLIENT_SECRET: secrets.agent,
      }, /est prêt/)
      children.push(service)
      services.push(service)
      targets.push({ baseUrl: new URL(`http://127.0.0.1:${port}`), publicUrl: PUBLIC_URL })
    }
    const startWorker = async () => {
      const worker = await startChild('worker', ['src/worker-main.ts'], common, /Worker démarré/)
      children.push(worker)
      return worker
    }
    return { provider, services, targets, startWorker, gedDir: common.GED_DIR, mailDir: join(common.DATA_DIR, 'mail'), stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export type RecordedDemarche = { number: number; id: string; statements: RecordedStatement[] }

/**
 * One démarche of each combination of branches, alone on the first instance, its SQL recorded
 * (record-sql.ts: SIGUSR2 starts, SIGUSR2 writes the file).
 */
export async function recordBranches(system: System, dir: string, nextNumber: () => number, timings: StepTimings, avis: Buffer): Promise<RecordedDemarche[]> {
  const [service, target] = [system.services[0]!, system.targets[0]!]
  const file = join(dir, 'sql-1.json')
  const recorded: RecordedDemarche[] = []
  while (recorded.length < BRANCH_COMBINATIONS) {
    process.kill(service.pid, 'SIGUSR2')
    await sleep(50)
    const number = nextNumber()
    const id = await runDemarche(target, benchLogin(number), number, timings, avis)
    process.kill(service.pid, 'SIGUSR2')
    while (!existsSync(file)) await sleep(10)
    recorded.push({ number, id, statements: parseStatements(readFileSync(file, 'utf8')) })
    rmSync(file)
  }
  return recorded
}
