-- Warning areas name their areas in English too (issue 21: map labels still Chinese in English mode).
-- public_warning_areas (the wall's and the public view's warning areas, last 20270116000100) gave
-- each warning's area names in Chinese only, so the label inside a warning's area read
-- "Yellow warning · 江门市" with the English toggle. It now also returns area_names_en, in the same
-- order as area_names: each area's stored English name (e.g. 江海区 → Jianghai District), or its
-- Chinese name when it has none (the fallback rule of area_risk_summary since 20270121000100).
-- A new output column changes the function's result type, which create or replace cannot do: the
-- function is dropped and made again with the live body (20270116000100's) plus that column, and
-- the same rights (anon, authenticated, service_role) and comment.

drop function if exists public.public_warning_areas(float8, float8, float8, float8, float8);

create function public.public_warning_areas(west float8, south float8, east float8, north float8, zoom float8)
returns table (id uuid, title text, level smallint, area_codes text[], area_names text[], area_names_en text[], valid_until timestamptz, geometry jsonb,
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
  with n as (
    select n.id, n.title, n.level, n.area_codes, n.valid_until, n.published_at,
      array_remove(array[n.geom] || array(select a.geom from public.areas a where a.code = any (n.area_codes[1:50])), null) as parts
    from public.public_notices n
    where n.status = 'published' and n.kind = 'regional_warning'
      and (n.valid_until is null or n.valid_until > now())
      and (n.geom operator(extensions.&&) box
        or exists (select 1 from public.areas a where a.code = any (n.area_codes[1:50]) and a.geom operator(extensions.&&) box))
  ), w as (
    select n.id, n.title, n.level, n.area_codes, n.valid_until, n.published_at,
      case when cardinality(n.parts) = 1 then n.parts[1]
        else extensions.st_collectionextract(extensions.st_union(n.parts), 3) end as g
    from n
  ), s as (
    select w.*, extensions.st_pointonsurface(w.g) as label
    from w
    where w.g is not null and not extensions.st_isempty(w.g) and w.g operator(extensions.&&) box
  )
  select s.id, s.title, s.level, s.area_codes,
    array(select a.name from public.areas a where a.code = any (s.area_codes[1:50]) order by a.code),
    array(select coalesce(nullif(btrim(a.name_en), ''), a.name) from public.areas a where a.code = any (s.area_codes[1:50]) order by a.code),
    s.valid_until,
    extensions.st_asgeojson(extensions.st_simplifypreservetopology(s.g, tolerance), 6)::jsonb,
    extensions.st_x(s.label), extensions.st_y(s.label)
  from s
  order by s.level nulls last, s.published_at desc, s.id
  limit 50;
end
$$;

revoke execute on function public.public_warning_areas(float8, float8, float8, float8, float8) from public;
grant execute on function public.public_warning_areas(float8, float8, float8, float8, float8) to anon, authenticated, service_role;
comment on function public.public_warning_areas(float8, float8, float8, float8, float8) is
  'The areas of the published, unexpired regional warnings meeting a view (at most 50, most severe first), simplified for the zoom, with the named areas'' Chinese and English names (English falls back to Chinese). Anon and everyone (issues 18, 21).';
