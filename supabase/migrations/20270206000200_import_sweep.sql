-- Runs abandoned mid-commit rolled back on a timetable (issue 14: "a failure or a closed tab leaves
-- nothing half-written"). A file of more than 1,000 rows commits in bounded calls
-- (20270106000100); a client that goes away between them leaves the run 'applying' with part of it
-- written, and until now only the next import_begin (anyone's) rolled such a run back once it had
-- been idle 5 minutes: in a city that imports once a month, the half-written rows stayed on the map
-- for weeks. public.import_sweep() does the same housekeeping without waiting for an import: called
-- every minute by pg_cron (the timetable of 20270117000100, restated here with the new job) and by
-- the local stack's timetable, it rolls back abandoned runs in bounded steps (≤ 5 steps of ≤ 1,000
-- rows a call, so a 100,000-row run is gone in about 20 minutes) and drops expired undo images, as
-- import_begin does. Who: administrators, the service role, or SQL without request claims (pg_cron).

create or replace function public.import_sweep()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  steps int := 0;
  before_rows bigint;
  after_rows bigint;
  left_runs int;
begin
  perform app.require_scheduler('import_sweep');
  select count(*) into before_rows from public.import_rows s join public.import_runs r on r.id = s.run_id
    where r.status = 'applying' and s.applied;
  while steps < 5 and exists (select 1 from public.import_runs r where r.status = 'applying' and r.updated_at < now() - interval '5 minutes') loop
    perform app.import_undo_abandoned(1000);
    steps := steps + 1;
  end loop;
  if steps = 0 then
    -- nothing abandoned: the expired images are still dropped (import_begin's other chore)
    perform app.import_undo_abandoned(0);
  end if;
  select count(*) into after_rows from public.import_rows s join public.import_runs r on r.id = s.run_id
    where r.status = 'applying' and s.applied;
  select count(*) into left_runs from public.import_runs r where r.status = 'applying' and r.updated_at < now() - interval '5 minutes';
  return jsonb_build_object('steps', steps, 'rows_undone', before_rows - after_rows, 'abandoned_runs_left', left_runs);
end
$$;
revoke execute on function public.import_sweep() from public, anon;
grant execute on function public.import_sweep() to authenticated, service_role;

-- The timetable of 20270117000100 with the import sweep added (every minute: a run is rolled back
-- within a minute of reaching its 5 idle minutes).
create or replace function app.background_job_list()
returns table (name text, schedule text, fallback text, command text, why text)
language sql
immutable
set search_path = ''
as $$
  values
    ('monitoring-sweep', '5 seconds', '* * * * *', 'select public.monitoring_sweep()',
     'channels silent past their period go offline; unacknowledged alarms escalate'),
    ('vehicle-sweep', '5 seconds', '* * * * *', 'select public.vehicle_sweep()',
     'a vehicle silent for 5 minutes raises signal_lost'),
    ('import-sweep', '* * * * *', null, 'select public.import_sweep()',
     'imports abandoned mid-commit (a closed tab) rolled back once idle for 5 minutes; expired undo images dropped'),
    ('dynamic-levels', '5 16 * * *', null, 'select public.refresh_dynamic_levels()',
     'deadlines pass at the city''s midnight (00:05 Beijing time): overdue dangers raise points'),
    ('monitoring-partitions', '17 19 * * *', null, 'select public.monitoring_maintain_partitions()',
     'day partitions of readings made ahead and dropped past retention (03:17 Beijing time)'),
    ('vehicle-partitions', '27 19 * * *', null, 'select public.vehicle_maintain_partitions()',
     'day partitions of vehicle positions made ahead and dropped past retention (03:27 Beijing time)')
$$;
revoke execute on function app.background_job_list() from public, anon;
