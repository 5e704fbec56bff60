-- The areas of the active warnings on a map (issue 18: "the wall shows active warnings and their
-- areas on the map"; the public view's map shows the warning area of the place).
--
-- public_warning_areas(west, south, east, north, zoom) → the published, unexpired regional warnings
-- (kind regional_warning, the same rows public_notices_active() gives: status published and
-- valid_until unset or later than now) whose area meets the view, at most 50, most severe first:
-- id, title, level (1–4 = 红/橙/黄/蓝色预警), area_codes, area_names (the names of the areas it
-- names, in code order), valid_until and geometry: the union of the notice's own polygon and the
-- areas named by area_codes (an area code names that area exactly; a code without a row adds
-- nothing), simplified to about a pixel at the zoom (like area_boundaries), as GeoJSON with 6
-- decimals, and a point inside it for its label. Area boundaries and published warnings are both public already: anon and everyone.

create or replace function public.public_warning_areas(west float8, south float8, east float8, north float8, zoom float8)
returns table (id uuid, title text, level smallint, area_codes text[], area_names text[], valid_until timestamptz, geometry jsonb,
  label_lon float8, label_lat float8)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  tolerance float8;
  box extensions.geometry;
begin
  perform app.check_bbox(west, south, east, north);
  perform app.require_arg(zoom, 'zoom');
  if zoom = 'NaN'::float8 or zoom not between 0 and 24 then
    raise exception 'zoom：须在 0 到 24 之间（收到 %） / zoom must be between 0 and 24 (got %)', zoom, zoom using errcode = '22023';
  end if;
  tolerance := 360.0 / (256 * power(2, zoom));
  box := extensions.st_makeenvelope(west, south, east, north, 4326);
  return query
  with w as (
    select n.id, n.title, n.level, n.area_codes, n.valid_until, n.published_at,
      extensions.st_collectionextract(extensions.st_union(array_remove(
        array[n.geom] || array(select a.geom from public.areas a where a.code = any (n.area_codes[1:50])), null)), 3) as g
    from public.public_notices n
    where n.status = 'published' and n.kind = 'regional_warning'
      and (n.valid_until is null or n.valid_until > now())
  )
  select w.id, w.title, w.level, w.area_codes,
    array(select a.name from public.areas a where a.code = any (w.area_codes[1:50]) order by a.code),
    w.valid_until,
    extensions.st_asgeojson(extensions.st_simplifypreservetopology(w.g, tolerance), 6)::jsonb,
    extensions.st_x(extensions.st_pointonsurface(w.g)), extensions.st_y(extensions.st_pointonsurface(w.g))
  from w
  where w.g is not null and not extensions.st_isempty(w.g) and w.g operator(extensions.&&) box
  order by w.level nulls last, w.published_at desc, w.id
  limit 50;
end
$$;

revoke execute on function public.public_warning_areas(float8, float8, float8, float8, float8) from public;
grant execute on function public.public_warning_areas(float8, float8, float8, float8, float8) to anon, authenticated, service_role;

comment on function public.public_warning_areas(float8, float8, float8, float8, float8) is
  'The areas of the published, unexpired regional warnings meeting a view (at most 50, most severe first), simplified for the zoom. Anon and everyone (issue 18).';
