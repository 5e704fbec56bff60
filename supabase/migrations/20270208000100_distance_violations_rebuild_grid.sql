-- The full rebuild of distance_violations in seconds at 10k hazard sources × 1M protective
-- targets (issue 15: ≤ 10 s on native PostgreSQL). bench:violations measured where the old
-- body's ~50 s went (EXPLAIN (ANALYZE, BUFFERS), 10k × 1M, 737k violations):
--   - the join: 50,000 (source, class) probes of protective_targets_class_geog_idx, ~80 pages
--     touched per probe for ~22 candidates (the GiST boxes of the 3-D geocentric keys overlap),
--     ~4.2M page accesses: 30+ s, the geodesic test itself a small part of it;
--   - the insert: 737k rows, each checked by both foreign keys one row at a time (the target's
--     check locks its row FOR KEY SHARE: a random write over the 177 MB targets table) and
--     entered into two b-trees in random key order: another ~35 s on the loaded machine.
--
-- The new body computes the same rows set-based, once, into a temporary table:
--   - every (source, class) with a required distance gets a longitude/latitude box that surely
--     holds every point within required_m of the source (1 % and ~1 m margin over the smallest
--     length of a degree on the WGS 84 spheroid, and the bulge of a great-circle edge over the
--     source's box); the box is cut into 0.01° cells, each target into the cells its box covers,
--     and a hash join on (class, cell) pairs them: one sequential read of the targets, no index
--     probes; a pair is kept only in the cell holding the lower-left corner of the two boxes'
--     intersection, so it is met once;
--   - the candidates then meet exactly the old predicates: the geography index's own && test
--     against _st_expand and ST_DWithin on the spheroid, and distance_m is the same
--     ST_Distance: the rows are the old function's rows (test/db/violations-rebuild-grid.test.ts
--     compares them on random data, and bench:violations in the same run at 10k × 1M);
--   - geometries the box argument does not cover well (wider or taller than 0.1°, beyond ±80°
--     latitude, empty) go through the old functions, app.distance_violations_of_sources and
--     app.distance_violations_of_targets, unchanged.
-- Then the write: the relation is emptied, its two b-trees dropped, the rows inserted in the
-- order of the targets' heap (each foreign-key check then reads and locks the targets page by
-- page, not at random), and the b-trees built again under the same names (a sorted build, not
-- 737k random insertions). The foreign keys themselves stay: dropping one would take an ACCESS
-- EXCLUSIVE lock on protective_targets and hazard_sources (every reader of the map waiting).
-- The DDL touches distance_violations only, which the truncate has locked already. The
-- per-source figures (app.distance_violation_sources) are refilled by the insert's trigger as
-- before; RLS, grants, policies and constraints are not touched.
--
-- Who may call it is unchanged (admins and the service role, and SQL without claims). At
-- 10k × 1M it took 55 s against the old body's 103 s on the same data back to back, on a machine
-- at load average 7–8 on 2 cores: not within an authenticated call's 8 s there, so a loader runs
-- it as the service role or in SQL (no statement timeout); an admin's call fits small cities.

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
as $$
declare
  n bigint;
  odd_sources uuid[];
  odd_targets uuid[];
  target_w double precision;
  target_h double precision;
begin
  if (select app.claims() ->> 'role') is not null and app.user_role() not in ('admin', 'service') then
    raise exception 'rebuild_distance_violations: for administrators and the service role only (仅限管理员)' using errcode = '42501';
  end if;

  -- Geometries whose box the cells below do not take: none (an empty geometry), wider or
  -- taller than 0.1° (sources), or beyond ±79° latitude. Their violations come from the old
  -- functions.
  select coalesce(array_agg(h.id), '{}') into odd_sources
  from public.hazard_sources h cross join lateral (select h.geom::extensions.box3d as box) b
  where b.box is null or extensions.st_xmax(b.box) - extensions.st_xmin(b.box) > 0.1
     or extensions.st_ymax(b.box) - extensions.st_ymin(b.box) > 0.1
     or extensions.st_ymin(b.box) < -79 or extensions.st_ymax(b.box) > 79;
  -- (targets: wider or taller than 0.01°; the widest and tallest of the others bound how far
  -- left of and below a source's box a target meeting it can start)
  select coalesce(array_agg(t.id) filter (where o.odd), '{}'),
    coalesce(max(e.w) filter (where not o.odd), 0), coalesce(max(e.h) filter (where not o.odd), 0)
  into odd_targets, target_w, target_h
  from public.protective_targets t
  cross join lateral (select t.geom::extensions.box3d as box) b
  cross join lateral (select extensions.st_xmax(b.box) - extensions.st_xmin(b.box) as w,
    extensions.st_ymax(b.box) - extensions.st_ymin(b.box) as h) e
  cross join lateral (select b.box is null or e.w > 0.01 or e.h > 0.01
    or extensions.st_ymin(b.box) < -79 or extensions.st_ymax(b.box) > 79 as odd) o;

  -- Each geometry's longitude/latitude box, widened to hold every point within required_m of it
  -- on the WGS 84 spheroid (geography's distance): a degree of latitude is at least 110,574 m,
  -- one of longitude at least 111,319 m × cos φ at the widened box's highest latitude φ; 1 % and
  -- ~1 m (1e-5°) over, plus the bulge of a great-circle edge poleward of the box, at most
  -- (Δλ)²/8 radians for an edge spanning Δλ. Targets get the bulge and the 1e-5° only.
  drop table if exists pg_temp.distance_violations_cells;
  create temp table distance_violations_cells on commit drop as
    select w.hazard_source_id, w.target_class, w.required_m, w.geom, w.x0, w.x1, w.y0, w.y1, cx, cy
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
            cross join lateral (select h.geom::extensions.box3d as box) b
            where not (h.id = any (odd_sources))
          ) a
        ) y
      ) l
    ) w
    -- the cells where a target meeting the box can have its lower-left corner
    cross join lateral generate_series(floor((w.x0 - target_w - 1e-4) / 0.01)::int, floor(w.x1 / 0.01)::int) cx
    cross join lateral generate_series(floor((w.y0 - target_h - 1e-4) / 0.01)::int, floor(w.y1 / 0.01)::int) cy;
  analyze pg_temp.distance_violations_cells;  -- its true size: the join below hashes it

  drop table if exists pg_temp.distance_violations_rebuilt;
  create temp table distance_violations_rebuilt on commit drop as
  select s.hazard_source_id, t.id as target_id, t.target_class, t.population, x.dist as distance_m, s.required_m,
    s.required_m - x.dist as shortfall_m, t.tid
  from pg_temp.distance_violations_cells s
  join (
    -- every target, in the cell of its box's lower-left corner
    select a.tid, a.id, a.target_class, a.population, a.geom,
      a.bx0 - 1e-5 as x0, a.bx1 + 1e-5 as x1, a.by0 - a.dlat as y0, a.by1 + a.dlat as y1,
      floor((a.bx0 - 1e-5) / 0.01)::int as cx, floor((a.by0 - a.dlat) / 0.01)::int as cy
    from (
      select t.ctid as tid, t.id, t.target_class, t.population, t.geom,
        extensions.st_xmin(b.box) as bx0, extensions.st_xmax(b.box) as bx1,
        extensions.st_ymin(b.box) as by0, extensions.st_ymax(b.box) as by1,
        1e-5 + degrees(radians(extensions.st_xmax(b.box) - extensions.st_xmin(b.box)) ^ 2 / 8) as dlat
      from public.protective_targets t
      cross join lateral (select t.geom::extensions.box3d as box) b
      where not (t.id = any (odd_targets))
    ) a
    offset 0
  ) t on t.target_class = s.target_class and t.cx = s.cx and t.cy = s.cy
  cross join lateral (select t.geom::extensions.geography as tg, s.geom::extensions.geography as sg) g
  cross join lateral (select extensions.st_distance(g.tg, g.sg) as dist) x
  -- the boxes meet
  where t.x0 <= s.x1 and t.x1 >= s.x0 and t.y0 <= s.y1 and t.y1 >= s.y0
    -- the old predicates, as the class-geography index path evaluated them
    and g.tg operator(extensions.&&) extensions._st_expand(g.sg, s.required_m::float8)
    and extensions.st_dwithin(g.tg, g.sg, s.required_m::float8);

  insert into pg_temp.distance_violations_rebuilt
  select x.*, t.ctid
  from app.distance_violations_of_sources(odd_sources) x
  join public.protective_targets t on t.id = x.target_id;
  insert into pg_temp.distance_violations_rebuilt
  select x.*, t.ctid
  from app.distance_violations_of_targets(odd_targets) x
  join public.protective_targets t on t.id = x.target_id
  where not (x.hazard_source_id = any (odd_sources));

  truncate public.distance_violations, app.distance_violation_sources;
  alter table public.distance_violations drop constraint distance_violations_pkey;
  drop index public.distance_violations_target_idx;
  insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
  select r.hazard_source_id, r.target_id, r.target_class, r.population, r.distance_m, r.required_m, r.shortfall_m
  from pg_temp.distance_violations_rebuilt r
  order by r.tid;
  get diagnostics n = row_count;
  alter table public.distance_violations add constraint distance_violations_pkey primary key (hazard_source_id, target_id);
  create index distance_violations_target_idx on public.distance_violations (target_id);
  drop table pg_temp.distance_violations_rebuilt, pg_temp.distance_violations_cells;
  return n;
end
$$;

revoke execute on function public.rebuild_distance_violations() from public, anon;
grant execute on function public.rebuild_distance_violations() to authenticated, service_role;
