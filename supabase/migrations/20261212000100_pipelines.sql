-- Oil and gas pipelines (issue 19, the pipelines half): the lines, their operator, and the
-- encroachment check of 石油天然气管道保护法 art. 30 (no buildings, deep-rooted planting or digging
-- within 5 m of the centreline).
--
--   pipelines               name, medium, operator enterprise, diameter, pressure, burial depth,
--                           year built, geom (MultiLineString, EPSG:4326; a LineString is stored as
--                           a one-part MultiLineString), area_codes (districts and streets it
--                           crosses, kept by trigger).
--   pipeline_encroachments  protective targets whose geometry lies within 5 m of a centreline
--                           (geodesic, inclusive at millimetre precision), with the position of the
--                           nearest point along the line.
--
-- Who reads (DOMAIN.md's roles, as the other registry tables): admins, the command centre,
-- planners and the service role every line; a regulator the lines crossing its jurisdiction; an
-- enterprise the lines it operates. Never the public: exact pipeline routes are critical
-- infrastructure (the markers on the ground say where a line runs; its surveyed route with
-- pressure and diameter is not published), so anon holds no privilege on the table or the RPCs.
-- Who writes: admins and the service role any line; a regulator the lines crossing its
-- jurisdiction (area_codes are derived from the line, so it cannot write a line elsewhere).

create type public.pipeline_medium as enum ('natural_gas', 'crude_oil', 'refined_oil', 'lpg', 'chemical');

create table public.pipelines (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  medium public.pipeline_medium not null,
  operator_enterprise_id uuid references public.enterprises(id) on delete set null,
  diameter_mm numeric,
  pressure_mpa numeric,
  burial_depth_m numeric,
  built_year int,
  geom extensions.geometry(Geometry, 4326) not null
    constraint pipelines_geom_type check (extensions.geometrytype(geom) = 'MULTILINESTRING'),
  area_codes text[] not null default '{}',
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index pipelines_geom_idx on public.pipelines using gist (geom);
create index pipelines_geom_geog_idx on public.pipelines using gist ((geom::extensions.geography));
create index pipelines_operator_idx on public.pipelines (operator_enterprise_id);
create index pipelines_area_codes_idx on public.pipelines using gin (area_codes);
create index pipelines_updated_idx on public.pipelines (updated_at);

-- Bounds of one line: at most 100 parts, 20,000 vertices (input limits), 1,000 km.
create or replace function app.pipeline_write() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  max_parts constant int := 100;
  max_length_m constant float8 := 1000000;
  t text;
  len float8;
  i int;
begin
  if new.geom is null then
    perform app.refuse_input('pipelines.geom', '走向', '必填', 'is required');
  end if;
  t := extensions.geometrytype(new.geom);
  if t = 'LINESTRING' then
    new.geom := extensions.st_multi(new.geom);
  elsif t is distinct from 'MULTILINESTRING' then
    perform app.refuse_input('pipelines.geom', '走向', format('须为线（LineString 或 MultiLineString），收到 %s', t),
      format('must be a line (LineString or MultiLineString), got %s', t));
  end if;
  if extensions.st_isempty(new.geom) then
    perform app.refuse_input('pipelines.geom', '走向', '不能为空几何', 'must not be empty');
  end if;
  perform app.check_lonlat(new.geom, 'pipelines.geom');
  if extensions.st_numgeometries(new.geom) > max_parts then
    perform app.refuse_input('pipelines.geom', '走向', format('分段过多：最多 %s 段，收到 %s 段', max_parts, extensions.st_numgeometries(new.geom)),
      format('has too many parts: at most %s, got %s', max_parts, extensions.st_numgeometries(new.geom)));
  end if;
  for i in 1 .. extensions.st_numgeometries(new.geom) loop
    if extensions.st_npoints(extensions.st_geometryn(new.geom, i)) < 2
       or extensions.st_length(extensions.st_geometryn(new.geom, i)::extensions.geography) = 0 then
      perform app.refuse_input('pipelines.geom', '走向', format('第 %s 段长度为零（至少两个不同的点）', i),
        format('part %s has zero length (it needs two distinct points)', i));
    end if;
  end loop;
  if not extensions.st_isvalid(new.geom) then
    perform app.refuse_input('pipelines.geom', '走向', format('不是有效的线：%s', extensions.st_isvalidreason(new.geom)),
      format('is not a valid line: %s', extensions.st_isvalidreason(new.geom)));
  end if;
  len := extensions.st_length(new.geom::extensions.geography);
  if len > max_length_m then
    perform app.refuse_input('pipelines.geom', '走向', format('过长：最长 %s 千米，收到 %s 千米', max_length_m / 1000, round((len / 1000)::numeric, 1)),
      format('is too long: at most %s km, got %s km', max_length_m / 1000, round((len / 1000)::numeric, 1)));
  end if;
  if new.built_year is not null and (new.built_year < 1900 or new.built_year > extract(year from current_date)::int) then
    perform app.refuse_input('pipelines.built_year', '建成年份', format('须在 1900 到今年之间（收到 %s）', new.built_year),
      format('must be from 1900 to this year (got %s)', new.built_year));
  end if;
  -- The districts and streets it crosses: who supervises it. Never given by a client.
  select coalesce(array_agg(a.code order by a.code), '{}') into new.area_codes
  from public.areas a
  where a.level in ('district', 'street') and extensions.st_intersects(a.geom, new.geom);
  if cardinality(new.area_codes) = 0 then
    perform app.refuse_input('pipelines.geom', '走向', '不在本市任何区县内', 'lies outside every district of the served region');
  end if;
  new.updated_at := now();
  return new;
end
$$;

revoke all on function app.pipeline_write() from public, anon, authenticated;

create trigger pipelines_write before insert or update on public.pipelines
  for each row execute function app.pipeline_write();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('pipelines', 'name', 'text', '管道名称', true, 2, 200);
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('pipelines', 'diameter_mm', 'number', '管径（毫米）', 10, 2000),
  ('pipelines', 'pressure_mpa', 'number', '设计压力（兆帕）', 0, 30),
  ('pipelines', 'burial_depth_m', 'number', '埋深（米）', 0, 50);
insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('pipelines', 'geom', 'shape', '走向', 20000);
select app.install_input_limits('pipelines');

-- Regulators: a line crossing the jurisdiction (each district a line crosses supervises it there).
create or replace function app.pipeline_in_scope(codes text[]) returns boolean
language sql stable
set search_path = ''
as $$ select exists (select 1 from unnest(codes) c where c like any (app.scope_patterns())) $$;

grant execute on function app.pipeline_in_scope(text[]) to authenticated, service_role;

alter table public.pipelines enable row level security;
revoke all on public.pipelines from anon;

create policy pipelines_read on public.pipelines for select to authenticated
  using ((select app.reads_all())
    or ((select app.user_role()) = 'regulator' and app.pipeline_in_scope(area_codes))
    or ((select app.user_role()) = 'enterprise' and operator_enterprise_id = (select app.enterprise_id())));

create policy pipelines_insert on public.pipelines for insert to authenticated
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and app.pipeline_in_scope(area_codes)));

create policy pipelines_update on public.pipelines for update to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and app.pipeline_in_scope(area_codes)))
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and app.pipeline_in_scope(area_codes)));

create policy pipelines_delete on public.pipelines for delete to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and app.pipeline_in_scope(area_codes)));

-- Where a point lies along a line: the part nearest to it, the nearest point's fraction of that
-- part, and the geodesic metres from the line's start (parts in their stored order, each part's
-- full length counted before the next).
create or replace function app.pipeline_position(line extensions.geometry, g extensions.geometry)
returns table (part int, part_fraction float8, along_m float8, fraction float8, length_m float8)
language sql immutable parallel safe
set search_path = ''
as $$
  with parts as (
    select d.path[1] as part, d.geom,
      extensions.st_length(d.geom::extensions.geography) as len
    from extensions.st_dump(line) d
  ), offs as (
    select p.*, coalesce(sum(p.len) over (order by p.part rows between unbounded preceding and 1 preceding), 0) as off,
      sum(p.len) over () as total
    from parts p
  ), near as (
    select o.*, extensions.st_linelocatepoint(o.geom, extensions.st_closestpoint(o.geom, g)) as f
    from offs o
    order by extensions.st_distance(o.geom::extensions.geography, g::extensions.geography), o.part
    limit 1
  )
  select n.part, n.f,
    n.off + case when n.f <= 0 then 0 when n.f >= 1 then n.len
      else extensions.st_length(extensions.st_linesubstring(n.geom, 0, n.f)::extensions.geography) end,
    (n.off + case when n.f <= 0 then 0 when n.f >= 1 then n.len
      else extensions.st_length(extensions.st_linesubstring(n.geom, 0, n.f)::extensions.geography) end) / nullif(n.total, 0),
    n.total
  from near n
$$;

grant execute on function app.pipeline_position(extensions.geometry, extensions.geometry) to authenticated, service_role;

-- GB 32167-2015 table 1: the radius within which specific places make a gas line's segment a
-- high-consequence area: the potential impact radius r = 0.099·√(d²·p) (formula (1)) for
-- d > 762 mm and p > 6.9 MPa or d < 273 mm and p < 1.6 MPa, else 200 m (src/domain/pipelines.ts
-- says the same; 20261212000200 uses it).
create or replace function app.pipeline_place_radius(medium public.pipeline_medium, d numeric, p numeric) returns float8
language sql immutable parallel safe
set search_path = ''
as $$
  select case when medium = 'natural_gas' and d is not null and p is not null
      and ((d > 762 and p > 6.9) or (d < 273 and p < 1.6))
    then (0.099 * sqrt(d ^ 2 * p))::float8 else 200::float8 end
$$;

grant execute on function app.pipeline_place_radius(public.pipeline_medium, numeric, numeric) to authenticated, service_role;

-- The (line, target) pairs within radius_m of the lines (with impact: the larger of radius_m and
-- the line's specific-place radius), by the targets' (geom::geography) GiST index searched per
-- segment of the lines (ST_DumpSegments: a 100 km line's own box covers the city). Definer, as
-- app.targets_of_class_within: under row-level security PostgreSQL may not use an index for a
-- non-leakproof operator ahead of the policies, which made every call a scan. It answers ids only;
-- the callers join them back to pipelines and protective_targets under the caller's row rules.
create or replace function app.pipeline_near_targets(line_ids uuid[], radius_m float8, impact boolean)
returns table (pipeline_id uuid, target_id uuid)
language sql stable
security definer
set search_path = ''
as $$
  select distinct p.id, t.id
  from public.pipelines p
  cross join lateral extensions.st_dumpsegments(p.geom) s
  join public.protective_targets t
    on extensions.st_dwithin(t.geom::extensions.geography, s.geom::extensions.geography,
      case when impact then greatest(radius_m, app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa)) else radius_m end)
  where p.id = any (line_ids)
$$;

revoke all on function app.pipeline_near_targets(uuid[], float8, boolean) from public, anon;
grant execute on function app.pipeline_near_targets(uuid[], float8, boolean) to authenticated, service_role;

-- 石油天然气管道保护法 art. 30: protective targets within 5 m of a centreline. Geodesic (geography,
-- WGS-84 spheroid), inclusive: a distance that rounds to at most 5.000 m counts, so a target
-- surveyed at exactly 5 m is not lost to the last bits of a double. Candidates from
-- app.pipeline_near_targets (the index, per segment); pipelines and targets under the caller's row
-- rules (security invoker: an enterprise sees its own lines, and targets within 5 km of its sites).
-- ids: the lines to check (null: every line the caller reads).
create or replace function app.pipeline_encroachments_of(ids uuid[])
returns table (
  pipeline_id uuid,
  pipeline_name text,
  target_id uuid,
  target_name text,
  target_class public.protective_class,
  type_code text,
  population int,
  distance_m float8,
  part int,
  fraction float8,
  along_m float8,
  lon float8,
  lat float8
)
language sql
stable
security invoker
set search_path = ''
as $$
  with near as (
    select n.pipeline_id as pid, n.target_id as tid
    from app.pipeline_near_targets(
      (select array_agg(p.id) from public.pipelines p where ids is null or p.id = any (ids)), 5.001, false) n
  ), hits as (
    select p.id as pid, p.name as pname, p.geom as line, t.id as tid, t.name as tname, t.target_class as tclass,
      t.type_code as ttype, t.population as tpop, t.geom as tgeom,
      extensions.st_distance(p.geom::extensions.geography, t.geom::extensions.geography) as d
    from near n
    join public.pipelines p on p.id = n.pid
    join public.protective_targets t on t.id = n.tid
  )
  select h.pid, h.pname, h.tid, h.tname, h.tclass, h.ttype, h.tpop, round(h.d::numeric, 3)::float8,
    pos.part, pos.fraction, round(pos.along_m::numeric, 2)::float8,
    extensions.st_x(extensions.st_closestpoint(h.line, h.tgeom)), extensions.st_y(extensions.st_closestpoint(h.line, h.tgeom))
  from hits h
  cross join lateral app.pipeline_position(h.line, h.tgeom) pos
  where round(h.d::numeric, 3) <= 5
  order by h.pname, h.pid, pos.along_m, h.tid
$$;

revoke all on function app.pipeline_encroachments_of(uuid[]) from public, anon;
grant execute on function app.pipeline_encroachments_of(uuid[]) to authenticated, service_role;

create or replace function public.pipeline_encroachments(pipeline_id uuid default null)
returns table (
  pipeline_id uuid,
  pipeline_name text,
  target_id uuid,
  target_name text,
  target_class public.protective_class,
  type_code text,
  population int,
  distance_m float8,
  part int,
  fraction float8,
  along_m float8,
  lon float8,
  lat float8
)
language sql
stable
security invoker
set search_path = ''
as $$
  select app.require_staff('pipeline_encroachments');
  select * from app.pipeline_encroachments_of(case when $1 is null then null else array[$1] end)
$$;

revoke execute on function public.pipeline_encroachments(uuid) from public, anon;
grant execute on function public.pipeline_encroachments(uuid) to authenticated, service_role;
