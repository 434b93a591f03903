-- The caisse's side: agents, the instruction of a demande, its Cerfa and its deposit in the GED,
-- and the audit of every access.
create table agent (
  id uuid primary key default gen_random_uuid(),
  oidc_subject text not null unique,
  nom text not null,
  prenom text not null,
  role text not null check (role in ('accueil', 'technicien', 'superviseur')),
  organisme_code text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index agent_organisme on agent (organisme_code);

alter table demande
  add column assigned_agent_id uuid references agent (id),
  add column cerfa_file_id uuid references stored_file (id),
  add column decision jsonb,
  add column decided_at timestamptz;

-- The work queue of an organisme, by state and deadline (keyset pagination on (answer_due_on, id)).
create index demande_queue on demande (organisme_code, state, answer_due_on, id) where state <> 'brouillon';
create index demande_queue_due on demande (organisme_code, answer_due_on, id) where state <> 'brouillon';
create index demande_numero_prefix on demande (numero text_pattern_ops);

-- A request for documents suspends the 2-month delay from `from_on` to the day the answer came.
create table demande_suspension (
  id bigint generated always as identity primary key,
  demande_id uuid not null references demande (id),
  from_on date not null,
  to_on date,
  message_id uuid references message (id),
  created_at timestamptz not null default now()
);
create index demande_suspension_demande on demande_suspension (demande_id);

-- Each document of a demande delivered to the GED exactly once: the deposit key names it, the
-- adapter treats a second delivery of the same key as the first.
create table ged_deposit (
  id uuid primary key default gen_random_uuid(),
  deposit_key text not null unique,
  demande_id uuid not null references demande (id),
  document_type text not null,
  file_id uuid not null references stored_file (id),
  state text not null default 'en_attente' check (state in ('en_attente', 'depose', 'echec')),
  attempts integer not null default 0,
  last_error text,
  ged_reference text,
  deposited_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ged_deposit_demande on ged_deposit (demande_id);
create index ged_deposit_failed on ged_deposit (state) where state = 'echec';

-- Append-only, each row chained to the previous one by hash: a row removed or altered breaks
-- the chain.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  agent_id uuid not null references agent (id),
  organisme_code text not null,
  action text not null,
  demande_id uuid references demande (id),
  details jsonb not null default '{}',
  previous_hash text not null,
  hash text not null
);
create index audit_log_demande on audit_log (demande_id, id);
create index audit_log_agent on audit_log (agent_id, id);
create rule audit_log_no_update as on update to audit_log do instead nothing;
create rule audit_log_no_delete as on delete to audit_log do instead nothing;
