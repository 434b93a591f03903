// The back office's paths measured as an agent uses them: real HTTP requests to the running
// service, signed in, one after the other; then the SQL statements one request of each path ran,
// captured on the way to PostgreSQL and run again under EXPLAIN (ANALYZE, BUFFERS).
import pg from 'pg'
import type { Pool } from '../src/platform/db/pool.ts'

export type BenchPath = { name: string; url: string; cookie: string }
export type Timing = { name: string; p50: number; p95: number; max: number }
export type Statement = { text: string; values: unknown[] }
export type PlannedStatement = { summary: string; seqScanOnDemande: boolean; executionMs: number; plan: string }

export async function timePath(baseUrl: string, path: BenchPath, runs: number, warmUp: number): Promise<Timing> {
  const durations: number[] = []
  for (let run = 0; run < warmUp + runs; run++) {
    const start = performance.now()
    const response = await fetch(baseUrl + path.url, { headers: { cookie: path.cookie }, redirect: 'manual' })
    await response.arrayBuffer()
    const elapsed = performance.now() - start
    if (response.status !== 200) throw new Error(`${path.name} : ${path.url} a répondu ${response.status}`)
    if (run >= warmUp) durations.push(elapsed)
  }
  durations.sort((a, b) => a - b)
  return { name: path.name, p50: percentile(durations, 0.5), p95: percentile(durations, 0.95), max: durations.at(-1)! }
}

function percentile(sorted: number[], rank: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(rank * sorted.length) - 1)]! * 10) / 10
}

// The statements of one request, run again one after the other: the database's share of a path.
export async function timeStatements(pool: Pool, name: string, statements: Statement[], runs: number, warmUp: number): Promise<Timing> {
  const durations: number[] = []
  for (let run = 0; run < warmUp + runs; run++) {
    const start = performance.now()
    for (const statement of statements) await pool.query(statement.text, statement.values)
    if (run >= warmUp) durations.push(performance.now() - start)
  }
  durations.sort((a, b) => a - b)
  return { name, p50: percentile(durations, 0.5), p95: percentile(durations, 0.95), max: durations.at(-1)! }
}

// Every statement any pg client of this process sends while `work` runs.
export async function captureStatements(work: () => Promise<void>): Promise<Statement[]> {
  const captured: Statement[] = []
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = prototype.query
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args
    if (typeof first === 'string') captured.push({ text: first, values: Array.isArray(second) ? second : [] })
    else if (first && typeof first === 'object' && 'text' in first) {
      const config = first as { text: string; values?: unknown[] }
      captured.push({ text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) })
    }
    return original.apply(this, args)
  }
  try {
    await work()
  } finally {
    prototype.query = original
  }
  return captured
}

/** The statements of a path that read the demandes (the session, the audit chain and the agent do not). */
export function readsDemande(statement: Statement): boolean {
  return /^\s*(select|with)\b/i.test(statement.text) && /\bdemande\w*\b/i.test(statement.text)
}

// Run in a transaction rolled back: EXPLAIN ANALYZE executes the statement.
export async function explainStatement(pool: Pool, statement: Statement): Promise<PlannedStatement> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const json = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(`explain (analyze, buffers, format json) ${statement.text}`, statement.values)
    const text = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off, timing off, summary off) ${statement.text}`, statement.values)
    const root = json.rows[0]!['QUERY PLAN'][0]!
    const nodes = flatten(root.Plan)
    return {
      summary: nodes.filter((node) => node['Relation Name'] || node['Index Name']).map(describe).join(', ') || nodes.map((node) => node['Node Type']).join(' > '),
      seqScanOnDemande: nodes.some((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'demande'),
      executionMs: Math.round(root['Execution Time'] * 100) / 100,
      plan: text.rows.map((row) => row['QUERY PLAN']).join('\n'),
    }
  } finally {
    await client.query('rollback')
    client.release()
  }
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number; Plans?: PlanNode[] }

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)]
}

function describe(node: PlanNode): string {
  const where = node['Index Name'] ? `${node['Index Name']}` : `${node['Relation Name']}`
  const rows = (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1)
  return `${node['Node Type']} ${where} (${rows} lignes, ${(node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0)} blocs)`
}
