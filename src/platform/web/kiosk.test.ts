import { test } from 'node:test'
import assert from 'node:assert/strict'
import { frenchDuration, isAddressOrBlock, kioskDetector } from './kiosk.ts'

const from = (ip: string, session: { kiosk?: boolean } | null = {}) => ({ ip, session })

test('a borne is recognised by its address or by its block of addresses', () => {
  const isKiosk = kioskDetector(['10.75.12.40', '10.93.0.0/16', 'fd00:75::/32'])
  assert.equal(isKiosk(from('10.75.12.40')), true)
  assert.equal(isKiosk(from('10.75.12.41')), false)
  assert.equal(isKiosk(from('10.93.200.7')), true)
  assert.equal(isKiosk(from('10.94.0.1')), false)
  assert.equal(isKiosk(from('fd00:75::12')), true)
  assert.equal(isKiosk(from('fd00:76::12')), false)
  // A server listening on "::" sees an IPv4 client as an IPv4-mapped IPv6 address.
  assert.equal(isKiosk(from('::ffff:10.93.1.1')), true)
  assert.equal(isKiosk(from('192.168.1.20')), false)
})

test('a session opened through /borne stays on a borne, whatever the address', () => {
  const isKiosk = kioskDetector([])
  assert.equal(isKiosk(from('192.168.1.20', { kiosk: true })), true)
  assert.equal(isKiosk(from('192.168.1.20', {})), false)
  assert.equal(isKiosk(from('192.168.1.20', null)), false)
  assert.equal(isKiosk(from('', {})), false, 'an unknown address is no borne')
})

test('KIOSK_ADDRESSES accepts addresses and CIDR blocks only', () => {
  for (const entry of ['10.75.12.40', '10.75.12.0/24', '0.0.0.0/0', 'fd00::/8', '::1']) assert.equal(isAddressOrBlock(entry), true, entry)
  for (const entry of ['10.75.12.300', '10.75.12.0/33', 'fd00::/129', '10.0.0.0/8/1', 'borne-1.caisse.fr', '10.0.0.0/']) assert.equal(isAddressOrBlock(entry), false, entry)
})

test('idle times are said in French', () => {
  assert.equal(frenchDuration(180), '3 minutes')
  assert.equal(frenchDuration(60), '1 minute')
  assert.equal(frenchDuration(90), '1 minute et 30 secondes')
  assert.equal(frenchDuration(2), '2 secondes')
  assert.equal(frenchDuration(1), '1 seconde')
})
