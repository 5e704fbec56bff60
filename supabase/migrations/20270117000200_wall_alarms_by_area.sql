-- The wall's alarm list follows its district tour (issue 17): wall_alarms gains `area` (an
-- administrative code; null = everything the caller may see). With an area, the items, the
-- floods, the counts and the channel counts are of that area only (alarms and channels carry their
-- area code), and the answer names the area. The tour on the wall passes the district it shows.
-- An unknown or malformed code is refused by name. The body is 20261214000100's with the filter.
-- The old one-argument function goes: two overloads would make PostgREST's choice ambiguous.
drop function if exists public.wall_alarms(int);

create or replace function public.wall_alarms(max_items int default 60, area text default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  caller text := app.user_role();
  s record;
  out jsonb;
  apat text;
  named jsonb;
begin
  if caller not in ('admin', 'command', 'regulator', 'planner', 'enterprise') then
    raise exception 'wall_alarms: 仅限工作人员 / staff only' using errcode = '42501';
  end if;
  perform app.require_arg(max_items, 'max_items');
  if max_items < 1 or max_items > 200 then
    raise exception 'max_items: 须为 1–200（收到 %）/ must be 1 to 200 (got %)', max_items, max_items using errcode = '22023';
  end if;
  if area is not null and area !~ '^[0-9]{2,12}$' then
    raise exception 'area: 须为 2–12 位区划代码，如 440703（收到 %）/ must be an administrative code of 2 to 12 digits (got %)', left(area, 40), left(area, 40)
      using errcode = '22023';
  end if;
  if area is not null then
    select jsonb_build_object('code', a.code, 'name', a.name, 'name_en', coalesce(a.name_en, a.name)) into named
    from public.areas a where a.code = area;
    if named is null then
      raise exception 'area: 未知区域代码 % / unknown area code %', area, area using errcode = '22023';
    end if;
  end if;
  apat := app.code_prefix(area) || '%';
  select * into s from app.monitoring_flood_rule();
  with recent as (
    select a.enterprise_id, count(*) as n, max(a.raised_at) as last_at
    from public.monitoring_alarms a
    where a.raised_at > now() - s.flood_window and a.kind <> 'offline'
      and (area is null or a.area_code like apat)
    group by 1
    having count(*) > s.flood_count
  ), open as materialized (
    select a.*, (a.enterprise_id in (select enterprise_id from recent)) as flooded,
      case when a.kind in ('HH', 'LL') then 3 when a.kind in ('H', 'L') then 2 else 1 end as severity
    from public.monitoring_alarms a
    where a.cleared_at is null and a.kind <> 'offline'
      and (area is null or a.area_code like apat)
  ), listed as (
    select o.*, row_number() over (order by (o.acknowledged_at is null) desc, o.severity desc, o.raised_at desc, o.id) as rn
    from open o where not o.flooded
  ), items as (
    select jsonb_agg(jsonb_build_object(
        'id', o.id, 'kind', o.kind, 'severity', o.severity, 'raised_at', o.raised_at,
        'threshold', o.threshold, 'peak', o.peak, 'value', l.v, 'value_at', l.t, 'unit', c.unit,
        'channel_code', c.code, 'channel_name', c.name, 'channel_kind', c.kind,
        'hazard_source_id', o.hazard_source_id, 'source_name', h.name, 'enterprise_id', o.enterprise_id, 'enterprise_name', e.name,
        'lon', round(extensions.st_x(h.location)::numeric, 6), 'lat', round(extensions.st_y(h.location)::numeric, 6),
        'acknowledged_at', o.acknowledged_at, 'acknowledged_role', o.acknowledged_role, 'escalated_at', o.escalated_at)
        order by o.rn) as j
    from listed o
    join public.monitoring_channels c on c.id = o.channel_id
    left join public.monitoring_latest l on l.channel_id = o.channel_id
    join public.hazard_sources h on h.id = o.hazard_source_id
    join public.enterprises e on e.id = o.enterprise_id
    where o.rn <= max_items
  ), floods as (
    select jsonb_agg(jsonb_build_object(
        'enterprise_id', r.enterprise_id, 'enterprise_name', e.name, 'recent', r.n, 'last_at', r.last_at,
        'open', coalesce(x.open, 0), 'severity', coalesce(x.severity, 0), 'unacknowledged', coalesce(x.unacknowledged, 0),
        'escalated', coalesce(x.escalated, 0),
        'lon', round(extensions.st_x(e.location)::numeric, 6), 'lat', round(extensions.st_y(e.location)::numeric, 6))
        order by r.n desc, r.enterprise_id) as j
    from recent r
    join public.enterprises e on e.id = r.enterprise_id
    left join (
      select o.enterprise_id, count(*) as open, max(o.severity) as severity,
        count(*) filter (where o.acknowledged_at is null) as unacknowledged,
        count(*) filter (where o.escalated_at is not null and o.acknowledged_at is null) as escalated
      from open o where o.flooded group by 1) x on x.enterprise_id = r.enterprise_id
  ), channels as (
    select count(*) as total,
      count(*) filter (where l.status = 'offline') as offline,
      count(*) filter (where l.status = 'no_data') as no_data
    from public.monitoring_latest l
    where area is null or exists (select 1 from public.monitoring_channels c where c.id = l.channel_id and c.area_code like apat)
  )
  select jsonb_build_object(
    'as_of', now(),
    'area', named,
    'items', coalesce((select j from items), '[]'::jsonb),
    'floods', coalesce((select j from floods), '[]'::jsonb),
    'counts', jsonb_build_object(
      'active', (select count(*) from open),
      'hh', (select count(*) from open where severity = 3),
      'h', (select count(*) from open where severity = 2),
      'fault', (select count(*) from open where severity = 1),
      'unacknowledged', (select count(*) from open where acknowledged_at is null),
      'escalated', (select count(*) from open where escalated_at is not null and acknowledged_at is null),
      'listed', (select count(*) from listed),
      'channels', (select total from channels),
      'offline', (select offline from channels),
      'no_data', (select no_data from channels)),
    'flood_rule', jsonb_build_object('count', s.flood_count, 'window_s', extract(epoch from s.flood_window)::int))
  into out;
  return out;
end
$$;
comment on function public.wall_alarms(int, text) is
  'The wall''s alarm list: open alarms (not offline) by acknowledgement and severity, floods per enterprise grouped, offline channels counted apart; optionally of one area; under the caller''s RLS.';
revoke execute on function public.wall_alarms(int, text) from public, anon;
grant execute on function public.wall_alarms(int, text) to authenticated, service_role;
