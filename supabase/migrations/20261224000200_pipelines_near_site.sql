-- The nearest pipelines to a planned site (issue 19: "the planner's candidate evaluation also
-- reports distance to pipelines"): pipelines_near_site(site, radius_m, n) takes the site as the
-- planner sends it (GeoJSON Point, Polygon or MultiPolygon, checked by app.geojson_shape: size,
-- vertices, rings, coordinates) and answers as pipelines_near (20261224000100) does: the n nearest
-- lines within radius_m (≤ 5 km, n ≤ 20) the caller may read, geodesic distance from the site's
-- nearest point (0 when a line crosses it), and the protection rule of 石油天然气管道保护法
-- (art. 30 ≤ 5 m 'forbidden', art. 35(3) ≤ 200 m 'permit', else 'clear'). Staff only.

create or replace function public.pipelines_near_site(site jsonb, radius_m float8 default 1000, n int default 5)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  g extensions.geography;
  out jsonb;
begin
  perform app.require_staff('pipelines_near_site');
  perform app.require_arg(site, 'site');
  perform app.require_arg(radius_m, 'radius_m');
  perform app.require_arg(n, 'n');
  if radius_m = 'NaN'::float8 or radius_m <= 0 or radius_m > 5000 then
    raise exception '半径须大于 0 且不超过 5000 m（收到 %） (radius_m must be more than 0 and at most 5000)', radius_m using errcode = '22023';
  end if;
  if n < 1 or n > 20 then
    raise exception '条数须在 1–20（收到 %） (n must be 1 to 20)', n using errcode = '22023';
  end if;
  g := app.geojson_shape(site, 'site', array['Point', 'Polygon', 'MultiPolygon'])::extensions.geography;
  select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'name', q.name, 'medium', q.medium,
      'pressure_mpa', q.pressure_mpa, 'diameter_mm', q.diameter_mm, 'distance_m', round(q.d::numeric, 1),
      'rule', case when q.d <= 5 then 'forbidden' when q.d <= 200 then 'permit' else 'clear' end)
      order by q.d, q.id), '[]')
  into out
  from (
    select x.id, x.name, x.medium, x.pressure_mpa, x.diameter_mm, extensions.st_distance(x.geom::extensions.geography, g) as d
    from public.pipelines x
    where extensions.st_dwithin(x.geom::extensions.geography, g, radius_m)
    order by 6, x.id
    limit n
  ) q;
  return out;
end
$$;

revoke execute on function public.pipelines_near_site(jsonb, float8, int) from public, anon;
grant execute on function public.pipelines_near_site(jsonb, float8, int) to authenticated, service_role;
