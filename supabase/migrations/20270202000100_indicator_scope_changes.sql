-- Series scope changes (issue 16): the year from which an area's indicator is counted another way,
-- e.g. 江海区's road deaths, all road deaths until 2012 and business (经营性) road deaths from 2013.
-- The figures before and after are not comparable; the trend marks the change with its note. Until
-- now the mark was only drawn where a series' denominator changed (derived, kept on the page).
--
--   indicator_scope_changes  area × indicator × year (the first year of the new scope), a note in
--                            Chinese and English; staff read, admins write
--   indicator_trend          gains scope_note_zh / scope_note_en: on the row of the year a change
--                            begins, the notes of the changes of the area and of the areas inside
--                            it (those prefixed with the area's name), as its figures sum them

create table public.indicator_scope_changes (
  id uuid primary key default gen_random_uuid(),
  area_code text not null references public.areas(code),
  indicator text not null check (indicator in ('deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles',
    'deaths_per_10k_special_equipment', 'accidents', 'deaths', 'larger_accidents')),
  -- the first year counted the new way
  year int not null check (year between 1990 and 2100),
  note_zh text not null,
  note_en text not null,
  is_demo boolean not null default false,
  updated_at timestamptz not null default now(),
  unique (area_code, indicator, year)
);

comment on table public.indicator_scope_changes is
  'Where an indicator series changes scope: from `year` on the area counts the indicator another way (note_zh / note_en say how). indicator_trend returns the notes on the year of the change. Staff read, admins write.';

create trigger indicator_scope_changes_touch before insert or update on public.indicator_scope_changes
  for each row execute function app.touch_updated_at();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('indicator_scope_changes', 'note_zh', 'text', '口径变化说明', true, 4, 300),
  ('indicator_scope_changes', 'note_en', 'text', '口径变化说明（英文）', true, 4, 300);
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('indicator_scope_changes', 'year', 'number', '年份', 1990, 2100);
select app.install_input_limits('indicator_scope_changes');

alter table public.indicator_scope_changes enable row level security;
revoke all on public.indicator_scope_changes from anon;
grant select, insert, update, delete on public.indicator_scope_changes to authenticated;

create policy indicator_scope_changes_read on public.indicator_scope_changes for select to authenticated
  using ((select app.is_staff()));

create policy indicator_scope_changes_admin_write on public.indicator_scope_changes for all to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');

-- The return type grows: dropped and recreated (nothing in the database calls it).
drop function if exists public.indicator_trend(text, int, int);

create function public.indicator_trend(area_code text, from_year int, to_year int)
returns table (year int, indicator text, numerator numeric, denominator numeric, denominator_kind text, value numeric,
  target numeric, target_kind text, base_year int, base_value numeric, status text, scope_note_zh text, scope_note_en text)
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
      v.base_value, v.status, sc.zh, sc.en
    from generate_series(from_year, to_year) y
    cross join lateral public.indicator_values(indicator_trend.area_code, y) v
    -- the caller's row security decides which changes it sees (staff all)
    left join lateral (
      select string_agg(case when c.area_code = indicator_trend.area_code then c.note_zh else a.name || '：' || c.note_zh end, '；' order by c.area_code) zh,
        string_agg(case when c.area_code = indicator_trend.area_code then c.note_en else coalesce(a.name_en, a.name) || ': ' || c.note_en end, '; ' order by c.area_code) en
      from public.indicator_scope_changes c
      join public.areas a on a.code = c.area_code
      where c.indicator = v.indicator and c.year = y
        and (c.area_code = indicator_trend.area_code or c.area_code like app.code_prefix(indicator_trend.area_code) || '%')
    ) sc on true
    order by v.indicator, y;
end
$$;

revoke execute on function public.indicator_trend(text, int, int) from public, anon;
grant execute on function public.indicator_trend(text, int, int) to authenticated, service_role;
