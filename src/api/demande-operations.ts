// Sending the demande through the JSON API, and what follows: the acknowledgment and the PDF copy.
// The sending is the web's use case (submitDemande, channel 'api'); the Idempotency-Key lets the
// app replay a request whose answer it lost and get the same answer, without a second demande.
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Pool } from '../platform/db/pool.ts'
import { sendFile } from '../platform/web/send-file.ts'
import { missingDocumentMessage, missingDocuments } from '../demarche/domain/documents.ts'
import { firstIncompletePage } from '../demarche/domain/journey.ts'
import { submitDemande, type SubmitResult } from '../demarche/application/submit-demande.ts'
import { demandeCopyOfAssure } from '../demarche/application/demande-copy.ts'
import { findDemandeInProgress, findSubmittedDemandeOfAssure, listDocuments } from '../demarche/infrastructure/demande-repository.ts'
import { findAccuseReceptionMessageId } from '../messagerie/message-repository.ts'
import { DEMARCHE_PATH } from './demarche-operations.ts'
import { findKeptResponse, idempotencyKeyOf, keepResponse, type KeptResponse } from './idempotency-keys.ts'
import { json, problem, uuidParameter, type ApiOperation } from './operation.ts'
import { API_VERSION_PATH } from './openapi.ts'
import { problems, sendProblem, type ProblemInit } from './problems.ts'
import { accuseDeReceptionSchema, type AccuseDeReception } from './schemas.ts'
import { accuseDeReceptionView } from './views.ts'

const TAG = 'Demande envoyée'
const ENVOI_PATH = `${DEMARCHE_PATH}/envoi`
const ENVOI_REQUEST = `POST ${ENVOI_PATH}`
const NOT_FOUND = "Cette demande n'existe pas, n'est pas encore envoyée ou n'est pas accessible depuis votre compte."

type Deps = { pool: Pool; now: () => Date }

export function demandeOperations({ pool, now }: Deps): ApiOperation[] {
  async function refusal(assureId: string, reason: Extract<SubmitResult, { ok: false }>['reason']): Promise<ProblemInit> {
    const draft = await findDemandeInProgress(pool, assureId)
    if (!draft || reason === 'no-draft') return problems.noDraft()
    if (reason === 'incomplete') return problems.incomplete(firstIncompletePage(draft.answers))
    const uploaded = (await listDocuments(pool, draft.id)).map((document) => document.kind)
    return problems.missingDocuments(missingDocuments(draft.answers, uploaded).map((document) => ({ field: document.kind, message: missingDocumentMessage(document) })))
  }

  return [
    {
      method: 'post', path: ENVOI_PATH, operationId: 'envoyerDemande', tag: TAG,
      summary: 'Envoyer la demande',
      description: "Envoie le brouillon complet, justificatifs déposés : numéro, date de réception, accusé de réception dans la messagerie. L'en-tête Idempotency-Key est obligatoire : la même clé renvoyée redonne la même réponse, sans deuxième demande. Une clé n'est retenue qu'avec un envoi réussi.",
      parameters: [{
        name: 'Idempotency-Key', in: 'header', required: true, schema: z.string().min(1).max(255),
        description: "Une clé tirée par l'application pour cet envoi (par exemple un UUID), réutilisée telle quelle pour le renvoyer.",
      }],
      responses: {
        201: json('Demande envoyée (ou déjà envoyée sous cette clé) : son accusé de réception.', accuseDeReceptionSchema),
        400: problem('En-tête Idempotency-Key absent ou mal formé.'),
        404: problem('Aucune demande en cours.'),
        422: problem('Demande incomplète (`currentPage`), justificatif manquant (une erreur par justificatif), ou clé déjà utilisée pour une autre requête.'),
      },
      handler: async (request, reply, assureId) => {
        const key = idempotencyKeyOf(request.headers['idempotency-key'])
        if (!key) return sendProblem(reply, problems.idempotencyKeyMissing())
        const kept = await findKeptResponse(pool, assureId, key)
        if (kept) return replay(reply, kept)
        const result = await submitDemande(pool, { assureId, channel: 'api', now: now() })
        if (!result.ok) return sendProblem(reply, await refusal(assureId, result.reason))
        const demande = await findSubmittedDemandeOfAssure(pool, assureId, result.demandeId)
        if (!demande) throw new Error('submitted demande vanished')
        const body = accuseDeReceptionView(demande, await findAccuseReceptionMessageId(pool, assureId, demande.id))
        return replay(reply, await keepResponse(pool, assureId, key, { request: ENVOI_REQUEST, status: 201, body }))
      },
    },
    {
      method: 'get', path: '/demandes/{demandeId}/accuse-de-reception', operationId: 'accuseDeReception', tag: TAG,
      summary: "L'accusé de réception d'une demande envoyée",
      parameters: [uuidParameter('demandeId', 'La demande.')],
      responses: { 200: json('Numéro, date de réception, date de réponse due, suite de la démarche.', accuseDeReceptionSchema), 404: problem(NOT_FOUND) },
      handler: async (request, reply, assureId) => {
        const demande = await findSubmittedDemandeOfAssure(pool, assureId, (request.params as { demandeId: string }).demandeId)
        if (!demande) return sendProblem(reply, problems.notFound(NOT_FOUND))
        return reply.send(accuseDeReceptionView(demande, await findAccuseReceptionMessageId(pool, assureId, demande.id)))
      },
    },
    {
      method: 'get', path: '/demandes/{demandeId}/copie.pdf', operationId: 'copieDeLaDemande', tag: TAG,
      summary: 'La copie de la demande envoyée (PDF)',
      parameters: [uuidParameter('demandeId', 'La demande.')],
      responses: { 200: { description: 'La demande telle qu’envoyée.', files: ['application/pdf'] }, 404: problem(NOT_FOUND) },
      handler: async (request, reply, assureId) => {
        const copy = await demandeCopyOfAssure(pool, assureId, (request.params as { demandeId: string }).demandeId)
        if (!copy) return sendProblem(reply, problems.notFound(NOT_FOUND))
        return sendFile(reply, copy)
      },
    },
  ]
}

function replay(reply: FastifyReply, kept: KeptResponse): FastifyReply {
  if (kept.request !== ENVOI_REQUEST) return sendProblem(reply, problems.idempotencyKeyReused())
  const { demandeId } = kept.body as AccuseDeReception
  return reply.code(kept.status).header('location', `${API_VERSION_PATH}/demandes/${demandeId}/accuse-de-reception`).send(kept.body)
}
