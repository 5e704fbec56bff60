-- One index lookup for "targets near a shape", not two (issue 13): siting_suitability had its own
-- definer (app.targets_near_area) doing what app.near_ids('protective_targets', …) does for
-- feature_at (20270117000300). It now calls near_ids and the copy is dropped. The body is otherwise
-- 20270117000400's: the same buffers, the same union, the same answers
-- (test/db/safety-distance.test.ts).

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
     and t.id = any (array(select app.near_ids('protective_targets', g, reach)))
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

drop function app.targets_near_area(extensions.geometry, float8);
