// The GED over HTTP: one PUT per document to `/depots/{depositKey}` (the protocol is described in
// ged-server.ts, the service of our own that plays the GED). The key makes the PUT idempotent: a
// retry after a lost answer gets the first reference back.
import { depositKeySchema, GedError, type GedAdapter, type GedDocument } from './ged-port.ts'

const DEFAULT_TIMEOUT_MS = 30_000

export function createHttpGedAdapter(options: { url: string; token: string; timeoutMs?: number }): GedAdapter {
  const base = options.url.replace(/\/$/, '')
  return {
    async deposit(document: GedDocument) {
      const key = depositKeySchema.parse(document.depositKey)
      let response: Response
      let body: unknown
      try {
        response = await fetch(`${base}/depots/${key}`, {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': document.index.mediaType,
            'ged-index': Buffer.from(JSON.stringify(document.index), 'utf8').toString('base64url'),
          },
          body: document.content,
          signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        })
        body = await response.json().catch(() => null)
      } catch (error) {
        throw new GedError((error as Error).name === 'TimeoutError' ? 'ged-delai-depasse' : 'ged-injoignable')
      }
      if (response.status === 200 || response.status === 201) {
        const reference = (body as { reference?: unknown } | null)?.reference
        if (typeof reference !== 'string' || reference === '') throw new GedError('ged-reponse-invalide', response.status)
        return { reference }
      }
      throw new GedError(errorCodeOf(response.status), response.status)
    },
  }
}

function errorCodeOf(status: number): 'ged-conflit' | 'ged-refus' | 'ged-acces-refuse' | 'ged-indisponible' {
  if (status === 409) return 'ged-conflit'
  if (status === 401 || status === 403) return 'ged-acces-refuse'
  if (status === 400 || status === 413 || status === 422) return 'ged-refus'
  return 'ged-indisponible'
}
