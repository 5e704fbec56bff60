-- A polygon as a notice's area (issue 18: "areas (area_codes and/or a polygon)").
--
-- A regional warning is often for a drawn area (a river bend, an industrial park, a stretch of
-- coast), not a whole district. public_notices.geom held such a polygon but nothing checked it, and
-- the guard turned a notice without area codes into one for its whole jurisdiction. Now:
--   1. geom takes any geometry of SRID 4326 (was geometry(MultiPolygon, 4326), whose type modifier
--      refused a line with PostGIS's English words before any trigger ran); the guard refuses what
--      is not a polygon in Chinese first, stores a Polygon as a MultiPolygon, and a CHECK keeps the
--      column MultiPolygon.
--   2. The polygon is checked on every insert and on every change of it, whoever writes:
--      Polygon or MultiPolygon, not empty, longitude/latitude in range, valid (no self-intersection,
--      closed rings with at least 3 distinct points: ST_IsValid, the reason named), at most
--      app.notice_area_limits() parts and vertices, an area between its min and max (geodesic
--      km²), and covered by the served city (the union of the top-level areas). 22023, field
--      public_notices.geom, "中文。 / English.".
--      The bounds (src/domain/noticeArea.ts mirrors them for the form): 1,000 vertices (a drawn
--      area has tens; a pasted outline of a coast or park hundreds), 20 parts, 0.01 km² (one
--      hectare: anything smaller is a mis-click) to 2,000 km² (wider warnings name districts or the
--      whole city by area code instead).
--   3. A regulator's polygon lies within the regulator's jurisdiction (the union of the areas its
--      codes name), checked on every write of a regulator like the area codes (42501, "区域超出
--      辖区" as for codes); an admin's anywhere in the city.
--   4. areas: area_codes and/or the polygon. A notice with a polygon and no area codes concerns the
--      polygon only (it is no longer widened to its jurisdiction's whole area); its area_code (who
--      manages it) is derived from the polygon: the smallest area covering it (for a regulator, the
--      smallest of its own areas covering it, else its own area overlapping it most).
--   5. public_notices_active(area_code) without a point now also gives the polygon notices that
--      meet the area (with a point it already tested the polygon: a point inside is warned, one
--      outside is not). public_warning_areas already drew the union of the polygon and the named
--      areas; it now leaves out warnings away from the view before making their unions.

-- 1. The column ------------------------------------------------------------------------------------

alter table public.public_notices alter column geom type extensions.geometry(Geometry, 4326)
  using geom::extensions.geometry(Geometry, 4326);

alter table public.public_notices add constraint public_notices_geom_multipolygon
  check (geom is null or extensions.geometrytype(geom) = 'MULTIPOLYGON');

-- 2. Bounds and checks -----------------------------------------------------------------------------

create or replace function app.notice_area_limits() returns jsonb
language sql immutable parallel safe
set search_path = ''
as $$ select jsonb_build_object('max_vertices', 1000, 'max_parts', 20, 'min_area_km2', 0.01, 'max_area_km2', 2000) $$;

comment on function app.notice_area_limits() is
  'Bounds of a notice polygon (issue 18): vertices, parts, area in km² (geodesic). src/domain/noticeArea.ts mirrors them; test/db/notice-polygon.test.ts holds the two together.';

-- The polygon as stored (MultiPolygon, SRID 4326), or a refusal naming what is wrong.
create or replace function app.checked_notice_area(g extensions.geometry) returns extensions.geometry
language plpgsql stable
set search_path = ''
as $$
declare
  lim constant jsonb := app.notice_area_limits();
  t text := extensions.geometrytype(g);
  n int;
  km2 float8;
  city extensions.geometry;
  f constant text := 'public_notices.geom';
  label constant text := '公告范围';
begin
  if g is null then
    return null;
  end if;
  if t not in ('POLYGON', 'MULTIPOLYGON') then
    perform app.refuse_input(f, label, format('须为多边形（Polygon 或 MultiPolygon），收到 %s', t),
      format('must be a polygon (Polygon or MultiPolygon), got %s', t));
  end if;
  if extensions.st_isempty(g) then
    perform app.refuse_input(f, label, '不能为空几何', 'must not be empty');
  end if;
  if extensions.st_srid(g) = 0 then
    g := extensions.st_setsrid(g, 4326);
  end if;
  g := extensions.st_multi(g);
  if extensions.st_xmin(g) < -180 or extensions.st_xmax(g) > 180 or extensions.st_ymin(g) < -90 or extensions.st_ymax(g) > 90 then
    perform app.refuse_input(f, label, '坐标超出范围：经度须在 [-180, 180]、纬度须在 [-90, 90] 之内',
      'has coordinates out of range: longitude within [-180, 180], latitude within [-90, 90]');
  end if;
  n := extensions.st_numgeometries(g);
  if n > (lim ->> 'max_parts')::int then
    perform app.refuse_input(f, label, format('分块过多：最多 %s 块，收到 %s 块', lim ->> 'max_parts', n),
      format('has too many parts: at most %s, got %s', lim ->> 'max_parts', n));
  end if;
  n := extensions.st_npoints(g);
  if n > (lim ->> 'max_vertices')::int then
    perform app.refuse_input(f, label, format('顶点过多：最多 %s 个，收到 %s 个', lim ->> 'max_vertices', n),
      format('has too many vertices: at most %s, got %s', lim ->> 'max_vertices', n));
  end if;
  if not extensions.st_isvalid(g) then
    perform app.refuse_input(f, label,
      format('不是有效的多边形（边线自相交、环未闭合或不足 3 个不同顶点）：%s', extensions.st_isvalidreason(g)),
      format('is not a valid polygon (edges cross, a ring is not closed or has fewer than 3 distinct points): %s', extensions.st_isvalidreason(g)));
  end if;
  km2 := extensions.st_area(g::extensions.geography) / 1e6;
  if km2 < (lim ->> 'min_area_km2')::float8 or km2 > (lim ->> 'max_area_km2')::float8 then
    perform app.refuse_input(f, label,
      format('面积须在 %s 到 %s 平方千米之间，收到 %s 平方千米（更大范围请按区划选择区域）', lim ->> 'min_area_km2', lim ->> 'max_area_km2',
        round(km2::numeric, 3)),
      format('must have an area from %s to %s km², got %s km² (name districts or the whole city for wider areas)',
        lim ->> 'min_area_km2', lim ->> 'max_area_km2', round(km2::numeric, 3)));
  end if;
  -- the served city: the top-level areas (the city row; several if a region is loaded)
  select extensions.st_union(a.geom) into city from public.areas a where a.parent_code is null;
  if city is not null and not extensions.st_coveredby(g, city) then
    perform app.refuse_input(f, label, '须位于本市范围之内（有部分在市界以外）', 'must lie within the city (part of it is outside the city boundary)');
  end if;
  return g;
end
$$;

-- The caller's jurisdiction as one shape: the union of the top-most areas its codes cover.
create or replace function app.jurisdiction_geom() returns extensions.geometry
language sql stable
set search_path = ''
as $$
  select extensions.st_union(a.geom)
  from public.areas a
  where a.code like any (app.scope_patterns())
    and not exists (select 1 from public.areas p where p.code = a.parent_code and p.code like any (app.scope_patterns()))
$$;

-- Who manages a notice whose area is a polygon only: the smallest area covering the polygon; for a
-- regulator the smallest of its own covering it, else its own area overlapping it most (else, outside
-- its areas, the smallest covering it: refused by the jurisdiction check).
create or replace function app.notice_polygon_area_code(g extensions.geometry) returns text
language sql stable
set search_path = ''
as $$
  select coalesce(
    (select a.code from public.areas a
      where extensions.st_covers(a.geom, g) and (app.user_role() <> 'regulator' or a.code like any (app.scope_patterns()))
      order by a.level desc, length(a.code) desc, a.code limit 1),
    (select a.code from public.areas a
      where app.user_role() = 'regulator' and a.code like any (app.scope_patterns()) and extensions.st_intersects(a.geom, g)
      order by extensions.st_area(extensions.st_intersection(a.geom, g)) desc, length(a.code), a.code limit 1),
    -- a regulator's polygon outside its areas: the area covering it, which the guard then refuses as outside the jurisdiction
    (select a.code from public.areas a where extensions.st_covers(a.geom, g) order by a.level desc, length(a.code) desc, a.code limit 1))
$$;

-- 3. The guard, now with the polygon (the rest as in 20261210000100_notices.sql) -------------------

create or replace function app.guard_public_notice_write() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  a jsonb := app.actor();
  bad text;
  geom_changed boolean := false;
begin
  if new.geom is not null then
    if tg_op = 'INSERT' then
      geom_changed := true;
    else
      geom_changed := extensions.st_asewkb(new.geom) is distinct from extensions.st_asewkb(old.geom);
    end if;
  end if;
  if geom_changed then
    new.geom := app.checked_notice_area(new.geom);
  end if;
  new.area_codes := coalesce(new.area_codes, '{}');
  -- a polygon-only notice concerns the polygon; who manages it follows the polygon
  if cardinality(new.area_codes) = 0 and new.geom is not null and (geom_changed or new.area_code is null) then
    new.area_code := coalesce(app.notice_polygon_area_code(new.geom), new.area_code);
  end if;
  if new.area_code is null then
    new.area_code := new.area_codes[1];
  end if;
  if cardinality(new.area_codes) = 0 and new.area_code is not null and new.geom is null then
    new.area_codes := array[new.area_code];
  end if;
  select c into bad from unnest(new.area_codes) c where not exists (select 1 from public.areas x where x.code = c) limit 1;
  if bad is not null or new.area_code is null then
    perform app.refuse_input('public_notices.area_codes', '公告区域', format('须为已知的区划代码或本市范围内的多边形（收到 %s）', coalesce(bad, '空')),
      format('must hold known area codes or a polygon within the city (got %s)', coalesce(bad, 'none')));
  end if;
  if current_user not in ('anon', 'authenticated', 'service_role') then
    return new;  -- the notice functions (security definer) and maintenance, e.g. the demo loader
  end if;
  if app.user_role() = 'regulator' then
    -- the polygon first: a polygon-only notice's area code follows from it, so the polygon is what to name
    if new.geom is not null and not coalesce(extensions.st_coveredby(new.geom, app.jurisdiction_geom()), false) then
      raise exception '公告范围（public_notices.geom）超出您的辖区：多边形须位于本辖区之内，其他区域或更大范围的预警由管理员发布（区域超出辖区）。 / public_notices.geom: the polygon is outside your jurisdiction; an admin publishes notices for other or wider areas.'
        using errcode = '42501', detail = 'field: public_notices.geom';
    end if;
    select c into bad from unnest(new.area_codes || new.area_code) c where not (c like any (app.scope_patterns())) limit 1;
    if bad is not null then
      raise exception 'public_notices.area_codes: area % is outside your jurisdiction; an admin publishes notices for other or wider areas (区域超出辖区)', bad
        using errcode = '42501';
    end if;
  end if;
  if tg_op = 'INSERT' then
    if new.status <> 'draft' or new.published_at is not null or new.approver_id is not null or new.withdrawn_at is not null
       or new.withdrawal_reason is not null or new.withdrawal_proposed_at is not null then
      raise exception 'a new notice starts as a draft; publish it with publish_notice() and withdraw it with withdraw_notice() (新公告只能是草稿)'
        using errcode = '42501';
    end if;
    new.author_id := case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end;
    new.author_role := a ->> 'role';
    new.approver_role := null;
    return new;
  end if;
  if new.status is distinct from old.status or new.published_at is distinct from old.published_at
     or new.approver_id is distinct from old.approver_id or new.approver_role is distinct from old.approver_role
     or new.withdrawn_at is distinct from old.withdrawn_at or new.withdrawal_reason is distinct from old.withdrawal_reason
     or new.withdrawal_proposed_at is distinct from old.withdrawal_proposed_at
     or new.author_id is distinct from old.author_id or new.author_role is distinct from old.author_role
     or new.created_at is distinct from old.created_at then
    raise exception 'status, publication, withdrawal and authorship change only through publish_notice() and withdraw_notice() (状态只能通过发布、撤回办理)'
      using errcode = '42501';
  end if;
  if old.status <> 'draft' and (new.title is distinct from old.title or new.body is distinct from old.body
     or new.kind is distinct from old.kind or new.level is distinct from old.level or new.area_codes is distinct from old.area_codes
     or new.area_code is distinct from old.area_code or new.valid_until is distinct from old.valid_until
     or extensions.st_asewkb(new.geom) is distinct from extensions.st_asewkb(old.geom)
     or new.hidden_danger_id is distinct from old.hidden_danger_id or new.enterprise_id is distinct from old.enterprise_id) then
    raise exception 'a % notice is not edited: withdraw it and draft a new one (已发布或已撤回的公告不可修改)', old.status
      using errcode = '42501';
  end if;
  return new;
end
$$;

-- 4. The public's notices of an area also include the polygons meeting it -----------------------

create or replace function public.public_notices_active(area_code text default null, lon float8 default null, lat float8 default null)
returns table (id uuid, kind text, title text, body text, level smallint, area_codes text[], geometry jsonb,
  published_at timestamptz, valid_until timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  p extensions.geometry;
  code text := nullif(btrim(public_notices_active.area_code), '');
  area extensions.geometry;
  wanted text := code;
begin
  if code is not null and code !~ '^[0-9]{6,15}$' then
    raise exception 'area_code must be 6 to 15 digits (got %) (区划代码无效)', left(code, 20) using errcode = '22023';
  end if;
  if (lon is null) <> (lat is null) or lon = 'NaN'::float8 or lat = 'NaN'::float8
     or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'lon and lat: both or neither, within [-180, 180] and [-90, 90] (坐标无效)' using errcode = '22023';
  end if;
  if lon is not null then
    p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
    -- the smallest area holding the point: its ancestors' notices match by prefix below
    code := coalesce(code, app.area_code_at(p));
  elsif code is not null then
    select a.geom into area from public.areas a where a.code = wanted;
  end if;
  return query
  select n.id, n.kind, n.title, n.body, n.level, n.area_codes, extensions.st_asgeojson(n.geom, 6)::jsonb,
    n.published_at, n.valid_until
  from public.public_notices n
  where n.status = 'published' and (n.valid_until is null or n.valid_until > now())
    and (code is null
      or exists (select 1 from unnest(n.area_codes) c where code like app.code_prefix(c) || '%' or c like app.code_prefix(code) || '%')
      or (p is not null and n.geom is not null and extensions.st_covers(n.geom, p))
      or (p is null and area is not null and n.geom is not null and extensions.st_intersects(n.geom, area)))
  order by n.level nulls last, n.published_at desc, n.id
  limit 200;
end
$$;

revoke execute on function public.public_notices_active(text, float8, float8) from public;
grant execute on function public.public_notices_active(text, float8, float8) to anon, authenticated, service_role;

-- 5. The wall's warning areas: the same rows and shapes, the view tested before the union ---------
--
-- public_warning_areas (20261230000200) computed every active warning's union (its polygon and the
-- areas it names) before testing the view; with drawn areas there are more warnings, so those whose
-- parts all miss the view are left out first (the union meets the view exactly when a part's box
-- does and the union does), and a single part is taken as it is instead of unioned with nothing.

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
