-- Retention of personal data: abandoned drafts are deleted (after one warning), uploaded files
-- leave the service's storage some time after the GED confirmed them.

-- One warning per draft and per period without change: a warning of an earlier period is kept in
-- the messagerie under another kind ('avertissement_purge_ancien').
create unique index message_one_avertissement_purge on message (demande_id) where kind = 'avertissement_purge';

-- The daily look at the drafts left untouched.
create index demande_draft_updated on demande (updated_at) where state = 'brouillon';

-- A file whose content was removed once deposited: the row stays for the history, its content
-- empty (byte_size and sha256 still say what it was).
alter table stored_file add column purged_at timestamptz;
