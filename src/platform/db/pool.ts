import pg from 'pg'

export type Pool = pg.Pool
export type Queryable = pg.Pool | pg.PoolClient

// Dates (not timestamps) stay 'YYYY-MM-DD' strings: a date de naissance has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)

export function createPool(connectionString: string, max = 10): Pool {
  // A connection that cannot be had within 10 s (server unreachable, pool exhausted) is an error the
  // caller turns into « service momentanément indisponible », not a request left hanging.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000 })
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

// The server refusing connections, shutting down, crashed or recovering (SQLSTATE class 08 and
// 57P01–57P03), or a connection lost under a query; pg's own words for a client that lost its
// connection between two queries of a transaction.
export function isDatabaseUnavailable(error: Error & { code?: string }): boolean {
  const code = error.code ?? ''
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03'].includes(code) || code.startsWith('08') ||
    /Connection terminated|connect ECONNREFUSED|not queryable|timeout exceeded when trying to connect/.test(error.message)
}
