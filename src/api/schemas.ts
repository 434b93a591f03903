// The bodies of the JSON API, each written once: the schema types the view that builds the body
// and becomes its description in the OpenAPI document (openapi.ts). A page's answers are the page's
// own schema from the démarche (pageSchemas), the one that validates what the API receives.
import { z } from 'zod'
import { HORS_TELESERVICE, PAGE_IDS, type PageId } from '../demarche/domain/answers.ts'
import { DOCUMENT_KINDS } from '../demarche/domain/documents.ts'
import { DECIDED_STATES, INSTRUCTION_STATES } from '../demarche/domain/demande-state.ts'
import { STEP_COUNT } from '../demarche/domain/journey.ts'
import { pageTitle } from '../demarche/domain/labels.ts'
import { pageSchemas } from '../demarche/domain/schemas/page-schemas.ts'
import type { PageContext } from '../demarche/domain/schemas/field-schemas.ts'
import type { LocalDate } from '../shared/dates.ts'

/** Every schema with a name in the document's components. */
export const apiSchemas = z.registry<{ id: string; description?: string }>()

/** The pages whose answers the API reads and saves; the justificatifs have their own routes. */
export type AnswerPage = Exclude<PageId, 'pieces-justificatives'>
export const ANSWER_PAGES = PAGE_IDS.filter((page): page is AnswerPage => page !== 'pieces-justificatives')

export function forEachAnswerPage<T>(make: (page: AnswerPage) => T): Record<AnswerPage, T> {
  return Object.fromEntries(ANSWER_PAGES.map((page) => [page, make(page)])) as Record<AnswerPage, T>
}

// A page schema's JSON Schema does not depend on the dates its refinements compare with.
const DOCUMENTATION_CONTEXT: PageContext = { today: '2000-01-01' as LocalDate, dateNaissance: '1900-01-01' as LocalDate }

export const pageAnswersSchemas = forEachAnswerPage((page) =>
  pageSchemas[page](DOCUMENTATION_CONTEXT).register(apiSchemas, {
    id: `PageAnswers.${page}`,
    description: `Les réponses de l'étape « ${pageTitle[page]} ». Les questions posées (et donc requises) dépendent des réponses : une réponse manquante ou invalide est signalée par une erreur 422 par champ.`,
  }),
)

const pageIdSchema = z.enum(PAGE_IDS)
const destinationSchema = z.enum([...PAGE_IDS, HORS_TELESERVICE])
const uuid = z.uuid()
const dateTime = z.iso.datetime()
const localDate = z.iso.date()

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.strictObject({ field: z.string().nullable(), message: z.string() })).optional(),
    currentPage: destinationSchema.optional(),
    demandeId: uuid.optional(),
  })
  .register(apiSchemas, {
    id: 'Problem',
    description: "Un problème (RFC 9457), en français. `errors` : une erreur par champ, dans l'ordre de la page ; `currentPage` : l'étape où reprendre ; `demandeId` : la demande déjà envoyée.",
  })

const stepSchema = z.strictObject({ number: z.int().min(1).max(STEP_COUNT), total: z.literal(STEP_COUNT), title: z.string() })

export const demandeSummarySchema = z
  .strictObject({
    id: uuid,
    numero: z.string().nullable(),
    state: z.enum(['brouillon', ...INSTRUCTION_STATES, ...DECIDED_STATES]),
    stateLabel: z.string(),
    receivedAt: dateTime.nullable(),
    answerDueOn: localDate.nullable(),
  })
  .register(apiSchemas, { id: 'DemandeSummary' })

export const mesDemarchesSchema = z
  .strictObject({ demandes: z.array(demandeSummarySchema) })
  .register(apiSchemas, { id: 'MesDemarches', description: 'Les demandes de l’assuré, la plus récente en premier ; un brouillon n’a ni numéro ni date de réception.' })

export const draftSchema = z
  .strictObject({
    id: uuid,
    currentPage: destinationSchema,
    readyToSubmit: z.boolean(),
    path: z.array(z.strictObject({ page: pageIdSchema, title: z.string(), step: stepSchema, complete: z.boolean() })),
    answers: z.strictObject(forEachAnswerPage((page) => pageAnswersSchemas[page].optional())),
    horsTeleservice: z.strictObject({ paragraphs: z.array(z.string()), cerfaUrl: z.url(), cerfaLinkText: z.string() }).optional(),
  })
  .register(apiSchemas, {
    id: 'Draft',
    description: "Le brouillon : les pages du parcours que les réponses dessinent, les réponses page par page, l'étape où reprendre (`hors-teleservice` : plusieurs employeurs, la demande se fait sur le formulaire papier).",
  })

const recapRowSchema = z.strictObject({ key: z.string(), label: z.string(), value: z.string() })

const fieldSchema = z.strictObject({
  name: z.string(),
  label: z.string(),
  hint: z.string().optional(),
  options: z.array(z.strictObject({ value: z.string(), label: z.string() })).optional(),
})

export const pageViewSchemas = forEachAnswerPage((page) =>
  z
    .strictObject({
      page: z.literal(page),
      title: z.string(),
      step: stepSchema,
      previousPage: pageIdSchema.nullable(),
      fields: z.array(fieldSchema),
      answers: pageAnswersSchemas[page],
      nextSteps: z.array(z.string()).optional(),
      identity: z.array(recapRowSchema).optional(),
    })
    .register(apiSchemas, { id: `PageView.${page}`, description: 'Une étape : son titre, ses questions (libellés, aides, choix), les réponses enregistrées.' }),
)

export const savedPageSchemas = forEachAnswerPage((page) =>
  z
    .strictObject({ page: z.literal(page), answers: pageAnswersSchemas[page], nextPage: destinationSchema, readyToSubmit: z.boolean() })
    .register(apiSchemas, { id: `SavedPage.${page}`, description: "Les réponses enregistrées et l'étape suivante." }),
)

export const recapitulatifSchema = z
  .strictObject({
    sections: z.array(z.strictObject({ title: z.string(), page: pageIdSchema, rows: z.array(recapRowSchema) })),
    attestation: z.strictObject({ label: z.string(), notice: z.string(), given: z.boolean() }),
  })
  .register(apiSchemas, { id: 'Recapitulatif', description: 'Chaque réponse en toutes lettres, par section ; `page` : où la modifier.' })

export const documentsSchema = z
  .strictObject({
    documents: z.array(
      z.strictObject({
        kind: z.enum(DOCUMENT_KINDS),
        label: z.string(),
        hint: z.string(),
        required: z.boolean(),
        files: z.array(z.strictObject({ id: uuid, displayName: z.string(), mediaType: z.string(), byteSize: z.int().positive() })),
      }),
    ),
    fileFormatHint: z.string(),
    maxFilesPerDocument: z.int(),
  })
  .register(apiSchemas, { id: 'Documents', description: 'Les justificatifs que les réponses demandent, et les fichiers déjà déposés pour chacun.' })

export const documentUploadSchema = z
  .object({
    type: z.enum(DOCUMENT_KINDS),
    fichiers: z.array(z.string().meta({ contentMediaType: 'application/octet-stream' })),
  })
  .register(apiSchemas, { id: 'DocumentUpload', description: 'Le justificatif (`type`) et un ou plusieurs fichiers PDF, JPEG ou PNG de 10 Mo au plus, jugés sur leur contenu.' })

export const accuseDeReceptionSchema = z
  .strictObject({
    demandeId: uuid,
    numero: z.string(),
    receivedAt: dateTime,
    answerDueOn: localDate,
    nextSteps: z.array(z.string()),
    messageId: uuid.nullable(),
  })
  .register(apiSchemas, {
    id: 'AccuseDeReception',
    description: "La demande envoyée : son numéro, sa date de réception, la date à laquelle la réponse est due, ce qui se passe ensuite, et l'accusé de réception déposé dans la messagerie.",
  })

const messageAuthorSchema = z.enum(['caisse', 'assure'])

export const messagesSchema = z
  .strictObject({
    unread: z.int(),
    messages: z.array(
      z.strictObject({ id: uuid, subject: z.string(), author: messageAuthorSchema, createdAt: dateTime, unread: z.boolean(), attachmentCount: z.int() }),
    ),
  })
  .register(apiSchemas, { id: 'Messages', description: 'La messagerie, le message le plus récent en premier.' })

export const messageSchema = z
  .strictObject({
    id: uuid,
    demandeId: uuid.nullable(),
    subject: z.string(),
    body: z.string(),
    author: messageAuthorSchema,
    createdAt: dateTime,
    inReplyTo: uuid.nullable(),
    attachments: z.array(z.strictObject({ fileId: uuid, displayName: z.string(), mediaType: z.string(), byteSize: z.int() })),
    replies: z.array(z.strictObject({ id: uuid, createdAt: dateTime })),
  })
  .register(apiSchemas, { id: 'Message' })

export type Problem = z.output<typeof problemSchema>
export type MesDemarches = z.output<typeof mesDemarchesSchema>
export type Draft = z.output<typeof draftSchema>
export type PageView = z.output<(typeof pageViewSchemas)[AnswerPage]>
export type SavedPage = z.output<(typeof savedPageSchemas)[AnswerPage]>
export type Recapitulatif = z.output<typeof recapitulatifSchema>
export type Documents = z.output<typeof documentsSchema>
export type AccuseDeReception = z.output<typeof accuseDeReceptionSchema>
export type Messages = z.output<typeof messagesSchema>
export type Message = z.output<typeof messageSchema>
