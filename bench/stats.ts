// Latencies and sizes per step, their percentiles, and the hottest functions of a CPU profile.
import { readFileSync } from 'node:fs'
import type { Timings } from './assure.ts'

export class StepTimings implements Timings {
  readonly latencies = new Map<string, number[]>()
  readonly bytes = new Map<string, number[]>()

  record(step: string, milliseconds: number, bytes: number): void {
    push(this.latencies, step, milliseconds)
    push(this.bytes, step, bytes)
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }

/**
 * Self time by function (name, file, line), highest first, from a .cpuprofile of V8, with the
 * caller that spent most of it (what calls `writev` or the garbage collector matters more than they do).
 */
export function profileHotspots(file: string, top = 15): { functions: Array<{ share: number; where: string; caller: string }>; packages: Array<{ share: number; name: string }> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] }
  const parents = new Map<number, ProfileNode>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node)
  const byFunction = new Map<string, { hits: number; callers: Map<string, number> }>()
  const byPackage = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    if (hits === 0 || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue
    const where = placeOf(node)
    const entry = byFunction.get(where) ?? { hits: 0, callers: new Map<string, number>() }
    entry.hits += hits
    const parent = parents.get(node.id)
    if (parent) entry.callers.set(placeOf(parent), (entry.callers.get(placeOf(parent)) ?? 0) + hits)
    byFunction.set(where, entry)
    const owner = node.callFrame.url ? packageOf(node.callFrame.url) : packageOf(parent?.callFrame.url ?? '')
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + hits)
    total += hits
  }
  return {
    functions: [...byFunction]
      .sort((a, b) => b[1].hits - a[1].hits)
      .slice(0, top)
      .map(([where, { hits, callers }]) => ({ share: hits / total, where, caller: [...callers].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '' })),
    packages: [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, hits]) => ({ share: hits / total, name })),
  }
}

function placeOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  return `${functionName || '(anonyme)'} ${url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/')}:${lineNumber + 1}`
}

/** node_modules/<package>, node's own modules, or our file: where a sample's time belongs. */
function packageOf(url: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (dependency) return dependency
  if (url.startsWith('node:')) return `node (${url.slice(5).split('/')[0]})`
  const own = /\/((?:src|bench)\/.*)$/.exec(url)?.[1]
  return own ?? '(natif, appelant inconnu)'
}
