-- One notification of the decision per demande in the messagerie (a decision taken, or an implicit
-- refusal sent), whatever double clicks or two agents at once may do.
create unique index message_one_decision on message (demande_id) where kind = 'decision';

-- The deadline job's daily look at the open demandes whose answer-due date has passed, and at
-- those waiting for documents.
create index demande_open_due on demande (answer_due_on) where state in ('recue', 'en_instruction', 'pieces_demandees', 'service_medical');
create index demande_suspension_pending on demande_suspension (demande_id) where to_on is null;
