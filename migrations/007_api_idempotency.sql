-- The JSON API's Idempotency-Key: the response given to a request, given again when the mobile
-- application replays it (a lost answer, a retry after a time-out). A key belongs to one assuré:
-- the same key sent by another assuré is another key.
create table api_idempotency_key (
  assure_id uuid not null references assure (id),
  key text not null,
  -- 'POST /demarches/pension-invalidite/envoi': a key reused for another request is refused
  request text not null,
  status integer not null,
  -- json, not jsonb: the body given again is the very text given the first time
  response json not null,
  created_at timestamptz not null default now(),
  primary key (assure_id, key)
);
