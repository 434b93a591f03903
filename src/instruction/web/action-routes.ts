// The agent's actions on a demande. The simple ones are buttons of the demande's page that post
// here and come back to it with a banner (`?fait=…`); those that need a form have their own page,
// shown again with its errors (400). A demande of another organisme does not exist (404); an
// action its state no longer allows is refused with the reason (409). Techniciens and
// superviseurs; attributing a demande: superviseurs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Pool } from '../../platform/db/pool.ts'
import { agentSignedIn, currentAgent } from '../../platform/web/app.ts'
import { todayInParis } from '../../shared/dates.ts'
import { readStoredFileOfAssure } from '../../documents/stored-files.ts'
import { decodeDate, type FormBody } from '../../demarche/domain/schemas/form-decoder.ts'
import { recordRead } from '../audit-log.ts'
import { transition, type Action } from '../domain/transitions.ts'
import { categorieLabel, CATEGORIES, decisionSchema, MAX_RAISON_LENGTH, MISSING_DECISION_TYPE, type DecisionField } from '../domain/decision.ts'
import { documentRequestSchema, MAX_PIECES_LENGTH } from '../domain/document-request.ts'
import { findDemandeForAgent, type AgentDemande } from '../infrastructure/demande-scope.ts'
import { listImplicitRefusalsToNotify } from '../infrastructure/decision-repository.ts'
import type { ActionOutcome, AgentRequest } from '../application/act-on-demande.ts'
import type { AssignOutcome } from '../application/assign-demande.ts'
import { takeInCharge } from '../application/take-in-charge.ts'
import { assignDemande } from '../application/assign-demande.ts'
import { requestDocuments } from '../application/request-documents.ts'
import { receiveDocuments } from '../application/receive-documents.ts'
import { receiveMedicalOpinion, sendToServiceMedical } from '../application/service-medical.ts'
import { recordDecision } from '../application/record-decision.ts'
import { notifyImplicitRefusal } from '../application/notify-implicit-refusal.ts'
import { agentPage } from './back-office.ts'
import { sendFile } from '../../platform/web/send-file.ts'

type Deps = { pool: Pool; now: () => Date }
type Params = { Params: { id: string } }

const DECISION_TYPES = { accord: 'accorder', refus: 'refuser' } as const satisfies Record<string, Action>
type DecisionType = keyof typeof DECISION_TYPES

export function registerActionRoutes(app: FastifyInstance, deps: Deps): void {
  const { pool } = deps
  const agentRequest = (request: FastifyRequest<Params>): AgentRequest => ({ agent: currentAgent(request), demandeId: request.params.id, now: deps.now() })

  app.register(async (scope) => {
    scope.addHook('preHandler', agentSignedIn('technicien', 'superviseur'))

    // Buttons of the demande's page: one action each, then back to the page.
    const buttons: Array<[path: string, fait: string, act: (pool: Pool, request: AgentRequest) => Promise<ActionOutcome>]> = [
      ['prendre-en-charge', 'prise-en-charge', takeInCharge],
      ['pieces-recues', 'pieces-recues', receiveDocuments],
      ['transmettre-service-medical', 'service-medical', sendToServiceMedical],
      ['avis-medical-recu', 'avis-medical', receiveMedicalOpinion],
    ]
    for (const [path, fait, act] of buttons) {
      scope.post<Params>(`/agent/demandes/:id/${path}`, async (request, reply) => afterAction(request, reply, await act(pool, agentRequest(request)), fait))
    }

    scope.post<Params & { Body: { depuis?: string } }>('/agent/demandes/:id/notifier-rejet-implicite', async (request, reply) => {
      const outcome = await notifyImplicitRefusal(pool, agentRequest(request))
      if (outcome.ok && request.body?.depuis === 'a-faire') return reply.redirect('/agent/a-faire?fait=refus-notifie', 303)
      return afterAction(request, reply, outcome, 'refus-notifie')
    })

    scope.get<Params>('/agent/demandes/:id/demander-des-pieces', async (request, reply) => {
      const demande = await findDemandeForAgent(pool, currentAgent(request), request.params.id)
      if (!demande) return reply.callNotFound()
      const allowed = transition(demande.state, 'demander_pieces')
      if (!allowed.ok) return refused(request, reply, demande.id, allowed.message)
      return renderDocumentRequest(request, reply, demande, { pieces: '' })
    })

    scope.post<Params & { Body: FormBody }>('/agent/demandes/:id/demander-des-pieces', async (request, reply) => {
      const parsed = documentRequestSchema.safeParse({ pieces: first(request.body?.pieces) || undefined })
      if (!parsed.success) {
        const demande = await findDemandeForAgent(pool, currentAgent(request), request.params.id)
        if (!demande) return reply.callNotFound()
        return renderDocumentRequest(request, reply, demande, { pieces: first(request.body?.pieces), errors: fieldErrors(parsed.error) }, 400)
      }
      return afterAction(request, reply, await requestDocuments(pool, { ...agentRequest(request), documentRequest: parsed.data }), 'pieces-demandees')
    })

    // Without a type, the choice between accord and refus (a GET form: `choix` says it was sent).
    scope.get<Params & { Querystring: { type?: string; choix?: string } }>('/agent/demandes/:id/decision', async (request, reply) => {
      const demande = await findDemandeForAgent(pool, currentAgent(request), request.params.id)
      if (!demande) return reply.callNotFound()
      const types = allowedDecisionTypes(demande)
      const { type, choix } = request.query
      if (types.length === 0 || (isDecisionType(type) && !types.includes(type))) return refused(request, reply, demande.id, decisionRefusal(demande, isDecisionType(type) ? type : 'refus'))
      if (!isDecisionType(type)) {
        const missing = choix === undefined ? undefined : { summary: [{ text: MISSING_DECISION_TYPE, href: '#type' }], byField: { type: MISSING_DECISION_TYPE } }
        return renderDecisionChoice(request, reply, demande, types, missing, missing ? 400 : 200)
      }
      return renderDecision(request, reply, demande, type, {})
    })

    scope.post<Params & { Body: FormBody }>('/agent/demandes/:id/decision', async (request, reply) => {
      const body = request.body ?? {}
      const type = first(body.type)
      const parsed = decisionSchema({ today: todayInParis(deps.now()) }).safeParse({
        type: type || undefined,
        categorie: first(body.categorie) || undefined,
        dateEffet: decodeDate({ jour: first(body['dateEffet-jour']), mois: first(body['dateEffet-mois']), annee: first(body['dateEffet-annee']) }),
        motif: first(body.motif) || undefined,
        raison: first(body.raison) || undefined,
      })
      if (!parsed.success) {
        const demande = await findDemandeForAgent(pool, currentAgent(request), request.params.id)
        if (!demande) return reply.callNotFound()
        const errors = fieldErrors(parsed.error)
        if (!isDecisionType(type)) return renderDecisionChoice(request, reply, demande, allowedDecisionTypes(demande), errors, 400)
        return renderDecision(request, reply, demande, type, { values: body, errors }, 400)
      }
      return afterAction(request, reply, await recordDecision(pool, { ...agentRequest(request), decision: parsed.data }), 'decision')
    })

    scope.get('/agent/a-faire', async (request, reply) => {
      const agent = currentAgent(request)
      await recordRead(pool, { agent, action: 'consulter_a_faire', demandeId: null })
      const refusals = await listImplicitRefusalsToNotify(pool, agent.organismeCode)
      const { fait } = request.query as { fait?: string }
      return agentPage(request, reply, 'agent/a-faire.njk', { pageTitle: 'À faire : refus implicites à notifier', nav: 'a-faire', refusals, fait })
    })

    // The notification letter of a decision, or the one the deadline job prepared and no message
    // carries yet.
    scope.get<Params>('/agent/demandes/:id/lettre', async (request, reply) => {
      const agent = currentAgent(request)
      const demande = await findDemandeForAgent(pool, agent, request.params.id)
      const lettre = typeof demande?.decision?.lettre === 'string' ? demande.decision.lettre : null
      const file = demande && lettre && (await readStoredFileOfAssure(pool, demande.assureId, lettre))
      if (!demande || !file) return reply.callNotFound()
      await recordRead(pool, { agent, action: 'telecharger_lettre_decision', demandeId: demande.id, details: { fichier: lettre } })
      return sendFile(reply, file)
    })
  })

  app.register(async (scope) => {
    scope.addHook('preHandler', agentSignedIn('superviseur'))

    scope.post<Params & { Body: FormBody }>('/agent/demandes/:id/assigner', async (request, reply) => {
      const outcome = await assignDemande(pool, { ...agentRequest(request), assigneeId: first(request.body?.agentId) })
      return afterAction(request, reply, outcome, 'attribuee')
    })
  })
}

function afterAction(request: FastifyRequest<Params>, reply: FastifyReply, outcome: ActionOutcome | AssignOutcome, fait: string): FastifyReply | void {
  if (outcome.ok) return reply.redirect(`/agent/demandes/${request.params.id}?fait=${fait}#actions`, 303)
  if (outcome.reason === 'introuvable') return reply.callNotFound()
  if (outcome.reason === 'invalide') return actionImpossible(request, reply, request.params.id, "L'attribution n'a pas été faite", outcome.message, 400)
  return refused(request, reply, request.params.id, outcome.message)
}

function refused(request: FastifyRequest, reply: FastifyReply, demandeId: string, message: string): FastifyReply {
  return actionImpossible(request, reply, demandeId, "Cette action n'est pas possible", message, 409)
}

function actionImpossible(request: FastifyRequest, reply: FastifyReply, demandeId: string, pageTitle: string, message: string, status: number): FastifyReply {
  return agentPage(request, reply, 'agent/action-impossible.njk', { pageTitle, message, demandeHref: `/agent/demandes/${demandeId}` }, status)
}

function allowedDecisionTypes(demande: AgentDemande): DecisionType[] {
  return (Object.keys(DECISION_TYPES) as DecisionType[]).filter((type) => transition(demande.state, DECISION_TYPES[type]).ok)
}

// Called when the machine refuses the decision: its message says why.
function decisionRefusal(demande: AgentDemande, type: DecisionType): string {
  const allowed = transition(demande.state, DECISION_TYPES[type])
  return allowed.ok ? '' : allowed.message
}

function isDecisionType(value: unknown): value is DecisionType {
  return value === 'accord' || value === 'refus'
}

type PageErrors = { summary: Array<{ text: string; href: string }>; byField: Record<string, string> }

function renderDocumentRequest(request: FastifyRequest, reply: FastifyReply, demande: AgentDemande, form: { pieces: string; errors?: PageErrors }, status = 200): FastifyReply {
  return agentPage(request, reply, 'agent/demander-des-pieces.njk', {
    pageTitle: 'Demander des justificatifs', nav: 'file', demande: demandeHeading(demande),
    pieces: form.pieces, maxLength: MAX_PIECES_LENGTH,
    errors: form.errors?.summary ?? [], fieldErrors: form.errors?.byField ?? {},
  }, status)
}

function renderDecisionChoice(request: FastifyRequest, reply: FastifyReply, demande: AgentDemande, types: DecisionType[], errors?: PageErrors, status = 200): FastifyReply {
  return agentPage(request, reply, 'agent/decision-choix.njk', {
    pageTitle: 'Enregistrer la décision', nav: 'file', demande: demandeHeading(demande), types,
    errors: errors?.summary ?? [], fieldErrors: errors?.byField ?? {},
  }, status)
}

function renderDecision(request: FastifyRequest, reply: FastifyReply, demande: AgentDemande, type: DecisionType, form: { values?: FormBody; errors?: PageErrors }, status = 200): FastifyReply {
  const values = form.values ?? {}
  return agentPage(request, reply, 'agent/decision.njk', {
    pageTitle: type === 'accord' ? 'Accorder la pension' : 'Refuser la demande', nav: 'file', demande: demandeHeading(demande), type,
    values: {
      categorie: first(values.categorie),
      dateEffet: { jour: first(values['dateEffet-jour']), mois: first(values['dateEffet-mois']), annee: first(values['dateEffet-annee']) },
      motif: first(values.motif),
      raison: first(values.raison),
    },
    categories: CATEGORIES.map((categorie) => ({ value: String(categorie), ...categorieLabel[categorie] })),
    maxLength: MAX_RAISON_LENGTH,
    errors: form.errors?.summary ?? [], fieldErrors: form.errors?.byField ?? {},
  }, status)
}

function demandeHeading(demande: AgentDemande) {
  return { id: demande.id, numero: demande.numero, assure: `${demande.submitted.identity.nom} ${demande.submitted.identity.prenoms}`, href: `/agent/demandes/${demande.id}` }
}

// The first problem of each field, in the order of the page; a date's summary link goes to its first box.
const FIELD_ANCHORS: Record<DecisionField | 'pieces', string> = { type: 'type', categorie: 'categorie', dateEffet: 'dateEffet-jour', motif: 'motif', raison: 'raison', pieces: 'pieces' }

function fieldErrors(error: z.ZodError): PageErrors {
  const byField: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'type')
    byField[field] ??= issue.message
  }
  const summary = Object.entries(byField).map(([field, text]) => ({ text, href: `#${FIELD_ANCHORS[field as DecisionField] ?? field}` }))
  return { summary, byField }
}

// A field sent twice (a tampered form) counts once.
function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? ''
}
