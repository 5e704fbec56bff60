-- planner_targets at scale (issue 15, bench:rpcs: 2.19 s p50 for a ±3 km box in the densest town
-- at 1M targets). The tile was built by seven jsonb_agg(... order by t.id), so PostgreSQL sorted the
-- tile's rows seven times, one sort per column, and looked up the class enum's range once per row.
-- Now the rows are read and sorted once (a subquery ordered by id) and each column is one
-- array_agg over that single ordered input (one Aggregate node feeds every aggregate the same rows in
-- the same order, so the columns stay aligned), the enum range read once. Same answer, value for
-- value (test/db/planner-targets-one-sort.test.ts compares it with the previous body); same checks,
-- errors, roles and enterprise rule as 20261204100900.
create or replace function public.planner_targets(west double precision, south double precision,
  east double precision, north double precision)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  result jsonb;
  role text := app.user_role();
  classes public.protective_class[] := enum_range(null::public.protective_class);
begin
  perform app.require_arg(west, 'west');
  perform app.require_arg(south, 'south');
  perform app.require_arg(east, 'east');
  perform app.require_arg(north, 'north');
  if role not in ('admin', 'command', 'planner', 'regulator', 'enterprise', 'service') then
    raise exception 'planner_targets: protective targets are for signed-in staff only' using errcode = '42501';
  end if;
  if west is null or south is null or east is null or north is null
     or west < -180 or east > 180 or south < -90 or north > 90 then
    raise exception 'planner_targets: the box must lie within longitude -180..180 and latitude -90..90 (got %, %, %, %)',
      west, south, east, north using errcode = '22023';
  end if;
  if west >= east or south >= north then
    raise exception 'planner_targets: west must be less than east and south less than north (got %, %, %, %)',
      west, south, east, north using errcode = '22023';
  end if;
  if east - west > 0.2 or north - south > 0.2 then
    raise exception 'planner_targets: a box is at most 0.2° a side (got % × %); fetch tiles around the site instead',
      round((east - west)::numeric, 4), round((north - south)::numeric, 4) using errcode = '22023';
  end if;
  select jsonb_build_object(
    'count', count(*),
    'id', coalesce(to_jsonb(array_agg(s.id)), '[]'),
    'class', coalesce(to_jsonb(array_agg(s.cls)), '[]'),
    'population', coalesce(to_jsonb(array_agg(s.population)), '[]'),
    'lon', coalesce(to_jsonb(array_agg(s.lon)), '[]'),
    'lat', coalesce(to_jsonb(array_agg(s.lat)), '[]'),
    'shape', coalesce(to_jsonb(array_agg(s.shape)), '[]'))
  into result
  from (
    select t.id,
      array_position(classes, t.target_class) as cls,
      t.population,
      round(extensions.st_x(t.location)::numeric, 7) as lon,
      round(extensions.st_y(t.location)::numeric, 7) as lat,
      case when extensions.geometrytype(t.geom) = 'POINT' then null
        else (extensions.st_asgeojson(extensions.st_multi(t.geom), 7)::jsonb -> 'coordinates') end as shape
    from public.protective_targets t
    where t.geom operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326)
      and (role <> 'enterprise' or t.id in (select n.id from app.enterprise_nearby_targets n))
    order by t.id
  ) s;
  return result;
end
$$;

revoke execute on function public.planner_targets(double precision, double precision, double precision, double precision) from public, anon;
grant execute on function public.planner_targets(double precision, double precision, double precision, double precision) to authenticated, service_role;
