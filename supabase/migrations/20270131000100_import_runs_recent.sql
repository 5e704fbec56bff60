-- Import (issue 14): the list of past import runs on #/import ("最近的导入"), to undo from.
--
-- The page offered 撤销本次导入 only on the report of the commit it had just made; a wrong file
-- noticed the next day could only be undone from the CLI. import_runs_recent(max_items ≤ 20) lists
-- the caller's visible runs that got as far as a commit (dry runs — status 'staging', nothing
-- written — are left out), newest first, each with what the page needs to offer an undo:
--   undo = 'yes'       committed, inside the 30 days, every written record's image kept;
--          'continue'  'reverting' (part undone: a later call was refused or the client went away);
--          'expired'   committed more than 30 days ago (import_revert refuses it);
--          'not_kept'  committed before undo existed (fewer images kept than records written);
--          'nothing'   committed but it wrote no record;
--          null        applying, failed, reverted: nothing to undo.
-- import_revert still decides (and refuses with its message): this only says what to offer.
--
-- Who sees what: exactly the rows import_runs' RLS shows (import_runs_read: admins every run, a
-- regulator the runs it made; the service role all). The function is security definer only to
-- count the kept images in app.import_revert_rows; it repeats the policy's predicate, and
-- test/db/import-runs-recent.test.ts proves for each role that it returns the same runs as a plain
-- select of import_runs. Who made a run is given as its role and whether it was the caller (the
-- e-mail is not: a regulator sees only its own runs, and e-mails are not shown elsewhere here).

create index import_runs_created_at_idx on public.import_runs (created_at desc, id desc);

create or replace function public.import_runs_recent(max_items integer default 20)
returns table (
  id uuid,
  kind text,
  file_name text,
  actor_role text,
  mine boolean,
  status text,
  total_rows integer,
  inserted integer,
  updated integer,
  unchanged integer,
  errors integer,
  created_at timestamptz,
  committed_at timestamptz,
  reverted_at timestamptz,
  undo text
)
language plpgsql stable security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  role_ text := app.user_role();
begin
  perform app.require_arg(max_items, 'max_items');
  if max_items < 1 or max_items > 20 then
    raise exception '一次最多列出 20 个导入批次 / list at most 20 import runs' using errcode = '22023';
  end if;
  return query
  select r.id, r.kind, r.file_name, r.actor_role, coalesce(r.created_by = auth.uid(), false), r.status,
    r.total_rows, r.inserted, r.updated, r.unchanged, r.errors, r.created_at, r.committed_at, r.reverted_at,
    case
      when r.status = 'reverting' then 'continue'
      when r.status <> 'committed' then null
      when r.inserted + r.updated = 0 then 'nothing'
      when r.committed_at < now() - interval '30 days' then 'expired'
      when (select count(*) from app.import_revert_rows k where k.run_id = r.id) < r.inserted + r.updated then 'not_kept'
      else 'yes'
    end
  from public.import_runs r
  where r.status <> 'staging'
    -- = import_runs_read (20261205000200_import.sql) and import_runs_service
    and (role_ in ('admin', 'service') or (role_ = 'regulator' and r.created_by = auth.uid()))
  order by r.created_at desc, r.id desc
  limit max_items;
end
$$;
comment on function public.import_runs_recent(integer) is
  'The caller''s visible import runs past the dry run (as import_runs RLS), newest first, ≤ 20, with whether an undo can be offered (issue 14).';

revoke all on function public.import_runs_recent(integer) from public, anon;
grant execute on function public.import_runs_recent(integer) to authenticated, service_role;
