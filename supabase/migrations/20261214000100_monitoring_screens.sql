-- Monitoring on the screens (issue 17): what the one map's monitoring layer and the wall's alarm
-- list read. Both are security invoker: every row comes through the callers' own row-level
-- security on monitoring_channels / monitoring_latest / monitoring_alarms / hazard_sources, so a
-- regulator sees its district's sources and alarms, an enterprise its own, the command centre all.
--
--   monitoring_sources(west, south, east, north)   the one map's layer: hazard sources with channels
--                                                  in the view, their state and counts
--   wall_alarms(max_items)                         the wall's alarm list: open alarms by severity
--                                                  with acknowledgement and escalation, floods
--                                                  grouped per enterprise, offline counted apart
--
-- Floods: more than flood_count (50) alarms raised within flood_window (10 minutes) at one
-- enterprise are one line with a count on the wall, not 51 lines. The rule is the record's
-- (app.monitoring_settings, next to the other monitoring limits), decided here in SQL, so every
-- screen and client groups the same way.

alter table app.monitoring_settings
  add column flood_count int not null default 50 check (flood_count >= 1),
  add column flood_window interval not null default interval '10 minutes' check (flood_window > interval '0');

-- wall_alarms asks every 2 s for the alarms raised in the last flood window (all enterprises):
-- by time, not by scanning the whole history.
create index monitoring_alarms_raised_idx on public.monitoring_alarms (raised_at);

-- The settings stay private; the flood rule is read through this (wall_alarms runs as the caller).
create or replace function app.monitoring_flood_rule(out flood_count int, out flood_window interval)
language sql
stable
security definer
set search_path = ''
as $$
  select s.flood_count, s.flood_window from app.monitoring_settings s
$$;
revoke all on function app.monitoring_flood_rule() from public, anon;
grant execute on function app.monitoring_flood_rule() to authenticated, service_role;

-- The state of a hazard source from its channels: an open HH/LL alarm > H/L > fault > offline (a
-- channel without readings for 3 intervals, or never read) > normal. Offline is never normal.
create or replace function public.monitoring_sources(west float8, south float8, east float8, north float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  caller text := app.user_role();
  out jsonb;
begin
  if caller not in ('admin', 'command', 'regulator', 'planner', 'enterprise') then
    raise exception 'monitoring_sources: 仅限工作人员 / staff only' using errcode = '42501';
  end if;
  perform app.check_bbox(west, south, east, north);
  with src as (
    select h.id, h.name, h.enterprise_id, h.is_major, h.major_grade,
      extensions.st_x(h.location) as lon, extensions.st_y(h.location) as lat
    from public.hazard_sources h
    where h.location operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326)
  ), ch as (
    select c.hazard_source_id,
      count(*) as channels,
      count(*) filter (where l.status = 'offline') as offline,
      count(*) filter (where l.status = 'no_data') as no_data
    from public.monitoring_channels c
    join public.monitoring_latest l on l.channel_id = c.id
    where c.hazard_source_id in (select id from src)
    group by 1
  ), al as (
    select a.hazard_source_id,
      count(*) filter (where a.kind in ('HH', 'LL')) as hh,
      count(*) filter (where a.kind in ('H', 'L')) as h,
      count(*) filter (where a.kind = 'fault') as fault,
      count(*) filter (where a.kind <> 'offline' and a.acknowledged_at is null) as unacknowledged,
      count(*) filter (where a.kind <> 'offline' and a.escalated_at is not null and a.acknowledged_at is null) as escalated
    from public.monitoring_alarms a
    where a.cleared_at is null and a.hazard_source_id in (select id from src)
    group by 1
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', s.id, 'name', s.name, 'enterprise_name', e.name, 'is_major', s.is_major, 'major_grade', s.major_grade,
      'lon', round(s.lon::numeric, 6), 'lat', round(s.lat::numeric, 6),
      'state', case when coalesce(al.hh, 0) > 0 then 'hh' when coalesce(al.h, 0) > 0 then 'h' when coalesce(al.fault, 0) > 0 then 'fault'
                    when ch.offline + ch.no_data > 0 then 'offline' else 'normal' end,
      'channels', ch.channels, 'offline', ch.offline, 'no_data', ch.no_data,
      'hh', coalesce(al.hh, 0), 'h', coalesce(al.h, 0), 'fault', coalesce(al.fault, 0),
      'unacknowledged', coalesce(al.unacknowledged, 0), 'escalated', coalesce(al.escalated, 0))
      -- the worst drawn last (on top)
      order by (case when coalesce(al.hh, 0) > 0 then 4 when coalesce(al.h, 0) > 0 then 3 when coalesce(al.fault, 0) > 0 then 2
                     when ch.offline + ch.no_data > 0 then 1 else 0 end), s.id), '[]'::jsonb)
  into out
  from src s
  join ch on ch.hazard_source_id = s.id
  join public.enterprises e on e.id = s.enterprise_id
  left join al on al.hazard_source_id = s.id;
  return out;
end
$$;
comment on function public.monitoring_sources(float8, float8, float8, float8) is
  'The one map''s monitoring layer: hazard sources with channels in the bbox, state (hh / h / fault / offline / normal) and counts, under the caller''s RLS.';
revoke execute on function public.monitoring_sources(float8, float8, float8, float8) from public, anon;
grant execute on function public.monitoring_sources(float8, float8, float8, float8) to authenticated, service_role;

-- The wall's alarm list. Open alarms other than offline (those are counted apart, by channel),
-- unacknowledged first, then by severity (HH/LL, H/L, fault), newest first; at most max_items
-- lines (1–200). An enterprise in flood (> flood_count alarms raised within flood_window) is one
-- line in `floods` with its counts, and its alarms are not listed one by one.
create or replace function public.wall_alarms(max_items int default 60)
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
begin
  if caller not in ('admin', 'command', 'regulator', 'planner', 'enterprise') then
    raise exception 'wall_alarms: 仅限工作人员 / staff only' using errcode = '42501';
  end if;
  perform app.require_arg(max_items, 'max_items');
  if max_items < 1 or max_items > 200 then
    raise exception 'max_items: 须为 1–200（收到 %）/ must be 1 to 200 (got %)', max_items, max_items using errcode = '22023';
  end if;
  select * into s from app.monitoring_flood_rule();
  with recent as (
    select a.enterprise_id, count(*) as n, max(a.raised_at) as last_at
    from public.monitoring_alarms a
    where a.raised_at > now() - s.flood_window and a.kind <> 'offline'
    group by 1
    having count(*) > s.flood_count
  ), open as materialized (
    select a.*, (a.enterprise_id in (select enterprise_id from recent)) as flooded,
      case when a.kind in ('HH', 'LL') then 3 when a.kind in ('H', 'L') then 2 else 1 end as severity
    from public.monitoring_alarms a
    where a.cleared_at is null and a.kind <> 'offline'
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
  )
  select jsonb_build_object(
    'as_of', now(),
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
comment on function public.wall_alarms(int) is
  'The wall''s alarm list: open alarms (not offline) by acknowledgement and severity, floods per enterprise grouped, offline channels counted apart; under the caller''s RLS.';
revoke execute on function public.wall_alarms(int) from public, anon;
grant execute on function public.wall_alarms(int) to authenticated, service_role;

-- The scheduler where pg_cron exists (hosted Supabase: enable it under Database → Extensions):
-- monitoring_sweep every 5 seconds (offline and escalation), partition maintenance daily. The
-- local stacks have no pg_cron (their runner calls both itself), so this block does nothing there:
-- it is untested locally. cron.schedule with a job name replaces a job of that name.
do $$
begin
  if exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron') then
    execute $q$select cron.schedule('monitoring-sweep', '5 seconds', 'select public.monitoring_sweep()')$q$;
    execute $q$select cron.schedule('monitoring-partitions', '17 3 * * *', 'select public.monitoring_maintain_partitions()')$q$;
  end if;
end
$$;
