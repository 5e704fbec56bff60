-- Import speed (issue 14, session 26): import_apply takes up to 10,000 rows a call (was 1,000).
--
-- Why 1,000 was the cap: a call is one statement as the caller's role, and on hosted Supabase an
-- authenticated user's statement stops at 8 s; a fixed 1,000 rows kept a call short. Since
-- 20270211000100 the client sizes its calls by measured time (src/import/checkChunks.ts,
-- nextApplyRows: ~2 s a call, a timed-out call wrote nothing and is asked again with half the
-- rows), as it sizes import_check (capped at 50,000 here, 10,000 by the client). What keeps a
-- call inside the timeout is that sizing, not the cap; the cap bounds one request (abuse limits),
-- and 10,000 rows is the bound import_stage already has. 100,000 enterprises took 100 calls of
-- 1,000 rows (each with its own HTTP round trip, planning of its dynamic statements, run lock,
-- range checks and counts); now about 15.
--
-- Unchanged: one transaction per call (a refused row rolls the call back), the first call checks
-- the whole run, a range already applied is not written twice, import_rollback and import_sweep
-- undo in their own steps of at most 1,000 rows whatever the size of the calls that wrote them
-- (they walk the applied rows newest first, not the calls), import_finish.
-- Body as in 20270106000100_import_chunked_commit.sql but for the bound.

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
  if to_row < from_row or to_row - from_row >= 10000 then
    raise exception '一次最多写入 10000 行（收到第 %–% 行） / apply at most 10,000 rows a call (got rows % to %)', from_row, to_row, from_row, to_row
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

revoke all on function public.import_apply(uuid, integer, integer, boolean, integer) from public, anon;
grant execute on function public.import_apply(uuid, integer, integer, boolean, integer) to authenticated, service_role;
