-- pipeline_map (20270128000100) restated, arguments unchanged: its encroachments (protective
-- targets within 5 m of a line, 石油天然气管道保护法 art. 30) are those inside the view, at most
-- app.pipeline_map_max_encroachments() of them, with `encroachments_more` saying when the view holds
-- more (the search stopped at four times the cap of raw pairs, or more than the cap passed). Before, every line in view was checked along its whole length at every call, however far
-- beyond the view it ran: bench:rpcs at 1M targets (2026-12-07, quiet) timed out at 8 s at the city
-- and the street view (the street view's 165 lines had 72,053 targets within 5 m in the synthetic
-- city: 16 MB of JSON, 34 s of geodesic checks). The pairs now come from
-- app.pipeline_near_targets_in (definer, the corridor of 20270224000100 on the pieces of each line
-- that meet the view), stopped after enough are found; their details are read under the caller's
-- row rules, as pipeline_encroachments_of reads them, with the same 5 m rule (distance rounded to
-- the millimetre). One line's complete list stays with pipeline_encroachments(line) and the card
-- (pipeline_at).

create or replace function app.pipeline_map_max_encroachments() returns int
language sql immutable
as $$ select 1000 $$;

-- (line, target, geodesic distance to the piece) within radius_m of the lines, the targets meeting
-- `view`, at most max_pairs rows (a pair found from two adjacent pieces comes twice: the caller
-- takes the least distance, which is the distance to the line, as the nearest point of the line
-- lies on a piece within the radius). The lines are probed in pieces cut on the spheroid (their arcs
-- lie on the line's own great-circle arcs, so the answer is the line's) about 1/200 of the view's
-- width long, at least 50 m (and 4 radii), at most 5 km: in a street view of a dense town short
-- pieces keep each index probe's box close to the 10 m corridor (the whole segment's box asked for
-- every target in km² around it: at 1M targets 50 m pieces found 2,000 pairs in 0.13 s), while in a
-- city view, where a piece is a pixel, few long ones keep the number of probes small (50 m pieces
-- everywhere took 1.3 s for the demo city's view on PGlite against 0.3 s for whole segments, and
-- the wall asks it every few seconds). Only the pieces within reach of the view are probed.
create or replace function app.pipeline_near_targets_in(line_ids uuid[], radius_m float8, view extensions.geometry, max_pairs int)
returns table (pipeline_id uuid, target_id uuid, distance_m float8)
language sql stable
security definer
set search_path = ''
set jit = off
as $$
  select p.id, c.id, extensions.st_distance(c.geom::extensions.geography, s.geom::extensions.geography)
  from public.pipelines p
  cross join lateral extensions.st_dumpsegments(
    extensions.st_segmentize(p.geom::extensions.geography,
      greatest(4 * radius_m, 50, least(5000, (extensions.st_xmax(view) - extensions.st_xmin(view)) * 111320.0
        * cos(radians((extensions.st_ymin(view) + extensions.st_ymax(view)) / 2)) / 200)))::extensions.geometry) s
  cross join lateral (
    select t.id, t.geom
    from public.protective_targets t
    where t.geom operator(extensions.&&) view
      and extensions.st_dwithin(t.geom, s.geom,
        2 * radius_m / (110574.0 * cos(radians(least(89.0,
          greatest(abs(extensions.st_ymin(s.geom)), abs(extensions.st_ymax(s.geom))) + 0.01))))
          + 0.002 * extensions.st_length(s.geom) ^ 2)
    offset 0
  ) c
  where p.id = any (line_ids)
    and s.geom operator(extensions.&&) extensions.st_expand(view, 2 * radius_m / 110574.0 / cos(radians(least(89.0,
      greatest(abs(extensions.st_ymin(view)), abs(extensions.st_ymax(view))) + 0.01))))
    and extensions.st_dwithin(c.geom::extensions.geography, s.geom::extensions.geography, radius_m)
  limit least(greatest(max_pairs, 0), 20000)
$$;
revoke all on function app.pipeline_near_targets_in(uuid[], float8, extensions.geometry, int) from public, anon;
grant execute on function app.pipeline_near_targets_in(uuid[], float8, extensions.geometry, int) to authenticated, service_role;

create or replace function public.pipeline_map(west float8, south float8, east float8, north float8, zoom float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
set jit = off
as $$
declare
  view extensions.geometry;
  tol float8;
  kept boolean;
  cap int := app.pipeline_map_max_encroachments();
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
  kept := app.user_role() is distinct from 'enterprise';
  with lines as materialized (
    select p.id, p.name, p.medium, p.diameter_mm, p.pressure_mpa, p.geom
    from public.pipelines p
    where p.geom operator(extensions.&&) view and extensions.st_intersects(p.geom, view)
    order by p.pressure_mpa desc nulls last, p.id
    limit 500
  ), ids as (
    select array_agg(l.id) as ids from lines l
  ), raw as materialized (
    -- at most four times the cap of raw pairs (adjacent pieces may repeat a pair), then distinct, read
    -- under the caller's rules with the 5 m rule
    select n.pipeline_id as pid, n.target_id as tid, n.distance_m as d
    from ids cross join lateral app.pipeline_near_targets_in(ids.ids, 5.001, view, 4 * cap) n
    where ids.ids is not null
  ), near as (
    select r.pid, r.tid, min(r.d) as d from raw r group by r.pid, r.tid
  ), hits as materialized (
    select l.id as pid, t.id as tid, t.name as tname, l.geom as line, t.geom as tgeom, round(n.d::numeric, 3) as d
    from near n
    join lines l on l.id = n.pid
    join public.protective_targets t on t.id = n.tid
  ), shown as (
    select h.* from hits h where h.d <= 5 order by h.pid, h.tid limit cap + 1
  ), segs as materialized (
    -- the kept segments meeting the view, by the GiST index (a line crossing the view may run
    -- far beyond it), read under the caller's row rules; then those of the lines in view
    select s.pipeline_id, s.hca_class, s.criterion, s.geometry
    from app.pipeline_hca_segments s
    where kept and zoom >= 9 and s.id = any (app.pipeline_hca_segment_ids(view))
  )
  select jsonb_build_object(
    'lines', coalesce((select jsonb_agg(jsonb_build_object(
        'id', l.id, 'name', l.name, 'medium', l.medium, 'diameter_mm', l.diameter_mm, 'pressure_mpa', l.pressure_mpa,
        'paths', (extensions.st_asgeojson(extensions.st_simplify(l.geom, tol, true), 6)::jsonb) -> 'coordinates')
        order by l.pressure_mpa nulls first, l.id) from lines l), '[]'),
    'encroachments', coalesce((select jsonb_agg(jsonb_build_object(
        'pipeline_id', e.pid, 'target_id', e.tid, 'target_name', e.tname, 'distance_m', e.d::float8,
        'lon', extensions.st_x(extensions.st_closestpoint(e.line, e.tgeom)),
        'lat', extensions.st_y(extensions.st_closestpoint(e.line, e.tgeom))))
      from (select * from shown limit cap) e), '[]'),
    -- more targets within 5 m in this view than shown: the raw pairs reached their limit, or
    -- more than the cap passed the rule
    'encroachments_more', (select count(*) >= 4 * cap from raw) or (select count(*) > cap from shown),
    'hca', case when zoom < 9 then '[]'::jsonb
      when kept then coalesce((select jsonb_agg(jsonb_build_object(
          'pipeline_id', s.pipeline_id, 'hca_class', s.hca_class, 'criterion', s.criterion,
          'paths', jsonb_build_array(s.geometry -> 'coordinates')) order by s.hca_class)
        from segs s
        where s.pipeline_id in (select l.id from lines l)
          and s.geometry ->> 'type' = 'LineString'), '[]')
      else coalesce((select jsonb_agg(jsonb_build_object(
          'pipeline_id', h.pipeline_id, 'hca_class', h.hca_class, 'criterion', h.criterion,
          'paths', jsonb_build_array(h.geometry -> 'coordinates')) order by h.hca_class)
        from ids cross join lateral app.pipeline_hca_of(ids.ids) h
        where ids.ids is not null and h.geometry ->> 'type' = 'LineString'), '[]') end)
  into result;
  return result;
end
$$;
revoke execute on function public.pipeline_map(float8, float8, float8, float8, float8) from public, anon;
grant execute on function public.pipeline_map(float8, float8, float8, float8, float8) to authenticated, service_role;
