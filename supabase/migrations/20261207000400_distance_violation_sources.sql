-- The worklist's per-source figures kept too (issue 15): at 10k sources × 1M targets the kept
-- relation holds ~740k violating pairs, and aggregating them on every call took ~0.9 s
-- (superuser) / 1.6 s (admin, RLS) in bench:violations on a loaded machine, against the issue's
-- 200 ms. app.distance_violation_sources keeps, per hazard source, exactly what
-- safety_distance_violations() aggregated (violations by class, count, people inside, worst
-- shortfall), re-aggregated from distance_violations by statement-level triggers for the sources
-- a statement touched (same transaction), and refilled by rebuild_distance_violations().
--
-- Who reads it: the staff roles, who see every protective target, so the kept figures are theirs
-- (their hazard-source RLS still picks the rows: the function joins hazard_sources under the
-- caller's rights). An enterprise sees only the targets within 5 km of its sites, so its
-- worklist is still aggregated from the rows of distance_violations it may see.

create table app.distance_violation_sources (
  hazard_source_id uuid primary key references public.hazard_sources(id) on delete cascade,
  by_class jsonb not null,
  n bigint not null,
  people bigint not null,
  worst double precision not null
);

alter table app.distance_violation_sources enable row level security;
revoke all on app.distance_violation_sources from public, anon, authenticated, service_role;
grant select on app.distance_violation_sources to authenticated, service_role;

create policy distance_violation_sources_read on app.distance_violation_sources for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service'));

-- Re-aggregates the given sources (null: all) from distance_violations, as the worklist did.
create or replace function app.summarize_distance_violations(ids uuid[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if ids is null then
    truncate app.distance_violation_sources;
  else
    delete from app.distance_violation_sources s where s.hazard_source_id = any (ids);
  end if;
  insert into app.distance_violation_sources (hazard_source_id, by_class, n, people, worst)
  select p.hazard_source_id, jsonb_object_agg(p.target_class, p.n), sum(p.n)::bigint, sum(p.people)::bigint, max(p.worst)
  from (
    select v.hazard_source_id, v.target_class, count(*) as n, sum(v.population) as people, max(v.shortfall_m) as worst
    from public.distance_violations v
    where ids is null or v.hazard_source_id = any (ids)
    group by 1, 2
  ) p
  join public.hazard_sources h on h.id = p.hazard_source_id  -- a source deleted in this statement has no figures
  group by 1;
end
$$;

revoke execute on function app.summarize_distance_violations(uuid[]) from public, anon, authenticated;

create or replace function app.distance_violations_summarize_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.hazard_source_id) into ids from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.hazard_source_id) into ids from old_rows o;
  else
    select array_agg(distinct x.id) into ids from (select n.hazard_source_id as id from new_rows n union select o.hazard_source_id from old_rows o) x;
  end if;
  if ids is not null then
    perform app.summarize_distance_violations(ids);
  end if;
  return null;
end
$$;

revoke execute on function app.distance_violations_summarize_changed() from public, anon, authenticated;

create trigger distance_violation_sources_insert after insert on public.distance_violations
  referencing new table as new_rows for each statement execute function app.distance_violations_summarize_changed();
create trigger distance_violation_sources_update after update on public.distance_violations
  referencing old table as old_rows new table as new_rows for each statement execute function app.distance_violations_summarize_changed();
create trigger distance_violation_sources_delete after delete on public.distance_violations
  referencing old table as old_rows for each statement execute function app.distance_violations_summarize_changed();

-- The rebuild: the relation, then the figures once (its insert's trigger re-aggregates the
-- sources it wrote; the truncate first empties both).
create or replace function public.rebuild_distance_violations()
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  n bigint;
begin
  if (select app.claims() ->> 'role') is not null and app.user_role() not in ('admin', 'service') then
    raise exception 'rebuild_distance_violations: for administrators and the service role only (仅限管理员)' using errcode = '42501';
  end if;
  truncate public.distance_violations, app.distance_violation_sources;
  insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
  select * from app.distance_violations_of_sources(null);
  get diagnostics n = row_count;
  return n;
end
$$;

select app.summarize_distance_violations(null);

-- The worklist: staff (and SQL without claims) read the kept figures; an enterprise aggregates
-- the rows it may see. Same signature, columns and order as before.
create or replace function public.safety_distance_violations(area_code text default null)
returns table (hazard_source_id uuid, hazard_source_name text, enterprise_id uuid, enterprise_name text,
  industry_code text, area_code text, relocation_status public.relocation_status, is_major boolean,
  major_grade smallint, violations_by_class jsonb, violating_targets bigint, population_inside bigint,
  worst_shortfall_m double precision, lon double precision, lat double precision)
language sql stable
security invoker
set search_path = ''
as $$
  with who as (
    select (select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
        or (select app.claims() ->> 'role') is null as staff
  ), per_class as (
    select v.hazard_source_id, v.target_class, count(*) as n, sum(v.population) as people, max(v.shortfall_m) as worst
    from public.distance_violations v
    where not (select w.staff from who w)
    group by 1, 2
  ), per_source as (
    select p.hazard_source_id, jsonb_object_agg(p.target_class, p.n) as by_class, sum(p.n)::bigint as n,
      sum(p.people)::bigint as people, max(p.worst) as worst
    from per_class p group by 1
    union all
    select s.hazard_source_id, s.by_class, s.n, s.people, s.worst
    from app.distance_violation_sources s
    where (select w.staff from who w)
  )
  select h.id, h.name, e.id, e.name, e.industry_code, h.area_code, e.relocation_status, h.is_major, h.major_grade,
    s.by_class, s.n, s.people, round(s.worst::numeric, 2)::float8, extensions.st_x(h.location), extensions.st_y(h.location)
  from per_source s
  join public.hazard_sources h on h.id = s.hazard_source_id
  join public.enterprises e on e.id = h.enterprise_id
  -- the argument check: a one-time filter of the whole query, evaluated before any row
  where app.check_area_code_arg(safety_distance_violations.area_code)
    and (safety_distance_violations.area_code is null
     or h.area_code like app.code_prefix(safety_distance_violations.area_code) || '%')
  order by s.worst desc, h.id
$$;
