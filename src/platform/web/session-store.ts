// Server-side sessions in PostgreSQL: any instance can serve any request, a restart signs nobody out.
// Each write pushes the expiry back by the session's own idle time (a borne's is a few minutes).
import type { FastifySessionObject, SessionStore } from '@fastify/session'
import type { Pool } from '../db/pool.ts'
import { assureProfileColumns, type AssureProfile } from '../../identity/assure-repository.ts'

/** The signed-in assuré, read with the session: the profile, and the messages from the caisse not yet read. */
export type SignedInAssure = AssureProfile & { unread: number }

/** The session's key that holds what was read with it; never written back. */
export const SIGNED_IN_ASSURE = 'signedInAssure' as const

export function pgSessionStore(pool: Pool, idleSeconds: (session: FastifySessionObject) => number): SessionStore {
  return {
    // A session made and left as it was needs no row: regenerate() at sign-in makes an empty one,
    // which the end of the same request writes with the account in it.
    set(sid, session, callback) {
      if (!(session as FastifySessionObject).isModified()) return callback()
      pool
        .query(
          `insert into http_session (sid, data, expires_at) values ($1, $2, now() + make_interval(secs => $3))
           on conflict (sid) do update set data = excluded.data, expires_at = excluded.expires_at`,
          [sid, JSON.stringify(session, withoutSignedInAssure), idleSeconds(session as FastifySessionObject)],
        )
        .then(() => callback(), callback)
    },
    // An expired session is deleted as soon as its cookie comes back, not at the next hourly purge.
    // The signed-in assuré comes in the same statement: every page needs who is signed in, the
    // header shows the unread count, and most pages of the démarche need the profile.
    get(sid, callback) {
      pool
        .query<{ data: Record<string, unknown> } & SignedInAssure>(
          `with expired as (delete from http_session where sid = $1 and expires_at <= now())
           select s.data, ${assureProfileColumns('a')},
                  (select count(*)::int from message m where m.assure_id = a.id and m.author = 'caisse' and m.read_at is null) as unread
             from http_session s left join assure a on a.id = (s.data->>'assureId')::uuid
            where s.sid = $1 and s.expires_at > now()`,
          [sid],
        )
        .then((result) => {
          const row = result.rows[0]
          if (!row) return callback(null, null)
          const { data, ...assure } = row
          callback(null, { ...data, [SIGNED_IN_ASSURE]: assure.id ? assure : undefined } as never)
        }, callback)
    },
    destroy(sid, callback) {
      pool.query('delete from http_session where sid = $1', [sid]).then(() => callback(), callback)
    },
  }
}

function withoutSignedInAssure(key: string, value: unknown): unknown {
  return key === SIGNED_IN_ASSURE ? undefined : value
}

export async function purgeExpiredSessions(pool: Pool): Promise<number> {
  return (await pool.query('delete from http_session where expires_at < now()')).rowCount ?? 0
}
