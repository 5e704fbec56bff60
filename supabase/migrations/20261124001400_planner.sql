-- The relocation planner's two compact reads (issue #6, planner UI):
--   planner_targets(west, south, east, north): the protective targets of one map tile as column
--     arrays, so the browser can index them (flatbush) and evaluate a dragged candidate site
--     without a round trip per move. It is fetched tile by tile around the candidate, never the
--     whole city (a 1,000,000-target city would be ~70 MB of JSON).
--   planner_source(hazard_source_id): a hazard source's geometry (to draw its rings) and its
--     required distances per class with their basis.

-- Targets whose geometry's bounding box meets the tile, as arrays (one element per target):
--   {"id": [uuid…], "class": [1..5], "population": [n…], "lon": [..], "lat": [..],
--    "shape": [null | MultiPolygon coordinates…], "count": n}
-- class is the protective-target class's code (1 = high_sensitivity … 5 = general_3, the order
-- of the enum, as in map_points); lon/lat are the point's coordinates for point targets and the
-- representative point (location) for footprints, whose rings are in "shape" (7 decimals).
-- SECURITY DEFINER for the same reason as app.targets_of_class_within: under RLS PostgreSQL may
-- not use the non-LEAKPROOF && as an index condition and scans the whole table (1M rows per
-- tile). It applies protective_targets' read rule itself (staff only) and refuses large boxes.
create or replace function public.planner_targets(west double precision, south double precision,
  east double precision, north double precision)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  result jsonb;
begin
  if not coalesce((select app.is_staff()), false) then
    raise exception 'planner_targets: protective targets are for signed-in staff only' using errcode = '42501';
  end if;
  if west is null or south is null or east is null or north is null
     or west < -180 or east > 180 or south < -90 or north > 90 then
    raise exception 'planner_targets: the box must lie within longitude -180..180 and latitude -90..90 (got %, %, %, %)',
      west, south, east, north using errcode = '22023';
  end if;
  if west >= east or south >= north then
    raise exception 'planner_targets: west must be less than east and south less than north (got %, %, %, %)',
      west, south, east, north using errcode = '22023';
  end if;
  if east - west > 0.2 or north - south > 0.2 then
    raise exception 'planner_targets: a box is at most 0.2° a side (got % × %); fetch tiles around the site instead',
      round((east - west)::numeric, 4), round((north - south)::numeric, 4) using errcode = '22023';
  end if;
  select jsonb_build_object(
    'count', count(*),
    'id', coalesce(jsonb_agg(t.id order by t.id), '[]'),
    'class', coalesce(jsonb_agg(array_position(enum_range(null::public.protective_class), t.target_class) order by t.id), '[]'),
    'population', coalesce(jsonb_agg(t.population order by t.id), '[]'),
    'lon', coalesce(jsonb_agg(round(extensions.st_x(t.location)::numeric, 7) order by t.id), '[]'),
    'lat', coalesce(jsonb_agg(round(extensions.st_y(t.location)::numeric, 7) order by t.id), '[]'),
    'shape', coalesce(jsonb_agg(case when extensions.geometrytype(t.geom) = 'POINT' then null
        else (extensions.st_asgeojson(extensions.st_multi(t.geom), 7)::jsonb -> 'coordinates') end order by t.id), '[]'))
  into result
  from public.protective_targets t
  where t.geom operator(extensions.&&) extensions.st_makeenvelope(west, south, east, north, 4326);
  return result;
end
$$;

-- A hazard source for the planner: geometry (GeoJSON), enterprise, required distances per class
-- with their basis. Security invoker: RLS on hazard_sources / enterprises / distances applies.
create or replace function public.planner_source(hazard_source_id uuid)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  select jsonb_build_object(
    'id', h.id, 'name', h.name, 'enterprise_id', e.id, 'enterprise_name', e.name,
    'industry_code', e.industry_code, 'area_code', h.area_code, 'relocation_status', e.relocation_status,
    'installation_status', h.installation_status, 'is_major', h.is_major, 'major_grade', h.major_grade,
    'geometry', extensions.st_asgeojson(h.geom, 7)::jsonb,
    'lon', extensions.st_x(h.location), 'lat', extensions.st_y(h.location),
    'distances', coalesce((select jsonb_agg(jsonb_build_object('target_class', d.target_class, 'required_m', d.required_m,
        'basis', d.basis, 'basis_reference', d.basis_reference, 'basis_date', d.basis_date) order by d.target_class)
      from public.hazard_source_distances d where d.hazard_source_id = h.id), '[]'))
  into result
  from public.hazard_sources h
  join public.enterprises e on e.id = h.enterprise_id
  where h.id = planner_source.hazard_source_id;
  if result is null then
    raise exception 'hazard source % not found or not visible to you', hazard_source_id using errcode = '42501';
  end if;
  return result;
end
$$;

revoke execute on function public.planner_targets(double precision, double precision, double precision, double precision) from public, anon;
revoke execute on function public.planner_source(uuid) from public, anon;
grant execute on function public.planner_targets(double precision, double precision, double precision, double precision) to authenticated, service_role;
grant execute on function public.planner_source(uuid) to authenticated, service_role;
