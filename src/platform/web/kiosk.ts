// The borne multi-services (BMS) in the caisse's offices: one device that strangers use one after
// the other. There the service keeps nothing in the browser, ends a signed-in session after a short
// inactivity, and records that the demande came from a borne.
import { BlockList, isIP } from 'node:net'
import type { FastifyRequest } from 'fastify'

export type KioskSettings = Readonly<{
  /** IP addresses or CIDR blocks of the bornes, compared with the request's address as fastify sees it. */
  addresses: readonly string[]
  /** Inactivity after which a signed-in session on a borne ends, on the server. */
  idleSeconds: number
  /** How long before that end the page warns and offers to continue. */
  warningSeconds: number
}>

export const KIOSK_DEFAULTS: KioskSettings = { addresses: [], idleSeconds: 180, warningSeconds: 60 }

/** Where a visitor enters kiosk mode for the rest of the session, whatever the address. */
export const KIOSK_ENTRY = '/borne'

export function isAddressOrBlock(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
}

type KioskRequest = { ip: string; session: { kiosk?: boolean } | null }

/** The one decision: the request comes from a borne's address, or its session was opened through /borne. */
export function kioskDetector(addresses: readonly string[]): (request: KioskRequest) => boolean {
  const bornes = new BlockList()
  for (const entry of addresses) {
    const [address = '', prefix] = entry.split('/')
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (prefix === undefined) bornes.addAddress(address, family)
    else bornes.addSubnet(address, Number(prefix), family)
  }
  return (request) => {
    if (request.session?.kiosk === true) return true
    const family = isIP(request.ip)
    return family !== 0 && bornes.check(request.ip, family === 6 ? 'ipv6' : 'ipv4')
  }
}

/** GET /borne: the session stays in kiosk mode from now on, whatever the address. */
export function enterKioskMode(request: FastifyRequest): void {
  request.session.kiosk = true
  request.kiosk = true
  keepCookieForBrowserSessionOnly(request)
}

// On a borne the session cookie has neither Max-Age nor Expires: the browser forgets it when it
// closes, whatever happens on the server.
export function keepCookieForBrowserSessionOnly(request: FastifyRequest): void {
  request.session.options({ maxAge: undefined, expires: undefined })
}

/** « 3 minutes », « 1 minute et 30 secondes », « 2 secondes ». */
export function frenchDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  const parts = [
    ...(minutes > 0 ? [`${minutes} minute${minutes > 1 ? 's' : ''}`] : []),
    ...(rest > 0 || minutes === 0 ? [`${rest} seconde${rest > 1 ? 's' : ''}`] : []),
  ]
  return parts.join(' et ')
}
