// The démarche helpers of demarche.ts and sign-in.ts call `app.inject`; these clients answer
// `inject` over real HTTP, so that the same helpers drive a service running in another process.
import { request as httpRequest } from 'node:http'
import type { FastifyInstance } from 'fastify'

type InjectOptions = { method: string; url: string; headers?: Record<string, string>; payload?: string | Buffer }
type InjectAnswer = { statusCode: number; headers: Record<string, string>; body: string }

/** The connection to the service was lost: it was killed before or while it answered. */
export class ConnectionLost extends Error {}

/** A client of the service at `baseUrl`, used where the helpers take a FastifyInstance. */
export function overHttp(baseUrl: string): FastifyInstance {
  const inject = async (options: InjectOptions): Promise<InjectAnswer> => {
    try {
      const response = await fetch(new URL(options.url, baseUrl), { method: options.method, headers: options.headers, body: options.payload, redirect: 'manual' })
      return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
    } catch (error) {
      // fetch says « fetch failed » (refused, reset) or « terminated » (closed mid-answer).
      if (error instanceof TypeError) throw new ConnectionLost(error.message, { cause: error })
      throw error
    }
  }
  return { inject } as unknown as FastifyInstance
}

/**
 * A client whose request sends half of its body, then calls `kill` (the service dies while it
 * reads the body) and fails as a browser's request would.
 */
export function halfSentOverHttp(baseUrl: string, kill: () => void): FastifyInstance {
  const inject = (options: InjectOptions) => new Promise<never>((_resolve, reject) => {
    const payload = Buffer.from(options.payload ?? '')
    const request = httpRequest(new URL(options.url, baseUrl), { method: options.method, headers: { ...options.headers, 'content-length': String(payload.length) } })
    request.on('error', (error) => reject(new ConnectionLost(error.message, { cause: error })))
    request.on('response', (response) => reject(new Error(`réponse ${response.statusCode} à un envoi que le service n'a pas fini de recevoir`)))
    request.write(payload.subarray(0, Math.floor(payload.length / 2)), () => setTimeout(kill, 50))
  })
  return { inject } as unknown as FastifyInstance
}
