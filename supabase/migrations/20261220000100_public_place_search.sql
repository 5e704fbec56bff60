-- The public's search (issue 21): places people know as well as districts and companies. Areas
-- (city, district, street; Chinese or English name), companies with a major hazard source (as
-- public_search: position to ~100 m), protective targets of PUBLIC kinds only (schools,
-- kindergartens, hospitals, shopping centres, stadiums, hotels, cultural heritage; never prisons,
-- military or government sites, infrastructure, homes or villages) and emergency resources. Only
-- public-safe fields: kind, name, type (code and names), district name, position. No ids, no
-- population, no duty phone, no capacity. Bounded: 1–100 characters, at most 8 hits per kind
-- (32 in all); callable by anon.

create or replace function public.public_place_search(q text)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  term text;
  pattern text;
  result jsonb;
begin
  term := btrim(coalesce(q, ''));
  if length(term) < 1 or length(q) > 100 then
    raise exception '搜索词须为 1–100 个字符 / search text must be 1 to 100 characters' using errcode = '22023';
  end if;
  pattern := '%' || replace(replace(replace(term, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  select coalesce(jsonb_agg(x order by ord, rk, nm), '[]') into result from (
    (select 1 as ord, case a.level when 'city' then 0 when 'district' then 1 else 2 end as rk, a.name as nm,
        jsonb_build_object('kind', 'area', 'name', a.name, 'name_en', a.name_en, 'type', a.level::text,
          'lon', round(extensions.st_x(extensions.st_pointonsurface(a.geom))::numeric, 5),
          'lat', round(extensions.st_y(extensions.st_pointonsurface(a.geom))::numeric, 5)) as x
     from public.areas a
     where a.level in ('city', 'district', 'street') and (a.name ilike pattern or a.name_en ilike pattern)
     order by a.level, a.name limit 8)
    union all
    (select 2, 0, t.name,
        jsonb_build_object('kind', 'target', 'name', t.name, 'type', t.type_code, 'type_zh', ty.name_zh, 'type_en', ty.name_en,
          'district', d.name, 'district_en', d.name_en,
          'lon', round(extensions.st_x(t.location)::numeric, 5), 'lat', round(extensions.st_y(t.location)::numeric, 5))
     from public.protective_targets t
     join public.protective_target_types ty on ty.code = t.type_code
     left join public.areas d on d.level = 'district' and t.area_code like d.code || '%'
     where t.type_code in ('school', 'kindergarten', 'hospital', 'mall', 'stadium', 'hotel', 'heritage') and t.name ilike pattern
     order by length(t.name), t.name limit 8)
    union all
    (select 3, 0, r.name,
        jsonb_build_object('kind', 'resource', 'name', r.name, 'type', r.resource_type::text,
          'district', d.name, 'district_en', d.name_en,
          'lon', round(extensions.st_x(r.location)::numeric, 5), 'lat', round(extensions.st_y(r.location)::numeric, 5))
     from public.emergency_resources r
     left join public.areas d on d.level = 'district' and r.area_code like d.code || '%'
     where r.name ilike pattern
     order by length(r.name), r.name limit 8)
    union all
    (select 4, 0, e.name,
        jsonb_build_object('kind', 'enterprise', 'name', e.name,
          'lon', round(extensions.st_x(e.location)::numeric, 3), 'lat', round(extensions.st_y(e.location)::numeric, 3))
     from public.enterprises e
     where e.name ilike pattern and exists (select 1 from public.hazard_sources h where h.enterprise_id = e.id and h.is_major)
     order by e.name limit 8)) s;
  return result;
end
$$;

revoke all on function public.public_place_search(text) from public;
grant execute on function public.public_place_search(text) to anon, authenticated;

comment on function public.public_place_search(text) is
  'The public''s search: areas, public places (schools, hospitals …), emergency resources and major-hazard companies; public-safe fields only, at most 8 per kind.';
