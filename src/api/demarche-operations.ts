// The démarche through the JSON API: Mes démarches, start or resume, each page read and saved,
// the récapitulatif. The same queries and use cases as the web pages (src/demarche/web/routes.ts).
import { z } from 'zod'
import type { Pool } from '../platform/db/pool.ts'
import { findAssureProfile } from '../identity/assure-repository.ts'
import type { Answers, PageId } from '../demarche/domain/answers.ts'
import { firstIncompletePage, isPageReachable, nextPage } from '../demarche/domain/journey.ts'
import { pageTitle } from '../demarche/domain/labels.ts'
import { pageContextFor } from '../demarche/domain/schemas/field-schemas.ts'
import { validatePageInput } from '../demarche/domain/schemas/validate-page.ts'
import { ensureDraft, saveDraftPage } from '../demarche/application/save-draft-page.ts'
import { findDemandeInProgress, listDemandesOfAssure, type Demande } from '../demarche/infrastructure/demande-repository.ts'
import { json, problem, type ApiOperation } from './operation.ts'
import { problems, sendProblem, type ProblemInit } from './problems.ts'
import { ANSWER_PAGES, draftSchema, mesDemarchesSchema, pageAnswersSchemas, pageViewSchemas, recapitulatifSchema, savedPageSchemas, type AnswerPage } from './schemas.ts'
import { draftView, mesDemarchesView, pageView, recapitulatifView, savedPageView } from './views.ts'

export const DEMARCHE_PATH = '/demarches/pension-invalidite'
const TAG = 'Démarche'

type Deps = { pool: Pool; now: () => Date }
export type DraftAt = { answers: Answers; draft: Demande | null } | { problem: ProblemInit }

/**
 * The answers of the assuré's draft, for a page of it: a demande already sent is no longer a draft,
 * and a page is open only once every page before it on the path is complete (as on the web).
 */
export async function draftAt(pool: Pool, assureId: string, page: PageId): Promise<DraftAt> {
  const demande = await findDemandeInProgress(pool, assureId)
  if (demande && demande.state !== 'brouillon') return { problem: problems.alreadySent(demande.id) }
  const answers = demande?.answers ?? {}
  if (!isPageReachable(answers, page)) return { problem: problems.notReachable(firstIncompletePage(answers)) }
  return { answers, draft: demande }
}

export function demarcheOperations({ pool, now }: Deps): ApiOperation[] {
  return [
    {
      method: 'get', path: '/demarches', operationId: 'mesDemarches', tag: TAG,
      summary: 'Mes démarches',
      description: "Les demandes de l'assuré : état, date de réception, date à laquelle la réponse est due.",
      responses: { 200: json('Les demandes.', mesDemarchesSchema) },
      handler: async (request, reply, assureId) => reply.send(mesDemarchesView(await listDemandesOfAssure(pool, assureId))),
    },
    {
      method: 'post', path: DEMARCHE_PATH, operationId: 'commencerOuReprendre', tag: TAG,
      summary: 'Commencer ou reprendre la demande',
      description: "Une demande en cours à la fois : le brouillon existant est repris, sinon un brouillon vide est créé. Une demande envoyée et pas encore décidée tient lieu de demande en cours (409).",
      responses: { 200: json('Le brouillon et l’étape où reprendre.', draftSchema), 409: problem('Une demande est déjà envoyée et en cours d’instruction.') },
      handler: async (request, reply, assureId) => {
        const demande = await ensureDraft(pool, await findAssureProfile(pool, assureId))
        if (demande.state !== 'brouillon') return sendProblem(reply, problems.alreadySent(demande.id))
        return reply.send(draftView(demande))
      },
    },
    {
      method: 'get', path: DEMARCHE_PATH, operationId: 'lireBrouillon', tag: TAG,
      summary: 'Le brouillon',
      responses: {
        200: json('Le brouillon : les pages du parcours, les réponses page par page, l’étape où reprendre.', draftSchema),
        404: problem('Aucune demande en cours.'),
        409: problem('La demande est déjà envoyée.'),
      },
      handler: async (request, reply, assureId) => {
        const demande = await findDemandeInProgress(pool, assureId)
        if (!demande) return sendProblem(reply, problems.noDraft())
        if (demande.state !== 'brouillon') return sendProblem(reply, problems.alreadySent(demande.id))
        return reply.send(draftView(demande))
      },
    },
    ...ANSWER_PAGES.flatMap((page) => pageOperations(page, { pool, now })),
    {
      method: 'get', path: `${DEMARCHE_PATH}/recapitulatif`, operationId: 'recapitulatif', tag: TAG,
      summary: 'Le récapitulatif',
      description: "Chaque réponse en toutes lettres, par section, et l'attestation sur l'honneur (à donner par PUT sur la page « recapitulatif »).",
      responses: {
        200: json('Les sections du récapitulatif.', recapitulatifSchema),
        409: problem('Demande déjà envoyée, ou étapes précédentes pas encore complètes.'),
      },
      handler: async (request, reply, assureId) => {
        const at = await draftAt(pool, assureId, 'recapitulatif')
        if ('problem' in at) return sendProblem(reply, at.problem)
        return reply.send(recapitulatifView(at.answers, await findAssureProfile(pool, assureId)))
      },
    },
  ]
}

function pageOperations(page: AnswerPage, { pool, now }: Deps): ApiOperation[] {
  const path = `${DEMARCHE_PATH}/pages/${page}`
  const name = page.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())
  return [
    {
      method: 'get', path, operationId: `lirePage_${name}`, tag: TAG,
      summary: `Lire l'étape « ${pageTitle[page]} »`,
      responses: {
        200: json("L'étape, ses questions et les réponses enregistrées.", pageViewSchemas[page]),
        409: problem('Demande déjà envoyée, ou étapes précédentes pas encore complètes (`currentPage` : où reprendre).'),
      },
      handler: async (request, reply, assureId) => {
        const at = await draftAt(pool, assureId, page)
        if ('problem' in at) return sendProblem(reply, at.problem)
        return reply.send(pageView(page, at.answers, await findAssureProfile(pool, assureId)))
      },
    },
    {
      method: 'put', path, operationId: `enregistrerPage_${name}`, tag: TAG,
      summary: `Enregistrer l'étape « ${pageTitle[page]} »`,
      description: "Les réponses de la page remplacent les précédentes (une réponse facultative absente est effacée) ; les réponses d'une branche que ce choix ferme sont effacées, et l'attestation sur l'honneur avec elles si une réponse change. Validées comme sur le web : en cas d'erreur, rien n'est enregistré.",
      parameters: [{
        name: 'retour', in: 'query', required: false, schema: z.enum(['recapitulatif']),
        description: "« recapitulatif » quand l'assuré modifie une réponse depuis le récapitulatif : l'étape suivante est alors le récapitulatif, ou la première étape devenue incomplète.",
      }],
      requestBody: { mediaType: 'application/json', schema: pageAnswersSchemas[page] },
      responses: {
        200: json("Réponses enregistrées ; l'étape suivante.", savedPageSchemas[page]),
        409: problem('Demande déjà envoyée, ou étapes précédentes pas encore complètes.'),
        422: problem('Réponses à corriger : une erreur par champ, en français.'),
      },
      handler: async (request, reply, assureId) => {
        const at = await draftAt(pool, assureId, page)
        if ('problem' in at) return sendProblem(reply, at.problem)
        const assure = await findAssureProfile(pool, assureId)
        const validation = validatePageInput(page, request.body, pageContextFor(assure, now()))
        if (!validation.ok) return sendProblem(reply, problems.invalidAnswers(validation.errors.map((error) => ({ field: error.field || null, message: error.message }))))
        const saved = await saveDraftPage(pool, { assure, page, pageAnswers: validation.answers })
        if (!saved.ok) return sendProblem(reply, problemOf(await draftAt(pool, assureId, page)))
        const fromRecap = (request.query as { retour?: string }).retour === 'recapitulatif'
        return reply.send(savedPageView(page, saved.answers, nextPage(saved.answers, page, { fromRecap })))
      },
    },
  ]
}

// The draft changed between the check and the save (another device sent it): say what it is now.
export function problemOf(at: DraftAt): ProblemInit {
  return 'problem' in at ? at.problem : problems.noDraft()
}
