// The HTTP edge: security headers, sessions, CSRF, forms and uploads, static assets, error pages.
// Capabilities register their own routes on it; handlers stay thin.
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import session from '@fastify/session'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import helmet from '@fastify/helmet'
import compress from '@fastify/compress'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import { isDatabaseUnavailable, type Pool } from '../db/pool.ts'
import { findAgent, type Agent, type AgentRole } from '../../instruction/agent-repository.ts'
import { createViews } from './views.ts'
import { pgSessionStore, type SignedInAssure } from './session-store.ts'
import type { AssureProfile } from '../../identity/assure-repository.ts'
import { frenchDuration, keepCookieForBrowserSessionOnly, kioskDetector, type KioskSettings } from './kiosk.ts'

export const MAX_FILE_BYTES = 10 * 1024 * 1024
const CSRF_TOKEN_PLACEHOLDER = `jeton${randomBytes(16).toString('hex')}`

export type WebOptions = {
  pool: Pool
  publicUrl: string
  sessionSecret: string
  sessionIdleMinutes: number
  kiosk: KioskSettings
  formActionOrigins: string[]
  logLevel: string
  /** Where the log lines go: standard output unless given (the tests read them). */
  logStream?: { write(line: string): void }
}

export type Account = { id: string; nom: string; prenoms: string; unread: number }

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply
  }
  interface FastifyRequest {
    account: Account | null
    /** The signed-in assuré's profile, read with the session. */
    assure: AssureProfile | null
    agent: Agent | null
    /** On a borne (BMS): decided once per request by kioskDetector. */
    kiosk: boolean
  }
}
declare module '@fastify/session' {
  interface FastifySessionObject {
    assureId?: string
    idToken?: string
    touchedAt?: number
    kiosk?: boolean
    login?: { state: string; nonce: string; codeVerifier: string; returnTo: string }
    agentId?: string
    agentLogin?: { state: string; nonce: string; codeVerifier: string; returnTo: string }
    /** Read with the session (session-store.ts), never written back. */
    signedInAssure?: SignedInAssure
  }
}

// Every route the app serves (method and URL pattern, HEAD included), in the order registered:
// the authorization matrix test checks that each one has its row.
const registeredRoutes = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>()

export function routesOf(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return registeredRoutes.get(app) ?? []
}

export async function createWebApp(options: WebOptions): Promise<FastifyInstance> {
  const secure = options.publicUrl.startsWith('https:')
  const app = Fastify({
    logger: {
      level: options.logLevel,
      ...(options.logStream && { stream: options.logStream }),
      // Requests are logged by method, route and status only: no query string, no body, no cookie.
      serializers: {
        req: (req) => ({ method: req.method, url: req.routeOptions?.url ?? 'inconnue' }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    trustProxy: secure,
    bodyLimit: 1024 * 1024,
    // An address the router cannot read (a broken %-escape, a segment over 100 characters) is
    // refused in French like any other request: a problem for the JSON API, the error page elsewhere.
    frameworkErrors: (error, request, response) => {
      const reply = response as FastifyReply
      if (!request.url.startsWith('/api/')) {
        const html = views.render('error.njk', { pageTitle: 'Demande incorrecte', paragraphs: ["L'adresse saisie n'est pas valide. Revenez à la page précédente et réessayez."], currentPath: '/' })
        // Answered before the hooks that set the security headers: a page with no script nor form.
        return reply.code(400).headers(FRAMEWORK_ERROR_HEADERS).type('text/html; charset=utf-8').send(html)
      }
      return reply.code(400).type('application/problem+json; charset=utf-8').send({
        type: 'urn:invalidite-en-ligne:probleme:requete-incorrecte', status: 400, title: 'Requête incorrecte',
        detail: "L'adresse demandée n'est pas valide : vérifiez-la, elle ne doit pas contenir de caractère mal encodé ni d'identifiant de plus de 100 caractères.",
      })
    },
  })
  const routes: Array<{ method: string; url: string }> = []
  registeredRoutes.set(app, routes)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? route.path })
  })
  const views = createViews()

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...options.formActionOrigins],
      },
    },
    strictTransportSecurity: secure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    // The demo identity provider (another port of the same site) borrows the stylesheet.
    crossOriginResourcePolicy: { policy: 'same-site' },
  })
  await app.register(cookie)
  await app.register(session, {
    secret: options.sessionSecret,
    cookieName: secure ? '__Host-session' : 'session',
    store: pgSessionStore(options.pool, (session) => session.kiosk && session.assureId ? options.kiosk.idleSeconds : options.sessionIdleMinutes * 60),
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: options.sessionIdleMinutes * 60_000 },
  })
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined
      const query = request.query as Record<string, unknown> | undefined
      return String(body?._csrf ?? query?._csrf ?? request.headers['x-csrf-token'] ?? '')
    },
  })
  await app.register(formbody)
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 10, fields: 20, parts: 30 } })
  await app.register(rateLimit, { global: false })
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('../../../dist/assets', import.meta.url)),
    prefix: '/assets/',
    preCompressed: true,
    immutable: false,
    maxAge: '1h',
  })
  // The routes registered from here on (pages, JSON, the manifest, the service worker) are sent
  // compressed; the static assets above are compressed once, at build time. gzip at zlib's default
  // level: on our pages (8 to 26 KB of HTML) as small as brotli at quality 4 and up to twice as
  // cheap, 40 to 90 µs a page. Compressed at once on the main thread up to 128 KB (the plugin's
  // default is 8 KB on two cores): a zlib stream through the thread pool costs two to four times
  // the CPU on a page this size, and holds some 270 KB of zlib state per response in flight,
  // memory the allocator keeps. Request bodies are never decompressed.
  await app.register(compress, { encodings: ['gzip'], zlibOptions: { level: 6 }, syncThreshold: 128 * 1024, globalDecompression: false })

  app.decorateRequest('account', null)
  app.decorateRequest('assure', null)
  app.decorateRequest('agent', null)
  app.decorateRequest('kiosk', false)
  const isKiosk = kioskDetector(options.kiosk.addresses)
  app.addHook('onRequest', async (request) => {
    request.kiosk = isKiosk(request)
    if (request.kiosk) keepCookieForBrowserSessionOnly(request)
  })
  const kioskView = {
    idleSeconds: options.kiosk.idleSeconds,
    warningSeconds: options.kiosk.warningSeconds,
    idleText: frenchDuration(options.kiosk.idleSeconds),
    warningText: frenchDuration(options.kiosk.warningSeconds),
  }
  app.decorateReply('page', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
    const request = this.request
    const html = views.render(template, {
      ...context,
      account: request.account,
      agent: request.agent,
      kiosk: request.kiosk ? kioskView : null,
      currentPath: request.url,
      csrfToken: CSRF_TOKEN_PLACEHOLDER,
    })
    // The token is made only when a form of the page asks for it: an anonymous page view writes no
    // session. (nunjucks copies the context before rendering: a getter would run on every page.)
    // A token is base64url, which neither HTML escaping nor `urlencode` would have changed.
    const withToken = html.includes(CSRF_TOKEN_PLACEHOLDER) ? html.replaceAll(CSRF_TOKEN_PLACEHOLDER, this.generateCsrf()) : html
    return this.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(withToken)
  })

  // Every state-changing request carries the session's CSRF token, multipart ones too (in the
  // address: `?_csrf=`), whatever route they reach. Not the JSON API (src/api): it ignores cookies,
  // and its bearer token is never sent by a browser on its own.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.url.startsWith('/api/')) return done()
    app.csrfProtection(request, reply, done)
  })
  app.addHook('preHandler', async (request) => {
    if (request.session.agentId) request.agent = await findAgent(options.pool, request.session.agentId)
    touchSession(request)
    const signedIn = request.session.signedInAssure
    if (!signedIn || signedIn.id !== request.session.assureId) return
    const { unread, ...assure } = signedIn
    request.assure = assure
    request.account = { id: assure.id, nom: assure.nom, prenoms: assure.prenoms, unread }
  })

  app.setNotFoundHandler((request, reply) =>
    reply.page('error.njk', { pageTitle: 'Page introuvable', paragraphs: ["L'adresse saisie est peut-être incorrecte, ou la page n'existe plus."] }, 404),
  )
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return reply.page('error.njk', {
        pageTitle: 'Votre session a expiré',
        paragraphs: ["Pour votre sécurité, ce formulaire n'est plus valable. Revenez à la page précédente, rechargez-la et recommencez : ce que vous aviez déjà enregistré est conservé."],
      }, 403)
    }
    if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.statusCode === 413) {
      return reply.page('error.njk', { pageTitle: 'Fichier trop volumineux', paragraphs: ['Chaque fichier doit peser 10 Mo au plus. Réduisez-le (photo moins lourde, PDF compressé) puis recommencez.'], backHref: request.headers.referer?.startsWith(options.publicUrl) ? request.headers.referer : '/' }, 413)
    }
    if (error.statusCode === 429) {
      return reply.page('error.njk', { pageTitle: 'Trop de tentatives', paragraphs: ['Vous avez fait trop de tentatives en peu de temps. Patientez une minute puis réessayez.'] }, 429)
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500
    const unavailable = status >= 500 && logServerFailure(request, error)
    return reply.page('error.njk', unavailable
      ? { pageTitle: 'Service momentanément indisponible', paragraphs: ['Le service est momentanément indisponible. Vos réponses déjà enregistrées sont conservées. Réessayez dans quelques minutes.'] }
      : status >= 500
        ? { pageTitle: 'Désolé, le service rencontre un problème', paragraphs: ['Vos réponses déjà enregistrées sont conservées. Réessayez dans quelques minutes.'] }
        : { pageTitle: 'Demande incorrecte', paragraphs: ["La demande n'a pas pu être traitée. Revenez à la page précédente et réessayez."] },
    unavailable ? 503 : status)
  })
  return app
}

/**
 * Logs an error no answer of the route foresaw (pages and JSON API alike), and says whether it is
 * the database out of reach: an outage to watch (warn, without the stack), not a defect.
 */
export function logServerFailure(request: FastifyRequest, error: Error & { code?: string }): boolean {
  const err = { type: error.name, code: error.code, message: error.message }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err }, 'database unavailable')
    return true
  }
  request.log.error({ err: { ...err, stack: error.stack } }, 'request failed')
  return false
}

const FRAMEWORK_ERROR_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
}

// Idle time-out: a signed-in session is rewritten at most once a minute to push its expiry back; on
// a borne at every request, for its few minutes to count from the last one exactly.
function touchSession(request: FastifyRequest): void {
  if (!request.session.assureId && !request.session.agentId) return
  const now = Date.now()
  if (request.kiosk || !request.session.touchedAt || now - request.session.touchedAt > 60_000) request.session.touchedAt = now
}

/**
 * Whoever just signed in gets a session of their own: a new id (a session fixed before
 * authentication is worthless), with what their first pages need already in it — the CSRF secret
 * of their forms, the time of their last activity — so that it is written once, here.
 */
export async function startSignedInSession(request: FastifyRequest, reply: FastifyReply, who: { assureId: string; idToken?: string } | { agentId: string }): Promise<void> {
  await request.session.regenerate()
  Object.assign(request.session, who)
  request.session.touchedAt = Date.now()
  reply.generateCsrf()
}

// preHandler of the back office: agents only, and only those of the given roles.
export function agentSignedIn(...roles: AgentRole[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.agent) {
      await reply.redirect(`/agent/connexion?retour=${encodeURIComponent(request.url)}`)
      return
    }
    if (roles.length > 0 && !roles.includes(request.agent.role)) {
      await reply.page('error.njk', { pageTitle: "Vous n'avez pas accès à cette page", paragraphs: ["Votre rôle ne permet pas d'ouvrir cette page. Si vous pensez que c'est une erreur, adressez-vous à votre superviseur."], backHref: '/agent' }, 403)
    }
  }
}

export function currentAgent(request: FastifyRequest): Agent {
  if (!request.agent) throw new Error('agentSignedIn must guard this route')
  return request.agent
}

// preHandler of every page of the assuré's account: anonymous visitors go to sign-in and come back.
export async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.account) await reply.redirect(`/connexion?retour=${encodeURIComponent(request.url)}`)
}

export function currentAssureId(request: FastifyRequest): string {
  return currentAssure(request).id
}

export function currentAssure(request: FastifyRequest): AssureProfile {
  if (!request.assure) throw new Error('signedIn must guard this route')
  return request.assure
}

// Uploads cost memory and inspection time: each signed-in person may send a bounded number a minute.
export const uploadRateLimit = {
  rateLimit: {
    max: 40,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => `televersement:${request.session?.assureId ?? request.ip}`,
  },
}
