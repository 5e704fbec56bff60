-- The full rebuild of distance_violations (issue 15), third step toward ≤ 10 s at 10k hazard sources
-- × 1M protective targets on native PostgreSQL. Measured by CPU time (perf samples of the leading
-- process and its parallel workers, which the machine's load does not inflate as it does wall time):
-- the cell join spent 10 s of CPU in the workers, most of it taking each target's box apart again
-- for every mention — PostgreSQL flattens `lateral (select geom::box3d as box)` and substitutes the
-- cast into each of the dozen expressions that use it, so every target's geometry was detoasted and
-- its box computed a dozen times. A one-element `unnest` is not flattened: the box is computed once
-- a target (and once a source cell). Same rows by construction (the same values, an empty geometry's
-- null box as before); CPU of the join 14.0–15.3 s → 10.9–11.1 s (leader 5.0–5.7 → 4.4 s, workers
-- 9.0–10.0 → 6.5–6.7 s). (Cells sized per protective class instead of 0.01°, tried in the same
-- session: a third of the hash matches, no less CPU — the per-target work dominated — not kept.)
create or replace function public.rebuild_distance_violations()
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
-- the cell join hashes the (source, class) cells and streams the targets: the planner's guess of
-- an equi-join on computed cells is far off (it picks a merge join sorting 1M targets), and JIT
-- compiling for the huge estimates costs seconds
set work_mem = '64MB'
set enable_mergejoin = off
set jit = off
-- the cell join runs as a parallel hash join (app.distance_violation_cells is a regular table,
-- which parallel workers can read, unlike a temporary one); allowed an index, the planner turns
-- it back into one geography-index probe per cell: index scans are off for that one statement
-- (set_config inside; the SET here gives the caller's values back on exit). The b-trees are
-- built with room to sort in memory.
set enable_indexscan = on
set enable_bitmapscan = on
set maintenance_work_mem = '256MB'
as $$
declare
  n bigint;
  odd_sources uuid[];
  odd_targets uuid[];
begin
  if (select app.claims() ->> 'role') is not null and app.user_role() not in ('admin', 'service') then
    raise exception 'rebuild_distance_violations: for administrators and the service role only (仅限管理员)' using errcode = '42501';
  end if;
  -- Writers of sources, distances and targets wait until this transaction ends (readers do not):
  -- the rows computed below stay true until they are written, and, with no foreign keys on the
  -- relation any more, no target or source can be deleted under them.
  lock table public.hazard_sources, public.hazard_source_distances, public.protective_targets in share mode;

  -- Geometries the cells below do not take; their violations come from the per-geometry
  -- functions. Sources: none (an empty geometry), wider or taller than 0.1°, or beyond ±79°
  -- latitude (where the box argument below stops holding).
  select coalesce(array_agg(h.id), '{}') into odd_sources
  from public.hazard_sources h cross join lateral unnest(array[h.geom::extensions.box3d]) b(box)
  where b.box is null or extensions.st_xmax(b.box) - extensions.st_xmin(b.box) > 0.1
     or extensions.st_ymax(b.box) - extensions.st_ymin(b.box) > 0.1
     or extensions.st_ymin(b.box) < -79 or extensions.st_ymax(b.box) > 79;
  -- (targets: wider or taller than 0.009°, found by their partial index, not by a read of every
  -- target; the others go into each of the ≤ 2 × 2 cells their box covers, an empty geometry
  -- into none)
  select coalesce(array_agg(t.id), '{}') into odd_targets
  from public.protective_targets t
  where extensions.st_xmax(t.geom::extensions.box3d) - extensions.st_xmin(t.geom::extensions.box3d) > 0.009
     or extensions.st_ymax(t.geom::extensions.box3d) - extensions.st_ymin(t.geom::extensions.box3d) > 0.009;

  -- Each geometry's longitude/latitude box, widened to hold every point within required_m of it
  -- on the WGS 84 spheroid (geography's distance): a degree of latitude is at least 110,574 m,
  -- one of longitude at least 111,319 m × cos φ at the widened box's highest latitude φ; 1 % and
  -- ~1 m (1e-5°) over, plus the bulge of a great-circle edge poleward of the box, at most
  -- (Δλ)²/8 radians for an edge spanning Δλ. Targets get the bulge and the 1e-5° only.
  truncate app.distance_violation_cells;  -- (also one rebuild at a time: the table is shared)
  insert into app.distance_violation_cells (hazard_source_id, target_class, required_m, geom, bx0, bx1, by0, by1, x0, x1, y0, y1, cx, cy)
    select w.hazard_source_id, w.target_class, w.required_m, w.geom, w.bx0, w.bx1, w.by0, w.by1, w.x0, w.x1, w.y0, w.y1, cx, cy
    from (
      select l.*, l.bx0 - l.dlon as x0, l.bx1 + l.dlon as x1
      from (
        select y.*, y.required_m::float8 * 1.01 / (111000 * cos(radians(greatest(abs(y.y0), abs(y.y1))))) + 1e-5 as dlon
        from (
          select a.*, a.by0 - a.dlat as y0, a.by1 + a.dlat as y1
          from (
            select d.hazard_source_id, d.target_class, d.required_m, h.geom,
              extensions.st_xmin(b.box) as bx0, extensions.st_xmax(b.box) as bx1,
              extensions.st_ymin(b.box) as by0, extensions.st_ymax(b.box) as by1,
              d.required_m::float8 * 1.01 / 110000 + 1e-5
                + degrees(radians(extensions.st_xmax(b.box) - extensions.st_xmin(b.box)) ^ 2 / 8) as dlat
            from public.hazard_sources h
            join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
            cross join lateral unnest(array[h.geom::extensions.box3d]) b(box)
            where not (h.id = any (odd_sources))
          ) a
        ) y
      ) l
    ) w
    -- every cell the widened box covers
    cross join lateral generate_series(floor(w.x0 / 0.01)::int, floor(w.x1 / 0.01)::int) cx
    cross join lateral generate_series(floor(w.y0 / 0.01)::int, floor(w.y1 / 0.01)::int) cy;
  analyze app.distance_violation_cells;  -- its true size: the join below hashes it

  perform set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true);

  drop table if exists pg_temp.distance_violations_rebuilt;
  create temp table distance_violations_rebuilt on commit drop as
  select s.hazard_source_id, t.id as target_id, t.target_class, t.population, x.dist as distance_m, s.required_m,
    s.required_m - x.dist as shortfall_m
  from app.distance_violation_cells s
  join (
    -- every target, in each of the (at most 2 × 2) cells its slightly widened box covers
    select a.*, floor(a.x0 / 0.01)::int + o.dx as cx, floor(a.y0 / 0.01)::int + o.dy as cy
    from (
      select a.*, a.bx0 - 1e-5 as x0, a.bx1 + 1e-5 as x1, a.by0 - a.dlat as y0, a.by1 + a.dlat as y1
      from (
      select t.id, t.target_class, t.population, t.geom,
        extensions.st_xmin(b.box) as bx0, extensions.st_xmax(b.box) as bx1,
        extensions.st_ymin(b.box) as by0, extensions.st_ymax(b.box) as by1,
        1e-5 + degrees(radians(extensions.st_xmax(b.box) - extensions.st_xmin(b.box)) ^ 2 / 8) as dlat
      from public.protective_targets t
      cross join lateral unnest(array[t.geom::extensions.box3d]) b(box)  -- (once a target: see the top)
      where not (t.id = any (odd_targets))
      ) a
    ) a
    join (values (0, 0), (1, 0), (0, 1), (1, 1)) o(dx, dy)
      on floor(a.x0 / 0.01)::int + o.dx <= floor(a.x1 / 0.01)::int and floor(a.y0 / 0.01)::int + o.dy <= floor(a.y1 / 0.01)::int
  ) t on t.target_class = s.target_class and t.cx = s.cx and t.cy = s.cy
  cross join lateral (select t.geom::extensions.geography as tg, s.geom::extensions.geography as sg) g
  -- (offset 0: computed once a pair, not once a mention. It keeps this step in the leading
  -- process: measured against computing the old predicates and the distance in the workers,
  -- 15–18 s against 22 s at load 9–11 on 2 cores, same rows)
  cross join lateral (select extensions.st_distance(g.tg, g.sg) as dist offset 0) x
  -- the widened boxes meet, and this is the cell of their intersection's lower-left corner
  -- (a pair meets in every cell both boxes cover: it is taken in one)
  where t.x0 <= s.x1 and t.x1 >= s.x0 and t.y0 <= s.y1 and t.y1 >= s.y0
    and s.cx = floor(greatest(s.x0, t.x0) / 0.01)::int and s.cy = floor(greatest(s.y0, t.y0) / 0.01)::int
    -- the gap between the two raw boxes, in metres at the smallest length of a degree there,
    -- is at most 2 % over required_m: the corners of the square around the circle go before any
    -- geodesic work (≈ 22 % of the candidates at 10k × 1M)
    and (greatest(0, s.bx0 - t.bx1, t.bx0 - s.bx1) * 111319 * cos(radians(greatest(abs(s.by0), abs(s.by1), abs(t.by0), abs(t.by1))))) ^ 2
      + (greatest(0, s.by0 - t.by1, t.by0 - s.by1) * 110574) ^ 2 <= (s.required_m::float8 * 1.02) ^ 2
    -- the old predicates (the geography index's && against _st_expand, then ST_DWithin on the
    -- spheroid) decide only within 2 % of required_m: below it both surely hold, above it
    -- neither (ST_DWithin measures as ST_Distance does; sphere and spheroid differ by < 0.6 %)
    and x.dist <= s.required_m::float8 * 1.02
    and (x.dist <= s.required_m::float8 * 0.98
      or (g.tg operator(extensions.&&) extensions._st_expand(g.sg, s.required_m::float8)
          and extensions.st_dwithin(g.tg, g.sg, s.required_m::float8)));

  perform set_config('enable_indexscan', 'on', true), set_config('enable_bitmapscan', 'on', true);
  insert into pg_temp.distance_violations_rebuilt
  select x.* from app.distance_violations_of_sources(odd_sources) x;
  insert into pg_temp.distance_violations_rebuilt
  select x.* from app.distance_violations_of_targets(odd_targets) x
  where not (x.hazard_source_id = any (odd_sources));

  truncate public.distance_violations, app.distance_violation_sources, app.distance_violation_cells;
  alter table public.distance_violations drop constraint distance_violations_pkey;
  drop index public.distance_violations_target_idx;
  -- the per-source figures once from the whole relation below, not from a 700k-row transition
  -- table by the insert's statement trigger
  alter table public.distance_violations disable trigger distance_violation_sources_insert;
  insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
  select r.hazard_source_id, r.target_id, r.target_class, r.population, r.distance_m, r.required_m, r.shortfall_m
  from pg_temp.distance_violations_rebuilt r;
  get diagnostics n = row_count;
  alter table public.distance_violations enable trigger distance_violation_sources_insert;
  alter table public.distance_violations add constraint distance_violations_pkey primary key (hazard_source_id, target_id);
  create index distance_violations_target_idx on public.distance_violations (target_id);
  perform app.summarize_distance_violations(null);
  drop table pg_temp.distance_violations_rebuilt;
  return n;
end
$$;

revoke execute on function public.rebuild_distance_violations() from public, anon;
grant execute on function public.rebuild_distance_violations() to authenticated, service_role;
