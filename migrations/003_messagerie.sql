create table message (
  id uuid primary key default gen_random_uuid(),
  assure_id uuid not null references assure (id),
  demande_id uuid references demande (id),
  author text not null check (author in ('caisse', 'assure')),
  kind text not null default 'echange',
  subject text not null,
  body text not null,
  in_reply_to uuid references message (id),
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- when the e-mail saying that a message is waiting went out (the job may run twice)
  notified_at timestamptz
);
create index message_assure on message (assure_id, created_at desc);
-- Exactly one acknowledgment per demande, whatever replays or double clicks happen.
create unique index message_one_accuse_reception on message (demande_id) where kind = 'accuse_reception';

create table message_attachment (
  message_id uuid not null references message (id),
  file_id uuid not null references stored_file (id),
  primary key (message_id, file_id)
);
