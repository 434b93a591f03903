// The responses kept under an Idempotency-Key, per assuré (migrations/007). Only a success is
// kept: a refusal changed nothing, so the same key may be tried again once the cause is fixed.
import type { Queryable } from '../platform/db/pool.ts'

export type KeptResponse = { request: string; status: number; body: unknown }

// A key is an opaque string chosen by the client: printable ASCII, as in an HTTP header.
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && /^[\x21-\x7e]{1,255}$/.test(header) ? header : null
}

export async function findKeptResponse(db: Queryable, assureId: string, key: string): Promise<KeptResponse | null> {
  const { rows } = await db.query<KeptResponse>(
    'select request, status, response as body from api_idempotency_key where assure_id = $1 and key = $2',
    [assureId, key],
  )
  return rows[0] ?? null
}

/** Keeps the response; when a concurrent request with the same key kept its own first, answers that one. */
export async function keepResponse(db: Queryable, assureId: string, key: string, response: KeptResponse): Promise<KeptResponse> {
  await db.query(
    `insert into api_idempotency_key (assure_id, key, request, status, response) values ($1, $2, $3, $4, $5)
     on conflict (assure_id, key) do nothing`,
    [assureId, key, response.request, response.status, JSON.stringify(response.body)],
  )
  return (await findKeptResponse(db, assureId, key)) ?? response
}
