-- Pipelines in the import and the export (issues 14 and 19): the city's pipeline registry (GeoJSON
-- or a zipped Shapefile of lines) goes through the same import as the other kinds (staging, dry
-- run with a verdict per row, one-transaction or chunked commit, rollback), and export_page writes
-- pipelines back, so that export → re-import is all "unchanged".
--
-- What the generic import assumes and pipelines break, and what this migration does about it:
--   provenance   pipelines had no external_id and no import_run_id: added (external_id unique when
--                given, at most 100 characters; import_run_id on delete set null), as for the others.
--   kind         import_runs.kind and import_templates.kind list six kinds: 'pipelines' added.
--   columns      app.import_columns('pipelines'): external_id, name, medium, operator_enterprise_id,
--                diameter_mm, pressure_mpa, burial_depth_m, built_year, geom. operator_enterprise_id
--                is derived from the row's 运营单位统一社会信用代码 (operator_credit_code) by the dry
--                run, never taken from the file (as enterprise_id for hazard sources).
--   area         pipelines have area_codes (every district and street the line crosses, derived by
--                their write trigger), not one area_code: the generic decision's representative
--                point and its area_code column do not apply. The dry run derives the same codes
--                the trigger will (district and street polygons the line intersects) to decide
--                the region and the jurisdiction; the write leaves area_codes to the trigger.
--   region       a line must cross at least one district (the trigger's rule; no 1 km tolerance:
--                a line outside every district has no supervisor).
--   jurisdiction a regulator's line is in scope when it crosses one of its districts
--                (app.pipeline_in_scope(area_codes), the rule of the table's RLS policies), both for
--                the line in the file and for the stored line it would change.
--   row refusals the write trigger's bounds (a line: LineString or MultiLineString, at most 100
--                parts, 20,000 vertices, 1,000 km, no zero-length part, valid, in lon/lat range;
--                built year 1900 … this year) and the input limits (name 2–200 characters,
--                diameter 10–2000 mm, pressure 0–30 MPa, burial depth 0–50 m, external id ≤ 100)
--                would abort a whole import_apply call; the dry run refuses such a row by its row
--                number and column instead (app.import_pipeline_problem), so one bad line never
--                stops the others (skip_errors) and the reason reaches the user.
--   natural key  the record's own id (系统编号), else external_id, else (name, operator): a line's
--                "within 10 m" is not a key. A row without an operator matches a stored line
--                without one.
--   staging      import_rows.data was at most 64 KB a row: a surveyed line of 20,000 vertices is
--                ~800 KB of WKT. The table's bound is now 1 MB, and import_stage keeps 64 KB for
--                the other kinds (a row over its kind's bound is refused by its row number).
--
-- How: app.import_decide / import_write / import_undo (the wrappers of
-- 20270124000100_import_inventory.sql) are kept; their *_records functions are renamed *_generic
-- (untouched) and app.import_*_records now dispatch: pipelines to app.import_*_pipelines, every
-- other kind to the generic ones. export_page as in 20270124000100 plus pipelines (the operator as
-- its credit code).

-- ----------------------------------------------------------------------------- the table
alter table public.pipelines
  add column external_id text,
  add column import_run_id uuid references public.import_runs(id) on delete set null;
create unique index pipelines_external_id_key on public.pipelines (external_id) where external_id is not null;
create index pipelines_name_idx on public.pipelines (name);
comment on column public.pipelines.external_id is 'The line''s id in the registry it was imported from (外部编号; unique when given).';
comment on column public.pipelines.import_run_id is 'The import run that last wrote the line (issue 14).';

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('pipelines', 'external_id', 'text', '外部编号', false, null, 100);
select app.install_input_limits('pipelines');

alter table public.import_runs drop constraint import_runs_kind_check;
alter table public.import_runs add constraint import_runs_kind_check
  check (kind in ('enterprises', 'hazard_sources', 'risk_points', 'protective_targets', 'emergency_resources', 'chemical_parks', 'pipelines'));

alter table public.import_templates drop constraint import_templates_kind_check;
alter table public.import_templates add constraint import_templates_kind_check
  check (kind in ('enterprises', 'hazard_sources', 'risk_points', 'protective_targets', 'emergency_resources', 'chemical_parks', 'pipelines'));
update app.input_limits set
  pattern = '^(enterprises|hazard_sources|risk_points|protective_targets|emergency_resources|chemical_parks|pipelines)$',
  pattern_zh = '须为 enterprises、hazard_sources、risk_points、protective_targets、emergency_resources、chemical_parks 或 pipelines',
  pattern_en = 'must be enterprises, hazard_sources, risk_points, protective_targets, emergency_resources, chemical_parks or pipelines'
where relation = 'import_templates' and col = 'kind' and kind = 'pattern';
select app.install_input_limits('import_templates');

-- A staged row: 1 MB (a line of 20,000 vertices); import_stage keeps 64 KB for the other kinds.
alter table public.import_rows drop constraint import_rows_data_check;
alter table public.import_rows add constraint import_rows_data_check
  check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 1048576);

-- ----------------------------------------------------------------------------- columns
create or replace function app.import_columns(kind text) returns text[]
language sql immutable
set search_path = ''
as $$
  select case kind
    when 'enterprises' then array['name', 'credit_code', 'industry_code', 'address', 'location', 'employees', 'standardization_grade']
    when 'protective_targets' then array['external_id', 'name', 'type_code', 'target_class', 'population', 'geom']
    when 'emergency_resources' then array['external_id', 'name', 'resource_type', 'capacity', 'capacity_unit', 'location']
    when 'chemical_parks' then array['external_id', 'name', 'approved_by', 'geom']
    when 'hazard_sources' then array['external_id', 'enterprise_id', 'name', 'unit_type', 'geom']
    when 'risk_points' then array['external_id', 'enterprise_id', 'name', 'category_code', 'method', 'lec_l', 'lec_e', 'lec_c',
      'matrix_l', 'matrix_s', 'assessed_by', 'assessed_at', 'location']
    when 'pipelines' then array['external_id', 'name', 'medium', 'operator_enterprise_id', 'diameter_mm', 'pressure_mpa',
      'burial_depth_m', 'built_year', 'geom']
  end
$$;

-- ----------------------------------------------------------------------------- staging
-- As in 20261205000200_import.sql, plus: a row's data at most 64 KB (1 MB for pipelines), refused
-- by its row number; operator_enterprise_id and area_codes are never taken from the file either.
create or replace function public.import_stage(run_id uuid, rows jsonb) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs;
  n integer;
  cap integer;
  big record;
begin
  perform app.require_arg(rows, 'rows');
  r := app.import_run_of(run_id, 'staging');
  if jsonb_typeof(rows) <> 'array' or jsonb_array_length(rows) > 10000 then
    raise exception 'rows 应为最多 10000 行的数组 / rows must be an array of at most 10,000 rows' using errcode = '22023';
  end if;
  cap := case when r.kind = 'pipelines' then 1048576 else 65536 end;
  select (e ->> 'row') as row_no, octet_length((e -> 'data')::text) as bytes into big
  from jsonb_array_elements(rows) e where octet_length((e -> 'data')::text) > cap limit 1;
  if found then
    raise exception '第 % 行的数据过大：% 字节，上限 % 字节 / row % is too large: % bytes, at most %',
      big.row_no, big.bytes, cap, big.row_no, big.bytes, cap using errcode = '22023';
  end if;
  -- enterprise_id, operator_enterprise_id and area_code(s) are never taken from the file: the check derives them.
  insert into public.import_rows (run_id, row_no, data)
  select r.id, (e ->> 'row')::int, (e -> 'data') - 'enterprise_id' - 'area_code' - 'operator_enterprise_id' - 'area_codes'
  from jsonb_array_elements(rows) e
  on conflict (run_id, row_no) do update set data = excluded.data, verdict = null, target_id = null,
    error_column = null, error_message = null;
  get diagnostics n = row_count;
  if (select count(*) from public.import_rows where import_rows.run_id = r.id) > r.total_rows then
    raise exception '暂存的行数超过了批次声明的 % 行 / more rows staged than the run''s % rows', r.total_rows, r.total_rows
      using errcode = '22023';
  end if;
  return n;
end
$$;

-- ----------------------------------------------------------------------------- one line's refusal
-- What the pipelines' write trigger and input limits would refuse in a staged row, as
-- {"column", "message"} (the first problem), or {"area_codes": [...]} (the districts and streets
-- the line crosses, as the trigger derives them) when the row is fine. Same bounds as
-- app.pipeline_write and app.input_limits (20261212000100_pipelines.sql).
create or replace function app.import_pipeline_problem(d jsonb) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  num constant text := '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$';
  max_parts constant int := 100;
  max_vertices constant int := 20000;
  max_length_m constant float8 := 1000000;
  g extensions.geometry;
  t text;
  i int;
  len float8;
  codes text[];
  nm text := d ->> 'name';
  v text;
  lim record;
  this_year int := extract(year from app.today())::int;
begin
  -- name, medium, external id
  if nm is null or btrim(nm, E' \t\r\n\u3000\ufeff') = '' then
    return jsonb_build_object('column', 'name', 'message', '管道名称不能为空 / the pipeline''s name is required');
  end if;
  if char_length(btrim(nm)) < 2 or char_length(nm) > 200 then
    return jsonb_build_object('column', 'name', 'message',
      format('管道名称须为 2–200 个字符（收到 %s 个） / the pipeline''s name must be 2 to 200 characters (got %s)', char_length(nm), char_length(nm)));
  end if;
  v := d ->> 'medium';
  if v is null or not (v = any (enum_range(null::public.pipeline_medium)::text[])) then
    return jsonb_build_object('column', 'medium', 'message',
      format('介质“%s”不是 natural_gas、crude_oil、refined_oil、lpg 或 chemical 之一 / medium "%s" is none of natural_gas, crude_oil, refined_oil, lpg, chemical',
        coalesce(v, ''), coalesce(v, '')));
  end if;
  if char_length(d ->> 'external_id') > 100 then
    return jsonb_build_object('column', 'external_id', 'message',
      format('外部编号过长：最多 100 个字符（收到 %s 个） / the external id is too long: at most 100 characters (got %s)',
        char_length(d ->> 'external_id'), char_length(d ->> 'external_id')));
  end if;
  -- numbers (the input limits' bounds)
  for lim in select * from (values
      ('diameter_mm', '管径（毫米）', 'diameter (mm)', 10::numeric, 2000::numeric),
      ('pressure_mpa', '设计压力（兆帕）', 'design pressure (MPa)', 0, 30),
      ('burial_depth_m', '埋深（米）', 'burial depth (m)', 0, 50)) x(col, zh, en, lo, hi) loop
    v := d ->> lim.col;
    if v is not null and (v !~ num or v::numeric < lim.lo or v::numeric > lim.hi) then
      return jsonb_build_object('column', lim.col, 'message',
        format('%s须在 %s 到 %s 之间（收到 %s） / %s must be a number from %s to %s (got %s)', lim.zh, lim.lo, lim.hi, v, lim.en, lim.lo, lim.hi, v));
    end if;
  end loop;
  v := d ->> 'built_year';
  if v is not null and (v !~ '^[0-9]{1,4}$' or v::int < 1900 or v::int > this_year) then
    return jsonb_build_object('column', 'built_year', 'message',
      format('建设年份须在 1900 到 %s 之间（收到 %s） / the year built must be from 1900 to %s (got %s)', this_year, v, this_year, v));
  end if;
  -- the line
  if d ->> 'geom' is null then
    return jsonb_build_object('column', 'geom', 'message', '没有走向：需要线几何 / no route: a line geometry is required');
  end if;
  begin
    g := extensions.st_geomfromewkt(d ->> 'geom');
  exception when others then
    return jsonb_build_object('column', 'geom', 'message',
      format('走向不是可读的几何：%s / the route is not a readable geometry: %s', sqlerrm, sqlerrm));
  end;
  t := extensions.geometrytype(g);
  if t not in ('LINESTRING', 'MULTILINESTRING') then
    return jsonb_build_object('column', 'geom', 'message',
      format('走向须为线（LineString 或 MultiLineString），收到 %s / the route must be a line (LineString or MultiLineString), got %s', t, t));
  end if;
  if extensions.st_srid(g) <> 4326 then
    return jsonb_build_object('column', 'geom', 'message',
      format('走向须为 WGS-84 经纬度（SRID 4326），收到 SRID %s / the route must be WGS-84 (SRID 4326), got SRID %s', extensions.st_srid(g), extensions.st_srid(g)));
  end if;
  g := extensions.st_multi(g);
  if extensions.st_isempty(g) then
    return jsonb_build_object('column', 'geom', 'message', '走向不能为空几何 / the route must not be empty');
  end if;
  if extensions.st_xmin(g) < -180 or extensions.st_xmax(g) > 180 or extensions.st_ymin(g) < -90 or extensions.st_ymax(g) > 90 then
    return jsonb_build_object('column', 'geom', 'message',
      '走向的坐标超出范围（经度 ±180、纬度 ±90） / the route''s coordinates are out of range (longitude ±180, latitude ±90)');
  end if;
  if extensions.st_numgeometries(g) > max_parts then
    return jsonb_build_object('column', 'geom', 'message',
      format('走向分段过多：最多 %s 段，收到 %s 段 / the route has too many parts: at most %s, got %s',
        max_parts, extensions.st_numgeometries(g), max_parts, extensions.st_numgeometries(g)));
  end if;
  if extensions.st_npoints(g) > max_vertices then
    return jsonb_build_object('column', 'geom', 'message',
      format('走向顶点过多：最多 %s 个，收到 %s 个 / the route has too many vertices: at most %s, got %s',
        max_vertices, extensions.st_npoints(g), max_vertices, extensions.st_npoints(g)));
  end if;
  for i in 1 .. extensions.st_numgeometries(g) loop
    if extensions.st_npoints(extensions.st_geometryn(g, i)) < 2
       or extensions.st_length(extensions.st_geometryn(g, i)::extensions.geography) = 0 then
      return jsonb_build_object('column', 'geom', 'message',
        format('走向第 %s 段长度为零（至少两个不同的点） / part %s of the route has zero length (it needs two distinct points)', i, i));
    end if;
  end loop;
  if not extensions.st_isvalid(g) then
    return jsonb_build_object('column', 'geom', 'message',
      format('走向不是有效的线：%s / the route is not a valid line: %s', extensions.st_isvalidreason(g), extensions.st_isvalidreason(g)));
  end if;
  len := extensions.st_length(g::extensions.geography);
  if len > max_length_m then
    return jsonb_build_object('column', 'geom', 'message',
      format('走向过长：最长 %s 千米，收到 %s 千米 / the route is too long: at most %s km, got %s km',
        max_length_m / 1000, round((len / 1000)::numeric, 1), max_length_m / 1000, round((len / 1000)::numeric, 1)));
  end if;
  -- the districts and streets it crosses (as app.pipeline_write derives area_codes)
  select coalesce(array_agg(a.code order by a.code), '{}') into codes
  from public.areas a
  where a.level in ('district', 'street') and extensions.st_intersects(a.geom, g);
  if cardinality(codes) = 0 then
    return jsonb_build_object('column', 'geom', 'message',
      '走向不在本市任何区县内（管道须穿过至少一个区县） / the route lies outside every district of the served region');
  end if;
  return jsonb_build_object('area_codes', to_jsonb(codes));
end
$$;
comment on function app.import_pipeline_problem(jsonb) is
  'A staged pipelines row''s first problem as {"column", "message"} (the write trigger''s and input limits'' bounds), else {"area_codes"} it crosses (issue 14/19).';

-- ----------------------------------------------------------------------------- deciding
-- The dry run of rows [lo, hi] of a pipelines run (keys_only: the commit's second look, as
-- app.import_decide_records_generic: what depends only on the row stands, keys and differences are
-- decided again).
create or replace function app.import_decide_pipelines(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  cols text[] := app.import_columns('pipelines');
  lo integer := coalesce(from_row, 0);
  hi integer := coalesce(to_row, 2147483647);
  scoped boolean := app.user_role() = 'regulator';
  full_decision boolean := not keys_only
    or exists (select 1 from public.import_rows where run_id = r.id and row_no between lo and hi and verdict is null);
  differs text;
begin
  if full_decision then
    -- Pass 1: the operator by its credit code, the row's bounds, the districts the line crosses,
    -- a regulator's jurisdiction. operator_enterprise_id and line_area_codes are derived here only.
    with b as materialized (
      select s.row_no, s.data - 'operator_enterprise_id' - 'area_codes' - 'line_area_codes' as d, e.id as operator_id,
        (s.data ? 'operator_credit_code' and e.id is null) as no_operator
      from public.import_rows s
        left join lateral (select e.id from public.enterprises e
          where s.data ? 'operator_credit_code' and e.credit_code = s.data ->> 'operator_credit_code' offset 0) e on true
      where s.run_id = r.id and s.row_no between lo and hi
    ), c as materialized (
      select b.*, case when not b.no_operator then app.import_pipeline_problem(b.d) end as p from b
    ), v as (
      select c.*, scoped and not c.no_operator and not (c.p ? 'message')
        and not app.pipeline_in_scope(array(select jsonb_array_elements_text(c.p -> 'area_codes'))) as not_ours
      from c
    )
    update public.import_rows s set
      data = case when v.no_operator or v.p ? 'message' then v.d
        else v.d || case when v.operator_id is not null then jsonb_build_object('operator_enterprise_id', v.operator_id) else '{}' end
          || jsonb_build_object('line_area_codes', v.p -> 'area_codes') end,
      verdict = case when v.no_operator or v.p ? 'message' or v.not_ours then 'error' end,
      target_id = null,
      error_column = case when v.no_operator then 'operator_credit_code' when v.p ? 'message' then v.p ->> 'column'
        when v.not_ours then 'geom' end,
      error_message = case
        when v.no_operator then format('没有统一社会信用代码为 %s 的企业（运营单位；请先导入企业） / no enterprise with credit code %s (the operator: import the enterprises first)',
          v.d ->> 'operator_credit_code', v.d ->> 'operator_credit_code')
        when v.p ? 'message' then v.p ->> 'message'
        when v.not_ours then '管道不经过你的辖区 / the line does not cross your jurisdiction'
      end
    from v where s.run_id = r.id and s.row_no = v.row_no;
  else
    update public.import_rows set verdict = null, target_id = null
    where run_id = r.id and row_no between lo and hi and verdict in ('insert', 'update', 'unchanged');
  end if;

  -- Natural keys: the record's own id (系统编号), else external_id, else (name, operator).
  update public.import_rows s set target_id = t.id from public.pipelines t
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null
    and s.data ->> 'id' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
    and t.id = (s.data ->> 'id')::uuid;
  update public.import_rows s set target_id = t.id from public.pipelines t
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and s.target_id is null
    and s.data ? 'external_id' and t.external_id = s.data ->> 'external_id';
  update public.import_rows s set target_id = x.id from (
    select s2.row_no, (select t.id from public.pipelines t
      where t.name = s2.data ->> 'name'
        and t.operator_enterprise_id is not distinct from (s2.data ->> 'operator_enterprise_id')::uuid
      order by t.id limit 1) as id
    from public.import_rows s2
    where s2.run_id = r.id and s2.row_no between lo and hi and s2.verdict is null and not s2.data ? 'external_id'
      and s2.target_id is null) x
  where s.run_id = r.id and s.row_no = x.row_no and x.id is not null;

  -- Pass 2: insert / update / unchanged, or refused where a regulator would change a line that
  -- does not cross its jurisdiction. Geometry compares as shapes (a LineString equals the stored
  -- one-part MultiLineString).
  select string_agg(case when c = 'geom'
      then format('(s.data ? %L and not extensions.st_equals(p.%I, t.%I))', c, c, c)
      else format('(s.data ? %L and p.%I is distinct from t.%I)', c, c, c) end, ' or ')
    into differs from unnest(cols) c;
  execute format($q$
    update public.import_rows u set verdict = x.verdict, target_id = x.id,
      error_column = case when x.verdict = 'error' then 'geom' end,
      error_message = case when x.verdict = 'error'
        then '已有的管道不经过你的辖区，不能修改 / the existing line does not cross your jurisdiction' end
    from (select s.row_no, t.id, case
            when t.id is null then 'insert'
            when $4 and not app.pipeline_in_scope(t.area_codes) then 'error'
            when %s then 'update' else 'unchanged' end as verdict
          from public.import_rows s left join lateral (select t.* from public.pipelines t where t.id = s.target_id offset 0) t on true
            cross join lateral jsonb_populate_record(null::public.pipelines, s.data - 'line_area_codes') p
          where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null) x
    where u.run_id = $1 and u.row_no = x.row_no
  $q$, differs) using r.id, lo, hi, scoped;
end
$$;

alter function app.import_decide_records(public.import_runs, integer, integer, boolean) rename to import_decide_records_generic;

create or replace function app.import_decide_records(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if r.kind = 'pipelines' then
    perform app.import_decide_pipelines(r, from_row, to_row, keys_only);
  else
    perform app.import_decide_records_generic(r, from_row, to_row, keys_only);
  end if;
end
$$;

-- ----------------------------------------------------------------------------- writing
-- As app.import_write_records_generic (20270108000100), without area_code (the trigger derives
-- area_codes from the line): new ids, the inserts, the stored images, the updates and the applied
-- flag in one statement.
create or replace function app.import_write_pipelines(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  cols text[] := app.import_columns('pipelines');
  ins_cols text;
  ins_vals text;
  upd_set text;
begin
  select string_agg(format('%I', c), ', '),
         string_agg(format('case when src.data ? %L then p.%I else %s end', c, c,
           coalesce((select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_attribute a
             on a.attrelid = d.adrelid and a.attnum = d.adnum
             where d.adrelid = 'public.pipelines'::regclass and a.attname = c), 'null')), ', '),
         string_agg(format('%I = case when src.data ? %L then p.%I else t.%I end', c, c, c, c), ', ')
    into ins_cols, ins_vals, upd_set
  from unnest(cols) c;

  execute format($q$
    with src as materialized (
      select s.row_no, s.verdict, s.data - 'line_area_codes' as data,
        case when s.verdict = 'insert' then gen_random_uuid() else s.target_id end as id
      from public.import_rows s
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict in ('insert', 'update') and not s.applied
    ), ins as (
      insert into public.pipelines (id, %s, import_run_id)
      select src.id, %s, $1
      from src cross join lateral jsonb_populate_record(null::public.pipelines, src.data) p
      where src.verdict = 'insert' order by src.row_no
      returning 1
    ), upd as (
      update public.pipelines t set %s, import_run_id = $1
      from src cross join lateral jsonb_populate_record(null::public.pipelines, src.data) p
      where src.verdict = 'update' and t.id = src.id
      returning 1
    )
    update public.import_rows s set target_id = src.id, applied = true,
      before = case when src.verdict = 'update' then (select to_jsonb(t) from public.pipelines t where t.id = src.id) end
    from src where s.run_id = $1 and s.row_no = src.row_no
  $q$, ins_cols, ins_vals, upd_set) using r.id, lo, hi;
end
$$;

alter function app.import_write_records(public.import_runs, integer, integer) rename to import_write_records_generic;

create or replace function app.import_write_records(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if r.kind = 'pipelines' then
    perform app.import_write_pipelines(r, lo, hi);
  else
    perform app.import_write_records_generic(r, lo, hi);
  end if;
end
$$;

-- ----------------------------------------------------------------------------- rolling back
-- As app.import_undo_records_generic (20270106000100), without area_code: the run's inserted lines
-- deleted, the updated ones restored from their saved images (the trigger derives area_codes
-- again from the restored line), the last max_rows applied rows first.
create or replace function app.import_undo_pipelines(r public.import_runs, max_rows integer) returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  cols text[] := app.import_columns('pipelines') || array['import_run_id'];
  restore text;
  cut integer;
  remaining integer;
begin
  select min(x.row_no) into cut from (
    select s.row_no from public.import_rows s where s.run_id = r.id and s.applied order by s.row_no desc limit max_rows) x;
  if cut is not null then
    delete from public.pipelines t using public.import_rows s
    where s.run_id = r.id and s.applied and s.row_no >= cut and s.verdict = 'insert' and t.id = s.target_id;
    select string_agg(format('%I = b.%I', c, c), ', ') into restore from unnest(cols) c;
    execute format($q$
      update public.pipelines t set %s
      from public.import_rows s, jsonb_populate_record(null::public.pipelines, s.before) b
      where s.run_id = $1 and s.applied and s.row_no >= $2 and s.verdict = 'update' and t.id = s.target_id
    $q$, restore) using r.id, cut;
    update public.import_rows s set applied = false, before = null,
      target_id = case when s.verdict = 'insert' then null else s.target_id end
    where s.run_id = r.id and s.applied and s.row_no >= cut;
  end if;
  select count(*) into remaining from public.import_rows s where s.run_id = r.id and s.applied;
  if remaining = 0 then
    update public.import_runs set status = 'staging' where id = r.id;
  end if;
  return remaining;
end
$$;

alter function app.import_undo_records(public.import_runs, integer) rename to import_undo_records_generic;

create or replace function app.import_undo_records(r public.import_runs, max_rows integer) returns integer
language plpgsql volatile
set search_path = ''
as $$
begin
  if r.kind = 'pipelines' then
    return app.import_undo_pipelines(r, max_rows);
  end if;
  return app.import_undo_records_generic(r, max_rows);
end
$$;

revoke all on function app.import_pipeline_problem(jsonb),
  app.import_decide_pipelines(public.import_runs, integer, integer, boolean),
  app.import_decide_records(public.import_runs, integer, integer, boolean),
  app.import_write_pipelines(public.import_runs, integer, integer),
  app.import_write_records(public.import_runs, integer, integer),
  app.import_undo_pipelines(public.import_runs, integer),
  app.import_undo_records(public.import_runs, integer) from public, anon, authenticated;

-- ----------------------------------------------------------------------------- export
-- As in 20270124000100_import_inventory.sql, plus pipelines: the operator as its credit code
-- (operator_credit_code, which the import reads back), the line as GeoJSON.
create or replace function public.export_page(kind text, after_id uuid default null, page_size integer default 1000)
returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  cols text[] := app.import_columns(kind);
  gcol text := app.import_geom_column(kind);
  sel text;
  join_ent text := '';
  result jsonb;
begin
  perform app.require_arg(kind, 'kind');
  perform app.require_arg(page_size, 'page_size');
  if app.user_role() = 'anon' then
    raise exception '请先登录再导出（公众视图不提供导出） / sign in to export (the public view offers no export)' using errcode = '42501';
  end if;
  if cols is null then
    raise exception '未知的导出类型“%” / unknown export kind "%"', kind, kind using errcode = '22023';
  end if;
  if page_size < 1 or page_size > 1000 then
    raise exception '每页 1–1000 行（收到 %） / a page holds 1 to 1000 rows (got %)', page_size, page_size using errcode = '22023';
  end if;
  select string_agg(format('%L, t.%I', c, c), ', ') into sel
  from unnest(cols) c where c <> gcol and c not in ('enterprise_id', 'operator_enterprise_id');
  sel := sel || format(', ''geometry'', extensions.st_asgeojson(t.%I, 15)::jsonb', gcol);
  if kind in ('hazard_sources', 'risk_points') then
    join_ent := 'left join public.enterprises e on e.id = t.enterprise_id';
    sel := sel || ', ''enterprise_credit_code'', e.credit_code';
  end if;
  if kind = 'pipelines' then
    join_ent := 'left join public.enterprises e on e.id = t.operator_enterprise_id';
    sel := sel || ', ''operator_credit_code'', e.credit_code';
  end if;
  if kind = 'hazard_sources' then
    join_ent := join_ent || $j$
      left join lateral (
        select count(*) as n, min(s.name_zh) as one_name, min(i.max_quantity_t) as one_q,
          string_agg(s.name_zh || ':' || i.max_quantity_t::text, ';' order by s.id) as list
        from public.hazard_source_inventory i join public.substances s on s.id = i.substance_id
        where i.hazard_source_id = t.id) inv on true$j$;
    sel := sel || ', ''substance'', case when inv.n = 1 then inv.one_name when inv.n > 1 then inv.list end'
      || ', ''max_quantity_t'', case when inv.n = 1 then inv.one_q end';
  end if;
  execute format($q$
    select jsonb_build_object('rows', coalesce(jsonb_agg(x.r order by x.id), '[]'::jsonb),
      'last_id', case when count(*) = $2 then max(x.id::text) end)
    from (select t.id, jsonb_build_object('id', t.id, %s) r
          from public.%I t %s
          where $1 is null or t.id > $1
          order by t.id limit $2) x
  $q$, sel, kind, join_ent) into result using after_id, page_size;
  return result;
end
$$;

comment on function public.export_page(text, uuid, integer) is
  'One page (≤1000) of a registry the import takes, as the caller may see it, in the import''s columns; hazard sources with their inventory, pipelines with their operator''s credit code (issues 14, 19).';
revoke all on function public.export_page(text, uuid, integer) from public, anon;
grant execute on function public.export_page(text, uuid, integer) to authenticated, service_role;
