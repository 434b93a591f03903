// One simulated assuré, doing what a person does: opens the home page, signs in through the
// identity provider's form, walks every step of the démarche, uploads the avis d'imposition (and
// the titre de séjour when asked), reads the récapitulatif, certifies, sends, reads the
// acknowledgment. Every request of the service is timed under the name of its step.
import { randomUUID } from 'node:crypto'
import { CookieJar, request, textOf, type RequestOptions, type Response } from './http-client.ts'
import { demarcheOf } from './answers.ts'
import { DEMO_PASSWORD } from '../src/identity/demo-provider/accounts.ts'

const BASE = '/demarches/pension-invalidite'
/** The provider's share of the sign-in: timed, but not a step of the service. */
export const IDENTITY_PROVIDER_STEP = 'fournisseur d’identité'

export type Target = {
  /** Where this assuré's requests go (one instance of the service). */
  baseUrl: URL
  /** The address the service believes it has (PUBLIC_URL): its redirects are brought back to baseUrl. */
  publicUrl: URL
}

export type Timings = {
  record(step: string, milliseconds: number, bytes: number): void
}

class DemarcheError extends Error {}

export async function runDemarche(target: Target, login: string, number: number, timings: Timings, avis: Buffer): Promise<string> {
  const jar = new CookieJar()
  // Every simulated person has an address of their own, as the proxy in front of the service says.
  const forwarded = `10.${(number >> 16) & 255}.${(number >> 8) & 255}.${number & 255}`
  const send = async (step: string, url: URL, options: RequestOptions = {}): Promise<Response> => {
    const toService = url.host === target.baseUrl.host
    const headers: Record<string, string> = { 'accept-encoding': 'br, gzip', cookie: jar.header(url), ...options.headers }
    if (toService) Object.assign(headers, { 'x-forwarded-for': forwarded, 'x-forwarded-proto': target.publicUrl.protocol.slice(0, -1) })
    const started = performance.now()
    const response = await request(url, { ...options, headers })
    timings.record(step, performance.now() - started, response.body.length)
    jar.store(url, response.headers['set-cookie'])
    return response
  }
  const next = (response: Response, expected?: RegExp): URL => {
    const location = response.headers.location
    if (response.status < 300 || response.status > 303 || !location) throw new DemarcheError(`${response.url.pathname} : ${response.status} au lieu d'une redirection`)
    const url = new URL(location, response.url)
    if (url.origin === target.publicUrl.origin) {
      url.protocol = target.baseUrl.protocol
      url.host = target.baseUrl.host
    }
    if (expected && !expected.test(url.pathname)) throw new DemarcheError(`${response.url.pathname} mène à ${url.pathname}`)
    return url
  }
  const page = async (step: string, url: URL): Promise<string> => {
    const response = await send(step, url)
    if (response.status !== 200) throw new DemarcheError(`${url.pathname} : ${response.status}`)
    return textOf(response)
  }
  const service = (path: string) => new URL(path, target.baseUrl)
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })

  await page('accueil', service('/'))
  // Sign-in: the service sends to the provider, whose form is posted, and back to the service.
  let url = next(await send('connexion', service(`/connexion?retour=${encodeURIComponent(BASE)}`)))
  while (url.host !== target.baseUrl.host) {
    const response = await send(IDENTITY_PROVIDER_STEP, url)
    if (response.status === 200) {
      const action = /<form[^>]*action="([^"]+)"/.exec(textOf(response))?.[1]
      if (!action) throw new DemarcheError('pas de formulaire de connexion chez le fournisseur d’identité')
      url = next(await send(IDENTITY_PROVIDER_STEP, new URL(action.replaceAll('&amp;', '&'), url), form({ login, password: DEMO_PASSWORD })))
    } else url = next(response)
  }
  url = next(await send('connexion-retour', url), /^\/demarches/)
  await page('mes-demarches', service('/demarches'))
  const first = await page('GET informations-generales', service(`${BASE}/informations-generales`))
  const csrf = /name="_csrf" value="([^"]+)"/.exec(first)?.[1]
  if (!csrf) throw new DemarcheError('pas de jeton CSRF sur la première étape')

  const { steps, documents } = demarcheOf(number)
  for (const [index, step] of steps.entries()) {
    const following = steps[index + 1]?.page ?? 'pieces-justificatives'
    url = next(await send(`POST ${step.page}`, service(`${BASE}/${step.page}`), form({ _csrf: csrf, ...step.form })), new RegExp(`/${following}$`))
    await page(`GET ${following}`, url)
  }
  for (const kind of documents) {
    url = next(await send('upload', service(`${BASE}/pieces-justificatives/ajouter?type=${kind}&_csrf=${encodeURIComponent(csrf)}`), multipart(kind, avis)), /\/pieces-justificatives$/)
    await page('GET pieces-justificatives', url)
  }
  url = next(await send('POST envoyer', service(`${BASE}/envoyer`), form({ _csrf: csrf })), /\/accuse-de-reception$/)
  await page('GET accuse-de-reception', url)
  return url.pathname.split('/').at(-2)!
}

function multipart(kind: string, bytes: Buffer): RequestOptions {
  const boundary = `----bench${randomUUID()}`
  return {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichiers"; filename="${kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  }
}
