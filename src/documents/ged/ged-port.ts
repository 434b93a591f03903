// The GED (« Diadème ») behind one port: a document, its type and its index go in, the GED's
// reference comes out. Every adapter is idempotent by the deposit key: a second deposit of the
// same key returns the first reference and writes nothing new; the same key with other content is
// a conflict. That is what lets a job deposit again after a crash without making a second copy.
import { z } from 'zod'
import type { DocumentKind } from '../../demarche/domain/documents.ts'
import { validateNir } from '../../shared/identifiers/nir.ts'
import type { AcceptedMediaType } from '../inspect-upload.ts'

export const GED_DOCUMENT_TYPES = [
  'demande-pension-invalidite',
  'avis-imposition',
  'titre-sejour',
  'notification-rente',
  'notification-pension',
  'pension-militaire',
] as const
export type GedDocumentType = (typeof GED_DOCUMENT_TYPES)[number]

export const gedDocumentTypeLabel: Record<GedDocumentType, string> = {
  'demande-pension-invalidite': "Demande de pension d'invalidité",
  'avis-imposition': "Avis d'imposition",
  'titre-sejour': 'Titre de séjour',
  'notification-rente': "Notification de rente d'accident du travail ou de maladie professionnelle",
  'notification-pension': "Notification de pension d'un autre régime",
  'pension-militaire': 'Notification de pension militaire',
}

/** The Cerfa reconstitué is the demande itself; each justificatif keeps its kind. */
export const CERFA_GED_TYPE: GedDocumentType = 'demande-pension-invalidite'

export const gedTypeOfDocumentKind: Record<DocumentKind, GedDocumentType> = {
  'avis-imposition': 'avis-imposition',
  'titre-sejour': 'titre-sejour',
  'notification-rente': 'notification-rente',
  'notification-pension': 'notification-pension',
  'pension-militaire': 'pension-militaire',
}

const extensionOfMediaType: Record<AcceptedMediaType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
}

export function fileExtension(mediaType: AcceptedMediaType): string {
  return extensionOfMediaType[mediaType]
}

// A deposit key names files in the GED: letters, digits, '-', '_' and '.', never a leading dot
// (hidden and temporary files start with one), never a path.
export const depositKeySchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/)

export const gedIndexSchema = z.object({
  type: z.enum(GED_DOCUMENT_TYPES),
  nir: z.string().refine((nir) => validateNir(nir).ok),
  nom: z.string().min(1),
  prenom: z.string().min(1),
  dateNaissance: z.iso.date(),
  organismeDestinataire: z.object({ code: z.string().min(1), nom: z.string().min(1) }),
  dateReception: z.iso.date(),
  numeroDemande: z.string().min(1),
  /** SHA-256 of the document, in hexadecimal. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
})
export type GedIndex = z.infer<typeof gedIndexSchema>

export type GedDocument = { depositKey: string; index: GedIndex; content: Buffer }

export type GedAdapter = { deposit(document: GedDocument): Promise<{ reference: string }> }

// Codes, never personal data: they go into ged_deposit.last_error, the job queue and the logs.
export type GedErrorCode =
  | 'ged-conflit' // the key is already in the GED with other content: retrying cannot help
  | 'ged-refus' // the GED refused the request as malformed or too large
  | 'ged-acces-refuse' // a token to fix in the configuration: retried meanwhile
  | 'ged-indisponible'
  | 'ged-injoignable'
  | 'ged-delai-depasse'
  | 'ged-reponse-invalide'
  | 'index-invalide' // the demande's data do not make a valid index

const PERMANENT: ReadonlySet<GedErrorCode> = new Set(['ged-conflit', 'ged-refus', 'index-invalide'])

export class GedError extends Error {
  readonly code: GedErrorCode
  readonly permanent: boolean

  constructor(code: GedErrorCode, status?: number) {
    super(status === undefined ? code : `${code} (HTTP ${status})`)
    this.name = 'GedError'
    this.code = code
    this.permanent = PERMANENT.has(code)
  }
}

