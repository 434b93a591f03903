// Forward-only migrations: numbered SQL files applied in order, each in its own transaction,
// under an advisory lock so that several instances starting together apply each one once.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runMigrations as runWorkerMigrations } from 'graphile-worker'
import { withTransaction, type Pool } from './pool.ts'

const migrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url))
const LOCK_ID = 7_341_150

export async function migrate(pool: Pool): Promise<string[]> {
  const applied: string[] = []
  const client = await pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_ID])
    await client.query('create table if not exists schema_migration (name text primary key, applied_at timestamptz not null default now())')
    const done = new Set((await client.query<{ name: string }>('select name from schema_migration')).rows.map((r) => r.name))
    for (const name of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort()) {
      if (done.has(name)) continue
      await withTransaction(pool, async (tx) => {
        await tx.query(readFileSync(migrationsDir + name, 'utf8'))
        await tx.query('insert into schema_migration (name) values ($1)', [name])
      })
      applied.push(name)
    }
    await runWorkerMigrations({ pgPool: pool })
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {})
    client.release()
  }
  return applied
}
