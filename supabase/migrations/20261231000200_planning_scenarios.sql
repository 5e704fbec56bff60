-- Named relocation / siting scenarios of the planner (issue 21, "Named scenarios saved in the
-- database and shared with colleagues"): what the scenario tab holds — the hazard source whose
-- distances it starts from, up to three candidate sites A–C (points or drawn plots), the distance
-- per protective-target class (GB 36894 classes; what-if values allowed) and the chemical park
-- being tested. Results are not stored: reopening re-evaluates today's targets (evaluate_site), so
-- a scenario never shows a stale count.
--
-- Who (../shared/DOMAIN.md: "Planners: scenarios for relocation and siting"): government staff
-- only. Planners, regulators and admins save; an author reads, edits and deletes its own; a shared
-- scenario is read by colleagues (admin, command, planner, regulator). Enterprises read none: a
-- scenario names the enterprise whose relocation is being weighed. The author's role at saving is
-- kept so colleagues see 规划部门 / 监管部门, never a staff e-mail (planners may not read those).
--
-- Bounded: name 1–100 characters, note ≤ 500, at most 3 candidates (labels A, B, C, once each;
-- geometry a GeoJSON Point, Polygon or MultiPolygon checked by app.geojson_shape, the candidate
-- list ≤ 60,000 bytes), distances an object of the five classes, each 0–50,000 m, at most 100
-- scenarios per author, (author, name) unique.

create table public.planning_scenarios (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  note text,
  source_id uuid references public.hazard_sources (id) on delete set null,
  park_id uuid references public.chemical_parks (id) on delete set null,
  candidates jsonb not null default '[]',
  distances jsonb not null,
  owner_id uuid not null default auth.uid(),
  owner_role text not null default 'planner' check (owner_role in ('admin', 'planner', 'regulator', 'service')),
  shared boolean not null default false,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint planning_scenarios_unique_name unique (owner_id, name)
);

comment on table public.planning_scenarios is
  'Named planner scenarios (issue 21): source, candidate sites A–C, distances per class, park; re-evaluated on opening. Private or shared with government colleagues.';

create index planning_scenarios_shared on public.planning_scenarios (updated_at desc) where shared;
create index planning_scenarios_source on public.planning_scenarios (source_id) where source_id is not null;

create or replace function app.planning_scenario_check(candidates jsonb, distances jsonb) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  c jsonb;
  i int := 0;
  seen text[] := '{}';
  k text;
  v jsonb;
begin
  if jsonb_typeof(candidates) is distinct from 'array' then
    perform app.refuse_input('planning_scenarios.candidates', '候选点', '须为数组', 'must be an array');
  end if;
  if jsonb_array_length(candidates) > 3 then
    perform app.refuse_input('planning_scenarios.candidates', '候选点', format('最多 3 个（收到 %s 个）', jsonb_array_length(candidates)),
      format('at most 3 (got %s)', jsonb_array_length(candidates)));
  end if;
  for c in select * from jsonb_array_elements(candidates) loop
    i := i + 1;
    if jsonb_typeof(c) is distinct from 'object' or not (c ? 'label') or not (c ? 'geometry') then
      perform app.refuse_input(format('planning_scenarios.candidates[%s]', i), '候选点', '须为 {"label", "geometry"}', 'must be {"label", "geometry"}');
    end if;
    for k in select jsonb_object_keys(c) loop
      if k not in ('label', 'geometry') then
        perform app.refuse_input(format('planning_scenarios.candidates[%s]', i), '候选点', format('含未知字段 %s', left(k, 40)),
          format('has an unknown field %s', left(k, 40)));
      end if;
    end loop;
    if (c ->> 'label') is null or (c ->> 'label') not in ('A', 'B', 'C') or (c ->> 'label') = any (seen) then
      perform app.refuse_input(format('planning_scenarios.candidates[%s].label', i), '候选点编号', '须为 A、B 或 C，且不重复',
        'must be A, B or C, each at most once');
    end if;
    seen := seen || (c ->> 'label');
    perform app.geojson_shape(c -> 'geometry', format('candidates[%s].geometry', i), array['Point', 'Polygon', 'MultiPolygon']);
  end loop;
  if jsonb_typeof(distances) is distinct from 'object' then
    perform app.refuse_input('planning_scenarios.distances', '防护距离', '须为 {"类别": 米} 形式的对象', 'must be an object {"class": metres}');
  end if;
  for k, v in select * from jsonb_each(distances) loop
    if k not in ('high_sensitivity', 'important', 'general_1', 'general_2', 'general_3') then
      perform app.refuse_input('planning_scenarios.distances', '防护距离', format('未知的防护目标类别 %s', left(k, 40)),
        format('unknown protective-target class %s', left(k, 40)));
    end if;
    if jsonb_typeof(v) is distinct from 'number' or (v #>> '{}')::float8 < 0 or (v #>> '{}')::float8 > 50000 then
      perform app.refuse_input('planning_scenarios.distances.' || k, '防护距离', '须为 0–50000 m 的数', 'must be a number from 0 to 50000 m');
    end if;
  end loop;
end
$$;

create or replace function app.planning_scenario_write() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  max_per_owner constant int := 100;
begin
  if auth.uid() is not null then
    if tg_op = 'INSERT' then
      new.owner_id := auth.uid();
      new.owner_role := app.user_role();
    else
      new.owner_id := old.owner_id;
      new.owner_role := old.owner_role;
    end if;
  end if;
  if new.owner_id is null then
    perform app.refuse_input('planning_scenarios.owner_id', '作者', '不能为空', 'is required');
  end if;
  perform app.planning_scenario_check(new.candidates, new.distances);
  if tg_op = 'INSERT' and (select count(*) from public.planning_scenarios s where s.owner_id = new.owner_id) >= max_per_owner then
    perform app.refuse_input('planning_scenarios', '规划方案', format('每人最多 %s 个，请先删除旧方案', max_per_owner),
      format('at most %s per author: delete old ones first', max_per_owner));
  end if;
  if (tg_op = 'INSERT' or new.name is distinct from old.name)
     and exists (select 1 from public.planning_scenarios s where s.owner_id = new.owner_id and s.name = new.name and s.id is distinct from new.id) then
    perform app.refuse_input('planning_scenarios.name', '方案名称', format('已有同名方案“%s”', left(new.name, 100)),
      format('a scenario "%s" already exists', left(new.name, 100)));
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

revoke all on function app.planning_scenario_write() from public, anon, authenticated;
grant execute on function app.planning_scenario_check(jsonb, jsonb) to authenticated, service_role;

create trigger planning_scenarios_write before insert or update on public.planning_scenarios
  for each row execute function app.planning_scenario_write();

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('planning_scenarios', 'name', 'text', '方案名称', true, 1, 100),
  ('planning_scenarios', 'note', 'text', '说明', false, 0, 500);
insert into app.input_limits (relation, col, kind, label_zh, max_len) values
  ('planning_scenarios', 'candidates', 'json', '候选点', 60000),
  ('planning_scenarios', 'distances', 'json', '防护距离', 1000);
select app.install_input_limits('planning_scenarios');

alter table public.planning_scenarios enable row level security;
revoke all on public.planning_scenarios from anon;
grant select, insert, update, delete on public.planning_scenarios to authenticated;
grant all on public.planning_scenarios to service_role;

create policy planning_scenarios_read on public.planning_scenarios for select to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) in ('planner', 'regulator') and owner_id = (select auth.uid()))
    or (shared and (select app.user_role()) in ('command', 'planner', 'regulator')));

create policy planning_scenarios_insert on public.planning_scenarios for insert to authenticated
  with check ((select app.user_role()) in ('admin', 'service', 'planner', 'regulator'));

create policy planning_scenarios_update on public.planning_scenarios for update to authenticated
  using ((select app.user_role()) in ('admin', 'service') or ((select app.user_role()) in ('planner', 'regulator') and owner_id = (select auth.uid())))
  with check ((select app.user_role()) in ('admin', 'service') or ((select app.user_role()) in ('planner', 'regulator') and owner_id = (select auth.uid())));

create policy planning_scenarios_delete on public.planning_scenarios for delete to authenticated
  using ((select app.user_role()) in ('admin', 'service') or ((select app.user_role()) in ('planner', 'regulator') and owner_id = (select auth.uid())));

create policy planning_scenarios_service on public.planning_scenarios for all to service_role using (true) with check (true);
