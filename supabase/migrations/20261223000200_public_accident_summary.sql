-- The public's accident summary (issue 16, "the public sees published summaries only, no names"):
-- public_accident_summary(year) → aggregates of the year's published accidents, nothing finer
-- than a district and no row of its own: no names, no enterprise, no description, no place, no day.
--
--   totals        accidents, deaths (incl. missing), 较大以上 accidents
--   by_district   every district of the served region (zeros included), in code order
--   by_sector     each sector group (工矿商贸 with its industries summed, 道路交通, 火灾 …) with any
--                 published accident
--   targets       the plans' count targets (accidents, deaths, 较大以上) of the city and its
--                 districts for that year: cap, quota, or a cut against a base year (the target then
--                 from the base year's published count), with the plan's name and, for the demo
--                 city, where the target was borrowed from
-- The counts are of published accidents only (regulators publish a record once it is checked; the
-- demo publishes those older than 30 days), which the public page says. Anon and staff alike.

create or replace function app.public_accident_counts(yr int)
returns table (district_code text, sector_group text, accidents bigint, deaths bigint, larger bigint)
language sql stable
set search_path = ''
as $$
  select left(a.area_code, 6), coalesce(s.parent_code, s.code), count(*), coalesce(sum(a.deaths), 0), count(*) filter (where a.grade <= 3)
  from public.accidents a
  join public.accident_sectors s on s.code = a.sector_code
  where a.published
    and a.occurred_at >= app.beijing_year_start(yr)
    and a.occurred_at < app.beijing_year_start(yr + 1)
  group by 1, 2
$$;

revoke execute on function app.public_accident_counts(int) from public, anon, authenticated;

create or replace function public.public_accident_summary(year int)
returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  this_year int := extract(year from (now() at time zone 'UTC') + interval '8 hours')::int;
  result jsonb;
begin
  perform app.require_arg(year, 'year');
  if year not between 1990 and this_year then
    raise exception 'year：须在 1990 到 % 之间（收到 %） / year must be between 1990 and % (got %)', this_year, year, this_year, year using errcode = '22023';
  end if;
  with c as (
    select * from app.public_accident_counts(year)
  ), districts as (
    select d.code, d.name, d.name_en,
      coalesce(sum(c.accidents), 0)::int as accidents, coalesce(sum(c.deaths), 0)::int as deaths, coalesce(sum(c.larger), 0)::int as larger_accidents
    from public.areas d
    left join c on c.district_code = d.code
    where d.level = 'district'
    group by d.code, d.name, d.name_en
  ), sectors as (
    select s.code, s.name_zh, s.name_en, s.sort_order, sum(c.accidents)::int as accidents, sum(c.deaths)::int as deaths
    from c join public.accident_sectors s on s.code = c.sector_group
    group by s.code, s.name_zh, s.name_en, s.sort_order
  ), t as (
    select p.area_code, ar.name as area_name, ar.name_en as area_name_en, p.indicator, p.target_kind, p.cap, p.quota, p.reduction_pct,
      p.base_year, p.plan_name, p.borrowed_from, p.plan_code
    from public.plan_targets p
    join public.areas ar on ar.code = p.area_code and ar.level in ('city', 'district')
    where p.year = public_accident_summary.year and p.indicator in ('accidents', 'deaths', 'larger_accidents')
    order by p.area_code, p.indicator, p.plan_code
    limit 200
  ), tv as (
    select t.*,
      (select case t.indicator when 'accidents' then coalesce(sum(b.accidents), 0) when 'deaths' then coalesce(sum(b.deaths), 0)
          else coalesce(sum(b.larger), 0) end
        from app.public_accident_counts(coalesce(t.base_year, 1990)) b
        where t.target_kind = 'reduction' and b.district_code like app.code_prefix(t.area_code) || '%')::numeric as base_value,
      (select case t.indicator when 'accidents' then coalesce(sum(x.accidents), 0) when 'deaths' then coalesce(sum(x.deaths), 0)
          else coalesce(sum(x.larger), 0) end
        from c x where x.district_code like app.code_prefix(t.area_code) || '%')::numeric as value
    from t
  )
  select jsonb_build_object(
    'year', year,
    'current_year', year = this_year,
    'totals', (select jsonb_build_object('accidents', coalesce(sum(c.accidents), 0), 'deaths', coalesce(sum(c.deaths), 0),
      'larger_accidents', coalesce(sum(c.larger), 0)) from c),
    'by_district', coalesce((select jsonb_agg(jsonb_build_object('code', d.code, 'name', d.name, 'name_en', d.name_en,
      'accidents', d.accidents, 'deaths', d.deaths, 'larger_accidents', d.larger_accidents) order by d.code) from districts d), '[]'),
    'by_sector', coalesce((select jsonb_agg(jsonb_build_object('code', s.code, 'name_zh', s.name_zh, 'name_en', s.name_en,
      'accidents', s.accidents, 'deaths', s.deaths) order by s.sort_order) from sectors s), '[]'),
    'targets', coalesce((select jsonb_agg(jsonb_build_object('area_code', tv.area_code, 'area_name', tv.area_name, 'area_name_en', tv.area_name_en,
      'indicator', tv.indicator, 'target_kind', tv.target_kind,
      'target', case tv.target_kind when 'cap' then tv.cap when 'quota' then tv.quota
        else round(tv.base_value * (1 - tv.reduction_pct / 100), 2) end,
      'reduction_pct', tv.reduction_pct, 'base_year', tv.base_year, 'base_value', tv.base_value, 'value', tv.value,
      'plan_name', tv.plan_name, 'borrowed_from', tv.borrowed_from) order by tv.area_code, tv.indicator, tv.plan_code) from tv), '[]'))
  into result;
  return result;
end
$$;

comment on function public.public_accident_summary(int) is
  'The public''s accident summary of a Beijing year: published accidents counted by district and sector, with the plans'' count targets; aggregates only (no names, no enterprise, no place finer than a district).';

revoke execute on function public.public_accident_summary(int) from public;
grant execute on function public.public_accident_summary(int) to anon, authenticated, service_role;
