-- incident_report from a point at scale (issue 15, found by bench:rpcs: 1.49 s p50 at 1,000,000
-- protective targets, 44,044 of them within 3 km of the densest town centre).
-- The search was already by index (app.targets_of_class_within: a definer, so the geography
-- index serves it under RLS), so the time was not a scan of the table. EXPLAIN ANALYZE as the
-- command role showed where it went instead:
--   * every target found was measured twice on the spheroid: st_dwithin's recheck, then
--     st_distance for its distance;
--   * the rings' figures scanned the 44,044 found targets 36 times (count and population per
--     ring, and per ring and class: 3 + 3 + 3 × 5 × 2 correlated subqueries), about a third
--     of the call.
-- Now app.targets_within finds the targets of every class in one scan of the geography index
-- (definer, the same caller rule as app.targets_of_class_within), measures each once and keeps
-- those within the distance; the figures are summed once per (ring, class) and each ring's
-- count and population add the rings up to it (cumulative, as before). Arguments, checks,
-- errors and the returned document are those of 20261204101000; a target lies within a ring
-- when its geodesic distance is at most the radius, as before (st_dwithin and st_distance agree
-- to the nanometre). Same answers: test/db/incident-report-scale.test.ts compares with the
-- previous body on the demo data and random points.

create or replace function app.targets_within(shape extensions.geometry, dist_m float8)
returns table (id uuid, name text, target_class public.protective_class, type_code text, population integer,
  distance_m double precision, lon double precision, lat double precision)
language sql stable
security definer
set search_path = ''
as $$
  select x.id, x.name, x.target_class, x.type_code, x.population, x.distance_m, x.lon, x.lat
  from (
    select t.id, t.name, t.target_class, t.type_code, t.population,
      extensions.st_distance(t.geom::extensions.geography, shape::extensions.geography) as distance_m,
      extensions.st_x(t.location) as lon, extensions.st_y(t.location) as lat
    from public.protective_targets t
    where ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
        or ((select app.user_role()) = 'enterprise' and t.id in (select n.id from app.enterprise_nearby_targets n))
        or (select app.claims() ->> 'role') is null)
      and dist_m > 0
      -- the geography index (protective_targets_geom_geog_idx): the box st_dwithin would use
      and t.geom::extensions.geography operator(extensions.&&) extensions._st_expand(shape::extensions.geography, dist_m)
    offset 0  -- measure each once
  ) x
  where x.distance_m <= dist_m
$$;

revoke execute on function app.targets_within(extensions.geometry, float8) from public, anon;

grant execute on function app.targets_within(extensions.geometry, float8) to authenticated, service_role;

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
    from app.targets_within(center, maxr) x
  ), listed as (
    select * from t order by t.distance_m, t.id limit max_listed
  ), per as materialized (
    -- each target once: its smallest ring and class
    select t.ring_m, t.target_class, count(*) as n, sum(t.population) as pop from t group by t.ring_m, t.target_class
  )
  select (select count(*)::int from t),
    (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'target_class', l.target_class,
        'type_code', l.type_code, 'population', l.population, 'distance_m', round(l.distance_m::numeric, 1),
        'ring_m', l.ring_m, 'lon', l.lon, 'lat', l.lat) order by l.distance_m, l.id), '[]') from listed l),
    (select jsonb_agg(jsonb_build_object('radius_m', rr.r,
        'count', (select coalesce(sum(p.n), 0) from per p where p.ring_m <= rr.r),
        'population', (select coalesce(sum(p.pop), 0) from per p where p.ring_m <= rr.r),
        'by_class', (select jsonb_object_agg(c::text, jsonb_build_object(
            'count', (select coalesce(sum(p.n), 0) from per p where p.ring_m <= rr.r and p.target_class = c::text),
            'population', (select coalesce(sum(p.pop), 0) from per p where p.ring_m <= rr.r and p.target_class = c::text)))
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
