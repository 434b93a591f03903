// The ceiling of the machine: the statements one démarche sent to PostgreSQL (record-sql.ts),
// replayed straight through the pg driver with the same transactions, no HTTP, no rendering, no
// PDF. Each replay is another assuré: every identifier of the recording is replaced — the
// account's subject and NIR by another account's, the session ids and the uuids the service made
// by fresh ones, and a uuid the database returned (the assuré's, the demande's, a file's) by the
// one the database returns to this replay.
import { randomBytes, randomUUID } from 'node:crypto'
import type pg from 'pg'
import { UUID, type RecordedStatement } from './record-sql.ts'

export type Account = { sub: string; nir: string }
type Source = { statement: number; row: number; column: string }
export type ReplayPlan = { statements: RecordedStatement[]; account: Account; returned: Map<string, Source>; sessionIds: Set<string> }

const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

export function planReplay(statements: RecordedStatement[], account: Account): ReplayPlan {
  const returned = new Map<string, Source>()
  const seen = new Set<string>()
  const sessionIds = new Set<string>()
  statements.forEach((statement, index) => {
    if (/\bhttp_session\b/.test(statement.text) && typeof statement.values[0] === 'string') sessionIds.add(statement.values[0])
    for (const value of statement.values) if (typeof value === 'string') for (const uuid of value.match(UUID_ANYWHERE) ?? []) seen.add(uuid.toLowerCase())
    statement.rows.forEach((row, rowIndex) => {
      for (const [column, value] of Object.entries(row)) {
        const uuid = value.toLowerCase()
        if (!seen.has(uuid) && !returned.has(uuid)) returned.set(uuid, { statement: index, row: rowIndex, column })
      }
    })
  })
  return { statements, account, returned, sessionIds }
}

/**
 * One démarche's statements, as another assuré. `onStatement` sees each statement sent (the test
 * compares them with the recording).
 */
export async function replayOnce(pool: pg.Pool, plan: ReplayPlan, account: Account, onStatement?: (text: string) => void): Promise<void> {
  const replacements = new Map<string, string>([[plan.account.sub, account.sub], [plan.account.nir, account.nir]])
  for (const sid of plan.sessionIds) replacements.set(sid, randomBytes(24).toString('base64url'))
  const literal = [...replacements.keys()].map((token) => token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const tokens = new RegExp([UUID_ANYWHERE.source, ...literal].join('|'), 'gi')
  const substitute = (value: unknown): unknown => {
    if (typeof value !== 'string') return value
    return value.replace(tokens, (token) => {
      const key = UUID.test(token) ? token.toLowerCase() : token
      let replacement = replacements.get(key)
      if (replacement === undefined) replacements.set(key, (replacement = randomUUID()))
      return replacement
    })
  }
  const wanted = new Map<number, Array<[string, Source]>>()
  for (const [uuid, source] of plan.returned) wanted.set(source.statement, [...(wanted.get(source.statement) ?? []), [uuid, source]])

  let transaction: { client: pg.PoolClient; connection: number } | null = null
  try {
    for (const [index, statement] of plan.statements.entries()) {
      onStatement?.(statement.text)
      if (/^\s*begin\s*$/i.test(statement.text)) {
        transaction = { client: await pool.connect(), connection: statement.connection }
        await transaction.client.query(statement.text)
        continue
      }
      const onTransaction = transaction?.connection === statement.connection ? transaction : null
      const result = await (onTransaction?.client ?? pool).query(statement.text, statement.values.map(substitute))
      for (const [uuid, source] of wanted.get(index) ?? []) {
        const value = (result.rows[source.row] as Record<string, unknown> | undefined)?.[source.column]
        if (typeof value !== 'string') throw new Error(`la relecture n'a pas obtenu la colonne ${source.column} de l'instruction ${index + 1}`)
        replacements.set(uuid, value)
      }
      if (onTransaction && /^\s*(commit|rollback)\s*$/i.test(statement.text)) {
        onTransaction.client.release()
        transaction = null
      }
    }
  } finally {
    if (transaction) {
      await transaction.client.query('rollback').catch(() => {})
      transaction.client.release()
    }
  }
}
