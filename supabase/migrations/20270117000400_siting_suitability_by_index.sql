-- The planner's "where inside this area may the plant stand" at scale (issue 15, found by
-- bench:rpcs: a 6 km square took 2.3 s at 100,000 targets as a planner and was cut by the 8 s
-- timeout at 1,000,000). Two costs: under RLS PostGIS's st_dwithin is not leakproof, so the
-- targets near the area were found by measuring every target's geodesic distance, twice (the
-- blocked part and the count): 2.0 of the 2.9 s at 100,000 (measured on native PostgreSQL);
-- and the union of the blocking buffers (0.7 s for 7,000 targets). Now the targets within the
-- largest distance come from the geography index in a definer (app.targets_near_area: ids only,
-- schema app) and are read by id under the caller's RLS, once, for both the union and the count.
-- The union is unchanged (the same buffers, the same answer); at 1,000,000 targets it remains the
-- larger part, open. Same answers: test/db/safety-distance.test.ts (independent count, grid
-- samples of the suitable part checked against every target).

create or replace function app.targets_near_area(g extensions.geometry, radius_m float8)
returns setof uuid
language sql stable
security definer
set search_path = ''
as $$
  select t.id from public.protective_targets t
  where extensions.st_dwithin(t.geom::extensions.geography, g::extensions.geography, radius_m)
$$;
revoke execute on function app.targets_near_area(extensions.geometry, float8) from public, anon;
grant execute on function app.targets_near_area(extensions.geometry, float8) to authenticated, service_role;

create or replace function public.siting_suitability(area jsonb, distances jsonb)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  g extensions.geometry;
  blocked extensions.geometry;
  n bigint;
  ok extensions.geometry;
  reach float8;
begin
  g := app.geojson_shape(area, 'area', array['Polygon', 'MultiPolygon']);
  select max(p.required_m)::float8 into reach from app.parse_distances(distances) p where p.required_m > 0;
  with blocking as (
    select t.geom, p.required_m
    from app.parse_distances(distances) p
    join public.protective_targets t
      on t.target_class = p.target_class and p.required_m > 0
     and t.id = any (array(select app.targets_near_area(g, reach)))
     and extensions.st_dwithin(t.geom::extensions.geography, g::extensions.geography, p.required_m::float8)
  )
  select extensions.st_union(extensions.st_buffer(b.geom::extensions.geography, b.required_m::float8, 'quad_segs=16')::extensions.geometry), count(*)
  into blocked, n
  from blocking b;
  ok := case when blocked is null then g else extensions.st_difference(g, blocked) end;
  ok := extensions.st_multi(extensions.st_collectionextract(extensions.st_makevalid(ok), 3));
  return jsonb_build_object(
    'suitable', case when extensions.st_isempty(ok) then null else extensions.st_asgeojson(ok, 7)::jsonb end,
    'area_m2', round(coalesce(extensions.st_area(ok::extensions.geography), 0)::numeric, 1),
    'total_area_m2', round(extensions.st_area(g::extensions.geography)::numeric, 1),
    'blocking_targets', n);
end
$$;
