-- What-if threat zones (issue 20): the protective targets and the people inside the footprints the
-- browser computes (src/domain/threatZones.ts: toxic plume, pool fire, vapour-cloud explosion).
-- The models stay in TypeScript (they redraw on every move of the wind); the database answers
-- only "who is inside these polygons", with incident_report's counting (targets and population
-- by protective class) and its row-level rules: the targets come from app.targets_of_class_within,
-- the definer function that applies protective_targets' read rule itself (an enterprise sees only
-- the targets within 5 km of its own sites) and searches the (class, geography) GiST index.
--
-- Bounded: 1 to 4 zones, each one GeoJSON Polygon of at most 2,000 vertices spanning at most 0.5°
-- (the models' largest zone is a 20 km circle, 0.37° across); at most 1,000 targets listed.
-- Staff only (never the public view): the zones are model estimates.

create or replace function public.threat_zone_targets(zones jsonb, lon float8, lat float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  max_zones constant int := 4;
  max_vertices constant int := 2000;
  max_span_deg constant float8 := 0.5;
  max_listed constant int := 1000;
  levels constant text[] := array['darkred', 'red', 'orange', 'yellow'];
  center extensions.geography;
  z jsonb;
  i int := 0;
  lvl text;
  g extensions.geometry;
  shapes extensions.geometry[] := '{}';
  names text[] := '{}';
  result_zones jsonb;
  targets jsonb;
  n_targets int;
begin
  perform app.require_staff('threat_zone_targets');
  perform app.require_arg(zones, 'zones');
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  if lon = 'NaN'::float8 or lat = 'NaN'::float8 or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'the source point needs lon in [-180, 180] and lat in [-90, 90] (got %, %) (释放源坐标无效)', lon, lat
      using errcode = '22023';
  end if;
  center := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326)::extensions.geography;
  if jsonb_typeof(zones) is distinct from 'array' or jsonb_array_length(zones) not between 1 and max_zones then
    raise exception 'zones must be an array of 1 to % zones, each {"level": "red", "geometry": <GeoJSON Polygon>} (威胁区 1 至 % 个)',
      max_zones, max_zones using errcode = '22023';
  end if;
  for z in select e.value from jsonb_array_elements(zones) e loop
    i := i + 1;
    if jsonb_typeof(z) is distinct from 'object' then
      raise exception 'zones[%] must be an object {"level", "geometry"}', i using errcode = '22023';
    end if;
    lvl := z ->> 'level';
    if lvl is null or not (lvl = any (levels)) then
      raise exception 'zones[%].level must be one of darkred, red, orange, yellow (got %) (威胁区等级无效)', i, coalesce(lvl, 'nothing')
        using errcode = '22023';
    end if;
    if lvl = any (names) then
      raise exception 'zones[%].level % is given twice: one polygon per level', i, lvl using errcode = '22023';
    end if;
    g := app.geojson_shape(z -> 'geometry', format('zones[%s].geometry', i), array['Polygon']);
    if extensions.st_npoints(g) > max_vertices then
      raise exception 'zones[%].geometry has too many vertices: at most % (got %)', i, max_vertices, extensions.st_npoints(g)
        using errcode = '22023';
    end if;
    if extensions.st_xmax(g) - extensions.st_xmin(g) > max_span_deg or extensions.st_ymax(g) - extensions.st_ymin(g) > max_span_deg then
      raise exception 'zones[%].geometry is too large: it may span at most % degrees (about 55 km) each way', i, max_span_deg
        using errcode = '22023';
    end if;
    shapes := shapes || g;
    names := names || lvl;
  end loop;

  with zs as (
    select s.lvl, s.g, s.ord::int as ord, array_position(levels, s.lvl) as severity
    from unnest(names, shapes) with ordinality as s(lvl, g, ord)
  ), hits as materialized (
    -- a target is inside a zone when its geometry touches the polygon (geodesic distance ≤ 1 mm)
    select zs.lvl, zs.severity, x.id, x.name, x.target_class::text as target_class, x.type_code, x.population, x.lon, x.lat
    from zs
    cross join unnest(enum_range(null::public.protective_class)) c
    cross join lateral app.targets_of_class_within(zs.g, c, 0.001) x
  ), t as materialized (
    select distinct on (h.id) h.id, h.name, h.target_class, h.type_code, h.population, h.lvl as zone, h.severity,
      extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(h.lon, h.lat), 4326)::extensions.geography, center) as distance_m,
      h.lon, h.lat
    from hits h
    order by h.id, h.severity
  ), listed as (
    select * from t order by t.severity, t.distance_m, t.id limit max_listed
  )
  select
    (select jsonb_agg(jsonb_build_object('level', zs.lvl,
        'count', (select count(*) from hits h where h.lvl = zs.lvl),
        'population', (select coalesce(sum(h.population), 0) from hits h where h.lvl = zs.lvl),
        'by_class', (select jsonb_object_agg(c::text, jsonb_build_object(
            'count', (select count(*) from hits h where h.lvl = zs.lvl and h.target_class = c::text),
            'population', (select coalesce(sum(h.population), 0) from hits h where h.lvl = zs.lvl and h.target_class = c::text)))
          from unnest(enum_range(null::public.protective_class)) c))
      order by zs.ord) from zs),
    (select count(*)::int from t),
    (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'target_class', l.target_class,
        'type_code', l.type_code, 'population', l.population, 'zone', l.zone,
        'distance_m', round(l.distance_m::numeric, 1), 'lon', l.lon, 'lat', l.lat)
      order by l.severity, l.distance_m, l.id), '[]') from listed l)
  into result_zones, n_targets, targets;

  return jsonb_build_object(
    'zones', result_zones,
    'targets', targets,
    'targets_total', n_targets,
    'targets_truncated', n_targets > max_listed,
    'estimate', true);
end
$$;
revoke execute on function public.threat_zone_targets(jsonb, float8, float8) from public, anon;
grant execute on function public.threat_zone_targets(jsonb, float8, float8) to authenticated, service_role;
