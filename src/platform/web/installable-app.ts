// The web as an installable application: the manifest, and the service worker that keeps the
// static assets (never a page: see assets/sw.js and docs/decisions.md).
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { BRAND_BLUE, ICONS_PATH, manifestIcons, PAGE_WHITE, SVG_ICON } from './app-icons.ts'

const DIST = fileURLToPath(new URL('../../../dist', import.meta.url))

export const webAppManifest = {
  id: '/demarches',
  name: 'Invalidité en ligne',
  short_name: 'Invalidité',
  description: "Demander une pension d'invalidité et suivre sa demande",
  lang: 'fr',
  dir: 'ltr',
  start_url: '/demarches',
  scope: '/',
  display: 'standalone',
  theme_color: BRAND_BLUE,
  background_color: PAGE_WHITE,
  icons: [
    ...manifestIcons.map((icon) => ({ src: `${ICONS_PATH}/${icon.file}`, sizes: `${icon.size}x${icon.size}`, type: 'image/png', purpose: icon.purpose })),
    { src: `${ICONS_PATH}/${SVG_ICON}`, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
}

export function registerInstallableApp(app: FastifyInstance): void {
  const manifest = JSON.stringify(webAppManifest)
  app.get('/manifest.webmanifest', async (request, reply) =>
    reply.type('application/manifest+json; charset=utf-8').header('cache-control', 'public, max-age=86400').send(manifest))

  // Checked by the browser on each visit, so that new assets replace the cached ones at once.
  app.get('/sw.js', async (request, reply) =>
    reply.header('cache-control', 'no-cache').header('service-worker-allowed', '/').sendFile('sw.js', DIST, { cacheControl: false }))
}
