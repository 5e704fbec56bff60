-- Dangerous-goods vehicles on the map (issue 19, the layer): the latest positions in a view and
-- the card of one vehicle. Both run as the caller (security invoker), so the register's RLS
-- decides who sees which vehicle (a carrier its own, a regulator its district's carriers, the
-- command centre, planners and admins all); anon has no grant, and the ingestion identity
-- (app_role 'ingest') and any other non-staff role are refused by name.
--
--   vehicle_map(west, south, east, north)  latest fix of each readable vehicle in the view: at most
--                                          1,000 (vehicles with an open alert first, then the
--                                          freshest), with the total in view, so the answer stays
--                                          one bounded response at a province's scale
--   vehicle_card(vehicle_id)               plate, carrier, cargo (UN number, class and its name),
--                                          capacity, the last fix and today's alerts (China time)

-- The view's search: the GiST index on vehicle_latest.geom (20261213000100) with a bbox test.

create or replace function public.vehicle_map(west float8, south float8, east float8, north float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  caller text := app.user_role();
  -- today in China time (UTC+8, no daylight saving: app.vehicle_settings.local_offset, private)
  day0 timestamptz := ((((now() at time zone 'UTC') + interval '8 hours')::date)::timestamp - interval '8 hours') at time zone 'UTC';
  cap int := 1000;
  out jsonb;
begin
  if caller is null or caller not in ('admin', 'command', 'regulator', 'planner', 'enterprise') then
    raise exception 'vehicle_map: 仅限工作人员 / staff only' using errcode = '42501';
  end if;
  perform app.check_bbox(west, south, east, north);
  with inview as (
    select l.vehicle_id, l.t, l.geom, l.speed_kmh, l.heading, l.zone_ids, l.stopped_since, l.stop_alerted,
      l.signal_lost_alert_id
    from public.vehicle_latest l
    where l.geom operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326)
  ), v as (
    select i.*, d.plate, d.hazard_class, d.un_number, d.in_service,
      -- an open alert: the signal is lost, the stop near a sensitive target goes on, or the vehicle
      -- is still inside a zone it entered (alerted) today
      case
        when i.signal_lost_alert_id is not null then 'signal_lost'
        when exists (select 1 from public.vehicle_alerts a
                     where a.vehicle_id = i.vehicle_id and a.kind = 'restricted_zone' and a.at >= day0
                       and a.zone_id = any (i.zone_ids)) then 'restricted_zone'
        when i.stop_alerted and i.stopped_since is not null then 'stopped_near_sensitive'
      end as alert
    from inview i
    join public.dg_vehicles d on d.id = i.vehicle_id
  ), ranked as (
    select v.*, count(*) over () as total,
      row_number() over (order by (v.alert is not null) desc, v.t desc nulls last, v.vehicle_id) as rn
    from v
  )
  select jsonb_build_object(
      'as_of', now(),
      'total', coalesce(max(r.total), 0),
      'vehicles', coalesce(jsonb_agg(jsonb_build_object(
        'id', r.vehicle_id, 'plate', r.plate, 'hazard_class', r.hazard_class, 'un_number', r.un_number,
        'lon', round(extensions.st_x(r.geom)::numeric, 6), 'lat', round(extensions.st_y(r.geom)::numeric, 6),
        'speed_kmh', r.speed_kmh, 'heading', r.heading, 't', r.t,
        -- signal lost: no fix for more than 5 minutes (vehicle_sweep's rule) or its alert open
        'stale', r.signal_lost_alert_id is not null or r.t < now() - interval '5 minutes',
        'alert', r.alert) order by r.rn), '[]'::jsonb))
  into out
  from ranked r
  where r.rn <= cap;
  return out;
end
$$;
comment on function public.vehicle_map(float8, float8, float8, float8) is
  'Latest fixes of the vehicles the caller may read in a bbox: {as_of, total, vehicles: [≤ 1000, open alerts first]}; staff only.';
revoke execute on function public.vehicle_map(float8, float8, float8, float8) from public, anon;
grant execute on function public.vehicle_map(float8, float8, float8, float8) to authenticated, service_role;

create or replace function public.vehicle_card(vehicle_id uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  caller text := app.user_role();
  day0 timestamptz := ((((now() at time zone 'UTC') + interval '8 hours')::date)::timestamp - interval '8 hours') at time zone 'UTC';
  out jsonb;
begin
  if caller is null or caller not in ('admin', 'command', 'regulator', 'planner', 'enterprise') then
    raise exception 'vehicle_card: 仅限工作人员 / staff only' using errcode = '42501';
  end if;
  perform app.require_arg(vehicle_card.vehicle_id, 'vehicle_id');
  select jsonb_build_object(
      'id', d.id, 'plate', d.plate, 'carrier_enterprise_id', d.carrier_enterprise_id, 'carrier_name', e.name,
      'un_number', d.un_number, 'hazard_class', d.hazard_class, 'class_name_zh', c.name_zh, 'class_name_en', c.name_en,
      'capacity_t', d.capacity_t, 'in_service', d.in_service,
      'lon', round(extensions.st_x(l.geom)::numeric, 6), 'lat', round(extensions.st_y(l.geom)::numeric, 6),
      't', l.t, 'speed_kmh', l.speed_kmh, 'heading', l.heading,
      'stale', l.t is null or l.signal_lost_alert_id is not null or l.t < now() - interval '5 minutes',
      'alerts_today', coalesce((
        select jsonb_agg(jsonb_build_object('id', a.id, 'kind', a.kind, 'at', a.at,
            'zone_name', z.name, 'target_name', t.name) order by a.at desc)
        from (select * from public.vehicle_alerts a0
              where a0.vehicle_id = d.id and a0.at >= day0 order by a0.at desc limit 50) a
        left join public.vehicle_restricted_zones z on z.id = a.zone_id
        left join public.protective_targets t on t.id = a.target_id), '[]'::jsonb))
    into out
  from public.dg_vehicles d
  join public.dg_hazard_classes c on c.code = d.hazard_class
  left join public.enterprises e on e.id = d.carrier_enterprise_id
  left join public.vehicle_latest l on l.vehicle_id = d.id
  where d.id = vehicle_card.vehicle_id;
  if out is null then
    raise exception 'vehicle_id %: 不存在或无权查看 / no such vehicle you may read', vehicle_card.vehicle_id using errcode = '42501';
  end if;
  return out;
end
$$;
comment on function public.vehicle_card(uuid) is
  'One vehicle''s card: register, carrier, cargo class, last fix, today''s alerts (≤ 50, China time); staff under RLS.';
revoke execute on function public.vehicle_card(uuid) from public, anon;
grant execute on function public.vehicle_card(uuid) to authenticated, service_role;
