// What the first page of the démarche weighs on a first visit (its HTML, the stylesheet, the
// scripts and the modules they import, as transferred: compressed), and the next step's HTML.
import { request, textOf } from './http-client.ts'
import { median, type StepTimings } from './stats.ts'
import type { Target } from './assure.ts'

export type PageWeights = { html: number; assets: Array<{ path: string; bytes: number }>; firstVisit: number; nextStep: number }

export async function pageWeights(target: Target, timings: StepTimings): Promise<PageWeights> {
  const html = median(timings.bytes.get('GET informations-generales')!)
  const home = await request(new URL('/', target.baseUrl))
  const paths = [...textOf(home).matchAll(/<(?:link rel="stylesheet" href|script[^>]*src)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!)
  const assets: Array<{ path: string; bytes: number }> = []
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index]!
    const response = await request(new URL(path, target.baseUrl), { headers: { 'accept-encoding': 'br, gzip' } })
    assets.push({ path, bytes: response.body.length })
    if (!path.endsWith('.mjs')) continue
    for (const imported of textOf(response).matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const resolved = new URL(imported[1]!, new URL(path, target.baseUrl)).pathname
      if (!paths.includes(resolved)) paths.push(resolved)
    }
  }
  const assetBytes = assets.reduce((sum, asset) => sum + asset.bytes, 0)
  return { html, assets, firstVisit: html + assetBytes, nextStep: median(timings.bytes.get('GET coordonnees')!) }
}
