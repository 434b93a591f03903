// Every read and every action of an agent on a demande, in an append-only table whose rows are
// chained by hash: each row's hash covers its content and the previous row's hash, so a row
// removed or altered breaks the chain from there on.
import { createHash } from 'node:crypto'
import { withTransaction, type Pool, type Queryable } from '../platform/db/pool.ts'
import type { Agent } from './agent-repository.ts'

export type AuditEntry = { agent: Agent; action: string; demandeId: string | null; details?: Record<string, unknown> }

const GENESIS = '0'.repeat(64)
const CHAIN_LOCK = 7_341_151

function rowHash(previousHash: string, row: { at: string; agentId: string; organismeCode: string; action: string; demandeId: string | null; details: unknown }): string {
  return createHash('sha256')
    .update(previousHash)
    .update(canonicalJson([row.at, row.agentId, row.organismeCode, row.action, row.demandeId, row.details]))
    .digest('hex')
}

// The same value gives the same text whatever the order of its keys: jsonb gives the details back
// in its own key order, and the hash must not depend on it.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

// Inside the caller's transaction, so that an action and its audit row commit together. The lock
// orders the appends: the chain has one previous row at a time.
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [CHAIN_LOCK])
  const { rows } = await tx.query<{ hash: string }>('select hash from audit_log order by id desc limit 1')
  const previousHash = rows[0]?.hash ?? GENESIS
  const row = { at: new Date().toISOString(), agentId: entry.agent.id, organismeCode: entry.agent.organismeCode, action: entry.action, demandeId: entry.demandeId, details: entry.details ?? {} }
  await tx.query(
    `insert into audit_log (at, agent_id, organisme_code, action, demande_id, details, previous_hash, hash) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [row.at, row.agentId, row.organismeCode, row.action, row.demandeId, JSON.stringify(row.details), previousHash, rowHash(previousHash, row)],
  )
}

// A read has no transaction of its own: this gives it one.
export function recordRead(pool: Pool, entry: AuditEntry): Promise<void> {
  return withTransaction(pool, (tx) => recordAudit(tx, entry))
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; brokenAtId: number }

type ChainEnd = { lastId: number; lastHash: string; rows: number }
const BATCH = 5_000

/** The whole chain, from its first entry, in batches. */
export async function verifyAuditChain(db: Queryable): Promise<ChainCheck> {
  const result = await verifyFrom(db, { lastId: 0, lastHash: GENESIS, rows: 0 })
  return result.ok ? { ok: true, rows: result.rows } : result
}

async function verifyFrom(db: Queryable, start: ChainEnd): Promise<({ ok: true } & ChainEnd) | { ok: false; brokenAtId: number }> {
  let { lastId, lastHash: previousHash, rows: count } = start
  for (;;) {
    const { rows } = await db.query<{ id: string; at: Date; agent_id: string; organisme_code: string; action: string; demande_id: string | null; details: unknown; previous_hash: string; hash: string }>(
      'select id, at, agent_id, organisme_code, action, demande_id, details, previous_hash, hash from audit_log where id > $1 order by id limit $2',
      [lastId, BATCH],
    )
    for (const row of rows) {
      const expected = rowHash(previousHash, { at: row.at.toISOString(), agentId: row.agent_id, organismeCode: row.organisme_code, action: row.action, demandeId: row.demande_id, details: row.details })
      if (row.previous_hash !== previousHash || row.hash !== expected) return { ok: false, brokenAtId: Number(row.id) }
      previousHash = row.hash
      lastId = Number(row.id)
      count++
    }
    if (rows.length < BATCH) return { ok: true, lastId, lastHash: previousHash, rows: count }
  }
}

export type RecordedChainCheck = ChainCheck & { lastFullCheckAt: Date | null }

/**
 * The chain's state as the journal shows it, recorded in audit_check. `full`: from the first entry
 * (the daily job, the superviseur's button). Otherwise only the entries written since the last
 * verification, from its hash, after checking that its last entry is still as it was; so a view
 * costs what was written since, not the whole journal. A break found stays shown until a full
 * verification finds the chain whole again.
 */
export async function checkAuditChain(pool: Pool, options: { full: boolean }): Promise<RecordedChainCheck> {
  const { rows } = await pool.query<{ lastId: string; lastHash: string; entries: string; brokenAtId: string | null; lastFullCheckAt: Date | null }>(
    `select c.last_id as "lastId", c.last_hash as "lastHash", c.entries, c.broken_at_id as "brokenAtId",
            (select max(at) from audit_check where full_check) as "lastFullCheckAt"
       from audit_check c order by c.id desc limit 1`,
  )
  const last = rows[0]
  const lastFullCheckAt = last?.lastFullCheckAt ?? null
  if (!options.full && last?.brokenAtId) return { ok: false, brokenAtId: Number(last.brokenAtId), lastFullCheckAt }
  let start: ChainEnd = { lastId: 0, lastHash: GENESIS, rows: 0 }
  if (!options.full && last) {
    const held = await pool.query('select 1 from audit_log where id = $1 and hash = $2', [last.lastId, last.lastHash])
    start = held.rowCount || last.lastId === '0' ? { lastId: Number(last.lastId), lastHash: last.lastHash, rows: Number(last.entries) } : start
  }
  const result = await verifyFrom(pool, start)
  const end = result.ok ? result : start
  await pool.query(
    'insert into audit_check (full_check, last_id, last_hash, entries, broken_at_id) values ($1, $2, $3, $4, $5)',
    [options.full, end.lastId, end.lastHash, end.rows, result.ok ? null : result.brokenAtId],
  )
  const checkedAt = options.full ? new Date() : lastFullCheckAt
  return result.ok ? { ok: true, rows: result.rows, lastFullCheckAt: checkedAt } : { ok: false, brokenAtId: result.brokenAtId, lastFullCheckAt: checkedAt }
}

export type AuditRow = { id: string; at: Date; agentNom: string; agentPrenom: string; action: string; demandeId: string | null; numero: string | null; details: Record<string, unknown> }

// For a superviseur: the trail of one demande or of one agent, within their own organisme.
export async function listAudit(db: Queryable, organismeCode: string, filter: { demandeId?: string; agentId?: string }, limit = 200): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select l.id, l.at, a.nom as "agentNom", a.prenom as "agentPrenom", l.action, l.demande_id as "demandeId", d.numero, l.details
       from audit_log l join agent a on a.id = l.agent_id left join demande d on d.id = l.demande_id
      where l.organisme_code = $1 and ($2::uuid is null or l.demande_id = $2) and ($3::uuid is null or l.agent_id = $3)
      order by l.id desc limit $4`,
    [organismeCode, filter.demandeId ?? null, filter.agentId ?? null, limit],
  )
  return rows
}
