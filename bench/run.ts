// `npm run bench`: the whole démarche under load, against the ceiling of this same machine.
// PostgreSQL (embedded in a temporary folder, or DATABASE_URL), the demo identity provider, 1 or 2
// instances of the service and the job worker, each in a process of its own (system.ts); the
// simulated assurés here (assure.ts). Phases: (a) the interactive path, worker off; (b) the worker
// drains what (a) left (Cerfa, GED deposits, e-mails); (c) end to end, worker on; (d) the ceiling:
// the SQL of one démarche of each combination of branches, replayed in the same mix through the
// pg driver alone (ceiling.ts). Then: each follow-up happened exactly once. Options:
//   --duration <s>     each load phase (default 8)
//   --concurrency <n>  simulated assurés at once (default 50)
//   --instances <n>    instances of the service, the assurés shared round robin (default 1)
//   --long             phase (c) lasts 10 minutes: is the service's memory flat?
//   --profile          CPU profile of the service, its hottest functions printed
//   --service-node-options="<flags>"  given to each service's Node (e.g. ="--max-old-space-size=128")
import { randomInt } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { startEmbeddedPostgres } from '../src/platform/db/embedded-postgres.ts'
import { benchAccount, benchLogin } from '../src/identity/demo-provider/bench-accounts.ts'
import { BRANCH_COMBINATIONS } from './answers.ts'
import { avisImpositionPdf } from './avis-pdf.ts'
import { planReplay } from './ceiling.ts'
import { checkInvariants, count, drained } from './follow-up.ts'
import { load, replayLoad } from './load.ts'
import { pageWeights } from './page-weights.ts'
import { cpuSeconds, freePort, machineBusySeconds, rssMb, sampleMemory } from './processes.ts'
import { errorsText, mostFrequent, printReport } from './report.ts'
import { StepTimings } from './stats.ts'
import { recordBranches, startSystem, type System } from './system.ts'

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '50' },
    instances: { type: 'string', default: '1' },
    long: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'service-node-options': { type: 'string', default: '' },
  },
})
const settings = { duration: Number(options.duration), concurrency: Number(options.concurrency), instances: Number(options.instances), long: options.long }
const POOL_SIZE = 10 // each service instance's (createPool's default): the ceiling gets as many connections
const startedAt = performance.now()
const log = (line: string) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${line}`)

const dir = mkdtempSync(join(tmpdir(), 'invalidite-bench-'))
// A folder of its own, right under the temporary folder: as root, PostgreSQL runs as « postgres ».
const pgDir = mkdtempSync(join(tmpdir(), 'invalidite-bench-pg-'))
// Kept after the run, for a closer look (Chrome DevTools, « Performance »).
const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'invalidite-bench-profile-')) : null
let stopDatabase: (() => Promise<void>) | undefined
let system: System | undefined
try {
  let databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    const server = await startEmbeddedPostgres({ dir: pgDir, port: await freePort() })
    stopDatabase = server.stop
    await server.createDatabase('invalidite')
    databaseUrl = server.url('invalidite')
  }
  log(`PostgreSQL ${process.env.DATABASE_URL ? '(DATABASE_URL)' : 'embarqué'} ; ${settings.instances} instance(s), ${settings.concurrency} assurés simultanés, phases de ${settings.duration} s`)
  const nodeOptions = [...options['service-node-options'].split(' ').filter(Boolean), ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])]
  system = await startSystem({ databaseUrl, dir, instances: settings.instances, nodeOptions })
  await bench(system, databaseUrl)
} finally {
  await system?.stop()
  await stopDatabase?.()
  for (const folder of [dir, pgDir]) rmSync(folder, { recursive: true, force: true })
}

async function bench(system: System, databaseUrl: string): Promise<void> {
  const { services, targets } = system
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 })
  const avis = await avisImpositionPdf()
  let number = randomInt(0, 70_000) * 100_000 // bench accounts not used by an earlier run on the same database
  const nextNumber = () => ++number
  const idle = Math.max(...services.map((service) => rssMb(service.pid)))
  const memory = sampleMemory(services.map((service) => service.pid))
  const serviceCpu = () => services.reduce((sum, service) => sum + cpuSeconds(service.pid), 0)
  const measured = async <T>(work: () => Promise<T>) => {
    const [service, provider, machine, bench] = [serviceCpu(), cpuSeconds(system.provider.pid), machineBusySeconds(), process.cpuUsage()]
    const result = await work()
    const usage = process.cpuUsage(bench)
    return {
      ...result, serviceCpu: serviceCpu() - service, benchCpu: (usage.user + usage.system) / 1e6,
      providerCpu: cpuSeconds(system.provider.pid) - provider, machineCpu: machineBusySeconds() - machine,
    }
  }

  const single = new StepTimings()
  const recorded = await recordBranches(system, dir, nextNumber, single, avis)
  const weights = await pageWeights(targets[0]!, single)
  const statements = recorded.flatMap((demarche) => demarche.statements)
  const transactions = statements.filter((statement) => /^\s*begin\s*$/i.test(statement.text)).length
  log(`${recorded.length} démarches enregistrées (une par combinaison de branches) : par démarche, ${(statements.length / recorded.length).toFixed(0)} instructions SQL dont ${(transactions / recorded.length).toFixed(1)} transactions ; les plus fréquentes : ${mostFrequent(statements.map((s) => s.text), recorded.length)}`)

  // (a) The interactive path, the follow-up jobs held back.
  const interactive = await measured(() => load(targets, settings.concurrency, settings.duration, nextNumber, avis))
  log(`(a) parcours interactif : ${interactive.ids.length} demandes en ${interactive.seconds.toFixed(1)} s${errorsText(interactive.errors)}`)

  // (b) The worker drains the backlog of (a).
  const backlog = [...recorded.map((demarche) => demarche.id), ...interactive.ids]
  const worker = await system.startWorker()
  const drainStart = performance.now()
  await drained(db, backlog)
  const pipeline = { demandes: backlog.length, deposits: await count(db, 'select 1 from ged_deposit where demande_id = any($1)', [backlog]), seconds: (performance.now() - drainStart) / 1000 }
  log(`(b) chaîne documentaire : ${pipeline.demandes} Cerfa, ${pipeline.deposits} dépôts en GED, ${pipeline.demandes} courriels en ${pipeline.seconds.toFixed(1)} s`)

  // (c) End to end, the worker on: a demande is complete once every document is in the GED.
  const endToEndStart = Date.now()
  const memoryFrom = memory.elapsed()
  const endToEnd = await measured(async () => {
    const result = await load(targets, settings.concurrency, settings.long ? 600 : settings.duration, nextNumber, avis)
    await drained(db, result.ids)
    return result
  })
  const memoryUntil = memory.elapsed()
  const { rows } = await db.query<{ at: string }>('select extract(epoch from max(deposited_at)) * 1000 as at from ged_deposit where demande_id = any($1)', [endToEnd.ids])
  const completedIn = (Number(rows[0]!.at) - endToEndStart) / 1000
  log(`(c) de bout en bout : ${endToEnd.ids.length} demandes déposées en GED en ${completedIn.toFixed(1)} s${errorsText(endToEnd.errors)}`)
  await worker.stop()

  // (d) The ceiling: the same statements on as many connections, nothing else.
  const ceilingPool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE * settings.instances })
  const plans = new Map(recorded.map(({ number: n, statements }) => [n % BRANCH_COMBINATIONS, planReplay(statements, { sub: benchLogin(n), nir: benchAccount(n).claims.nir })]))
  const ceiling = await replayLoad(ceilingPool, plans, settings.concurrency, settings.duration, nextNumber)
  await ceilingPool.end()
  log(`(d) plafond : ${ceiling.count} démarches rejouées en ${ceiling.seconds.toFixed(1)} s${errorsText(ceiling.errors)}`)

  memory.stop()
  const invariants = await checkInvariants(db, [...backlog, ...endToEnd.ids], system.gedDir, system.mailDir)
  await db.end()
  // The services stop before the report: a CPU profile is written when its process ends.
  await system.stop()
  const average = (from: number, until: number) => {
    const samples = memory.samples.filter((sample) => sample.at >= from && sample.at < until)
    return samples.reduce((sum, sample) => sum + sample.mb, 0) / Math.max(1, samples.length)
  }
  printReport({
    settings, interactive, pipeline, endToEnd: { ...endToEnd, completedIn }, ceiling, weights, invariants, profileDir,
    memory: { idle, peak: Math.max(...memory.samples.map((sample) => sample.mb)), firstMinute: average(memoryFrom, memoryFrom + 60), lastMinute: average(memoryUntil - 60, memoryUntil) },
  })
  if (invariants.problems.length > 0) process.exitCode = 1
}
