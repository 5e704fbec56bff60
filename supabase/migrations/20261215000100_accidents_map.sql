-- Accidents on the one map (issue 16, the rest): the accidents in a bounding box between two
-- Beijing dates, for the accident layer (src/layers/accidents), loaded by viewport.
--
-- Staff (security invoker: the accidents' read policy decides; regulators see their districts,
-- enterprises their own): the record with its district, sector and category names, the
-- enterprise's name where the caller may read it. At most 1,000 rows (the hosted row limit): the
-- most severe first, then the newest, so a city-wide decade never hides a 较大 accident.
create or replace function public.accidents_in_view(west float8, south float8, east float8, north float8,
  from_date date, to_date date)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.check_bbox(west, south, east, north);
  perform app.require_arg(from_date, 'from_date');
  perform app.require_arg(to_date, 'to_date');
  if from_date > to_date then
    raise exception 'from_date (%) must not be after to_date (%)', from_date, to_date using errcode = '22023';
  end if;
  if to_date - from_date > 366 * 30 then
    raise exception 'the time range may span at most 30 years (got % to %)', from_date, to_date using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(r order by r.grade, r.occurred_at desc), '[]'::jsonb) into result
  from (
    select a.id, a.occurred_at, a.first_reported_at, a.area_code, d.name as area_name, d.name_en as area_name_en,
      a.sector_code, s.name_zh as sector_name, s.name_en as sector_name_en, coalesce(s.parent_code, a.sector_code) as sector_group,
      a.category_code, c.name_zh as category_name, c.name_en as category_name_en,
      e.name as enterprise_name,
      a.deaths, a.serious_injuries, a.minor_injuries, a.direct_loss_10k_yuan, a.description,
      a.grade, a.grade_decided_by, a.late_report, a.published,
      extensions.st_x(a.location) as lon, extensions.st_y(a.location) as lat
    from public.accidents a
    join public.accident_sectors s on s.code = a.sector_code
    left join public.accident_categories c on c.code = a.category_code
    left join public.areas d on d.code = left(a.area_code, 6) and d.level = 'district'
    left join public.enterprises e on e.id = a.enterprise_id
    where a.location operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326)
      and a.occurred_at >= (from_date::timestamp - interval '8 hours') at time zone 'UTC'
      and a.occurred_at < ((to_date + 1)::timestamp - interval '8 hours') at time zone 'UTC'
    order by a.grade, a.occurred_at desc
    limit 1000
  ) r;
  return result;
end
$$;

comment on function public.accidents_in_view(float8, float8, float8, float8, date, date) is
  'The accidents the caller may read in a bbox between two Beijing dates (inclusive), most severe then newest first, at most 1,000 (issue 16, the accident map layer).';

revoke execute on function public.accidents_in_view(float8, float8, float8, float8, date, date) from anon, public;
grant execute on function public.accidents_in_view(float8, float8, float8, float8, date, date) to authenticated, service_role;
