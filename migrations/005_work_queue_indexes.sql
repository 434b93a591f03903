-- The work queue and its searches, served by indexes however many demandes the table holds.

-- Open demandes by deadline. Decided demandes (most of the table, and those with the earliest
-- deadlines) are not in it: the first page of the default queue does not walk past them.
create index demande_queue_open on demande (organisme_code, answer_due_on, id)
  where state in ('recue', 'en_instruction', 'pieces_demandees', 'service_medical');
create index demande_queue_open_assignee on demande (assigned_agent_id, answer_due_on, id)
  where state in ('recue', 'en_instruction', 'pieces_demandees', 'service_medical');
-- « Reçues le plus récemment », read backwards.
create index demande_queue_received on demande (organisme_code, received_at, id) where state <> 'brouillon';

-- Search by the assuré's NIR and name as sent with the demande (the snapshot, not the account).
create index demande_search_nir on demande (organisme_code, (submitted -> 'identity' ->> 'nir')) where state <> 'brouillon';

-- A name as an agent searches it: lower case, accents removed, so that « lefevre », « LEFÈVRE »
-- and « Lefèvre » find the same assuré.
create function name_search_key(name text) returns text
  language sql immutable strict parallel safe
  return lower(regexp_replace(normalize(name, NFD), '[\u0300-\u036f]', '', 'g'));
create index demande_search_nom on demande (organisme_code, name_search_key(submitted -> 'identity' ->> 'nom') text_pattern_ops)
  where state <> 'brouillon';

-- The messages of one demande, on the agent's page of that demande.
create index message_demande on message (demande_id, created_at) where demande_id is not null;
