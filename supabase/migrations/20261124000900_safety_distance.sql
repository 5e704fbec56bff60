-- External safety protective distance (GB/T 37243-2019) and individual-risk criteria
-- (GB 36894-2018). Every distance is geodesic metres on the spheroid (geography), every
-- target search an ST_DWithin that the GiST expression index on (geom::geography) serves.

-- GB 36894-2018 maximum acceptable individual risk (per year) at a protective target.
create table public.individual_risk_criteria (
  target_class public.protective_class primary key,
  new_installation numeric not null check (new_installation > 0),
  in_service numeric not null check (in_service > 0)
);
insert into public.individual_risk_criteria values
  ('high_sensitivity', 3e-7, 3e-6),
  ('important',        3e-7, 3e-6),
  ('general_1',        3e-7, 3e-6),
  ('general_2',        3e-6, 1e-5),
  ('general_3',        1e-5, 3e-5);
alter table public.individual_risk_criteria enable row level security;
create policy individual_risk_criteria_read on public.individual_risk_criteria for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.individual_risk_criteria from anon, authenticated;

alter table public.hazard_sources
  add column installation_status text not null default 'in_service'
    check (installation_status in ('new', 'in_service'));

-- Individual-risk contours from a quantitative risk assessment: the area where the risk is at
-- least risk_per_year.
create table public.hazard_source_risk_contours (
  id uuid primary key default gen_random_uuid(),
  hazard_source_id uuid not null references public.hazard_sources(id) on delete cascade,
  risk_per_year numeric not null check (risk_per_year > 0 and risk_per_year < 1),
  geom extensions.geometry(MultiPolygon, 4326) not null,
  basis_reference text,
  is_demo boolean not null default false,
  updated_at timestamptz not null default now(),
  unique (hazard_source_id, risk_per_year)
);
create index hazard_source_risk_contours_geom_idx on public.hazard_source_risk_contours using gist (geom);
create trigger hazard_source_risk_contours_write before insert or update on public.hazard_source_risk_contours
  for each row execute function app.touch_updated_at();
alter table public.hazard_source_risk_contours enable row level security;
revoke all on public.hazard_source_risk_contours from anon;
create policy hazard_source_risk_contours_read on public.hazard_source_risk_contours for select to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id));
create policy hazard_source_risk_contours_write on public.hazard_source_risk_contours for all to authenticated
  using (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id and app.may_write(h.area_code, h.enterprise_id, false)))
  with check (exists (select 1 from public.hazard_sources h where h.id = hazard_source_id and app.may_write(h.area_code, h.enterprise_id, false)));

-- Parses and validates a GeoJSON site or area, with messages that say what is wrong.
create or replace function app.geojson_shape(doc jsonb, what text, allowed text[]) returns extensions.geometry
language plpgsql immutable
set search_path = ''
as $$
declare
  g extensions.geometry;
begin
  if doc is null or jsonb_typeof(doc) <> 'object' then
    raise exception '% must be a GeoJSON geometry object', what using errcode = '22023';
  end if;
  if doc ->> 'type' = 'Feature' then
    doc := doc -> 'geometry';
  end if;
  if not (doc ->> 'type' = any (allowed)) then
    raise exception '% must be a GeoJSON % (got %)', what, array_to_string(allowed, ' or '), coalesce(doc ->> 'type', 'no type')
      using errcode = '22023';
  end if;
  begin
    g := extensions.st_setsrid(extensions.st_geomfromgeojson(doc::text), 4326);
  exception when others then
    raise exception '% is not valid GeoJSON: %', what, sqlerrm using errcode = '22023';
  end;
  perform app.check_lonlat(g, what);
  if extensions.st_isempty(g) then
    raise exception '% is empty', what using errcode = '22023';
  end if;
  if not extensions.st_isvalid(g) then
    raise exception '% is not a valid shape: %', what, extensions.st_isvalidreason(g) using errcode = '22023';
  end if;
  return g;
end
$$;

-- {"high_sensitivity": 1000, ...} → one row per class (missing class = 0).
create or replace function app.parse_distances(distances jsonb)
returns table (target_class public.protective_class, required_m numeric)
language plpgsql immutable
set search_path = ''
as $$
declare
  k text;
begin
  if distances is null or jsonb_typeof(distances) <> 'object' then
    raise exception 'distances must be an object of metres per protective-target class, e.g. {"high_sensitivity": 1000, "general_2": 300}'
      using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(distances) loop
    if not k = any (enum_range(null::public.protective_class)::text[]) then
      raise exception 'distances: unknown protective-target class "%" (expected high_sensitivity, important, general_1, general_2, general_3)', k
        using errcode = '22023';
    end if;
    if jsonb_typeof(distances -> k) <> 'number' or (distances ->> k)::numeric < 0 or (distances ->> k)::numeric > 50000 then
      raise exception 'distances.% must be a number of metres from 0 to 50000 (got %)', k, distances -> k using errcode = '22023';
    end if;
  end loop;
  return query
    select c, coalesce((distances ->> c::text)::numeric, 0)
    from unnest(enum_range(null::public.protective_class)) as c;
end
$$;

-- Protective targets of one class within a distance of a shape. SECURITY DEFINER on purpose:
-- under RLS PostgreSQL may not push ST_DWithin/&& (not LEAKPROOF) into the GiST index scan and
-- compares every source with every target (timed out at 10k × 1M for a signed-in user). It
-- applies protective_targets' read rule itself: staff only (or no request at all: maintenance).
create or replace function app.targets_of_class_within(shape extensions.geometry, cls public.protective_class, dist_m float8)
returns table (id uuid, name text, target_class public.protective_class, type_code text, population integer,
  distance_m double precision, lon double precision, lat double precision)
language sql stable
security definer
set search_path = ''
as $$
  select t.id, t.name, t.target_class, t.type_code, t.population,
    extensions.st_distance(t.geom::extensions.geography, shape::extensions.geography),
    extensions.st_x(t.location), extensions.st_y(t.location)
  from public.protective_targets t
  where ((select app.is_staff()) or (select app.claims() ->> 'role') is null)
    and t.target_class = cls
    and dist_m > 0
    and extensions.st_dwithin(t.geom::extensions.geography, shape::extensions.geography, dist_m)
$$;
revoke execute on function app.targets_of_class_within(extensions.geometry, public.protective_class, float8) from public, anon;
grant execute on function app.targets_of_class_within(extensions.geometry, public.protective_class, float8) to authenticated, service_role;

-- Targets within the required distance of a shape, per class. The one formulation every
-- question below uses.
create or replace function app.targets_inside(shape extensions.geometry, dist_class public.protective_class[], dist_m numeric[])
returns table (id uuid, name text, target_class public.protective_class, type_code text, population integer,
  distance_m double precision, required_m numeric, shortfall_m double precision, lon double precision, lat double precision)
language sql stable
set search_path = ''
as $$
  select t.id, t.name, t.target_class, t.type_code, t.population, t.distance_m, req.m, req.m - t.distance_m, t.lon, t.lat
  from unnest(dist_class, dist_m) as req(c, m)
  cross join lateral app.targets_of_class_within(shape, req.c, req.m::float8) t
$$;

create or replace function public.safety_distance_check(hazard_source_id uuid)
returns table (id uuid, name text, target_class public.protective_class, type_code text, population integer,
  distance_m double precision, required_m numeric, shortfall_m double precision, lon double precision, lat double precision,
  individual_risk numeric, risk_criterion numeric, risk_criterion_failed boolean)
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  h record;
begin
  select x.geom, x.installation_status into h from public.hazard_sources x where x.id = safety_distance_check.hazard_source_id;
  if not found then
    raise exception 'hazard source % not found or not visible to you', hazard_source_id using errcode = '42501';
  end if;
  -- Targets inside their class's required distance, and also targets outside it that lie in
  -- an individual-risk contour above their GB 36894 criterion (the distance may be too short).
  return query
  with req as (
    select array_agg(d.target_class) as c, array_agg(d.required_m) as m
    from public.hazard_source_distances d where d.hazard_source_id = safety_distance_check.hazard_source_id
  ), inside as (
    select t.id, t.distance_m, t.required_m from req, app.targets_inside(h.geom, req.c, req.m) t
  ), contour_risk as (
    select t.id, max(rc.risk_per_year) as risk
    from public.hazard_source_risk_contours rc
    join public.protective_targets t on extensions.st_intersects(rc.geom, t.geom)
    where rc.hazard_source_id = safety_distance_check.hazard_source_id
    group by t.id
  ), candidates as (
    select i.id from inside i
    union
    select r.id from contour_risk r
    join public.protective_targets t on t.id = r.id
    join public.individual_risk_criteria c on c.target_class = t.target_class
    where r.risk > case when h.installation_status = 'new' then c.new_installation else c.in_service end
  )
  select t.id, t.name, t.target_class, t.type_code, t.population,
    round(coalesce(i.distance_m, extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography))::numeric, 2)::float8,
    coalesce(i.required_m, d.required_m, 0),
    round((coalesce(i.required_m, d.required_m, 0)
      - coalesce(i.distance_m, extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography)))::numeric, 2)::float8,
    extensions.st_x(t.location), extensions.st_y(t.location), r.risk,
    case when r.risk is not null then crit.limit_value end,
    case when r.risk is not null then r.risk > crit.limit_value end
  from candidates cand
  join public.protective_targets t on t.id = cand.id
  left join inside i on i.id = t.id
  left join contour_risk r on r.id = t.id
  left join public.hazard_source_distances d
    on d.hazard_source_id = safety_distance_check.hazard_source_id and d.target_class = t.target_class
  join lateral (
    select case when h.installation_status = 'new' then c.new_installation else c.in_service end as limit_value
    from public.individual_risk_criteria c where c.target_class = t.target_class) crit on true
  order by 8 desc, 1;
end
$$;

-- The relocation worklist: every hazard source (in an area) with protective targets inside its
-- required distances: violations by class, population inside, worst shortfall.
create or replace function public.safety_distance_violations(area_code text default null)
returns table (hazard_source_id uuid, hazard_source_name text, enterprise_id uuid, enterprise_name text,
  industry_code text, area_code text, relocation_status public.relocation_status, is_major boolean,
  major_grade smallint, violations_by_class jsonb, violating_targets bigint, population_inside bigint,
  worst_shortfall_m double precision, lon double precision, lat double precision)
language sql stable
security invoker
set search_path = ''
as $$
  with v as (
    select d.hazard_source_id, t.target_class, t.population, d.required_m - t.distance_m as shortfall
    from public.hazard_sources h
    join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
    cross join lateral app.targets_of_class_within(h.geom, d.target_class, d.required_m::float8) t
    where safety_distance_violations.area_code is null
       or h.area_code like app.code_prefix(safety_distance_violations.area_code) || '%'
  ), per_class as (
    select v.hazard_source_id, v.target_class, count(*) as n, sum(v.population) as people, max(v.shortfall) as worst
    from v group by 1, 2
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

-- "What if the plant stood here": a candidate point or polygon with the planner's distances.
create or replace function public.evaluate_site(site jsonb, distances jsonb)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  g extensions.geometry;
  cls public.protective_class[];
  m numeric[];
  targets jsonb;
  by_class jsonb;
  people bigint;
begin
  g := app.geojson_shape(site, 'site', array['Point', 'Polygon', 'MultiPolygon']);
  select array_agg(p.target_class), array_agg(p.required_m) into cls, m from app.parse_distances(distances) p;
  select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'target_class', t.target_class,
      'type_code', t.type_code, 'population', t.population, 'distance_m', round(t.distance_m::numeric, 2),
      'required_m', t.required_m, 'shortfall_m', round(t.shortfall_m::numeric, 2), 'lon', t.lon, 'lat', t.lat)
      order by t.shortfall_m desc, t.id), '[]'),
    coalesce(sum(t.population), 0)
  into targets, people
  from app.targets_inside(g, cls, m) t;
  select jsonb_object_agg(c::text, jsonb_build_object(
      'count', (select count(*) from jsonb_array_elements(targets) x where x ->> 'target_class' = c::text),
      'population', (select coalesce(sum((x ->> 'population')::int), 0) from jsonb_array_elements(targets) x where x ->> 'target_class' = c::text)))
  into by_class
  from unnest(enum_range(null::public.protective_class)) c;
  return jsonb_build_object('targets', targets,
    'summary', jsonb_build_object('by_class', by_class, 'population', people,
      'violations', jsonb_array_length(targets), 'compliant', jsonb_array_length(targets) = 0));
end
$$;

-- Where inside `area` a plant with these distances could stand without any violation: the
-- area minus a geodesic buffer of each protective target by its class's distance.
create or replace function public.siting_suitability(area jsonb, distances jsonb)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  g extensions.geometry;
  blocked extensions.geometry;
  ok extensions.geometry;
begin
  g := app.geojson_shape(area, 'area', array['Polygon', 'MultiPolygon']);
  select extensions.st_union(extensions.st_buffer(t.geom::extensions.geography, p.required_m::float8, 'quad_segs=16')::extensions.geometry)
  into blocked
  from app.parse_distances(distances) p
  join public.protective_targets t
    on t.target_class = p.target_class and p.required_m > 0
   and extensions.st_dwithin(t.geom::extensions.geography, g::extensions.geography, p.required_m::float8);
  ok := case when blocked is null then g else extensions.st_difference(g, blocked) end;
  ok := extensions.st_multi(extensions.st_collectionextract(extensions.st_makevalid(ok), 3));
  return jsonb_build_object(
    'suitable', case when extensions.st_isempty(ok) then null else extensions.st_asgeojson(ok, 7)::jsonb end,
    'area_m2', round(coalesce(extensions.st_area(ok::extensions.geography), 0)::numeric, 1),
    'total_area_m2', round(extensions.st_area(g::extensions.geography)::numeric, 1),
    'blocking_targets', (select count(*) from app.parse_distances(distances) p
      join public.protective_targets t on t.target_class = p.target_class and p.required_m > 0
       and extensions.st_dwithin(t.geom::extensions.geography, g::extensions.geography, p.required_m::float8)));
end
$$;

revoke execute on function public.safety_distance_check(uuid) from public, anon;
revoke execute on function public.safety_distance_violations(text) from public, anon;
revoke execute on function public.evaluate_site(jsonb, jsonb) from public, anon;
revoke execute on function public.siting_suitability(jsonb, jsonb) from public, anon;
grant execute on function public.safety_distance_check(uuid) to authenticated;
grant execute on function public.safety_distance_violations(text) to authenticated;
grant execute on function public.evaluate_site(jsonb, jsonb) to authenticated;
grant execute on function public.siting_suitability(jsonb, jsonb) to authenticated;
