// The paths of the back office that `bench:scale` measures, with values an agent would type: the
// NIR, the surname and the number of a demande of the organisme still open, a common surname, a
// number's beginning, and cursors deep into the queue as « Page suivante » would give them.
import type { Pool } from '../src/platform/db/pool.ts'
import { INSTRUCTION_STATES } from '../src/demarche/domain/demande-state.ts'
import { SUBMITTED_STATES } from '../src/instruction/infrastructure/work-queue.ts'
import type { BenchPath } from './scale-measure.ts'

const OPEN = `state in (${INSTRUCTION_STATES.map((state) => `'${state}'`).join(', ')})`

export async function benchPaths(pool: Pool, organisme: string, cookies: { technicien: string; superviseur: string }): Promise<BenchPath[]> {
  const one = async <T>(sql: string): Promise<T> => (await pool.query<T & object>(sql, [organisme])).rows[0]!
  // A demande in the middle of the open queue: its NIR, its surname, its number.
  const sample = await one<{ nir: string; nom: string; numero: string }>(
    `select submitted -> 'identity' ->> 'nir' as nir, submitted -> 'identity' ->> 'nom' as nom, numero
       from demande where organisme_code = $1 and ${OPEN}
      order by answer_due_on, id offset (select count(*) / 2 from demande where organisme_code = $1 and ${OPEN}) limit 1`,
  )
  const openMiddle = await one<{ cursor: string }>(
    `select answer_due_on::text || '_' || id as cursor from demande where organisme_code = $1 and ${OPEN}
      order by answer_due_on, id offset (select count(*) * 3 / 4 from demande where organisme_code = $1 and ${OPEN}) limit 1`,
  )
  const allMiddle = await one<{ cursor: string }>(
    `select answer_due_on::text || '_' || id as cursor from demande where organisme_code = $1 and state <> 'brouillon'
      order by answer_due_on, id offset (select count(*) / 2 from demande where organisme_code = $1 and state <> 'brouillon') limit 1`,
  )
  const receivedMiddle = await one<{ cursor: string }>(
    `select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || id as cursor from demande where organisme_code = $1 and ${OPEN}
      order by received_at desc, id desc offset (select count(*) / 2 from demande where organisme_code = $1 and ${OPEN}) limit 1`,
  )
  const numeroPrefix = sample.numero.slice(0, 12) // 'PI-2026-0012': a thousand numbers
  const technicien = (name: string, query: Record<string, string>): BenchPath => ({
    name, cookie: cookies.technicien, url: `/agent/file${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`,
  })
  return [
    technicien('file (ouvertes, échéance)', {}),
    technicien('file, page profonde', { apres: openMiddle.cursor }),
    ...SUBMITTED_STATES.map((state) => technicien(`état ${state}`, { etat: state })),
    technicien('tous les états', { etat: 'toutes' }),
    technicien('tous les états, page profonde', { etat: 'toutes', apres: allMiddle.cursor }),
    technicien('échéance < 15 jours', { echeance: 'bientot' }),
    technicien('échéance dépassée', { echeance: 'depassee' }),
    technicien('assignées à moi', { assignation: 'moi' }),
    technicien('non assignées', { assignation: 'aucune' }),
    technicien('tri par réception', { tri: 'reception' }),
    technicien('tri par réception, page profonde', { tri: 'reception', apres: receivedMiddle.cursor }),
    technicien('recherche NIR', { recherche: sample.nir }),
    technicien('recherche NIR, tous états', { recherche: sample.nir, etat: 'toutes' }),
    technicien('recherche nom', { recherche: sample.nom }),
    technicien('recherche nom, tous états', { recherche: sample.nom, etat: 'toutes' }),
    technicien('recherche « Martin », tous états', { recherche: 'martin', etat: 'toutes' }),
    technicien('recherche numéro', { recherche: sample.numero }),
    technicien('recherche début de numéro', { recherche: numeroPrefix, etat: 'toutes' }),
    { name: 'tableau de bord', cookie: cookies.superviseur, url: '/agent/tableau-de-bord' },
  ]
}
