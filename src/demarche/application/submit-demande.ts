// « Envoyer ma demande »: one transaction locks the draft, records the receipt and the answer-due
// date, moves it to « reçue », writes the acknowledgment into the messagerie and queues what
// follows. Replayed (double click, back button, a resent POST), it finds the demande already
// received and answers the same.
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { failpoint } from '../../platform/failpoints.ts'
import { findCaisse } from '../../shared/caisses.ts'
import { todayInParis } from '../../shared/dates.ts'
import { postMessageToAssure } from '../../messagerie/post-message.ts'
import { enqueueJob } from '../../platform/jobs/queue.ts'
import { findAssureProfile } from '../../identity/assure-repository.ts'
import { answerDueDate } from '../domain/answer-due-date.ts'
import { accuseReceptionMessage } from '../domain/accuse-reception.ts'
import { isReadyToSubmit } from '../domain/journey.ts'
import { requiredDocuments } from '../domain/documents.ts'
import { findDemandeInProgress, listDocuments, recordEvent, type Demande, type DemandeDocument } from '../infrastructure/demande-repository.ts'

export type Channel = 'web-ordinateur' | 'web-mobile' | 'web-tablette' | 'borne' | 'api'

// A refusal carries the draft as it was read, for the page that tells what is missing.
export type SubmitResult =
  | { ok: true; demandeId: string; numero: string }
  | { ok: false; reason: 'no-draft' }
  | { ok: false; reason: 'incomplete'; demande: Demande }
  | { ok: false; reason: 'missing-documents'; demande: Demande; documents: DemandeDocument[] }

export async function submitDemande(pool: Pool, input: { assureId: string; channel: Channel; now: Date }): Promise<SubmitResult> {
  const result = await withTransaction(pool, async (tx): Promise<SubmitResult> => {
    const demande = await findDemandeInProgress(tx, input.assureId, { forUpdate: true })
    if (!demande) return { ok: false, reason: 'no-draft' }
    if (demande.state !== 'brouillon') return { ok: true, demandeId: demande.id, numero: demande.numero! }
    if (!isReadyToSubmit(demande.answers)) return { ok: false, reason: 'incomplete', demande }
    const documents = await listDocuments(tx, demande.id)
    const missing = requiredDocuments(demande.answers).filter((d) => d.required && !documents.some((doc) => doc.kind === d.kind))
    if (missing.length > 0) return { ok: false, reason: 'missing-documents', demande, documents }

    const assure = await findAssureProfile(tx, input.assureId)
    const caisse = findCaisse(demande.caisseCode)
    if (!caisse) throw new Error(`unknown caisse ${demande.caisseCode}`)
    const receivedOn = todayInParis(input.now)
    const answerDueOn = answerDueDate({ receivedOn, suspensions: [], today: receivedOn })
    const { rows } = await tx.query<{ numero: string }>(
      `update demande set state = 'recue', received_at = $2, answer_due_on = $3, channel = $4,
              numero = 'PI-' || to_char($2::timestamptz at time zone 'Europe/Paris', 'YYYY') || '-' || lpad(nextval('demande_numero_seq')::text, 7, '0'),
              submitted = $5, updated_at = now()
        where id = $1 returning numero`,
      [demande.id, input.now, answerDueOn, input.channel,
        JSON.stringify({ identity: assure, answers: demande.answers, documents: documents.map(({ kind, displayName, mediaType, byteSize }) => ({ kind, displayName, mediaType, byteSize })) })],
    )
    await recordEvent(tx, demande.id, 'assure', 'demande_recue', { channel: input.channel })
    await postMessageToAssure(tx, { assureId: input.assureId, demandeId: demande.id, kind: 'accuse_reception', ...accuseReceptionMessage({ receivedOn, answerDueOn, caisse }) })
    // The document chain starts here: the Cerfa reconstitué, then its deposit in the GED.
    await enqueueJob(tx, 'generate-cerfa', { demandeId: demande.id }, `cerfa:${demande.id}`)
    failpoint('submit.before-commit')
    return { ok: true, demandeId: demande.id, numero: rows[0]!.numero }
  })
  failpoint('submit.after-commit')
  return result
}
