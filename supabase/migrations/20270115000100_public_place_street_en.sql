-- public_place_at names the picked point's street in English too (issue 21: map labels and names
-- follow the English toggle). The seed now gives streets and towns a pinyin name with their kind
-- (东湖街道 → Donghu Subdistrict); an area without one keeps its Chinese name, as districts do.
-- Same signature, same rights; the body is the earlier one with street_name_en added.
create or replace function public.public_place_at(lon float8, lat float8)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  p extensions.geometry;
  d record;
  s record;
begin
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  if lon is null or lat is null or lon not between -180 and 180 or lat not between -90 and 90
     or lon = 'NaN'::float8 or lat = 'NaN'::float8 then
    raise exception 'point (%, %) is not a valid longitude/latitude', lon, lat using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  select a.code, a.name, coalesce(a.name_en, a.name) as name_en into d
  from public.areas a where a.level = 'district' and extensions.st_covers(a.geom, p) order by a.code limit 1;
  if d.code is null then
    return jsonb_build_object('inside', false);
  end if;
  select a.name, coalesce(a.name_en, a.name) as name_en into s
  from public.areas a where a.level = 'street' and a.parent_code = d.code and extensions.st_covers(a.geom, p) order by a.code limit 1;
  return jsonb_build_object('inside', true, 'district_name', d.name, 'district_name_en', d.name_en,
                            'street_name', s.name, 'street_name_en', s.name_en);
end
$$;
