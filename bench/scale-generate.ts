// The demandes of `npm run bench:scale`, made by PostgreSQL itself (generate_series, insert …
// select): no row crosses the network. Every value comes from a hash of the row's number, so two
// runs with the same count make the same demandes (ids and timestamps aside).
//
// The story of each demande: received over the last 4 years at a steady pace (numbered in that
// order, PI-YYYY-NNNNNNN), decided 1 to 9 weeks later (62 % accordée, the others refusées), 2.5 %
// left without answer and found rejet implicite the day after their deadline (a few still open
// 1 or 2 days past it, as before the nightly job), 22 % with a request for documents that
// suspended the delay (pending for those still waiting). The most recent ones are open, in every
// state of the instruction, assigned to a technicien of their organisme once taken in charge.
// 4 % of the rows are drafts of the last 6 months. 1 assuré in 12 of the last two years already
// had a decided demande two years earlier.
//
// For speed the demande's own indexes and foreign keys are dropped during the load and made again
// after it, from their definitions as PostgreSQL gives them: the schema ends as the migrations made it.
import type pg from 'pg'
import {
  COMMON_SURNAMES, EMPLOYERS, FEMALE_PRENOMS, MALE_PRENOMS, STREETS, SURNAME_ENDS, SURNAME_MIDDLES, SURNAME_STARTS, population,
} from './scale-population.ts'

export const HISTORY_DAYS = 4 * 365
const DRAFT_SHARE = 0.04

export type Generated = { rows: number; submitted: number; assures: number; suspensions: number; agents: number; seconds: Record<string, number> }

export async function generateDemandes(client: pg.Client, rows: number, log: (line: string) => void): Promise<Generated> {
  const people = population()
  const submitted = Math.round(rows * (1 - DRAFT_SHARE))
  const seconds: Record<string, number> = {}
  const step = async (name: string, work: () => Promise<unknown>) => {
    const start = performance.now()
    await work()
    seconds[name] = Math.round(performance.now() - start) / 1000
    log(`  ${name}: ${seconds[name]!.toFixed(1)} s`)
  }

  await client.query(`set maintenance_work_mem = '512MB'`)
  await client.query('set synchronous_commit = off')
  await client.query(`create function pg_temp.h(i bigint, k bigint) returns bigint language sql immutable parallel safe
                        return hashint8extended(i, k) & 9223372036854775807`)
  await client.query(`create function pg_temp.pick(a text[], h bigint) returns text language sql immutable parallel safe
                        return a[(1 + h % cardinality(a))::int]`)

  await step('agents', () => client.query(
    `insert into agent (id, oidc_subject, nom, prenom, role, organisme_code)
     select md5('scale-agent-' || o.code || '-' || k)::uuid, 'scale-agent-' || o.code || '-' || k,
            pg_temp.pick($3, pg_temp.h(k, 31)), pg_temp.pick($4, pg_temp.h(k, 32)),
            case when k = 0 then 'superviseur' else 'technicien' end, o.code
       from unnest($1::text[], $2::int[]) as o (code, agents), generate_series(0, o.agents - 1) as k`,
    [[...people.agentsPerOrganisme.keys()], [...people.agentsPerOrganisme.values()], COMMON_SURNAMES, [...FEMALE_PRENOMS, ...MALE_PRENOMS]],
  ))

  await client.query(`set work_mem = '256MB'`)
  await step('plan', () => client.query(planSql(), [
    rows, submitted, HISTORY_DAYS, people.slots, people.codes, people.organismes,
    people.organismes.map((organisme) => people.agentsPerOrganisme.get(organisme)!),
  ]))
  await step('identités', async () => {
    await client.query(identitySql(), [people.departements])
    await client.query('alter table scale_identity add primary key (assure_n)')
  })

  await step('assurés', () => client.query(
    `insert into assure (id, oidc_subject, nir, nom, prenoms, date_naissance, caisse_code, claimed_email, claimed_telephone, claimed_adresse, created_at, updated_at)
     select assure_id, 'scale-' || assure_n, nir, nom, prenoms, date_naissance, caisse_code, email, telephone, adresse, created_at, created_at
       from scale_identity`,
  ))

  const dropped = await dropIndexesAndForeignKeys(client, 'demande')
  await step('demandes', () => client.query(insertDemandesSql(), [EMPLOYERS, STREETS]))
  await step('index et contraintes', async () => {
    for (const sql of dropped) await client.query(sql)
  })
  await step('suspensions', () => client.query(
    `insert into demande_suspension (demande_id, from_on, to_on, created_at)
     select id, susp_from, susp_to, susp_from::timestamp at time zone 'Europe/Paris' from scale_plan where susp_from is not null`,
  ))
  await client.query(`select setval('demande_numero_seq', $1)`, [submitted])
  await client.query('drop table scale_plan, scale_identity')
  await step('vacuum analyze', () => client.query('vacuum analyze'))

  const counts = await client.query<{ assures: number; suspensions: number; agents: number; nirs: number }>(
    `select (select count(*) from assure)::int as assures, (select count(distinct nir) from assure)::int as nirs,
            (select count(*) from demande_suspension)::int as suspensions, (select count(*) from agent)::int as agents`,
  )
  const { assures, suspensions, agents, nirs } = counts.rows[0]!
  if (nirs !== assures) throw new Error(`${assures - nirs} NIR en double parmi les assurés générés`)
  return { rows, submitted, assures, suspensions, agents, seconds }
}

// One row per demande to be made, with its whole story.
function planSql(): string {
  return `
    create unlogged table scale_plan as
    with base as (
      select i, i > $2 as draft,
             case when i <= $2 and i > $2 / 2 and i % 12 = 0 then i - $2 / 2 else i end as assure_n,
             to_timestamp(extract(epoch from now()) - $3 * 86400.0 + (i - 1 + pg_temp.h(i, 1) % 1000 / 1000.0) * ($3 * 86400.0 / $2)) as received_at,
             pg_temp.h(i, 2) % 100 < 22 as had_susp, 4 + (pg_temp.h(i, 3) % 20)::int as susp_off, 5 + (pg_temp.h(i, 4) % 45)::int as susp_len,
             pg_temp.h(i, 5) % 1000 < 25 as no_answer, (pg_temp.h(i, 6) % 45)::int as decision_delay, (pg_temp.h(i, 7) % 3)::int as job_delay,
             pg_temp.h(i, 8) % 100 as outcome, pg_temp.h(i, 9) % 100 as progress, pg_temp.h(i, 10) as agent_h,
             pg_temp.h(i, 11) % 100 as channel_h, pg_temp.h(i, 12) as answers_h
        from generate_series(1, $1::int) as i
    ), dated as (
      select b.*, (received_at at time zone 'Europe/Paris')::date as rd, (now() at time zone 'Europe/Paris')::date as today
        from base b
    ), aged as (
      select d.*, today - rd as age
        from dated d
    ), suspended as (
      select a.*,
             case when draft or not had_susp or age < susp_off then 'none'
                  when age < susp_off + susp_len then 'pending' else 'closed' end as susp_state
        from aged a
    ), due as (
      select s.*,
             (rd + 1 + case susp_state when 'pending' then age - susp_off + 1 when 'closed' then susp_len else 0 end + interval '2 months')::date as answer_due_on,
             -- the day of the decision, counted from the day of receipt
             case when no_answer then ((rd + 1 + case when had_susp then susp_len else 0 end + interval '2 months')::date - rd) + 1 + job_delay
                  else case when had_susp then susp_off + susp_len else 0 end + 8 + decision_delay end as decided_after
        from suspended s
    ), staged as (
      select u.*, ($4::int[])[(1 + pg_temp.h(assure_n, 20) % cardinality($4::int[]))::int] as caisse_ix,
             case when draft then 'brouillon'
                  when age >= decided_after then case when no_answer then 'rejet_implicite' when outcome < 62 then 'accordee' else 'refusee' end
                  when susp_state = 'pending' then 'pieces_demandees'
                  when age < 2 or (age < 10 and progress < 50) then 'recue'
                  when age > 10 and progress < 35 then 'service_medical'
                  else 'en_instruction' end as state
        from due u
    )
    select i, draft, assure_n, md5('scale-assure-' || assure_n)::uuid as assure_id, gen_random_uuid() as id, state, caisse_ix,
           ($5::text[])[caisse_ix] as caisse_code, ($6::text[])[caisse_ix] as organisme_code,
           case when draft then null else received_at end as received_at,
           case when draft then null else answer_due_on end as answer_due_on,
           case when draft then null else 'PI-' || to_char(rd, 'YYYY') || '-' || lpad(i::text, 7, '0') end as numero,
           case when draft then now() - make_interval(secs => pg_temp.h(i, 13) % (183 * 86400)) else received_at - make_interval(secs => pg_temp.h(i, 14) % (20 * 86400)) end as created_at,
           case when state = 'rejet_implicite' then (rd + decided_after)::timestamp + interval '2 hours 30 minutes'
                when state in ('accordee', 'refusee') then (rd + decided_after)::timestamp + make_interval(mins => 540 + (agent_h % 540)::int)
           end at time zone 'Europe/Paris' as decided_at,
           case when state in ('en_instruction', 'pieces_demandees', 'service_medical', 'accordee', 'refusee')
                  or (state = 'recue' and agent_h % 100 < 15) or (state = 'rejet_implicite' and agent_h % 2 = 0)
                then md5('scale-agent-' || ($6::text[])[caisse_ix] || '-' || (1 + (agent_h / 100) % (($7::int[])[caisse_ix] - 1)))::uuid
           end as assigned_agent_id,
           case when channel_h < 55 then 'web-ordinateur' when channel_h < 80 then 'web-mobile' when channel_h < 85 then 'web-tablette'
                when channel_h < 90 then 'borne' else 'api' end as channel,
           case when susp_state <> 'none' then rd + susp_off end as susp_from,
           case when susp_state = 'closed' then rd + susp_off + susp_len - 1 end as susp_to,
           outcome, answers_h, rd, decided_after, today
      from staged`
}

// One row per assuré, with their identity: a NIR made unique by the assuré's number.
function identitySql(): string {
  return `
    create unlogged table scale_identity as
    with people as (
      select distinct on (assure_n) assure_n, assure_id, caisse_code, created_at, ($1::text[])[caisse_ix] as caisse_departement
        from scale_plan
       order by assure_n, i
    ), born as (
      select p.*, (assure_n - 1) % 2 + 1 as sex, ((assure_n - 1) / 2) % 12 + 1 as month, 1958 + ((assure_n - 1) / 24) % 42 as year,
             (((assure_n - 1) / 1008) * 7919) % 999999 as serial,
             case when pg_temp.h(assure_n, 21) % 100 < 80 then left(caisse_departement, 2)
                  when pg_temp.h(assure_n, 21) % 100 < 92 then left(($1::text[])[(1 + pg_temp.h(assure_n, 22) % cardinality($1::text[]))::int], 2)
                  else '99' end as birth_departement,
             pg_temp.h(assure_n, 23) as name_h, pg_temp.h(assure_n, 24) as prenom_h
        from people p
    ), numbered as (
      select b.*, sex::text || lpad((year % 100)::text, 2, '0') || lpad(month::text, 2, '0') || birth_departement
                  || lpad((serial / 1000)::text, 3, '0') || lpad((serial % 1000)::text, 3, '0') as nir_body
        from born b
    ), named as (
      select n.*, nir_body || lpad((97 - replace(replace(nir_body, '2A', '19'), '2B', '18')::bigint % 97)::text, 2, '0') as nir,
             case when name_h % 100 < 15
                  then ${sqlArray(COMMON_SURNAMES)}[1 + floor(${COMMON_SURNAMES.length} * power((name_h / 100 % 100000) / 100000.0, 1.5))::int]
                  else pg_temp.pick(${sqlArray(SURNAME_STARTS)}, name_h / 100) || pg_temp.pick(${sqlArray(SURNAME_MIDDLES)}, name_h / 10000)
                       || pg_temp.pick(${sqlArray(SURNAME_ENDS)}, name_h / 1000000) end as nom,
             case when sex = 2 then pg_temp.pick(${sqlArray(FEMALE_PRENOMS)}, prenom_h) else pg_temp.pick(${sqlArray(MALE_PRENOMS)}, prenom_h) end as prenom,
             case when prenom_h % 10 >= 4 then ''
                  when sex = 2 then ' ' || pg_temp.pick(${sqlArray(FEMALE_PRENOMS)}, prenom_h / 10) else ' ' || pg_temp.pick(${sqlArray(MALE_PRENOMS)}, prenom_h / 10) end as second_prenom
        from numbered n
    )
    select assure_n, assure_id, caisse_code, created_at, nir, nom, prenom || second_prenom as prenoms,
           make_date(year, month, 1 + (prenom_h / 1000 % 28)::int) as date_naissance,
           lower(translate(prenom, 'éèëêïîôöüçÉ', 'eeeeiioouce')) || '.' || assure_n || '@example.fr' as email,
           '06 ' || lpad((assure_n % 100)::text, 2, '0') || ' ' || lpad((prenom_h % 100)::text, 2, '0') || ' ' || lpad((name_h % 100)::text, 2, '0') || ' ' || lpad((assure_n / 100 % 100)::text, 2, '0') as telephone,
           null::jsonb as adresse
      from named`
}

function insertDemandesSql(): string {
  return `
    insert into demande (id, assure_id, state, answers, numero, caisse_code, organisme_code, channel, received_at, answer_due_on, submitted,
                         assigned_agent_id, decision, decided_at, created_at, updated_at)
    with answered as (
      select p.*, a.nir, a.nom, a.prenoms, a.date_naissance, a.email, a.telephone,
             jsonb_build_object('ligne', (1 + p.answers_h % 120) || ' ' || pg_temp.pick($2, p.answers_h / 7), 'codePostal', left(p.caisse_code, 2) || lpad((p.answers_h % 1000)::text, 3, '0'),
                                'commune', 'Commune ' || (p.answers_h % 400), 'pays', 'France') as adresse,
             case when p.answers_h % 100 < 70 then jsonb_build_object(
                    'vuMedecinConseil', case when p.answers_h % 3 = 0 then 'oui' else 'non' end, 'nationalite', 'francaise', 'situation', 'salarie',
                    'plusieursEmployeurs', 'non', 'employeurNom', pg_temp.pick($1, p.answers_h / 11),
                    'employeurAdresse', (1 + p.answers_h % 90) || ' ' || pg_temp.pick($2, p.answers_h / 13) || ', ' || left(p.caisse_code, 2) || '000',
                    'employeurSiret', lpad((p.answers_h % 100000000000000)::text, 14, '0'), 'dateDebutContrat', (p.rd - 400 - (p.answers_h % 7000)::int)::text,
                    'contratTermine', 'non', 'arretTravail', 'oui', 'dateArretTravail', (p.rd - 200 - (p.answers_h % 900)::int)::text,
                    'accident', 'non', 'autreRegime', 'non', 'travailEtranger', 'non', 'pensions', jsonb_build_array('aucune'), 'attestation', 'oui')
                  else jsonb_build_object(
                    'vuMedecinConseil', 'oui', 'nationalite', case when p.answers_h % 5 = 0 then 'ue-eee-suisse' else 'francaise' end, 'situation', 'non-salarie',
                    'dateImmatriculation', (p.rd - 1000 - (p.answers_h % 5000)::int)::text, 'activiteCessee', 'non', 'conjointCollaborateur', 'non',
                    'activite', 'Artisan ' || pg_temp.pick($1, p.answers_h / 17), 'adresseProfessionnelle', (1 + p.answers_h % 70) || ' ' || pg_temp.pick($2, p.answers_h / 19),
                    'accident', case when p.answers_h % 9 = 0 then 'oui' else 'non' end, 'autreRegime', 'non', 'travailEtranger', 'non',
                    'pensions', jsonb_build_array('aucune'), 'attestation', 'oui') end as answers
        from scale_plan p join scale_identity a using (assure_n)
    )
    select id, assure_id, state,
           case when draft then answers - 'attestation' - 'pensions' - 'accident' else answers end,
           numero, caisse_code, organisme_code, case when draft then null else channel end, received_at, answer_due_on,
           case when not draft then jsonb_build_object(
             'identity', jsonb_build_object('id', assure_id, 'nir', nir, 'nom', nom, 'prenoms', prenoms, 'dateNaissance', date_naissance, 'caisseCode', caisse_code,
                                            'email', email, 'telephone', telephone, 'adresse', adresse),
             'answers', answers,
             'documents', jsonb_build_array(jsonb_build_object('kind', 'avis-imposition', 'displayName', 'avis-imposition-' || (answers_h % 1000) || '.pdf',
                                                               'mediaType', 'application/pdf', 'byteSize', 80000 + answers_h % 900000)))
           end,
           assigned_agent_id,
           case state
             when 'accordee' then jsonb_build_object('type', 'accord', 'categorie', 1 + outcome % 3, 'dateEffet', (rd + decided_after)::text,
                                                     'lettre', md5('lettre-' || i)::uuid, 'messageId', md5('message-' || i)::uuid)
             when 'refusee' then jsonb_build_object('type', 'refus', 'motif', case when outcome % 2 = 0 then 'medical' else 'administratif' end,
                                                    'raison', 'Les conditions d''ouverture du droit ne sont pas remplies à la date de la demande.',
                                                    'lettre', md5('lettre-' || i)::uuid, 'messageId', md5('message-' || i)::uuid)
             when 'rejet_implicite' then jsonb_build_object('type', 'rejet_implicite', 'echeance', answer_due_on::text, 'implicite', true,
                                                            'lettre', md5('lettre-' || i)::uuid, 'constateLe', (rd + decided_after)::text,
                                                            'notifieLe', case when today - rd - decided_after < 7 then null else (rd + decided_after + 2)::text end,
                                                            'messageId', case when today - rd - decided_after < 7 then null else md5('message-' || i)::uuid end)
           end,
           decided_at, created_at, coalesce(decided_at, received_at, created_at)
      from answered`
}

async function dropIndexesAndForeignKeys(client: pg.Client, table: string): Promise<string[]> {
  const indexes = await client.query<{ name: string; definition: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as definition
       from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = $1::regclass and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`,
    [table],
  )
  const foreignKeys = await client.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = $1::regclass and contype = 'f'`,
    [table],
  )
  for (const index of indexes.rows) await client.query(`drop index ${index.name}`)
  for (const key of foreignKeys.rows) await client.query(`alter table ${table} drop constraint ${key.name}`)
  return [
    ...indexes.rows.map((index) => index.definition),
    ...foreignKeys.rows.map((key) => `alter table ${table} add constraint ${key.name} ${key.definition}`),
  ]
}

function sqlArray(values: readonly string[]): string {
  return `(array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]::text[])`
}
