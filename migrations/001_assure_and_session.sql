create table assure (
  id uuid primary key default gen_random_uuid(),
  oidc_subject text not null unique,
  nir text not null,
  nom text not null,
  prenoms text not null,
  date_naissance date not null,
  caisse_code text not null,
  -- as the identity provider last said, refreshed at each sign-in
  claimed_email text,
  claimed_telephone text,
  claimed_adresse jsonb,
  -- as the assuré changed them in « Mes informations personnelles »: kept over the claims
  email text,
  telephone text,
  adresse jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index assure_nir on assure (nir);

create table http_session (
  sid text primary key,
  data jsonb not null,
  expires_at timestamptz not null
);
create index http_session_expires_at on http_session (expires_at);
