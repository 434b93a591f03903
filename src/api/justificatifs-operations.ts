// The justificatifs through the JSON API: what the answers call for, the upload (each file judged
// by its content, by the same use case as the web page) and the removal of a file.
import type { FastifyReply } from 'fastify'
import type { Pool } from '../platform/db/pool.ts'
import { readMultipartForm } from '../platform/web/read-multipart-form.ts'
import { isUuid } from '../documents/stored-files.ts'
import { addDocuments, MAX_FILES_PER_DOCUMENT } from '../demarche/application/add-documents.ts'
import { listDocuments, removeDraftDocument } from '../demarche/infrastructure/demande-repository.ts'
import { DEMARCHE_PATH, draftAt, problemOf } from './demarche-operations.ts'
import { json, problem, uuidParameter, type ApiOperation } from './operation.ts'
import { problems, sendProblem } from './problems.ts'
import { documentsSchema, documentUploadSchema } from './schemas.ts'
import { documentsView } from './views.ts'

const TAG = 'Justificatifs'
const DOCUMENTS_PATH = `${DEMARCHE_PATH}/documents`

export function justificatifsOperations({ pool }: { pool: Pool }): ApiOperation[] {
  async function sendDocuments(reply: FastifyReply, assureId: string, status: number): Promise<FastifyReply> {
    const at = await draftAt(pool, assureId, 'pieces-justificatives')
    if ('problem' in at) return sendProblem(reply, at.problem)
    return reply.code(status).send(documentsView(at.answers, at.draft ? await listDocuments(pool, at.draft.id) : []))
  }

  return [
    {
      method: 'get', path: DOCUMENTS_PATH, operationId: 'justificatifs', tag: TAG,
      summary: 'Les justificatifs demandés et les fichiers déposés',
      responses: {
        200: json('Les justificatifs que les réponses demandent.', documentsSchema),
        409: problem('Demande déjà envoyée, ou étapes précédentes (attestation comprise) pas encore complètes.'),
      },
      handler: (request, reply, assureId) => sendDocuments(reply, assureId, 200),
    },
    {
      method: 'post', path: DOCUMENTS_PATH, operationId: 'deposerJustificatif', tag: TAG,
      summary: 'Déposer les fichiers d’un justificatif',
      description: `Champ \`type\` : le justificatif ; un ou plusieurs fichiers (${MAX_FILES_PER_DOCUMENT} au plus par justificatif). Un fichier refusé refuse tout l'envoi.`,
      requestBody: { mediaType: 'multipart/form-data', schema: documentUploadSchema },
      responses: {
        201: json('Fichiers enregistrés ; les justificatifs à jour.', documentsSchema),
        409: problem('Demande déjà envoyée, ou étapes précédentes pas encore complètes.'),
        422: problem('Justificatif non demandé (`type`) ou fichier refusé (`fichiers`) : format, taille, contenu illisible, trop de fichiers.'),
      },
      handler: async (request, reply, assureId) => {
        const at = await draftAt(pool, assureId, 'pieces-justificatives')
        if ('problem' in at) return sendProblem(reply, at.problem)
        if (!request.isMultipart()) return sendProblem(reply, problems.unsupportedMediaType())
        const form = await readMultipartForm(request, { maxFiles: MAX_FILES_PER_DOCUMENT })
        const result = await addDocuments(pool, { assureId, kind: form.fields.type ?? '', files: form.files })
        if (result.ok) return sendDocuments(reply, assureId, 201)
        if (result.reason === 'already-sent') return sendProblem(reply, problemOf(await draftAt(pool, assureId, 'pieces-justificatives')))
        return sendProblem(reply, problems.refusedFiles([{ field: result.reason === 'kind-not-requested' ? 'type' : 'fichiers', message: result.message }]))
      },
    },
    {
      method: 'delete', path: `${DOCUMENTS_PATH}/{documentId}`, operationId: 'retirerFichier', tag: TAG,
      summary: 'Retirer un fichier déposé',
      parameters: [uuidParameter('documentId', 'Le fichier, tel que listé dans `files`.')],
      responses: { 204: { description: 'Fichier retiré.', empty: true }, 404: problem('Pas de tel fichier dans le brouillon de l’assuré.') },
      handler: async (request, reply, assureId) => {
        const { documentId } = request.params as { documentId: string }
        if (!isUuid(documentId) || !(await removeDraftDocument(pool, assureId, documentId))) {
          return sendProblem(reply, problems.notFound("Ce fichier n'existe pas dans votre demande en cours, ou elle a déjà été envoyée."))
        }
        return reply.code(204).send()
      },
    },
  ]
}
