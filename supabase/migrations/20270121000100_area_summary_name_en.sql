-- Area risk summaries name their areas in English too (issue 21: "areas in English everywhere").
-- app.area_risk_summary (behind area_risk_summary for staff and public_area_risk_summary for the
-- public) returned each area's Chinese name only, so the one map's area card, the wall's district
-- table and the public view's district list looked the English name up elsewhere (the boundaries
-- or the dataset's districts) and showed Chinese until that had loaded, and not at all for streets
-- and grids. Each area now carries name_en: its stored English name (pinyin with its kind, e.g.
-- 东湖街道 → Donghu Subdistrict, since 20270115000100), or its Chinese name when it has none, as
-- public_place_at does. Same signature, same rights, same security; the body is the live one
-- (20261211000100's with current_date → app.today() by 20270110000100) plus that one key.

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
      count(*) filter (where d.deadline is not null and d.deadline < app.today() and d.status not in ('closed', 'rejected')) as overdue
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
      jsonb_build_object('code', a.code, 'name', a.name, 'name_en', coalesce(a.name_en, a.name),
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
