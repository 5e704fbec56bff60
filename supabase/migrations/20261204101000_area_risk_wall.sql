-- Area risk map: an area's level is the highest level of what lies in it, unless an area-level
-- assessment overrides it (DOMAIN.md). Counts follow RLS: each role sums what it may see.

create table public.area_risk_assessments (
  area_code text primary key references public.areas(code) on delete cascade,
  level smallint not null references public.risk_levels(level),
  reason text not null check (length(btrim(reason)) >= 4),
  assessed_by text not null,
  assessed_at date not null default current_date,
  updated_at timestamptz not null default now()
);

create trigger area_risk_assessments_touch before insert or update on public.area_risk_assessments
  for each row execute function app.touch_updated_at();

alter table public.area_risk_assessments enable row level security;

revoke all on public.area_risk_assessments from anon;

create policy area_risk_assessments_read on public.area_risk_assessments for select to authenticated
  using ((select app.is_staff()));

-- The code of the area of `lvl` that a row's area_code lies in (codes extend their parent's:
-- district 6 digits, street 9, grid 12; the city is the prefix of its districts).
create or replace function app.area_at_level(row_area text, lvl public.area_level) returns text
language sql stable
set search_path = ''
as $$
  select case lvl
    when 'district' then case when length(row_area) >= 6 and right(left(row_area, 6), 2) <> '00' then left(row_area, 6) end
    when 'street' then case when length(row_area) >= 9 then left(row_area, 9) end
    when 'grid' then case when length(row_area) >= 12 then left(row_area, 12) end
    else (select a.code from public.areas a where a.level = 'city' and row_area like app.code_prefix(a.code) || '%' limit 1)
  end
$$;

-- The area risk map at one level, for an audience: 'staff' (area_risk_summary, invoker: each
-- role sums what RLS lets it see; counts of major hazard sources and open / overdue hidden
-- dangers, the override with its reason) or 'public' (public_area_risk_summary, definer: risk
-- points by level and the area's colour only). Rows are first counted per area_code (a few
-- thousand codes), and only those codes are mapped to the level's area, with
-- app.area_at_level's rule written inline: called per row it costs ~17 µs each (a function
-- with its own search_path is never inlined). Runs with the rights of its caller.
create or replace function app.area_risk_summary(audience text, level text)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  staff boolean := audience <> 'public';
  lvl public.area_level;
  result jsonb;
begin
  begin
    lvl := level::public.area_level;
  exception when invalid_text_representation then
    raise exception 'unknown area level "%": expected city, district, street or grid', level using errcode = '22023';
  end;
  with cities as (
    select a.code, app.code_prefix(a.code) || '%' as pat from public.areas a where a.level = 'city'
  ), rp0 as (
    select r.area_code,
      count(*) filter (where r.level = 1) as l1, count(*) filter (where r.level = 2) as l2,
      count(*) filter (where r.level = 3) as l3, count(*) filter (where r.level = 4) as l4,
      min(r.level) as highest
    from public.risk_points r group by 1
  ), hs0 as (
    select h.area_code,
      count(*) filter (where h.major_grade = 1) as g1, count(*) filter (where h.major_grade = 2) as g2,
      count(*) filter (where h.major_grade = 3) as g3, count(*) filter (where h.major_grade = 4) as g4
    from public.hazard_sources h where staff and h.is_major group by 1
  ), hd0 as (
    select d.area_code,
      count(*) filter (where d.status not in ('closed', 'rejected')) as open,
      count(*) filter (where d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')) as overdue
    from public.hidden_dangers d where staff group by 1
  ), codes as (
    -- app.area_at_level(area_code, lvl), once per distinct code
    select c.area_code, case lvl
        when 'district' then case when length(c.area_code) >= 6 and right(left(c.area_code, 6), 2) <> '00' then left(c.area_code, 6) end
        when 'street' then case when length(c.area_code) >= 9 then left(c.area_code, 9) end
        when 'grid' then case when length(c.area_code) >= 12 then left(c.area_code, 12) end
        else (select ci.code from cities ci where c.area_code like ci.pat limit 1)
      end as code
    from (select area_code from rp0 union select area_code from hs0 union select area_code from hd0) c
    where c.area_code is not null -- (rows without one belong to no area at any level)
  ), rp as (
    select k.code, sum(x.l1)::bigint as l1, sum(x.l2)::bigint as l2, sum(x.l3)::bigint as l3, sum(x.l4)::bigint as l4,
      min(x.highest) as highest
    from rp0 x join codes k on k.area_code = x.area_code group by 1
  ), hs as (
    select k.code, sum(x.g1)::bigint as g1, sum(x.g2)::bigint as g2, sum(x.g3)::bigint as g3, sum(x.g4)::bigint as g4
    from hs0 x join codes k on k.area_code = x.area_code group by 1
  ), hd as (
    select k.code, sum(x.open)::bigint as open, sum(x.overdue)::bigint as overdue
    from hd0 x join codes k on k.area_code = x.area_code group by 1
  )
  select coalesce(jsonb_agg(
      jsonb_build_object('code', a.code, 'name', a.name,
        'risk_points', jsonb_build_object('1', coalesce(rp.l1, 0), '2', coalesce(rp.l2, 0), '3', coalesce(rp.l3, 0), '4', coalesce(rp.l4, 0)),
        'level', coalesce(o.level, rp.highest))
      || case when staff then jsonb_build_object(
        'parent_code', a.parent_code,
        'highest_level', rp.highest,
        'override', case when o.area_code is not null then jsonb_build_object('level', o.level, 'reason', o.reason,
                      'assessed_by', o.assessed_by, 'assessed_at', o.assessed_at) end,
        'major_hazards', jsonb_build_object('1', coalesce(hs.g1, 0), '2', coalesce(hs.g2, 0), '3', coalesce(hs.g3, 0), '4', coalesce(hs.g4, 0)),
        'hidden_dangers', jsonb_build_object('open', coalesce(hd.open, 0), 'overdue', coalesce(hd.overdue, 0)))
      else '{}'::jsonb end
    order by a.code), '[]')
  into result
  from public.areas a
  left join rp on rp.code = a.code
  left join hs on hs.code = a.code
  left join hd on hd.code = a.code
  left join public.area_risk_assessments o on o.area_code = a.code
  where a.level = lvl;
  return result;
end
$$;

revoke execute on function app.area_risk_summary(text, text) from public, anon;

grant execute on function app.area_risk_summary(text, text) to authenticated, service_role;

create or replace function public.area_risk_summary(level text)
returns jsonb
language sql stable
security invoker
set search_path = ''
as $$ select app.area_risk_summary('staff', level) $$;

-- The public gets the colours per area (risk points only; no internal figures).
create or replace function public.public_area_risk_summary(level text)
returns jsonb
language sql stable
security definer
set search_path = ''
as $$ select app.area_risk_summary('public', level) $$;

revoke execute on function public.area_risk_summary(text) from public, anon;

grant execute on function public.area_risk_summary(text) to authenticated;

grant execute on function public.public_area_risk_summary(text) to anon, authenticated;

-- The command centre's map wall (应急指挥中心大屏): all panel figures in one call, a cheap
-- "changes since" feed with a watermark, and incident mode (rings of protective targets around
-- a point or a hazard source, nearest emergency resources).
--
-- Who may call: every signed-in staff role (admin, command, planner, regulator, enterprise).
-- The summary and the feed are SECURITY INVOKER, so each role sums and sees what its RLS lets
-- it read: the command centre the whole city, a regulator its jurisdiction, an enterprise its
-- own rows only (DOMAIN.md: enterprises see their own sites and hidden dangers). The public
-- (anon) is refused: nothing here is public-safe (titles of hidden dangers, duty phones).

-- ------------------------------------------------------------------ risk-point level log
-- Append-only: one row per change of a risk point's level (filled by trigger, never by hand).
-- It keeps area_code and enterprise_id of the moment so RLS can decide on the row itself and so
-- the history survives the risk point (no foreign key: deleting a risk point keeps its history).
create table public.risk_point_level_changes (
  id bigint generated always as identity primary key,
  risk_point_id uuid not null,
  enterprise_id uuid,
  area_code text,
  old_level smallint,
  new_level smallint not null,
  old_score numeric,
  new_score numeric,
  at timestamptz not null default now(),
  actor_role text not null,
  actor_id uuid
);

create index risk_point_level_changes_at_idx on public.risk_point_level_changes (at);

create index risk_point_level_changes_point_idx on public.risk_point_level_changes (risk_point_id, at);

alter table public.risk_point_level_changes enable row level security;

revoke all on public.risk_point_level_changes from anon;

revoke insert, update, delete, truncate on public.risk_point_level_changes from authenticated, service_role;

grant select on public.risk_point_level_changes to authenticated, service_role;

do $$
begin
  execute format('create policy risk_point_level_changes_read on public.risk_point_level_changes for select to authenticated using %s',
    app.rls_read('area_code', 'enterprise_id'));
end
$$;

-- SECURITY DEFINER: API roles have no INSERT on the log; the trigger writes it for them.
-- Only updates are logged (inserts would double a bulk load of a million points; a new risk
-- point is already visible to the feed through its created_at/updated_at).
create or replace function app.log_risk_point_level() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.risk_point_level_changes (risk_point_id, enterprise_id, area_code, old_level, new_level,
    old_score, new_score, actor_role, actor_id)
  values (new.id, new.enterprise_id, new.area_code, old.level, new.level, old.score, new.score,
    a ->> 'role', case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end);
  return null;
end
$$;

revoke execute on function app.log_risk_point_level() from public, anon, authenticated;

-- AFTER UPDATE without a column list: the level is set by the BEFORE trigger from the inputs,
-- and "UPDATE OF level" would not fire when only lec_l (say) is in the statement.
create trigger risk_points_level_log after update on public.risk_points
  for each row when (old.level is distinct from new.level)
  execute function app.log_risk_point_level();

-- Indexes the feed and the summary need beyond updated_at (which every table has).
-- "Became overdue since": open dangers by deadline.
create index hidden_dangers_open_deadline_idx on public.hidden_dangers (deadline)
  where status not in ('closed', 'rejected');

-- Closures per week.
create index hidden_dangers_closed_at_idx on public.hidden_dangers (closed_at) where closed_at is not null;

-- New risk points since (created_at; updated_at is indexed already).
create index risk_points_created_idx on public.risk_points (created_at);

-- ------------------------------------------------------------------ helpers
create or replace function app.require_staff(what text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if not coalesce(app.is_staff(), false) then
    raise exception '% is for signed-in staff (the command centre, regulators, planners, enterprises); role % may not call it',
      what, app.user_role() using errcode = '42501';
  end if;
end
$$;

-- The LIKE pattern of an area code given to a wall function, or '%' for none; a clear error for a
-- malformed or unknown code.
create or replace function app.wall_area_pattern(code text) returns text
language plpgsql stable
set search_path = ''
as $$
begin
  if code is null then
    return '%';
  end if;
  if code !~ '^[0-9]{6,15}$' then
    raise exception 'area_code must be an administrative code of 6 to 15 digits (got "%")', code using errcode = '22023';
  end if;
  if not exists (select 1 from public.areas a where a.code = wall_area_pattern.code) then
    raise exception 'no area with code %', code using errcode = '22023';
  end if;
  return app.code_prefix(code) || '%';
end
$$;

-- The read RPCs every screen asks are kept cheap: a small SQL helper with its own
-- `set search_path` is never inlined, and called once per row costs ~8–17 µs, so per-row rules
-- (overdue, area at a level) are written inline and area patterns computed once per call
-- (test/db/wall.test.ts, area-risk.test.ts and load.test.ts hold the answers).

-- ------------------------------------------------------------------ wall_summary
create or replace function public.wall_summary(area_code text default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  pat text;
  n_weeks constant int := 12;
  result jsonb;
begin
  perform app.require_staff('wall_summary');
  pat := app.wall_area_pattern(area_code);
  with rp as (
    select r.level, count(*) as n from public.risk_points r
    where (pat = '%' or r.area_code like pat) group by r.level
  ), hs as (
    select count(*) as total,
      count(*) filter (where h.is_major) as major,
      count(*) filter (where h.major_grade = 1) as g1, count(*) filter (where h.major_grade = 2) as g2,
      count(*) filter (where h.major_grade = 3) as g3, count(*) filter (where h.major_grade = 4) as g4,
      count(*) filter (where h.is_major and h.major_grade is null) as ungraded
    from public.hazard_sources h where (pat = '%' or h.area_code like pat)
  ), hd as (
    select count(*) as total,
      count(*) filter (where d.status not in ('closed', 'rejected')) as open,
      count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected')) as major_open,
      count(*) filter (where (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected'))) as overdue,
      count(*) filter (where d.listing_level is not null and d.status <> 'closed') as listed,
      count(*) filter (where d.status = 'closed') as closed,
      count(*) filter (where d.status not in ('reported', 'rejected')) as assessed
    from public.hidden_dangers d where (pat = '%' or d.area_code like pat)
  ), wk as (
    select gs::date as week_start from generate_series(
      date_trunc('week', now()) - make_interval(weeks => n_weeks - 1), date_trunc('week', now()), interval '1 week') gs
  ), closures as (
    select date_trunc('week', d.closed_at)::date as week_start, count(*) as n
    from public.hidden_dangers d
    where d.closed_at >= date_trunc('week', now()) - make_interval(weeks => n_weeks - 1)
      and (pat = '%' or d.area_code like pat)
    group by 1
  ), er as (
    select e.resource_type::text as t, count(*) as n from public.emergency_resources e
    where (pat = '%' or e.area_code like pat) group by 1
  )
  select jsonb_build_object(
    'area', (select jsonb_build_object('code', a.code, 'name', a.name, 'name_en', a.name_en, 'level', a.level)
             from public.areas a where a.code = wall_summary.area_code),
    'as_of', now(),
    'watermark', now(),
    'risk_points', (select jsonb_build_object(
        'by_level', jsonb_build_object(
          '1', coalesce((select n from rp where level = 1), 0), '2', coalesce((select n from rp where level = 2), 0),
          '3', coalesce((select n from rp where level = 3), 0), '4', coalesce((select n from rp where level = 4), 0)),
        'total', coalesce((select sum(n) from rp), 0))),
    'hazard_sources', (select jsonb_build_object('total', hs.total, 'major', hs.major,
        'by_grade', jsonb_build_object('1', hs.g1, '2', hs.g2, '3', hs.g3, '4', hs.g4), 'ungraded', hs.ungraded) from hs),
    'hidden_dangers', (select jsonb_build_object('total', hd.total, 'open', hd.open, 'major_open', hd.major_open,
        'overdue', hd.overdue, 'listed', hd.listed, 'closed', hd.closed, 'assessed', hd.assessed,
        -- closed / (registered and later), as hidden_danger_stats() computes it
        'rectification_rate', round(hd.closed::numeric / nullif(hd.assessed, 0), 4)) from hd),
    'closures_by_week', (select jsonb_agg(jsonb_build_object('week_start', wk.week_start, 'closed', coalesce(c.n, 0))
        order by wk.week_start) from wk left join closures c on c.week_start = wk.week_start),
    'emergency_resources', coalesce((select jsonb_object_agg(er.t, er.n) from er), '{}'::jsonb),
    -- the open major hidden dangers to put on the wall by name: overdue first, then by deadline
    'major_list', (select coalesce(jsonb_agg(x.j order by x.overdue desc, x.deadline nulls last, x.id), '[]'::jsonb) from (
        select d.id, (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')) as overdue, d.deadline,
          jsonb_build_object('id', d.id, 'title', d.title, 'status', d.status, 'listing_level', d.listing_level,
            'deadline', d.deadline, 'overdue', (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')),
            'area_code', d.area_code, 'area_name', (select a.name from public.areas a where a.code = app.area_at_level(d.area_code, 'district')),
            'lon', extensions.st_x(d.location), 'lat', extensions.st_y(d.location)) as j
        from public.hidden_dangers d
        where d.severity = 'major' and d.status not in ('closed', 'rejected') and (pat = '%' or d.area_code like pat)
        order by 2 desc, d.deadline nulls last, d.id
        limit 10) x))
  into result;
  return result;
end
$$;

revoke execute on function public.wall_summary(text) from public, anon;

grant execute on function public.wall_summary(text) to authenticated, service_role;

-- ------------------------------------------------------------------ wall_changes
-- What changed after `since` (the watermark of the previous call): new or changed hidden
-- dangers, risk-point level changes (and new risk points), and alerts:
--   new_major_danger   a hidden danger assessed (or re-assessed) as major
--   new_overdue        a deadline passed (the day after it began) and the danger is not closed
--   level_raised_red   a risk point's level became red (重大风险), or a new risk point is red
-- The returned watermark is now() of this call. Rows are read from `since` minus a re-read
-- window of 5 seconds: a write that began before the previous call but committed after it
-- carries an earlier timestamp and would otherwise be missed. Items therefore may repeat; each
-- has a stable `key` to drop repeats by. Every lookup is served by an index: updated_at /
-- created_at, the events' `at`, the log's `at`, and the open-danger deadline index.
create or replace function public.wall_changes(since timestamptz)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  reread constant interval := interval '5 seconds';
  max_rows constant int := 500;
  since_eff timestamptz;
  dangers jsonb;
  points jsonb;
  alerts jsonb;
  n_dangers int;
begin
  perform app.require_staff('wall_changes');
  if since is null then
    raise exception 'since is required: pass the watermark of the previous wall_changes() call, or the one wall_summary() returned'
      using errcode = '22023';
  end if;
  if since > now() + interval '1 minute' then
    raise exception 'since (%) is in the future; pass a watermark this service returned', since using errcode = '22023';
  end if;
  if since < now() - interval '7 days' then
    raise exception 'since (%) is more than 7 days back: reload the figures with wall_summary() and poll from its watermark', since
      using errcode = '22023';
  end if;
  since_eff := since - reread;

  select count(*)::int, coalesce(jsonb_agg(x order by x ->> 'updated_at'), '[]') into n_dangers, dangers from (
    select jsonb_build_object('key', 'hd:' || d.id || '@' || d.updated_at, 'id', d.id, 'title', d.title,
      'status', d.status, 'severity', d.severity, 'overdue', app.hidden_danger_is_overdue(d.status, d.deadline),
      'listing_level', d.listing_level, 'deadline', d.deadline, 'area_code', d.area_code,
      'is_new', d.created_at > since_eff, 'updated_at', d.updated_at,
      'lon', extensions.st_x(d.location), 'lat', extensions.st_y(d.location)) as x
    from public.hidden_dangers d
    where d.updated_at > since_eff
    order by d.updated_at desc
    limit max_rows) s;

  with changes as (
    select 'rp:' || c.id as key, c.risk_point_id as id, r.name, c.old_level, c.new_level, c.at,
      r.area_code, extensions.st_x(r.location) as lon, extensions.st_y(r.location) as lat
    from public.risk_point_level_changes c
    join public.risk_points r on r.id = c.risk_point_id
    where c.at > since_eff
    union all
    select 'rp-new:' || r.id, r.id, r.name, null, r.level, r.created_at,
      r.area_code, extensions.st_x(r.location), extensions.st_y(r.location)
    from public.risk_points r
    where r.created_at > since_eff
  )
  select coalesce(jsonb_agg(jsonb_build_object('key', c.key, 'id', c.id, 'name', c.name, 'old_level', c.old_level,
      'new_level', c.new_level, 'at', c.at, 'area_code', c.area_code, 'lon', c.lon, 'lat', c.lat) order by c.at), '[]')
  into points
  from (select * from changes order by at desc limit max_rows) c;

  with a as (
    -- assessed (or re-assessed) as major: the lifecycle's own record of it
    select 'new_major_danger' as kind, 'major:' || e.id as key, e.at, d.id, d.title as title, null::smallint as level,
      d.listing_level::text as listing_level, extensions.st_x(d.location) as lon, extensions.st_y(d.location) as lat, d.area_code
    from public.hidden_danger_events e
    join public.hidden_dangers d on d.id = e.hidden_danger_id
    where e.at > since_eff
      and (e.action = 'reassessed' or (e.action = 'transition' and e.to_status = 'registered'))
      and e.details ->> 'severity' = 'major'
    union all
    -- overdue from the start of the day after the deadline: deadline >= since's date and < today
    select 'new_overdue', 'overdue:' || d.id || ':' || d.deadline, (d.deadline + 1)::timestamptz, d.id, d.title, null,
      d.listing_level::text, extensions.st_x(d.location), extensions.st_y(d.location), d.area_code
    from public.hidden_dangers d
    where d.status not in ('closed', 'rejected')
      and d.deadline >= (since_eff)::date and d.deadline < current_date
      and (d.deadline + 1)::timestamptz > since_eff
    union all
    select 'level_raised_red', 'red:' || (x ->> 'key'), (x ->> 'at')::timestamptz, (x ->> 'id')::uuid, x ->> 'name', 1,
      null, (x ->> 'lon')::float8, (x ->> 'lat')::float8, x ->> 'area_code'
    from jsonb_array_elements(points) x
    where (x ->> 'new_level')::int = 1 and (x ->> 'old_level') is distinct from '1'
  )
  select coalesce(jsonb_agg(jsonb_build_object('kind', a.kind, 'key', a.key, 'at', a.at, 'id', a.id, 'title', a.title,
      'level', a.level, 'listing_level', a.listing_level, 'lon', a.lon, 'lat', a.lat, 'area_code', a.area_code)
      order by a.at, a.key), '[]')
  into alerts
  from (select * from a order by a.at desc limit max_rows) a;

  return jsonb_build_object('since', since, 'watermark', now(), 'reread_seconds', extract(epoch from reread)::int,
    'hidden_dangers', dangers, 'risk_points', points, 'alerts', alerts,
    'truncated', n_dangers >= max_rows or jsonb_array_length(points) >= max_rows or jsonb_array_length(alerts) >= max_rows);
end
$$;

revoke execute on function public.wall_changes(timestamptz) from public, anon;

grant execute on function public.wall_changes(timestamptz) to authenticated, service_role;

-- ------------------------------------------------------------------ incident mode
-- Protective targets inside rings around a point or a hazard source, by class, with population.
-- Radii are metres (geodesic); a target lies in the smallest ring that contains it, and every
-- ring's figures count everything within its radius (cumulative). The target search is the
-- app.targets_of_class_within (definer, staff rule, GiST-indexed).
create or replace function public.incident_report(lon float8 default null, lat float8 default null,
  radii_m float8[] default '{500,1000,3000}', hazard_source_id uuid default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  max_listed constant int := 1000;
  radii float8[];
  center extensions.geometry;
  src jsonb;
  maxr float8;
  bad float8;
  targets jsonb;
  rings jsonb;
  n_targets int;
begin
  perform app.require_staff('incident_report');
  if radii_m is null or cardinality(radii_m) = 0 then
    raise exception 'radii_m must list 1 to 8 ring radii in metres, e.g. {500,1000,3000}' using errcode = '22023';
  end if;
  if cardinality(radii_m) > 8 then
    raise exception 'radii_m lists % radii; at most 8 rings', cardinality(radii_m) using errcode = '22023';
  end if;
  select r into bad from unnest(radii_m) r where r is null or r = 'NaN'::float8 or r <= 0 or r > 50000 limit 1;
  if found then
    raise exception 'every ring radius must be a number of metres above 0 and at most 50000 (got %)', coalesce(bad::text, 'null')
      using errcode = '22023';
  end if;
  radii := array(select distinct r from unnest(radii_m) r order by r);
  maxr := radii[cardinality(radii)];

  if hazard_source_id is not null then
    if lon is not null or lat is not null then
      raise exception 'give either a point (lon, lat) or a hazard_source_id, not both' using errcode = '22023';
    end if;
    select h.geom, jsonb_build_object('id', h.id, 'name', h.name, 'enterprise_name', e.name, 'is_major', h.is_major,
        'major_grade', h.major_grade, 'unit_type', h.unit_type)
    into center, src
    from public.hazard_sources h left join public.enterprises e on e.id = h.enterprise_id
    where h.id = incident_report.hazard_source_id;
    if not found then
      raise exception 'hazard source % not found or not visible to you', hazard_source_id using errcode = '42501';
    end if;
  else
    if lon is null or lat is null or lon = 'NaN'::float8 or lat = 'NaN'::float8
       or lon not between -180 and 180 or lat not between -90 and 90 then
      raise exception 'the incident point needs lon in [-180, 180] and lat in [-90, 90] (got %, %), or give a hazard_source_id',
        coalesce(lon::text, 'null'), coalesce(lat::text, 'null') using errcode = '22023';
    end if;
    center := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  end if;

  with t as materialized (
    select x.id, x.name, x.target_class::text as target_class, x.type_code, x.population, x.distance_m,
      (select min(r) from unnest(radii) r where r >= x.distance_m) as ring_m, x.lon, x.lat
    from unnest(enum_range(null::public.protective_class)) c
    cross join lateral app.targets_of_class_within(center, c, maxr) x
  ), listed as (
    select * from t order by t.distance_m, t.id limit max_listed
  )
  select (select count(*)::int from t),
    (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'target_class', l.target_class,
        'type_code', l.type_code, 'population', l.population, 'distance_m', round(l.distance_m::numeric, 1),
        'ring_m', l.ring_m, 'lon', l.lon, 'lat', l.lat) order by l.distance_m, l.id), '[]') from listed l),
    (select jsonb_agg(jsonb_build_object('radius_m', rr.r,
        'count', (select count(*) from t where t.distance_m <= rr.r),
        'population', (select coalesce(sum(t.population), 0) from t where t.distance_m <= rr.r),
        'by_class', (select jsonb_object_agg(c::text, jsonb_build_object(
            'count', (select count(*) from t where t.distance_m <= rr.r and t.target_class = c::text),
            'population', (select coalesce(sum(t.population), 0) from t where t.distance_m <= rr.r and t.target_class = c::text)))
          from unnest(enum_range(null::public.protective_class)) c))
      order by rr.r) from unnest(radii) rr(r))
  into n_targets, targets, rings;

  return jsonb_build_object(
    'center', jsonb_build_object('lon', extensions.st_x(extensions.st_pointonsurface(center)),
      'lat', extensions.st_y(extensions.st_pointonsurface(center))),
    'hazard_source', src,
    'radii_m', to_jsonb(radii),
    'rings', rings,
    'targets', targets,
    'targets_total', n_targets,
    'targets_truncated', n_targets > max_listed);
end
$$;

revoke execute on function public.incident_report(float8, float8, float8[], uuid) from public, anon;

grant execute on function public.incident_report(float8, float8, float8[], uuid) to authenticated, service_role;

-- The n nearest emergency resources (definer for the KNN index, see 1200): an enterprise ranks
-- only the resources near its own sites; the duty phone only for those who may read it.
create or replace function public.nearest_emergency_resources(lon float8, lat float8, n int default 5, type text default null)
returns table (rank int, id uuid, name text, resource_type public.emergency_resource_type, capacity int, capacity_unit text,
  duty_phone text, distance_m float8, longitude float8, latitude float8)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  p extensions.geography;
  t public.emergency_resource_type;
  dmax float8;
  ent boolean := app.user_role() = 'enterprise';
begin
  perform app.require_staff('nearest_emergency_resources');
  if lon is null or lat is null or lon = 'NaN'::float8 or lat = 'NaN'::float8
     or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'the point needs lon in [-180, 180] and lat in [-90, 90] (got %, %)',
      coalesce(lon::text, 'null'), coalesce(lat::text, 'null') using errcode = '22023';
  end if;
  if n is null or n < 1 or n > 100 then
    raise exception 'n must be from 1 to 100 (got %)', coalesce(n::text, 'null') using errcode = '22023';
  end if;
  if type is not null then
    begin
      t := type::public.emergency_resource_type;
    exception when invalid_text_representation then
      raise exception 'unknown emergency resource type "%": expected one of %', type,
        array_to_string(enum_range(null::public.emergency_resource_type)::text[], ', ') using errcode = '22023';
    end;
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326)::extensions.geography;

  select max(extensions.st_distance(k.location::extensions.geography, p)) into dmax
  from (select r.location from public.emergency_resources r
        where (t is null or r.resource_type = t)
          and (not ent or r.id in (select x.id from app.enterprise_nearby_resources x))
        order by r.location::extensions.geography operator(extensions.<->) p
        limit n) k;
  if dmax is null then
    return;
  end if;

  return query
  select (row_number() over (order by s.d, s.id))::int, s.id, s.name, s.resource_type, s.capacity, s.capacity_unit,
    app.duty_phone_of(s.id), round(s.d::numeric, 1)::float8, extensions.st_x(s.location), extensions.st_y(s.location)
  from (
    select r.id, r.name, r.resource_type, r.capacity, r.capacity_unit, r.location,
      extensions.st_distance(r.location::extensions.geography, p) as d
    from public.emergency_resources r
    where (t is null or r.resource_type = t)
      and (not ent or r.id in (select x.id from app.enterprise_nearby_resources x))
      -- + 1 cm: ST_DWithin and ST_Distance may round the boundary case differently
      and extensions.st_dwithin(r.location::extensions.geography, p, dmax + 0.01)
  ) s
  order by s.d, s.id
  limit n;
end
$$;

revoke execute on function public.nearest_emergency_resources(float8, float8, int, text) from public, anon;

grant execute on function public.nearest_emergency_resources(float8, float8, int, text) to authenticated, service_role;

create trigger risk_point_level_changes_no_update before update or delete on public.risk_point_level_changes
  for each row execute function app.refuse_change(
    'the risk-point level log is append-only: %s is not allowed', 'A level change is recorded by changing the risk point''s assessment.');

create trigger risk_point_level_changes_no_truncate before truncate on public.risk_point_level_changes
  for each statement execute function app.refuse_change(
    'the risk-point level log is append-only: %s is not allowed', 'A level change is recorded by changing the risk point''s assessment.');

create policy area_risk_assessments_insert on public.area_risk_assessments for insert to authenticated
  with check (app.may_write(area_code, null, false));

create policy area_risk_assessments_update on public.area_risk_assessments for update to authenticated
  using ((select app.is_staff())) with check (app.may_write(area_code, null, false));

create policy area_risk_assessments_delete on public.area_risk_assessments for delete to authenticated
  using ((select app.is_staff()));

create or replace function app.guard_area_assessment() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  code text := case when tg_op = 'DELETE' then old.area_code else new.area_code end;
begin
  if current_user = 'authenticated' and not app.may_write(code, null, false)
     or (tg_op = 'UPDATE' and current_user = 'authenticated' and not app.may_write(old.area_code, null, false)) then
    if app.user_role() = 'regulator' then
      raise exception 'area_risk_assessments: area % is outside your jurisdiction', code using errcode = '42501';
    end if;
    raise exception 'area_risk_assessments: area risk assessments are made by the regulator of the area or an admin only (you are %)',
      app.user_role() using errcode = '42501';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger area_risk_assessments_guard before insert or update or delete on public.area_risk_assessments
  for each row execute function app.guard_area_assessment();
