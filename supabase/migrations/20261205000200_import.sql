-- Import of registries (issue 14): files are read, mapped and checked in the browser or the CLI
-- (src/import, the same code in both); this migration takes the checked rows in chunks into a
-- staging table, decides a verdict per row (insert / update / unchanged / error) by natural key,
-- served region and jurisdiction, and commits a run in ONE transaction.
--
--   import_begin(kind, file_name, sha256, crs, total_rows)  → run id           (status 'staging')
--   import_stage(run_id, rows jsonb)   ≤ 10,000 rows and ~2 MB a call, so a request stays under the 4 MB cap
--   import_check(run_id, from_row, to_row) → verdict counts and errors of that range (dry run;
--                                       writes only the staging rows, so it may run in chunks)
--   import_commit(run_id, skip_errors, client_errors) → counts             (status 'committed')
--
-- Natural keys: enterprises by credit code; the other kinds by external_id when the row has one,
-- else hazard sources and risk points by (enterprise, name), chemical parks by name, protective
-- targets and emergency resources by (name, type, a position within 10 m).
-- Who: admins and the service role everywhere; regulators inside their districts (rows outside,
-- new or existing, are errors by name). Everything else: refused (42501).

-- 1. Provenance and external ids on the imported tables ------------------------------------------

create table public.import_runs (
  id uuid primary key default gen_random_uuid(),
  created_by uuid default auth.uid(),
  actor_role text not null,
  kind text not null check (kind in ('enterprises', 'hazard_sources', 'risk_points', 'protective_targets',
    'emergency_resources', 'chemical_parks')),
  file_name text not null check (length(file_name) between 1 and 255),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  crs text not null check (crs ~ '^(wgs84|cgcs2000|gcj02|bd09|EPSG:[0-9]{4,6})$'),
  status text not null default 'staging' check (status in ('staging', 'committed', 'failed')),
  total_rows integer not null check (total_rows between 1 and 200000),
  inserted integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  errors integer not null default 0,
  created_at timestamptz not null default now(),
  committed_at timestamptz,
  updated_at timestamptz not null default now()
);
create index import_runs_created_by_idx on public.import_runs (created_by);
comment on table public.import_runs is 'One import of a file: who, when, file name and SHA-256, kind, CRS, counts, status (issue 14).';

create table public.import_rows (
  run_id uuid not null references public.import_runs(id) on delete cascade,
  row_no integer not null check (row_no between 2 and 1048576),
  data jsonb not null check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  verdict text check (verdict in ('insert', 'update', 'unchanged', 'error')),
  target_id uuid,
  error_column text,
  error_message text,
  primary key (run_id, row_no)
);
comment on table public.import_rows is 'Staged rows of an import run with their dry-run verdict; written only by the import functions.';

alter table public.enterprises add column import_run_id uuid references public.import_runs(id) on delete set null;
alter table public.hazard_sources add column external_id text, add column import_run_id uuid references public.import_runs(id) on delete set null;
alter table public.risk_points add column external_id text, add column import_run_id uuid references public.import_runs(id) on delete set null;
alter table public.protective_targets add column external_id text, add column import_run_id uuid references public.import_runs(id) on delete set null;
alter table public.emergency_resources add column external_id text, add column import_run_id uuid references public.import_runs(id) on delete set null;
alter table public.chemical_parks add column external_id text, add column import_run_id uuid references public.import_runs(id) on delete set null;
create unique index hazard_sources_external_id_key on public.hazard_sources (external_id) where external_id is not null;
create unique index risk_points_external_id_key on public.risk_points (external_id) where external_id is not null;
create unique index protective_targets_external_id_key on public.protective_targets (external_id) where external_id is not null;
create unique index emergency_resources_external_id_key on public.emergency_resources (external_id) where external_id is not null;
create unique index chemical_parks_external_id_key on public.chemical_parks (external_id) where external_id is not null;
create index hazard_sources_enterprise_name_idx on public.hazard_sources (enterprise_id, name);
create index risk_points_enterprise_name_idx on public.risk_points (enterprise_id, name);
create index protective_targets_name_idx on public.protective_targets (name);
create index emergency_resources_name_idx on public.emergency_resources (name);

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('hazard_sources', 'external_id', 'text', '外部编号', false, null, 100),
  ('risk_points', 'external_id', 'text', '外部编号', false, null, 100),
  ('protective_targets', 'external_id', 'text', '外部编号', false, null, 100),
  ('emergency_resources', 'external_id', 'text', '外部编号', false, null, 100),
  ('chemical_parks', 'external_id', 'text', '外部编号', false, null, 100),
  ('import_runs', 'file_name', 'text', '文件名', true, null, 255),
  ('import_rows', 'error_column', 'text', '出错的列', false, null, 200),
  ('import_rows', 'error_message', 'text', '错误原因', false, null, 2000);
select app.install_input_limits(r) from (values ('hazard_sources'), ('risk_points'), ('protective_targets'),
  ('emergency_resources'), ('chemical_parks'), ('import_runs'), ('import_rows')) t(r);

create trigger touch_updated_at before update on public.import_runs
  for each row execute function app.touch_updated_at();

-- 2. Who sees runs: admins and the service role all, a regulator its own; nobody writes directly.

alter table public.import_runs enable row level security;
alter table public.import_rows enable row level security;
revoke all on public.import_runs, public.import_rows from anon, authenticated;
grant select on public.import_runs, public.import_rows to authenticated;
grant all on public.import_runs, public.import_rows to service_role;

create or replace function app.may_import() returns boolean
language sql stable
set search_path = ''
as $$ select app.user_role() in ('admin', 'service', 'regulator') $$;

create policy import_runs_read on public.import_runs for select to authenticated
  using (app.user_role() = 'admin' or (app.user_role() = 'regulator' and created_by = auth.uid()));
create policy import_runs_service on public.import_runs for all to service_role using (true) with check (true);
create policy import_rows_read on public.import_rows for select to authenticated
  using (exists (select 1 from public.import_runs r where r.id = run_id));
create policy import_rows_service on public.import_rows for all to service_role using (true) with check (true);

-- 3. What each kind writes: the columns a file may fill (nothing else: not id, area_code, is_demo …),
-- the table, its geometry column.

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
  end
$$;

create or replace function app.import_geom_column(kind text) returns text
language sql immutable
set search_path = ''
as $$ select case when kind in ('enterprises', 'emergency_resources', 'risk_points') then 'location' else 'geom' end $$;

-- The run, if the caller may work on it (its creator, or an admin / the service role).
create or replace function app.import_run_of(p_run uuid, want_status text) returns public.import_runs
language plpgsql stable
set search_path = ''
as $$
declare
  r public.import_runs;
begin
  perform app.require_arg(p_run, 'run_id');
  if not app.may_import() then
    raise exception '只有管理员和监管部门（本辖区）可以导入 / only admins and regulators (in their own area) may import'
      using errcode = '42501';
  end if;
  select * into r from public.import_runs where id = p_run;
  if not found or not (app.user_role() in ('admin', 'service') or r.created_by = auth.uid()) then
    raise exception '导入批次 % 不存在或不属于你 / import run % does not exist or is not yours', p_run, p_run using errcode = '42501';
  end if;
  if want_status is not null and r.status <> want_status then
    raise exception '导入批次 % 的状态是 %，不能再操作 / import run % is %, nothing more can be done with it', p_run, r.status, p_run, r.status
      using errcode = '22023';
  end if;
  return r;
end
$$;

-- The area a position lies in, as app.area_code_at answers (the lowest level first, then the longer
-- code), but asking the small grid polygons first: most positions lie in a grid, so the district
-- and city outlines (thousands of vertices) are rarely tested. 2,000 points: ~1 ms each with
-- area_code_at on PGlite; the grid-first order is what makes a 100,000-row import possible.
create or replace function app.import_area_code(g extensions.geometry) returns text
language sql stable
set search_path = ''
as $$
  select coalesce(
    (select a.code from public.areas a where a.level = 'grid' and extensions.st_covers(a.geom, g) order by length(a.code) desc, a.code limit 1),
    (select a.code from public.areas a where a.level = 'street' and extensions.st_covers(a.geom, g) order by length(a.code) desc, a.code limit 1),
    (select a.code from public.areas a where a.level = 'district' and extensions.st_covers(a.geom, g) order by length(a.code) desc, a.code limit 1),
    (select a.code from public.areas a where a.level = 'city' and extensions.st_covers(a.geom, g) order by length(a.code) desc, a.code limit 1))
$$;

-- 4. The API --------------------------------------------------------------------------------------

create or replace function public.import_begin(kind text, file_name text, file_sha256 text, crs text, total_rows integer)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  id uuid;
begin
  perform app.require_arg(kind, 'kind');
  perform app.require_arg(file_name, 'file_name');
  perform app.require_arg(file_sha256, 'file_sha256');
  perform app.require_arg(crs, 'crs');
  perform app.require_arg(total_rows, 'total_rows');
  if not app.may_import() then
    raise exception '只有管理员和监管部门（本辖区）可以导入 / only admins and regulators (in their own area) may import'
      using errcode = '42501';
  end if;
  if app.import_columns(kind) is null then
    raise exception '未知的导入类型“%” / unknown import kind "%"', kind, kind using errcode = '22023';
  end if;
  if total_rows < 1 or total_rows > 200000 then
    raise exception '一次导入 1–200000 行（收到 %） / an import holds 1 to 200,000 rows (got %)', total_rows, total_rows using errcode = '22023';
  end if;
  insert into public.import_runs (kind, file_name, file_sha256, crs, total_rows, actor_role)
  values (kind, file_name, lower(file_sha256), crs, total_rows, app.user_role())
  returning import_runs.id into id;
  return id;
end
$$;

-- rows: [{"row": 2, "data": {column: value, …}}, …], at most 10,000 a call (the client keeps a call under 2 MB).
create or replace function public.import_stage(run_id uuid, rows jsonb) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs;
  n integer;
begin
  perform app.require_arg(rows, 'rows');
  r := app.import_run_of(run_id, 'staging');
  if jsonb_typeof(rows) <> 'array' or jsonb_array_length(rows) > 10000 then
    raise exception 'rows 应为最多 10000 行的数组 / rows must be an array of at most 10,000 rows' using errcode = '22023';
  end if;
  -- enterprise_id and area_code are never taken from the file: the check derives them.
  insert into public.import_rows (run_id, row_no, data)
  select r.id, (e ->> 'row')::int, (e -> 'data') - 'enterprise_id' - 'area_code'
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

-- Verdicts for rows [from_row, to_row] of a run (all rows when both are null).
create or replace function app.import_decide(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  tbl text := r.kind;
  gcol text := app.import_geom_column(r.kind);
  cols text[] := app.import_columns(r.kind);
  lo integer := coalesce(from_row, 0);
  hi integer := coalesce(to_row, 2147483647);
  scoped boolean := app.user_role() = 'regulator';
  patterns text[] := app.scope_patterns();
  differs text;
begin
  -- keys_only (the commit, after a complete dry run): what depends only on the staged row (its
  -- enterprise, area, region, jurisdiction) stands; keys and differences are decided again, as
  -- the stored records may have changed since.
  if keys_only and not exists (select 1 from public.import_rows where run_id = r.id and verdict is null) then
    update public.import_rows set verdict = null, target_id = null
    where run_id = r.id and verdict in ('insert', 'update', 'unchanged');
  else
  update public.import_rows set verdict = null, target_id = null, error_column = null, error_message = null
  where run_id = r.id and row_no between lo and hi;

  -- The row's enterprise by its credit code (hazard sources, risk points).
  if r.kind in ('hazard_sources', 'risk_points') then
    update public.import_rows s set data = s.data || jsonb_build_object('enterprise_id', e.id)
    from public.enterprises e
    where s.run_id = r.id and s.row_no between lo and hi and e.credit_code = s.data ->> 'enterprise_credit_code';
    update public.import_rows s set verdict = 'error', error_column = 'enterprise_credit_code',
      error_message = format('没有统一社会信用代码为 %s 的企业（请先导入企业） / no enterprise with credit code %s (import the enterprises first)',
        s.data ->> 'enterprise_credit_code', s.data ->> 'enterprise_credit_code')
    where s.run_id = r.id and s.row_no between lo and hi and s.data ? 'enterprise_credit_code' and not s.data ? 'enterprise_id';
  end if;

  -- The area of each position (its representative point), derived here once: the region and
  -- jurisdiction checks use it, and the commit writes it (the row triggers then need not look it up).
  execute format($q$
    update public.import_rows s set data = s.data || jsonb_build_object('area_code',
      app.import_area_code(extensions.st_pointonsurface(extensions.st_geomfromewkt(s.data ->> %L))))
    where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null
  $q$, gcol) using r.id, lo, hi;

  -- The served region: inside the city's districts or within 1 km of them; a point that is
  -- outside but would be inside with longitude and latitude swapped says so. A position in a
  -- district, street or grid is inside; only the others are measured.
  execute format($q$
    with g as (
      select s.row_no, extensions.st_geomfromewkt(s.data ->> %L) as g from public.import_rows s
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null
        and not coalesce((select a.level <> 'city' from public.areas a where a.code = s.data ->> 'area_code'), false)
    ), outside as (
      select g.row_no, g.g from g
      where not exists (select 1 from public.areas a where a.level = 'district' and extensions.st_intersects(a.geom, g.g))
        and not exists (select 1 from public.areas a where a.level = 'district'
          and a.geom operator(extensions.&&) extensions.st_expand(g.g, 0.02)
          and extensions.st_dwithin(a.geom::extensions.geography, g.g::extensions.geography, 1000))
    )
    update public.import_rows s set verdict = 'error', error_column = 'location',
      error_message = case
        when extensions.geometrytype(o.g) = 'POINT' and exists (select 1 from public.areas a where a.level = 'district'
          and extensions.st_intersects(a.geom, extensions.st_setsrid(extensions.st_makepoint(extensions.st_y(o.g), extensions.st_x(o.g)), 4326)))
        then format('经纬度可能填反了：应为经度 %%s、纬度 %%s？ / longitude and latitude look swapped: did you mean longitude %%s, latitude %%s?',
          extensions.st_y(o.g), extensions.st_x(o.g), extensions.st_y(o.g), extensions.st_x(o.g))
        else format('位置（%%s）不在本市辖区内（含 1 公里缓冲） / the position (%%s) is outside the city''s districts (+1 km)',
          extensions.st_astext(extensions.st_pointonsurface(o.g)), extensions.st_astext(extensions.st_pointonsurface(o.g)))
      end
    from outside o where s.run_id = $1 and s.row_no = o.row_no
  $q$, gcol) using r.id, lo, hi;

  -- A regulator: only inside its own districts.
  if scoped then
    update public.import_rows s set verdict = 'error', error_column = 'location',
      error_message = '位置不在你的辖区内 / the position is outside your jurisdiction'
    where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null
      and not coalesce(s.data ->> 'area_code' like any(patterns), false);
  end if;

  end if;

  -- Natural keys.
  if r.kind = 'enterprises' then
    update public.import_rows s set target_id = t.id from public.enterprises t
    where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and t.credit_code = s.data ->> 'credit_code';
  else
    execute format($q$
      update public.import_rows s set target_id = t.id from public.%I t
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null
        and s.data ? 'external_id' and t.external_id = s.data ->> 'external_id'
    $q$, tbl) using r.id, lo, hi;
    if r.kind in ('hazard_sources', 'risk_points') then
      execute format($q$
        update public.import_rows s set target_id = (select t.id from public.%I t
          where t.enterprise_id = (s.data ->> 'enterprise_id')::uuid and t.name = s.data ->> 'name' order by t.id limit 1)
        where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and not s.data ? 'external_id'
          and s.data ? 'enterprise_id'
      $q$, tbl) using r.id, lo, hi;
    elsif r.kind = 'chemical_parks' then
      update public.import_rows s set target_id = t.id from public.chemical_parks t
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and not s.data ? 'external_id'
        and t.name = s.data ->> 'name';
    else
      execute format($q$
        update public.import_rows s set target_id = (
          select t.id from public.%I t
          where t.name = s.data ->> 'name' and t.%I::text = s.data ->> %L
            and extensions.st_dwithin(t.%I::extensions.geography, extensions.st_geomfromewkt(s.data ->> %L)::extensions.geography, 10)
          order by t.id limit 1)
        where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and not s.data ? 'external_id'
      $q$, tbl, case r.kind when 'protective_targets' then 'type_code' else 'resource_type' end,
        case r.kind when 'protective_targets' then 'type_code' else 'resource_type' end, gcol, gcol) using r.id, lo, hi;
    end if;
  end if;

  -- A regulator may not change a record outside its area.
  if scoped then
    execute format($q$
      update public.import_rows s set verdict = 'error', error_column = 'location',
        error_message = '已有的记录不在你的辖区内，不能修改 / the existing record is outside your jurisdiction'
      from public.%I t
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and t.id = s.target_id
        and not coalesce(t.area_code like any($4), false)
    $q$, tbl) using r.id, lo, hi, patterns;
  end if;

  -- insert / unchanged / update: a column of the file that differs from the stored value.
  -- Geometry compares as shapes (a Shapefile's clockwise ring is the GeoJSON's counter-clockwise one).
  select string_agg(case when c = gcol
      then format('(s.data ? %L and not extensions.st_equals(p.%I, t.%I))', c, c, c)
      else format('(s.data ? %L and p.%I is distinct from t.%I)', c, c, c) end, ' or ')
    into differs from unnest(cols) c;
  update public.import_rows s set verdict = 'insert'
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and s.target_id is null;
  execute format($q$
    update public.import_rows u set verdict = x.verdict
    from (select s.row_no, case when %s then 'update' else 'unchanged' end as verdict
          from public.import_rows s join public.%I t on t.id = s.target_id
            cross join lateral jsonb_populate_record(null::public.%I, s.data) p
          where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null) x
    where u.run_id = $1 and u.row_no = x.row_no
  $q$, differs, tbl, tbl) using r.id, lo, hi;
end
$$;

create or replace function app.import_counts(p_run uuid, lo integer, hi integer) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'insert', count(*) filter (where verdict = 'insert'),
    'update', count(*) filter (where verdict = 'update'),
    'unchanged', count(*) filter (where verdict = 'unchanged'),
    'error', count(*) filter (where verdict = 'error'),
    'errors', coalesce(jsonb_agg(jsonb_build_object('row', row_no, 'column', error_column, 'message', error_message)
      order by row_no) filter (where verdict = 'error'), '[]'::jsonb))
  from public.import_rows where run_id = p_run and row_no between lo and hi
$$;

-- The dry run of rows [from_row, to_row] (null, null: all). Writes nothing but the staged verdicts.
create or replace function public.import_check(run_id uuid, from_row integer default null, to_row integer default null)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs := app.import_run_of(run_id, 'staging');
begin
  if to_row is not null and from_row is not null and to_row - from_row > 50000 then
    raise exception '一次检查最多 50000 行 / check at most 50,000 rows a call' using errcode = '22023';
  end if;
  perform app.import_decide(r, from_row, to_row);
  return app.import_counts(r.id, coalesce(from_row, 0), coalesce(to_row, 2147483647));
end
$$;

-- The commit: verdicts decided again inside this transaction (the data may have changed since the
-- dry run), then every insert and update in set-based statements. One transaction: an error in
-- any row (without skip_errors), a refused write or a dropped connection leaves nothing written.
create or replace function public.import_commit(run_id uuid, skip_errors boolean default false, client_errors integer default 0)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs := app.import_run_of(run_id, 'staging');
  cols text[] := app.import_columns(r.kind);
  staged integer;
  counts jsonb;
  ins_cols text;
  ins_vals text;
  upd_set text;
begin
  perform app.require_arg(skip_errors, 'skip_errors');
  perform app.require_arg(client_errors, 'client_errors');
  select count(*) into staged from public.import_rows where import_rows.run_id = r.id;
  if staged + client_errors <> r.total_rows then
    raise exception '暂存了 % 行、文件中有错误 % 行，与批次声明的 % 行不符（上传不完整？） / % rows staged and % refused by the reader do not add up to the run''s % rows (incomplete upload?)',
      staged, client_errors, r.total_rows, staged, client_errors, r.total_rows using errcode = '22023';
  end if;
  perform app.import_decide(r, null, null, true);
  counts := app.import_counts(r.id, 0, 2147483647);
  if ((counts ->> 'error')::int > 0 or client_errors > 0) and not skip_errors then
    raise exception '有 % 行错误，未写入任何数据（可用 skip_errors 跳过错误行） / % rows have errors: nothing was written (skip_errors imports the others)',
      (counts ->> 'error')::int + client_errors, (counts ->> 'error')::int + client_errors using errcode = '22023';
  end if;

  select string_agg(format('%I', c), ', '),
         string_agg(format('case when s.data ? %L then p.%I else %s end', c, c,
           coalesce((select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_attribute a
             on a.attrelid = d.adrelid and a.attnum = d.adnum
             where d.adrelid = format('public.%I', r.kind)::regclass and a.attname = c), 'null')), ', '),
         string_agg(format('%I = case when s.data ? %L then p.%I else t.%I end', c, c, c, c), ', ')
    into ins_cols, ins_vals, upd_set
  from unnest(cols) c;
  -- the area derived by the check (the row triggers keep their own rules for regulators)
  ins_cols := ins_cols || ', area_code';
  ins_vals := ins_vals || ', s.data ->> ''area_code''';
  upd_set := upd_set || ', area_code = s.data ->> ''area_code''';

  execute format($q$
    insert into public.%I (%s, import_run_id)
    select %s, $1 from public.import_rows s, jsonb_populate_record(null::public.%I, s.data) p
    where s.run_id = $1 and s.verdict = 'insert' order by s.row_no
  $q$, r.kind, ins_cols, ins_vals, r.kind) using r.id;
  execute format($q$
    update public.%I t set %s, import_run_id = $1
    from public.import_rows s, jsonb_populate_record(null::public.%I, s.data) p
    where s.run_id = $1 and s.verdict = 'update' and t.id = s.target_id
  $q$, r.kind, upd_set, r.kind) using r.id;

  update public.import_runs set status = 'committed', committed_at = now(),
    inserted = (counts ->> 'insert')::int, updated = (counts ->> 'update')::int,
    unchanged = (counts ->> 'unchanged')::int, errors = (counts ->> 'error')::int + client_errors
  where id = r.id;
  -- The staged copies are no longer needed; the run keeps the counts, the rows keep import_run_id.
  delete from public.import_rows where import_rows.run_id = r.id and verdict <> 'error';
  return counts || jsonb_build_object('run_id', r.id);
end
$$;

revoke all on function public.import_begin(text, text, text, text, integer), public.import_stage(uuid, jsonb),
  public.import_check(uuid, integer, integer), public.import_commit(uuid, boolean, integer) from public, anon;
grant execute on function public.import_begin(text, text, text, text, integer), public.import_stage(uuid, jsonb),
  public.import_check(uuid, integer, integer), public.import_commit(uuid, boolean, integer) to authenticated, service_role;
revoke all on function app.import_decide(public.import_runs, integer, integer, boolean) from public, anon, authenticated;
