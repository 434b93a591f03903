// The PDF copy of a demande as it was sent, for the assuré who sent it: the web's « Mes démarches »
// and the JSON API give the same file.
import type { Queryable } from '../../platform/db/pool.ts'
import { renderDemandeCopy } from '../../documents/demande-copy-pdf.ts'
import { findSubmittedDemandeOfAssure, findSubmittedSnapshot } from '../infrastructure/demande-repository.ts'

export type DemandeCopy = { mediaType: 'application/pdf'; displayName: string; content: Uint8Array }

export async function demandeCopyOfAssure(db: Queryable, assureId: string, demandeId: string): Promise<DemandeCopy | null> {
  const demande = await findSubmittedDemandeOfAssure(db, assureId, demandeId)
  const submitted = demande && (await findSubmittedSnapshot(db, assureId, demande.id))
  if (!demande || !submitted) return null
  const content = await renderDemandeCopy({ numero: demande.numero!, receivedAt: demande.receivedAt!, answerDueOn: demande.answerDueOn!, submitted })
  return { mediaType: 'application/pdf', displayName: `demande-pension-invalidite-${demande.numero}.pdf`, content }
}
