// `npm run bench:scale`: the back office with 2 000 000 demandes.
//
// 1. A database of its own, never one that holds real demandes:
//    - without DATABASE_URL, an embedded PostgreSQL started in a temporary folder (shared_buffers
//      1 GB, as a server with this much data would be set; otherwise the defaults), removed at the end;
//    - with DATABASE_URL, a new database `invalidite_scale_<random>` created on that server (the
//      role needs CREATEDB), dropped at the end. The database the URL names is not touched.
//    BENCH_SCALE_KEEP=1 keeps it (folder or database) and prints where it is.
// 2. The migrations, then the demandes generated inside PostgreSQL (bench/scale-generate.ts says
//    how), then VACUUM ANALYZE. BENCH_SCALE_ROWS sets the count (2 000 000 by default).
// 3. The service started on it as in the tests (test/support), a technicien and a superviseur of
//    the CRAMIF (the largest organisme) signed in, and each back-office path requested over HTTP
//    BENCH_SCALE_RUNS times (200 by default) after 20 warm-up requests: p50 and p95 in ms.
// 4. For each path, the SQL its request ran, run again under EXPLAIN (ANALYZE, BUFFERS); a
//    sequential scan of the demande table is a failure (exit code 1).
// The last line of the output is one JSON object with the figures.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/db/embedded-postgres.ts'
import { createPool } from '../src/platform/db/pool.ts'
import { migrate } from '../src/platform/db/migrate.ts'
import { createService } from '../src/service.ts'
import { freePort } from '../test/support/free-port.ts'
import { testServiceDeps } from '../test/support/sign-in.ts'
import { adminQuery } from '../test/support/database.ts'
import { signInAgentAs } from '../test/support/agent-sign-in.ts'
import { generateDemandes } from './scale-generate.ts'
import { benchPaths } from './scale-paths.ts'
import { captureStatements, explainStatement, readsDemande, timePath, timeStatements, type Timing } from './scale-measure.ts'

const ROWS = Number(process.env.BENCH_SCALE_ROWS ?? 2_000_000)
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 200)
const WARM_UP = 20
const TARGET_P95_MS = 30
const KEEP = process.env.BENCH_SCALE_KEEP === '1'
const ORGANISME = 'CRAMIF'

const log = (line: string) => console.log(line)
const ms = (value: number, width = 9) => `${value.toFixed(1)} ms`.padStart(width)
const loadAverage = () => loadavg().map((load) => load.toFixed(1)).join(' / ')

const target = await openScaleDatabase()
let failed = false
try {
  const pool = createPool(target.url, 12)
  await migrate(pool)

  log(`Génération de ${ROWS.toLocaleString('fr-FR')} demandes…`)
  const generationStart = performance.now()
  const client = new pg.Client({ connectionString: target.url })
  client.on('error', () => {})
  await client.connect()
  const generated = await generateDemandes(client, ROWS, (line) => log(line)).finally(() => client.end())
  const generationSeconds = Math.round((performance.now() - generationStart) / 100) / 10
  log(`Générées en ${generationSeconds} s : ${generated.submitted.toLocaleString('fr-FR')} envoyées, ${(ROWS - generated.submitted).toLocaleString('fr-FR')} brouillons, ` +
    `${generated.assures.toLocaleString('fr-FR')} assurés, ${generated.suspensions.toLocaleString('fr-FR')} suspensions, ${generated.agents} agents.`)
  log(await describeVolume(pool))

  const port = await freePort()
  const app = await createService(testServiceDeps(pool, { logLevel: 'error' }))
  await app.listen({ host: '127.0.0.1', port })
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    const technicien = await signInAgentAs(app, pool, { role: 'technicien', organisme: ORGANISME, nom: 'Bench', prenom: 'Technicien' })
    const superviseur = await signInAgentAs(app, pool, { role: 'superviseur', organisme: ORGANISME, nom: 'Bench', prenom: 'Superviseur' })
    // The signed-in technicien takes over the portfolio of a generated colleague: « Mes demandes » is a real one.
    await pool.query(`update demande set assigned_agent_id = $1 where assigned_agent_id = md5('scale-agent-' || $2 || '-1')::uuid`, [technicien.agentId, ORGANISME])
    await pool.query('vacuum analyze demande')
    const paths = await benchPaths(pool, ORGANISME, { technicien: technicien.cookie, superviseur: superviseur.cookie })

    log(`\nParcours du back office (${ORGANISME}), ${RUNS} requêtes HTTP chacune après ${WARM_UP} de mise en route ; ` +
      `« SQL » : les requêtes sur demande de ce parcours rejouées seules, autant de fois. Charge de la machine : ${loadAverage()}.`)
    log(`${'parcours'.padEnd(36)} ${'HTTP p50'.padStart(9)} ${'HTTP p95'.padStart(9)} ${'SQL p50'.padStart(8)} ${'SQL p95'.padStart(8)}`)
    const timings: Array<Timing & { sql: Timing }> = []
    const seqScans: string[] = []
    const planLines: string[] = []
    const floor = await timePath(baseUrl, { name: 'plancher : accueil (aucune requête sur demande)', url: '/agent/accueil', cookie: technicien.cookie }, RUNS, WARM_UP)
    log(`  ${floor.name.padEnd(34)} ${ms(floor.p50)} ${ms(floor.p95)}`)
    for (const path of paths) {
      const timing = await timePath(baseUrl, path, RUNS, WARM_UP)
      const statements = (await captureStatements(async () => void (await timePath(baseUrl, path, 1, 0)))).filter(readsDemande)
      const sql = await timeStatements(pool, path.name, statements, RUNS, WARM_UP)
      timings.push({ ...timing, sql })
      log(`${timing.p95 <= TARGET_P95_MS ? '  ' : '✗ '}${path.name.padEnd(34)} ${ms(timing.p50)} ${ms(timing.p95)} ${ms(sql.p50, 8)} ${ms(sql.p95, 8)}`)
      planLines.push(`\n## ${path.name} — ${path.url}`)
      for (const statement of statements) {
        const plan = await explainStatement(pool, statement)
        planLines.push(`- ${plan.executionMs} ms : ${plan.summary}`, plan.plan.replace(/^/gm, '    '))
        if (plan.seqScanOnDemande) seqScans.push(path.name)
      }
    }
    log(`Charge de la machine après les mesures : ${loadAverage()}.`)
    log('\nPlans (EXPLAIN ANALYZE, BUFFERS) des requêtes qui lisent les demandes :')
    log(planLines.join('\n'))
    const missed = timings.filter((timing) => timing.p95 > TARGET_P95_MS).map((timing) => timing.name)
    log('')
    if (seqScans.length) log(`ÉCHEC : parcours séquentiel de la table demande dans : ${[...new Set(seqScans)].join(', ')}`)
    else log('Aucun plan ne parcourt la table demande séquentiellement.')
    log(missed.length ? `Au-dessus de ${TARGET_P95_MS} ms au p95 : ${missed.join(', ')}` : `Tous les parcours sous ${TARGET_P95_MS} ms au p95.`)
    failed = seqScans.length > 0
    log(JSON.stringify({
      rows: ROWS, organisme: ORGANISME, runs: RUNS, cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), generationSeconds,
      generationSteps: generated.seconds,
      floor: { p50: floor.p50, p95: floor.p95 }, loadAverage: loadavg().map((load) => Math.round(load * 10) / 10),
      paths: Object.fromEntries(timings.map((timing) => [timing.name, { p50: timing.p50, p95: timing.p95, sqlP50: timing.sql.p50, sqlP95: timing.sql.p95 }])),
      seqScanOnDemande: [...new Set(seqScans)], overTarget: missed,
    }))
  } finally {
    await app.close()
    await pool.end()
  }
} finally {
  await target.close()
}
process.exit(failed ? 1 : 0)

type ScaleDatabase = { url: string; close(): Promise<void> }

async function openScaleDatabase(): Promise<ScaleDatabase> {
  const serverUrl = process.env.DATABASE_URL
  if (serverUrl) {
    const name = `invalidite_scale_${randomBytes(4).toString('hex')}`
    await adminQuery(serverUrl, `create database ${name}`).catch((error: Error) => {
      throw new Error(`Impossible de créer la base ${name} sur le serveur de DATABASE_URL (${error.message}) : le rôle doit avoir le droit CREATEDB.`)
    })
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    log(`Base de mesure : ${name}, créée sur le serveur de DATABASE_URL.`)
    return {
      url: url.href,
      close: async () => {
        if (KEEP) return log(`Base conservée : ${name}`)
        await adminQuery(serverUrl, `drop database if exists ${name} with (force)`)
      },
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'invalidite-scale-pg-'))
  const port = await freePort()
  let server: EmbeddedDatabase = await startEmbeddedPostgres({ dir, port })
  await adminQuery(server.url('postgres'), `alter system set shared_buffers = '1GB'`)
  await adminQuery(server.url('postgres'), `alter system set max_wal_size = '8GB'`)
  await server.stop()
  server = await startEmbeddedPostgres({ dir, port })
  await server.createDatabase('invalidite_scale')
  log(`PostgreSQL embarqué dans ${dir} (port ${port}).`)
  return {
    url: server.url('invalidite_scale'),
    close: async () => {
      await server.stop()
      if (KEEP) return log(`Dossier conservé : ${dir} (démarrez-le avec le même port, ${port})`)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function describeVolume(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ state: string; count: number }>('select state, count(*)::int as count from demande group by state order by count desc')
  const sizes = await pool.query<{ table: string; indexes: string }>(
    `select pg_size_pretty(pg_table_size('demande')) as table, pg_size_pretty(pg_indexes_size('demande')) as indexes`,
  )
  const organismes = await pool.query<{ organisme_code: string; count: number }>(
    'select organisme_code, count(*)::int as count from demande group by 1 order by 2 desc limit 3',
  )
  return `Par état : ${rows.map((row) => `${row.state} ${row.count.toLocaleString('fr-FR')}`).join(', ')}.\n` +
    `Organismes les plus chargés : ${organismes.rows.map((row) => `${row.organisme_code} ${row.count.toLocaleString('fr-FR')}`).join(', ')}.\n` +
    `Table demande : ${sizes.rows[0]!.table}, ses index : ${sizes.rows[0]!.indexes}.`
}
