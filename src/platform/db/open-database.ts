import { join } from 'node:path'
import type { Config } from '../config.ts'
import { createPool, type Pool } from './pool.ts'
import { startEmbeddedPostgres } from './embedded-postgres.ts'

export type Database = { pool: Pool; url: string; embedded: boolean; close(): Promise<void> }

// DATABASE_URL when given; otherwise the embedded server under DATA_DIR/pg.
export async function openDatabase(config: Config, poolSize = 10): Promise<Database> {
  if (config.databaseUrl) {
    const pool = createPool(config.databaseUrl, poolSize)
    return { pool, url: config.databaseUrl, embedded: false, close: () => pool.end() }
  }
  const server = await startEmbeddedPostgres({ dir: join(config.dataDir, 'pg'), port: config.embeddedPgPort })
  await server.createDatabase('invalidite')
  const url = server.url('invalidite')
  const pool = createPool(url, poolSize)
  return {
    pool,
    url,
    embedded: true,
    close: async () => {
      await pool.end()
      await server.stop()
    },
  }
}
