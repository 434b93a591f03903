// The service worker of the installable application. It keeps the static assets, and only them:
// the stylesheet, the scripts and the icons the assurés' pages load, public files that are the same
// for everyone, served from its cache. Pages, forms, downloads and every other request go to the network as if there
// were no worker: nothing personal is ever kept on the device, and no page is shown offline.
// scripts/build-assets.ts writes the list of the assets and its version (a digest of their
// content) on the next line; a new version replaces the previous cache.
const PRECACHE = { version: 'source', urls: [] }
const CACHE = `assets-${PRECACHE.version}`

self.addEventListener('install', (event) => {
  // Revalidated, not downloaded again: the page that installs the worker has just loaded most of them.
  const precached = caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.urls.map((url) => new Request(url, { cache: 'no-cache' }))))
  // Where the browser has static routing, a page is fetched without even waking the worker up.
  const pagesBypass = event.addRoutes?.({ condition: { requestMode: 'navigate' }, source: 'network' }).catch(() => {})
  event.waitUntil(Promise.all([precached, pagesBypass]).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  const previous = caches.keys().then((names) => names.filter((name) => name.startsWith('assets-') && name !== CACHE))
  event.waitUntil(previous.then((names) => Promise.all(names.map((name) => caches.delete(name)))).then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || request.mode === 'navigate' || url.origin !== self.location.origin || !PRECACHE.urls.includes(url.pathname)) return
  event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)))
})
