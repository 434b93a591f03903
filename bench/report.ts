// What the bench prints: the latencies per step, the page weights, memory and CPU, the invariants,
// the CPU profile's hot spots when asked, the figures, and last the figures as one JSON line.
import { readdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { IDENTITY_PROVIDER_STEP } from './assure.ts'
import type { LoadResult } from './load.ts'
import type { PageWeights } from './page-weights.ts'
import { median, percentile, profileHotspots } from './stats.ts'

export type BenchResult = {
  settings: { concurrency: number; instances: number; duration: number; long: boolean }
  interactive: LoadResult & { serviceCpu: number; benchCpu: number; providerCpu: number; machineCpu: number }
  pipeline: { demandes: number; deposits: number; seconds: number }
  endToEnd: LoadResult & { completedIn: number; serviceCpu: number; benchCpu: number; providerCpu: number; machineCpu: number }
  ceiling: { count: number; seconds: number; errors: Map<string, number> }
  weights: PageWeights
  memory: { idle: number; peak: number; firstMinute: number; lastMinute: number }
  invariants: { problems: string[]; summary: string }
  profileDir: string | null
}

export function printReport(result: BenchResult): void {
  const { interactive, pipeline, endToEnd, ceiling, weights, memory, invariants, settings } = result
  console.log('\nLatence par étape, phase (a) (ms)     nombre     p50     p95     p99   octets transférés')
  for (const [step, values] of interactive.timings.latencies) {
    const bytes = median(interactive.timings.bytes.get(step)!)
    console.log(`  ${step.padEnd(34)} ${String(values.length).padStart(7)} ${ms(percentile(values, 50))} ${ms(percentile(values, 95))} ${ms(percentile(values, 99))} ${String(Math.round(bytes)).padStart(10)}`)
  }
  console.log(`\nPoids des pages (tels que transférés) : première visite de la démarche ${kb(weights.firstVisit)} Ko (HTML ${kb(weights.html)} Ko + ${weights.assets.map((a) => `${a.path} ${kb(a.bytes)} Ko`).join(' + ')}), étape suivante ${kb(weights.nextStep)} Ko`)
  const flatness = settings.long ? ` ; phase (c) : ${memory.firstMinute.toFixed(0)} Mo en moyenne la première minute, ${memory.lastMinute.toFixed(0)} Mo la dernière` : ''
  console.log(`Mémoire du service (RSS) : au repos ${memory.idle.toFixed(0)} Mo, pic ${memory.peak.toFixed(0)} Mo${flatness}`)
  for (const [name, phase, perDemarche] of [['(a)', interactive, true], ['(c)', endToEnd, false]] as const) {
    const cost = perDemarche ? ` (${(phase.serviceCpu * 1000 / Math.max(1, phase.ids.length)).toFixed(1)} ms par démarche)` : ''
    console.log(`CPU ${name} : service ${percent(phase.serviceCpu / phase.seconds)} d'un cœur${cost}, générateur de charge ${percent(phase.benchCpu / phase.seconds)}`)
  }
  // Where the machine's CPU went in (a), per démarche: what is neither the service, the provider
  // nor the load generator is PostgreSQL (and the kernel's share of the others' I/O).
  const perDemarche = (seconds: number) => (seconds * 1000 / Math.max(1, interactive.ids.length)).toFixed(1)
  const rest = interactive.machineCpu - interactive.serviceCpu - interactive.providerCpu - interactive.benchCpu
  console.log(`CPU de la machine par démarche (a) : ${perDemarche(interactive.machineCpu)} ms en tout (machine occupée à ${percent(interactive.machineCpu / interactive.seconds / availableParallelism())} de ses ${availableParallelism()} cœurs) — service ${perDemarche(interactive.serviceCpu)} ms, fournisseur d'identité ${perDemarche(interactive.providerCpu)} ms, générateur de charge ${perDemarche(interactive.benchCpu)} ms, PostgreSQL et le reste ${perDemarche(rest)} ms`)
  console.log(`Invariants : ${invariants.problems.length === 0 ? `tenus — ${invariants.summary}` : `VIOLÉS — ${invariants.problems.join(' ; ')}`}`)
  if (result.profileDir) printProfile(result.profileDir)

  const figures = {
    demandes_per_s: round(endToEnd.ids.length / endToEnd.completedIn),
    interactive_demandes_per_s: round(interactive.ids.length / interactive.seconds),
    ceiling_demandes_per_s: round(ceiling.count / ceiling.seconds),
    ratio: round(interactive.ids.length / interactive.seconds / (ceiling.count / ceiling.seconds), 2),
    documents_per_s: round(pipeline.deposits / pipeline.seconds),
    cerfa_per_s: round(pipeline.demandes / pipeline.seconds),
    machine_cpu_ms_per_demande: round(interactive.machineCpu * 1000 / Math.max(1, interactive.ids.length)),
    ...worstStep(interactive),
    upload_p99_ms: round(percentile(interactive.timings.latencies.get('upload') ?? [], 99)),
    rss_mb: round(memory.peak),
    ...(settings.long ? { rss_first_minute_mb: round(memory.firstMinute), rss_last_minute_mb: round(memory.lastMinute) } : {}),
    first_visit_kb: round(weights.firstVisit / 1024),
    next_step_kb: round(weights.nextStep / 1024),
    concurrency: settings.concurrency,
    instances: settings.instances,
    duration_s: settings.duration,
    errors: [interactive.errors, endToEnd.errors, ceiling.errors].reduce((sum, errors) => sum + [...errors.values()].reduce((a, b) => a + b, 0), 0),
    invariants_ok: invariants.problems.length === 0,
  }
  console.log(`\nDemandes complètes, de bout en bout (envoyées et déposées en GED) : ${figures.demandes_per_s} /s`)
  console.log(`Parcours interactif seul : ${figures.interactive_demandes_per_s} demandes/s ; plafond de la machine (les mêmes instructions SQL par le seul pilote) : ${figures.ceiling_demandes_per_s} /s ; rapport ${figures.ratio}`)
  console.log(`Chaîne documentaire seule : ${figures.documents_per_s} documents/s (${figures.cerfa_per_s} Cerfa/s)`)
  console.log(`Étape la plus lente : ${figures.p99_step} (p99 ${figures.p99_ms} ms)`)
  console.log(JSON.stringify(figures))
}

export function errorsText(errors: Map<string, number>): string {
  return errors.size === 0 ? '' : ` — ERREURS : ${[...errors].map(([message, times]) => `${times} × ${message}`).join(' ; ')}`
}

/** The statements a démarche sends most often, with how many times per démarche. */
export function mostFrequent(texts: string[], demarches: number): string {
  const counts = new Map<string, number>()
  for (const text of texts) {
    const short = text.replace(/\s+/g, ' ').trim().slice(0, 60)
    counts.set(short, (counts.get(short) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([text, times]) => `${(times / demarches).toFixed(1)} × « ${text}… »`).join(', ')
}

function worstStep(interactive: LoadResult): { p99_ms: number; p99_step: string } {
  let worst = { p99_ms: 0, p99_step: '' }
  for (const [step, values] of interactive.timings.latencies) {
    if (step !== IDENTITY_PROVIDER_STEP && percentile(values, 99) > worst.p99_ms) worst = { p99_ms: round(percentile(values, 99)), p99_step: step }
  }
  return worst
}

function printProfile(profileDir: string): void {
  for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
    const { functions, packages } = profileHotspots(join(profileDir, file))
    console.log(`\nProfil CPU du service (${join(profileDir, file)}), temps propre par fonction (← son appelant principal) :`)
    for (const spot of functions) console.log(`  ${percent(spot.share).padStart(6)}  ${spot.where}  ← ${spot.caller}`)
    console.log(`Temps propre par paquet : ${packages.map((p) => `${p.name} ${percent(p.share)}`).join(', ')}`)
  }
}

const ms = (value: number) => value.toFixed(1).padStart(7)
const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const percent = (share: number) => `${(share * 100).toFixed(1)} %`
const round = (value: number, digits = 1) => Number(value.toFixed(digits))
