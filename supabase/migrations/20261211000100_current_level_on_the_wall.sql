-- The wall, the area summaries and the "raised to red" alert follow the current level (issue 15):
-- a risk point's colour there is its assessed level raised by the rules in risk_level_rules (an
-- open major hidden danger at the point → red), as on the map and in the counts since
-- 20261207000200. Same bodies as 20261204101000 but for where the level is read:
--   app.area_risk_summary   counts and highest level by current_level
--   wall_summary            risk points by current_level
--   wall_changes            level_raised_red from the current-level log (re-assessed red or raised
--                           by a rule), and new risk points whose current level is red

create or replace function app.area_risk_summary(audience text, level text)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  staff boolean := audience <> 'public';
  lvl public.area_level;
  result jsonb;
begin
  begin
    lvl := level::public.area_level;
  exception when invalid_text_representation then
    raise exception 'unknown area level "%": expected city, district, street or grid', level using errcode = '22023';
  end;
  with cities as (
    select a.code, app.code_prefix(a.code) || '%' as pat from public.areas a where a.level = 'city'
  ), rp0 as (
    select r.area_code,
      count(*) filter (where r.current_level = 1) as l1, count(*) filter (where r.current_level = 2) as l2,
      count(*) filter (where r.current_level = 3) as l3, count(*) filter (where r.current_level = 4) as l4,
      min(r.current_level) as highest
    from public.risk_points r group by 1
  ), hs0 as (
    select h.area_code,
      count(*) filter (where h.major_grade = 1) as g1, count(*) filter (where h.major_grade = 2) as g2,
      count(*) filter (where h.major_grade = 3) as g3, count(*) filter (where h.major_grade = 4) as g4
    from public.hazard_sources h where staff and h.is_major group by 1
  ), hd0 as (
    select d.area_code,
      count(*) filter (where d.status not in ('closed', 'rejected')) as open,
      count(*) filter (where d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')) as overdue
    from public.hidden_dangers d where staff group by 1
  ), codes as (
    -- app.area_at_level(area_code, lvl), once per distinct code
    select c.area_code, case lvl
        when 'district' then case when length(c.area_code) >= 6 and right(left(c.area_code, 6), 2) <> '00' then left(c.area_code, 6) end
        when 'street' then case when length(c.area_code) >= 9 then left(c.area_code, 9) end
        when 'grid' then case when length(c.area_code) >= 12 then left(c.area_code, 12) end
        else (select ci.code from cities ci where c.area_code like ci.pat limit 1)
      end as code
    from (select area_code from rp0 union select area_code from hs0 union select area_code from hd0) c
    where c.area_code is not null -- (rows without one belong to no area at any level)
  ), rp as (
    select k.code, sum(x.l1)::bigint as l1, sum(x.l2)::bigint as l2, sum(x.l3)::bigint as l3, sum(x.l4)::bigint as l4,
      min(x.highest) as highest
    from rp0 x join codes k on k.area_code = x.area_code group by 1
  ), hs as (
    select k.code, sum(x.g1)::bigint as g1, sum(x.g2)::bigint as g2, sum(x.g3)::bigint as g3, sum(x.g4)::bigint as g4
    from hs0 x join codes k on k.area_code = x.area_code group by 1
  ), hd as (
    select k.code, sum(x.open)::bigint as open, sum(x.overdue)::bigint as overdue
    from hd0 x join codes k on k.area_code = x.area_code group by 1
  )
  select coalesce(jsonb_agg(
      jsonb_build_object('code', a.code, 'name', a.name,
        'risk_points', jsonb_build_object('1', coalesce(rp.l1, 0), '2', coalesce(rp.l2, 0), '3', coalesce(rp.l3, 0), '4', coalesce(rp.l4, 0)),
        'level', coalesce(o.level, rp.highest))
      || case when staff then jsonb_build_object(
        'parent_code', a.parent_code,
        'highest_level', rp.highest,
        'override', case when o.area_code is not null then jsonb_build_object('level', o.level, 'reason', o.reason,
                      'assessed_by', o.assessed_by, 'assessed_at', o.assessed_at) end,
        'major_hazards', jsonb_build_object('1', coalesce(hs.g1, 0), '2', coalesce(hs.g2, 0), '3', coalesce(hs.g3, 0), '4', coalesce(hs.g4, 0)),
        'hidden_dangers', jsonb_build_object('open', coalesce(hd.open, 0), 'overdue', coalesce(hd.overdue, 0)))
      else '{}'::jsonb end
    order by a.code), '[]')
  into result
  from public.areas a
  left join rp on rp.code = a.code
  left join hs on hs.code = a.code
  left join hd on hd.code = a.code
  left join public.area_risk_assessments o on o.area_code = a.code
  where a.level = lvl;
  return result;
end
$$;

create or replace function public.wall_summary(area_code text default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  pat text;
  n_weeks constant int := 12;
  result jsonb;
begin
  perform app.require_staff('wall_summary');
  pat := app.wall_area_pattern(area_code);
  with rp as (
    select r.current_level as level, count(*) as n from public.risk_points r
    where (pat = '%' or r.area_code like pat) group by r.current_level
  ), hs as (
    select count(*) as total,
      count(*) filter (where h.is_major) as major,
      count(*) filter (where h.major_grade = 1) as g1, count(*) filter (where h.major_grade = 2) as g2,
      count(*) filter (where h.major_grade = 3) as g3, count(*) filter (where h.major_grade = 4) as g4,
      count(*) filter (where h.is_major and h.major_grade is null) as ungraded
    from public.hazard_sources h where (pat = '%' or h.area_code like pat)
  ), hd as (
    select count(*) as total,
      count(*) filter (where d.status not in ('closed', 'rejected')) as open,
      count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected')) as major_open,
      count(*) filter (where (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected'))) as overdue,
      count(*) filter (where d.listing_level is not null and d.status <> 'closed') as listed,
      count(*) filter (where d.status = 'closed') as closed,
      count(*) filter (where d.status not in ('reported', 'rejected')) as assessed
    from public.hidden_dangers d where (pat = '%' or d.area_code like pat)
  ), wk as (
    select gs::date as week_start from generate_series(
      date_trunc('week', now()) - make_interval(weeks => n_weeks - 1), date_trunc('week', now()), interval '1 week') gs
  ), closures as (
    select date_trunc('week', d.closed_at)::date as week_start, count(*) as n
    from public.hidden_dangers d
    where d.closed_at >= date_trunc('week', now()) - make_interval(weeks => n_weeks - 1)
      and (pat = '%' or d.area_code like pat)
    group by 1
  ), er as (
    select e.resource_type::text as t, count(*) as n from public.emergency_resources e
    where (pat = '%' or e.area_code like pat) group by 1
  )
  select jsonb_build_object(
    'area', (select jsonb_build_object('code', a.code, 'name', a.name, 'name_en', a.name_en, 'level', a.level)
             from public.areas a where a.code = wall_summary.area_code),
    'as_of', now(),
    'watermark', now(),
    'risk_points', (select jsonb_build_object(
        'by_level', jsonb_build_object(
          '1', coalesce((select n from rp where level = 1), 0), '2', coalesce((select n from rp where level = 2), 0),
          '3', coalesce((select n from rp where level = 3), 0), '4', coalesce((select n from rp where level = 4), 0)),
        'total', coalesce((select sum(n) from rp), 0))),
    'hazard_sources', (select jsonb_build_object('total', hs.total, 'major', hs.major,
        'by_grade', jsonb_build_object('1', hs.g1, '2', hs.g2, '3', hs.g3, '4', hs.g4), 'ungraded', hs.ungraded) from hs),
    'hidden_dangers', (select jsonb_build_object('total', hd.total, 'open', hd.open, 'major_open', hd.major_open,
        'overdue', hd.overdue, 'listed', hd.listed, 'closed', hd.closed, 'assessed', hd.assessed,
        -- closed / (registered and later), as hidden_danger_stats() computes it
        'rectification_rate', round(hd.closed::numeric / nullif(hd.assessed, 0), 4)) from hd),
    'closures_by_week', (select jsonb_agg(jsonb_build_object('week_start', wk.week_start, 'closed', coalesce(c.n, 0))
        order by wk.week_start) from wk left join closures c on c.week_start = wk.week_start),
    'emergency_resources', coalesce((select jsonb_object_agg(er.t, er.n) from er), '{}'::jsonb),
    -- the open major hidden dangers to put on the wall by name: overdue first, then by deadline
    'major_list', (select coalesce(jsonb_agg(x.j order by x.overdue desc, x.deadline nulls last, x.id), '[]'::jsonb) from (
        select d.id, (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')) as overdue, d.deadline,
          jsonb_build_object('id', d.id, 'title', d.title, 'status', d.status, 'listing_level', d.listing_level,
            'deadline', d.deadline, 'overdue', (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')),
            'area_code', d.area_code, 'area_name', (select a.name from public.areas a where a.code = app.area_at_level(d.area_code, 'district')),
            'lon', extensions.st_x(d.location), 'lat', extensions.st_y(d.location)) as j
        from public.hidden_dangers d
        where d.severity = 'major' and d.status not in ('closed', 'rejected') and (pat = '%' or d.area_code like pat)
        order by 2 desc, d.deadline nulls last, d.id
        limit 10) x))
  into result;
  return result;
end
$$;

create or replace function public.wall_changes(since timestamptz)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  reread constant interval := interval '5 seconds';
  max_rows constant int := 500;
  since_eff timestamptz;
  dangers jsonb;
  points jsonb;
  alerts jsonb;
  n_dangers int;
begin
  perform app.require_staff('wall_changes');
  if since is null then
    raise exception 'since is required: pass the watermark of the previous wall_changes() call, or the one wall_summary() returned'
      using errcode = '22023';
  end if;
  if since > now() + interval '1 minute' then
    raise exception 'since (%) is in the future; pass a watermark this service returned', since using errcode = '22023';
  end if;
  if since < now() - interval '7 days' then
    raise exception 'since (%) is more than 7 days back: reload the figures with wall_summary() and poll from its watermark', since
      using errcode = '22023';
  end if;
  since_eff := since - reread;

  select count(*)::int, coalesce(jsonb_agg(x order by x ->> 'updated_at'), '[]') into n_dangers, dangers from (
    select jsonb_build_object('key', 'hd:' || d.id || '@' || d.updated_at, 'id', d.id, 'title', d.title,
      'status', d.status, 'severity', d.severity, 'overdue', app.hidden_danger_is_overdue(d.status, d.deadline),
      'listing_level', d.listing_level, 'deadline', d.deadline, 'area_code', d.area_code,
      'is_new', d.created_at > since_eff, 'updated_at', d.updated_at,
      'lon', extensions.st_x(d.location), 'lat', extensions.st_y(d.location)) as x
    from public.hidden_dangers d
    where d.updated_at > since_eff
    order by d.updated_at desc
    limit max_rows) s;

  with changes as (
    select 'rp:' || c.id as key, c.risk_point_id as id, r.name, c.old_level, c.new_level, c.at,
      r.area_code, extensions.st_x(r.location) as lon, extensions.st_y(r.location) as lat
    from public.risk_point_level_changes c
    join public.risk_points r on r.id = c.risk_point_id
    where c.at > since_eff
    union all
    select 'rp-new:' || r.id, r.id, r.name, null, r.level, r.created_at,
      r.area_code, extensions.st_x(r.location), extensions.st_y(r.location)
    from public.risk_points r
    where r.created_at > since_eff
  )
  select coalesce(jsonb_agg(jsonb_build_object('key', c.key, 'id', c.id, 'name', c.name, 'old_level', c.old_level,
      'new_level', c.new_level, 'at', c.at, 'area_code', c.area_code, 'lon', c.lon, 'lat', c.lat) order by c.at), '[]')
  into points
  from (select * from changes order by at desc limit max_rows) c;

  with a as (
    -- assessed (or re-assessed) as major: the lifecycle's own record of it
    select 'new_major_danger' as kind, 'major:' || e.id as key, e.at, d.id, d.title as title, null::smallint as level,
      d.listing_level::text as listing_level, extensions.st_x(d.location) as lon, extensions.st_y(d.location) as lat, d.area_code
    from public.hidden_danger_events e
    join public.hidden_dangers d on d.id = e.hidden_danger_id
    where e.at > since_eff
      and (e.action = 'reassessed' or (e.action = 'transition' and e.to_status = 'registered'))
      and e.details ->> 'severity' = 'major'
    union all
    -- overdue from the start of the day after the deadline: deadline >= since's date and < today
    select 'new_overdue', 'overdue:' || d.id || ':' || d.deadline, (d.deadline + 1)::timestamptz, d.id, d.title, null,
      d.listing_level::text, extensions.st_x(d.location), extensions.st_y(d.location), d.area_code
    from public.hidden_dangers d
    where d.status not in ('closed', 'rejected')
      and d.deadline >= (since_eff)::date and d.deadline < current_date
      and (d.deadline + 1)::timestamptz > since_eff
    union all
    -- the current level became red: re-assessed red, or raised by a rule (an open major hidden
    -- danger at the point …); its log has both
    select 'level_raised_red', 'red:cl:' || c.id, c.at, c.risk_point_id, r.name, 1,
      null, extensions.st_x(r.location), extensions.st_y(r.location), r.area_code
    from public.risk_point_current_level_changes c
    join public.risk_points r on r.id = c.risk_point_id
    where c.at > since_eff and c.new_level = 1 and c.old_level is distinct from 1
    union all
    -- a new risk point that is red (unless its log already says so above: one alert per point)
    select 'level_raised_red', 'red:rp-new:' || r.id, r.created_at, r.id, r.name, 1,
      null, extensions.st_x(r.location), extensions.st_y(r.location), r.area_code
    from public.risk_points r
    where r.created_at > since_eff and r.current_level = 1
      and not exists (select 1 from public.risk_point_current_level_changes c
                      where c.risk_point_id = r.id and c.at > since_eff and c.new_level = 1)
  )
  select coalesce(jsonb_agg(jsonb_build_object('kind', a.kind, 'key', a.key, 'at', a.at, 'id', a.id, 'title', a.title,
      'level', a.level, 'listing_level', a.listing_level, 'lon', a.lon, 'lat', a.lat, 'area_code', a.area_code)
      order by a.at, a.key), '[]')
  into alerts
  from (select * from a order by a.at desc limit max_rows) a;

  return jsonb_build_object('since', since, 'watermark', now(), 'reread_seconds', extract(epoch from reread)::int,
    'hidden_dangers', dangers, 'risk_points', points, 'alerts', alerts,
    'truncated', n_dangers >= max_rows or jsonb_array_length(points) >= max_rows or jsonb_array_length(alerts) >= max_rows);
end
$$;
