-- Import (issue 14): a commit in bounded steps that stays all-or-nothing for the run.
--
-- import_commit (20261205000200_import.sql) writes a run in ONE statement: on hosted Supabase an
-- authenticated user's statement stops at 8 s, so a run of more than a few thousand rows could not
-- be committed by a user at all. The chunked commit:
--
--   import_apply(run_id, from_row, to_row, skip_errors, client_errors)   ≤ 1,000 rows a call
--       the first call checks the whole run (complete upload, complete dry run, no errors unless
--       skip_errors) and moves it to 'applying'; each call decides its rows again (keys and
--       differences, as the stored records may have changed since the dry run), saves the stored
--       image of every record it updates, and writes its inserts and updates (rows keep
--       import_run_id; inserted records get ids chosen here, so they can be found again).
--   import_finish(run_id)        every row applied → 'committed', counts recorded, staging dropped
--   import_rollback(run_id, n)   undoes ≤ n applied rows a call (deletes the run's inserted
--       records, restores the saved images of updated ones), newest first; when none is left the
--       run is back in 'staging', as before the commit. Returns how many applied rows remain.
--
-- A failure in any call (a row refused by the database, a key taken meanwhile, a timeout) rolls
-- back that call; the client then calls import_rollback until nothing remains. A client that goes
-- away mid-commit (closed tab, lost network) leaves a run in 'applying' that nobody touches: the
-- next import_begin, by anyone, rolls back such runs idle for 5 minutes (in bounded steps), and an
-- admin may call import_rollback on any run. Records written by a run in 'applying' are visible to
-- readers between the calls (seconds); a failed or abandoned run ends with nothing of it written.

alter table public.import_runs drop constraint import_runs_status_check;
alter table public.import_runs add constraint import_runs_status_check
  check (status in ('staging', 'applying', 'committed', 'failed'));

alter table public.import_rows
  add column applied boolean not null default false,
  add column before jsonb check (before is null or jsonb_typeof(before) = 'object');
comment on column public.import_rows.applied is 'Written to the registry by import_apply (undone by import_rollback).';
comment on column public.import_rows.before is 'The stored record as it was before import_apply updated it (for import_rollback).';

-- app.import_decide as in 20261229000200_import_record_id.sql, but keys_only (what a commit does
-- after a complete dry run: keys and differences again, the row's area, region and jurisdiction
-- as the dry run found them) now works on a range of rows too, so each import_apply call decides
-- only its own rows, and no range repeats the area lookups of the dry run. A null range is the
-- whole run, as before (import_commit).
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
  if keys_only and not exists (select 1 from public.import_rows where run_id = r.id and row_no between lo and hi and verdict is null) then
    update public.import_rows set verdict = null, target_id = null
    where run_id = r.id and row_no between lo and hi and verdict in ('insert', 'update', 'unchanged');
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
    -- The record's own id (系统编号, written by an export): an exported file finds its records
    -- again even where names repeat or no external id was ever given.
    execute format($q$
      update public.import_rows s set target_id = t.id from public.%I t
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null
        and s.data ->> 'id' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        and t.id = (s.data ->> 'id')::uuid
    $q$, tbl) using r.id, lo, hi;
    execute format($q$
      update public.import_rows s set target_id = t.id from public.%I t
      where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and s.target_id is null
        and s.data ? 'external_id' and t.external_id = s.data ->> 'external_id'
    $q$, tbl) using r.id, lo, hi;
    if r.kind in ('hazard_sources', 'risk_points') then
      execute format($q$
        update public.import_rows s set target_id = (select t.id from public.%I t
          where t.enterprise_id = (s.data ->> 'enterprise_id')::uuid and t.name = s.data ->> 'name' order by t.id limit 1)
        where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and not s.data ? 'external_id'
          and s.data ? 'enterprise_id' and s.target_id is null
      $q$, tbl) using r.id, lo, hi;
    elsif r.kind = 'chemical_parks' then
      update public.import_rows s set target_id = t.id from public.chemical_parks t
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict is null and not s.data ? 'external_id'
        and t.name = s.data ->> 'name' and s.target_id is null;
    else
      execute format($q$
        update public.import_rows s set target_id = (
          select t.id from public.%I t
          where t.name = s.data ->> 'name' and t.%I::text = s.data ->> %L
            and extensions.st_dwithin(t.%I::extensions.geography, extensions.st_geomfromewkt(s.data ->> %L)::extensions.geography, 10)
          order by t.id limit 1)
        where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict is null and not s.data ? 'external_id'
          and s.target_id is null
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

-- The writes of rows [lo, hi] whose verdict is insert or update and that are not applied yet.
create or replace function app.import_write(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  cols text[] := app.import_columns(r.kind);
  ins_cols text;
  ins_vals text;
  upd_set text;
begin
  select string_agg(format('%I', c), ', '),
         string_agg(format('case when s.data ? %L then p.%I else %s end', c, c,
           coalesce((select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_attribute a
             on a.attrelid = d.adrelid and a.attnum = d.adnum
             where d.adrelid = format('public.%I', r.kind)::regclass and a.attname = c), 'null')), ', '),
         string_agg(format('%I = case when s.data ? %L then p.%I else t.%I end', c, c, c, c), ', ')
    into ins_cols, ins_vals, upd_set
  from unnest(cols) c;

  -- inserted records get their id here, so a rollback finds exactly them
  update public.import_rows s set target_id = gen_random_uuid()
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict = 'insert' and not s.applied;
  execute format($q$
    insert into public.%I (id, %s, area_code, import_run_id)
    select s.target_id, %s, s.data ->> 'area_code', $1 from public.import_rows s, jsonb_populate_record(null::public.%I, s.data) p
    where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict = 'insert' and not s.applied order by s.row_no
  $q$, r.kind, ins_cols, ins_vals, r.kind) using r.id, lo, hi;

  -- the stored image of each record about to change, then the change
  execute format($q$
    update public.import_rows s set before = to_jsonb(t)
    from public.%I t
    where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict = 'update' and not s.applied and t.id = s.target_id
  $q$, r.kind) using r.id, lo, hi;
  execute format($q$
    update public.%I t set %s, area_code = s.data ->> 'area_code', import_run_id = $1
    from public.import_rows s, jsonb_populate_record(null::public.%I, s.data) p
    where s.run_id = $1 and s.row_no between $2 and $3 and s.verdict = 'update' and not s.applied and t.id = s.target_id
  $q$, r.kind, upd_set, r.kind) using r.id, lo, hi;

  update public.import_rows s set applied = true
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update') and not s.applied;
end
$$;

-- Undoes at most max_rows applied rows of a run, the last written first. Returns how many remain.
create or replace function app.import_undo(r public.import_runs, max_rows integer) returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  cols text[] := app.import_columns(r.kind) || array['area_code', 'import_run_id'];
  restore text;
  cut integer;
  remaining integer;
begin
  select min(x.row_no) into cut from (
    select s.row_no from public.import_rows s where s.run_id = r.id and s.applied order by s.row_no desc limit max_rows) x;
  if cut is not null then
    execute format($q$
      delete from public.%I t using public.import_rows s
      where s.run_id = $1 and s.applied and s.row_no >= $2 and s.verdict = 'insert' and t.id = s.target_id
    $q$, r.kind) using r.id, cut;
    select string_agg(format('%I = b.%I', c, c), ', ') into restore from unnest(cols) c;
    execute format($q$
      update public.%I t set %s
      from public.import_rows s, jsonb_populate_record(null::public.%I, s.before) b
      where s.run_id = $1 and s.applied and s.row_no >= $2 and s.verdict = 'update' and t.id = s.target_id
    $q$, r.kind, restore, r.kind) using r.id, cut;
    update public.import_rows s set applied = false, before = null,
      target_id = case when s.verdict = 'insert' then null else s.target_id end
    where s.run_id = r.id and s.applied and s.row_no >= cut;
  end if;
  select count(*) into remaining from public.import_rows s where s.run_id = r.id and s.applied;
  -- (a partly undone run keeps its updated_at: abandoned, the next import_begin goes on with it)
  if remaining = 0 then
    update public.import_runs set status = 'staging' where id = r.id;
  end if;
  return remaining;
end
$$;

-- The oldest run left in 'applying' by a client that went away: rolled back, at most max_rows a call.
create or replace function app.import_undo_abandoned(max_rows integer) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  r public.import_runs;
begin
  select * into r from public.import_runs where status = 'applying' and updated_at < now() - interval '5 minutes'
  order by updated_at limit 1 for update skip locked;
  if found then
    perform app.import_undo(r, max_rows);
  end if;
end
$$;

create or replace function public.import_apply(run_id uuid, from_row integer, to_row integer, skip_errors boolean default false,
  client_errors integer default 0)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs := app.import_run_of(run_id, null);
  staged integer;
  errs integer;
begin
  perform app.require_arg(from_row, 'from_row');
  perform app.require_arg(to_row, 'to_row');
  perform app.require_arg(skip_errors, 'skip_errors');
  perform app.require_arg(client_errors, 'client_errors');
  if to_row < from_row or to_row - from_row >= 1000 then
    raise exception '一次最多写入 1000 行（收到第 %–% 行） / apply at most 1,000 rows a call (got rows % to %)', from_row, to_row, from_row, to_row
      using errcode = '22023';
  end if;
  -- one caller at a time per run
  select * into r from public.import_runs where id = r.id for update;
  if r.status not in ('staging', 'applying') then
    raise exception '导入批次 % 的状态是 %，不能再操作 / import run % is %, nothing more can be done with it', r.id, r.status, r.id, r.status
      using errcode = '22023';
  end if;
  -- a range already written (a retry after a lost answer) is not written twice
  if exists (select 1 from public.import_rows s where s.run_id = r.id and s.row_no between from_row and to_row and s.applied) then
    return app.import_counts(r.id, from_row, to_row) - 'errors';
  end if;
  if r.status = 'staging' then
    select count(*), count(*) filter (where verdict = 'error') into staged, errs from public.import_rows where import_rows.run_id = r.id;
    if staged + client_errors <> r.total_rows then
      raise exception '暂存了 % 行、文件中有错误 % 行，与批次声明的 % 行不符（上传不完整？） / % rows staged and % refused by the reader do not add up to the run''s % rows (incomplete upload?)',
        staged, client_errors, r.total_rows, staged, client_errors, r.total_rows using errcode = '22023';
    end if;
    if exists (select 1 from public.import_rows where import_rows.run_id = r.id and verdict is null) then
      raise exception '请先完成试运行（import_check）再提交 / run the dry run (import_check) over every row before committing'
        using errcode = '22023';
    end if;
    if (errs > 0 or client_errors > 0) and not skip_errors then
      raise exception '有 % 行错误，未写入任何数据（可用 skip_errors 跳过错误行） / % rows have errors: nothing was written (skip_errors imports the others)',
        errs + client_errors, errs + client_errors using errcode = '22023';
    end if;
    update public.import_runs set status = 'applying', errors = client_errors where id = r.id;
  end if;

  -- keys and differences decided again for these rows (records may have changed since the dry run)
  perform app.import_decide(r, from_row, to_row, true);
  if not skip_errors and exists (select 1 from public.import_rows s where s.run_id = r.id and s.row_no between from_row and to_row
      and s.verdict = 'error') then
    raise exception '第 %–% 行中有错误行，未写入（整个批次将回滚） / rows % to % have errors now: not written (the run is rolled back)',
      from_row, to_row, from_row, to_row using errcode = '22023';
  end if;
  perform app.import_write(r, from_row, to_row);
  update public.import_runs set updated_at = now() where id = r.id;
  return app.import_counts(r.id, from_row, to_row) - 'errors';
end
$$;

create or replace function public.import_finish(run_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs := app.import_run_of(run_id, 'applying');
  counts jsonb;
begin
  perform 1 from public.import_runs where id = r.id for update;
  if exists (select 1 from public.import_rows s where s.run_id = r.id and (s.verdict is null
      or s.verdict in ('insert', 'update') and not s.applied)) then
    raise exception '还有未写入的行，不能完成提交 / rows remain unapplied: the commit cannot finish' using errcode = '22023';
  end if;
  counts := app.import_counts(r.id, 0, 2147483647);
  update public.import_runs set status = 'committed', committed_at = now(),
    inserted = (counts ->> 'insert')::int, updated = (counts ->> 'update')::int,
    unchanged = (counts ->> 'unchanged')::int, errors = (counts ->> 'error')::int + r.errors
  where id = r.id;
  delete from public.import_rows where import_rows.run_id = r.id and verdict <> 'error';
  return counts || jsonb_build_object('run_id', r.id);
end
$$;

create or replace function public.import_rollback(run_id uuid, max_rows integer default 1000) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs := app.import_run_of(run_id, null);
begin
  perform app.require_arg(max_rows, 'max_rows');
  if max_rows < 1 or max_rows > 1000 then
    raise exception '一次最多回滚 1000 行 / roll back at most 1,000 rows a call' using errcode = '22023';
  end if;
  if r.status = 'staging' then
    return 0;
  end if;
  if r.status <> 'applying' then
    raise exception '导入批次 % 的状态是 %，不能回滚 / import run % is %: it cannot be rolled back', r.id, r.status, r.id, r.status
      using errcode = '22023';
  end if;
  perform 1 from public.import_runs where id = r.id for update;
  return app.import_undo(r, max_rows);
end
$$;

-- import_begin as in 20261205000200_import.sql, first rolling back runs abandoned mid-commit.
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
  perform app.import_undo_abandoned(1000);
  insert into public.import_runs (kind, file_name, file_sha256, crs, total_rows, actor_role)
  values (kind, file_name, lower(file_sha256), crs, total_rows, app.user_role())
  returning import_runs.id into id;
  return id;
end
$$;

revoke all on function public.import_apply(uuid, integer, integer, boolean, integer), public.import_finish(uuid),
  public.import_rollback(uuid, integer) from public, anon;
grant execute on function public.import_apply(uuid, integer, integer, boolean, integer), public.import_finish(uuid),
  public.import_rollback(uuid, integer) to authenticated, service_role;
revoke all on function app.import_write(public.import_runs, integer, integer), app.import_undo(public.import_runs, integer),
  app.import_undo_abandoned(integer) from public, anon, authenticated;
