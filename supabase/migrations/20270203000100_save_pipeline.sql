-- save_pipeline(p jsonb) (issue 19: the 管道 editing form of #/registries): one line added (no "id")
-- or changed ("id"), with the geometry as GeoJSON (LineString or MultiLineString, WGS-84 lon/lat),
-- every refusal said in words, Chinese first, naming the field (and the part and vertex of a bad
-- coordinate):
--   role          only admins, the service role and regulators write lines (42501); a regulator only
--                 a line crossing its jurisdiction (the districts and streets the route crosses,
--                 computed here as pipelines' trigger does), and only a line it may already change;
--   keys          an object with known keys only (id, name, medium, operator_enterprise_id,
--                 diameter_mm, pressure_mpa, burial_depth_m, built_year, geom), at most 1,000,000
--                 characters;
--   medium        one of the five media, by its code;
--   numbers       JSON numbers, not negative, the year a whole number (the table's input limits then
--                 bound them: diameter 10–2,000 mm, pressure 0–30 MPa, depth 0–50 m, year 1900–now);
--   operator      a known enterprise's id (or null);
--   geom          GeoJSON LineString / MultiLineString; at most 100 parts and 20,000 vertices (the
--                 table's bounds); each vertex two finite numbers, longitude in [-180, 180], latitude
--                 in [-90, 90]; each part at least 2 vertices; every vertex in the served region
--                 (inside the city's districts or within 1 km of them, as the import's rule); no part
--                 running back over itself or over another part (self-overlapping: the dissolved
--                 linework is shorter than the line); the table's trigger adds zero-length parts, the
--                 1,000 km bound and "outside every district".
-- SECURITY INVOKER: pipelines' row rules apply unchanged, and so do its triggers, which keep the
-- districts it crosses and the kept high-consequence segments (app.pipeline_hca_segments) current
-- in the same transaction; encroachments are computed at read time.
-- Deleting stays the table's (pipelines_delete: admins, the service role, the regulators of a
-- district the line crosses); the segments go by the foreign key.

create or replace function app.pipeline_geojson(g jsonb) returns extensions.geometry
language plpgsql immutable
set search_path = ''
as $$
declare
  max_parts constant int := 100;
  max_vertices constant int := 20000;
  parts jsonb;
  part jsonb;
  pos jsonb;
  t text;
  n int := 0;
  i int;
  j int;
  lon float8;
  lat float8;
  lines extensions.geometry[] := '{}';
  pts extensions.geometry[];
begin
  if g is null or jsonb_typeof(g) = 'null' then
    perform app.refuse_input('pipelines.geom', '走向', '必填（GeoJSON LineString 或 MultiLineString）', 'is required (a GeoJSON LineString or MultiLineString)');
  end if;
  if jsonb_typeof(g) <> 'object' then
    perform app.refuse_input('pipelines.geom', '走向', '须为 GeoJSON 对象', 'must be a GeoJSON object');
  end if;
  t := g ->> 'type';
  if t = 'LineString' then
    parts := jsonb_build_array(g -> 'coordinates');
  elsif t = 'MultiLineString' then
    parts := g -> 'coordinates';
  else
    perform app.refuse_input('pipelines.geom', '走向', format('须为线（LineString 或 MultiLineString），收到 %s', coalesce(t, '无类型')),
      format('must be a line (LineString or MultiLineString), got %s', coalesce(t, 'no type')));
  end if;
  if jsonb_typeof(parts) is distinct from 'array' or jsonb_array_length(parts) = 0 then
    perform app.refuse_input('pipelines.geom', '走向', '缺少坐标（coordinates）', 'has no coordinates');
  end if;
  if jsonb_array_length(parts) > max_parts then
    perform app.refuse_input('pipelines.geom', '走向', format('分段过多：最多 %s 段，收到 %s 段', max_parts, jsonb_array_length(parts)),
      format('has too many parts: at most %s, got %s', max_parts, jsonb_array_length(parts)));
  end if;
  for i in 0 .. jsonb_array_length(parts) - 1 loop
    part := parts -> i;
    if jsonb_typeof(part) is distinct from 'array' then
      perform app.refuse_input('pipelines.geom', '走向', format('第 %s 段须为坐标数组', i + 1), format('part %s must be an array of positions', i + 1));
    end if;
    if jsonb_array_length(part) < 2 then
      perform app.refuse_input('pipelines.geom', '走向', format('第 %s 段至少需要 2 个点，收到 %s 个', i + 1, jsonb_array_length(part)),
        format('part %s needs at least 2 vertices, got %s', i + 1, jsonb_array_length(part)));
    end if;
    n := n + jsonb_array_length(part);
    if n > max_vertices then
      perform app.refuse_input('pipelines.geom', '走向', format('顶点过多：最多 %s 个', max_vertices), format('has too many vertices: at most %s', max_vertices));
    end if;
  end loop;
  for i in 0 .. jsonb_array_length(parts) - 1 loop
    part := parts -> i;
    pts := '{}';
    for j in 0 .. jsonb_array_length(part) - 1 loop
      pos := part -> j;
      if jsonb_typeof(pos) is distinct from 'array' or jsonb_array_length(pos) not in (2, 3)
         or jsonb_typeof(pos -> 0) <> 'number' or jsonb_typeof(pos -> 1) <> 'number' then
        perform app.refuse_input('pipelines.geom', '走向', format('第 %s 段第 %s 个点须为 [经度, 纬度] 两个数字，收到 %s', i + 1, j + 1, left(coalesce(pos::text, 'null'), 80)),
          format('part %s, vertex %s must be [longitude, latitude] as two numbers, got %s', i + 1, j + 1, left(coalesce(pos::text, 'null'), 80)));
      end if;
      lon := (pos ->> 0)::float8;
      lat := (pos ->> 1)::float8;
      if lon not between -180 and 180 or lat not between -90 and 90 then
        perform app.refuse_input('pipelines.geom', '走向',
          format('第 %s 段第 %s 个点坐标超出范围：经度须在 -180 到 180 之间、纬度须在 -90 到 90 之间（收到 %s, %s）', i + 1, j + 1, lon, lat),
          format('part %s, vertex %s is out of range: longitude must be within [-180, 180] and latitude within [-90, 90] (got %s, %s)', i + 1, j + 1, lon, lat));
      end if;
      pts := pts || extensions.st_makepoint(lon, lat);
    end loop;
    lines := lines || extensions.st_makeline(pts);
  end loop;
  return extensions.st_setsrid(extensions.st_multi(extensions.st_collect(lines)), 4326);
end
$$;

revoke all on function app.pipeline_geojson(jsonb) from public, anon;
grant execute on function app.pipeline_geojson(jsonb) to authenticated, service_role;

-- A line running back over itself (or one part over another): the linework dissolved
-- (ST_UnaryUnion merges overlapping stretches) is shorter than the line. Crossing itself is not
-- overlapping (a crossing keeps the length) and is allowed. Which part first overlaps itself, 0 when
-- only the parts overlap each other, null when nothing overlaps.
create or replace function app.pipeline_overlap_part(g extensions.geometry) returns int
language sql immutable
set search_path = ''
as $$
  with parts as (select d.path[1] as part, d.geom from extensions.st_dump(g) d)
  select coalesce(
    (select min(p.part) from parts p
     where extensions.st_length(extensions.st_unaryunion(p.geom)) < extensions.st_length(p.geom) * (1 - 1e-9)),
    case when extensions.st_length(extensions.st_unaryunion(g)) < extensions.st_length(g) * (1 - 1e-9) then 0 end)
$$;

revoke all on function app.pipeline_overlap_part(extensions.geometry) from public, anon;
grant execute on function app.pipeline_overlap_part(extensions.geometry) to authenticated, service_role;

create or replace function public.save_pipeline(p jsonb) returns uuid
language plpgsql volatile
security invoker
set search_path = ''
as $$
declare
  allowed constant text[] := array['id', 'name', 'medium', 'operator_enterprise_id', 'diameter_mm', 'pressure_mpa',
    'burial_depth_m', 'built_year', 'geom'];
  role text := app.user_role();
  unknown text;
  k text;
  label text;
  v jsonb;
  g extensions.geometry;
  codes text[];
  far record;
  overlap int;
  pid uuid;
  op uuid;
  saved uuid;
begin
  if role not in ('admin', 'service', 'regulator') then
    raise exception '无权编辑管道：只有管理员和辖区监管部门可以添加、修改管道 / not allowed to edit pipelines: only admins and the regulators of the area add and change lines'
      using errcode = '42501', detail = 'save_pipeline: role ' || role;
  end if;
  if p is null or jsonb_typeof(p) <> 'object' then
    perform app.refuse_input('p', '管道', '必填，须为 JSON 对象', 'is required, as a JSON object');
  end if;
  if length(p::text) > 1000000 then
    perform app.refuse_input('p', '管道', '不能超过 1,000,000 个字符', 'must be at most 1,000,000 characters');
  end if;
  select string_agg(x, ', ' order by x) into unknown from jsonb_object_keys(p) x where x <> all (allowed);
  if unknown is not null then
    perform app.refuse_input('p', '管道', '含有不能写入的字段：' || left(unknown, 200), 'has fields that cannot be written: ' || left(unknown, 200));
  end if;

  if p ? 'id' and jsonb_typeof(p -> 'id') <> 'null' then
    if jsonb_typeof(p -> 'id') <> 'string' or (p ->> 'id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      perform app.refuse_input('pipelines.id', '管道编号', '须为 UUID', 'must be a UUID');
    end if;
    pid := (p ->> 'id')::uuid;
  end if;

  if jsonb_typeof(p -> 'medium') is distinct from 'string'
     or not exists (select 1 from unnest(enum_range(null::public.pipeline_medium)) e where e::text = p ->> 'medium') then
    perform app.refuse_input('pipelines.medium', '输送介质',
      format('须为 natural_gas（天然气）、crude_oil（原油）、refined_oil（成品油）、lpg（液化石油气）或 chemical（化工品）之一，收到 %s', left(coalesce(p ->> 'medium', '空'), 40)),
      format('must be one of natural_gas, crude_oil, refined_oil, lpg, chemical (got %s)', left(coalesce(p ->> 'medium', 'nothing'), 40)));
  end if;

  foreach k in array array['diameter_mm', 'pressure_mpa', 'burial_depth_m', 'built_year'] loop
    v := p -> k;
    label := case k when 'diameter_mm' then '管径（毫米）' when 'pressure_mpa' then '设计压力（兆帕）'
      when 'burial_depth_m' then '埋深（米）' else '建成年份' end;
    if v is not null and jsonb_typeof(v) <> 'null' then
      if jsonb_typeof(v) <> 'number' then
        perform app.refuse_input('pipelines.' || k, label, format('须为数字，收到 %s', left(v::text, 40)), format('must be a number (got %s)', left(v::text, 40)));
      end if;
      if (v #>> '{}')::numeric < 0 then
        perform app.refuse_input('pipelines.' || k, label, format('不能为负数（收到 %s）', v), format('must not be negative (got %s)', v));
      end if;
      if k = 'built_year' and (v #>> '{}')::numeric <> trunc((v #>> '{}')::numeric) then
        perform app.refuse_input('pipelines.built_year', '建成年份', format('须为整数年份（收到 %s）', v), format('must be a whole year (got %s)', v));
      end if;
    end if;
  end loop;

  if p ? 'operator_enterprise_id' and jsonb_typeof(p -> 'operator_enterprise_id') <> 'null' then
    if jsonb_typeof(p -> 'operator_enterprise_id') <> 'string'
       or (p ->> 'operator_enterprise_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      perform app.refuse_input('pipelines.operator_enterprise_id', '运营企业', '须为企业编号（UUID）', 'must be an enterprise id (a UUID)');
    end if;
    op := (p ->> 'operator_enterprise_id')::uuid;
  end if;

  g := app.pipeline_geojson(p -> 'geom');

  -- the served region, as the import's rule: inside a district or within 1 km of one
  select d.path[1] as part, d.path[2] as vertex, extensions.st_x(d.geom) as lon, extensions.st_y(d.geom) as lat into far
  from extensions.st_dumppoints(g) d
  where not exists (select 1 from public.areas a where a.level = 'district' and extensions.st_intersects(a.geom, d.geom))
    and not exists (select 1 from public.areas a where a.level = 'district'
      and a.geom operator(extensions.&&) extensions.st_expand(d.geom, 0.02)
      and extensions.st_dwithin(a.geom::extensions.geography, d.geom::extensions.geography, 1000))
  order by d.path[1], d.path[2]
  limit 1;
  if found then
    perform app.refuse_input('pipelines.geom', '走向',
      format('第 %s 段第 %s 个点（%s, %s）不在本市辖区内（含 1 公里缓冲）', far.part, far.vertex, far.lon, far.lat),
      format('part %s, vertex %s (%s, %s) is outside the city''s districts (+1 km)', far.part, far.vertex, far.lon, far.lat));
  end if;

  overlap := app.pipeline_overlap_part(g);
  if overlap = 0 then
    perform app.refuse_input('pipelines.geom', '走向', '各段之间有重叠（同一段管线画了两次）', 'has parts running over each other (a stretch drawn twice)');
  elsif overlap is not null then
    perform app.refuse_input('pipelines.geom', '走向', format('第 %s 段自身重叠（折返走回了已画过的一段）', overlap),
      format('part %s runs back over itself (a stretch drawn twice)', overlap));
  end if;

  if role = 'regulator' then
    select coalesce(array_agg(a.code order by a.code), '{}') into codes
    from public.areas a
    where a.level in ('district', 'street') and extensions.st_intersects(a.geom, g);
    if cardinality(codes) > 0 and not app.pipeline_in_scope(codes) then
      raise exception '无权保存该管道：走向须经过本辖区 / not allowed to save this line: its route must cross your own jurisdiction'
        using errcode = '42501', detail = 'pipelines: the route crosses ' || array_to_string(codes, ', ');
    end if;
  end if;

  begin
    if pid is null then
      insert into public.pipelines (name, medium, operator_enterprise_id, diameter_mm, pressure_mpa, burial_depth_m, built_year, geom)
      values (p ->> 'name', (p ->> 'medium')::public.pipeline_medium, op, (p ->> 'diameter_mm')::numeric,
        (p ->> 'pressure_mpa')::numeric, (p ->> 'burial_depth_m')::numeric, (p ->> 'built_year')::numeric::int, g)
      returning id into saved;
    else
      update public.pipelines
      set name = p ->> 'name', medium = (p ->> 'medium')::public.pipeline_medium, operator_enterprise_id = op,
        diameter_mm = (p ->> 'diameter_mm')::numeric, pressure_mpa = (p ->> 'pressure_mpa')::numeric,
        burial_depth_m = (p ->> 'burial_depth_m')::numeric, built_year = (p ->> 'built_year')::numeric::int, geom = g
      where id = pid
      returning id into saved;
      if saved is null then
        raise exception '无权修改该管道（或记录已不存在） / not allowed to change this pipeline (or it no longer exists)'
          using errcode = '42501', detail = 'pipelines: no row the caller may change has id ' || pid;
      end if;
    end if;
  exception when foreign_key_violation then
    perform app.refuse_input('pipelines.operator_enterprise_id', '运营企业', '不是已登记的企业', 'is not a registered enterprise');
  end;
  return saved;
end
$$;

revoke all on function public.save_pipeline(jsonb) from public, anon;
grant execute on function public.save_pipeline(jsonb) to authenticated, service_role;
