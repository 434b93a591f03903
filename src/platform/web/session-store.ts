// Server-side sessions in PostgreSQL: any instance can serve any request, a restart signs nobody out.
// Each write pushes the expiry back by the session's own idle time (a borne's is a few minutes).
import type { FastifySessionObject, SessionStore } from '@fastify/session'
import type { Pool } from '../db/pool.ts'

export function pgSessionStore(pool: Pool, idleSeconds: (session: FastifySessionObject) => number): SessionStore {
  return {
    set(sid, session, callback) {
      pool
        .query(
          `insert into http_session (sid, data, expires_at) values ($1, $2, now() + make_interval(secs => $3))
           on conflict (sid) do update set data = excluded.data, expires_at = excluded.expires_at`,
          [sid, JSON.stringify(session), idleSeconds(session as FastifySessionObject)],
        )
        .then(() => callback(), callback)
    },
    // An expired session is deleted as soon as its cookie comes back, not at the next hourly purge.
    get(sid, callback) {
      pool
        .query<{ data: never }>(
          `with expired as (delete from http_session where sid = $1 and expires_at <= now())
           select data from http_session where sid = $1 and expires_at > now()`,
          [sid],
        )
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
