-- siting_suitability at 1M protective targets (issue 15, found by bench:rpcs): the suitable part of
-- an area was the area minus the union of every blocking target's buffer. In the densest town of
-- the bench's city a 6 km square has 70,531 blocking targets, and their union alone took 7.2 s; a
-- park-sized area there (2 km radius, 26,492 targets) took 7.8 s in all, at the hosted 8 s timeout.
-- Counting them cost seconds too: st_dwithin on geography costs ~60 µs a target.
--
-- For the roles that read every target (protective_targets_read: admin, command, planner,
-- regulator, service), and over 500 blocking targets:
--   * the count (app.siting_blocking_count, definer) decides most targets in the plane (lon/lat
--     scaled by cos(mid-latitude), with bounds on the metres per unit and on how far the area's
--     straight edges stray from the geography's great circles) and asks st_dwithin on geography
--     only of those near the edge of their distance;
--   * the area's bounding box is cut into cells (a quadtree: 0.008° cells split down to 0.001°)
--     and each cell is "covered" (inside one target's buffer polygon: nothing suitable, no buffer
--     drawn), "free" (no buffer reaches it) or "mixed" (app.siting_cell_state, definer, a few index
--     probes); the answer is the area within the free cells and the smallest mixed cells, minus
--     the union of the buffers of the blocking targets that reach a mixed cell (the same buffers,
--     'quad_segs=16', of targets within their class's distance of the area, as before). Covered
--     cells are in a buffer of that union's targets too, so the result is the previous one.
-- Otherwise (an enterprise reads only the targets near its sites; or few blocking targets) the
-- body is the previous one. Same answers: test/db/siting-cells.test.ts (the previous body against
-- this one on random data, per role).
--
-- An area over 100 km², or whose bounding box is over 0.5° either way, is refused (22023): no
-- chemical park is that large, the cells cover the bounding box, and the count grows with the area (~96 km² in the densest town: 131,682 targets, 2.6–4.2 s on native PostgreSQL at load 8).

create or replace function app.siting_reads_all_targets()
returns boolean
language sql stable
set search_path = ''
as $$
  -- protective_targets_read (20261204101200_access_scoping.sql): these roles read every row
  select (select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
$$;

create or replace function app.siting_cell_state(c extensions.geometry, half_m float8, classes public.protective_class[], radii float8[])
returns int
language plpgsql stable
security definer
set search_path = ''
as $$
-- A lon/lat cell (centre c, every point of it within half_m of c) against the targets of
-- classes[i] with distances radii[i]: 1 "covered" when one target lies within 99 % of its distance
-- less half_m of c, so the cell is inside that target's buffer polygon (a 64-gon inscribed in a
-- circle of the full distance in a UTM plane whose scale is within 0.1 % of the ground's); 0 "free"
-- when no target lies within 101 % of its distance (+ 1 m) plus half_m, so no buffer reaches the
-- cell; else 2 "mixed". Only for callers who read every target (2 for the others: they must not
-- learn of targets they cannot read). plpgsql: its plans are kept across the many calls.
declare
  cy extensions.geography := c::extensions.geography;
  i int;
begin
  if not app.siting_reads_all_targets() then
    return 2;
  end if;
  -- one probe of every class at the largest distance first: most cells away from targets end here
  if not exists (
    select 1 from public.protective_targets t
    where extensions.st_dwithin(t.geom::extensions.geography, cy, (select max(r) from unnest(radii) r) * 1.01 + 1 + half_m)) then
    return 0;
  end if;
  for i in 1 .. coalesce(array_length(classes, 1), 0) loop
    if radii[i] * 0.99 - half_m > 0 and exists (
      select 1 from public.protective_targets t
      where t.target_class = classes[i] and extensions.st_dwithin(t.geom::extensions.geography, cy, radii[i] * 0.99 - half_m)) then
      return 1;
    end if;
  end loop;
  for i in 1 .. coalesce(array_length(classes, 1), 0) loop
    if radii[i] > 0 and exists (
      select 1 from public.protective_targets t
      where t.target_class = classes[i] and extensions.st_dwithin(t.geom::extensions.geography, cy, radii[i] * 1.01 + 1 + half_m)) then
      return 2;
    end if;
  end loop;
  return 0;
end
$$;
revoke execute on function app.siting_cell_state(extensions.geometry, float8, public.protective_class[], float8[]) from public, anon;
grant execute on function app.siting_cell_state(extensions.geometry, float8, public.protective_class[], float8[]) to authenticated, service_role;

create or replace function app.siting_cell_half(x float8, y float8, s float8)
returns float8
language sql immutable
set search_path = ''
as $$
  -- how far from its centre a point of the lon/lat cell [x, x + s] × [y, y + s] may be: the west
  -- corners' geodesic distance (the east ones mirror them), 1 % and 1 m more
  select greatest(
    extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(x + s / 2, y + s / 2), 4326)::extensions.geography,
                           extensions.st_setsrid(extensions.st_makepoint(x, y), 4326)::extensions.geography),
    extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(x + s / 2, y + s / 2), 4326)::extensions.geography,
                           extensions.st_setsrid(extensions.st_makepoint(x, y + s), 4326)::extensions.geography)) * 1.01 + 1
$$;

create or replace function app.siting_blocking_count(g extensions.geometry, classes public.protective_class[], radii float8[])
returns bigint
language plpgsql stable
security definer
set search_path = ''
as $$
-- The targets within their class's distance of g (geodesic, as st_dwithin on geography), or null
-- for callers who do not read every target. st_dwithin on geography costs ~60 µs a target here,
-- which is most of the time at 70,000 targets, so it is asked only of the targets near the edge
-- of the distance: in lon/lat scaled by cos(mid-latitude), every direction's metres per unit lie
-- between lo and hi over the latitudes in play, so a target within (r - sag) / hi of g (scaled,
-- planar) is within r, and one beyond (r + sag) / lo is beyond r; sag bounds how far g's straight
-- lon/lat edges stray from the great-circle arcs a geography means (2 m more).
declare
  gy extensions.geography := g::extensions.geography;
  reach float8 := (select max(r) from unnest(radii) r);
  lat0 float8;
  lat1 float8;
  k float8;
  lo float8 := 'infinity';
  hi float8 := 0;
  phi float8;
  w float8;
  sag float8;
  gs extensions.geometry;
  a constant float8 := 6378137;
  e2 constant float8 := 0.00669437999014;
begin
  if not app.siting_reads_all_targets() then
    return null;
  end if;
  if reach is null or reach <= 0 then
    return 0;
  end if;
  -- a degree of latitude is over 110 km anywhere
  lat0 := greatest(-89.0, extensions.st_ymin(g) - (reach + 1000) / 110000.0);
  lat1 := least(89.0, extensions.st_ymax(g) + (reach + 1000) / 110000.0);
  k := cos(radians((extensions.st_ymin(g) + extensions.st_ymax(g)) / 2));
  foreach phi in array array[lat0, lat1] || case when lat0 < 0 and lat1 > 0 then array[0.0::float8] else array[]::float8[] end loop
    w := 1 - e2 * sin(radians(phi)) ^ 2;
    -- north-south metres per degree, east-west metres per scaled unit
    lo := least(lo, pi() / 180 * a * (1 - e2) / w ^ 1.5, pi() / 180 * a / sqrt(w) * cos(radians(phi)) / k);
    hi := greatest(hi, pi() / 180 * a * (1 - e2) / w ^ 1.5, pi() / 180 * a / sqrt(w) * cos(radians(phi)) / k);
  end loop;
  lo := lo / 1.005;
  hi := hi * 1.005;
  sag := extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(extensions.st_xmin(g), extensions.st_ymin(g)), 4326)::extensions.geography,
                                extensions.st_setsrid(extensions.st_makepoint(extensions.st_xmax(g), extensions.st_ymax(g)), 4326)::extensions.geography) ^ 2
         * tan(radians(greatest(abs(lat0), abs(lat1)))) / (8 * 6371000.0) + 2;
  gs := extensions.st_scale(g, k, 1);
  return (
    select count(*)
    from unnest(classes, radii) u(cls, r)
    join public.protective_targets t
      on t.target_class = u.cls
     and t.geom::extensions.geography operator(extensions.&&) extensions._st_expand(gy, u.r)
    where u.r > 0
      and case
        when u.r > sag and extensions.st_dwithin(extensions.st_scale(t.geom, k, 1), gs, (u.r - sag) / hi) then true
        when not extensions.st_dwithin(extensions.st_scale(t.geom, k, 1), gs, (u.r + sag) / lo) then false
        else extensions.st_dwithin(t.geom::extensions.geography, gy, u.r)
      end);
end
$$;
revoke execute on function app.siting_blocking_count(extensions.geometry, public.protective_class[], float8[]) from public, anon;
grant execute on function app.siting_blocking_count(extensions.geometry, public.protective_class[], float8[]) to authenticated, service_role;

create or replace function public.siting_suitability(area jsonb, distances jsonb)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  g extensions.geometry;
  n bigint;
  ok extensions.geometry;
  reach float8;
  classes public.protective_class[];
  radii float8[];
  total float8;
  ix0 int;
  iy0 int;
  leaf_deg constant float8 := 0.001;
  top_n constant int := 8;
  top_deg constant float8 := 0.008;
  -- up to this many blocking targets their union is quick (~0.1 s)
  few constant int := 500;
begin
  g := app.geojson_shape(area, 'area', array['Polygon', 'MultiPolygon']);
  total := extensions.st_area(g::extensions.geography);
  if total > 100e6 then
    raise exception 'area: % km² is over the 100 km² that siting_suitability answers (a chemical park is smaller)', round((total / 1e6)::numeric, 1)
      using errcode = '22023';
  end if;
  if extensions.st_xmax(g) - extensions.st_xmin(g) > 0.5 or extensions.st_ymax(g) - extensions.st_ymin(g) > 0.5 then
    raise exception 'area: its bounding box is over the 0.5° × 0.5° (~50 km) that siting_suitability answers (a chemical park is smaller)'
      using errcode = '22023';
  end if;
  select array_agg(p.target_class order by p.required_m desc), array_agg(p.required_m::float8 order by p.required_m desc)
  into classes, radii
  from app.parse_distances(distances) p where p.required_m > 0;
  reach := radii[1];
  if reach is null then
    n := 0;
    ok := g;
  else
    n := app.siting_blocking_count(g, classes, radii);
    if n is null or n <= few then
      -- a caller who reads only some targets (an enterprise: those near its sites), or few
      -- blocking targets (their union is quick): as before, the union of the buffers of the
      -- blocking targets the caller may read
      with blocking as (
        select t.geom, p.required_m
        from app.parse_distances(distances) p
        join public.protective_targets t
          on t.target_class = p.target_class and p.required_m > 0
         and t.id = any (array(select app.near_ids('protective_targets', g, reach)))
         and extensions.st_dwithin(t.geom::extensions.geography, g::extensions.geography, p.required_m::float8)
      )
      select extensions.st_union(extensions.st_buffer(b.geom::extensions.geography, b.required_m::float8, 'quad_segs=16')::extensions.geometry), count(*)
      into ok, n
      from blocking b;
      ok := case when ok is null then g else extensions.st_difference(g, ok) end;
    else
      -- cells on a lattice of leaf_deg (integer indices, size in leaves): neighbours share their
      -- edges exactly, so the covered cells' union has no slivers between them
      ix0 := floor(extensions.st_xmin(g) / top_deg)::int * top_n;
      iy0 := floor(extensions.st_ymin(g) / top_deg)::int * top_n;
      with recursive q(ix, iy, n, state) as (
        select c.ix, c.iy, top_n, app.siting_cell_state(
          extensions.st_setsrid(extensions.st_makepoint((c.ix + top_n / 2.0) * leaf_deg, (c.iy + top_n / 2.0) * leaf_deg), 4326),
          app.siting_cell_half(c.ix * leaf_deg, c.iy * leaf_deg, top_n * leaf_deg), classes, radii)
        from (
          select ix0 + i * top_n as ix, iy0 + j * top_n as iy
          from generate_series(0, floor((extensions.st_xmax(g) - ix0 * leaf_deg) / top_deg)::int) i,
               generate_series(0, floor((extensions.st_ymax(g) - iy0 * leaf_deg) / top_deg)::int) j
        ) c
        where extensions.st_intersects(extensions.st_makeenvelope(c.ix * leaf_deg, c.iy * leaf_deg, (c.ix + top_n) * leaf_deg, (c.iy + top_n) * leaf_deg, 4326), g)
        union all
        select k.ix, k.iy, k.n, app.siting_cell_state(
          extensions.st_setsrid(extensions.st_makepoint((k.ix + k.n / 2.0) * leaf_deg, (k.iy + k.n / 2.0) * leaf_deg), 4326),
          app.siting_cell_half(k.ix * leaf_deg, k.iy * leaf_deg, k.n * leaf_deg), classes, radii)
        from (
          select q.ix + d.dx * (q.n / 2) as ix, q.iy + d.dy * (q.n / 2) as iy, q.n / 2 as n
          from q cross join (values (0, 0), (0, 1), (1, 0), (1, 1)) d(dx, dy)
          where q.state = 2 and q.n > 1
        ) k
        where extensions.st_intersects(extensions.st_makeenvelope(k.ix * leaf_deg, k.iy * leaf_deg, (k.ix + k.n) * leaf_deg, (k.iy + k.n) * leaf_deg, 4326), g)
      ),
      cells as (
        select extensions.st_makeenvelope(q.ix * leaf_deg, q.iy * leaf_deg, (q.ix + q.n) * leaf_deg, (q.iy + q.n) * leaf_deg, 4326) as box, q.state, q.n
        from q
      ),
      -- the targets whose buffers may reach a mixed cell of the smallest size (a superset is as
      -- good: every one is blocking)
      near as (
        select distinct n.id from cells c cross join lateral app.near_ids('protective_targets', c.box, reach * 1.01 + 1) n(id) where c.state = 2 and c.n = 1
      )
      -- blocked: the covered cells and those buffers; the area minus that, as before minus the
      -- union of every blocking buffer (the covered cells lie in it, and a buffer that reaches no
      -- mixed cell only reaches covered ones)
      select extensions.st_difference(g, coalesce(extensions.st_union(array[
        (select extensions.st_union(c.box) from cells c where c.state = 1),
        (select extensions.st_union(extensions.st_buffer(t.geom::extensions.geography, u.r, 'quad_segs=16')::extensions.geometry)
         from near
         join public.protective_targets t on t.id = near.id
         join unnest(classes, radii) u(cls, r)
           on t.target_class = u.cls and extensions.st_dwithin(t.geom::extensions.geography, g::extensions.geography, u.r))]),
        extensions.st_setsrid('POLYGON EMPTY'::extensions.geometry, 4326)))
      into ok;
    end if;
  end if;
  ok := extensions.st_multi(extensions.st_collectionextract(extensions.st_makevalid(ok), 3));
  return jsonb_build_object(
    'suitable', case when extensions.st_isempty(ok) then null else extensions.st_asgeojson(ok, 7)::jsonb end,
    'area_m2', round(coalesce(extensions.st_area(ok::extensions.geography), 0)::numeric, 1),
    'total_area_m2', round(total::numeric, 1),
    'blocking_targets', n);
end
$$;
