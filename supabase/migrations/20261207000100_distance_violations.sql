-- Continuous distance compliance (issue 15): the relocation worklist read from a relation kept
-- current in the same transaction as every edit, instead of recomputed on every request.
--
-- public.distance_violations holds one row per (hazard source, protective target) where the
-- target lies inside the source's required distance for its class (GB/T 37243; the same
-- formulation as app.targets_of_class_within: ST_DWithin on the spheroid, required_m > 0,
-- distance = ST_Distance(target::geography, source::geography)). It is derived data: no API
-- role writes it; statement-level triggers (transition tables, so a bulk insert of a million
-- targets is one set-based join, not a million probes) on
--   protective_targets       insert, move (geom), class change, population change
--   hazard_sources           insert, move (geom)
--   hazard_source_distances  insert, change of required_m, delete
-- keep it; deletes of targets and sources cascade through its foreign keys. A loader that
-- bypasses triggers (session_replication_role = replica, as the benchmark's loader does) calls
-- public.rebuild_distance_violations() afterwards: one set-based join served by the
-- (target_class, geography) index protective_targets_class_geog_idx.
--
-- Reading it: public.safety_distance_violations() (the planner's worklist) aggregates it per
-- source; same columns, same answers as the on-the-fly version of 20261204100900
-- (test/db/safety-distance.test.ts unchanged; test/db/distance-violations.test.ts checks the
-- relation against a from-scratch computation after every step of random edits).
--
-- Visibility, as the function's: a row is visible when its hazard source is (the source's own
-- RLS) and its target is (staff roles: every target; an enterprise: the targets within 5 km of
-- its sites, app.enterprise_nearby_targets; nobody else).

create table public.distance_violations (
  hazard_source_id uuid not null references public.hazard_sources(id) on delete cascade,
  target_id uuid not null references public.protective_targets(id) on delete cascade,
  target_class public.protective_class not null,
  -- copied from the target (kept by the targets' trigger) so the worklist sums people without
  -- reading a million targets by key
  population integer not null check (population >= 0),
  distance_m double precision not null check (distance_m >= 0 and distance_m <= 50000),
  required_m numeric not null check (required_m > 0 and required_m <= 50000),
  shortfall_m double precision not null check (shortfall_m <= 50000),
  primary key (hazard_source_id, target_id)
);

comment on table public.distance_violations is
  'Protective targets inside a hazard source''s required distance (GB/T 37243), kept by triggers in the same transaction as each edit; public.rebuild_distance_violations() recomputes it after a bulk load that bypassed triggers. Read-only for every API role.';

create index distance_violations_target_idx on public.distance_violations (target_id);

-- The reverse probe (a target moved: which sources' distances reach it?) bounds its search by
-- the largest required distance of the target's class: an index lookup, not a scan.
create index if not exists hazard_source_distances_class_required_idx
  on public.hazard_source_distances (target_class, required_m);

alter table public.distance_violations enable row level security;

revoke all on public.distance_violations from public, anon, authenticated, service_role;

grant select on public.distance_violations to authenticated, service_role;

create policy distance_violations_read on public.distance_violations for select to authenticated
  using (hazard_source_id in (select h.id from public.hazard_sources h)
    and ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
      or ((select app.user_role()) = 'enterprise' and target_id in (select n.id from app.enterprise_nearby_targets n))));

-- The one computation: violations of the given sources (null: all), every class.
-- Triggers, the rebuild and the tests' from-scratch check all use it, so they cannot differ.
create or replace function app.distance_violations_of_sources(source_ids uuid[])
returns table (hazard_source_id uuid, target_id uuid, target_class public.protective_class, population integer,
  distance_m double precision, required_m numeric, shortfall_m double precision)
language sql stable
security definer
set search_path = ''
as $$
  select d.hazard_source_id, t.id, t.target_class, t.population, x.dist, d.required_m, d.required_m - x.dist
  from public.hazard_sources h
  join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
  join public.protective_targets t
    on t.target_class = d.target_class
   and extensions.st_dwithin(t.geom::extensions.geography, h.geom::extensions.geography, d.required_m::float8)
  cross join lateral (select extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography) as dist) x
  where source_ids is null or h.id = any (source_ids)
$$;

-- Violations of the given targets (a target inserted, moved or re-classed): sources whose
-- distance for the target's class reaches it. Bounded by the class's largest distance, so the
-- hazard_sources geography index finds the candidate sources.
create or replace function app.distance_violations_of_targets(target_ids uuid[])
returns table (hazard_source_id uuid, target_id uuid, target_class public.protective_class, population integer,
  distance_m double precision, required_m numeric, shortfall_m double precision)
language sql stable
security definer
set search_path = ''
as $$
  with reach as (
    select c as target_class,
      (select max(d.required_m) from public.hazard_source_distances d where d.target_class = c)::float8 as max_m
    from unnest(enum_range(null::public.protective_class)) c
  )
  select d.hazard_source_id, t.id, t.target_class, t.population, x.dist, d.required_m, d.required_m - x.dist
  from public.protective_targets t
  join reach r on r.target_class = t.target_class and r.max_m > 0
  join public.hazard_sources h
    on extensions.st_dwithin(t.geom::extensions.geography, h.geom::extensions.geography, r.max_m)
  join public.hazard_source_distances d
    on d.hazard_source_id = h.id and d.target_class = t.target_class and d.required_m > 0
   and extensions.st_dwithin(t.geom::extensions.geography, h.geom::extensions.geography, d.required_m::float8)
  cross join lateral (select extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography) as dist) x
  where t.id = any (target_ids)
$$;

revoke execute on function app.distance_violations_of_sources(uuid[]) from public, anon, authenticated;
revoke execute on function app.distance_violations_of_targets(uuid[]) from public, anon, authenticated;
grant execute on function app.distance_violations_of_sources(uuid[]) to service_role;
grant execute on function app.distance_violations_of_targets(uuid[]) to service_role;

-- Protective targets: inserted → probe; moved or re-classed → drop and probe again; population
-- changed → copy it. Deleted: the foreign key cascades.
create or replace function app.distance_violations_targets_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into ids from new_rows n;
  else
    select array_agg(n.id) into ids
    from new_rows n join old_rows o on o.id = n.id
    where n.target_class is distinct from o.target_class
       or not extensions.st_orderingequals(n.geom, o.geom);
    update public.distance_violations v set population = n.population
    from new_rows n join old_rows o on o.id = n.id
    where v.target_id = n.id and n.population is distinct from o.population
      and not (n.id = any (coalesce(ids, '{}')));
    if ids is not null then
      delete from public.distance_violations v where v.target_id = any (ids);
    end if;
  end if;
  if ids is not null then
    insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
    select * from app.distance_violations_of_targets(ids);
  end if;
  return null;
end
$$;

create trigger distance_violations_insert after insert on public.protective_targets
  referencing new table as new_rows for each statement execute function app.distance_violations_targets_changed();
create trigger distance_violations_update after update on public.protective_targets
  referencing old table as old_rows new table as new_rows for each statement execute function app.distance_violations_targets_changed();

-- Hazard sources: inserted or moved → its violations computed again (a new source normally
-- has no distances yet: nothing to do). Deleted: the foreign key cascades.
create or replace function app.distance_violations_sources_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into ids from new_rows n
    where exists (select 1 from public.hazard_source_distances d where d.hazard_source_id = n.id);
  else
    select array_agg(n.id) into ids
    from new_rows n join old_rows o on o.id = n.id
    where not extensions.st_orderingequals(n.geom, o.geom);
    if ids is not null then
      delete from public.distance_violations v where v.hazard_source_id = any (ids);
    end if;
  end if;
  if ids is not null then
    insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
    select * from app.distance_violations_of_sources(ids);
  end if;
  return null;
end
$$;

create trigger distance_violations_insert after insert on public.hazard_sources
  referencing new table as new_rows for each statement execute function app.distance_violations_sources_changed();
create trigger distance_violations_update after update on public.hazard_sources
  referencing old table as old_rows new table as new_rows for each statement execute function app.distance_violations_sources_changed();

-- Required distances: the (source, class) pairs whose distance appeared, changed or went are
-- dropped and computed again (an edit of the basis text alone changes nothing).
create or replace function app.distance_violations_distances_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  src uuid[];
  cls public.protective_class[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.hazard_source_id), array_agg(n.target_class) into src, cls from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(o.hazard_source_id), array_agg(o.target_class) into src, cls from old_rows o;
  else
    select array_agg(k.s), array_agg(k.c) into src, cls from (
      select o.hazard_source_id as s, o.target_class as c
      from old_rows o
      left join new_rows n on n.hazard_source_id = o.hazard_source_id and n.target_class = o.target_class
      where n.required_m is distinct from o.required_m
      union
      select n.hazard_source_id, n.target_class
      from new_rows n
      left join old_rows o on o.hazard_source_id = n.hazard_source_id and o.target_class = n.target_class
      where n.required_m is distinct from o.required_m
    ) k;
  end if;
  if src is null then
    return null;
  end if;
  delete from public.distance_violations v
  using unnest(src, cls) k(s, c)
  where v.hazard_source_id = k.s and v.target_class = k.c;
  insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
  select x.* from app.distance_violations_of_sources((select array_agg(distinct s) from unnest(src) s)) x
  where (x.hazard_source_id, x.target_class) in (select k.s, k.c from unnest(src, cls) k(s, c));
  return null;
end
$$;

create trigger distance_violations_insert after insert on public.hazard_source_distances
  referencing new table as new_rows for each statement execute function app.distance_violations_distances_changed();
create trigger distance_violations_update after update on public.hazard_source_distances
  referencing old table as old_rows new table as new_rows for each statement execute function app.distance_violations_distances_changed();
create trigger distance_violations_delete after delete on public.hazard_source_distances
  referencing old table as old_rows for each statement execute function app.distance_violations_distances_changed();

revoke execute on function app.distance_violations_targets_changed() from public, anon, authenticated;
revoke execute on function app.distance_violations_sources_changed() from public, anon, authenticated;
revoke execute on function app.distance_violations_distances_changed() from public, anon, authenticated;

-- The full rebuild for bulk loads: empty the relation and fill it with one set-based join
-- (nested loop over (source, class) into protective_targets_class_geog_idx). Admins and the
-- service role (an import, a loader); SQL sessions without claims (migrations, scripts).
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
  truncate public.distance_violations;
  insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
  select * from app.distance_violations_of_sources(null);
  get diagnostics n = row_count;
  return n;
end
$$;

revoke execute on function public.rebuild_distance_violations() from public, anon;
grant execute on function public.rebuild_distance_violations() to authenticated, service_role;

-- Today's rows (migrations run with triggers, but the table is new).
select public.rebuild_distance_violations();

-- The area filter of the worklist: digits, at most 12 (an administrative code), or null.
create or replace function app.check_area_code_arg(code text) returns boolean
language plpgsql immutable
set search_path = ''
as $$
begin
  if code is not null and code !~ '^[0-9]{2,12}$' then
    raise exception 'area_code must be an administrative code of 2 to 12 digits, e.g. 440703 (got %) (区划代码格式错误)',
      left(code, 40) using errcode = '22023';
  end if;
  return true;
end
$$;

grant execute on function app.check_area_code_arg(text) to authenticated, service_role;

-- The worklist, now an aggregation of the relation under the caller's RLS. Same signature and
-- columns as before.
create or replace function public.safety_distance_violations(area_code text default null)
returns table (hazard_source_id uuid, hazard_source_name text, enterprise_id uuid, enterprise_name text,
  industry_code text, area_code text, relocation_status public.relocation_status, is_major boolean,
  major_grade smallint, violations_by_class jsonb, violating_targets bigint, population_inside bigint,
  worst_shortfall_m double precision, lon double precision, lat double precision)
language sql stable
security invoker
set search_path = ''
as $$
  with per_class as (
    select v.hazard_source_id, v.target_class, count(*) as n, sum(v.population) as people, max(v.shortfall_m) as worst
    from public.distance_violations v
    where (select app.check_area_code_arg(safety_distance_violations.area_code))
      and (safety_distance_violations.area_code is null
       or v.hazard_source_id in (select h.id from public.hazard_sources h
                                 where h.area_code like app.code_prefix(safety_distance_violations.area_code) || '%'))
    group by 1, 2
  ), per_source as (
    select p.hazard_source_id, jsonb_object_agg(p.target_class, p.n) as by_class, sum(p.n)::bigint as n,
      sum(p.people)::bigint as people, max(p.worst) as worst
    from per_class p group by 1
  )
  select h.id, h.name, e.id, e.name, e.industry_code, h.area_code, e.relocation_status, h.is_major, h.major_grade,
    s.by_class, s.n, s.people, round(s.worst::numeric, 2)::float8, extensions.st_x(h.location), extensions.st_y(h.location)
  from per_source s
  join public.hazard_sources h on h.id = s.hazard_source_id
  join public.enterprises e on e.id = h.enterprise_id
  order by s.worst desc, h.id
$$;

revoke execute on function public.safety_distance_violations(text) from public, anon;
grant execute on function public.safety_distance_violations(text) to authenticated;
