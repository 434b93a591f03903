create sequence demande_numero_seq;

create table demande (
  id uuid primary key default gen_random_uuid(),
  assure_id uuid not null references assure (id),
  state text not null default 'brouillon',
  answers jsonb not null default '{}',
  numero text unique,
  caisse_code text not null,
  organisme_code text not null,
  channel text,
  received_at timestamptz,
  answer_due_on date,
  submitted jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((state = 'brouillon') = (numero is null)),
  check ((state = 'brouillon') = (received_at is null))
);
-- One demande in progress per assuré: a draft, or a submitted one not yet decided.
create unique index demande_one_in_progress on demande (assure_id)
  where state not in ('accordee', 'refusee', 'rejet_implicite');

create table demande_event (
  id bigint generated always as identity primary key,
  demande_id uuid not null references demande (id),
  at timestamptz not null default now(),
  actor text not null,
  type text not null,
  data jsonb not null default '{}'
);
create index demande_event_demande on demande_event (demande_id, at);

-- Uploaded files live in the database, with the rows that refer to them: one transaction, one
-- backup, any instance can serve them. Never stored under the user's file name.
create table stored_file (
  id uuid primary key default gen_random_uuid(),
  owner_assure_id uuid not null references assure (id),
  media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
  byte_size integer not null check (byte_size > 0),
  sha256 text not null,
  display_name text not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index stored_file_owner on stored_file (owner_assure_id);

create table demande_document (
  id uuid primary key default gen_random_uuid(),
  demande_id uuid not null references demande (id) on delete cascade,
  kind text not null,
  file_id uuid not null references stored_file (id),
  created_at timestamptz not null default now()
);
create index demande_document_demande on demande_document (demande_id, kind);
