-- Emergency resources' duty phones in the import, the undo and the export (issue 14).
--
-- The phone of an emergency resource lives in emergency_resource_contacts (RLS: admins, the
-- command centre and regulators read it; 20261204101200_access_scoping.sql). An import row of
-- emergency_resources may now carry it (值班电话 / 联系电话 / duty_phone / phone, staged as
-- data -> 'duty_phone'):
--   dry run   a phone that is not valid refuses the row by its row number, the column
--             'duty_phone' (the client names it as the file does) and the reason; a phone that
--             differs from the stored contact makes an otherwise unchanged row an "update"; the
--             same phone leaves it "unchanged"; a new resource with a phone is an "insert" and
--             gets its contact. No phone in the row (an empty cell, or no such column) leaves the
--             stored phone untouched: an import never deletes a phone.
--   the rule  app.duty_phone_is_valid, which the contacts table's check now calls too (one
--             expression; the rule itself is unchanged: 3–20 digits, spaces, + or -, so short
--             service numbers such as 119 and 12350 stay valid).
--   commit    the contacts are written in the same call (import_commit or each import_apply),
--             after the resource rows, by app.import_write_unkept (the inventory wrapper of
--             20270124000100, redefined here with the phones). Who may: as for the resource rows
--             (the dry run's jurisdiction rules: a regulator's row must lie in its area, and so
--             must the stored record it changes; the contacts' RLS rule app.may_write is the same
--             area rule).
--   images    every updated resource's saved image (import_rows.before, and the kept images of
--             app.import_revert_rows) carries its phone as it was ('duty_phone', null when it had
--             none: the resource table's own duty_phone column is write-only and always null), and
--             app.import_record_image gives a resource's current phone, so an undo sees a phone
--             changed since the run as a change of the record.
--   undo      a failed chunked commit's rollback (app.import_undo_unkept) and import_revert give
--             each updated resource back the phone it had (or remove a contact it did not have);
--             an inserted resource takes its contact with it (on delete cascade).
--   export    export_page writes 'duty_phone' for the roles that may read phones (admin, command,
--             regulator, the service role); for the others the key is absent from the page, and
--             the file's 值班电话 column is empty (the same headers for every role; an empty cell
--             leaves the stored phone alone, so a planner's file re-imported deletes nothing).
-- Kept images of runs committed before this migration get the resources' current phones (the
-- import could not change phones then, so restoring them is a no-op).

-- ----------------------------------------------------------------------------- the rule
create or replace function app.duty_phone_is_valid(phone text) returns boolean
language sql immutable
set search_path = ''
as $$
  select phone ~ '^[0-9+\- ]{3,20}$'
$$;
comment on function app.duty_phone_is_valid(text) is
  'A duty phone: 3 to 20 digits, spaces, + or - (119, 12350, 0750-3456789, +86 750 3456789). The contacts table''s check and the import''s (issue 14).';

alter table public.emergency_resource_contacts drop constraint emergency_resource_contacts_duty_phone_check;
alter table public.emergency_resource_contacts add constraint emergency_resource_contacts_duty_phone_check
  check (app.duty_phone_is_valid(duty_phone));

-- The stored phone of a resource, for the import's comparisons and images (no role check: only
-- the import's definer functions call it; readers go through app.duty_phone_of).
create or replace function app.stored_duty_phone(p_id uuid) returns text
language sql stable
set search_path = ''
as $$
  select c.duty_phone from public.emergency_resource_contacts c where c.resource_id = p_id
$$;

-- Sets the phones of resources: [{"id": resource, "phone": text or null}]; null removes the
-- contact. An unchanged phone is not written.
create or replace function app.set_duty_phones(sets jsonb) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  if sets is null or jsonb_array_length(sets) = 0 then
    return;
  end if;
  with src as (
    select (x ->> 'id')::uuid as id, x ->> 'phone' as phone from jsonb_array_elements(sets) x
  ), del as (
    delete from public.emergency_resource_contacts c using src
    where c.resource_id = src.id and src.phone is null
    returning 1
  )
  insert into public.emergency_resource_contacts (resource_id, duty_phone)
  select src.id, src.phone from src where src.phone is not null
  on conflict (resource_id) do update set duty_phone = excluded.duty_phone
    where public.emergency_resource_contacts.duty_phone is distinct from excluded.duty_phone;
end
$$;

-- ----------------------------------------------------------------------------- deciding
-- Rows [lo, hi] whose record was decided (insert / update / unchanged) and that carry a phone:
-- refused when it is not valid, an "unchanged" record with another stored phone made an update.
create or replace function app.import_decide_phones(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  update public.import_rows s set
    verdict = case
      when not app.duty_phone_is_valid(s.data ->> 'duty_phone') then 'error'
      when s.verdict = 'unchanged' and (s.data ->> 'duty_phone') is distinct from app.stored_duty_phone(s.target_id) then 'update'
      else s.verdict end,
    error_column = case when not app.duty_phone_is_valid(s.data ->> 'duty_phone') then 'duty_phone' else s.error_column end,
    error_message = case when not app.duty_phone_is_valid(s.data ->> 'duty_phone')
      then format('值班电话“%s”无效：须为 3–20 位数字、空格、+ 或 -（如 119、0750-3456789） / duty phone "%s" is not valid: 3 to 20 digits, spaces, + or - (e.g. 119, 0750-3456789)',
        left(s.data ->> 'duty_phone', 40), left(s.data ->> 'duty_phone', 40))
      else s.error_message end
  where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update', 'unchanged')
    and s.data ->> 'duty_phone' is not null;
end
$$;

-- As in 20270124000100_import_inventory.sql, plus the phones of emergency resources.
create or replace function app.import_decide(r public.import_runs, from_row integer, to_row integer, keys_only boolean default false) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  perform app.import_decide_records(r, from_row, to_row, keys_only);
  if r.kind = 'hazard_sources' then
    perform app.import_decide_inventory(r, coalesce(from_row, 0), coalesce(to_row, 2147483647));
  elsif r.kind = 'emergency_resources' then
    perform app.import_decide_phones(r, coalesce(from_row, 0), coalesce(to_row, 2147483647));
  end if;
end
$$;

-- ----------------------------------------------------------------------------- writing
-- app.import_write_unkept (20270124000100's inventory wrapper, which 20270129000100's
-- app.import_write calls before keeping the images) as before, plus the phones: each updated
-- resource's phone saved in its image, then the phones of the rows that carry one written.
create or replace function app.import_write_unkept(r public.import_runs, lo integer, hi integer) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  todo integer[];
  updated integer[];
  sets jsonb;
begin
  if r.kind = 'hazard_sources' then
    todo := array(select s.row_no from public.import_rows s
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update') and not s.applied
        and s.data ? 'inventory');
  elsif r.kind = 'emergency_resources' then
    todo := array(select s.row_no from public.import_rows s
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict in ('insert', 'update') and not s.applied
        and s.data ->> 'duty_phone' is not null);
    updated := array(select s.row_no from public.import_rows s
      where s.run_id = r.id and s.row_no between lo and hi and s.verdict = 'update' and not s.applied);
  end if;
  perform app.import_write_records(r, lo, hi);
  if r.kind = 'hazard_sources' and cardinality(todo) > 0 then
    -- the stored inventory of each updated source, for the rollback (the record write leaves it alone)
    update public.import_rows s set before = s.before || jsonb_build_object('inventory', app.stored_inventory(s.target_id))
    where s.run_id = r.id and s.row_no = any(todo) and s.verdict = 'update';
    select jsonb_agg(jsonb_build_object('id', s.target_id, 'items', s.data -> 'inventory') order by s.row_no) into sets
    from public.import_rows s where s.run_id = r.id and s.row_no = any(todo);
    perform app.set_inventories(sets);
  elsif r.kind = 'emergency_resources' then
    -- every updated resource's phone as it was (its image; the resource row's own column is always null)
    if cardinality(updated) > 0 then
      update public.import_rows s set before = s.before || jsonb_build_object('duty_phone', app.stored_duty_phone(s.target_id))
      where s.run_id = r.id and s.row_no = any(updated);
    end if;
    if cardinality(todo) > 0 then
      select jsonb_agg(jsonb_build_object('id', s.target_id, 'phone', s.data ->> 'duty_phone') order by s.row_no) into sets
      from public.import_rows s where s.run_id = r.id and s.row_no = any(todo);
      perform app.set_duty_phones(sets);
    end if;
  end if;
end
$$;

-- ----------------------------------------------------------------------------- rolling back
-- app.import_undo_unkept (20270124000100's inventory wrapper) as before, plus the phones of the
-- updated resources it undoes (inserted ones take their contacts with them).
create or replace function app.import_undo_unkept(r public.import_runs, max_rows integer) returns integer
language plpgsql volatile
set search_path = ''
as $$
declare
  cut integer;
  sets jsonb;
begin
  if r.kind in ('hazard_sources', 'emergency_resources') then
    -- the same rows app.import_undo_records undoes: the last max_rows applied
    select min(x.row_no) into cut from (
      select s.row_no from public.import_rows s where s.run_id = r.id and s.applied order by s.row_no desc limit max_rows) x;
  end if;
  if r.kind = 'hazard_sources' then
    select jsonb_agg(jsonb_build_object('id', s.target_id, 'items', s.before -> 'inventory') order by s.row_no) into sets
    from public.import_rows s
    where s.run_id = r.id and s.applied and s.row_no >= cut and s.verdict = 'update' and s.before ? 'inventory';
    perform app.set_inventories(sets);
  elsif r.kind = 'emergency_resources' then
    select jsonb_agg(jsonb_build_object('id', s.target_id, 'phone', s.before ->> 'duty_phone') order by s.row_no) into sets
    from public.import_rows s
    where s.run_id = r.id and s.applied and s.row_no >= cut and s.verdict = 'update' and s.before ? 'duty_phone';
    perform app.set_duty_phones(sets);
  end if;
  return app.import_undo_records(r, max_rows);
end
$$;

-- ----------------------------------------------------------------------------- kept images
-- As in 20270129000100_import_revert.sql, plus a resource's phone (in place of its always-null
-- duty_phone column).
create or replace function app.import_record_image(kind text, rec jsonb) returns jsonb
language sql stable
set search_path = ''
as $$
  select case
    when kind = 'hazard_sources'
      then (rec - 'updated_at') || jsonb_build_object('inventory', app.stored_inventory((rec ->> 'id')::uuid))
    when kind = 'emergency_resources'
      then (rec - 'updated_at') || jsonb_build_object('duty_phone', app.stored_duty_phone((rec ->> 'id')::uuid))
    else rec - 'updated_at' end
$$;

-- The images kept before this migration: the resources' current phones (the import could not
-- change a phone then; a restore of these is a no-op, and the undo's comparison still matches).
update app.import_revert_rows k set
  after = k.after || jsonb_build_object('duty_phone', app.stored_duty_phone(k.target_id)),
  before = case when k.before is not null then k.before || jsonb_build_object('duty_phone', app.stored_duty_phone(k.target_id)) end
from public.import_runs r where r.id = k.run_id and r.kind = 'emergency_resources';
update public.import_rows s set before = s.before || jsonb_build_object('duty_phone', app.stored_duty_phone(s.target_id))
from public.import_runs r
where r.id = s.run_id and r.kind = 'emergency_resources' and s.applied and s.before is not null;

-- (app.duty_phone_is_valid stays executable: the contacts table's check calls it for every writer)
revoke all on function app.stored_duty_phone(uuid), app.set_duty_phones(jsonb),
  app.import_decide_phones(public.import_runs, integer, integer),
  app.import_decide(public.import_runs, integer, integer, boolean), app.import_write_unkept(public.import_runs, integer, integer),
  app.import_undo_unkept(public.import_runs, integer), app.import_record_image(text, jsonb) from public, anon, authenticated;

-- ----------------------------------------------------------------------------- import_revert
-- As in 20270129000100_import_revert.sql, plus the phones of the updated resources it restores.
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
    -- the saved phones of updated resources (inserted ones take their contacts with them)
    if r.kind = 'emergency_resources' then
      select jsonb_agg(jsonb_build_object('id', k.target_id, 'phone', k.before ->> 'duty_phone') order by k.row_no) into sets
      from app.import_revert_rows k
      where k.run_id = r.id and k.row_no >= cut and k.verdict = 'update' and k.before ? 'duty_phone';
      perform app.set_duty_phones(sets);
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

-- ----------------------------------------------------------------------------- export
-- As in 20270127000100_import_pipelines.sql, plus emergency resources' duty phones for the roles
-- that may read them.
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
  -- the duty phone for the roles that may read it (the contacts' RLS rule); for the others no key
  if kind = 'emergency_resources' and app.user_role() in ('admin', 'command', 'regulator', 'service') then
    join_ent := join_ent || ' left join public.emergency_resource_contacts c on c.resource_id = t.id';
    sel := sel || ', ''duty_phone'', c.duty_phone';
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
  'One page (≤1000) of a registry the import takes, as the caller may see it, in the import''s columns; hazard sources with their inventory, pipelines with their operator''s credit code, emergency resources with their duty phone for admin, command and regulators (issues 14, 19).';
revoke all on function public.export_page(text, uuid, integer) from public, anon;
grant execute on function public.export_page(text, uuid, integer) to authenticated, service_role;
