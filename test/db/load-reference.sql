-- The bodies of wall_summary, layer_counts, public_layer_counts, area_risk_summary and
-- public_area_risk_summary before they were made cheaper (test/db/load.test.ts compares the
-- live functions with these, for every role). Verbatim from the migrations that first defined
-- them, before the baseline squash; a reference for the test only, never applied as a migration.
-- One change since: the city's day (app.today(), Beijing weeks) where they used the session's,
-- as 20270110000100_city_today.sql did to the live functions.

-- wall_summary (from 20261124001200_wall.sql)
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
    select r.level, count(*) as n from public.risk_points r
    where (pat = '%' or r.area_code like pat) group by r.level
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
      count(*) filter (where app.hidden_danger_is_overdue(d.status, d.deadline)) as overdue,
      count(*) filter (where d.listing_level is not null and d.status <> 'closed') as listed,
      count(*) filter (where d.status = 'closed') as closed,
      count(*) filter (where d.status not in ('reported', 'rejected')) as assessed
    from public.hidden_dangers d where (pat = '%' or d.area_code like pat)
  ), wk as (
    select app.city_date(gs) as week_start from generate_series(
      date_trunc('week', now(), 'Asia/Shanghai') - make_interval(weeks => n_weeks - 1), date_trunc('week', now(), 'Asia/Shanghai'), interval '1 week') gs
  ), closures as (
    select app.city_date(date_trunc('week', d.closed_at, 'Asia/Shanghai')) as week_start, count(*) as n
    from public.hidden_dangers d
    where d.closed_at >= date_trunc('week', now(), 'Asia/Shanghai') - make_interval(weeks => n_weeks - 1)
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
        select d.id, app.hidden_danger_is_overdue(d.status, d.deadline) as overdue, d.deadline,
          jsonb_build_object('id', d.id, 'title', d.title, 'status', d.status, 'listing_level', d.listing_level,
            'deadline', d.deadline, 'overdue', app.hidden_danger_is_overdue(d.status, d.deadline),
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

-- layer_counts (from 20261124000600_map_api.sql)
create or replace function public.layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, industry text default null, area text default null)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  env extensions.geometry;
  result jsonb;
begin
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  select jsonb_build_object(
    'risk_points', (select jsonb_build_object('1', count(*) filter (where r.level = 1), '2', count(*) filter (where r.level = 2),
                                              '3', count(*) filter (where r.level = 3), '4', count(*) filter (where r.level = 4))
                    from public.risk_points r
                    where r.location operator(extensions.&&) env
                      and (levels is null or r.level = any (levels))
                      and (industry is null or r.industry_code = industry)
                      and (area is null or r.area_code like app.code_prefix(area) || '%')),
    'hazard_sources', (select jsonb_build_object('total', count(*), 'major', count(*) filter (where h.is_major))
                       from public.hazard_sources h
                       where h.geom operator(extensions.&&) env and (area is null or h.area_code like app.code_prefix(area) || '%')),
    'hidden_dangers', (select jsonb_build_object(
                          'open', count(*) filter (where d.status not in ('closed', 'rejected')),
                          'overdue', count(*) filter (where app.hidden_danger_is_overdue(d.status, d.deadline)),
                          'major', count(*) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected')))
                       from public.hidden_dangers d
                       where d.location operator(extensions.&&) env and (area is null or d.area_code like app.code_prefix(area) || '%')),
    'protective_targets', (select count(*) from public.protective_targets t
                           where t.location operator(extensions.&&) env and (area is null or t.area_code like app.code_prefix(area) || '%')),
    'emergency_resources', (select count(*) from public.emergency_resources x
                            where x.location operator(extensions.&&) env and (area is null or x.area_code like app.code_prefix(area) || '%')))
  into result;
  return result;
end
$$;

-- public_layer_counts (from 20261124000600_map_api.sql)
create or replace function public.public_layer_counts(west float8, south float8, east float8, north float8,
  levels int[] default null, area text default null)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  env extensions.geometry;
begin
  perform app.check_bbox(west, south, east, north);
  env := extensions.st_makeenvelope(west, south, east, north, 4326);
  return jsonb_build_object(
    'risk_points', (select jsonb_build_object('1', count(*) filter (where r.level = 1), '2', count(*) filter (where r.level = 2),
                                              '3', count(*) filter (where r.level = 3), '4', count(*) filter (where r.level = 4))
                    from public.risk_points r
                    where r.location operator(extensions.&&) env
                      and (levels is null or r.level = any (levels))
                      and (area is null or r.area_code like app.code_prefix(area) || '%')),
    'major_hazards', (select count(*) from public.hazard_sources h
                      where h.is_major and h.geom operator(extensions.&&) env and (area is null or h.area_code like app.code_prefix(area) || '%')),
    'emergency_resources', (select count(*) from public.emergency_resources x
                            where x.resource_type in ('shelter', 'hospital', 'fire_station')
                              and x.location operator(extensions.&&) env and (area is null or x.area_code like app.code_prefix(area) || '%')));
end
$$;

-- area_risk_summary (from 20261124001000_area_risk.sql)
create or replace function public.area_risk_summary(level text)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  lvl public.area_level;
  result jsonb;
begin
  begin
    lvl := level::public.area_level;
  exception when invalid_text_representation then
    raise exception 'unknown area level "%": expected city, district, street or grid', level using errcode = '22023';
  end;
  with rp as (
    select app.area_at_level(r.area_code, lvl) as code,
      count(*) filter (where r.level = 1) as l1, count(*) filter (where r.level = 2) as l2,
      count(*) filter (where r.level = 3) as l3, count(*) filter (where r.level = 4) as l4,
      min(r.level) as highest
    from public.risk_points r group by 1
  ), hs as (
    select app.area_at_level(h.area_code, lvl) as code,
      count(*) filter (where h.major_grade = 1) as g1, count(*) filter (where h.major_grade = 2) as g2,
      count(*) filter (where h.major_grade = 3) as g3, count(*) filter (where h.major_grade = 4) as g4
    from public.hazard_sources h where h.is_major group by 1
  ), hd as (
    select app.area_at_level(d.area_code, lvl) as code,
      count(*) filter (where d.status not in ('closed', 'rejected')) as open,
      count(*) filter (where app.hidden_danger_is_overdue(d.status, d.deadline)) as overdue
    from public.hidden_dangers d group by 1
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'code', a.code, 'name', a.name, 'parent_code', a.parent_code,
      'risk_points', jsonb_build_object('1', coalesce(rp.l1, 0), '2', coalesce(rp.l2, 0), '3', coalesce(rp.l3, 0), '4', coalesce(rp.l4, 0)),
      'highest_level', rp.highest,
      'override', case when o.area_code is not null then jsonb_build_object('level', o.level, 'reason', o.reason,
                    'assessed_by', o.assessed_by, 'assessed_at', o.assessed_at) end,
      'level', coalesce(o.level, rp.highest),
      'major_hazards', jsonb_build_object('1', coalesce(hs.g1, 0), '2', coalesce(hs.g2, 0), '3', coalesce(hs.g3, 0), '4', coalesce(hs.g4, 0)),
      'hidden_dangers', jsonb_build_object('open', coalesce(hd.open, 0), 'overdue', coalesce(hd.overdue, 0)))
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

-- public_area_risk_summary (from 20261124001000_area_risk.sql)
create or replace function public.public_area_risk_summary(level text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  lvl public.area_level;
  result jsonb;
begin
  begin
    lvl := level::public.area_level;
  exception when invalid_text_representation then
    raise exception 'unknown area level "%": expected city, district, street or grid', level using errcode = '22023';
  end;
  with rp as (
    select app.area_at_level(r.area_code, lvl) as code,
      count(*) filter (where r.level = 1) as l1, count(*) filter (where r.level = 2) as l2,
      count(*) filter (where r.level = 3) as l3, count(*) filter (where r.level = 4) as l4,
      min(r.level) as highest
    from public.risk_points r group by 1
  )
  select coalesce(jsonb_agg(jsonb_build_object('code', a.code, 'name', a.name,
      'risk_points', jsonb_build_object('1', coalesce(rp.l1, 0), '2', coalesce(rp.l2, 0), '3', coalesce(rp.l3, 0), '4', coalesce(rp.l4, 0)),
      'level', coalesce(o.level, rp.highest)) order by a.code), '[]')
  into result
  from public.areas a
  left join rp on rp.code = a.code
  left join public.area_risk_assessments o on o.area_code = a.code
  where a.level = lvl;
  return result;
end
$$;
