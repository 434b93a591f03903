// The démarche's pages. Each handler reads the request, calls one use case or query, and renders
// or redirects; the rules live in ../domain.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Pool } from '../../platform/db/pool.ts'
import { signedIn, currentAssure, currentAssureId, uploadRateLimit } from '../../platform/web/app.ts'
import { webChannelOf } from '../../platform/web/device-class.ts'
import { isUuid } from '../../documents/stored-files.ts'
import { HORS_TELESERVICE, PAGE_IDS, type Answers, type PageId } from '../domain/answers.ts'
import { firstIncompletePage, isPageReachable, nextPage, previousPage, stepOf } from '../domain/journey.ts'
import { validatePage } from '../domain/schemas/validate-page.ts'
import { pageContextFor } from '../domain/schemas/field-schemas.ts'
import { formValuesFromAnswers, type FormBody } from '../domain/schemas/form-decoder.ts'
import { missingDocumentMessage, requiredDocuments } from '../domain/documents.ts'
import { identityRows, recapitulatifSections, type RecapRow } from '../domain/recapitulatif.ts'
import { attestationNotice, fieldLabel, fileFormatHint, horsTeleservice, CERFA_S4150_URL, nextStepsFor, pageTitle } from '../domain/labels.ts'
import { findDemandeInProgress, findSubmittedDemandeOfAssure, listDemandesOfAssure, listDocuments, removeDraftDocument, type Demande, type DemandeDocument } from '../infrastructure/demande-repository.ts'
import { submitDemande } from '../application/submit-demande.ts'
import { saveDraftPage } from '../application/save-draft-page.ts'
import { addDocuments, MAX_FILES_PER_DOCUMENT } from '../application/add-documents.ts'
import { demandeCopyOfAssure } from '../application/demande-copy.ts'
import { readMultipartForm } from '../../platform/web/read-multipart-form.ts'
import { sendFile } from '../../platform/web/send-file.ts'
import { demandeStateLabel, isDecided } from '../domain/demande-state.ts'
import { pageForms } from './page-forms.ts'
import { findAccuseReceptionMessageId, findMessageOfAssure } from '../../messagerie/message-repository.ts'

const BASE = '/demarches/pension-invalidite'

type Deps = { pool: Pool; now: () => Date }
type PageErrors = { errors: Array<{ text: string; href: string }>; fieldErrors: Record<string, string> }

export function registerDemarcheRoutes(app: FastifyInstance, deps: Deps): void {
  const { pool } = deps

  app.register(async (scope) => {
    scope.addHook('preHandler', signedIn)

    scope.get('/demarches', async (request, reply) => {
      const demandes = await listDemandesOfAssure(pool, currentAssureId(request))
      return reply.page('demarche/mes-demarches.njk', {
        pageTitle: 'Mes démarches', nav: 'demarches', stateLabels: demandeStateLabel,
        inProgress: demandes.find((d) => d.state === 'brouillon'),
        // One demande in progress at a time: a submitted one not yet decided takes the new form's place.
        beingInstructed: demandes.some((d) => d.state !== 'brouillon' && !isDecided(d.state)),
        submitted: demandes.filter((d) => d.state !== 'brouillon'),
      })
    })

    // The entry of the démarche: resume the draft where it stopped, or show the demande in progress.
    scope.get(BASE, async (request, reply) => {
      const demande = await findDemandeInProgress(pool, currentAssureId(request))
      if (!demande) return reply.redirect(`${BASE}/informations-generales`)
      if (demande.state !== 'brouillon') return reply.redirect('/demarches')
      return reply.redirect(`${BASE}/${firstIncompletePage(demande.answers)}`)
    })

    scope.get(`${BASE}/${HORS_TELESERVICE}`, async (request, reply) => {
      const demande = await findDemandeInProgress(pool, currentAssureId(request))
      if (demande?.state !== 'brouillon' || !isPageReachable(demande.answers, HORS_TELESERVICE)) return reply.redirect(BASE)
      return reply.page('demarche/hors-teleservice.njk', { pageTitle: pageTitle[HORS_TELESERVICE], text: horsTeleservice, cerfaUrl: CERFA_S4150_URL })
    })

    scope.get(`${BASE}/pieces-justificatives`, async (request, reply) => {
      const demande = await draftOrRedirect(request, reply, 'pieces-justificatives')
      if (!demande) return reply
      return renderPieces(reply, demande, { errors: [], fieldErrors: {} })
    })

    scope.post(`${BASE}/pieces-justificatives/ajouter`, { preHandler: app.csrfProtection, config: uploadRateLimit }, async (request, reply) => {
      const kind = String((request.query as { type?: string }).type ?? '')
      const { files } = await readMultipartForm(request, { maxFiles: MAX_FILES_PER_DOCUMENT })
      const result = await addDocuments(pool, { assureId: currentAssureId(request), kind, files })
      if (result.ok) return reply.redirect(`${BASE}/pieces-justificatives`, 303)
      if (result.reason === 'already-sent') return reply.redirect('/demarches', 303)
      const demande = result.demande ?? await findDemandeInProgress(pool, currentAssureId(request))
      if (!demande || demande.state !== 'brouillon') return reply.redirect('/demarches', 303)
      return renderPieces(reply, demande, { errors: [{ text: result.message, href: `#fichiers-${kind}` }], fieldErrors: { [kind]: result.message } }, 400)
    })

    scope.post(`${BASE}/pieces-justificatives/:documentId/supprimer`, async (request, reply) => {
      const { documentId } = request.params as { documentId: string }
      if (isUuid(documentId)) await removeDraftDocument(pool, currentAssureId(request), documentId)
      return reply.redirect(`${BASE}/pieces-justificatives`, 303)
    })

    scope.post(`${BASE}/envoyer`, async (request, reply) => {
      const assureId = currentAssureId(request)
      const result = await submitDemande(pool, { assureId, channel: webChannelOf(request), now: deps.now() })
      if (result.ok) return reply.redirect(`${BASE}/${result.demandeId}/accuse-de-reception`, 303)
      if (result.reason === 'no-draft') return reply.redirect(BASE, 303)
      if (result.reason === 'incomplete') return reply.redirect(`${BASE}/${firstIncompletePage(result.demande.answers)}`, 303)
      const { demande, documents } = result
      const missing = requiredDocuments(demande.answers).filter((d) => !documents.some((doc) => doc.kind === d.kind))
      // The same message in the summary and beside the file field, as for every other error.
      return renderPieces(reply, demande, {
        errors: missing.map((d) => ({ text: missingDocumentMessage(d), href: `#fichiers-${d.kind}` })),
        fieldErrors: Object.fromEntries(missing.map((d) => [d.kind, missingDocumentMessage(d)])),
      }, 400, documents)
    })

    scope.get(`${BASE}/:demandeId/accuse-de-reception`, async (request, reply) => {
      const demande = await submittedDemande(request)
      if (!demande) return reply.callNotFound()
      // On a borne the acknowledgment itself is on the page, to be printed: nothing is downloaded there.
      const accuseReceptionId = request.kiosk ? await findAccuseReceptionMessageId(pool, currentAssureId(request), demande.id) : null
      const accuseReception = accuseReceptionId ? await findMessageOfAssure(pool, currentAssureId(request), accuseReceptionId) : null
      return reply.page('demarche/accuse-de-reception.njk', { pageTitle: 'Votre demande a été envoyée', demande, accuseReception, nextSteps: nextStepsFor(demande.answers.vuMedecinConseil ?? 'non') })
    })

    scope.get(`${BASE}/:demandeId/copie.pdf`, async (request, reply) => {
      const copy = await demandeCopyOfAssure(pool, currentAssureId(request), (request.params as { demandeId: string }).demandeId)
      if (!copy) return reply.callNotFound()
      return sendFile(reply, copy)
    })

    scope.get(`${BASE}/:page`, async (request, reply) => {
      const page = pageParam(request)
      if (!page || page === 'pieces-justificatives') return reply.callNotFound()
      const demande = await findDemandeInProgress(pool, currentAssureId(request))
      if (demande && demande.state !== 'brouillon') return reply.redirect('/demarches')
      const answers = demande?.answers ?? {}
      if (!isPageReachable(answers, page)) return reply.redirect(BASE)
      return renderPage(request, reply, page, answers, formValuesFromAnswers(page, answers), { errors: [], fieldErrors: {} })
    })

    scope.post(`${BASE}/:page`, async (request, reply) => {
      const page = pageParam(request)
      if (!page || page === 'pieces-justificatives') return reply.callNotFound()
      const assure = currentAssure(request)
      const body = (request.body ?? {}) as FormBody
      // The answers are checked first (they depend on the page alone); the draft is then read once:
      // by the save, under its lock, or to show the page again with the errors.
      const validation = validatePage(page, body, pageContextFor(assure, deps.now()))
      if (!validation.ok) {
        const existing = await findDemandeInProgress(pool, assure.id)
        if (existing && existing.state !== 'brouillon') return reply.redirect('/demarches', 303)
        if (!isPageReachable(existing?.answers ?? {}, page)) return reply.redirect(BASE, 303)
        return renderPage(request, reply, page, existing?.answers ?? {}, validation.values, {
          errors: validation.errors.map((e) => ({ text: e.message, href: e.href })),
          fieldErrors: Object.fromEntries(validation.errors.map((e) => [e.field, e.message])),
        }, 400)
      }
      const saved = await saveDraftPage(pool, { assure, page, pageAnswers: validation.answers })
      if (!saved.ok) return reply.redirect(saved.reason === 'already-sent' ? '/demarches' : BASE, 303)
      const { answers } = saved
      const fromRecap = body.retour === 'recapitulatif'
      const next = nextPage(answers, page, { fromRecap })
      const keepRecap = fromRecap && next !== 'recapitulatif' && next !== HORS_TELESERVICE
      return reply.redirect(`${BASE}/${next}${keepRecap ? '?retour=recapitulatif' : ''}`, 303)
    })
  })

  async function draftOrRedirect(request: FastifyRequest, reply: FastifyReply, page: PageId): Promise<Demande | null> {
    const demande = await findDemandeInProgress(pool, currentAssureId(request))
    if (!demande || demande.state !== 'brouillon' || !isPageReachable(demande.answers, page)) {
      await reply.redirect(demande && demande.state !== 'brouillon' ? '/demarches' : BASE)
      return null
    }
    return demande
  }

  async function submittedDemande(request: FastifyRequest): Promise<Demande | null> {
    const { demandeId } = request.params as { demandeId: string }
    return findSubmittedDemandeOfAssure(pool, currentAssureId(request), demandeId)
  }

  async function renderPage(request: FastifyRequest, reply: FastifyReply, page: PageId, answers: Answers, values: unknown, errors: PageErrors, status = 200) {
    const fromRecap = (request.query as { retour?: string }).retour === 'recapitulatif' || (request.body as FormBody | undefined)?.retour === 'recapitulatif'
    const previous = previousPage(answers, page)
    const extra: Record<string, unknown> = {}
    if (page === 'informations-generales') extra.nextSteps = answers.vuMedecinConseil ? nextStepsFor(answers.vuMedecinConseil) : []
    if (page === 'coordonnees' || page === 'recapitulatif') {
      const assure = currentAssure(request)
      extra.identityRows = summaryRows(identityRows(assure))
      if (page === 'recapitulatif') {
        extra.sections = recapitulatifSections(answers, assure).map((section) => ({
          title: section.title,
          href: `${BASE}/${section.page}?retour=recapitulatif`,
          rows: summaryRows(section.rows),
        }))
        extra.attestationNotice = attestationNotice
        extra.attestationLabel = fieldLabel.attestation
      }
    }
    const template = ['informations-generales', 'coordonnees', 'recapitulatif'].includes(page) ? `demarche/${page}.njk` : 'demarche/page.njk'
    return reply.page(template, {
      pageTitle: pageTitle[page], step: stepOf(page), fields: pageForms[page], values, ...errors, ...extra, fromRecap,
      formAction: `${BASE}/${page}`,
      backHref: fromRecap ? `${BASE}/recapitulatif` : previous ? `${BASE}/${previous}` : '/demarches',
      submitText: page === 'recapitulatif' ? 'Valider et déposer mes justificatifs' : undefined,
    }, status)
  }

  async function renderPieces(reply: FastifyReply, demande: Demande, errors: PageErrors, status = 200, known?: DemandeDocument[]) {
    const documents = known ?? await listDocuments(pool, demande.id)
    return reply.page('demarche/pieces-justificatives.njk', {
      pageTitle: pageTitle['pieces-justificatives'], step: stepOf('pieces-justificatives'), fileFormatHint, backHref: `${BASE}/recapitulatif`, ...errors,
      documents: requiredDocuments(demande.answers).map((d) => ({
        ...d,
        files: documents.filter((doc) => doc.kind === d.kind).map((doc) => ({ id: doc.id, displayName: doc.displayName, size: formatSize(doc.byteSize) })),
      })),
    }, status)
  }
}

function pageParam(request: FastifyRequest): PageId | null {
  const { page } = request.params as { page: string }
  return (PAGE_IDS as readonly string[]).includes(page) ? (page as PageId) : null
}

// A row's value may hold line breaks (an address, several pensions): they are kept on screen.
function summaryRows(rows: readonly RecapRow[]) {
  return rows.map((row) => ({ key: { text: row.label }, value: { text: row.value, classes: 'app-pre-line' } }))
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} Ko` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`
}
