// Server-side sessions in PostgreSQL: any instance can serve any request, a restart signs nobody out.
import type { SessionStore } from '@fastify/session'
import type { Pool } from '../db/pool.ts'

export function pgSessionStore(pool: Pool, ttlMinutes: number): SessionStore {
  return {
    set(sid, session, callback) {
      pool
        .query(
          `insert into http_session (sid, data, expires_at) values ($1, $2, now() + make_interval(mins => $3))
           on conflict (sid) do update set data = excluded.data, expires_at = excluded.expires_at`,
          [sid, JSON.stringify(session), ttlMinutes],
        )
        .then(() => callback(), callback)
    },
    get(sid, callback) {
      pool
        .query<{ data: never }>('select data from http_session where sid = $1 and expires_at > now()', [sid])
        .then((result) => callback(null, result.rows[0]?.data ?? null), callback)
    },
    destroy(sid, callback) {
      pool.query('delete from http_session where sid = $1', [sid]).then(() => callback(), callback)
    },
  }
}

export async function purgeExpiredSessions(pool: Pool): Promise<number> {
  return (await pool.query('delete from http_session where expires_at < now()')).rowCount ?? 0
}
