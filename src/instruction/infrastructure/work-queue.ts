// The work queue of the agent's organisme: its demandes by state and deadline, searched by NIR,
// name or number, a page at a time. A page starts after the last row of the previous one (its
// sort key), never at an offset: page 1 000 costs what page 1 does. Every condition is served by
// an index of migrations/004, 005 and 009.
import type { Queryable } from '../../platform/db/pool.ts'
import type { Agent } from '../agent-repository.ts'
import { DECIDED_STATES, INSTRUCTION_STATES, type DemandeState } from '../../demarche/domain/demande-state.ts'
import { validateNir } from '../../shared/identifiers/nir.ts'
import { parseLocalDate, type LocalDate } from '../../shared/dates.ts'
import { isUuid } from '../../documents/stored-files.ts'

export const QUEUE_PAGE_SIZE = 25
/** « Échéance dans moins de 15 jours »: 0 to 14 days left. */
export const DEADLINE_SOON_DAYS = 15

export type SubmittedState = Exclude<DemandeState, 'brouillon'>
export const SUBMITTED_STATES: readonly SubmittedState[] = [...INSTRUCTION_STATES, ...DECIDED_STATES]

export type StateFilter = 'ouvertes' | 'toutes' | SubmittedState
export type DeadlineFilter = 'bientot' | 'depassee'
export type AssignmentFilter = 'moi' | 'aucune'
export type QueueSort = 'echeance' | 'reception'
export type QueueSearch = { by: 'nir' | 'nom' | 'numero'; value: string }

export type QueueCriteria = {
  state: StateFilter
  deadline: DeadlineFilter | null
  assignment: AssignmentFilter | null
  search: QueueSearch | null
  sort: QueueSort
  /** The previous page's last row, as `next` gave it; a cursor that does not parse starts again. */
  after: string | null
}

export type QueueRow = {
  id: string
  numero: string
  state: SubmittedState
  nom: string
  prenoms: string
  receivedAt: Date
  answerDueOn: string
  daysLeft: number
  assignee: string | null
}

export type QueuePage = { rows: QueueRow[]; next: string | null }

const NUMERO_PREFIX = /^PI(-\d{0,4}(-\d{0,7})?)?$/
const NIR_LIKE = /^(?=.*\d)[0-9AB]+$/
const NAME_PREFIX = /^\p{L}[\p{L} '’-]*$/u

export type SearchParse = { ok: true; search: QueueSearch | null } | { ok: false; message: string }

// One box for the three searches: a number starts with PI, a NIR is digits (2A or 2B for Corsica),
// a name is letters. A name or a number holds no LIKE wildcard by construction.
export function parseQueueSearch(raw: string): SearchParse {
  const text = raw.trim().replace(/\s+/g, ' ')
  if (text === '') return { ok: true, search: null }
  const compact = text.replace(/\s/g, '').toUpperCase()
  if (NUMERO_PREFIX.test(compact)) return { ok: true, search: { by: 'numero', value: compact } }
  if (NIR_LIKE.test(compact)) {
    const nir = validateNir(text)
    return nir.ok ? { ok: true, search: { by: 'nir', value: nir.value } } : { ok: false, message: nir.message }
  }
  if (NAME_PREFIX.test(text)) return { ok: true, search: { by: 'nom', value: text } }
  return {
    ok: false,
    message: "Saisissez un numéro de demande (par exemple PI-2026-0000123, ou son début), un numéro de sécurité sociale de 15 caractères, ou le début du nom de l'assuré (lettres, espaces, tirets et apostrophes).",
  }
}

const ORDER = {
  echeance: { by: (t: string) => `${t}.answer_due_on, ${t}.id`, key: (t: string) => `${t}.answer_due_on, ${t}.id`, after: '>', type: 'date', cursorKey: 'q.answer_due_on::text', cursor: /^(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/ },
  // The receipt's microseconds are part of the key: a millisecond Date would repeat or skip rows.
  reception: { by: (t: string) => `${t}.received_at desc, ${t}.id desc`, key: (t: string) => `${t}.received_at, ${t}.id`, after: '<', type: 'timestamptz', cursorKey: `to_char(q.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, cursor: /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f-]{36})$/ },
} as const

/** The query of one page (one row more than a page, to know whether another follows). */
export function workQueueQuery(agent: Agent, criteria: QueueCriteria, today: LocalDate): { text: string; values: unknown[] } {
  const values: unknown[] = [agent.organismeCode, today]
  const param = (value: unknown) => `$${values.push(value)}`
  const order = ORDER[criteria.sort]
  const search = criteria.search
  // A NIR or a name narrows the queue to a few rows: they are found through the search's own
  // index alone, then filtered and sorted. Given the filters too, the planner may walk the whole
  // history of the organisme in deadline order looking for a name that is not there, or AND the
  // search with an index of every open demande. Otherwise the CTE is inlined, and the page is
  // read from an index in its own order.
  const narrowed = search?.by === 'nir' || search?.by === 'nom'
  const found = narrowed ? ["d.state <> 'brouillon'"] : []
  if (search?.by === 'nir') found.push(`d.submitted -> 'identity' ->> 'nir' = ${param(search.value)}`)
  if (search?.by === 'nom') found.push(startsWith("name_search_key(d.submitted -> 'identity' ->> 'nom')", `name_search_key(${param(search.value)})`))
  if (search?.by === 'numero') found.push(`d.numero like ${param(`${search.value}%`)}`)
  const t = narrowed ? 'q' : 'd'
  const filters = [stateCondition(criteria, t)]
  if (criteria.deadline === 'bientot') filters.push(`${t}.answer_due_on >= $2::date and ${t}.answer_due_on < $2::date + ${DEADLINE_SOON_DAYS}`)
  if (criteria.deadline === 'depassee') filters.push(`${t}.answer_due_on < $2::date`)
  if (criteria.assignment === 'moi') filters.push(`${t}.assigned_agent_id = ${param(agent.id)}`)
  if (criteria.assignment === 'aucune') filters.push(`${t}.assigned_agent_id is null`)
  const cursor = parseCursor(criteria.sort, criteria.after)
  if (cursor) filters.push(`(${order.key(t)}) ${order.after} (${param(cursor.key)}::${order.type}, ${param(cursor.id)}::uuid)`)
  const inner = ['d.organisme_code = $1', ...found, ...(narrowed ? [] : filters)]
  // The names are read from the snapshot of the page's rows only: a search may find a thousand.
  return {
    text: `with q as ${narrowed ? 'materialized ' : ''}(
             select d.id, d.numero, d.state, d.received_at, d.answer_due_on, d.assigned_agent_id
               from demande d
              where ${inner.join('\n                and ')}),
           page as (
             select q.*, a.prenom || ' ' || a.nom as assignee, ${order.cursorKey} as "sortKey"
               from q left join agent a on a.id = q.assigned_agent_id${narrowed ? `\n              where ${filters.join('\n                and ')}` : ''}
              order by ${order.by('q')}
              limit ${QUEUE_PAGE_SIZE + 1})
           select p.id, p.numero, p.state, p.received_at as "receivedAt", p.answer_due_on as "answerDueOn",
                  p.answer_due_on - $2::date as "daysLeft", d.submitted -> 'identity' ->> 'nom' as nom,
                  d.submitted -> 'identity' ->> 'prenoms' as prenoms, p.assignee, p."sortKey"
             from page p join demande d on d.id = p.id
            order by ${order.by('p')}`,
    values,
  }
}

// `text` begins with `prefix`, as a range of the index's byte order (text_pattern_ops): unlike
// LIKE, nothing is checked again on the row, whose snapshot is not read.
function startsWith(text: string, prefix: string): string {
  return `${text} ~>=~ ${prefix} and ${text} ~<~ (left(${prefix}, -1) || chr(ascii(right(${prefix}, 1)) + 1))`
}

export async function listWorkQueue(db: Queryable, agent: Agent, criteria: QueueCriteria, today: LocalDate): Promise<QueuePage> {
  const { rows } = await db.query<QueueRow & { sortKey: string }>(workQueueQuery(agent, criteria, today))
  const page = rows.slice(0, QUEUE_PAGE_SIZE)
  const last = page.at(-1)
  return {
    rows: page,
    next: rows.length > QUEUE_PAGE_SIZE && last ? `${last.sortKey}_${last.id}` : null,
  }
}

function parseCursor(sort: QueueSort, after: string | null): { key: string; id: string } | null {
  const match = after ? ORDER[sort].cursor.exec(after) : null
  if (!match || !isUuid(match[2]!)) return null
  const key = match[1]!
  const valid = sort === 'echeance' ? parseLocalDate(key) !== null : isRealInstant(key)
  return valid ? { key, id: match[2]! } : null
}

// A day that does not exist (30 February) would make PostgreSQL fail rather than start again.
function isRealInstant(iso: string): boolean {
  const time = Date.parse(iso)
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === iso.slice(0, 19)
}

/** Open demandes of the organisme whose deadline comes within 15 days, and those past it. */
export async function countDeadlines(db: Queryable, organismeCode: string, today: LocalDate): Promise<{ soon: number; overdue: number }> {
  const { rows } = await db.query<{ soon: number; overdue: number }>(
    `select count(*) filter (where answer_due_on >= $2::date)::int as soon, count(*) filter (where answer_due_on < $2::date)::int as overdue
       from demande
      where organisme_code = $1 and ${inList(INSTRUCTION_STATES)} and answer_due_on < $2::date + ${DEADLINE_SOON_DAYS}`,
    [organismeCode, today],
  )
  return rows[0]!
}

// The states are written into the query, from our own list, so that the planner matches the
// partial indexes whatever the plan cache does. A deadline concerns demandes not yet decided.
function stateCondition(criteria: QueueCriteria, table: string): string {
  if (criteria.state === 'toutes' && !criteria.deadline) return `${table}.state <> 'brouillon'`
  const wanted: readonly SubmittedState[] = criteria.state === 'toutes' ? SUBMITTED_STATES : criteria.state === 'ouvertes' ? INSTRUCTION_STATES : [criteria.state]
  const states = SUBMITTED_STATES.filter((state) => wanted.includes(state) && (!criteria.deadline || (INSTRUCTION_STATES as readonly string[]).includes(state)))
  return states.length ? inList(states, `${table}.state`) : 'false'
}

function inList(states: readonly SubmittedState[], column = 'state'): string {
  return `${column} in (${states.map((state) => `'${state}'`).join(', ')})`
}
