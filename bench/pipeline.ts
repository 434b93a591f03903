// `node bench/pipeline.ts`: the document pipeline alone. A backlog of submitted demandes (each
// submitted by the service's own use case, so with its 'generate-cerfa' job and its
// acknowledgment to mail) is held in the queue while `src/worker-main.ts` starts, then released:
// the worker makes each Cerfa, deposits it and every justificatif in the GED's hot folder and
// sends each e-mail. Printed: documents per second (by the database's own timestamps), the CPU
// of the worker and of PostgreSQL per demande, then that every follow-up happened exactly once.
// Options:
//   --demandes <n>     the backlog (default 1000)
//   --concurrency <n>  WORKER_CONCURRENCY given to the worker (default: the worker's own)
//   --sql              the worker's SQL statements and transactions per demande (recording them
//                      costs the worker some CPU of its own)
//   --profile          CPU profile of the worker, its hottest functions printed
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { benchAccount } from '../src/identity/demo-provider/bench-accounts.ts'
import { findAssureProfile, upsertAssureFromClaims } from '../src/identity/assure-repository.ts'
import { ensureDraft } from '../src/demarche/application/save-draft-page.ts'
import { submitDemande } from '../src/demarche/application/submit-demande.ts'
import type { Answers } from '../src/demarche/domain/answers.ts'
import { requiredDocuments } from '../src/demarche/domain/documents.ts'
import { chomage, nonSalarieConjoint, salarie } from '../src/demarche/domain/test-fixtures.ts'
import { addDocument, saveDraftAnswers } from '../src/demarche/infrastructure/demande-repository.ts'
import { insertStoredFile } from '../src/documents/stored-files.ts'
import { createPool, type Pool } from '../src/platform/db/pool.ts'
import { startEmbeddedPostgres } from '../src/platform/db/embedded-postgres.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { avisImpositionPdf } from './avis-pdf.ts'
import { checkInvariants, drained } from './follow-up.ts'
import { cpuSeconds, freePort, rssMb, startChild } from './processes.ts'
import { parseStatements } from './record-sql.ts'
import { profileHotspots } from './stats.ts'

const { values: options } = parseArgs({
  options: {
    demandes: { type: 'string', default: '1000' },
    concurrency: { type: 'string' },
    profile: { type: 'boolean', default: false },
    sql: { type: 'boolean', default: false },
  },
})
const demandeCount = Number(options.demandes)
const startedAt = performance.now()
const log = (line: string) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${line}`)

// A third of the assurés from outside the EU (a titre de séjour to deposit too).
const PATHS: Answers[] = [salarie, chomage, nonSalarieConjoint].flatMap((answers) => [answers, { ...answers, nationalite: 'autre', agdref: '7501234567' }, answers])

const dir = mkdtempSync(join(tmpdir(), 'invalidite-pipeline-'))
const pgDir = mkdtempSync(join(tmpdir(), 'invalidite-pipeline-pg-'))
const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'invalidite-pipeline-profile-')) : null
const server = await startEmbeddedPostgres({ dir: pgDir, port: await freePort() })
try {
  await server.createDatabase('invalidite')
  const databaseUrl = server.url('invalidite')
  const pool = createPool(databaseUrl, 8)
  try {
    await migrate(pool)
    await fillBacklog(pool)
    await drain(pool, databaseUrl)
  } finally {
    await pool.end()
  }
} finally {
  await server.stop()
  for (const folder of [dir, pgDir]) rmSync(folder, { recursive: true, force: true })
}

async function fillBacklog(pool: Pool): Promise<void> {
  const avis = await avisImpositionPdf()
  const sha256 = createHash('sha256').update(avis).digest('hex')
  let next = 0
  const submitOne = async (number: number) => {
    const account = benchAccount(number)
    const assureId = await upsertAssureFromClaims(pool, { sub: account.sub, ...account.claims })
    const demande = await ensureDraft(pool, await findAssureProfile(pool, assureId))
    const answers = PATHS[number % PATHS.length]!
    await saveDraftAnswers(pool, assureId, demande.id, answers)
    for (const { kind } of requiredDocuments(answers)) {
      const fileId = await insertStoredFile(pool, assureId, { mediaType: 'application/pdf', bytes: avis, sha256, displayName: `${kind}.pdf` })
      await addDocument(pool, demande.id, kind, fileId)
    }
    const result = await submitDemande(pool, { assureId, channel: 'web-ordinateur', now: new Date() })
    if (!result.ok) throw new Error(`demande ${number} non envoyée : ${result.reason}`)
  }
  while (next < demandeCount) await Promise.all(Array.from({ length: Math.min(8, demandeCount - next) }, () => submitOne(++next)))
  // Held back until the worker is up and recording: its start-up is not part of the figures.
  await pool.query(`update graphile_worker._private_jobs set run_at = now() + interval '1 day'`)
  log(`${demandeCount} demandes envoyées, leurs tâches en attente`)
}

async function drain(pool: Pool, databaseUrl: string): Promise<void> {
  const recordFile = join(dir, 'sql.json')
  const env = {
    NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('base64url'), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DATA_DIR: join(dir, 'data'), GED_DIR: join(dir, 'ged'),
    BENCH_SQL_RECORD: recordFile, ...(options.concurrency && { WORKER_CONCURRENCY: options.concurrency }),
  }
  const nodeOptions = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), ...(options.sql ? ['--import', './bench/record-sql.ts'] : [])]
  const worker = await startChild('worker', [...nodeOptions, 'src/worker-main.ts'], env, /Worker démarré/)
  try {
    const ids = (await pool.query<{ id: string }>('select id from demande where submitted is not null')).rows.map((row) => row.id)
    if (options.sql) {
      process.kill(worker.pid, 'SIGUSR2')
      await sleep(100)
    }
    const cpuBefore = cpuSeconds(worker.pid)
    const systemBefore = systemCpuSeconds(worker.pid)
    const pgBefore = postgresCpuSeconds()
    const released = performance.now()
    await pool.query(`update graphile_worker._private_jobs set run_at = now()`)
    await pool.query(`select pg_notify('jobs:insert', json_build_object('count', $1::int)::text)`, [demandeCount])
    await drained(pool, ids)
    const wall = (performance.now() - released) / 1000
    const cpu = cpuSeconds(worker.pid) - cpuBefore
    const systemCpu = systemCpuSeconds(worker.pid) - systemBefore
    const pgCpu = postgresCpuSeconds() - pgBefore
    const rss = rssMb(worker.pid)
    const { rows } = await pool.query<{ seconds: number; deposits: string; mails: string }>(`
      select extract(epoch from greatest(max(g.deposited_at), (select max(notified_at) from message)) - (select min(created_at) from stored_file where display_name like 'cerfa-%')) as seconds,
             count(*) as deposits, (select count(*) from message where notified_at is not null) as mails
        from ged_deposit g`)
    const { seconds, deposits } = { seconds: Number(rows[0]!.seconds), deposits: Number(rows[0]!.deposits) }
    log(`${ids.length} Cerfa, ${deposits} dépôts en GED, ${rows[0]!.mails} courriels en ${seconds.toFixed(2)} s (de la première Cerfa au dernier dépôt ; ${wall.toFixed(1)} s à l'horloge du banc)`)
    log(`débit : ${(ids.length / seconds).toFixed(0)} Cerfa/s, ${(deposits / seconds).toFixed(0)} dépôts en GED/s (les « documents/s » de npm run bench)`)
    log(`worker : ${cpu.toFixed(1)} s de CPU, ${(cpu * 1000 / ids.length).toFixed(1)} ms par demande dont ${(systemCpu * 1000 / ids.length).toFixed(1)} dans le noyau (${(cpu / seconds * 100).toFixed(0)} % d'un cœur), RSS ${rss.toFixed(0)} Mo`)
    log(`PostgreSQL : ${pgCpu.toFixed(1)} s de CPU, ${(pgCpu * 1000 / ids.length).toFixed(1)} ms par demande (y compris l'attente du banc, une requête toutes les 100 ms)`)
    if (options.sql) {
      process.kill(worker.pid, 'SIGUSR2')
      await waitFor(recordFile)
      const statements = parseStatements(readFileSync(recordFile, 'utf8'))
      const transactions = statements.filter((statement) => /^\s*begin\s*$/i.test(statement.text)).length
      log(`SQL par demande : ${(statements.length / ids.length).toFixed(1)} instructions dont ${(transactions / ids.length).toFixed(1)} transactions :\n${perDemande(statements.map((s) => s.text), ids.length)}`)
    }
    const invariants = await checkInvariants(pool, ids, env.GED_DIR, join(env.DATA_DIR, 'mail'))
    log(invariants.problems.length > 0 ? `PROBLÈMES : ${invariants.problems.join(' ; ')}` : `exactement une fois : ${invariants.summary}`)
    if (invariants.problems.length > 0) process.exitCode = 1
  } finally {
    await worker.stop()
  }
  if (profileDir) printProfile(profileDir)
}

/** The part of a process's CPU time spent in the kernel (the file system's work, fsync…), in seconds. */
function systemCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) / 100
}

/** CPU time of this bench's PostgreSQL: its postmaster, the backends it has reaped and those alive. */
function postgresCpuSeconds(): number {
  const stats = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return [{ pid: Number(pid), ppid: Number(fields[1]), cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8'), ticks: fields.slice(11, 15).map(Number) }]
    } catch {
      return []
    }
  })
  const postmaster = stats.find((stat) => stat.cmdline.includes(pgDir))
  if (!postmaster) return 0
  const [utime, stime, cutime, cstime] = postmaster.ticks as [number, number, number, number]
  const children = stats.filter((stat) => stat.ppid === postmaster.pid).reduce((sum, stat) => sum + stat.ticks[0]! + stat.ticks[1]!, 0)
  return (utime + stime + cutime + cstime + children) / 100
}

function perDemande(texts: string[], demandes: number): string {
  const counts = new Map<string, number>()
  for (const text of texts) {
    const short = text.replace(/\s+/g, ' ').trim().slice(0, 90)
    counts.set(short, (counts.get(short) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([text, times]) => `  ${(times / demandes).toFixed(2).padStart(5)} × ${text}`).join('\n')
}

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      readFileSync(file)
      return
    } catch {
      await sleep(50)
    }
  }
  throw new Error(`${file} jamais écrit`)
}

/** The worker's hottest functions (self time, idle excluded) and packages. */
function printProfile(folder: string): void {
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'))) {
    const { functions, packages } = profileHotspots(join(folder, file), 25)
    console.log(`Profil CPU du worker (${join(folder, file)}), temps propre par fonction (← son appelant principal) :`)
    for (const spot of functions) console.log(`  ${(spot.share * 100).toFixed(1).padStart(5)} %  ${spot.where}  ← ${spot.caller}`)
    console.log(`Temps propre par paquet : ${packages.map((p) => `${p.name} ${(p.share * 100).toFixed(1)} %`).join(', ')}`)
  }
}
