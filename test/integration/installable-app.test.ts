// The installable application over HTTP: the manifest with its type, the service worker script
// checked on every visit and listing the static assets only, each of them served; the assurés'
// pages link the manifest, the back office's do not.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { integrationSuite } from '../support/integration-suite.ts'

const suite = integrationSuite()

test('the manifest is JSON of its own type, its icons served as PNG', async () => {
  const response = await suite.app.inject({ method: 'GET', url: '/manifest.webmanifest' })
  assert.equal(response.statusCode, 200)
  assert.equal(response.headers['content-type'], 'application/manifest+json; charset=utf-8')
  const manifest = response.json()
  assert.equal(manifest.theme_color, '#1d70b8')
  for (const icon of manifest.icons as Array<{ src: string; type: string }>) {
    const file = await suite.app.inject({ method: 'GET', url: icon.src })
    assert.equal(file.statusCode, 200, icon.src)
    assert.equal(file.headers['content-type'], icon.type, icon.src)
  }
})

test('the service worker is revalidated at each visit and keeps /assets/ files only, all served', async () => {
  const response = await suite.app.inject({ method: 'GET', url: '/sw.js' })
  assert.equal(response.statusCode, 200)
  assert.match(String(response.headers['content-type']), /javascript/)
  assert.equal(response.headers['cache-control'], 'no-cache')
  assert.equal(response.headers['service-worker-allowed'], '/')
  const precache = JSON.parse(/const PRECACHE = (\{.*\})\n/.exec(response.body)?.[1] ?? 'null') as { version: string; urls: string[] }
  assert.match(precache.version, /^[0-9a-f]{16}$/, 'the build wrote the version')
  assert.ok(precache.urls.includes('/assets/app.css') && precache.urls.includes('/assets/icones/icone-192.png'))
  for (const url of precache.urls) {
    assert.match(url, /^\/assets\/[^?#]+$/)
    assert.doesNotMatch(url, /\.(br|gz)$/)
    assert.equal((await suite.app.inject({ method: 'GET', url })).statusCode, 200, url)
  }
})

test('the assurés’ pages link the manifest and the icons; the back office only the icons', async () => {
  const home = (await suite.app.inject({ method: 'GET', url: '/' })).body
  assert.match(home, /<link rel="manifest" href="\/manifest.webmanifest">/)
  assert.match(home, /<link rel="apple-touch-icon" href="\/assets\/icones\/apple-touch-icon.png">/)
  const backOffice = (await suite.app.inject({ method: 'GET', url: '/agent' })).body
  assert.doesNotMatch(backOffice, /rel="manifest"/)
  assert.match(backOffice, /<link rel="icon" href="\/assets\/icones\/icone.svg"/)
})
