-- Area risk map: an area's level is the highest level of what lies in it, unless an area-level
-- assessment overrides it (DOMAIN.md). Counts follow RLS: each role sums what it may see.

create table public.area_risk_assessments (
  area_code text primary key references public.areas(code) on delete cascade,
  level smallint not null references public.risk_levels(level),
  reason text not null check (length(btrim(reason)) >= 4),
  assessed_by text not null,
  assessed_at date not null default current_date,
  updated_at timestamptz not null default now()
);
create trigger area_risk_assessments_touch before insert or update on public.area_risk_assessments
  for each row execute function app.touch_updated_at();
alter table public.area_risk_assessments enable row level security;
revoke all on public.area_risk_assessments from anon;
create policy area_risk_assessments_read on public.area_risk_assessments for select to authenticated
  using ((select app.is_staff()));
create policy area_risk_assessments_write on public.area_risk_assessments for all to authenticated
  using (app.may_write(area_code, null, false)) with check (app.may_write(area_code, null, false));

-- The code of the area of `lvl` that a row's area_code lies in (codes extend their parent's:
-- district 6 digits, street 9, grid 12; the city is the prefix of its districts).
create or replace function app.area_at_level(row_area text, lvl public.area_level) returns text
language sql stable
set search_path = ''
as $$
  select case lvl
    when 'district' then case when length(row_area) >= 6 and right(left(row_area, 6), 2) <> '00' then left(row_area, 6) end
    when 'street' then case when length(row_area) >= 9 then left(row_area, 9) end
    when 'grid' then case when length(row_area) >= 12 then left(row_area, 12) end
    else (select a.code from public.areas a where a.level = 'city' and row_area like app.code_prefix(a.code) || '%' limit 1)
  end
$$;

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

-- The public gets the colours per area (risk points only; no internal figures).
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

revoke execute on function public.area_risk_summary(text) from public, anon;
grant execute on function public.area_risk_summary(text) to authenticated;
grant execute on function public.public_area_risk_summary(text) to anon, authenticated;
