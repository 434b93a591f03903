// Page weight, as a browser on a slow connection pays it: the first page of the démarche on a first
// visit, with everything it makes the browser download (stylesheet, scripts and what they import,
// icons, manifest, the service worker and what it keeps), under 25 KB; each later step of the
// démarche, up to the confirmation, under 8 KB, the assets being in the browser's cache by then.
// Bytes are counted as sent: the body after compression (headers left out).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { integrationSuite } from '../support/integration-suite.ts'
import { signInAs, type SignedIn } from '../support/sign-in.ts'
import { pdfAvisImposition } from '../support/files.ts'
import { BASE, postForm, salariePath, upload } from '../support/demarche.ts'

const KB = 1024
const FIRST_PAGE_BUDGET = 25 * KB
const LATER_PAGE_BUDGET = 8 * KB
const ACCEPT_ENCODING = 'br, gzip'
/** Long enough for the assets fetched on the first page to stay fresh through the whole démarche. */
const ONE_HOUR = 3600
/** A name carrying a digest of the content, as `app.3f9a1c2e.css`. */
const FINGERPRINTED = /[.-][0-9a-f]{8,}\.\w+$/

const suite = integrationSuite()

type Transfer = { url: string; status: number; bytes: number; encoding: string; type: string; cacheControl: string; etag: string; text: string }

/** What the browser holds after a visit: each asset's response, for its Cache-Control and ETag. */
type BrowserCache = Map<string, Transfer>

async function fetchAs(user: SignedIn, url: string, headers: Record<string, string> = {}): Promise<Transfer> {
  const response = await suite.app.inject({ method: 'GET', url, headers: { cookie: user.cookie, 'accept-encoding': ACCEPT_ENCODING, ...headers } })
  const sent = response.rawPayload
  const encoding = String(response.headers['content-encoding'] ?? 'identity')
  const decoded = sent.length === 0 ? sent : encoding === 'br' ? brotliDecompressSync(sent) : encoding === 'gzip' ? gunzipSync(sent) : sent
  return {
    url,
    status: response.statusCode,
    bytes: sent.length,
    encoding,
    type: String(response.headers['content-type'] ?? ''),
    cacheControl: String(response.headers['cache-control'] ?? ''),
    etag: String(response.headers.etag ?? ''),
    text: decoded.toString('utf8'),
  }
}

function attributesOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
}

/** The URLs an HTML page makes the browser fetch: linked stylesheets, icons, manifest, preloads; scripts; images. */
function referencedByHtml(html: string, base: string): string[] {
  const urls: string[] = []
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const { rel = '', href } = attributesOf(tag)
    if (href && rel.split(/\s+/).some((token) => ['stylesheet', 'icon', 'apple-touch-icon', 'manifest', 'preload', 'modulepreload'].includes(token))) urls.push(href)
  }
  for (const [tag] of html.matchAll(/<(?:script|img)\b[^>]*>/g)) {
    const { src } = attributesOf(tag)
    if (src) urls.push(src)
  }
  return urls.map((url) => new URL(url, `http://service${base}`)).filter((url) => url.host === 'service').map((url) => url.pathname + url.search)
}

/** What an asset makes the browser fetch in turn: a stylesheet its url(…), a module script its static imports. */
function referencedByAsset(asset: Transfer): string[] {
  const urls = asset.type.startsWith('text/css')
    ? [...asset.text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)].map((m) => m[1]!)
    : /javascript/.test(asset.type)
      ? [...asset.text.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?['"]([^'"]+)['"]/g)].map((m) => m[1]!)
      : []
  return urls.filter((url) => !url.startsWith('data:')).map((url) => new URL(url, `http://service${asset.url}`)).filter((url) => url.host === 'service').map((url) => url.pathname)
}

/** The service worker a page's script registers, where the page links the manifest (the only pages that install it). */
function serviceWorkerOf(html: string, scripts: Transfer[]): string | null {
  if (!/<link rel="manifest"/.test(html)) return null
  for (const script of scripts) {
    const registered = /serviceWorker\.register\(\s*['"]([^'"]+)['"]/.exec(script.text)?.[1]
    if (registered) return registered
  }
  return null
}

function isFresh(cached: Transfer): boolean {
  const maxAge = Number(/max-age=(\d+)/.exec(cached.cacheControl)?.[1] ?? 0)
  return maxAge > 0 && !/no-store|no-cache/.test(cached.cacheControl)
}

/**
 * A page as the browser loads it: the HTML, then every asset it references (and theirs) that the
 * cache does not hold fresh; a stale one is revalidated (If-None-Match). Answers every transfer.
 */
async function loadPage(user: SignedIn, url: string, cache: BrowserCache): Promise<{ html: Transfer; assets: Transfer[] }> {
  const html = await fetchAs(user, url)
  assert.equal(html.status, 200, `${url} : ${html.status}`)
  assert.match(html.type, /^text\/html/)
  const assets: Transfer[] = []
  const queue = referencedByHtml(html.text, url)
  while (queue.length > 0) {
    const assetUrl = queue.shift()!
    const cached = cache.get(assetUrl)
    if (cached && isFresh(cached)) continue
    const asset = await fetchAs(user, assetUrl, cached?.etag ? { 'if-none-match': cached.etag } : {})
    assert.ok(asset.status === 200 || (cached && asset.status === 304), `${assetUrl} : ${asset.status}`)
    assets.push(asset)
    if (asset.status === 200) {
      cache.set(assetUrl, asset)
      queue.push(...referencedByAsset(asset).filter((next) => !cache.has(next) && !queue.includes(next)))
    }
  }
  return { html, assets }
}

/**
 * The service worker, once installed, keeps its list of assets: those the browser already holds are
 * revalidated (a 304 with no body), the others downloaded.
 */
async function installServiceWorker(user: SignedIn, workerUrl: string, cache: BrowserCache): Promise<Transfer[]> {
  const worker = await fetchAs(user, workerUrl)
  assert.equal(worker.status, 200)
  const precache = JSON.parse(/const PRECACHE = (\{.*\})\n/.exec(worker.text)?.[1] ?? 'null') as { urls: string[] }
  const transfers = [worker]
  for (const url of precache.urls) {
    const cached = cache.get(url)
    const asset = await fetchAs(user, url, cached?.etag ? { 'if-none-match': cached.etag } : {})
    assert.equal(asset.status, cached?.etag ? 304 : 200, `${url}, gardé par le service worker`)
    if (asset.status === 200) cache.set(url, asset)
    transfers.push(asset)
  }
  return transfers
}

const total = (transfers: Transfer[]) => transfers.reduce((sum, transfer) => sum + transfer.bytes, 0)
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} Ko`

test('the first page of the démarche weighs under 25 KB and every later step under 8 KB, compressed', async () => {
  const user = await signInAs(suite.app, suite.pool)
  const cache: BrowserCache = new Map()
  const rows: Array<[string, Transfer[]]> = []

  const entry = await suite.app.inject({ method: 'GET', url: BASE, headers: { cookie: user.cookie } })
  assert.equal(entry.headers.location, `${BASE}/informations-generales`)
  const first = await loadPage(user, `${BASE}/informations-generales`, cache)
  const workerUrl = serviceWorkerOf(first.html.text, first.assets)
  const worker = workerUrl ? await installServiceWorker(user, workerUrl, cache) : []
  const firstVisit = [first.html, ...first.assets, ...worker]
  rows.push(['informations-generales (première visite)', firstVisit])

  assert.match(first.html.encoding, /^(br|gzip)$/, 'the HTML is sent compressed')
  for (const transfer of firstVisit) {
    // Below a kilobyte compression gains next to nothing, and the service leaves it out.
    if (/^text\/|javascript|json|svg/.test(transfer.type) && transfer.text.length >= KB) assert.match(transfer.encoding, /^(br|gzip)$/, `${transfer.url} is sent compressed`)
    assert.doesNotMatch(transfer.text, /;base64,/, `${transfer.url} inlines no base64 image`)
  }

  // Each later step as the browser gets it after the previous form's redirect, up to the confirmation.
  for (const [page, form, next] of salariePath) {
    const saved = await postForm(suite.app, user, `${BASE}/${page}`, form)
    assert.equal(saved.headers.location, `${BASE}/${next}`, `${page} leads to ${next}`)
    const loaded = await loadPage(user, `${BASE}/${next}`, cache)
    rows.push([next, [loaded.html, ...loaded.assets]])
  }
  const uploaded = await upload(suite.app, user, 'avis-imposition', [{ filename: 'avis-impot-2026.pdf', contentType: 'application/pdf', bytes: await pdfAvisImposition() }])
  assert.equal(uploaded.statusCode, 303)
  const withFile = await loadPage(user, `${BASE}/pieces-justificatives`, cache)
  rows.push(['pieces-justificatives (un fichier ajouté)', [withFile.html, ...withFile.assets]])
  const sent = await postForm(suite.app, user, `${BASE}/envoyer`, {})
  assert.equal(sent.statusCode, 303)
  const confirmation = await loadPage(user, String(sent.headers.location), cache)
  assert.match(confirmation.html.text, /Votre demande a été envoyée/)
  rows.push(['accuse-de-reception (confirmation)', [confirmation.html, ...confirmation.assets]])

  console.log(['', '| Page | Octets transférés (compressés) | dont HTML | Requêtes |', '|---|---:|---:|---:|',
    ...rows.map(([name, transfers]) => `| ${name} | ${total(transfers)} (${kb(total(transfers))}) | ${transfers[0]!.bytes} | ${transfers.length} |`)].join('\n'))
  console.log(['', '| Ressource de la première visite | Statut | Encodage | Octets |', '|---|---:|---|---:|',
    ...firstVisit.map((t) => `| ${t.url} | ${t.status} | ${t.encoding} | ${t.bytes} |`)].join('\n'))

  const detail = (transfers: Transfer[]) => transfers.map((t) => `${t.url} ${t.status} ${t.encoding} ${t.bytes}`).join(', ')
  assert.ok(total(firstVisit) < FIRST_PAGE_BUDGET, `first page: ${total(firstVisit)} bytes transferred, over the ${FIRST_PAGE_BUDGET} bytes (25 KB) budget: ${detail(firstVisit)}`)
  for (const [name, transfers] of rows.slice(1)) {
    assert.ok(total(transfers) < LATER_PAGE_BUDGET, `${name}: ${total(transfers)} bytes transferred, over the ${LATER_PAGE_BUDGET} bytes (8 KB) budget: ${detail(transfers)}`)
  }
})

// Only a name that changes with the content may be cached for good (`immutable`): under a fixed
// name, a new stylesheet would reach the browser only once the old one expires.
test('the static assets stay in the browser’s cache through the démarche, for good only under a name that changes with their content', async () => {
  const user = await signInAs(suite.app, suite.pool)
  const cache: BrowserCache = new Map()
  const { assets } = await loadPage(user, `${BASE}/informations-generales`, cache)
  assert.ok(assets.length >= 3, `a stylesheet, a script and an icon at least: ${assets.map((a) => a.url).join(', ')}`)
  for (const asset of assets.filter((a) => a.url.startsWith('/assets/'))) {
    const maxAge = Number(/max-age=(\d+)/.exec(asset.cacheControl)?.[1] ?? 0)
    assert.ok(maxAge >= ONE_HOUR, `${asset.url}: Cache-Control « ${asset.cacheControl} » keeps it at least an hour`)
    if (FINGERPRINTED.test(asset.url)) assert.match(asset.cacheControl, /immutable/, `${asset.url}: its name changes with its content`)
    else assert.doesNotMatch(asset.cacheControl, /immutable/, `${asset.url}: its name stays the same when its content changes`)
    assert.ok(asset.etag, `${asset.url} has an ETag`)
    const again = await fetchAs(user, asset.url, { 'if-none-match': asset.etag })
    assert.equal(again.status, 304, `${asset.url} revalidated`)
    assert.equal(again.bytes, 0)
  }
  const page = await fetchAs(user, `${BASE}/informations-generales`)
  assert.equal(page.cacheControl, 'no-store', 'a page of the démarche is never kept')
})
