-- Each verification of the audit chain, kept: a journal view verifies only the entries written
-- since the last one (from its hash), a daily job and the superviseur's button the whole chain.
create table audit_check (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  full_check boolean not null,
  -- The last entry verified (0: none yet) and its hash, where the next verification starts.
  last_id bigint not null,
  last_hash text not null,
  entries bigint not null,
  -- The first entry found altered, forged or missing; null when the chain held.
  broken_at_id bigint
);
create rule audit_check_no_update as on update to audit_check do instead nothing;
create rule audit_check_no_delete as on delete to audit_check do instead nothing;
