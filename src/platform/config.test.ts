import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, readConfig } from './config.ts'

test('the embedded defaults need no variable at all', () => {
  const config = readConfig({})
  assert.equal(config.port, 3000)
  assert.equal(config.demoIdpPort, 3001)
  assert.equal(config.databaseUrl, undefined)
  assert.equal(config.oidc, undefined)
  assert.equal(config.worker, 'embedded')
})

test('external services come in by configuration', () => {
  const config = readConfig({
    PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/invalidite', OIDC_ISSUER: 'https://connexion.example.fr',
    OIDC_CLIENT_ID: 'client', OIDC_CLIENT_SECRET: 'secret',
    AGENT_OIDC_ISSUER: 'https://sso.caisse.example.fr', AGENT_OIDC_CLIENT_ID: 'bo', AGENT_OIDC_CLIENT_SECRET: 'bo-secret', SMTP_URL: 'smtp://mail.example.fr:25', PUBLIC_URL: 'https://invalidite.example.fr/',
  })
  assert.equal(config.port, 8080)
  assert.equal(config.databaseUrl, 'postgres://u:p@db:5432/invalidite')
  assert.deepEqual(config.oidc, {
    assure: { issuer: 'https://connexion.example.fr', clientId: 'client', clientSecret: 'secret' },
    agent: { issuer: 'https://sso.caisse.example.fr', clientId: 'bo', clientSecret: 'bo-secret' },
  })
  assert.equal(config.publicUrl, 'https://invalidite.example.fr')
})

test('a wrong configuration is refused with every problem listed', () => {
  assert.throws(
    () => readConfig({ PORT: 'abc', DATABASE_URL: 'not a url', SMTP_URL: 'smtp' }),
    (error: unknown) => error instanceof ConfigError && ['PORT', 'DATABASE_URL', 'SMTP_URL'].every((name) => error.message.includes(name)),
  )
  assert.throws(
    () => readConfig({ OIDC_ISSUER: 'https://idp.example.fr', NODE_ENV: 'production' }),
    (error: unknown) => error instanceof ConfigError && ['OIDC_CLIENT_ID', 'AGENT_OIDC_ISSUER', 'SESSION_SECRET'].every((name) => error.message.includes(name)),
  )
})

test('the GED: the hot folder under DATA_DIR by default, the HTTP deposit service with its address and token', () => {
  assert.deepEqual(readConfig({ DATA_DIR: '/srv/invalidite' }).ged, { adapter: 'hot-folder', dir: '/srv/invalidite/ged' })
  assert.deepEqual(readConfig({ GED_DIR: '/mnt/diademe/entree' }).ged, { adapter: 'hot-folder', dir: '/mnt/diademe/entree' })
  assert.deepEqual(readConfig({ GED_ADAPTER: 'http', GED_URL: 'https://ged.caisse.example.fr', GED_TOKEN: 'jeton' }).ged, {
    adapter: 'http', url: 'https://ged.caisse.example.fr', token: 'jeton',
  })
  assert.throws(
    () => readConfig({ GED_ADAPTER: 'http' }),
    (error: unknown) => error instanceof ConfigError && error.message.includes('GED_URL') && error.message.includes('GED_TOKEN'),
  )
})

test('the bornes: none by default, 3 minutes of inactivity with a warning one minute before', () => {
  assert.deepEqual(readConfig({}).kiosk, { addresses: [], idleSeconds: 180, warningSeconds: 60 })
  assert.deepEqual(readConfig({ KIOSK_ADDRESSES: ' 10.75.12.40, 10.93.0.0/16 ', KIOSK_IDLE_SECONDS: '300' }).kiosk, {
    addresses: ['10.75.12.40', '10.93.0.0/16'], idleSeconds: 300, warningSeconds: 60,
  })
  assert.equal(readConfig({ KIOSK_IDLE_SECONDS: '40' }).kiosk.warningSeconds, 20, 'half a short idle time')
  assert.equal(readConfig({ KIOSK_IDLE_SECONDS: '4', KIOSK_WARNING_SECONDS: '2' }).kiosk.warningSeconds, 2)
  assert.throws(
    () => readConfig({ KIOSK_ADDRESSES: '10.75.12.40, borne-2.caisse.fr', KIOSK_IDLE_SECONDS: '60', KIOSK_WARNING_SECONDS: '60' }),
    (error: unknown) => error instanceof ConfigError && /borne-2\.caisse\.fr/.test(error.message) && error.message.includes('KIOSK_WARNING_SECONDS'),
  )
})

test('the worker runs four jobs at once unless WORKER_CONCURRENCY says otherwise', () => {
  assert.equal(readConfig({}).workerConcurrency, 4)
  assert.equal(readConfig({ WORKER_CONCURRENCY: '12' }).workerConcurrency, 12)
  assert.throws(() => readConfig({ WORKER_CONCURRENCY: '0' }), /WORKER_CONCURRENCY/)
})
