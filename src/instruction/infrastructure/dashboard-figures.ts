// The figures of a superviseur's dashboard, for their own organisme only. Days are counted on the
// calendar of Paris, where the caisses work; `today` is given so that the figures can be checked.
import type { Queryable } from '../../platform/db/pool.ts'
import { INSTRUCTION_STATES } from '../../demarche/domain/demande-state.ts'
import type { LocalDate } from '../../shared/dates.ts'

export const WEEKS_SHOWN = 12
export const DEADLINE_HORIZON_DAYS = 30
export const PROCESSING_WINDOW_DAYS = 90

export type WeekCount = { weekStart: LocalDate; count: number }
export type StateCount = { state: (typeof INSTRUCTION_STATES)[number]; count: number }
/** `week` -1 gathers the deadlines already passed; week n the days 7n to 7n + 6 from today. */
export type DeadlineCount = { week: number; count: number }
export type ProcessingTimes = { decided: number; medianDays: number | null; p90Days: number | null }

export type DashboardFigures = {
  receivedPerWeek: WeekCount[]
  stockByState: StateCount[]
  deadlines: DeadlineCount[]
  processingTimes: ProcessingTimes
}

/** The instant a day of Paris begins: conditions on it are ranges of an index of instants. */
const parisMidnight = (day: string) => `((${day})::timestamp at time zone 'Europe/Paris')`

export async function loadDashboardFigures(db: Queryable, organismeCode: string, today: LocalDate): Promise<DashboardFigures> {
  const [receivedPerWeek, stockByState, deadlines, processingTimes] = await Promise.all([
    countReceivedPerWeek(db, organismeCode, today),
    countStockByState(db, organismeCode),
    countDeadlines(db, organismeCode, today),
    measureProcessingTimes(db, organismeCode, today),
  ])
  return { receivedPerWeek, stockByState, deadlines, processingTimes }
}

// Weeks from Monday, the current one included, oldest first; a week without demande counts 0.
// Each week is a range of instants (from Monday midnight in Paris), read from the index of receipts.
async function countReceivedPerWeek(db: Queryable, organismeCode: string, today: LocalDate): Promise<WeekCount[]> {
  const { rows } = await db.query<{ weekStart: LocalDate; count: number }>(
    `with weeks as (
       select (date_trunc('week', $2::date::timestamp) - make_interval(weeks => k))::date as week_start
         from generate_series(0, $3::int - 1) as k
     )
     select to_char(w.week_start, 'YYYY-MM-DD') as "weekStart",
            (select count(*) from demande d
              where d.organisme_code = $1 and d.state <> 'brouillon'
                and d.received_at >= ${parisMidnight('w.week_start')} and d.received_at < ${parisMidnight('w.week_start + 7')})::int as count
       from weeks w
      order by w.week_start`,
    [organismeCode, today, WEEKS_SHOWN],
  )
  return rows
}

// The stock: demandes received and not decided yet, in every state of the instruction.
async function countStockByState(db: Queryable, organismeCode: string): Promise<StateCount[]> {
  const { rows } = await db.query<{ state: string; count: number }>(
    `select state, count(*)::int as count from demande where organisme_code = $1 and state = any($2::text[]) group by state`,
    [organismeCode, INSTRUCTION_STATES],
  )
  return INSTRUCTION_STATES.map((state) => ({ state, count: rows.find((row) => row.state === state)?.count ?? 0 }))
}

// Open demandes whose answer is due before the horizon, by week from today. A demande waiting for
// documents is left out: its delay is suspended, its due date will move.
async function countDeadlines(db: Queryable, organismeCode: string, today: LocalDate): Promise<DeadlineCount[]> {
  const { rows } = await db.query<DeadlineCount>(
    `select case when answer_due_on < $2::date then -1 else (answer_due_on - $2::date) / 7 end as week, count(*)::int as count
       from demande
      where organisme_code = $1 and state = any($3::text[]) and answer_due_on < $2::date + $4::int
      group by 1`,
    [organismeCode, today, INSTRUCTION_STATES.filter((state) => state !== 'pieces_demandees'), DEADLINE_HORIZON_DAYS],
  )
  const weeks = Math.ceil(DEADLINE_HORIZON_DAYS / 7)
  return Array.from({ length: weeks + 1 }, (_, index) => index - 1).map((week) => ({ week, count: rows.find((row) => row.week === week)?.count ?? 0 }))
}

// From the day of receipt to the day of the decision, for the demandes decided in the window: the
// median and the 90th centile as percentile_cont gives them (interpolated between the two nearest
// ranks), read from the counts per day and per number of days (migrations/009).
async function measureProcessingTimes(db: Queryable, organismeCode: string, today: LocalDate): Promise<ProcessingTimes> {
  const { rows } = await db.query<ProcessingTimes>(
    `with counts as (
       select days, sum(demandes) as demandes
         from demande_processing_time
        where organisme_code = $1 and decided_on > $2::date - $3::int and decided_on <= $2::date
        group by days having sum(demandes) > 0
     ), ranks as (
       select days, sum(demandes) over (order by days) as up_to from counts
     ), total as (
       select coalesce(sum(demandes), 0)::int as decided from counts
     )
     select decided, ${percentile('0.5')} as "medianDays", ${percentile('0.9')} as "p90Days" from total`,
    [organismeCode, today, PROCESSING_WINDOW_DAYS],
  )
  return rows[0]!
}

// The value at the 0-based rank `position` of the sorted days: the first whose cumulated count passes it.
// In float8, as percentile_cont computes it, to the last bit.
function percentile(fraction: string): string {
  const at = (rank: string) => `(select days from ranks where up_to > ${rank} order by days limit 1)`
  const position = `(${fraction}::float8 * (decided - 1))`
  return `case when decided > 0 then (${at(`floor(${position})`)} + (${position} - floor(${position})) * (${at(`ceil(${position})`)} - ${at(`floor(${position})`)}))::float8 end`
}
