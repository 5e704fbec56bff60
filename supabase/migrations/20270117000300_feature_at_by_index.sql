-- A click on the map (feature_at) at scale (issue 15, found by bench:rpcs): under RLS PostGIS's
-- st_dwithin is not leakproof, so the caller's query could not use the layer's geography index and
-- measured every row's geodesic distance: 0.32 s for a 30 m click at 100,000 risk points as an
-- admin, growing with the table. Now the ids within the radius come from the geography index in
-- a definer (app.near_ids: ids only, schema app, which the API does not expose), and those rows
-- are read by primary key under the caller's RLS, which decides what may be hit, as map_points
-- does for street boxes (20261204200300). Same answers: test/db/feature-at-index.test.ts
-- compares with the distance computed for every row.

create or replace function app.near_ids(layer text, p extensions.geometry, radius_m float8)
returns setof uuid
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  -- feature_at's layers (it checks first; checked again so that this never formats another name)
  if layer is null or layer not in ('risk_points', 'hidden_dangers', 'protective_targets', 'hazard_sources', 'emergency_resources', 'enterprises') then
    raise exception 'near_ids: unknown layer "%"', layer using errcode = '22023';
  end if;
  return query execute format('select x.id from public.%I x where extensions.st_dwithin(x.%I::extensions.geography, $1::extensions.geography, $2)',
    layer, case when layer in ('protective_targets', 'hazard_sources') then 'geom' else 'location' end)
    using p, radius_m;
end
$$;
revoke execute on function app.near_ids(text, extensions.geometry, float8) from public, anon;
grant execute on function app.near_ids(text, extensions.geometry, float8) to authenticated, service_role;

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
  -- the rows within the radius from the geography index (app.near_ids), read by id under RLS
  execute format('select x.id from public.%I x
    where x.id = any (array(select app.near_ids($3, $1, $2)))
      and extensions.st_dwithin(x.%I::extensions.geography, $1::extensions.geography, $2) and %s
    order by x.%I operator(extensions.<->) $1%s limit 1', src.tbl, src.col, src.cond, src.col, src.tie)
    into hit using p, radius_m, layer;
  return case when hit is null then null else public.feature_card(layer, hit) end;
end
$$;
