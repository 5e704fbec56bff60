-- Load (issue 12): map_points as the signed-in roles ask it, cheaper, same answers.
--  * The codes of protective targets and hidden dangers called enum_range() once per row
--    (a catalog lookup, ~6 µs: 60 of the 70 ms CPU of the city view of 20,000 targets); the
--    enum orders are now read once per call.
--  * Under RLS, PostgreSQL takes a caller's condition as an index condition only when its
--    operator is leakproof; PostGIS's && is not, so every signed-in map_points was a sequential
--    scan of the whole layer, a street view included. For a street-size box the ids of the rows
--    in the box now come from the GiST index through app.box_ids (definer, ids only, schema app
--    which PostgREST does not expose), and the rows are then read by primary key (uuid equality
--    is leakproof) under the caller's RLS, which decides what is drawn. A larger box keeps the
--    sequential scan, which is then the cheaper plan anyway.
-- Same answers: test/db/load-counts.test.ts compares with the previous body per role.

-- Boxes at most this large (square degrees; a street view at zoom 13 is ~0.0025) read by id.
create or replace function app.small_box_deg2() returns float8
language sql immutable
set search_path = ''
as $$ select 0.02::float8 $$;

-- Ids of a map layer's rows in a box, from its GiST index (1 risk points, 2 hidden dangers,
-- 3 protective targets: map_points' layer codes). Definer, so that the index is used; it returns
-- ids only and the caller's RLS decides which of those rows it reads.
create or replace function app.box_ids(layer int, env extensions.geometry)
returns setof uuid
language sql stable
security definer
set search_path = ''
rows 200
as $$
  select r.id from public.risk_points r where layer = 1 and r.location operator(extensions.&&) env
  union all
  select d.id from public.hidden_dangers d where layer = 2 and d.location operator(extensions.&&) env
  union all
  select t.id from public.protective_targets t where layer = 3 and t.location operator(extensions.&&) env
$$;
revoke execute on function app.box_ids(int, extensions.geometry) from public, anon;
grant execute on function app.box_ids(int, extensions.geometry) to authenticated, service_role;

-- map_points: the body of 20261204000600_null_arguments.sql with the changes above.
create or replace function public.map_points(
  layer text, west float8, south float8, east float8, north float8, zoom float8,
  levels int[] default null, industry text default null, area text default null)
returns public."application/octet-stream"
language plpgsql stable
security invoker
set search_path = ''
-- A bbox of the whole city and one of a street want different plans: never a cached generic one.
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
declare
  cell float8[];
  x0 float8;
  y0 float8;
  env extensions.geometry;
  body bytea;
  n int;
  layer_code int;
  -- enum orders, read once per call: enum_range() per row cost ~6 µs (a catalog lookup)
  classes public.protective_class[] := enum_range(null::public.protective_class);
  statuses public.hidden_danger_status[] := enum_range(null::public.hidden_danger_status);
  -- a street-size box: the rows' ids from the GiST index (see app.box_ids), then read by id
  small boolean;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  cell := app.lod_cell(zoom, (south + north) / 2);
  -- Align the grid globally so cells don't shift as the view pans.
  x0 := floor(west / cell[1]) * cell[1];
  y0 := floor(south / cell[2]) * cell[2];
  if (east - x0) / cell[1] > 65535 or (north - y0) / cell[2] > 65535 then
    raise exception 'bounding box is too large for zoom % (more than 65535 cells across)', zoom using errcode = '22023';
  end if;
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  small := (east - west) * (north - south) <= app.small_box_deg2();
  if layer = 'risk_points' then
    layer_code := 1;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(r.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(r.location) - y0) / cell[2])::int as gy,
             min(r.level)::int as code, count(*) as cnt
      from public.risk_points r
      where (case when small then r.id = any (array(select app.box_ids(1, env))) else r.location operator(extensions.&&) env end)
        and (levels is null or r.level = any (levels))
        and (industry is null or r.industry_code = industry)
        and (area is null or r.area_code like app.code_prefix(area) || '%')
      group by 1, 2
    ) cells;
  elsif layer = 'hidden_dangers' then
    layer_code := 2;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(d.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(d.location) - y0) / cell[2])::int as gy,
             -- app.hidden_danger_code, with the enum order read once
             min((array_position(statuses, d.status) - 1)
                 | (case when d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected') then 0 else 8 end)
                 | (case when d.severity = 'major' then 0 else 16 end)) as code, count(*) as cnt
      from public.hidden_dangers d
      where (case when small then d.id = any (array(select app.box_ids(2, env))) else d.location operator(extensions.&&) env end)
        and (area is null or d.area_code like app.code_prefix(area) || '%')
      group by 1, 2
    ) cells;
  elsif layer = 'protective_targets' then
    layer_code := 3;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(t.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(t.location) - y0) / cell[2])::int as gy,
             min(array_position(classes, t.target_class))::int as code,
             count(*) as cnt
      from public.protective_targets t
      where (case when small then t.id = any (array(select app.box_ids(3, env))) else t.location operator(extensions.&&) env end)
        and (area is null or t.area_code like app.code_prefix(area) || '%')
      group by 1, 2
    ) cells;
  else
    raise exception 'unknown map layer "%": expected risk_points, hidden_dangers or protective_targets', layer
      using errcode = '22023';
  end if;
  return app.pack_cells(layer_code, x0, y0, cell[1], cell[2], body, n);
end
$$;
