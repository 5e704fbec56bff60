-- Import (issue 14): undo a COMMITTED import run ("撤销本次导入").
--
-- import_rollback (20270106000100_import_chunked_commit.sql) only serves a chunked commit that
-- failed part-way: once a run is committed its staged rows are dropped, and an admin who committed
-- the wrong file (wrong columns mapped, wrong district) had no way back. This migration keeps what
-- an undo needs and adds import_revert.
--
-- What is kept: app.import_revert_rows, one row per record a run wrote (its row number, the
-- record's id, insert or update, the stored image the update replaced — with the hazard source's
-- inventory — and the image the run wrote). It is filled by app.import_write, which both commit
-- paths use (the one-transaction import_commit and each import_apply call), so whichever path
-- wrote the run, its undo is kept. A failed chunked commit's rollback (app.import_undo) drops the
-- rows it undoes.
--
-- How long: 30 days after the commit. A wrong file is noticed in days (the report, the map); after
-- a month the records have usually been edited, inspected, referenced (and an undo would be refused
-- anyway), and keeping two images of every written record of every run for ever would double the
-- registries' size. Expired images are dropped by the next import_begin (≤ 10,000 rows a call,
-- through app.import_undo_abandoned, which it already calls); import_revert refuses a run older
-- than 30 days even before that. Kept by count too: the images of a run go when it is reverted.
--
-- import_revert(run_id, max_rows ≤ 1000) → jsonb, in bounded calls (≤ max_rows records each, the
-- last row first, as import_rollback): the run's inserted records deleted, the updated ones given
-- back the columns the import wrote (the import's columns, area_code, import_run_id, the inventory)
-- from their saved images. The first call moves the run to 'reverting', the last to 'reverted'.
-- Who: as import_commit (app.import_run_of): admins and the service role any run, a regulator only
-- its own runs, whose records must still lie in its area.
--
-- Refused, changing nothing, with a message naming the records and why (Chinese, then English), and
-- {"status": "refused", "message", "problems": [{row, id, name, reason}]} returned (not raised, so
-- that the refusal itself is recorded):
--   • a run not committed (staging, applying, failed), one already reverted, one older than 30 days
--     or committed before this migration (no images kept);
--   • a record the run wrote that was changed since (its row now differs from the image the run
--     wrote, updated_at aside) or deleted;
--   • a record a LATER committed run of the same kind wrote again (reverting the earlier run would
--     overwrite the later one's work: revert the later run first);
--   • an inserted record that is now referenced by someone's work (an enterprise's hazard sources,
--     risk points, hidden dangers, accidents, contacts, monitoring, notices, blacklist entries, plans,
--     pipelines, vehicles; a hazard source's monitoring or assessments; a risk point's reviews or
--     dangers; a resource's teams or stockpiles; a park's enterprises): never cascade-deleted;
--   • a regulator's record now outside its area.
-- The first call checks every record of the run; each later call checks its own records again (a
-- record edited between calls refuses that call; the run stays 'reverting', its undone part undone,
-- and the message says which record — the admin settles it and calls again).
--
-- Recorded append-only in public.import_run_events: each call (refusal, step, done) with who, role,
-- when, the counts and the message. Nobody updates or deletes it (app.refuse_change).

-- ----------------------------------------------------------------------------- statuses
alter table public.import_runs drop constraint import_runs_status_check;
alter table public.import_runs add constraint import_runs_status_check
  check (status in ('staging', 'applying', 'committed', 'failed', 'reverting', 'reverted'));
alter table public.import_runs add column reverted_at timestamptz;
comment on column public.import_runs.reverted_at is 'When import_revert finished undoing the committed run (status reverted).';

-- ----------------------------------------------------------------------------- the kept images
create table app.import_revert_rows (
  run_id uuid not null references public.import_runs(id) on delete cascade,
  row_no integer not null,
  target_id uuid not null,
  verdict text not null check (verdict in ('insert', 'update')),
  before jsonb check (before is null or jsonb_typeof(before) = 'object'),
  after jsonb not null check (jsonb_typeof(after) = 'object'),
  primary key (run_id, row_no)
);
create index import_revert_rows_target_idx on app.import_revert_rows (target_id);
comment on table app.import_revert_rows is
  'What import_revert needs of a committed run: each written record''s id, the image an update replaced and the image the run wrote; kept 30 days (issue 14).';
alter table app.import_revert_rows enable row level security;
revoke all on app.import_revert_rows from public, anon, authenticated;

-- ----------------------------------------------------------------------------- the event log
create table public.import_run_events (
  id bigint generated always as identity primary key,
  run_id uuid not null references public.import_runs(id),
  at timestamptz not null default now(),
  actor uuid default auth.uid(),
  actor_role text not null,
  action text not null check (action in ('revert_refused', 'revert_step', 'reverted')),
  deleted integer not null default 0 check (deleted >= 0),
  restored integer not null default 0 check (restored >= 0),
  remaining integer not null default 0 check (remaining >= 0),
  message text check (message is null or length(message) <= 8000)
);
create index import_run_events_run_idx on public.import_run_events (run_id, id);
comment on table public.import_run_events is
  'Append-only log of what was done to an import run after its commit: each import_revert call (refused, a step, reverted), who, when, counts (issue 14).';

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('import_run_events', 'message', 'text', '说明', false, null, 8000);
select app.install_input_limits('import_run_events');

create trigger import_run_events_append_only before update or delete on public.import_run_events
  for each row execute function app.refuse_change(
    'the import run log is append-only: %s is not allowed (导入记录只能追加)', 'Each import_revert call adds its own event.');
create trigger import_run_events_no_truncate before truncate on public.import_run_events
  for each statement execute function app.refuse_change(
    'the import run log is append-only: %s is not allowed (导入记录只能追加)', 'Each import_revert call adds its own event.');

alter table public.import_run_events enable row level security;
revoke all on public.import_run_events from anon, authenticated, service_role;
grant select on public.import_run_events to authenticated, service_role;
create policy import_run_events_read on public.import_run_events for select to authenticated
  using (exists (select 1 from public.import_runs r where r.id = run_id));
create policy import_run_events_service on public.import_run_events for select to service_role using (true);

-- ----------------------------------------------------------------------------- keeping images
-- The image of a written record as the revert compares it: the row (updated_at aside: touched by
-- any write, including a restore) and, for a hazard source, its inventory.
create or replace function app.import_record_image(kind text, rec jsonb) returns jsonb
language sql stable
set search_path = ''
as $$
  select case when kind = 'hazard_sources'
    then (rec - 'updated_at') || jsonb_build_object('inventory', app.stored_inventory((rec ->> 'id')::uuid))
    else rec - 'updated_at' end
$$;

alter function app.import_write(public.import_runs, integer, integer) rename to import_write_unkept;

-- app.import_write as before (20270124000100's wrapper, now app.import_write_unkept), then the
-- records it wrote are kept for import_revert: id, verdict, replaced image, written image.
create or replace function app.import_write(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  todo integer[];
begin
  todo := array(select s.row_no from public.import_rows s
    where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update') and not s.applied);
  perform app.import_write_unkept(r, lo, hi);
  if cardinality(todo) > 0 then
    execute format($q$
      insert into app.import_revert_rows (run_id, row_no, target_id, verdict, before, after)
      select s.run_id, s.row_no, s.target_id, s.verdict, s.before, app.import_record_image(%L, to_jsonb(t))
      from public.import_rows s join public.%I t on t.id = s.target_id
      where s.run_id = $1 and s.row_no = any($2) and s.applied
      on conflict (run_id, row_no) do update set target_id = excluded.target_id, verdict = excluded.verdict,
        before = excluded.before, after = excluded.after
    $q$, r.kind, r.kind) using r.id, todo;
  end if;
end
$$;

alter function app.import_undo(public.import_runs, integer) rename to import_undo_unkept;

-- app.import_undo (a failed chunked commit rolled back) as before, then the images of the rows it
-- undid dropped.
create or replace function app.import_undo(r public.import_runs, max_rows integer) returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  remaining integer;
begin
  remaining := app.import_undo_unkept(r, max_rows);
  delete from app.import_revert_rows k using public.import_rows s
  where k.run_id = r.id and s.run_id = r.id and s.row_no = k.row_no and not s.applied;
  if remaining = 0 then
    delete from app.import_revert_rows k where k.run_id = r.id;
  end if;
  return remaining;
end
$$;

-- import_begin's housekeeping: runs abandoned mid-commit rolled back (as before), and the images
-- of runs committed more than 30 days ago dropped, ≤ 10,000 a call.
alter function app.import_undo_abandoned(integer) rename to import_undo_abandoned_only;

create or replace function app.import_undo_abandoned(max_rows integer) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  perform app.import_undo_abandoned_only(max_rows);
  delete from app.import_revert_rows k
  where (k.run_id, k.row_no) in (
    select k2.run_id, k2.row_no from app.import_revert_rows k2 join public.import_runs r on r.id = k2.run_id
    where r.status = 'committed' and r.committed_at < now() - interval '30 days'
    limit 10000);
end
$$;

-- ----------------------------------------------------------------------------- references
-- Someone's work that points at a record of a kind: (table, column, label). Derived tables
-- (distances, contours, context, violations, change events, the inventory the run itself wrote)
-- are not listed: they go with the record.
create or replace function app.import_revert_refs(kind text) returns table (tbl text, col text, label text)
language sql immutable
set search_path = ''
as $$
  select x.tbl, x.col, x.label from (values
    ('enterprises', 'hazard_sources', 'enterprise_id', '危险源 / hazard sources'),
    ('enterprises', 'risk_points', 'enterprise_id', '风险点 / risk points'),
    ('enterprises', 'hidden_dangers', 'enterprise_id', '隐患 / hidden dangers'),
    ('enterprises', 'accidents', 'enterprise_id', '事故 / accidents'),
    ('enterprises', 'enterprise_contacts', 'enterprise_id', '企业联系人 / contacts'),
    ('enterprises', 'monitoring_channels', 'enterprise_id', '监测通道 / monitoring channels'),
    ('enterprises', 'public_notices', 'enterprise_id', '公告 / public notices'),
    ('enterprises', 'credit_blacklist', 'enterprise_id', '失信名单 / blacklist entries'),
    ('enterprises', 'emergency_plans', 'owner_enterprise_id', '应急预案 / emergency plans'),
    ('enterprises', 'pipelines', 'operator_enterprise_id', '管道 / pipelines'),
    ('enterprises', 'dg_vehicles', 'carrier_enterprise_id', '危货车辆 / dangerous-goods vehicles'),
    ('hazard_sources', 'monitoring_channels', 'hazard_source_id', '监测通道 / monitoring channels'),
    ('hazard_sources', 'hazard_source_assessments', 'hazard_source_id', '危险源评估 / assessments'),
    ('risk_points', 'risk_point_reviews', 'risk_point_id', '风险点复核 / reviews'),
    ('risk_points', 'hidden_dangers', 'risk_point_id', '隐患 / hidden dangers'),
    ('risk_points', 'monitoring_channels', 'risk_point_id', '监测通道 / monitoring channels'),
    ('emergency_resources', 'rescue_teams', 'resource_id', '救援队伍 / rescue teams'),
    ('emergency_resources', 'material_stockpiles', 'resource_id', '物资储备 / stockpiles'),
    ('chemical_parks', 'enterprises', 'chemical_park_id', '企业 / enterprises')
  ) x(kind, tbl, col, label) where x.kind = import_revert_refs.kind
$$;

-- ----------------------------------------------------------------------------- checking
-- The problems that stop a revert of the run's kept rows [lo, ∞) (at most 20, named by row,
-- record id and name, one reason each): later runs, references, changes since, a regulator's area.
create or replace function app.import_revert_problems(r public.import_runs, lo integer, hi integer) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  found_ jsonb := '[]'::jsonb;
  part jsonb;
  ref record;
  scoped boolean := app.user_role() = 'regulator';
  patterns text[] := app.scope_patterns();
begin
  -- a later committed run of the same kind wrote the same record
  select coalesce(jsonb_agg(x), '[]'::jsonb) into part from (
    select distinct on (k.row_no) k.row_no as row, k.target_id as id, k.after ->> 'name' as name,
      format('之后的导入批次 %s（%s，%s）又改写了这条记录，请先撤销那次导入 / a later import run %s (%s, %s) wrote this record again: undo that run first',
        r2.id, r2.file_name, to_char(r2.committed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
        r2.id, r2.file_name, to_char(r2.committed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')) as reason
    from app.import_revert_rows k
    join app.import_revert_rows k2 on k2.target_id = k.target_id and k2.run_id <> k.run_id
    join public.import_runs r2 on r2.id = k2.run_id
    where k.run_id = r.id and k.row_no between lo and hi and r2.kind = r.kind
      and r2.status in ('committed', 'reverting') and r2.committed_at > r.committed_at
    order by k.row_no, r2.committed_at desc limit 20) x;
  found_ := found_ || part;

  -- an inserted record referenced by someone's work
  for ref in select * from app.import_revert_refs(r.kind) loop
    exit when jsonb_array_length(found_) >= 20;
    execute format($q$
      select coalesce(jsonb_agg(x), '[]'::jsonb) from (
        select k.row_no as row, k.target_id as id, k.after ->> 'name' as name,
          format('新增的这条记录已被 %%s 引用（%%s 条），撤销会删除别人的工作 / the inserted record is referenced by %%s (%%s): undoing would delete someone''s work',
            %L, n, %L, n) as reason
        from app.import_revert_rows k
        cross join lateral (select count(*) as n from public.%I c where c.%I = k.target_id) c
        where k.run_id = $1 and k.row_no between $2 and $3 and k.verdict = 'insert' and c.n > 0
        order by k.row_no limit 20) x
    $q$, ref.label, ref.label, ref.tbl, ref.col) into part using r.id, lo, hi;
    found_ := found_ || part;
  end loop;

  -- changed (or deleted) since the run wrote it
  if jsonb_array_length(found_) < 20 then
    execute format($q$
      select coalesce(jsonb_agg(x), '[]'::jsonb) from (
        select k.row_no as row, k.target_id as id, k.after ->> 'name' as name,
          case when t.id is null then '导入后这条记录已被删除 / the record was deleted since the import'
            else '导入后这条记录已被修改（' || (
              select string_agg(key, '、' order by key) from jsonb_each(k.after) a
              where a.value is distinct from app.import_record_image(%L, to_jsonb(t)) -> a.key) ||
              '） / the record was changed since the import' end as reason
        from app.import_revert_rows k left join public.%I t on t.id = k.target_id
        where k.run_id = $1 and k.row_no between $2 and $3
          and (t.id is null or app.import_record_image(%L, to_jsonb(t)) <> k.after)
        order by k.row_no limit 20) x
    $q$, r.kind, r.kind, r.kind) into part using r.id, lo, hi;
    found_ := found_ || part;
  end if;

  -- a regulator: the records must still lie in its area
  if scoped and r.kind <> 'pipelines' and jsonb_array_length(found_) < 20 then
    execute format($q$
      select coalesce(jsonb_agg(x), '[]'::jsonb) from (
        select k.row_no as row, k.target_id as id, k.after ->> 'name' as name,
          '这条记录不在你的辖区内 / the record is outside your jurisdiction' as reason
        from app.import_revert_rows k join public.%I t on t.id = k.target_id
        where k.run_id = $1 and k.row_no between $2 and $3 and not coalesce(t.area_code like any($4), false)
        order by k.row_no limit 20) x
    $q$, r.kind) into part using r.id, lo, hi, patterns;
    found_ := found_ || part;
  end if;

  -- one reason a record (the first found, in the order above), by row, at most 20
  return (select coalesce(jsonb_agg(y.e order by (y.e ->> 'row')::int), '[]'::jsonb) from (
    select distinct on ((e ->> 'row')::int) e from jsonb_array_elements(found_) with ordinality t(e, o)
    order by (e ->> 'row')::int, o limit 20) y);
end
$$;

-- A refusal: recorded, then returned (nothing else changes).
create or replace function app.import_revert_refuse(r public.import_runs, message text, problems jsonb default '[]'::jsonb) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  full_message text := message;
begin
  if jsonb_array_length(problems) > 0 then
    full_message := full_message || E'\n' || (
      select string_agg(format('第 %s 行 / row %s：%s（%s）— %s', p ->> 'row', p ->> 'row',
        coalesce(p ->> 'name', '—'), p ->> 'id', p ->> 'reason'), E'\n' order by (p ->> 'row')::int)
      from jsonb_array_elements(problems) p);
  end if;
  insert into public.import_run_events (run_id, actor_role, action, message)
  values (r.id, app.user_role(), 'revert_refused', left(full_message, 8000));
  return jsonb_build_object('status', 'refused', 'message', full_message, 'problems', problems, 'run_id', r.id);
end
$$;

-- ----------------------------------------------------------------------------- the API
create or replace function public.import_revert(run_id uuid, max_rows integer default 1000) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.import_runs := app.import_run_of(run_id, null);
  kept integer;
  problems jsonb;
  cut integer;
  cols text[];
  restore text;
  sets jsonb;
  n_deleted integer := 0;
  n_restored integer := 0;
  remaining integer;
begin
  perform app.require_arg(max_rows, 'max_rows');
  if max_rows < 1 or max_rows > 1000 then
    raise exception '一次最多撤销 1000 条记录 / revert at most 1,000 records a call' using errcode = '22023';
  end if;
  -- one caller at a time per run
  select * into r from public.import_runs where id = r.id for update;

  if r.status = 'reverted' then
    return app.import_revert_refuse(r, format('导入批次 %s（%s）已经撤销过了 / import run %s (%s) has already been reverted',
      r.id, r.file_name, r.id, r.file_name));
  end if;
  if r.status not in ('committed', 'reverting') then
    return app.import_revert_refuse(r, format('导入批次 %s（%s）的状态是 %s，只有已提交的导入可以撤销 / import run %s (%s) is %s: only a committed run can be reverted',
      r.id, r.file_name, r.status, r.id, r.file_name, r.status));
  end if;
  select count(*) into kept from app.import_revert_rows k where k.run_id = r.id;
  if r.status = 'committed' then
    if r.committed_at < now() - interval '30 days' then
      return app.import_revert_refuse(r, format('导入批次 %s 提交于 30 天之前，撤销所需的记录已不再保留 / import run %s was committed more than 30 days ago: what an undo needs is no longer kept',
        r.id, r.id));
    end if;
    if kept < r.inserted + r.updated then
      return app.import_revert_refuse(r, format('导入批次 %s 写入了 %s 条记录，但只保留了其中 %s 条的撤销信息（提交早于撤销功能？），不能撤销 / import run %s wrote %s records but only %s can be undone (committed before undo existed?)',
        r.id, r.inserted + r.updated, kept, r.id, r.inserted + r.updated, kept));
    end if;
    -- the first call checks the whole run: all or nothing
    problems := app.import_revert_problems(r, 0, 2147483647);
  end if;

  select min(x.row_no) into cut from (
    select k.row_no from app.import_revert_rows k where k.run_id = r.id order by k.row_no desc limit max_rows) x;
  if r.status = 'reverting' and cut is not null then
    -- a later call checks its own records again (they may have changed between the calls)
    problems := app.import_revert_problems(r, cut, 2147483647);
  end if;
  if jsonb_array_length(problems) > 0 then
    return app.import_revert_refuse(r, format('不能撤销导入批次 %s（%s）：以下记录导入后有了变化，未做任何更改 / import run %s (%s) cannot be reverted: the records below changed since; nothing was changed',
      r.id, r.file_name, r.id, r.file_name), problems);
  end if;

  if cut is not null then
    -- the saved inventories of updated hazard sources (inserted ones take theirs with them)
    if r.kind = 'hazard_sources' then
      select jsonb_agg(jsonb_build_object('id', k.target_id, 'items', k.before -> 'inventory') order by k.row_no) into sets
      from app.import_revert_rows k
      where k.run_id = r.id and k.row_no >= cut and k.verdict = 'update' and k.before ? 'inventory';
      perform app.set_inventories(sets);
    end if;
    execute format($q$
      with d as (delete from public.%I t using app.import_revert_rows k
        where k.run_id = $1 and k.row_no >= $2 and k.verdict = 'insert' and t.id = k.target_id returning 1)
      select count(*) from d
    $q$, r.kind) into n_deleted using r.id, cut;
    cols := app.import_columns(r.kind) || array['import_run_id']
      || case when r.kind = 'pipelines' then array[]::text[] else array['area_code'] end;
    select string_agg(format('%I = b.%I', c, c), ', ') into restore from unnest(cols) c;
    execute format($q$
      with u as (update public.%I t set %s
        from app.import_revert_rows k, jsonb_populate_record(null::public.%I, k.before) b
        where k.run_id = $1 and k.row_no >= $2 and k.verdict = 'update' and t.id = k.target_id returning 1)
      select count(*) from u
    $q$, r.kind, restore, r.kind) into n_restored using r.id, cut;
    delete from app.import_revert_rows k where k.run_id = r.id and k.row_no >= cut;
  end if;

  select count(*) into remaining from app.import_revert_rows k where k.run_id = r.id;
  update public.import_runs set status = case when remaining = 0 then 'reverted' else 'reverting' end,
    reverted_at = case when remaining = 0 then now() end
  where id = r.id;
  insert into public.import_run_events (run_id, actor_role, action, deleted, restored, remaining, message)
  values (r.id, app.user_role(), case when remaining = 0 then 'reverted' else 'revert_step' end, n_deleted, n_restored, remaining,
    case when remaining = 0 then format('撤销完成：删除 %s 条、恢复 %s 条（本次调用） / reverted: %s deleted, %s restored (this call)',
      n_deleted, n_restored, n_deleted, n_restored) end);
  return jsonb_build_object('status', case when remaining = 0 then 'reverted' else 'reverting' end,
    'deleted', n_deleted, 'restored', n_restored, 'remaining', remaining, 'run_id', r.id);
end
$$;
comment on function public.import_revert(uuid, integer) is
  'Undoes a committed import run in bounded calls (≤ max_rows records each): inserted records deleted, updated ones restored; refused (returned, recorded, nothing changed) when its records changed since, are referenced, or a later run wrote them (issue 14).';

revoke all on function public.import_revert(uuid, integer) from public, anon;
grant execute on function public.import_revert(uuid, integer) to authenticated, service_role;
revoke all on function app.import_record_image(text, jsonb), app.import_write_unkept(public.import_runs, integer, integer),
  app.import_write(public.import_runs, integer, integer), app.import_undo_unkept(public.import_runs, integer),
  app.import_undo(public.import_runs, integer), app.import_undo_abandoned_only(integer), app.import_undo_abandoned(integer),
  app.import_revert_refs(text), app.import_revert_problems(public.import_runs, integer, integer),
  app.import_revert_refuse(public.import_runs, text, jsonb) from public, anon, authenticated;
