-- Close a leak (issue 16: "the public sees published summaries only, no names"; nothing finer than
-- the district). public_accidents(year) (20261208000100_accidents.sql) gave anon every published
-- accident of a year with its day and a position to ~100 m (0.001°): enough to find the workshop.
-- The public page reads public_accident_summary(year) (20261223000200), aggregates per district
-- and sector only, and nothing in the app calls public_accidents for the public.
--
-- From here on public_accidents is staff-only: execute is withdrawn from anon (and PUBLIC), and a
-- signed-in user without a staff role (a self sign-up: authenticated, no app_role) is refused
-- inside the function too, with a message pointing to the summary. Staff (admin, command centre,
-- planner, regulator, enterprise, service) keep exactly what they had: same columns, same rows.

create or replace function public.public_accidents(year int)
returns table (id uuid, occurred_on date, district_code text, district_name text, sector text, category text,
  grade smallint, grade_name_zh text, grade_name_en text, deaths int, serious_injuries int, minor_injuries int,
  direct_loss_10k_yuan numeric, lon float8, lat float8)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff() then
    raise exception '公众只能查看已发布事故的汇总（public_accident_summary），不提供单起事故的位置 / the public reads the published summary (public_accident_summary) only, no single accident positions'
      using errcode = '42501';
  end if;
  perform app.require_arg(year, 'year');
  if year not between 1990 and 2100 then
    raise exception 'year must be between 1990 and 2100 (got %)', year using errcode = '22023';
  end if;
  return query
    select a.id, ((a.occurred_at at time zone 'UTC') + interval '8 hours')::date, d.code, d.name, a.sector_code, a.category_code,
      a.grade, app.accident_grade_name(a.grade, 'zh'), app.accident_grade_name(a.grade, 'en'),
      a.deaths, a.serious_injuries, a.minor_injuries, a.direct_loss_10k_yuan,
      round(extensions.st_x(a.location)::numeric, 3)::float8, round(extensions.st_y(a.location)::numeric, 3)::float8
    from public.accidents a
    left join public.areas d on d.code = left(a.area_code, 6) and d.level = 'district'
    where a.published
      and a.occurred_at >= app.beijing_year_start(year)
      and a.occurred_at < app.beijing_year_start(year + 1)
    order by a.occurred_at desc, a.id
    limit 1000;
end
$$;

revoke execute on function public.public_accidents(int) from public, anon;
grant execute on function public.public_accidents(int) to authenticated, service_role;

comment on function public.public_accidents(int) is
  'Staff only (issue 16): published accidents of a Beijing year, no names or description, ~100 m positions. The public reads public_accident_summary(year).';
