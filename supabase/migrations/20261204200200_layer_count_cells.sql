-- Load (issue 12): layer_counts at city and district zoom without counting every row.
-- The two big layers (risk points 10,000, protective targets 20,000 in the demo city) are
-- also kept as counts per 0.02° cell, area code and level in app.layer_count_cells, kept by
-- statement-level triggers. layer_counts then answers a box as
--   (the stored counts of the cells lying strictly inside the box)
-- + (an exact, indexed count of the rows in the box's rim: the cells the box edges cut),
-- which is the same number as counting the box, row by row, for every caller:
--   * a row's cell is floor(x / 0.02), floor(y / 0.02) of its stored location, computed by the
--     same float8 expression in the trigger and in the query; the inner cells are those with
--     floor(west/c) < i < floor(east/c) (and likewise for y). Division by the same c is
--     monotonic, so a row of an inner cell has west < x < east: it is in the box. Every other
--     row in the box is in one of four edge strips (a hair wider than the rim) and is counted
--     there exactly, under the table's own RLS.
--   * RLS: the cells table carries area_code, and its read policy is the table's own read
--     policy minus the enterprise branch (risk points: app.rls_read('area_code', null), the
--     same function that wrote the risk_points policy; targets: the staff roles of
--     20261204000210). Enterprises never use the cells: their counts are exact, over their own
--     rows (risk points, hazard sources, hidden dangers: an index on enterprise_id) and their
--     5 km context (20261204200100).
-- Hidden dangers (3,000), hazard sources (300) and emergency resources (300) stay exact counts
-- (few rows; hidden dangers' "overdue" depends on today's date). A filter by industry is counted
-- exactly (the cells do not keep industries).
-- test/db/load-counts.test.ts compares with the exact count per role after inserts, moves,
-- level changes and deletes.

create table app.layer_count_cells (
  layer smallint not null check (layer in (1, 3)),  -- map_points' layer codes: 1 risk points, 3 protective targets
  cy int not null,
  cx int not null,
  area_code text,
  level smallint not null,  -- risk points: level 1..4; targets: 0
  n int not null,  -- (no check n >= 0: a CHECK is tested on the proposed row before ON CONFLICT, and the
                   -- trigger proposes negative deltas; a count reaching 0 is deleted)
  constraint layer_count_cells_key unique nulls not distinct (layer, cy, cx, area_code, level)
);
create index layer_count_cells_empty_idx on app.layer_count_cells (layer) where n = 0;
alter table app.layer_count_cells enable row level security;
revoke all on app.layer_count_cells from public, anon, authenticated;
grant select on app.layer_count_cells to authenticated, service_role;
do $$
begin
  execute format('create policy layer_count_cells_read on app.layer_count_cells for select to authenticated using '
    || '(case when layer = 1 then %s '
    || 'else (select app.user_role()) in (''admin'', ''command'', ''planner'', ''regulator'', ''service'') end)',
    app.rls_read('area_code', null));
end
$$;

-- The cell size, in degrees, shared by the trigger and layer_counts.
create or replace function app.count_cell_deg() returns float8
language sql immutable
set search_path = ''
as $$ select 0.02::float8 $$;

-- Statement-level: the rows inserted (+1), deleted (-1) or updated (old -1, new +1) are summed
-- per cell key and applied in key order; keys whose count falls to 0 are removed.
-- Definer: writers of risk points / targets may not write the cells table.
create or replace function app.layer_count_cells_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  src text := case tg_table_name
    when 'risk_points' then 'select 1::smallint as layer, x.location, x.area_code, x.level::smallint as level, %s as d from %s x'
    else 'select 3::smallint as layer, x.location, x.area_code, 0::smallint as level, %s as d from %s x' end;
  rows_sql text := case tg_op
    when 'INSERT' then format(src, 1, 'new_rows')
    when 'DELETE' then format(src, -1, 'old_rows')
    else format(src, 1, 'new_rows') || ' union all ' || format(src, -1, 'old_rows') end;
begin
  execute format($q$
    insert into app.layer_count_cells as c (layer, cy, cx, area_code, level, n)
    select r.layer, floor(extensions.st_y(r.location) / app.count_cell_deg())::int, floor(extensions.st_x(r.location) / app.count_cell_deg())::int,
      r.area_code, r.level, sum(r.d)
    from (%s) r
    where r.location is not null
    group by 1, 2, 3, 4, 5
    having sum(r.d) <> 0
    order by 1, 2, 3, 4, 5
    on conflict on constraint layer_count_cells_key do update set n = c.n + excluded.n$q$, rows_sql);
  delete from app.layer_count_cells c where c.n = 0;
  return null;
end
$$;
revoke execute on function app.layer_count_cells_changed() from public, anon;

create trigger layer_count_cells_insert after insert on public.risk_points
  referencing new table as new_rows for each statement execute function app.layer_count_cells_changed();
create trigger layer_count_cells_update after update on public.risk_points
  referencing old table as old_rows new table as new_rows for each statement execute function app.layer_count_cells_changed();
create trigger layer_count_cells_delete after delete on public.risk_points
  referencing old table as old_rows for each statement execute function app.layer_count_cells_changed();
create trigger layer_count_cells_insert after insert on public.protective_targets
  referencing new table as new_rows for each statement execute function app.layer_count_cells_changed();
create trigger layer_count_cells_update after update on public.protective_targets
  referencing old table as old_rows new table as new_rows for each statement execute function app.layer_count_cells_changed();
create trigger layer_count_cells_delete after delete on public.protective_targets
  referencing old table as old_rows for each statement execute function app.layer_count_cells_changed();

-- The rows there now.
insert into app.layer_count_cells (layer, cy, cx, area_code, level, n)
select 1, floor(extensions.st_y(r.location) / app.count_cell_deg())::int, floor(extensions.st_x(r.location) / app.count_cell_deg())::int,
  r.area_code, r.level, count(*)
from public.risk_points r where r.location is not null group by 1, 2, 3, 4, 5
union all
select 3, floor(extensions.st_y(t.location) / app.count_cell_deg())::int, floor(extensions.st_x(t.location) / app.count_cell_deg())::int,
  t.area_code, 0, count(*)
from public.protective_targets t where t.location is not null group by 1, 2, 3, 4, 5;

-- ------------------------------------------------------------------ the rim's rows
-- Why a definer function: under RLS, PostgreSQL uses a caller's condition as an index condition
-- only when its operator is leakproof, and PostGIS's && is not, so a signed-in bbox query on
-- an RLS table is always a sequential scan (10,000 risk points, 20,000 targets). This function
-- finds the ids of the rows in the rim with the GiST index (the four strips lie inside the
-- box, so a row in a strip is in the box) (no RLS: it runs as its owner), and
-- layer_counts then reads those rows by primary key (uuid equality is leakproof) under the
-- caller's RLS, which decides what is counted. It returns ids only, and lives in schema app,
-- which PostgREST does not expose, so no API caller can call it directly.
create or replace function app.count_rim_ids(layer int,
  strip_w extensions.geometry, strip_e extensions.geometry, strip_s extensions.geometry, strip_n extensions.geometry,
  i0 int, i1 int, j0 int, j1 int)
returns setof uuid
language sql stable
security definer
set search_path = ''
rows 50
as $$
  select r.id from public.risk_points r
  where layer = 1
    and (r.location operator(extensions.&&) strip_w or r.location operator(extensions.&&) strip_e
         or r.location operator(extensions.&&) strip_s or r.location operator(extensions.&&) strip_n)
    and not (floor(extensions.st_x(r.location) / app.count_cell_deg())::int between i0 and i1
             and floor(extensions.st_y(r.location) / app.count_cell_deg())::int between j0 and j1)
  union all
  select t.id from public.protective_targets t
  where layer = 3
    and (t.location operator(extensions.&&) strip_w or t.location operator(extensions.&&) strip_e
         or t.location operator(extensions.&&) strip_s or t.location operator(extensions.&&) strip_n)
    and not (floor(extensions.st_x(t.location) / app.count_cell_deg())::int between i0 and i1
             and floor(extensions.st_y(t.location) / app.count_cell_deg())::int between j0 and j1)
$$;
revoke execute on function app.count_rim_ids(int, extensions.geometry, extensions.geometry,
  extensions.geometry, extensions.geometry, int, int, int, int) from public, anon;
grant execute on function app.count_rim_ids(int, extensions.geometry, extensions.geometry,
  extensions.geometry, extensions.geometry, int, int, int, int) to authenticated, service_role;

-- ------------------------------------------------------------------ layer_counts
-- Same arguments, checks and answer as 20261204000400; see the top of this file for the paths.
create or replace function public.layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, industry text default null, area text default null)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  env extensions.geometry;
  apat text;
  result jsonb;
  role text := app.user_role();
  ent uuid := case when app.user_role() = 'enterprise' then app.enterprise_id() end;
  c constant float8 := app.count_cell_deg();
  eps float8 := app.count_cell_deg() * 1e-6;
  i0 int; i1 int; j0 int; j1 int;
  strip_w extensions.geometry; strip_e extensions.geometry; strip_s extensions.geometry; strip_n extensions.geometry;
  cells boolean;
  rp jsonb;
  hs jsonb;
  hd jsonb;
  pt bigint;
  er bigint;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  -- inner cells: strictly inside the box (see the top of this file)
  i0 := floor(west / c)::int + 1;  i1 := floor(east / c)::int - 1;
  j0 := floor(south / c)::int + 1; j1 := floor(north / c)::int - 1;
  cells := i0 <= i1 and j0 <= j1 and role in ('admin', 'command', 'planner', 'regulator', 'service');
  if cells then
    strip_w := extensions.st_makeenvelope(west, south, least(i0 * c + eps, east), north, 4326);
    strip_e := extensions.st_makeenvelope(greatest((i1 + 1) * c - eps, west), south, east, north, 4326);
    strip_s := extensions.st_makeenvelope(west, south, east, least(j0 * c + eps, north), 4326);
    strip_n := extensions.st_makeenvelope(west, greatest((j1 + 1) * c - eps, south), east, north, 4326);
  end if;

  if ent is not null then
    -- an enterprise: its own risk points (RLS gives it no others; the equality uses the index)
    select jsonb_build_object('1', count(*) filter (where r.level = 1), '2', count(*) filter (where r.level = 2),
                              '3', count(*) filter (where r.level = 3), '4', count(*) filter (where r.level = 4))
    into rp from public.risk_points r
    where r.enterprise_id = ent and r.location operator(extensions.&&) env
      and (levels is null or r.level = any (levels))
      and (industry is null or r.industry_code = industry)
      and (area is null or r.area_code like apat);
    -- and the targets of its context (RLS gives it no others)
    select count(*) into pt from public.protective_targets t
    where t.id = any (array(select n.id from app.enterprise_nearby_targets n))  -- read by primary key
      and t.location operator(extensions.&&) env and (area is null or t.area_code like apat);
  elsif cells and industry is null then
    select jsonb_build_object('1', coalesce(sum(x.n) filter (where x.level = 1), 0), '2', coalesce(sum(x.n) filter (where x.level = 2), 0),
                              '3', coalesce(sum(x.n) filter (where x.level = 3), 0), '4', coalesce(sum(x.n) filter (where x.level = 4), 0))
    into rp from (
      select k.level, k.n from app.layer_count_cells k
      where k.layer = 1 and k.cy between j0 and j1 and k.cx between i0 and i1
        and (levels is null or k.level = any (levels))
        and (area is null or k.area_code like apat)
      union all
      select r.level, 1 from public.risk_points r
      where r.id = any (array(select app.count_rim_ids(1, strip_w, strip_e, strip_s, strip_n, i0, i1, j0, j1)))
        and (levels is null or r.level = any (levels))
        and (area is null or r.area_code like apat)) x;
  else
    select jsonb_build_object('1', count(*) filter (where r.level = 1), '2', count(*) filter (where r.level = 2),
                              '3', count(*) filter (where r.level = 3), '4', count(*) filter (where r.level = 4))
    into rp from public.risk_points r
    where r.location operator(extensions.&&) env
      and (levels is null or r.level = any (levels))
      and (industry is null or r.industry_code = industry)
      and (area is null or r.area_code like apat);
  end if;

  if ent is not null then
    null;  -- counted above
  elsif cells then
    select coalesce(sum(x.n), 0) into pt from (
      select k.n from app.layer_count_cells k
      where k.layer = 3 and k.cy between j0 and j1 and k.cx between i0 and i1
        and (area is null or k.area_code like apat)
      union all
      select 1 from public.protective_targets t
      where t.id = any (array(select app.count_rim_ids(3, strip_w, strip_e, strip_s, strip_n, i0, i1, j0, j1)))
        and (area is null or t.area_code like apat)) x;
  else
    select count(*) into pt from public.protective_targets t
    where t.location operator(extensions.&&) env and (area is null or t.area_code like apat);
  end if;

  -- Separate statements per caller kind rather than `(ent is null or …)`: plpgsql keeps a
  -- generic plan of each statement (re-planning these RLS-laden statements on every call cost
  -- more than running them), and a generic plan can use the enterprise_id index only when the
  -- condition is a plain equality.
  if ent is not null then
    select jsonb_build_object('total', count(*), 'major', count(*) filter (where h.is_major)) into hs
    from public.hazard_sources h
    where h.enterprise_id = ent and h.geom operator(extensions.&&) env and (area is null or h.area_code like apat);
    select jsonb_build_object(
        'open', count(*) filter (where d.status not in ('closed', 'rejected')),
        'overdue', count(*) filter (where (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected'))),
        'major', count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected'))) into hd
    from public.hidden_dangers d
    where d.enterprise_id = ent and d.location operator(extensions.&&) env and (area is null or d.area_code like apat);
    select count(*) into er from public.emergency_resources x
    where x.id = any (array(select n.id from app.enterprise_nearby_resources n))
      and x.location operator(extensions.&&) env and (area is null or x.area_code like apat);
  else
    select jsonb_build_object('total', count(*), 'major', count(*) filter (where h.is_major)) into hs
    from public.hazard_sources h
    where h.geom operator(extensions.&&) env and (area is null or h.area_code like apat);
    select jsonb_build_object(
        'open', count(*) filter (where d.status not in ('closed', 'rejected')),
        'overdue', count(*) filter (where (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected'))),
        'major', count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected'))) into hd
    from public.hidden_dangers d
    where d.location operator(extensions.&&) env and (area is null or d.area_code like apat);
    select count(*) into er from public.emergency_resources x
    where x.location operator(extensions.&&) env and (area is null or x.area_code like apat);
  end if;
  result := jsonb_build_object('risk_points', rp, 'hazard_sources', hs, 'hidden_dangers', hd,
    'protective_targets', pt, 'emergency_resources', er);
  return result;
end
$$;
