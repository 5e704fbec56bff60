-- pipelines_near(lon, lat) (20261224000100) and pipelines_near_site(site) (20261224000200) ran the
-- same ranking query twice. The point form now checks its own arguments (so its messages keep
-- naming lon/lat and pipelines_near) and hands a GeoJSON Point to pipelines_near_site, the one
-- place the ranking and the 石油天然气管道保护法 rule live. Signature, grants and answers unchanged.
create or replace function public.pipelines_near(lon float8, lat float8, radius_m float8 default 1000, n int default 5)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  perform app.require_staff('pipelines_near');
  perform app.require_arg(lon, 'lon');
  perform app.require_arg(lat, 'lat');
  if lon = 'NaN'::float8 or lat = 'NaN'::float8 or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception '坐标无效：经度须在 [-180, 180]，纬度须在 [-90, 90]（收到 %, %） (lon must be in [-180, 180] and lat in [-90, 90])', lon, lat
      using errcode = '22023';
  end if;
  return public.pipelines_near_site(
    jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(lon, lat)), radius_m, n);
end
$$;
