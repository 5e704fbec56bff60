-- app.pipeline_near_targets (20261212000100) restated, signature and answer unchanged: the targets
-- within a geodesic radius of each segment of the lines are now found through a planar corridor
-- on the geometry index first. The geography index's probe for a segment is the segment's whole
-- bounding box grown by the radius: a 2 km diagonal segment in a town asks for every target in
-- ~4 km², each then measured on the spheroid, for a corridor of 10 m (the 5 m encroachment check)
-- — at 1M targets pipeline_map's city and street views passed the 8 s timeout in bench:rpcs
-- (2026-12-07, quiet) in that check alone. Now: st_dwithin on geometry in degrees (the GiST index,
-- then the exact planar distance to the segment: microseconds), with a degree radius that cannot
-- be smaller than the geodesic one anywhere on the segment (below), then the unchanged geodesic
-- test on the few left. A target within r metres of a point Q of the segment differs from Q by at
-- most r / (110,574 m) degrees of latitude and r / (110,574 m · cos φ) of longitude (a degree of
-- latitude is at least 110,574 m, one of longitude at least 111,320 m · cos φ), so its planar
-- distance is at most their sum ≤ 2 r / (110,574 m · cos φmax). The geodesic "segment" is a great
-- circle arc, which bulges off the straight lon/lat segment by at most ~Δλ² · sin 2φ / 16 radians
-- (≈ 0.0011 · L² degrees for a segment L degrees long: 0.3 m at 0.05°, 30 m at 0.5°): 0.002 · L² is
-- added. A superset, never a miss.
-- test/db/pipeline-near-corridor.test.ts compares both bodies. OFFSET 0 keeps the geodesic test
-- out of the corridor scan (else the planner may pick the geography index for it again).
create or replace function app.pipeline_near_targets(line_ids uuid[], radius_m float8, impact boolean)
returns table (pipeline_id uuid, target_id uuid)
language sql stable
security definer
set search_path = ''
set jit = off
as $$
  select distinct p.id, c.id
  from public.pipelines p
  cross join lateral (
    select case when impact then greatest(radius_m, app.pipeline_place_radius(p.medium, p.diameter_mm, p.pressure_mpa)) else radius_m end as r
  ) rr
  cross join lateral extensions.st_dumpsegments(p.geom) s
  cross join lateral (
    select t.id, t.geom
    from public.protective_targets t
    where extensions.st_dwithin(t.geom, s.geom,
      2 * rr.r / (110574.0 * cos(radians(least(89.0,
        greatest(abs(extensions.st_ymin(s.geom)), abs(extensions.st_ymax(s.geom))) + 0.01))))
        + 0.002 * extensions.st_length(s.geom) ^ 2)
    offset 0
  ) c
  where p.id = any (line_ids)
    and extensions.st_dwithin(c.geom::extensions.geography, s.geom::extensions.geography, rr.r)
$$;
revoke all on function app.pipeline_near_targets(uuid[], float8, boolean) from public, anon;
grant execute on function app.pipeline_near_targets(uuid[], float8, boolean) to authenticated, service_role;
