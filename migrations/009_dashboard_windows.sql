-- The back office over years of demandes: each page reads what it shows through an index or a
-- summary, however many demandes the table holds.

-- « Non assignées »: the open demandes nobody took, by deadline.
create index demande_queue_unassigned on demande (organisme_code, answer_due_on, id)
  where state in ('recue', 'en_instruction', 'pieces_demandees', 'service_medical') and assigned_agent_id is null;

-- The dashboard's processing times: how many demandes each organisme decided each day (in Paris)
-- after how many days (from the day of receipt). Kept by the triggers below in the transaction
-- that changes the demande, so that the median and the 90th centile read a few hundred rows
-- instead of every decision of the last 90 days; the key carries the count, so that they are read
-- from the index alone.
create table demande_processing_time (
  organisme_code text not null,
  decided_on date not null,
  days integer not null,
  demandes integer not null,
  primary key (organisme_code, decided_on, days) include (demandes)
);

create function count_processing_times() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into demande_processing_time as t (organisme_code, decided_on, days, demandes)
    select organisme_code, (decided_at at time zone 'Europe/Paris')::date,
           (decided_at at time zone 'Europe/Paris')::date - (received_at at time zone 'Europe/Paris')::date, -count(*)
      from old_rows where decided_at is not null and received_at is not null
     group by 1, 2, 3
    on conflict (organisme_code, decided_on, days) do update set demandes = t.demandes + excluded.demandes;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into demande_processing_time as t (organisme_code, decided_on, days, demandes)
    select organisme_code, (decided_at at time zone 'Europe/Paris')::date,
           (decided_at at time zone 'Europe/Paris')::date - (received_at at time zone 'Europe/Paris')::date, count(*)
      from new_rows where decided_at is not null and received_at is not null
     group by 1, 2, 3
    on conflict (organisme_code, decided_on, days) do update set demandes = t.demandes + excluded.demandes;
  end if;
  return null;
end
$$;

create trigger demande_processing_time_insert after insert on demande
  referencing new table as new_rows for each statement execute function count_processing_times();
create trigger demande_processing_time_update after update on demande
  referencing old table as old_rows new table as new_rows for each statement execute function count_processing_times();
create trigger demande_processing_time_delete after delete on demande
  referencing old table as old_rows for each statement execute function count_processing_times();

insert into demande_processing_time (organisme_code, decided_on, days, demandes)
select organisme_code, (decided_at at time zone 'Europe/Paris')::date,
       (decided_at at time zone 'Europe/Paris')::date - (received_at at time zone 'Europe/Paris')::date, count(*)
  from demande where decided_at is not null and received_at is not null
 group by 1, 2, 3;
