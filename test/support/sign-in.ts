// Signs an assuré in without the identity provider (sign-in has its own tests): the assuré row is
// written as the sign-in would (upsertAssureFromClaims), and a session row with a cookie signed
// as @fastify/session signs it. The CSRF token is read from a page, as a browser would.
import { randomBytes, randomUUID } from 'node:crypto'
import { Signer } from '@fastify/cookie'
import type { FastifyInstance } from 'fastify'
import type { Pool } from '../../src/platform/db/pool.ts'
import type { Mailer, OutgoingMail } from '../../src/platform/mail/mailer.ts'
import type { ServiceDeps } from '../../src/service.ts'
import type { AssureClaims } from '../../src/identity/oidc-relying-party.ts'
import { upsertAssureFromClaims } from '../../src/identity/assure-repository.ts'

export const TEST_SESSION_SECRET = 'a-test-session-secret-of-at-least-32-characters'
const SESSION_COOKIE = 'session'

export type SignedIn = { assureId: string; cookie: string; csrfToken: string }

// Deps for createService in tests: no identity provider (its methods throw), mail kept in `mails`.
export function testServiceDeps(pool: Pool, overrides: Partial<ServiceDeps> = {}): ServiceDeps & { mails: OutgoingMail[] } {
  const mails: OutgoingMail[] = []
  const mailer: Mailer = { send: async (mail) => void mails.push(mail), close: () => {} }
  const unavailable = async (): Promise<never> => {
    throw new Error("pas de fournisseur d'identité dans ce test")
  }
  return {
    pool,
    relyingParty: { authorizationUrl: unavailable, callback: unavailable, endSessionUrl: unavailable },
    agentRelyingParty: { authorizationUrl: unavailable, callback: unavailable, endSessionUrl: unavailable },
    assureUserInfo: { issuer: 'http://localhost:3001', claims: unavailable },
    mailer,
    publicUrl: 'http://localhost:3000',
    sessionSecret: TEST_SESSION_SECRET,
    sessionIdleMinutes: 30,
    identityProviderOrigins: ['http://localhost:3001'],
    logLevel: 'warn',
    now: () => new Date(),
    ...overrides,
    mails,
  }
}

// A fictional assuré (valid NIR key); each call makes a new one unless `sub` is given.
export function assureClaims(overrides: Partial<AssureClaims> = {}): AssureClaims {
  return {
    sub: `test-${randomUUID()}`,
    nir: '278047511304789',
    family_name: 'Lefèvre',
    given_name: 'Sophie Anne',
    birthdate: '1978-04-12',
    caisse: '93',
    email: 'sophie.lefevre@example.fr',
    phone_number: '06 39 98 12 34',
    address: { street_address: '14 rue Gabriel Péri', postal_code: '93200', locality: 'Saint-Denis', country: 'France' },
    ...overrides,
  }
}

// The app must have been built with TEST_SESSION_SECRET (testServiceDeps does).
export async function signInAs(app: FastifyInstance, pool: Pool, claims: AssureClaims = assureClaims()): Promise<SignedIn> {
  const assureId = await upsertAssureFromClaims(pool, claims)
  const sid = randomBytes(24).toString('base64url')
  await pool.query(
    `insert into http_session (sid, data, expires_at) values ($1, $2, now() + interval '1 hour')`,
    [sid, JSON.stringify({ assureId })],
  )
  const cookie = `${SESSION_COOKIE}=${encodeURIComponent(new Signer(TEST_SESSION_SECRET).sign(sid))}`
  const page = await app.inject({ method: 'GET', url: '/', headers: { cookie } })
  return { assureId, cookie, csrfToken: csrfTokenOf(page.body) }
}

export function csrfTokenOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
  if (!token) throw new Error('aucun jeton CSRF dans la page : la session est-elle ouverte ?')
  return token
}
