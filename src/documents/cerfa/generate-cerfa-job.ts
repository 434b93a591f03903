// The job 'generate-cerfa' {demandeId}, queued by the submission: the Cerfa reconstitué is written
// here and never in the assuré's request. One transaction locks the demande, renders the Cerfa,
// stores it, records it on the demande and plans the deposits in the GED, so that the Cerfa and
// its deposits commit or vanish together. With a GED at hand the same job then delivers them
// (deliver-deposits.ts); without, each deposit gets a job of its own. Jobs run at least once: a
// second run finds cerfa_file_id set and only delivers what is still to deliver.
import { createHash } from 'node:crypto'
import type { Task } from 'graphile-worker'
import { z } from 'zod'
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { failpoint } from '../../platform/failpoints.ts'
import { findOrganismeInstructeur } from '../../shared/caisses.ts'
import type { SubmittedSnapshot } from '../demande-copy-pdf.ts'
import { deliverDepositsOfDemande } from '../ged/deliver-deposits.ts'
import type { GedAdapter } from '../ged/ged-port.ts'
import { scheduleGedDeposits } from '../ged/schedule-deposits.ts'
import { insertStoredFile } from '../stored-files.ts'
import { renderCerfa } from './render-cerfa.ts'

const payloadSchema = z.object({ demandeId: z.uuid() })

export function createGenerateCerfaTask(deps: { pool: Pool; ged?: GedAdapter }): Task {
  return async (payload) => {
    const { demandeId } = payloadSchema.parse(payload)
    if (!deps.ged) return generateCerfa(deps.pool, demandeId)
    await generateCerfa(deps.pool, demandeId, { queueDeposits: false })
    await deliverDepositsOfDemande({ pool: deps.pool, adapter: deps.ged }, demandeId)
  }
}

type SubmittedDemande = {
  assureId: string
  numero: string
  receivedAt: Date
  channel: string
  organismeCode: string
  submitted: SubmittedSnapshot
  cerfaFileId: string | null
}

/** queueDeposits: false when the caller delivers the deposits itself once this has committed. */
export async function generateCerfa(pool: Pool, demandeId: string, options: { queueDeposits: boolean } = { queueDeposits: true }): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<SubmittedDemande>(
      `select assure_id as "assureId", numero, received_at as "receivedAt", channel,
              organisme_code as "organismeCode", submitted, cerfa_file_id as "cerfaFileId"
         from demande where id = $1 and submitted is not null
          for update`,
      [demandeId],
    )
    const demande = rows[0]
    if (!demande) throw new Error(`no submitted demande ${demandeId}`)
    if (demande.cerfaFileId) return
    const organisme = findOrganismeInstructeur(demande.organismeCode)
    if (!organisme) throw new Error(`unknown organisme ${demande.organismeCode} for demande ${demandeId}`)

    const bytes = Buffer.from(await renderCerfa({ numero: demande.numero, receivedAt: demande.receivedAt, channel: demande.channel, organisme, submitted: demande.submitted }))
    const fileId = await insertStoredFile(tx, demande.assureId, {
      mediaType: 'application/pdf',
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      displayName: `cerfa-S4150-${demande.numero}.pdf`,
    })
    await tx.query('update demande set cerfa_file_id = $2, updated_at = now() where id = $1', [demandeId, fileId])
    await scheduleGedDeposits(tx, demandeId, { queue: options.queueDeposits })
    failpoint('cerfa.before-commit')
  })
}
