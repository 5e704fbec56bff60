-- Pipelines on the one map (issue 19): the lines in a view with their encroachments and
-- high-consequence segments, and the card of the line under a click. Staff only (never the public,
-- see 20261212000100), under the caller's row rules (security invoker).
--
--   pipeline_map(west, south, east, north, zoom)  → {"lines": [...], "encroachments": [...],
--       "hca": [...]}: lines crossing the view, simplified to about half a screen pixel at the zoom
--       (at most 500 lines); the findings of those lines from pipeline_encroachments and
--       pipeline_hca (high-consequence segments from zoom 9: below that a whole district is a few
--       pixels and the screening of every line in view would cost seconds).
--   pipeline_at(lon, lat, radius_m)  → the card of the nearest line within radius_m (≤ 20 km), with
--       its operator, the areas it crosses, its length, the clicked position along it and its
--       findings; null when none is that near.

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
  with lines as materialized (
    select p.id, p.name, p.medium, p.diameter_mm, p.pressure_mpa, p.geom
    from public.pipelines p
    where p.geom operator(extensions.&&) view and extensions.st_intersects(p.geom, view)
    order by p.pressure_mpa desc nulls last, p.id
    limit 500
  ), ids as (
    select array_agg(l.id) as ids from lines l
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
    'hca', case when zoom >= 9 then coalesce((select jsonb_agg(jsonb_build_object(
        'pipeline_id', h.pipeline_id, 'hca_class', h.hca_class, 'criterion', h.criterion,
        'paths', jsonb_build_array(h.geometry -> 'coordinates')) order by h.hca_class)
      from ids cross join lateral app.pipeline_hca_of(ids.ids) h
      where ids.ids is not null and h.geometry ->> 'type' = 'LineString'), '[]') else '[]'::jsonb end)
  into result;
  return result;
end
$$;

revoke execute on function public.pipeline_map(float8, float8, float8, float8, float8) from public, anon;
grant execute on function public.pipeline_map(float8, float8, float8, float8, float8) to authenticated, service_role;

create or replace function public.pipeline_at(lon float8, lat float8, radius_m float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  at extensions.geometry;
  hit record;
  pos record;
begin
  perform app.require_staff('pipeline_at');
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  if lon = 'NaN'::float8 or lat = 'NaN'::float8 or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'lon must be in [-180, 180] and lat in [-90, 90] (got %, %) (坐标无效)', lon, lat using errcode = '22023';
  end if;
  if radius_m = 'NaN'::float8 or radius_m <= 0 or radius_m > 20000 then
    raise exception 'radius_m must be more than 0 and at most 20000 (got %) (半径无效)', radius_m using errcode = '22023';
  end if;
  at := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  select p.*, extensions.st_distance(p.geom::extensions.geography, at::extensions.geography) as d into hit
  from public.pipelines p
  where extensions.st_dwithin(p.geom::extensions.geography, at::extensions.geography, radius_m)
  order by 2 is null, extensions.st_distance(p.geom::extensions.geography, at::extensions.geography), p.id
  limit 1;
  if hit.id is null then
    return null;
  end if;
  select * into pos from app.pipeline_position(hit.geom, at);
  return jsonb_build_object(
    'id', hit.id, 'name', hit.name, 'medium', hit.medium, 'diameter_mm', hit.diameter_mm, 'pressure_mpa', hit.pressure_mpa,
    'burial_depth_m', hit.burial_depth_m, 'built_year', hit.built_year, 'is_demo', hit.is_demo,
    'operator_enterprise_id', hit.operator_enterprise_id,
    'operator_name', (select e.name from public.enterprises e where e.id = hit.operator_enterprise_id),
    'area_names', (select coalesce(jsonb_agg(a.name order by a.code), '[]') from public.areas a
      where a.code = any (hit.area_codes) and a.level = 'district'),
    'area_names_en', (select coalesce(jsonb_agg(coalesce(a.name_en, a.name) order by a.code), '[]') from public.areas a
      where a.code = any (hit.area_codes) and a.level = 'district'),
    'length_m', round(pos.length_m::numeric, 1),
    'along_m', round(pos.along_m::numeric, 1),
    'distance_m', round(hit.d::numeric, 1),
    'lon', extensions.st_x(extensions.st_closestpoint(hit.geom, at)),
    'lat', extensions.st_y(extensions.st_closestpoint(hit.geom, at)),
    'encroachments', (select coalesce(jsonb_agg(jsonb_build_object('target_id', e.target_id, 'target_name', e.target_name,
        'type_code', e.type_code, 'target_class', e.target_class, 'distance_m', e.distance_m, 'along_m', e.along_m,
        'lon', e.lon, 'lat', e.lat) order by e.along_m), '[]') from public.pipeline_encroachments(hit.id) e),
    'hca', (select coalesce(jsonb_agg(jsonb_build_object('from_m', h.from_m, 'to_m', h.to_m, 'hca_class', h.hca_class,
        'criterion', h.criterion, 'reason_zh', h.reason_zh, 'reason_en', h.reason_en, 'targets', h.targets,
        'population', h.population, 'households', h.households) order by h.from_m, h.criterion), '[]')
      from public.pipeline_hca(hit.id) h));
end
$$;

revoke execute on function public.pipeline_at(float8, float8, float8) from public, anon;
grant execute on function public.pipeline_at(float8, float8, float8) to authenticated, service_role;
