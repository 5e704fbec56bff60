-- The public view follows the dynamic level too (issue 15): what the public sees around a place
-- (public_around: items and counts) and the card of the nearest risk point (public_feature_at)
-- give a risk point's current_level (its assessed level raised by the dynamic rules, 20261207000200)
-- instead of the assessed level, as the public map and counts already do (20261207000300). The
-- bodies are the live ones (20261204101100, 20261204100700) with `r.level` read as
-- `r.current_level`; nothing else changed. Where no rule applies the answers are as before.

create or replace function public.public_around(lon float8, lat float8, radius_m float8)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  max_items constant int := 300;
  p extensions.geometry;
  pg extensions.geography;
  result jsonb;
begin
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  perform app.require_arg(radius_m, 'radius_m');
  if lon is null or lat is null then
    raise exception 'public_around needs lon and lat (got %, %)', lon, lat using errcode = '22023';
  end if;
  if lon not between -180 and 180 or lat not between -90 and 90 or lon = 'NaN'::float8 or lat = 'NaN'::float8 then
    raise exception 'centre (%, %) is not a valid longitude/latitude: longitude within [-180, 180], latitude within [-90, 90]', lon, lat
      using errcode = '22023';
  end if;
  if radius_m is null or radius_m = 'NaN'::float8 or radius_m < 100 or radius_m > 5000 then
    raise exception 'radius_m must be between 100 and 5000 metres (got %)', radius_m using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  pg := p::extensions.geography;

  with rp as (
    select r.current_level as level, r.category_code, c.name_zh, c.name_en, r.area_code,
      round(extensions.st_x(r.location)::numeric, 3) as alon, round(extensions.st_y(r.location)::numeric, 3) as alat
    from public.risk_points r
    join public.risk_point_categories c on c.code = r.category_code
    where extensions.st_dwithin(r.location::extensions.geography, pg, radius_m + 150)
  ), rp_d as (
    select rp.*, extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(rp.alon, rp.alat), 4326)::extensions.geography, pg) as d
    from rp
  ), mh as (
    select h.major_grade, e.name as enterprise_name, h.area_code,
      (select max(x.required_m) from public.hazard_source_distances x where x.hazard_source_id = h.id) as advice_distance_m,
      round(extensions.st_x(h.location)::numeric, 3) as alon, round(extensions.st_y(h.location)::numeric, 3) as alat
    from public.hazard_sources h
    join public.enterprises e on e.id = h.enterprise_id
    where h.is_major and extensions.st_dwithin(h.geom::extensions.geography, pg, radius_m + 150)
  ), mh_d as (
    select mh.*, extensions.st_distance(extensions.st_setsrid(extensions.st_makepoint(mh.alon, mh.alat), 4326)::extensions.geography, pg) as d
    from mh
  ), er as (
    -- the same public facilities, at the same exact positions, as public_map_features shows
    select x.resource_type, x.name, x.area_code, extensions.st_x(x.location) as elon, extensions.st_y(x.location) as elat,
      extensions.st_distance(x.location::extensions.geography, pg) as d
    from public.emergency_resources x
    where x.resource_type in ('shelter', 'hospital', 'fire_station')
      and extensions.st_dwithin(x.location::extensions.geography, pg, radius_m)
  ), items as (
    select d, 1 as kind_order, level as rank, jsonb_build_object('kind', 'risk_point', 'level', level,
        'category_code', category_code, 'category_name', name_zh, 'category_name_en', name_en,
        'advice_key', category_code,
        'area_name', app.area_name(left(area_code, 9)), 'district_name', app.area_name(left(area_code, 6)), 'district_name_en', app.area_name_en(left(area_code, 6)),
        'lon', alon, 'lat', alat, 'distance_m', round(d::numeric, -1)) as item
    from rp_d where d <= radius_m
    union all
    select d, 0, major_grade, jsonb_build_object('kind', 'major_hazard', 'major_grade', major_grade,
        'enterprise_name', enterprise_name, 'advice_key', 'major_hazard', 'advice_distance_m', advice_distance_m,
        'area_name', app.area_name(left(area_code, 9)), 'district_name', app.area_name(left(area_code, 6)), 'district_name_en', app.area_name_en(left(area_code, 6)),
        'lon', alon, 'lat', alat, 'distance_m', round(d::numeric, -1))
    from mh_d where d <= radius_m
    union all
    select d, 2, 0, jsonb_build_object('kind', 'resource', 'resource_type', resource_type, 'name', name,
        'advice_key', resource_type,
        'area_name', app.area_name(left(area_code, 9)), 'district_name', app.area_name(left(area_code, 6)), 'district_name_en', app.area_name_en(left(area_code, 6)),
        'lon', elon, 'lat', elat, 'distance_m', round(d::numeric, -1))
    from er
  ), ranked as (
    select item, row_number() over (order by round(d::numeric, -1), kind_order, rank, item ->> 'category_code', item ->> 'lon', item ->> 'lat') as n
    from items
  )
  select jsonb_build_object(
    'lon', public_around.lon, 'lat', public_around.lat, 'radius_m', radius_m,
    'counts', jsonb_build_object(
      'risk_points', jsonb_build_object(
        '1', (select count(*) from rp_d where d <= radius_m and level = 1),
        '2', (select count(*) from rp_d where d <= radius_m and level = 2),
        '3', (select count(*) from rp_d where d <= radius_m and level = 3),
        '4', (select count(*) from rp_d where d <= radius_m and level = 4)),
      'major_hazards', (select count(*) from mh_d where d <= radius_m),
      'resources', (select count(*) from er)),
    'total', (select count(*) from ranked),
    'truncated', (select count(*) > max_items from ranked),
    'items', coalesce((select jsonb_agg(item order by n) from ranked where n <= max_items), '[]'::jsonb))
  into result;
  return result;
end
$$;

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
    'category_name', c.name_zh, 'category_name_en', c.name_en, 'level', r.current_level,
    'public_advice', c.public_advice_zh, 'area_name', app.area_name(left(r.area_code, 6)),
    'lon', round(extensions.st_x(r.location)::numeric, 3), 'lat', round(extensions.st_y(r.location)::numeric, 3))
  into result
  from public.risk_points r
  join public.risk_point_categories c on c.code = r.category_code
  where extensions.st_dwithin(r.location::extensions.geography, p::extensions.geography, radius_m + 150)
  order by r.location operator(extensions.<->) p, r.current_level
  limit 1;
  return result;
end
$$;
