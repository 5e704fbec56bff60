-- One trigger for what every per-author table (threat_zone_scenarios, import_templates,
-- planning_scenarios) stamped on its own: the author from the JWT (kept on update), the author
-- required, a cap per author, created_at kept and updated_at now. The tables' own triggers keep
-- only what is theirs (content checks, names unique per author, their extra stamped columns).
-- Named ab_* so it fires after aa_input_limits and before the table's own *_write trigger.
-- Arguments: the cap per author, what the rows are called (zh) and the short noun for
-- "delete old ones" (zh).
create or replace function app.stamp_owned_row() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  max_per_owner constant int := tg_argv[0]::int;
  n int;
begin
  if auth.uid() is not null then
    new.owner_id := case when tg_op = 'INSERT' then auth.uid() else old.owner_id end;
  end if;
  if new.owner_id is null then
    perform app.refuse_input(tg_table_name || '.owner_id', '作者', '不能为空', 'is required');
  end if;
  if tg_op = 'INSERT' then
    -- counts at most max_per_owner rows: the cap bounds the work, not the table's size
    execute format('select count(*) from (select 1 from %I.%I where owner_id = $1 limit $2) t', tg_table_schema, tg_table_name)
      into n using new.owner_id, max_per_owner;
    if n >= max_per_owner then
      perform app.refuse_input(tg_table_name, tg_argv[1], format('每人最多 %s 个，请先删除旧%s', max_per_owner, tg_argv[2]),
        format('at most %s per author: delete old ones first', max_per_owner));
    end if;
    new.created_at := now();
  else
    new.created_at := old.created_at;
  end if;
  new.updated_at := now();
  return new;
end
$$;

revoke all on function app.stamp_owned_row() from public, anon, authenticated;

create trigger ab_stamp_owned_row before insert or update on public.threat_zone_scenarios
  for each row execute function app.stamp_owned_row('200', '已保存情景', '情景');
create trigger ab_stamp_owned_row before insert or update on public.import_templates
  for each row execute function app.stamp_owned_row('100', '导入模板', '模板');
create trigger ab_stamp_owned_row before insert or update on public.planning_scenarios
  for each row execute function app.stamp_owned_row('100', '规划方案', '方案');

create or replace function app.threat_scenario_write() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- its enterprise comes from the JWT (the service role and seeding give it)
  if auth.uid() is not null then
    new.enterprise_id := case when tg_op = 'INSERT' then
      case when app.user_role() = 'enterprise' then app.enterprise_id() end else old.enterprise_id end;
  end if;
  perform app.threat_scenario_check(new.inputs);
  return new;
end
$$;

create or replace function app.import_template_write() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if auth.uid() is not null then
    new.area_patterns := case when tg_op = 'INSERT' then
      case when app.user_role() = 'regulator' then app.scope_patterns() else '{}' end else old.area_patterns end;
  end if;
  if cardinality(new.area_patterns) > 50 then
    perform app.refuse_input('import_templates.area_patterns', '辖区', '最多 50 个', 'at most 50');
  end if;
  perform app.import_template_check(new.mapping);
  if (tg_op = 'INSERT' or new.name is distinct from old.name or new.kind is distinct from old.kind)
     and exists (select 1 from public.import_templates t
                 where t.owner_id = new.owner_id and t.kind = new.kind and t.name = new.name and t.id is distinct from new.id) then
    perform app.refuse_input('import_templates.name', '模板名称', format('已有同名模板“%s”', left(new.name, 100)),
      format('a template "%s" already exists', left(new.name, 100)));
  end if;
  return new;
end
$$;

create or replace function app.planning_scenario_write() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if auth.uid() is not null then
    new.owner_role := case when tg_op = 'INSERT' then app.user_role() else old.owner_role end;
  end if;
  perform app.planning_scenario_check(new.candidates, new.distances);
  if (tg_op = 'INSERT' or new.name is distinct from old.name)
     and exists (select 1 from public.planning_scenarios s where s.owner_id = new.owner_id and s.name = new.name and s.id is distinct from new.id) then
    perform app.refuse_input('planning_scenarios.name', '方案名称', format('已有同名方案“%s”', left(new.name, 100)),
      format('a scenario "%s" already exists', left(new.name, 100)));
  end if;
  return new;
end
$$;

-- the cap's count and the name checks look rows up by author
create index if not exists import_templates_owner on public.import_templates (owner_id);
create index if not exists planning_scenarios_owner on public.planning_scenarios (owner_id);
