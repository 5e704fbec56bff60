-- One binning, one public count (issue 13: the SQL says one thing once).
-- 20261204200300 gave the signed-in map_points its own copy of the binning select (enum orders
-- read once per call, street boxes read by id) while public_map_points kept the baseline's
-- app.binned_points: two live copies of one select. The improvements now live in
-- app.binned_points, and map_points calls it again, as it did in the baseline.
-- 20261204200200 gave the signed-in layer_counts its own body, leaving the 'staff' half of
-- app.layer_counts unused: the public count is now public_layer_counts' own body and
-- app.layer_counts is dropped.
-- Same answers: test/db/load-counts.test.ts compares map_points per role with the body before
-- 20261204200300, and test/db/load.test.ts compares public_layer_counts with the baseline's.

-- The binning behind every binned layer: the points of one layer inside the bounding box,
-- grouped into cells of app.lod_cell(zoom) (floored at min_deg), each cell keeping the lowest
-- code and the count, packed by app.pack_cells. layer_code: 1 risk points, 2 hidden dangers,
-- 3 protective targets, 4 public risk points (as 1, under the caller's rights: public_map_points
-- is a definer that exposes only levels). SECURITY INVOKER, so map_points' callers see what RLS
-- lets them. One select for all layers: with a custom plan the branches of the other layers are
-- pruned to a one-time false filter.
-- Under RLS a caller's && is never an index condition (PostGIS's && is not leakproof), so for a
-- street-size box the ids come from the GiST index through app.box_ids (definer, ids only) and
-- the rows are read by primary key under the caller's RLS, which decides what is drawn.
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
  cell float8[];
  x0 float8;
  y0 float8;
  env extensions.geometry;
  apat text;
  body bytea;
  n int;
  small boolean;
  -- enum orders, read once per call: enum_range() per row cost ~6 µs (a catalog lookup)
  classes public.protective_class[] := enum_range(null::public.protective_class);
  statuses public.hidden_danger_status[] := enum_range(null::public.hidden_danger_status);
begin
  cell := app.lod_cell(zoom, (south + north) / 2, min_deg);
  -- Align the grid globally so cells don't shift as the view pans.
  x0 := floor(west / cell[1]) * cell[1];
  y0 := floor(south / cell[2]) * cell[2];
  if (east - x0) / cell[1] > 65535 or (north - y0) / cell[2] > 65535 then
    raise exception 'bounding box is too large for zoom % (more than 65535 cells across)', zoom using errcode = '22023';
  end if;
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  small := (east - west) * (north - south) <= app.small_box_deg2();
  select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
  from (
    select floor((extensions.st_x(p.location) - x0) / cell[1])::int as gx,
           floor((extensions.st_y(p.location) - y0) / cell[2])::int as gy,
           min(p.code) as code, count(*) as cnt
    from (
      select r.location, r.level::int as code
      from public.risk_points r
      where layer_code in (1, 4)
        and (case when small then r.id = any (array(select app.box_ids(1, env))) else r.location operator(extensions.&&) env end)
        and (levels is null or r.level = any (levels))
        and (industry is null or r.industry_code = industry)
        and (area is null or r.area_code like apat)
      union all
      -- app.hidden_danger_code, with the enum order read once
      select d.location, (array_position(statuses, d.status) - 1)
               | (case when d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected') then 0 else 8 end)
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
  return app.pack_cells(layer_code, x0, y0, cell[1], cell[2], body, n);
end
$$;

-- A point layer of the signed-in map, under the caller's RLS.
create or replace function public.map_points(
  layer text, west float8, south float8, east float8, north float8, zoom float8,
  levels int[] default null, industry text default null, area text default null)
returns public."application/octet-stream"
language plpgsql stable
security invoker
set search_path = ''
as $$
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  if layer is null or layer not in ('risk_points', 'hidden_dangers', 'protective_targets') then
    raise exception 'unknown map layer "%": expected risk_points, hidden_dangers or protective_targets', layer
      using errcode = '22023';
  end if;
  return app.binned_points(case layer when 'risk_points' then 1 when 'hidden_dangers' then 2 else 3 end,
    west, south, east, north, zoom, levels, industry, area, 0);
end
$$;

-- The public's counts in the view: risk points by level, major hazard sources, and the emergency
-- resources the public may see (shelters, hospitals, fire stations). Definer: the public reads
-- no table directly.
create or replace function public.public_layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, area text default null)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  env extensions.geometry;
  apat text;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  return jsonb_build_object(
    'risk_points', (select jsonb_build_object('1', count(*) filter (where r.level = 1), '2', count(*) filter (where r.level = 2),
                                              '3', count(*) filter (where r.level = 3), '4', count(*) filter (where r.level = 4))
                    from public.risk_points r
                    where r.location operator(extensions.&&) env
                      and (levels is null or r.level = any (levels))
                      and (area is null or r.area_code like apat)),
    'major_hazards', (select count(*) from public.hazard_sources h
                      where h.is_major and h.geom operator(extensions.&&) env and (area is null or h.area_code like apat)),
    'emergency_resources', (select count(*) from public.emergency_resources x
                            where x.resource_type in ('shelter', 'hospital', 'fire_station')
                              and x.location operator(extensions.&&) env and (area is null or x.area_code like apat)));
end
$$;

drop function app.layer_counts(text, float8, float8, float8, float8, int[], text, text);
