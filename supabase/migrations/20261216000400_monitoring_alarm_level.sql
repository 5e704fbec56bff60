-- The monitoring rule of the dynamic level (issue 15 with issue 17): an active HH, LL or fault
-- alarm on a monitoring channel linked to a risk point raises the point one level while it is
-- active (effect 'one_up', on by default now that monitoring exists); clearing the alarm restores
-- it in the same transaction, and each change goes to the current-level log with the alarms as its
-- reason. Channels gain an optional risk_point_id (the point the instrument watches; same
-- enterprise, checked). The one-up rules add up (an overdue-dangers step and an alarm step: two
-- levels), never above red. app.refresh_dynamic_levels is the live body of 20261207000200 with the
-- alarm rule added; nothing else changed.

alter table public.monitoring_channels
  add column risk_point_id uuid references public.risk_points(id) on delete set null;

comment on column public.monitoring_channels.risk_point_id is
  'The risk point this instrument watches (optional, same enterprise): its active HH/LL/fault alarms raise the point one level (risk_level_rules.monitoring_alarm).';

create index monitoring_channels_risk_point_idx on public.monitoring_channels (risk_point_id) where risk_point_id is not null;

create or replace function app.check_channel_risk_point() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from public.risk_points r where r.id = new.risk_point_id and r.enterprise_id = new.enterprise_id) then
    raise exception 'monitoring_channels.risk_point_id: the risk point must exist and belong to the channel''s enterprise (风险点须属于该监测点所在企业)'
      using errcode = '23514';
  end if;
  return new;
end
$$;

create trigger monitoring_channels_risk_point_check before insert or update of risk_point_id, enterprise_id on public.monitoring_channels
  for each row when (new.risk_point_id is not null) execute function app.check_channel_risk_point();

update public.risk_level_rules
set enabled = true, name_zh = '监测报警（HH/LL/故障）未消除', name_en = 'active HH, LL or fault monitoring alarm'
where rule = 'monitoring_alarm';

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
      coalesce(max(r.threshold) filter (where r.rule = 'overdue_general_dangers'), 3) as overdue_n,
      coalesce(bool_or(r.enabled) filter (where r.rule = 'monitoring_alarm'), false) as alarm_on
    from public.risk_level_rules r
  ), pts as (
    select p.id from public.risk_points p
    where (ids is not null and p.id = any (ids))
       or (ids is null and (p.level_floor is not null or p.level_steps > 0
           or exists (select 1 from public.hidden_dangers d where d.risk_point_id = p.id)
           or exists (select 1 from public.monitoring_channels c where c.risk_point_id = p.id)))
  ), calc as (
    select p.id,
      case when ru.major_on then m.list end as major,
      case when ru.overdue_on and o.n >= ru.overdue_n then o.n end as overdue,
      case when ru.alarm_on then al.list end as alarms
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
    left join lateral (
      select jsonb_agg(jsonb_build_object('id', a.id, 'channel', c.code, 'kind', a.kind, 'raised_at', a.raised_at) order by a.raised_at, a.id) as list
      from public.monitoring_channels c
      join public.monitoring_alarms a on a.channel_id = c.id
      where c.risk_point_id = p.id and a.cleared_at is null and a.kind in ('HH', 'LL', 'fault')) al on true
  ), want as (
    select c.id,
      case when c.major is not null then 1::smallint end as floor,
      (case when c.overdue is not null then 1 else 0 end + case when c.alarms is not null then 1 else 0 end)::smallint as steps,
      case when c.major is not null or c.overdue is not null or c.alarms is not null then jsonb_build_object('rules',
        case when c.major is not null then jsonb_build_array(jsonb_build_object('rule', 'open_major_danger', 'hidden_dangers', c.major)) else '[]'::jsonb end
        || case when c.overdue is not null then jsonb_build_array(jsonb_build_object('rule', 'overdue_general_dangers', 'count', c.overdue)) else '[]'::jsonb end
        || case when c.alarms is not null then jsonb_build_array(jsonb_build_object('rule', 'monitoring_alarm', 'alarms', c.alarms)) else '[]'::jsonb end)
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

-- Alarms raised, escalated or cleared (and channels re-linked): re-evaluate the points concerned.
-- Only changes of kind or cleared_at matter; peak updates on every reading do not.
create or replace function app.dynamic_levels_alarms_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct c.risk_point_id) into ids
    from new_rows n join public.monitoring_channels c on c.id = n.channel_id
    where c.risk_point_id is not null and n.cleared_at is null and n.kind in ('HH', 'LL', 'fault');
  else
    select array_agg(distinct c.risk_point_id) into ids
    from new_rows n join old_rows o on o.id = n.id join public.monitoring_channels c on c.id = n.channel_id
    where c.risk_point_id is not null and (n.kind, n.cleared_at) is distinct from (o.kind, o.cleared_at);
  end if;
  if ids is not null then
    perform app.refresh_dynamic_levels(ids);
  end if;
  return null;
end
$$;

revoke execute on function app.dynamic_levels_alarms_changed() from public, anon, authenticated;

create trigger dynamic_levels_alarms_insert after insert on public.monitoring_alarms
  referencing new table as new_rows for each statement execute function app.dynamic_levels_alarms_changed();
create trigger dynamic_levels_alarms_update after update on public.monitoring_alarms
  referencing old table as old_rows new table as new_rows for each statement execute function app.dynamic_levels_alarms_changed();

create or replace function app.dynamic_levels_channels_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  select array_agg(distinct x.id) into ids from (
    select o.risk_point_id as id from old_rows o join new_rows n on n.id = o.id where o.risk_point_id is distinct from n.risk_point_id
    union
    select n.risk_point_id from old_rows o join new_rows n on n.id = o.id where o.risk_point_id is distinct from n.risk_point_id
  ) x where x.id is not null;
  if ids is not null then
    perform app.refresh_dynamic_levels(ids);
  end if;
  return null;
end
$$;

revoke execute on function app.dynamic_levels_channels_changed() from public, anon, authenticated;

create trigger dynamic_levels_channels_update after update on public.monitoring_channels
  referencing old table as old_rows new table as new_rows for each statement execute function app.dynamic_levels_channels_changed();
