import type { Channel } from '../../demarche/application/submit-demande.ts'

// The channel recorded with a demande (and printed on the Cerfa): which kind of device sent it.
export function webChannelFromUserAgent(userAgent: string | undefined): Channel {
  const ua = userAgent ?? ''
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(ua)) return 'web-tablette'
  if (/Mobi|iPhone|Android/i.test(ua)) return 'web-mobile'
  return 'web-ordinateur'
}
