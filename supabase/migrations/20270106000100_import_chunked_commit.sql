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
  perform app.import_decide(r, from_row, to_row);
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
