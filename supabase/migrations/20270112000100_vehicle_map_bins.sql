-- Vehicles beyond 1,000 in a view (issue 19, follow-up): vehicle_map answered at most 1,000
-- vehicles (open alerts first, then the freshest) with the total, and the map drew those 1,000
-- only: a province-wide view of a busy day dropped every other vehicle from the map (the one map's
-- panel said "showing 1,000", the wall said nothing). It answers one jsonb value, so PostgREST's
-- max-rows never cut it; the cut was this function's own.
--
-- Now, when more than 1,000 readable vehicles lie in the view, the answer bins them as the point
-- layers do: every vehicle with an open alert still comes on its own (≤ 1,000, the alerts are the
-- story), and all the others are counted in cells of a grid aligned to the globe (a power of two
-- degrees, at least 1/48 of the view's longer side: ≤ 50 × 50 cells, bounded whatever the view),
-- each cell with its count, its silent vehicles and the mean position of its vehicles. Nothing is
-- lost: total = vehicles + the sum of the bins' counts. Zoomed in to ≤ 1,000 vehicles the answer is
-- as before (each vehicle, bins empty). Same signature, same RLS (security invoker): bins count
-- only the vehicles the caller may read.
--
--   vehicle_map(west, south, east, north) → {as_of, total, vehicles: [...], bins: [{lon, lat, n,
--       stale}], cell_deg: null | degrees}

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
  cell float8;
  out jsonb;
begin
  if caller is null or caller not in ('admin', 'command', 'regulator', 'planner', 'enterprise') then
    raise exception 'vehicle_map: 仅限工作人员 / staff only' using errcode = '42501';
  end if;
  perform app.check_bbox(west, south, east, north);
  -- the bins' cell: a power of two degrees, at least 1/48 of the view's longer side
  cell := 2 ^ ceil(log(2::numeric, (greatest(east - west, north - south) / 48)::numeric))::float8;
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
      end as alert,
      i.signal_lost_alert_id is not null or i.t < now() - interval '5 minutes' as stale
    from inview i
    join public.dg_vehicles d on d.id = i.vehicle_id
  ), ranked as materialized (
    select v.*, count(*) over () as total,
      row_number() over (order by (v.alert is not null) desc, v.t desc nulls last, v.vehicle_id) as rn
    from v
  ), listed as (
    -- all when they fit in one answer; else the alerting ones (at most cap)
    select r.* from ranked r
    where r.rn <= cap and (r.total <= cap or r.alert is not null)
  ), binned as (
    select floor(extensions.st_x(r.geom) / cell) as gx, floor(extensions.st_y(r.geom) / cell) as gy,
      count(*) as n, count(*) filter (where r.stale) as n_stale,
      avg(extensions.st_x(r.geom)) as x, avg(extensions.st_y(r.geom)) as y
    from ranked r
    where r.total > cap and not (r.rn <= cap and r.alert is not null)
    group by 1, 2
  )
  select jsonb_build_object(
      'as_of', now(),
      'total', coalesce((select max(r.total) from ranked r), 0),
      'vehicles', coalesce((select jsonb_agg(jsonb_build_object(
        'id', r.vehicle_id, 'plate', r.plate, 'hazard_class', r.hazard_class, 'un_number', r.un_number,
        'lon', round(extensions.st_x(r.geom)::numeric, 6), 'lat', round(extensions.st_y(r.geom)::numeric, 6),
        'speed_kmh', r.speed_kmh, 'heading', r.heading, 't', r.t,
        -- signal lost: no fix for more than 5 minutes (vehicle_sweep's rule) or its alert open
        'stale', r.stale,
        'alert', r.alert) order by r.rn) from listed r), '[]'::jsonb),
      'bins', coalesce((select jsonb_agg(jsonb_build_object(
        'lon', round(b.x::numeric, 6), 'lat', round(b.y::numeric, 6), 'n', b.n, 'stale', b.n_stale) order by b.gy, b.gx)
        from binned b), '[]'::jsonb),
      'cell_deg', case when exists (select 1 from binned) then cell end)
  into out;
  return out;
end
$$;
comment on function public.vehicle_map(float8, float8, float8, float8) is
  'Latest fixes of the vehicles the caller may read in a bbox: {as_of, total, vehicles, bins, cell_deg}; beyond 1000 in view the alerting ones alone and the rest binned on a grid of cell_deg (total = vehicles + Σ bins.n); staff only.';
revoke execute on function public.vehicle_map(float8, float8, float8, float8) from public, anon;
grant execute on function public.vehicle_map(float8, float8, float8, float8) to authenticated, service_role;
