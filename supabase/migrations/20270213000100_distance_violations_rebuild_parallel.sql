-- The full rebuild of distance_violations, second step toward ≤ 10 s at 10k hazard sources × 1M
-- protective targets on native PostgreSQL (issue 15). After 20270208000100 it took 55 s on a
-- loaded machine; measured there, part by part (psql, load 7–10): the cell join with its
-- geodesic tests 23 s, all in one process; the insert of 737k rows 19 s, of which ~15 s the
-- two foreign keys' per-row checks (each locking its target row FOR KEY SHARE: a write to every
-- target page) and ~2 s the per-source figures from a 737k-row transition table.
--
-- 1. No foreign keys on the relation. It is derived data, written only by this project's
--    definer functions, so the keys' two jobs are done by the functions themselves:
--    - the cascade: statement triggers delete the rows of deleted targets and sources;
--    - no row for a target or source deleted concurrently: the incremental upkeep locks the
--      other side's rows FOR KEY SHARE before it inserts (what the keys' checks did, for the few
--      rows of one edit: a concurrent delete waits, or has won and the row is not written),
--      and the rebuild locks sources, distances and targets in SHARE mode (writers wait until it
--      ends, readers do not), which also closes a window the old body had: a target written
--      between its computation and its truncate was lost until the next rebuild.
-- 2. The cell join in parallel: the cells go to a regular unlogged table (parallel workers cannot
--    read a temporary one) and the targets are read by parallel workers in a parallel hash join.
--    Each target now goes into each of the (≤ 2 × 2) cells its box covers, and a pair is taken
--    in the cell of its boxes' intersection's lower-left corner, so the sources' cells no longer
--    reach back by the widest target: no first read of all 1M targets to measure them (the few
--    targets wider or taller than 0.009° are found by a partial index and take the per-target
--    function, as wide ones did before).
-- 3. Less geodesic work per candidate: the gap between the two raw boxes, in metres at the
--    smallest length of a degree there, drops the corners of the square around each circle
--    (≈ 22 % of the candidates) before any geodesic function; ST_Distance is computed once, and
--    the old predicates (&& against _st_expand, ST_DWithin) decide only the pairs within 2 % of
--    the required distance — below it both surely hold, above it neither (ST_DWithin and
--    ST_Distance measure the same way; sphere and spheroid differ by < 0.6 %). Same rows and
--    distances: test/db/violations-rebuild-grid.test.ts, and bench:violations at 10k × 1M.
-- 4. The write: rows in any order (no key checks to keep local), the per-source figures once
--    from the whole relation (app.summarize_distance_violations(null)) with the insert's
--    statement trigger switched off for that one insert.

alter table public.distance_violations
  drop constraint distance_violations_hazard_source_id_fkey,
  drop constraint distance_violations_target_id_fkey;

comment on table public.distance_violations is
  'Protective targets inside a hazard source''s required distance (GB/T 37243), kept by triggers in the same transaction as each edit; public.rebuild_distance_violations() recomputes it after a bulk load that bypassed triggers. Derived data with no foreign keys: triggers delete the rows of deleted targets and sources, and the upkeep locks what it refers to. Read-only for every API role.';

-- The cascade.
create or replace function app.distance_violations_referent_deleted() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'protective_targets' then
    delete from public.distance_violations v where v.target_id in (select o.id from old_rows o);
  else
    delete from public.distance_violations v where v.hazard_source_id in (select o.id from old_rows o);
  end if;
  return null;
end
$$;
revoke execute on function app.distance_violations_referent_deleted() from public, anon, authenticated;

create trigger distance_violations_delete after delete on public.protective_targets
  referencing old table as old_rows for each statement execute function app.distance_violations_referent_deleted();
create trigger distance_violations_delete after delete on public.hazard_sources
  referencing old table as old_rows for each statement execute function app.distance_violations_referent_deleted();

-- The upkeep, as in 20261207000100, each insert now taking the locks the keys' checks took.
create or replace function app.distance_violations_targets_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into ids from new_rows n;
  else
    select array_agg(n.id) into ids
    from new_rows n join old_rows o on o.id = n.id
    where n.target_class is distinct from o.target_class
       or not extensions.st_orderingequals(n.geom, o.geom);
    update public.distance_violations v set population = n.population
    from new_rows n join old_rows o on o.id = n.id
    where v.target_id = n.id and n.population is distinct from o.population
      and not (n.id = any (coalesce(ids, '{}')));
    if ids is not null then
      delete from public.distance_violations v where v.target_id = any (ids);
    end if;
  end if;
  if ids is not null then
    -- (the targets are this statement's own rows; their sources are locked as a key would)
    with v as (select * from app.distance_violations_of_targets(ids)),
    live as (select h.id from public.hazard_sources h where h.id in (select v.hazard_source_id from v) for key share of h)
    insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
    select v.* from v where v.hazard_source_id in (select l.id from live l);
  end if;
  return null;
end
$$;

create or replace function app.distance_violations_sources_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into ids from new_rows n
    where exists (select 1 from public.hazard_source_distances d where d.hazard_source_id = n.id);
  else
    select array_agg(n.id) into ids
    from new_rows n join old_rows o on o.id = n.id
    where not extensions.st_orderingequals(n.geom, o.geom);
    if ids is not null then
      delete from public.distance_violations v where v.hazard_source_id = any (ids);
    end if;
  end if;
  if ids is not null then
    with v as (select * from app.distance_violations_of_sources(ids)),
    live as (select t.id from public.protective_targets t where t.id in (select v.target_id from v) for key share of t)
    insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
    select v.* from v where v.target_id in (select l.id from live l);
  end if;
  return null;
end
$$;

create or replace function app.distance_violations_distances_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  src uuid[];
  cls public.protective_class[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.hazard_source_id), array_agg(n.target_class) into src, cls from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(o.hazard_source_id), array_agg(o.target_class) into src, cls from old_rows o;
  else
    select array_agg(k.s), array_agg(k.c) into src, cls from (
      select o.hazard_source_id as s, o.target_class as c
      from old_rows o
      left join new_rows n on n.hazard_source_id = o.hazard_source_id and n.target_class = o.target_class
      where n.required_m is distinct from o.required_m
      union
      select n.hazard_source_id, n.target_class
      from new_rows n
      left join old_rows o on o.hazard_source_id = n.hazard_source_id and o.target_class = n.target_class
      where n.required_m is distinct from o.required_m
    ) k;
  end if;
  if src is null then
    return null;
  end if;
  delete from public.distance_violations v
  using unnest(src, cls) k(s, c)
  where v.hazard_source_id = k.s and v.target_class = k.c;
  -- (the distances' own foreign key holds their sources; the targets are locked as a key would)
  with v as (
    select x.* from app.distance_violations_of_sources((select array_agg(distinct s) from unnest(src) s)) x
    where (x.hazard_source_id, x.target_class) in (select k.s, k.c from unnest(src, cls) k(s, c))
  ),
  live as (select t.id from public.protective_targets t where t.id in (select v.target_id from v) for key share of t)
  insert into public.distance_violations (hazard_source_id, target_id, target_class, population, distance_m, required_m, shortfall_m)
  select v.* from v where v.target_id in (select l.id from live l);
  return null;
end
$$;

-- The rebuild's cells: filled and emptied inside one rebuild (its truncate also makes rebuilds
-- take turns). Unlogged: nothing in it outlives the transaction that wrote it.
-- The wide targets the rebuild leaves to the per-target function, found without reading the others.
create index protective_targets_wide_idx on public.protective_targets (id)
  where extensions.st_xmax(geom::extensions.box3d) - extensions.st_xmin(geom::extensions.box3d) > 0.009
     or extensions.st_ymax(geom::extensions.box3d) - extensions.st_ymin(geom::extensions.box3d) > 0.009;

create unlogged table app.distance_violation_cells (
  hazard_source_id uuid not null,
  target_class public.protective_class not null,
  required_m numeric not null,
  geom extensions.geometry not null,
  bx0 double precision not null,
  bx1 double precision not null,
  by0 double precision not null,
  by1 double precision not null,
  x0 double precision not null,
  x1 double precision not null,
  y0 double precision not null,
  y1 double precision not null,
  cx integer not null,
  cy integer not null
);
alter table app.distance_violation_cells enable row level security;
revoke all on app.distance_violation_cells from public, anon, authenticated, service_role;

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
  from public.hazard_sources h cross join lateral (select h.geom::extensions.box3d as box) b
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
            cross join lateral (select h.geom::extensions.box3d as box) b
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
      cross join lateral (select t.geom::extensions.box3d as box) b
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
