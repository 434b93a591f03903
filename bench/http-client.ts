// A browser's part of HTTP, as little as the bench needs: keep-alive connections, a cookie jar per
// person, redirects followed by hand (each hop is timed apart), bodies kept as received (compressed
// when the server compressed them, so that their length is what travelled).
import http from 'node:http'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'

export type Response = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; url: URL }
export type RequestOptions = { method?: string; headers?: Record<string, string>; body?: Buffer | string }

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })

export function request(url: URL, options: RequestOptions = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url }))
      res.on('error', reject)
    })
    // A kept-alive connection the server closed just as it was reused: sent again on a new one, as a browser does.
    req.on('error', (error: NodeJS.ErrnoException) => (req.reusedSocket && error.code === 'ECONNRESET' ? request(url, options).then(resolve, reject) : reject(error)))
    req.end(options.body)
  })
}

/** The body as text, decompressed as a browser would. */
export function textOf(response: Response): string {
  const encoding = response.headers['content-encoding']
  const decode = encoding === 'br' ? brotliDecompressSync : encoding === 'gzip' ? gunzipSync : encoding === 'deflate' ? inflateSync : (bytes: Buffer) => bytes
  return decode(response.body).toString('utf8')
}

/** Cookies by host (host:port), path-blind: each simulated person has a jar of their own. */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>()

  header(url: URL): string {
    const cookies = this.byHost.get(url.host)
    return cookies ? [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') : ''
  }

  store(url: URL, setCookie: string[] | undefined): void {
    if (!setCookie) return
    let cookies = this.byHost.get(url.host)
    if (!cookies) this.byHost.set(url.host, (cookies = new Map()))
    for (const line of setCookie) {
      const [pair = '', ...attributes] = line.split(';')
      const separator = pair.indexOf('=')
      const name = pair.slice(0, separator).trim()
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || (/^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1]!) < Date.now()))
      if (expired) cookies.delete(name)
      else cookies.set(name, pair.slice(separator + 1).trim())
    }
  }
}
