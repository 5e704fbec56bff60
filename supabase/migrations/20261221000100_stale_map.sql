-- What is due, on the map (issue 15, freshness: "a map filter and a list show stale items by
-- area"): the 待复评 risk points and 待重评 major hazard sources of a view, as the one map's
-- overlay layer `stale` draws them (rings over the points). The rules are freshness_summary's and
-- stale_items' (20261216000100): a risk point whose assessment is older than
-- risk_point_review_months or missing; a major hazard source that app.hazard_source_freshness
-- says is due. Staff only; SECURITY INVOKER, so each caller sees what RLS lets it see.
-- Bounded: items are grouped into screen cells of about 32 px at the zoom (a ring is that large),
-- at most 10,000 cells a call (a 4K wall's view is about 120 × 70 cells), and a cell of one
-- item carries that item's id and exact position, so the card opens on a click.
create or replace function public.stale_points(west float8, south float8, east float8, north float8, zoom float8)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  cell float8;
  cy float8;
  x0 float8;
  y0 float8;
  env extensions.geometry;
  cutoff date;
  small boolean;
  result jsonb;
begin
  perform app.require_staff('stale_points');
  perform app.check_bbox(west, south, east, north);
  if zoom is null or zoom < 0 or zoom > 24 then
    raise exception 'zoom must be 0 to 24, got %', coalesce(zoom::text, 'null') using errcode = '22023';
  end if;
  -- 32 px of a 256 px tile at the zoom, in degrees of longitude; latitude cells shrink with cos(lat)
  cell := 32 * 360.0 / (256 * power(2, zoom));
  cy := cell * cos(radians((south + north) / 2));
  x0 := floor(west / cell) * cell;
  y0 := floor(south / cy) * cy;
  if ((east - x0) / cell) * ((north - y0) / cy) > 10000 then
    raise exception 'stale_points: the view holds more than 10,000 cells at zoom % (zoom in or ask for a smaller box)', zoom
      using errcode = '22023';
  end if;
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  small := (east - west) * (north - south) <= app.small_box_deg2();
  select current_date - make_interval(months => f.risk_point_review_months) into cutoff from public.freshness_settings f;
  with items as (
    select 'risk_points'::text as kind, r.id, extensions.st_x(r.location) as lon, extensions.st_y(r.location) as lat
    from public.risk_points r
    -- under RLS && is no index condition: a street-size box takes the ids from the index (as map_points)
    where (case when small then r.id = any (array(select app.box_ids(1, env))) else r.location operator(extensions.&&) env end)
      and (r.assessed_at is null or r.assessed_at <= cutoff)
    union all
    select 'hazard_sources', h.id, extensions.st_x(h.location), extensions.st_y(h.location)
    from public.hazard_sources h
    where h.is_major and h.location operator(extensions.&&) env
      and (app.hazard_source_freshness(h.id) ->> 'due')::boolean),
  cells as (
    select floor((i.lon - x0) / cell)::int as gx, floor((i.lat - y0) / cy)::int as gy,
      count(*) filter (where i.kind = 'risk_points') as rp,
      count(*) filter (where i.kind = 'hazard_sources') as hs,
      avg(i.lon) as lon, avg(i.lat) as lat,
      case when count(*) = 1 then min(i.kind) end as kind,
      case when count(*) = 1 then min(i.id::text) end as id
    from items i
    group by 1, 2)
  select jsonb_build_object(
    'risk_points', coalesce(sum(c.rp), 0),
    'hazard_sources', coalesce(sum(c.hs), 0),
    'cells', coalesce(jsonb_agg(jsonb_build_object('lon', round(c.lon::numeric, 6), 'lat', round(c.lat::numeric, 6),
        'rp', c.rp, 'hs', c.hs, 'kind', c.kind, 'id', c.id) order by c.hs desc, c.rp desc), '[]'::jsonb))
  into result
  from cells c;
  return result;
end
$$;

revoke execute on function public.stale_points(float8, float8, float8, float8, float8) from public, anon;
grant execute on function public.stale_points(float8, float8, float8, float8, float8) to authenticated, service_role;
