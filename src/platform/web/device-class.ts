import type { FastifyRequest } from 'fastify'
import type { Channel } from '../../demarche/application/submit-demande.ts'

// The channel recorded with a demande (and printed on the Cerfa): a borne of the caisse, or else
// which kind of device sent it.
export function webChannelOf(request: FastifyRequest): Channel {
  return request.kiosk ? 'borne' : webChannelFromUserAgent(request.headers['user-agent'])
}

export function webChannelFromUserAgent(userAgent: string | undefined): Channel {
  const ua = userAgent ?? ''
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(ua)) return 'web-tablette'
  if (/Mobi|iPhone|Android/i.test(ua)) return 'web-mobile'
  return 'web-ordinateur'
}
