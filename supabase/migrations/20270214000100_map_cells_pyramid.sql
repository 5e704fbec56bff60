-- The binned map layers at 1M from counts kept per cell (issue 15: "a street-level view at 1M
-- points ≤ 100 ms server time, the city view ≤ 300 ms").
--
-- 1. Cells that do not depend on the view. app.lod_cell scaled a cell's height by the view's
--    middle latitude, so no cell could be counted ahead of time. A binned layer's cell is now a
--    square of app.map_cell_deg(b) = 2·360/(256·2^b) degrees (the width lod_cell gave), b the
--    band of the zoom: round(zoom), lowered until the cell is at least min_deg (the public's
--    0.001°: band 11). A value's cell index is app.map_cell_index(v, b): its index on the band-24
--    grid shifted right by 24 − b, so the cells of band b are exactly the unions of 2 × 2 cells of
--    band b + 1 (the pyramid below is summed up from its finest band without a second rounding).
--    The header carries x0 = gx0·cell, y0 = gy0·cell, cx = cy = cell: the client draws at the
--    header's cell, so it needs no change (a cell is now ~8 % taller on screen at 22.6° N, and the
--    rounding of the zoom makes it 2.8–5.7 px across instead of 4 px).
-- 2. The pyramid: app.map_cells keeps, per band 0..app.map_cells_max_band() (14), cell and area
--    code, the number of risk points of each current level (n1..n4), kept by statement triggers on
--    risk_points (insert, update, delete, truncate; an update that moves a point, changes its
--    current level or its area moves its counts). A bin is (lowest current level present, count),
--    so the kept counts answer the levels filter and the area filter; the table's read policy is
--    risk_points' own minus the enterprise branch (app.rls_read('area_code', null)), as
--    app.layer_count_cells'. Bulk loads that bypass triggers call app.rebuild_map_cells().
-- 3. map_points('risk_points') and public_map_points answer a view of band ≤ 14 as
--    (the kept cells strictly inside the box) + (the cells the box edges cut, binned from their
--    points exactly, ids from the GiST index as app.box_ids does, rows read under the caller's
--    RLS) for admin, command, planner, service and regulator without an industry filter, and for
--    the public (definer, every point). The inner cells' points are inside the box (the index is
--    monotonic in the coordinate), so the answer is the same as binning the box's points, which is
--    what every other call still does (enterprises, the industry filter, bands above 14, hidden
--    dangers, protective targets): test/db/map-pyramid.test.ts compares both per role, for random
--    views and after random edits.

create or replace function app.map_cell_deg(band int) returns float8
language sql immutable
as $$ select 2.8125::float8 / (1::bigint << band) $$;

-- No SET clause, so it is inlined (called once per point).
create or replace function app.map_cell_index(v float8, band int) returns int
language sql immutable
as $$ select floor(v / 2.8125 * 16777216)::int >> (24 - band) $$;

-- The band of a zoom: round(zoom) within 0..24, lowered until the cell is at least min_deg.
create or replace function app.map_band(zoom float8, min_deg float8) returns int
language sql immutable
set search_path = ''
as $$
  select least(greatest(0, least(24, round(zoom)))::int,
               case when min_deg > 0 then floor(log(2, (2.8125 / min_deg)::numeric))::int else 24 end)
$$;

create or replace function app.map_cells_max_band() returns int
language sql immutable
as $$ select 14 $$;

create table app.map_cells (
  z smallint not null check (z between 0 and 14),
  gx int not null,
  gy int not null,
  area_code text,
  -- risk points per current level (no check >= 0: the trigger proposes negative deltas; a cell
  -- whose counts all fall to 0 is deleted)
  n1 int not null,
  n2 int not null,
  n3 int not null,
  n4 int not null,
  constraint map_cells_key unique nulls not distinct (z, gx, gy, area_code) include (n1, n2, n3, n4)
);
create index map_cells_empty_idx on app.map_cells (z) where n1 = 0 and n2 = 0 and n3 = 0 and n4 = 0;
alter table app.map_cells enable row level security;
revoke all on app.map_cells from public, anon, authenticated, service_role;
grant select on app.map_cells to authenticated, service_role;
do $$
begin
  execute format('create policy map_cells_read on app.map_cells for select to authenticated using %s',
    app.rls_read('area_code', null));
end
$$;
comment on table app.map_cells is
  'The map''s risk points counted ahead of time: per band (0..14), view-independent cell (app.map_cell_index) and area code, the count of each current level. Kept by statement triggers on risk_points; app.rebuild_map_cells() after loads that bypass triggers.';

-- Statement-level: the rows inserted (+1), deleted (-1) or updated (old -1, new +1), summed per
-- finest cell and area, then per cell of every band, applied in key order.
create or replace function app.map_cells_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  src text := 'select x.location, x.area_code, x.current_level, %s as d from %s x';
  rows_sql text := case tg_op
    when 'INSERT' then format(src, 1, 'new_rows')
    when 'DELETE' then format(src, -1, 'old_rows')
    else format(src, 1, 'new_rows') || ' union all ' || format(src, -1, 'old_rows') end;
begin
  execute format($q$
    insert into app.map_cells as c (z, gx, gy, area_code, n1, n2, n3, n4)
    select b.z, f.gx >> (14 - b.z), f.gy >> (14 - b.z), f.area_code, sum(f.n1), sum(f.n2), sum(f.n3), sum(f.n4)
    from (
      select app.map_cell_index(extensions.st_x(r.location), 14) as gx, app.map_cell_index(extensions.st_y(r.location), 14) as gy,
        r.area_code,
        sum(case when r.current_level = 1 then r.d else 0 end) as n1, sum(case when r.current_level = 2 then r.d else 0 end) as n2,
        sum(case when r.current_level = 3 then r.d else 0 end) as n3, sum(case when r.current_level = 4 then r.d else 0 end) as n4
      from (%s) r
      where r.location is not null
      group by 1, 2, 3) f
    cross join generate_series(0, 14) b(z)
    where f.n1 <> 0 or f.n2 <> 0 or f.n3 <> 0 or f.n4 <> 0
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict on constraint map_cells_key do update
      set n1 = c.n1 + excluded.n1, n2 = c.n2 + excluded.n2, n3 = c.n3 + excluded.n3, n4 = c.n4 + excluded.n4$q$, rows_sql);
  delete from app.map_cells c where c.n1 = 0 and c.n2 = 0 and c.n3 = 0 and c.n4 = 0;
  return null;
end
$$;

create or replace function app.map_cells_truncated() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  truncate app.map_cells;
  return null;
end
$$;

-- The whole pyramid from the table: the finest band grouped from the points, each coarser band
-- from the band below it. For loads that bypass triggers (session_replication_role = replica).
create or replace function app.rebuild_map_cells() returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  truncate app.map_cells;
  insert into app.map_cells (z, gx, gy, area_code, n1, n2, n3, n4)
  select 14, app.map_cell_index(extensions.st_x(r.location), 14), app.map_cell_index(extensions.st_y(r.location), 14), r.area_code,
    count(*) filter (where r.current_level = 1), count(*) filter (where r.current_level = 2),
    count(*) filter (where r.current_level = 3), count(*) filter (where r.current_level = 4)
  from public.risk_points r
  where r.location is not null
  group by 2, 3, 4
  order by 2, 3, 4;
  for b in reverse 13..0 loop
    insert into app.map_cells (z, gx, gy, area_code, n1, n2, n3, n4)
    select b, m.gx >> 1, m.gy >> 1, m.area_code, sum(m.n1), sum(m.n2), sum(m.n3), sum(m.n4)
    from app.map_cells m
    where m.z = b + 1
    group by 2, 3, 4
    order by 2, 3, 4;
  end loop;
end
$$;
revoke execute on function app.rebuild_map_cells() from public, anon, authenticated;
revoke execute on function app.map_cells_changed() from public, anon, authenticated;
revoke execute on function app.map_cells_truncated() from public, anon, authenticated;

create trigger map_cells_insert after insert on public.risk_points
  referencing new table as new_rows for each statement execute function app.map_cells_changed();
create trigger map_cells_update after update on public.risk_points
  referencing old table as old_rows new table as new_rows for each statement execute function app.map_cells_changed();
create trigger map_cells_delete after delete on public.risk_points
  referencing old table as old_rows for each statement execute function app.map_cells_changed();
create trigger map_cells_truncate after truncate on public.risk_points
  for each statement execute function app.map_cells_truncated();

select app.rebuild_map_cells();

-- The binning behind every binned layer (the body of 20261207000300 on the view-independent
-- cells above and app.today() (the city day, 20270110000100) for "overdue"; nothing else changed).
create or replace function app.binned_points(
  layer_code int, west float8, south float8, east float8, north float8, zoom float8,
  levels int[], industry text, area text, min_deg float8)
returns bytea
language plpgsql stable
security invoker
set search_path = ''
-- A bbox of the whole city and one of a street want different plans: never a cached generic one.
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
declare
  b int := app.map_band(zoom, min_deg);
  cell float8 := app.map_cell_deg(app.map_band(zoom, min_deg));
  gx0 int := app.map_cell_index(west, app.map_band(zoom, min_deg));
  gy0 int := app.map_cell_index(south, app.map_band(zoom, min_deg));
  env extensions.geometry;
  apat text;
  body bytea;
  n int;
  small boolean;
  -- enum orders, read once per call: enum_range() per row cost ~6 µs (a catalog lookup)
  classes public.protective_class[] := enum_range(null::public.protective_class);
  statuses public.hidden_danger_status[] := enum_range(null::public.hidden_danger_status);
begin
  if app.map_cell_index(east, b) - gx0 > 65535 or app.map_cell_index(north, b) - gy0 > 65535 then
    raise exception 'bounding box is too large for zoom % (more than 65535 cells across)', zoom using errcode = '22023';
  end if;
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  small := (east - west) * (north - south) <= app.small_box_deg2();
  select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
  from (
    select app.map_cell_index(extensions.st_x(p.location), b) - gx0 as gx,
           app.map_cell_index(extensions.st_y(p.location), b) - gy0 as gy,
           min(p.code) as code, count(*) as cnt
    from (
      select r.location, r.current_level::int as code
      from public.risk_points r
      where layer_code in (1, 4)
        and (case when small then r.id = any (array(select app.box_ids(1, env))) else r.location operator(extensions.&&) env end)
        and (levels is null or r.current_level = any (levels))
        and (industry is null or r.industry_code = industry)
        and (area is null or r.area_code like apat)
      union all
      -- app.hidden_danger_code, with the enum order read once
      select d.location, (array_position(statuses, d.status) - 1)
               | (case when d.deadline is not null and d.deadline < app.today() and d.status not in ('closed', 'rejected') then 0 else 8 end)
               | (case when d.severity = 'major' then 0 else 16 end)
      from public.hidden_dangers d
      where layer_code = 2
        and (case when small then d.id = any (array(select app.box_ids(2, env))) else d.location operator(extensions.&&) env end)
        and (area is null or d.area_code like apat)
      union all
      select t.location, array_position(classes, t.target_class)::int
      from public.protective_targets t
      where layer_code = 3
        and (case when small then t.id = any (array(select app.box_ids(3, env))) else t.location operator(extensions.&&) env end)
        and (area is null or t.area_code like apat)
    ) p
    group by 1, 2
  ) cells;
  return app.pack_cells(layer_code, gx0 * cell, gy0 * cell, cell, cell, body, n);
end
$$;

-- Ids of the risk points in the rim of a box: inside the box and in a cell the box edges cut
-- (first or last column or row of the band's cells). Definer, so that the index is used; ids
-- only, the caller's RLS decides which of those rows it reads.
create or replace function app.map_rim_ids(west float8, south float8, east float8, north float8, b int)
returns setof uuid
language sql stable
security definer
set search_path = ''
rows 1000
as $$
  with g as (
    select app.map_cell_index(west, b) as gx0, app.map_cell_index(east, b) as gx1,
           app.map_cell_index(south, b) as gy0, app.map_cell_index(north, b) as gy1,
           app.map_cell_deg(b) as c),
  strips as (
    -- each strip a hair wider than its cells (the rows are then checked by their cell index)
    select extensions.st_makeenvelope(west, south, least(east, (g.gx0 + 1) * g.c + g.c * 1e-6), north, 4326) as e from g
    union all select extensions.st_makeenvelope(greatest(west, g.gx1 * g.c - g.c * 1e-6), south, east, north, 4326) from g
    union all select extensions.st_makeenvelope(west, south, east, least(north, (g.gy0 + 1) * g.c + g.c * 1e-6), 4326) from g
    union all select extensions.st_makeenvelope(west, greatest(south, g.gy1 * g.c - g.c * 1e-6), east, north, 4326) from g)
  select distinct r.id
  from strips s
  join public.risk_points r on r.location operator(extensions.&&) s.e
  cross join g
  where r.location operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326)
    and (app.map_cell_index(extensions.st_x(r.location), b) in (g.gx0, g.gx1)
         or app.map_cell_index(extensions.st_y(r.location), b) in (g.gy0, g.gy1))
$$;
revoke execute on function app.map_rim_ids(float8, float8, float8, float8, int) from public, anon;
grant execute on function app.map_rim_ids(float8, float8, float8, float8, int) to authenticated, service_role;

-- Risk points binned from the pyramid (see the top of this file): the kept cells strictly inside
-- the box, under the caller's read rule of app.map_cells, and the rim's points binned exactly,
-- under the caller's RLS of risk_points. Invoker: public_map_points (definer) reads as its owner.
create or replace function app.binned_from_cells(
  layer_code int, west float8, south float8, east float8, north float8, b int, levels int[], area text)
returns bytea
language plpgsql stable
security invoker
set search_path = ''
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
declare
  cell float8 := app.map_cell_deg(b);
  gx0 int := app.map_cell_index(west, b);
  gy0 int := app.map_cell_index(south, b);
  gx1 int := app.map_cell_index(east, b);
  gy1 int := app.map_cell_index(north, b);
  apat text := app.code_prefix(area) || '%';
  f1 boolean := levels is null or 1 = any (levels);
  f2 boolean := levels is null or 2 = any (levels);
  f3 boolean := levels is null or 3 = any (levels);
  f4 boolean := levels is null or 4 = any (levels);
  body bytea;
  n int;
begin
  if gx1 - gx0 > 65535 or gy1 - gy0 > 65535 then
    raise exception 'bounding box is too large for zoom % (more than 65535 cells across)', b using errcode = '22023';
  end if;
  select count(*), string_agg(app.cell_record(gx - gx0, gy - gy0, code, cnt), ''::bytea) into n, body
  from (
    select k.gx, k.gy, min(k.code) as code, sum(k.cnt) as cnt
    from (
      select m.gx, m.gy,
        case when f1 and m.n1 > 0 then 1 when f2 and m.n2 > 0 then 2 when f3 and m.n3 > 0 then 3 when f4 and m.n4 > 0 then 4 end as code,
        (case when f1 then m.n1 else 0 end) + (case when f2 then m.n2 else 0 end)
          + (case when f3 then m.n3 else 0 end) + (case when f4 then m.n4 else 0 end) as cnt
      from generate_series(gx0 + 1, gx1 - 1) c(x)
      cross join lateral (
        select m.gx, m.gy, m.n1, m.n2, m.n3, m.n4 from app.map_cells m
        where m.z = b and m.gx = c.x and m.gy between gy0 + 1 and gy1 - 1
          and (area is null or m.area_code like apat)) m
      union all
      select app.map_cell_index(extensions.st_x(r.location), b), app.map_cell_index(extensions.st_y(r.location), b),
        r.current_level::int, 1
      from public.risk_points r
      where r.id = any (array(select app.map_rim_ids(west, south, east, north, b)))
        and (levels is null or r.current_level = any (levels))
        and (area is null or r.area_code like apat)
    ) k
    where k.cnt > 0
    group by 1, 2
  ) cells;
  return app.pack_cells(layer_code, gx0 * cell, gy0 * cell, cell, cell, body, n);
end
$$;
revoke execute on function app.binned_from_cells(int, float8, float8, float8, float8, int, int[], text) from public, anon;
grant execute on function app.binned_from_cells(int, float8, float8, float8, float8, int, int[], text) to authenticated, service_role;

-- A point layer of the signed-in map, under the caller's RLS (the body of 20261206000200; risk
-- points from the pyramid where the kept cells express the caller's read rule and filters).
create or replace function public.map_points(
  layer text, west float8, south float8, east float8, north float8, zoom float8,
  levels int[] default null, industry text default null, area text default null)
returns public."application/octet-stream"
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  b int;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  if layer is null or layer not in ('risk_points', 'hidden_dangers', 'protective_targets') then
    raise exception 'unknown map layer "%": expected risk_points, hidden_dangers or protective_targets', layer
      using errcode = '22023';
  end if;
  b := app.map_band(zoom, 0);
  if layer = 'risk_points' and industry is null and b <= app.map_cells_max_band()
     and app.user_role() in ('admin', 'command', 'planner', 'regulator', 'service') then
    return app.binned_from_cells(1, west, south, east, north, b, levels, area);
  end if;
  return app.binned_points(case layer when 'risk_points' then 1 when 'hidden_dangers' then 2 else 3 end,
    west, south, east, north, zoom, levels, industry, area, 0);
end
$$;

-- The public's risk points: levels only, cells of at least 0.001° (band 11 at most, ~150 m):
-- always from the pyramid (definer: every point).
create or replace function public.public_map_points(
  west float8, south float8, east float8, north float8, zoom float8,
  levels int[] default null, area text default null)
returns public."application/octet-stream"
language plpgsql stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  return app.binned_from_cells(4, west, south, east, north, app.map_band(zoom, 0.001), levels, area);
end
$$;
