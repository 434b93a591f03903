// Records the SQL a process sends through the pg driver — each statement's text, parameters, the
// connection it went on, and the identifiers (uuids) its result rows carried — so that the ceiling
// (ceiling.ts) replays exactly what one démarche cost the database.
// In-process: startRecording() / stopRecording(). In a service started by the bench with
// `node --import ./bench/record-sql.ts` and BENCH_SQL_RECORD=<file>: SIGUSR2 starts recording,
// the next SIGUSR2 writes the file.
import { renameSync, writeFileSync } from 'node:fs'
import pg from 'pg'

export type RecordedStatement = { connection: number; text: string; values: unknown[]; rows: Array<Record<string, string>> }

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type QueryArgs = [unknown, ...unknown[]]
type Callback = (error: Error | null, result?: pg.QueryResult) => void

let recorded: RecordedStatement[] | null = null
const connections = new WeakMap<object, number>()
let connectionCount = 0
const original = pg.Client.prototype.query as (this: pg.Client, ...args: QueryArgs) => unknown

pg.Client.prototype.query = function recordingQuery(this: pg.Client, ...args: QueryArgs) {
  const [first, second] = args
  const config = first as { text?: string; values?: unknown[]; submit?: unknown }
  if (!recorded || (typeof first !== 'string' && (typeof config?.text !== 'string' || typeof config.submit === 'function'))) return original.apply(this, args)
  if (!connections.has(this)) connections.set(this, ++connectionCount)
  const entry: RecordedStatement = {
    connection: connections.get(this)!,
    text: typeof first === 'string' ? first : config.text!,
    values: (typeof first === 'string' ? (Array.isArray(second) ? second : []) : (config.values ?? (Array.isArray(second) ? second : []))) as unknown[],
    rows: [],
  }
  recorded.push(entry)
  const keep = (result: pg.QueryResult | undefined) => {
    entry.rows = (result?.rows ?? []).map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter((pair): pair is [string, string] => typeof pair[1] === 'string' && UUID.test(pair[1]))))
  }
  const callbackAt = args.findIndex((arg) => typeof arg === 'function')
  if (callbackAt >= 0) {
    const callback = args[callbackAt] as Callback
    args[callbackAt] = ((error, result) => {
      keep(result)
      callback(error, result)
    }) satisfies Callback
    return original.apply(this, args)
  }
  return (original.apply(this, args) as Promise<pg.QueryResult>).then((result) => {
    keep(result)
    return result
  })
} as typeof pg.Client.prototype.query

export function startRecording(): void {
  recorded = []
}

export function stopRecording(): RecordedStatement[] {
  const statements = recorded ?? []
  recorded = null
  return statements
}

// Buffers (an uploaded file) travel as base64; dates become ISO strings, which PostgreSQL reads alike.
export function serializeStatements(statements: RecordedStatement[]): string {
  return JSON.stringify(statements, (_key, value: unknown) => {
    const buffer = value as { type?: string; data?: number[] }
    return buffer?.type === 'Buffer' && Array.isArray(buffer.data) ? { $bytes: Buffer.from(buffer.data).toString('base64') } : value
  })
}

export function parseStatements(json: string): RecordedStatement[] {
  return JSON.parse(json, (_key, value: unknown) => {
    const bytes = (value as { $bytes?: unknown } | null)?.$bytes
    return typeof bytes === 'string' ? Buffer.from(bytes, 'base64') : value
  }) as RecordedStatement[]
}

const file = process.env.BENCH_SQL_RECORD
if (file) {
  process.on('SIGUSR2', () => {
    if (!recorded) return startRecording()
    writeFileSync(`${file}.tmp`, serializeStatements(stopRecording()))
    renameSync(`${file}.tmp`, file)
  })
}
