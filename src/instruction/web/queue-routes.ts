// The instruction's reading side: the work queue, a demande's page and its files, the audit
// journal. Techniciens and superviseurs only (the journal: superviseurs), always within their own
// organisme; every read is recorded in the audit trail before anything is shown.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { withTransaction, type Pool } from '../../platform/db/pool.ts'
import { agentSignedIn, currentAgent } from '../../platform/web/app.ts'
import { todayInParis, daysBetween, type LocalDate } from '../../shared/dates.ts'
import { isTypedText } from '../../shared/text.ts'
import { channelLabel } from '../../documents/cerfa/cerfa-layout.ts'
import type { Channel } from '../../demarche/application/submit-demande.ts'
import { demandeStateLabel, type DemandeState } from '../../demarche/domain/demande-state.ts'
import { recapitulatifSections } from '../../demarche/domain/recapitulatif.ts'
import { documentKindLabel } from '../../demarche/domain/labels.ts'
import { listDocuments } from '../../demarche/infrastructure/demande-repository.ts'
import { listAgentsOfOrganisme, type Agent } from '../agent-repository.ts'
import { checkAuditChain, listAudit, recordAudit, recordRead } from '../audit-log.ts'
import { actionLabel, availableActions } from '../domain/transitions.ts'
import { findDemandeForAgent } from '../infrastructure/demande-scope.ts'
import { listEventsOfDemande, listMessagesOfDemande, readFileOfDemande } from '../infrastructure/demande-dossier.ts'
import { findDemandeIdByNumero, listAgentsForJournal } from '../infrastructure/audit-journal.ts'
import { countDeadlines, listWorkQueue, parseQueueSearch, SUBMITTED_STATES, type QueueCriteria, type QueueRow } from '../infrastructure/work-queue.ts'
import { agentPage } from './back-office.ts'
import { deadlineTag, recordedActionLabel, stateTag } from './instruction-labels.ts'
import { sendFile } from '../../platform/web/send-file.ts'

type Deps = { pool: Pool; now: () => Date }

const JOURNAL_LIMIT = 200

// Unknown or missing values fall back to the default view: a hand-edited address still works.
const queueQuerySchema = z.object({
  recherche: z.string().max(100).catch(''),
  etat: z.enum(['ouvertes', 'toutes', ...SUBMITTED_STATES]).catch('ouvertes'),
  echeance: z.enum(['bientot', 'depassee']).nullable().catch(null),
  assignation: z.enum(['moi', 'aucune']).nullable().catch(null),
  tri: z.enum(['echeance', 'reception']).catch('echeance'),
  apres: z.string().max(100).nullable().catch(null),
})

const journalQuerySchema = z.object({
  numero: z.string().max(40).refine(isTypedText).catch(''),
  agent: z.string().max(40).catch(''),
})

export function registerQueueRoutes(app: FastifyInstance, deps: Deps): void {
  const { pool } = deps

  app.register(async (scope) => {
    scope.addHook('preHandler', agentSignedIn('technicien', 'superviseur'))

    scope.get('/agent/file', async (request, reply) => {
      const agent = currentAgent(request)
      const today = todayInParis(deps.now())
      const query = queueQuerySchema.parse(request.query ?? {})
      const search = parseQueueSearch(query.recherche)
      const criteria: QueueCriteria = {
        state: query.etat, deadline: query.echeance, assignment: query.assignation, sort: query.tri, after: query.apres,
        search: search.ok ? search.search : null,
      }
      // The read is recorded alongside the queries, not before them: nothing is shown unless it is.
      const [page, deadlines] = await Promise.all([
        search.ok ? listWorkQueue(pool, agent, criteria, today) : { rows: [], next: null },
        countDeadlines(pool, agent.organismeCode, today),
        recordRead(pool, { agent, action: 'consulter_file', demandeId: null, details: queueAuditDetails(criteria) }),
      ])
      const errors = search.ok ? [] : [{ text: search.message, href: '#recherche' }]
      const filtered = criteria.search !== null || criteria.state !== 'ouvertes' || criteria.deadline !== null || criteria.assignment !== null
      return agentPage(request, reply, 'agent/file.njk', {
        pageTitle: 'File de travail', nav: 'file', query, errors, searchError: search.ok ? null : search.message, deadlines, filtered,
        laterPage: criteria.after !== null,
        rows: page.rows.map(queueRowView),
        caption: queueCaption(criteria),
        nextHref: page.next ? queueHref(query, page.next) : null,
        firstHref: queueHref(query, null),
        stateOptions: [{ value: 'ouvertes', text: 'Ouvertes (à instruire)' }, ...SUBMITTED_STATES.map((state) => ({ value: state, text: demandeStateLabel[state] })), { value: 'toutes', text: 'Tous les états' }],
      }, search.ok ? 200 : 400)
    })

    scope.get('/agent/demandes/:demandeId', async (request, reply) => {
      const agent = currentAgent(request)
      const demande = await findDemandeForAgent(pool, agent, (request.params as { demandeId: string }).demandeId)
      if (!demande) return reply.callNotFound()
      await recordRead(pool, { agent, action: 'consulter_demande', demandeId: demande.id })
      const [documents, messages, events, audit, agents] = await Promise.all([
        listDocuments(pool, demande.id),
        listMessagesOfDemande(pool, demande),
        listEventsOfDemande(pool, demande),
        listAudit(pool, agent.organismeCode, { demandeId: demande.id }),
        listAgentsOfOrganisme(pool, agent.organismeCode),
      ])
      const today = todayInParis(deps.now())
      const fileHref = (fileId: string) => `/agent/demandes/${demande.id}/fichiers/${fileId}`
      const history = [
        ...events.map((event) => ({ at: event.at, text: eventText(event.type, event.data), by: actorName(event.actor, agents) })),
        ...audit.map((row) => ({ at: row.at, text: recordedActionLabel(row.action, row.details), by: `${row.agentPrenom} ${row.agentNom}` })),
      ].sort((a, b) => b.at.getTime() - a.at.getTime())
      return agentPage(request, reply, 'agent/demande.njk', {
        pageTitle: `Demande n° ${demande.numero}`, nav: 'file',
        demande, availableActions: availableActions(demande.state), actionLabel, agents,
        assure: `${demande.submitted.identity.nom} ${demande.submitted.identity.prenoms}`,
        state: stateTag(demande.state),
        deadline: deadlineTag(demande.state, daysBetween(today, demande.answerDueOn as LocalDate)),
        channel: channelLabel[demande.channel as Channel] ?? demande.channel,
        assignee: agentName(demande.assignedAgentId, agents),
        sections: recapitulatifSections(demande.submitted.answers, demande.submitted.identity),
        cerfaHref: demande.cerfaFileId ? fileHref(demande.cerfaFileId) : null,
        documents: documents.map((document) => ({ ...document, label: documentKindLabel[document.kind], href: fileHref(document.fileId) })),
        messages: messages.map((message) => ({ ...message, attachments: message.attachments.map((attachment) => ({ ...attachment, href: fileHref(attachment.fileId) })) })),
        history,
      })
    })

    scope.get('/agent/demandes/:demandeId/fichiers/:fileId', async (request, reply) => {
      const agent = currentAgent(request)
      const { demandeId, fileId } = request.params as { demandeId: string; fileId: string }
      const demande = await findDemandeForAgent(pool, agent, demandeId)
      const file = demande && (await readFileOfDemande(pool, demande, fileId))
      if (!demande || !file) return reply.callNotFound()
      await recordRead(pool, { agent, action: 'telecharger_piece', demandeId: demande.id, details: { piece: file.kind, ...(file.documentKind && { type: file.documentKind }), fichier: fileId } })
      return sendFile(reply, file)
    })
  })

  app.register(async (scope) => {
    scope.addHook('preHandler', agentSignedIn('superviseur'))

    scope.get('/agent/journal', async (request, reply) => {
      const agent = currentAgent(request)
      const query = journalQuerySchema.parse(request.query ?? {})
      const agents = await listAgentsForJournal(pool, agent.organismeCode)
      const numero = query.numero.trim().toUpperCase()
      const demandeId = numero ? await findDemandeIdByNumero(pool, agent, numero) : null
      const agentId = agents.some((a) => a.id === query.agent) ? query.agent : null
      const errors = [
        ...(numero && !demandeId ? [{ text: `Aucune demande n° ${numero} dans votre organisme : vérifiez le numéro (par exemple PI-2026-0000123).`, href: '#numero' }] : []),
        ...(query.agent && !agentId ? [{ text: 'Choisissez un agent dans la liste.', href: '#agent' }] : []),
      ]
      await recordRead(pool, { agent, action: 'consulter_journal', demandeId, details: { ...(numero && { numero }), ...(agentId && { agent: agentId }) } })
      const [rows, chain] = await Promise.all([
        errors.length ? [] : listAudit(pool, agent.organismeCode, { ...(demandeId && { demandeId }), ...(agentId && { agentId }) }, JOURNAL_LIMIT),
        checkAuditChain(pool, { full: false }),
      ])
      return agentPage(request, reply, 'agent/journal.njk', {
        pageTitle: 'Journal des accès', nav: 'journal', query, errors, chain, limit: JOURNAL_LIMIT,
        fieldErrors: Object.fromEntries(errors.map((error) => [error.href.slice(1), error.text])),
        agentOptions: [{ value: '', text: 'Tous les agents' }, ...agents.map((a) => ({ value: a.id, text: `${a.nom} ${a.prenom}`, selected: a.id === agentId }))],
        rows: rows.map((row) => ({ ...row, label: recordedActionLabel(row.action, row.details) })),
      }, errors.length ? 400 : 200)
    })

    // The whole chain verified now, from its first entry, rather than at the next daily job.
    scope.post('/agent/journal/verification', async (request, reply) => {
      const agent = currentAgent(request)
      await withTransaction(pool, (tx) => recordAudit(tx, { agent, action: 'verifier_journal', demandeId: null }))
      await checkAuditChain(pool, { full: true })
      return reply.redirect('/agent/journal', 303)
    })
  })
}

function queueRowView(row: QueueRow) {
  return {
    href: `/agent/demandes/${row.id}`,
    numero: row.numero,
    assure: `${row.nom} ${row.prenoms}`,
    receivedAt: row.receivedAt,
    state: stateTag(row.state),
    deadline: deadlineTag(row.state, row.daysLeft),
    assignee: row.assignee ?? 'Non assignée',
  }
}

function queueCaption(criteria: QueueCriteria): string {
  const states = criteria.state === 'ouvertes' ? 'Demandes ouvertes' : criteria.state === 'toutes' ? 'Toutes les demandes' : `Demandes « ${demandeStateLabel[criteria.state]} »`
  const order = criteria.sort === 'echeance' ? "de l'échéance la plus proche à la plus lointaine" : 'de la plus récemment reçue à la plus ancienne'
  return `${states}, ${order}`
}

// The filters of the page, the next page's cursor last: « Page suivante » keeps what was chosen.
function queueHref(query: z.infer<typeof queueQuerySchema>, after: string | null): string {
  const params = new URLSearchParams()
  if (query.recherche.trim()) params.set('recherche', query.recherche.trim())
  if (query.etat !== 'ouvertes') params.set('etat', query.etat)
  if (query.echeance) params.set('echeance', query.echeance)
  if (query.assignation) params.set('assignation', query.assignation)
  if (query.tri !== 'echeance') params.set('tri', query.tri)
  if (after) params.set('apres', after)
  const search = params.toString()
  return search ? `/agent/file?${search}` : '/agent/file'
}

// The filters chosen, never what was searched for: the journal says that an agent searched by
// NIR, not whose.
function queueAuditDetails(criteria: QueueCriteria): Record<string, unknown> {
  return {
    etat: criteria.state,
    ...(criteria.deadline && { echeance: criteria.deadline }),
    ...(criteria.assignment && { assignation: criteria.assignment }),
    ...(criteria.search && { recherche: criteria.search.by }),
    tri: criteria.sort,
    ...(criteria.after && { page: 'suivante' }),
  }
}


// With the channel of a receipt, or the states an action moved the demande between.
function eventText(type: string, data: Record<string, unknown>): string {
  const label = recordedActionLabel(type, data)
  const channel = typeof data.channel === 'string' ? channelLabel[data.channel as Channel] : undefined
  if (channel) return `${label} (${channel})`
  const { from, to } = data
  if (isStateName(from) && isStateName(to) && from !== to) return `${label} (${demandeStateLabel[from]} → ${demandeStateLabel[to]})`
  return label
}

function isStateName(value: unknown): value is DemandeState {
  return typeof value === 'string' && Object.hasOwn(demandeStateLabel, value)
}

function agentName(agentId: string | null, agents: readonly Agent[]): string {
  const agent = agentId ? agents.find((a) => a.id === agentId) : undefined
  return agent ? `${agent.prenom} ${agent.nom}` : 'Non assignée'
}

function actorName(actor: string, agents: readonly Agent[]): string {
  if (actor === 'assure') return "L'assuré(e)"
  if (actor === 'systeme') return 'Traitement automatique'
  const agent = agents.find((a) => actor === a.id || actor.endsWith(`:${a.id}`))
  return agent ? `${agent.prenom} ${agent.nom}` : actor
}
