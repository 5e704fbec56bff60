-- Saved what-if threat-zone scenarios (issue 20): the editor's inputs (the form and the origin: a
-- hazard source or a point), named, owned by their author, private or shared. The zones are not
-- stored: the browser recomputes them from the inputs (src/domain/threatZones.ts) and asks
-- threat_zone_targets for who is inside, so a reopened scenario counts today's targets.
--
-- Who (../shared/DOMAIN.md, "Who uses it"): staff only, never anon or a signed-in user without a
-- role. An author reads, edits and deletes its own; a shared scenario is read by colleagues:
-- government staff (admin, command, planner, regulator) read each other's shared scenarios; an
-- enterprise user's shared scenario is read by the users of the same enterprise only, and an
-- enterprise reads no government scenario (they name other enterprises' sources). Admins and
-- the service role read and manage all. Owner and enterprise are set from the caller's JWT.
--
-- Bounded: name 1–100 characters, inputs at most 4,000 bytes and checked field by field
-- (app.threat_scenario_check), at most 200 scenarios per author.

create table public.threat_zone_scenarios (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  inputs jsonb not null,
  owner_id uuid not null default auth.uid(),
  -- the author's enterprise when the author is an enterprise user (set from the JWT), else null
  enterprise_id uuid references public.enterprises (id) on delete cascade,
  shared boolean not null default false,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.threat_zone_scenarios is
  'Saved what-if threat-zone scenarios (issue 20): the editor''s inputs; zones are recomputed on reopening. Private to the author or shared with colleagues.';

create index threat_zone_scenarios_owner on public.threat_zone_scenarios (owner_id, created_at desc);
create index threat_zone_scenarios_shared on public.threat_zone_scenarios (enterprise_id, created_at desc) where shared;

-- The inputs, field by field: the editor's form (src/features/threatZones/threatZoneForm.ts) and
-- its origin. Ranges are the models' own (src/domain/threatZones/*), so a saved scenario reopens.
create or replace function app.threat_scenario_check(inputs jsonb) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  f jsonb := inputs -> 'form';
  o jsonb := inputs -> 'origin';
  k text;
  num record;
begin
  if jsonb_typeof(inputs) is distinct from 'object' or jsonb_typeof(f) is distinct from 'object' or jsonb_typeof(o) is distinct from 'object' then
    perform app.refuse_input('threat_zone_scenarios.inputs', '情景输入', '须为 {"form": {…}, "origin": {…}}',
      'must be {"form": {…}, "origin": {…}}');
  end if;
  for k in select jsonb_object_keys(inputs) loop
    if k not in ('form', 'origin') then
      perform app.refuse_input('threat_zone_scenarios.inputs', '情景输入', format('含未知字段 %s', k), format('has an unknown field %s', k));
    end if;
  end loop;
  for k in select jsonb_object_keys(f) loop
    if k not in ('kind', 'substance', 'rate_kg_s', 'h_m', 'terrain', 'wind_from_deg', 'u_m_s', 'stability', 'daytime', 'cloud_eighths',
                 'diameter_m', 'thresholds', 'mass_t') then
      perform app.refuse_input('threat_zone_scenarios.inputs.form', '情景参数', format('含未知字段 %s', left(k, 40)),
        format('has an unknown field %s', left(k, 40)));
    end if;
  end loop;
  if (f ->> 'kind') is null or (f ->> 'kind') not in ('toxic', 'pool_fire', 'explosion') then
    perform app.refuse_input('threat_zone_scenarios.inputs.form.kind', '情景类型', '须为 toxic、pool_fire 或 explosion',
      'must be toxic, pool_fire or explosion');
  end if;
  if jsonb_typeof(f -> 'substance') is distinct from 'string' or length(f ->> 'substance') not between 1 and 60 then
    perform app.refuse_input('threat_zone_scenarios.inputs.form.substance', '物质', '须为 1 至 60 个字符', 'must be 1 to 60 characters');
  end if;
  if (f ->> 'terrain') is null or (f ->> 'terrain') not in ('rural', 'urban') then
    perform app.refuse_input('threat_zone_scenarios.inputs.form.terrain', '地表', '须为 rural 或 urban', 'must be rural or urban');
  end if;
  if (f ->> 'stability') is null or (f ->> 'stability') not in ('auto', 'A', 'B', 'C', 'D', 'E', 'F') then
    perform app.refuse_input('threat_zone_scenarios.inputs.form.stability', '大气稳定度', '须为 auto 或 A–F', 'must be auto or A–F');
  end if;
  if (f ->> 'thresholds') is null or (f ->> 'thresholds') not in ('cn', 'aloha') then
    perform app.refuse_input('threat_zone_scenarios.inputs.form.thresholds', '热辐射阈值', '须为 cn 或 aloha', 'must be cn or aloha');
  end if;
  if jsonb_typeof(f -> 'daytime') is distinct from 'boolean' then
    perform app.refuse_input('threat_zone_scenarios.inputs.form.daytime', '昼夜', '须为 true 或 false', 'must be true or false');
  end if;
  for num in
    select * from (values
      ('rate_kg_s', '泄漏速率 (kg/s)', 0::numeric, 1000::numeric),
      ('h_m', '释放高度 (m)', 0, 300),
      ('wind_from_deg', '风向 (°)', 0, 360),
      ('u_m_s', '风速 (m/s)', 1, 30),
      ('cloud_eighths', '云量', 0, 8),
      ('diameter_m', '液池直径 (m)', 0.1, 200),
      ('mass_t', '可燃物质量 (t)', 0, 10000)
    ) v(key, label, lo, hi)
  loop
    if jsonb_typeof(f -> num.key) is distinct from 'number' or app.out_of_range((f ->> num.key)::numeric, num.lo, num.hi) then
      perform app.refuse_input('threat_zone_scenarios.inputs.form.' || num.key, num.label,
        format('须为 %s 至 %s 之间的数', num.lo, num.hi), format('must be a number from %s to %s', num.lo, num.hi));
    end if;
  end loop;
  if (o ->> 'kind') is null or (o ->> 'kind') not in ('point', 'hazard_source') then
    perform app.refuse_input('threat_zone_scenarios.inputs.origin.kind', '泄漏点', '须为 point 或 hazard_source', 'must be point or hazard_source');
  end if;
  if jsonb_typeof(o -> 'lon') is distinct from 'number' or jsonb_typeof(o -> 'lat') is distinct from 'number'
     or app.out_of_range((o ->> 'lon')::numeric, -180, 180) or app.out_of_range((o ->> 'lat')::numeric, -90, 90) then
    perform app.refuse_input('threat_zone_scenarios.inputs.origin', '泄漏点坐标', '经度须在 -180 至 180、纬度须在 -90 至 90 之间',
      'needs lon in [-180, 180] and lat in [-90, 90]');
  end if;
  if (o ->> 'kind') = 'hazard_source' and ((o ->> 'id') is null or (o ->> 'id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     or jsonb_typeof(o -> 'name') is distinct from 'string' or length(o ->> 'name') > 200) then
    perform app.refuse_input('threat_zone_scenarios.inputs.origin', '危险源', '须有 id (uuid) 和名称（最多 200 个字符）',
      'needs an id (uuid) and a name (at most 200 characters)');
  end if;
end
$$;

create or replace function app.threat_scenario_write() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  max_per_owner constant int := 200;
begin
  -- the author and its enterprise come from the JWT (the service role and seeding give them)
  if auth.uid() is not null then
    if tg_op = 'INSERT' then
      new.owner_id := auth.uid();
      new.enterprise_id := case when app.user_role() = 'enterprise' then app.enterprise_id() end;
    else
      new.owner_id := old.owner_id;
      new.enterprise_id := old.enterprise_id;
    end if;
  end if;
  if new.owner_id is null then
    perform app.refuse_input('threat_zone_scenarios.owner_id', '作者', '不能为空', 'is required');
  end if;
  perform app.threat_scenario_check(new.inputs);
  if tg_op = 'INSERT' and (select count(*) from public.threat_zone_scenarios s where s.owner_id = new.owner_id) >= max_per_owner then
    perform app.refuse_input('threat_zone_scenarios', '已保存情景', format('每人最多 %s 个，请先删除旧情景', max_per_owner),
      format('at most %s per author: delete old ones first', max_per_owner));
  end if;
  if tg_op = 'INSERT' then
    new.created_at := now();
  else
    new.created_at := old.created_at;
  end if;
  new.updated_at := now();
  return new;
end
$$;

revoke all on function app.threat_scenario_write() from public, anon, authenticated;
grant execute on function app.threat_scenario_check(jsonb) to authenticated, service_role;

create trigger threat_zone_scenarios_write before insert or update on public.threat_zone_scenarios
  for each row execute function app.threat_scenario_write();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('threat_zone_scenarios', 'name', 'text', '情景名称', true, 1, 100);
insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('threat_zone_scenarios', 'inputs', 'json', '情景输入', 4000);
select app.install_input_limits('threat_zone_scenarios');

alter table public.threat_zone_scenarios enable row level security;
revoke all on public.threat_zone_scenarios from anon;
grant select, insert, update, delete on public.threat_zone_scenarios to authenticated;

create policy threat_zone_scenarios_read on public.threat_zone_scenarios for select to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) in ('command', 'planner', 'regulator', 'enterprise') and owner_id = (select auth.uid()))
    or (shared and (select app.user_role()) in ('command', 'planner', 'regulator') and enterprise_id is null)
    or (shared and (select app.user_role()) = 'enterprise' and enterprise_id = (select app.enterprise_id())));

create policy threat_zone_scenarios_insert on public.threat_zone_scenarios for insert to authenticated
  with check ((select app.user_role()) in ('admin', 'service', 'command', 'planner', 'regulator', 'enterprise'));

create policy threat_zone_scenarios_update on public.threat_zone_scenarios for update to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) in ('command', 'planner', 'regulator', 'enterprise') and owner_id = (select auth.uid())))
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) in ('command', 'planner', 'regulator', 'enterprise') and owner_id = (select auth.uid())));

create policy threat_zone_scenarios_delete on public.threat_zone_scenarios for delete to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) in ('command', 'planner', 'regulator', 'enterprise') and owner_id = (select auth.uid())));
