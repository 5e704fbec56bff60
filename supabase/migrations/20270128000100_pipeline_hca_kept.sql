-- High-consequence segments of the pipelines kept in a table (issue 19): pipeline_map computed the
-- segments of the lines in view on every call (app.pipeline_hca_of: a geodesic 128-gon per
-- protective target near a line, intersected with the line): 2.2 s for a street view at 100k
-- targets and 30 lines (bench:rpcs). As public.distance_violations is kept (20261207000100),
-- app.pipeline_hca_segments holds exactly what app.pipeline_hca_of answers for every line (the
-- line's name and medium are read from the line), recomputed by statement-level triggers
-- (transition tables: an import of 10,000 targets is one set-based probe, not 10,000) in the same
-- transaction as each edit:
--   pipelines           inserted, or updated in what the classification reads (geom, medium,
--                       diameter_mm, pressure_mpa) → that line recomputed; deleted → its rows go
--                       by the foreign key;
--   protective_targets  inserted, deleted, or updated in what it reads (geom, type_code,
--                       population) → every line within the largest screening distance (200 m, or
--                       a gas line's larger potential impact radius) of the target's old or new
--                       place recomputed.
-- The segments are recomputed per line (not per target): the class 3 windows (2 km of line) and
-- the merging of overlapping stretches make a segment depend on every target along the line.
-- A loader that bypasses triggers (session_replication_role = replica) calls
-- app.rebuild_pipeline_hca() afterwards.
--
-- Who reads it: through pipeline_map / pipeline_hca / pipeline_at only (the app schema is not
-- exposed by PostgREST: config.toml's schemas = ["public"]). Select is granted to authenticated
-- because those functions run with the caller's rights (security invoker, so the lines stay under
-- the caller's row rules); a policy still limits the rows to the staff roles that read every
-- protective target (admin, command, planner, regulator, service) and to lines the caller reads.
-- The kept segments count every target, so they are theirs. An enterprise reads only the targets
-- within 5 km of its sites: its segments are still computed fresh from what it may see (its own
-- lines only: a few), exactly as before. No API role writes the table (no grant).

create table app.pipeline_hca_segments (
  id bigint generated always as identity primary key,
  pipeline_id uuid not null references public.pipelines(id) on delete cascade,
  part int not null,
  from_m float8 not null,
  to_m float8 not null,
  hca_class int not null,
  criterion text not null,
  reason_zh text not null,
  reason_en text not null,
  radius_m float8 not null,
  targets int not null,
  population int not null,
  households int not null,
  target_ids uuid[] not null,
  geometry jsonb not null,
  -- the segment as a geometry (from its GeoJSON), so a view's bounding box finds it by index
  geom extensions.geometry(Geometry, 4326) not null
);

comment on table app.pipeline_hca_segments is
  'High-consequence segments of every pipeline (GB 32167-2015), as app.pipeline_hca_of computes them, kept by statement-level triggers on pipelines and protective_targets in the same transaction as each edit; app.rebuild_pipeline_hca() refills it. Read through pipeline_map / pipeline_hca / pipeline_at; no API role writes it.';

create index pipeline_hca_segments_line_idx on app.pipeline_hca_segments (pipeline_id);
create index pipeline_hca_segments_geom_idx on app.pipeline_hca_segments using gist (geom);

alter table app.pipeline_hca_segments enable row level security;
revoke all on app.pipeline_hca_segments from public, anon, authenticated, service_role;
grant select on app.pipeline_hca_segments to authenticated, service_role;

create policy pipeline_hca_segments_read on app.pipeline_hca_segments for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
    and pipeline_id in (select p.id from public.pipelines p));

-- The segments whose box meets a view, by the GiST index: ids only, joined back to the table under
-- the caller's row rules (as app.pipeline_near_targets: under row-level security PostgreSQL does
-- not use an index for PostGIS's non-leakproof && ahead of the policy, so the caller's own query
-- would scan every segment).
create or replace function app.pipeline_hca_segment_ids(view extensions.geometry)
returns bigint[]
language sql stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(s.id), '{}') from app.pipeline_hca_segments s where s.geom operator(extensions.&&) view
$$;

revoke all on function app.pipeline_hca_segment_ids(extensions.geometry) from public, anon;
grant execute on function app.pipeline_hca_segment_ids(extensions.geometry) to authenticated, service_role;

-- Recompute the given lines (null: every line): their rows dropped, app.pipeline_hca_of's answer
-- inserted. Definer (the table's owner reads every line and target): the triggers, the rebuild.
create or replace function app.pipeline_hca_refresh(ids uuid[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if ids is null then
    delete from app.pipeline_hca_segments;
  else
    delete from app.pipeline_hca_segments s where s.pipeline_id = any (ids);
  end if;
  if ids is null or cardinality(ids) > 0 then
    insert into app.pipeline_hca_segments (pipeline_id, part, from_m, to_m, hca_class, criterion, reason_zh, reason_en,
      radius_m, targets, population, households, target_ids, geometry, geom)
    select h.pipeline_id, h.part, h.from_m, h.to_m, h.hca_class, h.criterion, h.reason_zh, h.reason_en,
      h.radius_m, h.targets, h.population, h.households, h.target_ids, h.geometry,
      extensions.st_setsrid(extensions.st_geomfromgeojson(h.geometry), 4326)
    from app.pipeline_hca_of(ids) h;
  end if;
end
$$;

revoke all on function app.pipeline_hca_refresh(uuid[]) from public, anon, authenticated, service_role;

-- The full refill, for loaders that bypassed the triggers (SQL sessions of the table's owner).
create or replace function app.rebuild_pipeline_hca() returns bigint
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.pipeline_hca_refresh(null);
  return (select count(*) from app.pipeline_hca_segments);
end
$$;

revoke all on function app.rebuild_pipeline_hca() from public, anon, authenticated, service_role;

-- Pipelines: a line inserted, or changed in what the classification reads, is recomputed.
create or replace function app.pipeline_hca_lines_changed() returns trigger
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
    where n.medium is distinct from o.medium
       or n.diameter_mm is distinct from o.diameter_mm
       or n.pressure_mpa is distinct from o.pressure_mpa
       or not extensions.st_orderingequals(n.geom, o.geom);
  end if;
  if ids is not null then
    perform app.pipeline_hca_refresh(ids);
  end if;
  return null;
end
$$;

create trigger pipeline_hca_insert after insert on public.pipelines
  referencing new table as new_rows for each statement execute function app.pipeline_hca_lines_changed();
create trigger pipeline_hca_update after update on public.pipelines
  referencing old table as old_rows new table as new_rows for each statement execute function app.pipeline_hca_lines_changed();

-- Protective targets: the lines within the screening distance of a target's old or new place are
-- recomputed, for the kinds of target the screening reads (specific places, villages and
-- residential areas: an office or a factory changes no segment; a target re-typed from or to one
-- of those kinds counts). The distance is each line's largest radius (200 m each side, or a gas
-- line's potential impact radius for specific places); the lines are found through the
-- pipelines' geography index with the largest of those radii, each place probing it.
create or replace function app.pipeline_hca_screened_type(type_code text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  -- the kinds app.pipeline_hca_of reads (20261212000200): 特定场所 and settlements
  select type_code in ('school', 'kindergarten', 'hospital', 'nursing_home', 'prison', 'mall', 'stadium',
    'village', 'residential', 'residential_large')
$$;

create or replace function app.pipeline_hca_targets_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  reach float8;
  ids uuid[];
begin
  select max(greatest(200, app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa))) into reach
  from public.pipelines p where p.medium <> 'chemical';
  if reach is null then
    return null;  -- no screened line
  end if;
  if tg_op = 'INSERT' then
    select array_agg(distinct p.id) into ids
    from new_rows x join public.pipelines p
      on extensions.st_dwithin(x.geom::extensions.geography, p.geom::extensions.geography, reach)
    where p.medium <> 'chemical' and app.pipeline_hca_screened_type(x.type_code)
      and extensions.st_dwithin(x.geom::extensions.geography, p.geom::extensions.geography,
        greatest(200, app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa)));
  elsif tg_op = 'DELETE' then
    select array_agg(distinct p.id) into ids
    from old_rows x join public.pipelines p
      on extensions.st_dwithin(x.geom::extensions.geography, p.geom::extensions.geography, reach)
    where p.medium <> 'chemical' and app.pipeline_hca_screened_type(x.type_code)
      and extensions.st_dwithin(x.geom::extensions.geography, p.geom::extensions.geography,
        greatest(200, app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa)));
  else
    select array_agg(distinct p.id) into ids
    from (
      select g.geom from new_rows n join old_rows o on o.id = n.id
        cross join lateral (values (n.geom), (o.geom)) g(geom)
      where (app.pipeline_hca_screened_type(n.type_code) or app.pipeline_hca_screened_type(o.type_code))
        and (n.type_code is distinct from o.type_code
          or n.population is distinct from o.population
          or not extensions.st_orderingequals(n.geom, o.geom))
    ) x join public.pipelines p
      on extensions.st_dwithin(x.geom::extensions.geography, p.geom::extensions.geography, reach)
    where p.medium <> 'chemical'
      and extensions.st_dwithin(x.geom::extensions.geography, p.geom::extensions.geography,
        greatest(200, app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa)));
  end if;
  if ids is not null then
    perform app.pipeline_hca_refresh(ids);
  end if;
  return null;
end
$$;

create trigger pipeline_hca_insert after insert on public.protective_targets
  referencing new table as new_rows for each statement execute function app.pipeline_hca_targets_changed();
create trigger pipeline_hca_update after update on public.protective_targets
  referencing old table as old_rows new table as new_rows for each statement execute function app.pipeline_hca_targets_changed();
create trigger pipeline_hca_delete after delete on public.protective_targets
  referencing old table as old_rows for each statement execute function app.pipeline_hca_targets_changed();

revoke all on function app.pipeline_hca_lines_changed() from public, anon, authenticated;
revoke all on function app.pipeline_hca_targets_changed() from public, anon, authenticated;
grant execute on function app.pipeline_hca_screened_type(text) to authenticated, service_role;

-- The segments of the given lines (null: every line the caller reads), with app.pipeline_hca_of's
-- columns and order: the kept rows for the roles that read every target, a fresh computation
-- under its row rules for an enterprise (its own lines).
create or replace function app.pipeline_hca_kept(ids uuid[])
returns table (
  pipeline_id uuid,
  pipeline_name text,
  medium public.pipeline_medium,
  part int,
  from_m float8,
  to_m float8,
  hca_class int,
  criterion text,
  reason_zh text,
  reason_en text,
  radius_m float8,
  targets int,
  population int,
  households int,
  target_ids uuid[],
  geometry jsonb
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if app.user_role() = 'enterprise' then
    return query select * from app.pipeline_hca_of(ids);
    return;
  end if;
  return query
  select s.pipeline_id, p.name, p.medium, s.part, s.from_m, s.to_m, s.hca_class, s.criterion, s.reason_zh, s.reason_en,
    s.radius_m, s.targets, s.population, s.households, s.target_ids, s.geometry
  from app.pipeline_hca_segments s
  join public.pipelines p on p.id = s.pipeline_id
  where ids is null or s.pipeline_id = any (ids)
  order by p.name, s.pipeline_id, s.from_m, s.criterion, s.part, s.to_m;
end
$$;

revoke all on function app.pipeline_hca_kept(uuid[]) from public, anon;
grant execute on function app.pipeline_hca_kept(uuid[]) to authenticated, service_role;

create or replace function public.pipeline_hca(pipeline_id uuid default null)
returns table (
  pipeline_id uuid,
  pipeline_name text,
  medium public.pipeline_medium,
  part int,
  from_m float8,
  to_m float8,
  hca_class int,
  criterion text,
  reason_zh text,
  reason_en text,
  radius_m float8,
  targets int,
  population int,
  households int,
  target_ids uuid[],
  geometry jsonb
)
language sql
stable
security invoker
set search_path = ''
as $$
  select app.require_staff('pipeline_hca');
  select * from app.pipeline_hca_kept(case when $1 is null then null else array[$1] end)
$$;

revoke execute on function public.pipeline_hca(uuid) from public, anon;
grant execute on function public.pipeline_hca(uuid) to authenticated, service_role;

-- pipeline_map: as 20261212000300, the high-consequence segments read from the kept rows of the
-- lines in view whose box meets the view (GiST index on the segments); an enterprise's computed
-- fresh as before. pipeline_at reads them through pipeline_hca (unchanged).
create or replace function public.pipeline_map(west float8, south float8, east float8, north float8, zoom float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  view extensions.geometry;
  tol float8;
  kept boolean;
  result jsonb;
begin
  perform app.require_staff('pipeline_map');
  perform app.check_bbox(west, south, east, north);
  perform app.require_arg(zoom, 'zoom');
  if zoom = 'NaN'::float8 or zoom < 0 or zoom > 24 then
    raise exception 'zoom must be a number from 0 to 24 (got %) (缩放级别无效)', zoom using errcode = '22023';
  end if;
  view := extensions.st_makeenvelope(west, south, east, north, 4326);
  -- half a pixel of a 512-px world at this zoom, in degrees
  tol := 360.0 / (512 * 2 ^ zoom) / 2;
  kept := app.user_role() is distinct from 'enterprise';
  with lines as materialized (
    select p.id, p.name, p.medium, p.diameter_mm, p.pressure_mpa, p.geom
    from public.pipelines p
    where p.geom operator(extensions.&&) view and extensions.st_intersects(p.geom, view)
    order by p.pressure_mpa desc nulls last, p.id
    limit 500
  ), ids as (
    select array_agg(l.id) as ids from lines l
  ), segs as materialized (
    -- the kept segments meeting the view, by the GiST index (a line crossing the view may run
    -- far beyond it), read under the caller's row rules; then those of the lines in view
    select s.pipeline_id, s.hca_class, s.criterion, s.geometry
    from app.pipeline_hca_segments s
    where kept and zoom >= 9 and s.id = any (app.pipeline_hca_segment_ids(view))
  )
  select jsonb_build_object(
    'lines', coalesce((select jsonb_agg(jsonb_build_object(
        'id', l.id, 'name', l.name, 'medium', l.medium, 'diameter_mm', l.diameter_mm, 'pressure_mpa', l.pressure_mpa,
        'paths', (extensions.st_asgeojson(extensions.st_simplify(l.geom, tol, true), 6)::jsonb) -> 'coordinates')
        order by l.pressure_mpa nulls first, l.id) from lines l), '[]'),
    'encroachments', coalesce((select jsonb_agg(jsonb_build_object(
        'pipeline_id', e.pipeline_id, 'target_id', e.target_id, 'target_name', e.target_name, 'distance_m', e.distance_m,
        'lon', e.lon, 'lat', e.lat))
      from ids cross join lateral app.pipeline_encroachments_of(ids.ids) e where ids.ids is not null), '[]'),
    'hca', case when zoom < 9 then '[]'::jsonb
      when kept then coalesce((select jsonb_agg(jsonb_build_object(
          'pipeline_id', s.pipeline_id, 'hca_class', s.hca_class, 'criterion', s.criterion,
          'paths', jsonb_build_array(s.geometry -> 'coordinates')) order by s.hca_class)
        from segs s
        where s.pipeline_id in (select l.id from lines l)
          and s.geometry ->> 'type' = 'LineString'), '[]')
      else coalesce((select jsonb_agg(jsonb_build_object(
          'pipeline_id', h.pipeline_id, 'hca_class', h.hca_class, 'criterion', h.criterion,
          'paths', jsonb_build_array(h.geometry -> 'coordinates')) order by h.hca_class)
        from ids cross join lateral app.pipeline_hca_of(ids.ids) h
        where ids.ids is not null and h.geometry ->> 'type' = 'LineString'), '[]') end)
  into result;
  return result;
end
$$;

revoke execute on function public.pipeline_map(float8, float8, float8, float8, float8) from public, anon;
grant execute on function public.pipeline_map(float8, float8, float8, float8, float8) to authenticated, service_role;

-- No JIT for the pipelines' geodesic functions: their plans are costed in the millions (set-returning
-- PostGIS calls estimated at 1,000 rows each), so PostgreSQL JIT-compiles them with inlining and
-- optimisation on every call (native PostgreSQL 15 with LLVM: 0.4 + 0.3 s of a 1.2 s
-- app.pipeline_hca_of of one line at 100k targets, auto_explain), for queries whose time is spent
-- inside PostGIS, which JIT does not touch. Function settings only: results unchanged.
alter function app.pipeline_near_targets(uuid[], float8, boolean) set jit = off;
alter function app.pipeline_hca_of(uuid[]) set jit = off;
alter function app.pipeline_encroachments_of(uuid[]) set jit = off;
alter function app.pipeline_hca_refresh(uuid[]) set jit = off;
alter function public.pipeline_map(float8, float8, float8, float8, float8) set jit = off;

-- Fill it for the lines already there.
select app.pipeline_hca_refresh(null);
