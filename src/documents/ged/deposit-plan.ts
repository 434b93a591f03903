// What a demande sends to the GED, without I/O: one deposit per document (the Cerfa reconstitué
// and each justificatif), each named by a key that stays the same however often it is planned,
// and the index that goes with each.
import { createHash } from 'node:crypto'
import type { DocumentKind } from '../../demarche/domain/documents.ts'
import { findOrganismeInstructeur } from '../../shared/caisses.ts'
import { todayInParis } from '../../shared/dates.ts'
import type { AcceptedMediaType } from '../inspect-upload.ts'
import { CERFA_GED_TYPE, fileExtension, GedError, gedIndexSchema, gedTypeOfDocumentKind, type GedDocumentType, type GedIndex } from './ged-port.ts'

export type PlannedDeposit = { depositKey: string; documentType: GedDocumentType; fileId: string }

export function plannedDeposits(demande: { numero: string; cerfaFileId: string | null; documents: ReadonlyArray<{ kind: DocumentKind; fileId: string }> }): PlannedDeposit[] {
  const planned = [
    ...(demande.cerfaFileId ? [{ documentType: CERFA_GED_TYPE, fileId: demande.cerfaFileId }] : []),
    ...demande.documents.map((document) => ({ documentType: gedTypeOfDocumentKind[document.kind], fileId: document.fileId })),
  ]
  return planned.map((deposit) => ({ ...deposit, depositKey: `${demande.numero}-${deposit.documentType}-${deposit.fileId}` }))
}

export type IndexSource = {
  depositKey: string
  documentType: GedDocumentType
  mediaType: AcceptedMediaType
  content: Buffer
  numero: string
  receivedAt: Date
  organismeCode: string
  identity: { nir: string; nom: string; prenoms: string; dateNaissance: string } | null
}

/** The index of one document; data that would make an invalid index is a permanent failure. */
export function gedIndexFor(source: IndexSource): GedIndex {
  const parsed = gedIndexSchema.safeParse({
    type: source.documentType,
    nir: source.identity?.nir,
    nom: source.identity?.nom,
    prenom: source.identity?.prenoms,
    dateNaissance: source.identity?.dateNaissance,
    organismeDestinataire: organismeDestinataire(source.organismeCode),
    dateReception: todayInParis(source.receivedAt),
    numeroDemande: source.numero,
    checksum: createHash('sha256').update(source.content).digest('hex'),
    fileName: `${source.depositKey}.${fileExtension(source.mediaType)}`,
    mediaType: source.mediaType,
  })
  if (!parsed.success) throw new GedError('index-invalide')
  return parsed.data
}

function organismeDestinataire(code: string): { code: string; nom: string } | undefined {
  const organisme = findOrganismeInstructeur(code)
  return organisme && { code: organisme.code, nom: organisme.name }
}
