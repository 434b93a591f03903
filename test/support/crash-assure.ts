// One assuré of the crash test's stream, driven over HTTP: signs in, fills each page, uploads the
// avis d'imposition, sends the demande and reads its acknowledgment. When the service dies under
// a request, the assuré does what a person does once the service is back: sends the page again;
// before uploading again, reloads the list of justificatifs to see whether the file got there.
// The trace says what the screen confirmed to this person.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import type { Pool } from '../../src/platform/db/pool.ts'
import type { PageId } from '../../src/demarche/domain/answers.ts'
import { BASE, forms, get, postForm, salariePath, savedAnswers, savePage, upload, visibleText, type Form } from './demarche.ts'
import { assureClaims, signInAs } from './sign-in.ts'
import { ConnectionLost, halfSentOverHttp } from './crash-http.ts'
import type { CrashProcess } from './crash-process.ts'

export type AssureTrace = {
  assureId: string
  email: string
  /** The answers of each page whose save the service confirmed (303 to the next page). */
  confirmed: Array<{ page: PageId; answers: Record<string, unknown> }>
  uploadName: string
  /** The demande whose acknowledgment page the assuré saw. */
  acknowledged: { demandeId: string; numero: string } | null
  /** Requests the service did not answer because it died. */
  interruptions: number
}

export type Stream = { baseUrl: string; http: FastifyInstance; pool: Pool; service: CrashProcess; pdf: Buffer; isOver(): boolean }

const GIVE_UP_AFTER_MS = 60_000

export async function assureJourney(stream: Stream, index: number): Promise<AssureTrace> {
  const { http, pool } = stream
  const email = `assure-${index}@example.fr`
  const trace: AssureTrace = { assureId: '', email, confirmed: [], uploadName: `avis-imposition-${index}.pdf`, acknowledged: null, interruptions: 0 }
  const again = <T>(action: () => Promise<T>) => persist(stream, trace, action)

  const user = await again(() => signInAs(http, pool, assureClaims({ email })))
  trace.assureId = user.assureId
  for (const [page, form, next, answers] of pathOf(index)) {
    expectRedirect(await again(() => savePage(http, user, page, form)), `${BASE}/${next}`, page)
    trace.confirmed.push({ page, answers })
  }

  await again(async () => {
    const pieces = await get(http, user, `${BASE}/pieces-justificatives`)
    if (pieces.statusCode !== 200) throw new Error(`pièces justificatives : ${pieces.statusCode}`)
    if (visibleText(pieces.body).includes(trace.uploadName)) return
    const client = stream.service.claimMidUpload() ? halfSentOverHttp(stream.baseUrl, stream.service.kill) : http
    const sent = await upload(client, user, 'avis-imposition', [{ filename: trace.uploadName, contentType: 'application/pdf', bytes: stream.pdf }])
    expectRedirect(sent, `${BASE}/pieces-justificatives`, 'téléversement')
  })

  const sent = await again(() => postForm(http, user, `${BASE}/envoyer`, {}))
  const demandeId = new RegExp(`^${BASE}/([0-9a-f-]{36})/accuse-de-reception$`).exec(String(sent.headers.location))?.[1]
  if (sent.statusCode !== 303 || !demandeId) throw new Error(`envoi : ${sent.statusCode} ${String(sent.headers.location)}`)
  const shown = await again(() => get(http, user, `${BASE}/${demandeId}/accuse-de-reception`))
  const text = visibleText(shown.body)
  const numero = /Numéro de votre demande (PI-\d{4}-\d{7})/.exec(text)?.[1]
  if (shown.statusCode !== 200 || !text.includes('Votre demande a été envoyée') || !numero) throw new Error(`accusé de réception : ${shown.statusCode}`)
  trace.acknowledged = { demandeId, numero }
  return trace
}

/** The salariée's path, her employer named after her so that answers cannot be mixed up. */
function pathOf(index: number): Array<[PageId, Form, string, Record<string, unknown>]> {
  const employeurNom = `Entreprise numéro ${index}`
  const saved: Partial<Record<PageId, Record<string, unknown>>> = {
    'informations-generales': savedAnswers.informationsGenerales,
    coordonnees: savedAnswers.francaise,
    'situation-professionnelle': savedAnswers.salarie,
    'plusieurs-employeurs': savedAnswers.unEmployeur,
    employeur: { ...savedAnswers.employeur, employeurNom },
    'informations-complementaires': savedAnswers.complementaires,
    recapitulatif: savedAnswers.attestation,
  }
  return salariePath.map(([page, form, next]) => [page, page === 'employeur' ? { ...forms.employeur, employeurNom } : form, next, saved[page]!])
}

/** Runs `action` until the service answers it, waiting for the service to be back after each loss. */
async function persist<T>(stream: Stream, trace: AssureTrace, action: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + GIVE_UP_AFTER_MS
  for (;;) {
    try {
      return await action()
    } catch (error) {
      if (!(error instanceof ConnectionLost) || stream.isOver() || Date.now() > giveUpAt) throw error
      trace.interruptions++
      await Promise.race([stream.service.whenUp(), sleep(Math.max(0, giveUpAt - Date.now()), undefined, { ref: false })])
      await sleep(50)
    }
  }
}

function expectRedirect(response: { statusCode: number; headers: Record<string, unknown> }, location: string, step: string): void {
  if (response.statusCode !== 303 || response.headers.location !== location) {
    throw new Error(`${step} : ${response.statusCode} ${String(response.headers.location)} au lieu de 303 ${location}`)
  }
}
