-- The map's read API (RPC). Large point layers come back as one compact binary buffer binned
-- to screen cells (level of detail in SQL: at city zoom a million points are sub-pixel); small
-- layers as JSON. The full functions are SECURITY INVOKER, so RLS decides what each role sees;
-- the public_* functions are SECURITY DEFINER and expose only public-safe fields, with
-- locations coarsened to about 100 m.
--
-- Binary format (big-endian), header 40 bytes:
--   'OM' | version u8 = 1 | layer u8 | count u32 | x0 f64 | y0 f64 | cx f64 | cy f64
-- then count records of 6 bytes: gx u16 | gy u16 | code u8 | count u8 (saturating).
-- Cell centre: lon = x0 + (gx + 0.5)·cx, lat = y0 + (gy + 0.5)·cy.
-- layer: 1 risk_points (code = level 1..4), 2 hidden_dangers (code = status index in bits 0-2,
-- bit 3 set = not overdue, bit 4 set = not major), 3 protective_targets (code = class 1..5),
-- 4 public risk points (code = level). A cell keeps the minimum code: the most important.

-- PostgREST 12 sends a function's result as raw bytes only when its return type is a domain
-- named after the media type (media type handlers); plain bytea would be hex inside JSON.
create domain public."application/octet-stream" as bytea;

-- 3. Caps in the shared RPC helpers ------------------------------------------------------------

-- A bounding box: four numbers (NaN named as such), within lon/lat range, not empty.
create or replace function app.check_bbox(west float8, south float8, east float8, north float8) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if west is null or south is null or east is null or north is null then
    raise exception 'bounding box needs west, south, east and north' using errcode = '22023';
  end if;
  if 'NaN'::float8 in (west, south, east, north) then
    raise exception '范围（bbox）不是数字 / bounding box has a value that is not a number (NaN): % % % %',
      west, south, east, north using errcode = '22023';
  end if;
  if west < -180 or east > 180 or south < -90 or north > 90 then
    raise exception 'bounding box (% % % %) is out of range: longitude within [-180, 180], latitude within [-90, 90]',
      west, south, east, north using errcode = '22023';
  end if;
  if west >= east or south >= north then
    raise exception 'bounding box is empty: west (%) must be less than east (%) and south (%) less than north (%)',
      west, east, south, north using errcode = '22023';
  end if;
end
$$;

-- Cell size for a zoom: about two Web-Mercator pixels (256-px tiles), in degrees; the
-- latitude step shrinks with cos(latitude) like the projection does.
create or replace function app.lod_cell(zoom float8, mid_lat float8, min_deg float8 default 0) returns float8[]
language sql immutable
set search_path = ''
as $$
  select array[cx, cx * cos(radians(mid_lat))]
  from (select greatest(2 * 360.0 / (256 * power(2, greatest(0, least(zoom, 24)))), min_deg) as cx) c
$$;

-- Packs binned cells into the binary buffer. cells: (gx, gy, code, n) relative to (x0, y0).
create or replace function app.pack_cells(layer_code int, x0 float8, y0 float8, cx float8, cy float8, cells bytea, n int)
returns bytea
language sql immutable
set search_path = ''
as $$
  select 'OM'::bytea || set_byte('\x00'::bytea, 0, 1) || set_byte('\x00'::bytea, 0, layer_code)
    || int4send(n) || float8send(x0) || float8send(y0) || float8send(cx) || float8send(cy)
    || coalesce(cells, ''::bytea)
$$;

-- No SET clause, so it is inlined (it uses only built-ins): called once per cell.
create or replace function app.cell_record(gx int, gy int, code int, n bigint) returns bytea
language sql immutable
as $$
  select substring(int8send((gx::bigint << 32) | (gy::bigint << 16) | (code::bigint << 8) | least(n, 255)) from 3 for 6)
$$;

-- The binning behind every binned layer: the points of one layer inside the bounding box,
-- grouped into cells of app.lod_cell(zoom) (floored at min_deg), each cell keeping the lowest
-- code and the count, packed by app.pack_cells. layer_code: 1 risk points, 2 hidden dangers,
-- 3 protective targets, 4 public risk points (as 1, under the caller's rights: public_map_points
-- is a definer that exposes only levels). SECURITY INVOKER, so map_points' callers see what RLS
-- lets them. One select for all layers: with a custom plan the branches of the other layers are
-- pruned to a one-time false filter.
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
  select count(*), string_agg(app.cell_record(gx, gy, code, cnt), ''::bytea) into n, body
  from (
    select floor((extensions.st_x(p.location) - x0) / cell[1])::int as gx,
           floor((extensions.st_y(p.location) - y0) / cell[2])::int as gy,
           min(p.code) as code, count(*) as cnt
    from (
      select r.location, r.level::int as code
      from public.risk_points r
      where layer_code in (1, 4)
        and r.location operator(extensions.&&) env
        and (levels is null or r.level = any (levels))
        and (industry is null or r.industry_code = industry)
        and (area is null or r.area_code like apat)
      union all
      select d.location, app.hidden_danger_code(d.status, d.severity, d.deadline)
      from public.hidden_dangers d
      where layer_code = 2
        and d.location operator(extensions.&&) env
        and (area is null or d.area_code like apat)
      union all
      select t.location, array_position(enum_range(null::public.protective_class), t.target_class)::int
      from public.protective_targets t
      where layer_code = 3
        and t.location operator(extensions.&&) env
        and (area is null or t.area_code like apat)
    ) p
    group by 1, 2
  ) cells;
  return app.pack_cells(layer_code, x0, y0, cell[1], cell[2], body, n);
end
$$;

revoke execute on function app.binned_points(int, float8, float8, float8, float8, float8, int[], text, text, float8) from public, anon;

grant execute on function app.binned_points(int, float8, float8, float8, float8, float8, int[], text, text, float8) to authenticated, service_role;

-- A point layer of the signed-in map, under the caller's RLS.
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

-- Per-row helpers that PostgreSQL can inline again. A SQL function with a SET clause (here
-- `set search_path = ''`) is never inlined, so map_points, public_map_points, hidden_danger_list
-- and the wall paid a function call per row (8–17 µs each, measured by bench:load's profile).
-- These bodies name every object with its schema and use only built-ins from pg_catalog (always
-- searched first), so dropping the SET clause changes no name they resolve.
create or replace function app.hidden_danger_is_overdue(status public.hidden_danger_status, deadline date) returns boolean
language sql stable
as $$ select deadline is not null and deadline < current_date and status not in ('closed', 'rejected') $$;

create or replace function app.hidden_danger_code(status public.hidden_danger_status, severity public.hidden_danger_severity, deadline date)
returns int
language sql stable
as $$
  select (array_position(enum_range(null::public.hidden_danger_status), status) - 1)
    | (case when app.hidden_danger_is_overdue(status, deadline) then 0 else 8 end)
    | (case when severity = 'major' then 0 else 16 end)
$$;

-- The public's risk points: levels only, cells of at least 0.001° (about 100 m) whatever the zoom.
create or replace function public.public_map_points(
  west float8, south float8, east float8, north float8, zoom float8,
  levels int[] default null, area text default null)
returns public."application/octet-stream"
language plpgsql stable
security definer
set search_path = ''
-- A bbox of the whole city and one of a street want different plans: never a cached generic one.
set plan_cache_mode = force_custom_plan
set work_mem = '32MB'
as $$
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  return app.binned_points(4, west, south, east, north, zoom, levels, null, area, 0.001);
end
$$;

create or replace function app.area_name(code text) returns text
language sql stable
set search_path = ''
as $$ select a.name from public.areas a where a.code = area_name.code $$;

-- The card of the feature of a layer nearest to a click within radius_m, under the caller's RLS
-- (feature_card's answer). Null arguments are refused first, as a 400 naming the argument.
create or replace function public.feature_at(layer text, lon float8, lat float8, radius_m float8)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  p extensions.geometry;
  -- The layer's table, geometry column and extra rule: a hazard source is a hit only when the
  -- caller may also read its enterprise (its card shows the enterprise).
  src record;
  hit uuid;
begin
  perform app.require_arg(layer, 'layer');
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  perform app.check_lonlat(extensions.st_makepoint(lon, lat), 'click position');
  if radius_m is null or radius_m <= 0 or radius_m > 50000 then
    raise exception 'radius_m must be between 0 and 50000 metres (got %)', radius_m using errcode = '22023';
  end if;
  select v.tbl, v.col, v.cond, v.tie into src
  from (values
    ('risk_points', 'location', 'true', ', x.level'),
    ('hidden_dangers', 'location', 'true', ''),
    ('protective_targets', 'geom', 'true', ''),
    ('hazard_sources', 'geom', 'exists (select 1 from public.enterprises e where e.id = x.enterprise_id)', ''),
    ('emergency_resources', 'location', 'true', ''),
    ('enterprises', 'location', 'true', '')) v(tbl, col, cond, tie)
  where v.tbl = layer;
  if not found then
    raise exception 'unknown layer "%": expected risk_points, hidden_dangers, protective_targets, hazard_sources, emergency_resources or enterprises', layer
      using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  execute format('select x.id from public.%I x
    where extensions.st_dwithin(x.%I::extensions.geography, $1::extensions.geography, $2) and %s
    order by x.%I operator(extensions.<->) $1%s limit 1', src.tbl, src.col, src.cond, src.col, src.tie)
    into hit using p, radius_m;
  return case when hit is null then null else public.feature_card(layer, hit) end;
end
$$;

-- The public card of the nearest risk point: category, level, advice, district, ~100 m position.
create or replace function public.public_feature_at(lon float8, lat float8, radius_m float8)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  p extensions.geometry;
  result jsonb;
begin
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  perform app.check_lonlat(extensions.st_makepoint(lon, lat), 'click position');
  if radius_m is null or radius_m <= 0 or radius_m > 50000 then
    raise exception 'radius_m must be between 0 and 50000 metres (got %)', radius_m using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  select jsonb_build_object('layer', 'public_risk_points', 'category_code', r.category_code,
    'category_name', c.name_zh, 'category_name_en', c.name_en, 'level', r.level,
    'public_advice', c.public_advice_zh, 'area_name', app.area_name(left(r.area_code, 6)),
    'lon', round(extensions.st_x(r.location)::numeric, 3), 'lat', round(extensions.st_y(r.location)::numeric, 3))
  into result
  from public.risk_points r
  join public.risk_point_categories c on c.code = r.category_code
  where extensions.st_dwithin(r.location::extensions.geography, p::extensions.geography, radius_m + 150)
  order by r.location operator(extensions.<->) p, r.level
  limit 1;
  return result;
end
$$;

-- Small layers as JSON arrays, for an audience: 'staff' (map_features, invoker: RLS decides)
-- or 'public' (public_map_features, definer: major hazard sources as disclosed, public emergency
-- resources only, park outlines at 5 decimals). Runs with the rights of its caller.
create or replace function app.map_features(audience text, layer text, west float8, south float8, east float8, north float8)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  is_public boolean := audience = 'public';
  env extensions.geometry;
  result jsonb;
begin
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  if layer = 'hazard_sources' and not is_public then
    select coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'name', h.name, 'enterprise_name', e.name,
      'is_major', h.is_major, 'major_grade', h.major_grade, 'unit_type', h.unit_type,
      'lon', extensions.st_x(h.location), 'lat', extensions.st_y(h.location)) order by h.major_grade nulls last), '[]')
    into result
    from public.hazard_sources h join public.enterprises e on e.id = h.enterprise_id
    where h.geom operator(extensions.&&) env;
  elsif layer = 'major_hazards' and is_public then
    -- Major hazard sources are publicly disclosed with their grade; the advice distance is the
    -- largest required distance for people (high-sensitivity class) where known.
    select coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'enterprise_name', e.name,
      'major_grade', h.major_grade,
      'lon', round(extensions.st_x(h.location)::numeric, 3), 'lat', round(extensions.st_y(h.location)::numeric, 3),
      'advice_distance_m', (select max(x.required_m) from public.hazard_source_distances x where x.hazard_source_id = h.id))
      order by h.major_grade), '[]')
    into result
    from public.hazard_sources h join public.enterprises e on e.id = h.enterprise_id
    where h.is_major and h.geom operator(extensions.&&) env;
  elsif layer = 'emergency_resources' then
    select coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'name', x.name, 'resource_type', x.resource_type,
      'capacity', x.capacity, 'lon', extensions.st_x(x.location), 'lat', extensions.st_y(x.location))), '[]')
    into result
    from public.emergency_resources x
    where (not is_public or x.resource_type in ('shelter', 'hospital', 'fire_station'))
      and x.location operator(extensions.&&) env;
  elsif layer = 'chemical_parks' then
    select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name,
      'geometry', extensions.st_asgeojson(c.geom, case when is_public then 5 else 6 end)::jsonb)), '[]')
    into result
    from public.chemical_parks c
    where c.geom operator(extensions.&&) env;
  elsif is_public then
    raise exception 'unknown public layer "%": expected major_hazards, emergency_resources or chemical_parks', layer
      using errcode = '22023';
  else
    raise exception 'unknown layer "%": expected hazard_sources, emergency_resources or chemical_parks', layer
      using errcode = '22023';
  end if;
  return result;
end
$$;

revoke execute on function app.map_features(text, text, float8, float8, float8, float8) from public, anon;

grant execute on function app.map_features(text, text, float8, float8, float8, float8) to authenticated, service_role;

create or replace function public.map_features(layer text, west float8, south float8, east float8, north float8)
returns jsonb
language sql stable
security invoker
set search_path = ''
as $$ select app.map_features('staff', layer, west, south, east, north) $$;

create or replace function public.public_map_features(layer text, west float8, south float8, east float8, north float8)
returns jsonb
language sql stable
security definer
set search_path = ''
as $$ select app.map_features('public', layer, west, south, east, north) $$;

-- Area boundaries as a GeoJSON FeatureCollection, simplified to about a pixel at that zoom.
create or replace function public.area_boundaries(level text, west float8, south float8, east float8, north float8, zoom float8)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  tolerance float8;
  result jsonb;
begin
  perform app.check_bbox(west, south, east, north);
  if level is null or level not in ('city', 'district', 'street', 'grid') then
    raise exception 'unknown area level "%": expected city, district, street or grid', level using errcode = '22023';
  end if;
  tolerance := 360.0 / (256 * power(2, greatest(0, least(zoom, 24))));
  select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
      'type', 'Feature',
      'id', a.code,
      'properties', jsonb_build_object('code', a.code, 'name', a.name, 'name_en', a.name_en,
        'level', a.level, 'parent_code', a.parent_code,
        'label_lon', extensions.st_x(extensions.st_pointonsurface(a.geom)),
        'label_lat', extensions.st_y(extensions.st_pointonsurface(a.geom))),
      'geometry', extensions.st_asgeojson(extensions.st_simplifypreservetopology(a.geom, tolerance), 6)::jsonb)), '[]'))
  into result
  from public.areas a
  where a.level = area_boundaries.level::public.area_level
    and a.geom operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326);
  return result;
end
$$;

-- Live counts of the layers in the view, for an audience: 'staff' (layer_counts, invoker: each
-- role counts what RLS lets it see) or 'public' (public_layer_counts, definer: risk points by
-- level, major hazard sources, public emergency resources). Runs with the rights of its caller.
create or replace function app.layer_counts(audience text, west float8, south float8, east float8, north float8,
  levels int[], industry text, area text)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  env extensions.geometry;
  apat text;
  risk_points jsonb;
  resources bigint;
begin
  perform app.check_levels(levels);
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  apat := app.code_prefix(area) || '%';
  select jsonb_build_object('1', count(*) filter (where r.level = 1), '2', count(*) filter (where r.level = 2),
                            '3', count(*) filter (where r.level = 3), '4', count(*) filter (where r.level = 4))
  into risk_points
  from public.risk_points r
  where r.location operator(extensions.&&) env
    and (levels is null or r.level = any (levels))
    and (industry is null or r.industry_code = industry)
    and (area is null or r.area_code like apat);
  select count(*) into resources
  from public.emergency_resources x
  where (audience <> 'public' or x.resource_type in ('shelter', 'hospital', 'fire_station'))
    and x.location operator(extensions.&&) env and (area is null or x.area_code like apat);
  if audience = 'public' then
    return jsonb_build_object(
      'risk_points', risk_points,
      'major_hazards', (select count(*) from public.hazard_sources h
                        where h.is_major and h.geom operator(extensions.&&) env and (area is null or h.area_code like apat)),
      'emergency_resources', resources);
  end if;
  return jsonb_build_object(
    'risk_points', risk_points,
    'hazard_sources', (select jsonb_build_object('total', count(*), 'major', count(*) filter (where h.is_major))
                       from public.hazard_sources h
                       where h.geom operator(extensions.&&) env and (area is null or h.area_code like apat)),
    'hidden_dangers', (select jsonb_build_object(
                          'open', count(*) filter (where d.status not in ('closed', 'rejected')),
                          'overdue', count(*) filter (where (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected'))),
                          'major', count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected')))
                       from public.hidden_dangers d
                       where d.location operator(extensions.&&) env and (area is null or d.area_code like apat)),
    'protective_targets', (select count(*) from public.protective_targets t
                           where t.location operator(extensions.&&) env and (area is null or t.area_code like apat)),
    'emergency_resources', resources);
end
$$;

revoke execute on function app.layer_counts(text, float8, float8, float8, float8, int[], text, text) from public, anon;

grant execute on function app.layer_counts(text, float8, float8, float8, float8, int[], text, text) to authenticated, service_role;

create or replace function public.layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, industry text default null, area text default null)
returns jsonb
language sql stable
security invoker
set search_path = ''
as $$ select app.layer_counts('staff', west, south, east, north, levels, industry, area) $$;

create or replace function public.public_layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, area text default null)
returns jsonb
language sql stable
security definer
set search_path = ''
as $$ select app.layer_counts('public', west, south, east, north, levels, null, area) $$;

create or replace function public.search_enterprises(q text)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  if q is null or length(btrim(q)) < 1 or length(q) > 100 then
    raise exception 'search text must be 1 to 100 characters' using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(x), '[]') into result from (
    select jsonb_build_object('id', e.id, 'name', e.name, 'industry_code', e.industry_code,
      'lon', extensions.st_x(e.location), 'lat', extensions.st_y(e.location), 'area_name', app.area_name(e.area_code)) as x
    from public.enterprises e
    where e.name ilike '%' || replace(replace(replace(btrim(q), '\', '\\'), '%', '\%'), '_', '\_') || '%'
    order by strpos(e.name, btrim(q)), length(e.name), e.name
    limit 20) s;
  return result;
end
$$;

create or replace function public.public_search(q text)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  pattern text;
  result jsonb;
begin
  if q is null or length(btrim(q)) < 1 or length(q) > 100 then
    raise exception 'search text must be 1 to 100 characters' using errcode = '22023';
  end if;
  pattern := '%' || replace(replace(replace(btrim(q), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  select coalesce(jsonb_agg(x), '[]') into result from (
    (select jsonb_build_object('kind', 'area', 'name', a.name, 'code', a.code,
        'lon', extensions.st_x(extensions.st_pointonsurface(a.geom)), 'lat', extensions.st_y(extensions.st_pointonsurface(a.geom))) as x
     from public.areas a where a.name ilike pattern and a.level in ('city', 'district', 'street')
     order by a.level, a.name limit 10)
    union all
    -- Only enterprises with a major hazard source are public (their disclosure is required).
    (select jsonb_build_object('kind', 'enterprise', 'name', e.name,
        'lon', round(extensions.st_x(e.location)::numeric, 3), 'lat', round(extensions.st_y(e.location)::numeric, 3))
     from public.enterprises e
     where e.name ilike pattern and exists (select 1 from public.hazard_sources h where h.enterprise_id = e.id and h.is_major)
     order by e.name limit 10)) s;
  return result;
end
$$;

-- What the app needs to frame the city and to say "演示数据" when the data is generated.
create or replace function public.dataset_info()
returns jsonb
language sql stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'demo', exists (select 1 from public.areas where is_demo) or exists (select 1 from public.enterprises where is_demo),
    'city_code', (select code from public.areas where level = 'city' order by code limit 1),
    'city_name', (select name from public.areas where level = 'city' order by code limit 1),
    'city_name_en', (select name_en from public.areas where level = 'city' order by code limit 1),
    'bbox', (select jsonb_build_array(extensions.st_xmin(b), extensions.st_ymin(b), extensions.st_xmax(b), extensions.st_ymax(b))
             from (select extensions.st_extent(geom)::extensions.box2d as b from public.areas where level = 'district') e),
    'districts', (select coalesce(jsonb_agg(jsonb_build_object('code', code, 'name', name, 'name_en', name_en) order by code), '[]')
                  from public.areas where level = 'district'))
$$;

revoke execute on function public.map_points(text, float8, float8, float8, float8, float8, int[], text, text) from anon, public;

revoke execute on function public.feature_at(text, float8, float8, float8) from anon, public;

revoke execute on function public.map_features(text, float8, float8, float8, float8) from anon, public;

revoke execute on function public.layer_counts(float8, float8, float8, float8, int[], text, text) from anon, public;

revoke execute on function public.search_enterprises(text) from anon, public;

grant execute on function public.map_points(text, float8, float8, float8, float8, float8, int[], text, text) to authenticated;

grant execute on function public.feature_at(text, float8, float8, float8) to authenticated;

grant execute on function public.map_features(text, float8, float8, float8, float8) to authenticated;

grant execute on function public.layer_counts(float8, float8, float8, float8, int[], text, text) to authenticated;

grant execute on function public.search_enterprises(text) to authenticated;

grant execute on function public.public_map_points(float8, float8, float8, float8, float8, int[], text) to anon, authenticated;

grant execute on function public.public_feature_at(float8, float8, float8) to anon, authenticated;

grant execute on function public.public_map_features(text, float8, float8, float8, float8) to anon, authenticated;

grant execute on function public.public_layer_counts(float8, float8, float8, float8, int[], text) to anon, authenticated;

grant execute on function public.public_search(text) to anon, authenticated;

grant execute on function public.area_boundaries(text, float8, float8, float8, float8, float8) to anon, authenticated;

grant execute on function public.dataset_info() to anon, authenticated;

-- ------------------------------------------------------------------ cards
-- The card of one feature by id (one-map links and feature_at), under the caller's RLS, with
-- `pending_review` (null when none) on risk points and hazard sources. The proposal is read under
-- the caller's RLS too (SECURITY INVOKER): planners, who may not read proposals, get null.
create or replace function public.feature_card(layer text, id uuid)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_arg(layer, 'layer');
  if feature_card.id is null then
    raise exception 'id is required' using errcode = '22023';
  end if;
  if layer = 'risk_points' then
    select jsonb_build_object('layer', layer, 'id', r.id, 'name', r.name, 'category_code', r.category_code,
      'category_name', c.name_zh, 'category_name_en', c.name_en, 'level', r.level, 'method', r.method,
      'lec_l', r.lec_l, 'lec_e', r.lec_e, 'lec_c', r.lec_c, 'matrix_l', r.matrix_l, 'matrix_s', r.matrix_s,
      'score', r.score, 'enterprise_id', r.enterprise_id, 'enterprise_name', e.name, 'area_code', r.area_code,
      'area_name', app.area_name(r.area_code), 'assessed_by', r.assessed_by, 'assessed_at', r.assessed_at,
      'is_demo', r.is_demo, 'lon', extensions.st_x(r.location), 'lat', extensions.st_y(r.location))
    into result
    from public.risk_points r
    join public.risk_point_categories c on c.code = r.category_code
    left join public.enterprises e on e.id = r.enterprise_id
    where r.id = feature_card.id;
  elsif layer = 'hidden_dangers' then
    select jsonb_build_object('layer', layer, 'id', d.id, 'title', d.title, 'description', d.description,
      'status', d.status, 'severity', d.severity, 'source', d.source,
      'overdue', app.hidden_danger_is_overdue(d.status, d.deadline), 'deadline', d.deadline,
      'listing_level', d.listing_level, 'listing_date', d.listing_date, 'supervising_office', d.supervising_office,
      'enterprise_id', d.enterprise_id, 'enterprise_name', e.name, 'area_code', d.area_code,
      'area_name', app.area_name(d.area_code), 'found_at', d.found_at, 'closed_at', d.closed_at, 'is_demo', d.is_demo,
      'lon', extensions.st_x(d.location), 'lat', extensions.st_y(d.location))
    into result
    from public.hidden_dangers d
    left join public.enterprises e on e.id = d.enterprise_id
    where d.id = feature_card.id;
  elsif layer = 'protective_targets' then
    select jsonb_build_object('layer', layer, 'id', t.id, 'name', t.name, 'target_class', t.target_class,
      'type_code', t.type_code, 'type_name', ty.name_zh, 'type_name_en', ty.name_en, 'population', t.population,
      'area_code', t.area_code, 'area_name', app.area_name(t.area_code), 'is_demo', t.is_demo,
      'geometry_type', extensions.geometrytype(t.geom),
      'lon', extensions.st_x(t.location), 'lat', extensions.st_y(t.location))
    into result
    from public.protective_targets t
    join public.protective_target_types ty on ty.code = t.type_code
    where t.id = feature_card.id;
  elsif layer = 'hazard_sources' then
    select jsonb_build_object('layer', layer, 'id', h.id, 'name', h.name, 'unit_type', h.unit_type,
      'enterprise_id', h.enterprise_id, 'enterprise_name', e.name, 'is_major', h.is_major,
      'major_grade', h.major_grade, 's_value', h.s_value, 'r_value', h.r_value, 'alpha', h.alpha,
      'exposed_population', h.exposed_population, 'area_code', h.area_code, 'area_name', app.area_name(h.area_code),
      'is_demo', h.is_demo,
      'inventory', coalesce((select jsonb_agg(jsonb_build_object('substance', s.name_zh, 'cas', s.cas,
          'quantity_t', i.max_quantity_t, 'critical_t', s.critical_t) order by s.name_zh)
        from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
        where i.hazard_source_id = h.id), '[]'::jsonb),
      'distances', coalesce((select jsonb_agg(jsonb_build_object('target_class', x.target_class,
          'required_m', x.required_m, 'basis', x.basis) order by x.target_class)
        from public.hazard_source_distances x where x.hazard_source_id = h.id), '[]'::jsonb),
      'lon', extensions.st_x(h.location), 'lat', extensions.st_y(h.location))
    into result
    from public.hazard_sources h
    join public.enterprises e on e.id = h.enterprise_id
    where h.id = feature_card.id;
  elsif layer = 'emergency_resources' then
    select jsonb_build_object('layer', layer, 'id', x.id, 'name', x.name, 'resource_type', x.resource_type,
      -- The duty phone lives in emergency_resource_contacts, readable by admin,
      -- command and regulators only; app.duty_phone_of answers null for the others.
      'capacity', x.capacity, 'capacity_unit', x.capacity_unit, 'duty_phone', app.duty_phone_of(x.id),
      'area_code', x.area_code, 'area_name', app.area_name(x.area_code), 'is_demo', x.is_demo,
      'lon', extensions.st_x(x.location), 'lat', extensions.st_y(x.location))
    into result
    from public.emergency_resources x
    where x.id = feature_card.id;
  elsif layer = 'enterprises' then
    select jsonb_build_object('layer', layer, 'id', e.id, 'name', e.name, 'credit_code', e.credit_code,
      'industry_code', e.industry_code, 'industry_name', i.name_zh, 'industry_name_en', i.name_en,
      'address', e.address, 'standardization_grade', e.standardization_grade,
      'relocation_status', e.relocation_status, 'area_code', e.area_code, 'area_name', app.area_name(e.area_code),
      'is_demo', e.is_demo, 'lon', extensions.st_x(e.location), 'lat', extensions.st_y(e.location))
    into result
    from public.enterprises e
    join public.industries i on i.code = e.industry_code
    where e.id = feature_card.id;
  else
    raise exception 'unknown layer "%": expected risk_points, hidden_dangers, protective_targets, hazard_sources, emergency_resources or enterprises', layer
      using errcode = '22023';
  end if;
  -- A pending grading proposal on the record (grading review): the card shows it.
  if result is not null and layer in ('risk_points', 'hazard_sources') then
    result := result || jsonb_build_object('pending_review', (
      select jsonb_build_object('id', p.id, 'old_level', p.old_level, 'new_level', p.new_level,
        'new_inputs', p.new_inputs, 'reason', p.reason, 'proposed_role', p.proposed_role, 'proposed_at', p.proposed_at)
      from public.grading_proposals p
      where p.subject = case layer when 'risk_points' then 'risk_point' else 'hazard_source' end
        and p.subject_id = feature_card.id and p.status = 'pending'));
  end if;
  return result;
end
$$;

revoke execute on function public.feature_card(text, uuid) from public, anon;

grant execute on function public.feature_card(text, uuid) to authenticated, service_role;
