-- The database's own timetable (issue 17, with issue 15's daily refresh): what must run without
-- anyone asking, scheduled with pg_cron where it exists (hosted Supabase: Database → Extensions).
-- Before, 20261214000100 scheduled the two monitoring jobs in a DO block at migration time only:
-- a project that enables pg_cron after its migrations ran (the usual order on hosted Supabase)
-- got nothing, the vehicles' sweep and the dynamic levels' daily refresh were never scheduled,
-- and nothing of it was tested. Now:
--   app.background_job_list()           the jobs, in one place (name, schedule, command, why);
--   public.schedule_background_jobs()   (re)schedules them all; callable at any time by an admin,
--                                       the service role or SQL without claims; refuses clearly
--                                       when pg_cron is not installed;
--   public.background_jobs_status()     what is scheduled and how each job's last run went.
-- The local stacks (PGlite; native PostgreSQL without pg_cron) keep running the sweeps from their
-- simulators; the native test cluster preloads pg_cron when Debian's package is installed, and
-- test/db/background-jobs.test.ts schedules the jobs there and waits for a run to succeed.
-- pg_cron before 1.5 (Debian 12 ships 1.4.2) knows no "5 seconds" schedules: those jobs then run
-- every minute, and the answer says so. Times are UTC (pg_cron's default cron.timezone).

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
    ('dynamic-levels', '5 16 * * *', null, 'select public.refresh_dynamic_levels()',
     'deadlines pass at the city''s midnight (00:05 Beijing time): overdue dangers raise points'),
    ('monitoring-partitions', '17 19 * * *', null, 'select public.monitoring_maintain_partitions()',
     'day partitions of readings made ahead and dropped past retention (03:17 Beijing time)'),
    ('vehicle-partitions', '27 19 * * *', null, 'select public.vehicle_maintain_partitions()',
     'day partitions of vehicle positions made ahead and dropped past retention (03:27 Beijing time)')
$$;
revoke execute on function app.background_job_list() from public, anon;

-- Admins, the service role, or SQL without request claims (a migration, psql, pg_cron itself).
create or replace function app.require_scheduler(what text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if app.claims() ->> 'role' is not null and app.user_role() not in ('admin', 'service') then
    raise exception '%: 仅管理员和服务角色 / administrators and the service role only', what using errcode = '42501';
  end if;
end
$$;
revoke execute on function app.require_scheduler(text) from public, anon;

create or replace function app.pg_cron_installed()
returns boolean
language sql
stable
set search_path = ''
as $$ select exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron') $$;

-- Every job of the list scheduled (cron.schedule with a name replaces that job). Definer: the
-- owner (postgres on hosted Supabase) may use schema cron; the jobs then run as it, with no
-- request claims, which the jobs' functions accept as the scheduler.
create or replace function public.schedule_background_jobs()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  j record;
  used text;
  id bigint;
  out jsonb := '[]'::jsonb;
begin
  perform app.require_scheduler('schedule_background_jobs');
  if not app.pg_cron_installed() then
    raise exception '后台任务需要 pg_cron 扩展：请先在 Supabase 控制台 Database → Extensions 启用 pg_cron，再调用 schedule_background_jobs() / pg_cron is not installed: enable it (Database → Extensions), then call schedule_background_jobs() again'
      using errcode = '55000';
  end if;
  for j in select * from app.background_job_list() loop
    used := j.schedule;
    begin
      execute 'select cron.schedule($1, $2, $3)' into id using j.name, j.schedule, j.command;
    exception when others then
      -- pg_cron < 1.5 refuses "N seconds": the fallback schedule, never no schedule
      if j.fallback is null then raise; end if;
      used := j.fallback;
      execute 'select cron.schedule($1, $2, $3)' into id using j.name, j.fallback, j.command;
    end;
    out := out || jsonb_build_object('name', j.name, 'schedule', used, 'asked', j.schedule, 'command', j.command, 'jobid', id, 'why', j.why);
  end loop;
  return out;
end
$$;
revoke execute on function public.schedule_background_jobs() from public, anon;
grant execute on function public.schedule_background_jobs() to authenticated, service_role;

-- What is scheduled, and each job's last run (pg_cron's own record). Without pg_cron: the list as
-- it would be scheduled, none of it scheduled, so an administrator sees what is missing.
create or replace function public.background_jobs_status()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  jobs jsonb;
begin
  perform app.require_scheduler('background_jobs_status');
  if not app.pg_cron_installed() then
    select coalesce(jsonb_agg(jsonb_build_object('name', l.name, 'asked', l.schedule, 'scheduled', false, 'why', l.why) order by l.name), '[]')
      into jobs from app.background_job_list() l;
    return jsonb_build_object('pg_cron', false, 'jobs', jobs);
  end if;
  execute $q$
    select coalesce(jsonb_agg(jsonb_build_object(
             'name', l.name, 'asked', l.schedule, 'why', l.why,
             'scheduled', j.jobid is not null, 'schedule', j.schedule, 'active', j.active,
             'command_matches', j.command = l.command,
             'last_start', r.start_time, 'last_status', r.status,
             'last_message', left(r.return_message, 200),
             'runs_succeeded', (select count(*) from cron.job_run_details x where x.jobid = j.jobid and x.status = 'succeeded'))
           order by l.name), '[]')
    from app.background_job_list() l
    left join cron.job j on j.jobname = l.name
    left join lateral (select d.start_time, d.status, d.return_message from cron.job_run_details d
                       where d.jobid = j.jobid order by d.start_time desc nulls last limit 1) r on true
  $q$ into jobs;
  return jsonb_build_object('pg_cron', true, 'jobs', jobs);
end
$$;
revoke execute on function public.background_jobs_status() from public, anon;
grant execute on function public.background_jobs_status() to authenticated, service_role;

-- Where pg_cron is already there when this runs, the whole list is scheduled now (it replaces
-- 20261214000100's two jobs of the same names).
do $$
begin
  if app.pg_cron_installed() then
    perform public.schedule_background_jobs();
  end if;
end
$$;
