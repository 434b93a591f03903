// The notification letter, rendered and stored as a file of the assuré, ready to be attached to
// a message of their messagerie.
import { createHash } from 'node:crypto'
import type { Queryable } from '../../platform/db/pool.ts'
import { findOrganismeInstructeur } from '../../shared/caisses.ts'
import { todayInParis, type LocalDate } from '../../shared/dates.ts'
import type { SubmittedSnapshot } from '../../documents/demande-copy-pdf.ts'
import { insertStoredFile } from '../../documents/stored-files.ts'
import { decisionLetterFileName, renderDecisionLetter } from '../../documents/letters/decision-letter.ts'
import type { Notice } from '../domain/decision-notification.ts'

export type DecidedDemande = { assureId: string; numero: string; organismeCode: string; receivedAt: Date; submitted: SubmittedSnapshot }

export async function storeDecisionLetter(tx: Queryable, demande: DecidedDemande, notified: Notice, date: LocalDate): Promise<string> {
  const organisme = findOrganismeInstructeur(demande.organismeCode)
  if (!organisme) throw new Error(`unknown organisme ${demande.organismeCode}`)
  const { identity } = demande.submitted
  const bytes = Buffer.from(await renderDecisionLetter({
    organisme,
    assure: { nom: identity.nom, prenoms: identity.prenoms, nir: identity.nir, adresse: identity.adresse },
    numero: demande.numero,
    receivedOn: todayInParis(demande.receivedAt),
    date,
    notified,
  }))
  return insertStoredFile(tx, demande.assureId, {
    mediaType: 'application/pdf',
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    displayName: decisionLetterFileName(demande.numero),
  })
}
