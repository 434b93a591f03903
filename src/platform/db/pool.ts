import pg from 'pg'

export type Pool = pg.Pool
export type Queryable = pg.Pool | pg.PoolClient

// Dates (not timestamps) stay 'YYYY-MM-DD' strings: a date de naissance has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)

export function createPool(connectionString: string, max = 10): Pool {
  const pool = new pg.Pool({ connectionString, max })
  // An idle client losing its server (a database restart) must not crash the process.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return pool
}

export async function withTransaction<T>(pool: Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const result = await work(client)
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
