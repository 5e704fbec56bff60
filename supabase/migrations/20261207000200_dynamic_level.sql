-- Dynamic risk level (issue 15, slice 2): a risk point keeps its assessed `level` and gains
-- `current_level` and `current_level_reason`, maintained in the database, never typed in.
--
--   current_level = greatest(1, least(coalesce(level_floor, 4), level - level_steps))
--
-- is a stored generated column (levels: 1 red … 4 blue), so a bulk load of risk points pays
-- nothing and an assessed level change moves it at once. `level_floor` (an absolute level the
-- point is raised to, e.g. 1 = red), `level_steps` (levels up) and `current_level_reason` are
-- kept by app.refresh_dynamic_levels() from the rules in public.risk_level_rules (provinces
-- differ: configuration, admins edit) and the hidden dangers linked to the point
-- (hidden_dangers.risk_point_id, optional, same enterprise). Statement-level triggers on
-- hidden_dangers and on the rules refresh the affected points in the same transaction, so
-- closing the danger (销号) restores the level in the transaction that closes it. Every change
-- of current_level is logged, append-only, with its reason in
-- public.risk_point_current_level_changes (the assessed level keeps its own log,
-- risk_point_level_changes).
--
-- Rules (defaults):
--   open_major_danger        on   an open (not closed, not rejected) major hidden danger linked
--                                 to the point → red while it is open
--   overdue_general_dangers  off  `threshold` (3) or more open overdue general dangers at the
--                                 point → one level up. "Overdue" depends on today's date: a
--                                 daily call of public.refresh_dynamic_levels() catches the
--                                 deadlines that pass without an edit (no scheduler here)
--   monitoring_alarm         off  an active HH/LL or fault alarm on a linked channel → one level
--                                 up: waits for the monitoring issue (no channels yet); listed
--                                 so the configuration is complete, it has no effect yet

-- ------------------------------------------------------------------------------- rules
create table public.risk_level_rules (
  rule text primary key check (rule in ('open_major_danger', 'overdue_general_dangers', 'monitoring_alarm')),
  enabled boolean not null,
  effect text not null check (effect in ('red', 'one_up')),
  threshold integer check (threshold between 1 and 1000),
  name_zh text not null,
  name_en text not null,
  updated_at timestamptz not null default now()
);

comment on table public.risk_level_rules is
  'Rules of the dynamic risk level (issue 15): which conditions raise a risk point''s current_level. Admins edit; every edit re-evaluates the points concerned in the same transaction.';

insert into public.risk_level_rules (rule, enabled, effect, threshold, name_zh, name_en) values
  ('open_major_danger', true, 'red', null, '存在未销号的重大事故隐患', 'open major hidden danger'),
  ('overdue_general_dangers', false, 'one_up', 3, '逾期未整改的一般隐患', 'overdue general hidden dangers'),
  ('monitoring_alarm', false, 'one_up', null, '监测预警报警（待监测模块）', 'monitoring alarm (awaits monitoring)');

alter table public.risk_level_rules enable row level security;

create policy risk_level_rules_read on public.risk_level_rules for select to anon, authenticated using (true);

create policy risk_level_rules_admin_write on public.risk_level_rules for update to authenticated
  using ((select app.user_role()) = 'admin') with check ((select app.user_role()) = 'admin');

revoke insert, delete, truncate on public.risk_level_rules from anon, authenticated, service_role;
revoke update on public.risk_level_rules from anon;

create trigger risk_level_rules_touch before update on public.risk_level_rules
  for each row execute function app.touch_updated_at();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('risk_level_rules', 'name_zh', 'text', '中文名称', true, null, 100),
  ('risk_level_rules', 'name_en', 'text', '英文名称', true, null, 200);
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('risk_level_rules', 'threshold', 'number', '阈值（条）', 1, 1000);
select app.install_input_limits('risk_level_rules');

-- ------------------------------------------------------------------------ risk points
alter table public.risk_points
  add column level_floor smallint check (level_floor between 1 and 4),
  add column level_steps smallint not null default 0 check (level_steps between 0 and 3),
  add column current_level_reason jsonb,
  add column current_level smallint
    generated always as (greatest(1, least(coalesce(level_floor, 4), level - level_steps))::smallint) stored;

comment on column public.risk_points.current_level is
  'The level in force now: the assessed level raised by the dynamic rules (public.risk_level_rules). Never typed in.';
comment on column public.risk_points.current_level_reason is
  'Why current_level differs from level: {"rules": [{"rule": …, "hidden_dangers": [{"id", "title"}] | "count": n}]}; null when it does not.';

create index risk_points_current_level_idx on public.risk_points (current_level) where level_floor is not null or level_steps > 0;

-- The three upkeep columns are written by app.refresh_dynamic_levels() only: a client that
-- sends them is refused, by name.
create or replace function app.refuse_dynamic_level_write() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if coalesce(current_setting('app.dynamic_level_upkeep', true), '') = 'on' then
    return new;
  end if;
  raise exception 'risk_points.current_level is maintained by the database from the dynamic rules and linked hidden dangers; level_floor, level_steps and current_level_reason cannot be written (动态风险等级由系统维护，不可填写)'
    using errcode = '42501';
end
$$;

create trigger risk_points_dynamic_level_guard_insert before insert on public.risk_points
  for each row when (new.level_floor is not null or new.level_steps <> 0 or new.current_level_reason is not null)
  execute function app.refuse_dynamic_level_write();
create trigger risk_points_dynamic_level_guard_update before update of level_floor, level_steps, current_level_reason on public.risk_points
  for each row when (old.level_floor is distinct from new.level_floor or old.level_steps is distinct from new.level_steps
    or old.current_level_reason is distinct from new.current_level_reason)
  execute function app.refuse_dynamic_level_write();

-- ------------------------------------------------------------- hidden danger → risk point
alter table public.hidden_dangers
  add column risk_point_id uuid references public.risk_points(id) on delete set null;

comment on column public.hidden_dangers.risk_point_id is
  'The risk point where the defect was found (optional); must belong to the same enterprise. An open major danger turns the point red (risk_level_rules).';

create index hidden_dangers_risk_point_idx on public.hidden_dangers (risk_point_id) where risk_point_id is not null;

-- Same enterprise. Definer: the check reads the point whatever the caller may see; the one
-- message covers "no such point" and "another enterprise's point" alike.
create or replace function app.check_hidden_danger_risk_point() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from public.risk_points r where r.id = new.risk_point_id and r.enterprise_id is not distinct from new.enterprise_id) then
    raise exception 'hidden_dangers.risk_point_id: the risk point must exist and belong to the same enterprise as the hidden danger (风险点须属于该隐患所在企业)'
      using errcode = '23514';
  end if;
  return new;
end
$$;

revoke execute on function app.check_hidden_danger_risk_point() from public, anon, authenticated;

create trigger hidden_dangers_risk_point_check before insert or update of risk_point_id, enterprise_id on public.hidden_dangers
  for each row when (new.risk_point_id is not null)
  execute function app.check_hidden_danger_risk_point();

-- --------------------------------------------------------------------------- the log
create table public.risk_point_current_level_changes (
  id bigint generated always as identity primary key,
  risk_point_id uuid not null,
  enterprise_id uuid,
  area_code text,
  assessed_level smallint not null,
  old_level smallint,
  new_level smallint not null,
  reason jsonb,
  at timestamptz not null default now(),
  actor_role text not null,
  actor_id uuid
);

comment on table public.risk_point_current_level_changes is
  'Append-only: one row per change of a risk point''s current_level, with the reason in force after it (null: back to the assessed level). Written by trigger.';

create index risk_point_current_level_changes_point_idx on public.risk_point_current_level_changes (risk_point_id, at);
create index risk_point_current_level_changes_at_idx on public.risk_point_current_level_changes (at);

alter table public.risk_point_current_level_changes enable row level security;
revoke all on public.risk_point_current_level_changes from anon;
revoke insert, update, delete, truncate on public.risk_point_current_level_changes from authenticated, service_role;
grant select on public.risk_point_current_level_changes to authenticated, service_role;

do $$
begin
  execute format('create policy risk_point_current_level_changes_read on public.risk_point_current_level_changes for select to authenticated using %s',
    app.rls_read('area_code', 'enterprise_id'));
end
$$;

create or replace function app.log_risk_point_current_level() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.risk_point_current_level_changes (risk_point_id, enterprise_id, area_code, assessed_level, old_level, new_level,
    reason, actor_role, actor_id)
  values (new.id, new.enterprise_id, new.area_code, new.level, old.current_level, new.current_level, new.current_level_reason,
    a ->> 'role', case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end);
  return null;
end
$$;

revoke execute on function app.log_risk_point_current_level() from public, anon, authenticated;

create trigger risk_points_current_level_log after update on public.risk_points
  for each row when (old.current_level is distinct from new.current_level)
  execute function app.log_risk_point_current_level();

create or replace function app.refuse_log_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'append-only: % on %', lower(tg_op), tg_table_name using errcode = '42501';
end
$$;

create trigger risk_point_current_level_changes_no_update before update or delete on public.risk_point_current_level_changes
  for each row execute function app.refuse_log_change();
create trigger risk_point_current_level_changes_no_truncate before truncate on public.risk_point_current_level_changes
  for each statement execute function app.refuse_log_change();

-- ---------------------------------------------------------------------------- upkeep
-- Re-evaluates the given points (null: every point with a linked danger or raised now).
create or replace function app.refresh_dynamic_levels(ids uuid[]) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  n integer;
begin
  perform set_config('app.dynamic_level_upkeep', 'on', true);
  with rules as (
    select
      coalesce(bool_or(r.enabled) filter (where r.rule = 'open_major_danger'), false) as major_on,
      coalesce(bool_or(r.enabled) filter (where r.rule = 'overdue_general_dangers'), false) as overdue_on,
      coalesce(max(r.threshold) filter (where r.rule = 'overdue_general_dangers'), 3) as overdue_n
    from public.risk_level_rules r
  ), pts as (
    select p.id from public.risk_points p
    where (ids is not null and p.id = any (ids))
       or (ids is null and (p.level_floor is not null or p.level_steps > 0
           or exists (select 1 from public.hidden_dangers d where d.risk_point_id = p.id)))
  ), calc as (
    select p.id,
      case when ru.major_on then m.list end as major,
      case when ru.overdue_on and o.n >= ru.overdue_n then o.n end as overdue
    from pts p
    cross join rules ru
    left join lateral (
      select jsonb_agg(jsonb_build_object('id', d.id, 'title', d.title) order by d.found_at, d.id) as list
      from public.hidden_dangers d
      where d.risk_point_id = p.id and d.severity = 'major' and d.status not in ('closed', 'rejected')) m on true
    left join lateral (
      select count(*)::int as n
      from public.hidden_dangers d
      where d.risk_point_id = p.id and d.severity = 'general' and app.hidden_danger_is_overdue(d.status, d.deadline)) o on true
  ), want as (
    select c.id,
      case when c.major is not null then 1::smallint end as floor,
      (case when c.overdue is not null then 1 else 0 end)::smallint as steps,
      case when c.major is not null or c.overdue is not null then jsonb_build_object('rules',
        case when c.major is not null then jsonb_build_array(jsonb_build_object('rule', 'open_major_danger', 'hidden_dangers', c.major)) else '[]'::jsonb end
        || case when c.overdue is not null then jsonb_build_array(jsonb_build_object('rule', 'overdue_general_dangers', 'count', c.overdue)) else '[]'::jsonb end)
      end as reason
    from calc c
  )
  update public.risk_points r set level_floor = w.floor, level_steps = w.steps, current_level_reason = w.reason
  from want w
  where r.id = w.id
    and (r.level_floor is distinct from w.floor or r.level_steps is distinct from w.steps or r.current_level_reason is distinct from w.reason);
  get diagnostics n = row_count;
  perform set_config('app.dynamic_level_upkeep', '', true);
  return n;
end
$$;

revoke execute on function app.refresh_dynamic_levels(uuid[]) from public, anon, authenticated;

-- Hidden dangers: the points linked before and after the statement.
create or replace function app.dynamic_levels_dangers_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.risk_point_id) into ids from new_rows n where n.risk_point_id is not null;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.risk_point_id) into ids from old_rows o where o.risk_point_id is not null;
  else
    select array_agg(distinct x.id) into ids from (
      select o.risk_point_id as id from old_rows o join new_rows n on n.id = o.id
      where (o.risk_point_id, o.status, o.severity, o.deadline, o.title) is distinct from (n.risk_point_id, n.status, n.severity, n.deadline, n.title)
      union
      select n.risk_point_id from old_rows o join new_rows n on n.id = o.id
      where (o.risk_point_id, o.status, o.severity, o.deadline, o.title) is distinct from (n.risk_point_id, n.status, n.severity, n.deadline, n.title)
    ) x where x.id is not null;
  end if;
  if ids is not null then
    perform app.refresh_dynamic_levels(ids);
  end if;
  return null;
end
$$;

revoke execute on function app.dynamic_levels_dangers_changed() from public, anon, authenticated;

create trigger dynamic_levels_insert after insert on public.hidden_dangers
  referencing new table as new_rows for each statement execute function app.dynamic_levels_dangers_changed();
create trigger dynamic_levels_update after update on public.hidden_dangers
  referencing old table as old_rows new table as new_rows for each statement execute function app.dynamic_levels_dangers_changed();
create trigger dynamic_levels_delete after delete on public.hidden_dangers
  referencing old table as old_rows for each statement execute function app.dynamic_levels_dangers_changed();

-- A rule edited: every point concerned re-evaluated.
create or replace function app.dynamic_levels_rules_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.refresh_dynamic_levels(null);
  return null;
end
$$;

revoke execute on function app.dynamic_levels_rules_changed() from public, anon, authenticated;

create trigger dynamic_levels_rules after update on public.risk_level_rules
  for each statement execute function app.dynamic_levels_rules_changed();

-- Deadlines pass without an edit: a daily call (admin, service role, or SQL without claims).
create or replace function public.refresh_dynamic_levels()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if (select app.claims() ->> 'role') is not null and app.user_role() not in ('admin', 'service') then
    raise exception 'refresh_dynamic_levels: for administrators and the service role only (仅限管理员)' using errcode = '42501';
  end if;
  return app.refresh_dynamic_levels(null);
end
$$;

revoke execute on function public.refresh_dynamic_levels() from public, anon;
grant execute on function public.refresh_dynamic_levels() to authenticated, service_role;
