-- Incident mode from a point on a pipeline, and the nearest pipelines to a planned site (issue 19).
--
--   incident_report_pipeline(pipeline_id, lon, lat, radii_m)
--       the wall's incident report (incident_report's rings, targets and population) around the
--       point of the pipeline nearest to (lon, lat), with the pipeline's name, medium, pressure,
--       diameter, operator and the point's position along the line. The click must lie within
--       2 km of the line (a snap, not a search); the line must be visible to the caller
--       (security invoker: pipelines' RLS decides, so a regulator starts only from lines crossing
--       its jurisdiction and an enterprise only from its own).
--   pipelines_near(lon, lat, radius_m, n)
--       the n nearest pipelines within radius_m (≤ 5 km, n ≤ 20) of a point, geodesic distance to
--       the centreline, and the protection rule they fall under (石油天然气管道保护法, 2010):
--         art. 30   within 5 m of the centreline (each side): no buildings or structures, no
--                   deep-rooted planting, no digging with machinery → 'forbidden'
--         art. 35(3) within 200 m: blasting, seismic survey, excavation, drilling and mining need
--                   the county's permission first → 'permit'
--       beyond 200 m: 'clear'. The same thresholds are in src/domain/pipelineProtection.ts.
-- Both staff-only (pipelines are never public) and bounded.

create or replace function public.incident_report_pipeline(pipeline_id uuid, lon float8, lat float8,
  radii_m float8[] default '{500,1000,3000}')
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  max_snap_m constant float8 := 2000;
  p record;
  at extensions.geometry;
  snap extensions.geometry;
  d float8;
  pos record;
  rep jsonb;
begin
  perform app.require_staff('incident_report_pipeline');
  perform app.require_arg(pipeline_id, 'pipeline_id');
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  if lon = 'NaN'::float8 or lat = 'NaN'::float8 or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception '坐标无效：经度须在 [-180, 180]，纬度须在 [-90, 90]（收到 %, %） (lon must be in [-180, 180] and lat in [-90, 90])', lon, lat
      using errcode = '22023';
  end if;
  select x.id, x.name, x.medium, x.pressure_mpa, x.diameter_mm, x.geom, x.operator_enterprise_id into p
  from public.pipelines x where x.id = incident_report_pipeline.pipeline_id;
  if not found then
    raise exception '管道 % 不存在或无权查看 (pipeline not found or not visible to you)', pipeline_id using errcode = '42501';
  end if;
  at := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  d := extensions.st_distance(p.geom::extensions.geography, at::extensions.geography);
  if d > max_snap_m then
    raise exception '点选位置距管道 % m，超过 % m，不能作为管道上的事发点 (the point is % m from the pipeline; at most % m)',
      round(d::numeric), max_snap_m, round(d::numeric), max_snap_m using errcode = '22023';
  end if;
  snap := extensions.st_closestpoint(p.geom, at);
  select * into pos from app.pipeline_position(p.geom, snap);
  rep := public.incident_report(extensions.st_x(snap), extensions.st_y(snap), radii_m, null);
  return rep || jsonb_build_object('pipeline', jsonb_build_object(
    'id', p.id, 'name', p.name, 'medium', p.medium, 'pressure_mpa', p.pressure_mpa, 'diameter_mm', p.diameter_mm,
    'operator_name', (select e.name from public.enterprises e where e.id = p.operator_enterprise_id),
    'along_m', round(pos.along_m::numeric, 1), 'length_m', round(pos.length_m::numeric, 1),
    'snapped_m', round(d::numeric, 1)));
end
$$;

revoke execute on function public.incident_report_pipeline(uuid, float8, float8, float8[]) from public, anon;
grant execute on function public.incident_report_pipeline(uuid, float8, float8, float8[]) to authenticated, service_role;

create or replace function public.pipelines_near(lon float8, lat float8, radius_m float8 default 1000, n int default 5)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  at extensions.geography;
  out jsonb;
begin
  perform app.require_staff('pipelines_near');
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  perform app.require_arg(n, 'n');
  if lon = 'NaN'::float8 or lat = 'NaN'::float8 or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception '坐标无效：经度须在 [-180, 180]，纬度须在 [-90, 90]（收到 %, %） (lon must be in [-180, 180] and lat in [-90, 90])', lon, lat
      using errcode = '22023';
  end if;
  if radius_m = 'NaN'::float8 or radius_m <= 0 or radius_m > 5000 then
    raise exception '半径须大于 0 且不超过 5000 m（收到 %） (radius_m must be more than 0 and at most 5000)', radius_m using errcode = '22023';
  end if;
  if n < 1 or n > 20 then
    raise exception '条数须在 1–20（收到 %） (n must be 1 to 20)', n using errcode = '22023';
  end if;
  at := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326)::extensions.geography;
  select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'name', q.name, 'medium', q.medium,
      'pressure_mpa', q.pressure_mpa, 'diameter_mm', q.diameter_mm, 'distance_m', round(q.d::numeric, 1),
      'rule', case when q.d <= 5 then 'forbidden' when q.d <= 200 then 'permit' else 'clear' end)
      order by q.d, q.id), '[]')
  into out
  from (
    select x.id, x.name, x.medium, x.pressure_mpa, x.diameter_mm, extensions.st_distance(x.geom::extensions.geography, at) as d
    from public.pipelines x
    where extensions.st_dwithin(x.geom::extensions.geography, at, radius_m)
    order by 6, x.id
    limit n
  ) q;
  return out;
end
$$;

revoke execute on function public.pipelines_near(float8, float8, float8, int) from public, anon;
grant execute on function public.pipelines_near(float8, float8, float8, int) to authenticated, service_role;
