-- #/indicators (issue 16, the rest): an indicator over the years (the trend chart) and by district
-- (the choropleth), each row exactly what indicator_values says for that area and year, so the
-- page asks once instead of once per year or district. Staff only, like indicator_values.

-- Every indicator of an area for each year of a range (at most 30 years, ending this year at the latest).
create or replace function public.indicator_trend(area_code text, from_year int, to_year int)
returns table (year int, indicator text, numerator numeric, denominator numeric, denominator_kind text, value numeric,
  target numeric, target_kind text, base_year int, base_value numeric, status text)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform app.require_arg(area_code, 'area_code');
  perform app.require_arg(from_year, 'from_year');
  perform app.require_arg(to_year, 'to_year');
  if from_year > to_year then
    raise exception 'from_year (%) must not be after to_year (%)', from_year, to_year using errcode = '22023';
  end if;
  if to_year - from_year >= 30 then
    raise exception 'a trend spans at most 30 years (got % to %)', from_year, to_year using errcode = '22023';
  end if;
  return query
    select y, v.indicator, v.numerator, v.denominator, v.denominator_kind, v.value, v.target, v.target_kind, v.base_year,
      v.base_value, v.status
    from generate_series(from_year, to_year) y
    cross join lateral public.indicator_values(indicator_trend.area_code, y) v
    order by v.indicator, y;
end
$$;

-- One indicator of a year for each district of an area (the area's own row when it has none).
create or replace function public.indicator_by_district(area_code text, year int, indicator text)
returns table (code text, name text, name_en text, numerator numeric, denominator numeric, value numeric, target numeric, status text)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform app.require_arg(area_code, 'area_code');
  perform app.require_arg(year, 'year');
  perform app.require_arg(indicator, 'indicator');
  if indicator not in ('deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles',
      'deaths_per_10k_special_equipment', 'accidents', 'deaths', 'larger_accidents') then
    raise exception 'indicator：未知指标 % / unknown indicator "%"', indicator, indicator using errcode = '22023';
  end if;
  return query
    select a.code, a.name, a.name_en, v.numerator, v.denominator, v.value, v.target, v.status
    from public.areas a
    cross join lateral public.indicator_values(a.code, indicator_by_district.year) v
    where v.indicator = indicator_by_district.indicator
      and (a.code = indicator_by_district.area_code and not exists (select 1 from public.areas c where c.parent_code = indicator_by_district.area_code and c.level = 'district')
        or a.parent_code = indicator_by_district.area_code and a.level = 'district')
    order by a.code;
end
$$;

revoke execute on function public.indicator_trend(text, int, int) from public, anon;
grant execute on function public.indicator_trend(text, int, int) to authenticated, service_role;
revoke execute on function public.indicator_by_district(text, int, text) from public, anon;
grant execute on function public.indicator_by_district(text, int, text) to authenticated, service_role;
