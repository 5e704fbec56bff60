-- The bodies of layer_counts (20261204000400_load.sql) and map_points (20261204000600_null_arguments.sql)
-- before the kept cell counts and the by-id street boxes (20261204200200, 20261204200300):
-- test/db/load-counts.test.ts compares the live functions with these, for every role. Verbatim
-- from those migrations, which the baseline squash replaced; a reference for the test only.

-- layer_counts (from 20261204000400_load.sql)
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
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  select jsonb_build_object(
    'risk_points', (select jsonb_build_object('1', count(*) filter (where r.level = 1), '2', count(*) filter (where r.level = 2),
                                              '3', count(*) filter (where r.level = 3), '4', count(*) filter (where r.level = 4))
                    from public.risk_points r
                    where r.location operator(extensions.&&) env
                      and (levels is null or r.level = any (levels))
                      and (industry is null or r.industry_code = industry)
                      and (area is null or r.area_code like apat)),
    'hazard_sources', (select jsonb_build_object('total', count(*), 'major', count(*) filter (where h.is_major))
                       from public.hazard_sources h
                       where h.geom operator(extensions.&&) env and (area is null or h.area_code like apat)),
    'hidden_dangers', (select jsonb_build_object(
                          'open', count(*) filter (where d.status not in ('closed', 'rejected')),
                          'overdue', count(*) filter (where (d.deadline is not null and d.deadline < app.today() and d.status not in ('closed', 'rejected'))),
                          'major', count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected')))
                       from public.hidden_dangers d
                       where d.location operator(extensions.&&) env and (area is null or d.area_code like apat)),
    'protective_targets', (select count(*) from public.protective_targets t
                           where t.location operator(extensions.&&) env and (area is null or t.area_code like apat)),
    'emergency_resources', (select count(*) from public.emergency_resources x
                            where x.location operator(extensions.&&) env and (area is null or x.area_code like apat)))
  into result;
  return result;
end
$$;

-- map_points (from 20261204000600_null_arguments.sql)
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
  if layer = 'risk_points' then
    layer_code := 1;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(r.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(r.location) - y0) / cell[2])::int as gy,
             min(r.level)::int as code, count(*) as cnt
      from public.risk_points r
      where r.location operator(extensions.&&) env
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
             min(app.hidden_danger_code(d.status, d.severity, d.deadline)) as code, count(*) as cnt
      from public.hidden_dangers d
      where d.location operator(extensions.&&) env
        and (area is null or d.area_code like app.code_prefix(area) || '%')
      group by 1, 2
    ) cells;
  elsif layer = 'protective_targets' then
    layer_code := 3;
    select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
    from (
      select floor((extensions.st_x(t.location) - x0) / cell[1])::int as gx,
             floor((extensions.st_y(t.location) - y0) / cell[2])::int as gy,
             min(array_position(enum_range(null::public.protective_class), t.target_class))::int as code,
             count(*) as cnt
      from public.protective_targets t
      where t.location operator(extensions.&&) env
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
