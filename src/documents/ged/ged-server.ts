// A deposit service of our own that plays the GED over HTTP: the other end of http-adapter.ts, for
// the tests and for a demonstration without the caisse's GED.
//
//   PUT /depots/{depositKey}
//     Authorization: Bearer {token}
//     Content-Type: application/pdf | image/jpeg | image/png
//     Ged-Index: {the index (GedIndex) as JSON in UTF-8, encoded in base64url}
//     body: the document's bytes
//   → 201 {"reference": "…"}  deposited
//   → 200 {"reference": "…"}  this key was already deposited with the same checksum: the same reference
//   → 409 {"erreur": "conflit"}  this key was already deposited with another checksum
//   → 400 {"erreur": "…", "champs": […]}  bad key, bad index (the names of the wrong fields, never
//     their values), or bytes whose SHA-256 is not the index's checksum
//   → 401 without the right token; 413 above 64 MB
//
// Each deposit is kept in the service's folder as `<key>.<ext>` then `<key>.json` (the index, the
// reference and the date), each written atomically, the record last: a key is deposited when its
// record exists.
//
// Run alone: `node src/documents/ged/ged-server.ts` with GED_SERVER_PORT (0 for any free port),
// GED_SERVER_DIR, GED_SERVER_TOKEN, and optionally GED_SERVER_HOST (127.0.0.1). It prints the
// address it listens on. GED_SERVER_TEST_CONTROLS=on adds, for the tests only,
// `POST /_test/indisponible` {"requetes": n}: the next n deposits answer 503.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomically } from './atomic-file.ts'
import { depositKeySchema, fileExtension, gedIndexSchema, type GedIndex } from './ged-port.ts'

const MAX_BODY_BYTES = 64 * 1024 * 1024

export type GedServerOptions = { dir: string; token: string; host?: string; port?: number; testControls?: boolean }
export type GedServer = { url: string; port: number; close(): Promise<void> }

const recordSchema = z.object({ reference: z.string(), depositedAt: z.string(), index: gedIndexSchema })

export async function startGedServer(options: GedServerOptions): Promise<GedServer> {
  await mkdir(options.dir, { recursive: true })
  const expectedToken = digest(Buffer.from(options.token))
  const state = { unavailableFor: 0, pending: new Map<string, Promise<unknown>>() }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => reply(response, 500, { erreur: 'erreur-interne' }))
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://ged')
    if (!authorized(request.headers.authorization)) return reply(response, 401, { erreur: 'non-autorise' })
    if (options.testControls && request.method === 'POST' && url.pathname === '/_test/indisponible') {
      const { requetes } = z.object({ requetes: z.number().int().min(0) }).parse(JSON.parse((await readBody(request)).toString('utf8')))
      state.unavailableFor = requetes
      return reply(response, 204)
    }
    const match = /^\/depots\/([^/]+)$/.exec(url.pathname)
    if (!match || request.method !== 'PUT') return reply(response, 404, { erreur: 'introuvable' })
    if (state.unavailableFor > 0) {
      state.unavailableFor -= 1
      request.resume()
      return reply(response, 503, { erreur: 'indisponible' })
    }
    const key = depositKeySchema.safeParse(match[1])
    if (!key.success) return reply(response, 400, { erreur: 'cle-invalide' })
    const index = parseIndex(request.headers['ged-index'])
    if (!index.success) return reply(response, 400, { erreur: 'index-invalide', champs: index.fields })
    if (request.headers['content-type']?.split(';')[0]?.trim() !== index.data.mediaType) return reply(response, 400, { erreur: 'type-incoherent' })
    const body = await readBody(request).catch(() => null)
    if (!body) return reply(response, 413, { erreur: 'trop-volumineux' })
    if (digest(body).toString('hex') !== index.data.checksum) return reply(response, 400, { erreur: 'empreinte-incorrecte' })
    const outcome = await oneAtATime(key.data, () => store(key.data, index.data, body))
    if (outcome.conflict) return reply(response, 409, { erreur: 'conflit' })
    return reply(response, outcome.created ? 201 : 200, { reference: outcome.reference })
  }

  function authorized(header: string | undefined): boolean {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1]
    return token !== undefined && timingSafeEqual(digest(Buffer.from(token)), expectedToken)
  }

  // Two requests for one key (a client retrying while its first request still runs) take turns.
  async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = state.pending.get(key) ?? Promise.resolve()
    const current = previous.catch(() => {}).then(work)
    state.pending.set(key, current)
    try {
      return await current
    } finally {
      if (state.pending.get(key) === current) state.pending.delete(key)
    }
  }

  async function store(key: string, index: GedIndex, body: Buffer): Promise<{ conflict: true } | { conflict: false; created: boolean; reference: string }> {
    const recordFile = `${key}.json`
    const existing = await readRecord(join(options.dir, recordFile))
    if (existing) {
      return existing.index.checksum === index.checksum ? { conflict: false, created: false, reference: existing.reference } : { conflict: true }
    }
    const reference = `DIA-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(8).toString('hex').toUpperCase()}`
    await writeFileAtomically(options.dir, `${key}.${fileExtension(index.mediaType)}`, body)
    const record = { reference, depositedAt: new Date().toISOString(), index }
    await writeFileAtomically(options.dir, recordFile, Buffer.from(`${JSON.stringify(record, null, 2)}\n`))
    return { conflict: false, created: true, reference }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

function parseIndex(header: string | string[] | undefined): { success: true; data: GedIndex } | { success: false; fields: string[] } {
  if (typeof header !== 'string') return { success: false, fields: [] }
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))
  } catch {
    return { success: false, fields: [] }
  }
  const parsed = gedIndexSchema.safeParse(json)
  return parsed.success ? { success: true, data: parsed.data } : { success: false, fields: parsed.error.issues.map((issue) => issue.path.join('.')) }
}

async function readRecord(path: string): Promise<z.infer<typeof recordSchema> | null> {
  try {
    return recordSchema.parse(JSON.parse(await readFile(path, 'utf8')))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data')
        request.resume()
        reject(new Error('too large'))
      } else chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

function reply(response: ServerResponse, status: number, body?: Record<string, unknown>): void {
  if (body === undefined) {
    response.writeHead(status).end()
    return
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}

function digest(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest()
}

const envSchema = z.object({
  GED_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(3010),
  GED_SERVER_HOST: z.string().default('127.0.0.1'),
  GED_SERVER_DIR: z.string().min(1),
  GED_SERVER_TOKEN: z.string().min(16, 'GED_SERVER_TOKEN doit compter au moins 16 caractères'),
  GED_SERVER_TEST_CONTROLS: z.enum(['on', 'off']).default('off'),
})

if (import.meta.main) {
  z.config(z.locales.fr())
  const env = envSchema.safeParse(process.env)
  if (!env.success) {
    console.error(`Configuration invalide :\n${env.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`)
    process.exit(1)
  }
  const server = await startGedServer({
    dir: env.data.GED_SERVER_DIR,
    token: env.data.GED_SERVER_TOKEN,
    host: env.data.GED_SERVER_HOST,
    port: env.data.GED_SERVER_PORT,
    testControls: env.data.GED_SERVER_TEST_CONTROLS === 'on',
  })
  console.log(`Service de dépôt GED à l'écoute sur ${server.url}`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)))
}
