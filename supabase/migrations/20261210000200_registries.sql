-- Registries behind command (issue 18, second slice): emergency plans (预案) with filing (备案) and
-- drills, the expert pool, rescue teams and material stockpiles at depots, and the nearest depots
-- holding a material.
--
--   emergency_plans      level 综合/专项/现场处置, owner (an enterprise or a department), filed date,
--                        last drill, next evaluation. emergency_plan_list flags overdue drills
--                        (应急预案管理办法: 综合/专项 yearly, 现场处置 every 6 months; units holding a
--                        hazard source every 6 months) and overdue evaluations; emergency_plan_filing_rate
--                        gives 备案率 per area.
--   emergency_experts    specialty, area, organisation; the phone in emergency_expert_contacts
--                        (those who dispatch: admins, the command centre, regulators), never public;
--                        emergency_expert_list flags a record not verified for 12 months.
--   rescue_teams         type, headcount, equipment, base location; the on-duty phone in
--                        rescue_team_contacts (those who dispatch), never public; nearest_rescue_teams.
--   material_stockpiles  what an emergency resource (a depot, and what teams, stations, hospitals and
--                        shelters keep) holds: material, quantity, unit,
--                        expiry; material_stockpile_list flags lots expiring within 30 days;
--                        nearest_stockpiles(lon, lat, material, n) ranks depots holding it by
--                        geodesic distance (KNN on the resources' geography index).
-- Nothing here is for the public (anon holds no privilege on these tables, views or functions).

-- 1. Emergency plans -----------------------------------------------------------------------------

create table public.emergency_plans (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 2 and 200),
  level text not null constraint emergency_plans_level_known check (level in ('comprehensive', 'special', 'on_site')),
  owner_enterprise_id uuid references public.enterprises(id) on delete cascade,
  owner_department text check (length(owner_department) <= 200),
  area_code text not null references public.areas(code),
  filed_on date,
  filing_no text check (length(filing_no) <= 100),
  last_drill_on date,
  next_evaluation_on date,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint emergency_plans_has_owner check (owner_enterprise_id is not null or owner_department is not null)
);

create index emergency_plans_area_idx on public.emergency_plans (area_code text_pattern_ops);
create index emergency_plans_enterprise_idx on public.emergency_plans (owner_enterprise_id);
create index emergency_plans_updated_idx on public.emergency_plans (updated_at);

-- An enterprise's plan lies in the enterprise's area (who supervises it); dates are not in the future.
create or replace function app.emergency_plan_write() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- (under the caller's row rules: an enterprise it cannot see leaves the given area to the policies)
  if new.owner_enterprise_id is not null then
    new.area_code := coalesce((select e.area_code from public.enterprises e where e.id = new.owner_enterprise_id), new.area_code);
  end if;
  if new.area_code is null then
    perform app.refuse_input('emergency_plans.area_code', '所在区域', '必填（部门预案须给出区域）', 'is required (a department''s plan names its area)');
  end if;
  if new.filed_on > current_date then
    perform app.refuse_input('emergency_plans.filed_on', '备案日期', '不能晚于今天', 'must not be in the future');
  end if;
  if new.last_drill_on > current_date then
    perform app.refuse_input('emergency_plans.last_drill_on', '最近演练日期', '不能晚于今天', 'must not be in the future');
  end if;
  return new;
end
$$;

create trigger emergency_plans_write before insert or update on public.emergency_plans
  for each row execute function app.emergency_plan_write();

create trigger emergency_plans_touch before update on public.emergency_plans
  for each row execute function app.touch_updated_at();

alter table public.emergency_plans enable row level security;
revoke all on public.emergency_plans from anon;

create policy emergency_plans_read on public.emergency_plans for select to authenticated
  using ((select app.reads_all())
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[]))
    or ((select app.user_role()) = 'enterprise' and owner_enterprise_id = (select app.enterprise_id())));

create policy emergency_plans_insert on public.emergency_plans for insert to authenticated
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[]))
    or ((select app.user_role()) = 'enterprise' and owner_enterprise_id = (select app.enterprise_id())));

create policy emergency_plans_update on public.emergency_plans for update to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[]))
    or ((select app.user_role()) = 'enterprise' and owner_enterprise_id = (select app.enterprise_id())))
  with check ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[]))
    or ((select app.user_role()) = 'enterprise' and owner_enterprise_id = (select app.enterprise_id())));

create policy emergency_plans_delete on public.emergency_plans for delete to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])));

-- Months between drills: 现场处置方案 and plans of units holding a hazard source every 6 months,
-- other 综合/专项 plans yearly (应急预案管理办法; DOMAIN.md).
create or replace function app.plan_drill_months(level text, owner uuid) returns int
language sql stable
security definer
set search_path = ''
as $$
  select case when level = 'on_site'
    or exists (select 1 from public.hazard_sources h where h.enterprise_id = owner) then 6 else 12 end
$$;

grant execute on function app.plan_drill_months(text, uuid) to authenticated, service_role;

create view public.emergency_plan_list with (security_invoker = true) as
select p.id, p.name, p.level, p.owner_enterprise_id, p.owner_department, p.area_code, p.filed_on, p.filing_no,
  p.last_drill_on, p.next_evaluation_on, p.is_demo, p.updated_at,
  p.filed_on is not null as filed,
  app.plan_drill_months(p.level, p.owner_enterprise_id) as drill_interval_months,
  (p.last_drill_on + make_interval(months => app.plan_drill_months(p.level, p.owner_enterprise_id)))::date as drill_due_on,
  coalesce(p.last_drill_on + make_interval(months => app.plan_drill_months(p.level, p.owner_enterprise_id)) < current_date, true) as drill_overdue,
  coalesce(p.next_evaluation_on < current_date, false) as evaluation_overdue
from public.emergency_plans p;

revoke all on public.emergency_plan_list from anon;
revoke insert, update, delete, truncate on public.emergency_plan_list from authenticated, service_role;
grant select on public.emergency_plan_list to authenticated, service_role;

-- 备案率 per area (the caller's rows only): plans, filed, rate, overdue drills and evaluations.
create or replace function public.emergency_plan_filing_rate(level text default 'district')
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_staff('emergency_plan_filing_rate');
  if level is null or level not in ('city', 'district', 'street') then
    raise exception 'level must be city, district or street (got %) (区域层级无效)', coalesce(level, 'null') using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(x order by x ->> 'code'), '[]') into result from (
    select jsonb_build_object('code', a.code, 'name', a.name,
      'plans', count(p.id),
      'filed', count(p.id) filter (where p.filed),
      'filing_rate', round(count(p.id) filter (where p.filed)::numeric / nullif(count(p.id), 0), 4),
      'drill_overdue', count(p.id) filter (where p.drill_overdue),
      'evaluation_overdue', count(p.id) filter (where p.evaluation_overdue)) as x
    from public.areas a
    left join public.emergency_plan_list p on p.area_code like app.code_prefix(a.code) || '%'
    where a.level = emergency_plan_filing_rate.level::public.area_level
    group by a.code, a.name) s;
  return result;
end
$$;

revoke execute on function public.emergency_plan_filing_rate(text) from public, anon;
grant execute on function public.emergency_plan_filing_rate(text) to authenticated, service_role;

-- 2. Experts -------------------------------------------------------------------------------------

create table public.emergency_experts (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 2 and 100),
  specialty text not null constraint emergency_experts_specialty_known check (specialty in
    ('hazardous_chemicals', 'fire', 'mining', 'special_equipment', 'medical', 'construction', 'electrical', 'environment', 'other')),
  organisation text check (length(organisation) <= 200),
  title text check (length(title) <= 100),
  area_code text not null references public.areas(code),
  last_verified_on date,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index emergency_experts_area_idx on public.emergency_experts (area_code text_pattern_ops);
create index emergency_experts_specialty_idx on public.emergency_experts (specialty);

create trigger emergency_experts_touch before update on public.emergency_experts
  for each row execute function app.touch_updated_at();

-- Phones: a table of their own (as duty phones): PostgREST uses one database role for every app role.
create table public.emergency_expert_contacts (
  expert_id uuid primary key references public.emergency_experts(id) on delete cascade,
  phone text not null check (phone ~ '^[0-9+\- ]{3,20}$'),
  updated_at timestamptz not null default now()
);

create trigger emergency_expert_contacts_touch before update on public.emergency_expert_contacts
  for each row execute function app.touch_updated_at();

alter table public.emergency_experts enable row level security;
alter table public.emergency_expert_contacts enable row level security;
revoke all on public.emergency_experts, public.emergency_expert_contacts from anon;

-- Government staff read the pool; an enterprise calls through the command centre.
create policy emergency_experts_read on public.emergency_experts for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service'));

create policy emergency_experts_insert on public.emergency_experts for insert to authenticated
  with check (app.may_write(area_code, null, false));

create policy emergency_experts_update on public.emergency_experts for update to authenticated
  using (app.may_write(area_code, null, false)) with check (app.may_write(area_code, null, false));

create policy emergency_experts_delete on public.emergency_experts for delete to authenticated
  using (app.may_write(area_code, null, false));

create policy emergency_expert_contacts_read on public.emergency_expert_contacts for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'regulator', 'service'));

create policy emergency_expert_contacts_write on public.emergency_expert_contacts for all to authenticated
  using (exists (select 1 from public.emergency_experts x where x.id = expert_id and app.may_write(x.area_code, null, false)))
  with check (exists (select 1 from public.emergency_experts x where x.id = expert_id and app.may_write(x.area_code, null, false)));

-- The phone of an expert when the caller may read it (the contacts table's rule).
create or replace function app.expert_phone_of(expert uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select c.phone from public.emergency_expert_contacts c
  where c.expert_id = expert and (select app.user_role()) in ('admin', 'command', 'regulator', 'service')
$$;

grant execute on function app.expert_phone_of(uuid) to authenticated, service_role;

create view public.emergency_expert_list with (security_invoker = true) as
select x.id, x.name, x.specialty, x.organisation, x.title, x.area_code, x.last_verified_on, x.is_demo, x.updated_at,
  app.expert_phone_of(x.id) as phone,
  coalesce(x.last_verified_on < (current_date - interval '12 months')::date, true) as stale
from public.emergency_experts x;

revoke all on public.emergency_expert_list from anon;
revoke insert, update, delete, truncate on public.emergency_expert_list from authenticated, service_role;
grant select on public.emergency_expert_list to authenticated, service_role;

-- 3. Rescue teams --------------------------------------------------------------------------------

-- A team with its base location (a point like the emergency resources, area derived from it); the
-- on-duty phone in rescue_team_contacts (those who dispatch), never public. resource_id links the
-- team to its map resource when there is one.
create table public.rescue_teams (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 2 and 200),
  team_type text not null constraint rescue_teams_type_known check (team_type in
    ('hazmat', 'mine', 'fire', 'water', 'medical', 'comprehensive', 'enterprise')),
  headcount int not null check (headcount between 0 and 100000),
  equipment text check (length(equipment) <= 2000),
  location extensions.geometry(Point, 4326) not null,
  area_code text references public.areas(code),
  resource_id uuid references public.emergency_resources(id) on delete set null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index rescue_teams_location_geog_idx on public.rescue_teams using gist ((location::extensions.geography));
create index rescue_teams_area_idx on public.rescue_teams (area_code text_pattern_ops);

create trigger rescue_teams_write before insert or update on public.rescue_teams
  for each row execute function app.before_write_point();

create table public.rescue_team_contacts (
  team_id uuid primary key references public.rescue_teams(id) on delete cascade,
  duty_phone text not null check (duty_phone ~ '^[0-9+\- ]{3,20}$'),
  updated_at timestamptz not null default now()
);

create trigger rescue_team_contacts_touch before update on public.rescue_team_contacts
  for each row execute function app.touch_updated_at();

alter table public.rescue_teams enable row level security;
alter table public.rescue_team_contacts enable row level security;
revoke all on public.rescue_teams, public.rescue_team_contacts from anon;

-- As the emergency resources: staff read them (an enterprise within 5 km of its sites), admins and
-- the area's regulators write.
create policy rescue_teams_read on public.rescue_teams for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
    or ((select app.user_role()) = 'enterprise' and exists (select 1 from app.enterprise_sites s
      where extensions.st_dwithin(location::extensions.geography, s.g, 5000))));

create policy rescue_teams_insert on public.rescue_teams for insert to authenticated
  with check (app.may_write(area_code, null, false));

create policy rescue_teams_update on public.rescue_teams for update to authenticated
  using (app.may_write(area_code, null, false)) with check (app.may_write(area_code, null, false));

create policy rescue_teams_delete on public.rescue_teams for delete to authenticated
  using (app.may_write(area_code, null, false));

create policy rescue_team_contacts_read on public.rescue_team_contacts for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'regulator', 'service'));

create policy rescue_team_contacts_write on public.rescue_team_contacts for all to authenticated
  using (exists (select 1 from public.rescue_teams t where t.id = team_id and app.may_write(t.area_code, null, false)))
  with check (exists (select 1 from public.rescue_teams t where t.id = team_id and app.may_write(t.area_code, null, false)));

create or replace function app.team_phone_of(team uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select c.duty_phone from public.rescue_team_contacts c
  where c.team_id = team and (select app.user_role()) in ('admin', 'command', 'regulator', 'service')
$$;

grant execute on function app.team_phone_of(uuid) to authenticated, service_role;

-- The n rescue teams nearest a point (optionally of one type), by geodesic distance, under the
-- caller's row rules; the duty phone where the caller may read it.
create or replace function public.nearest_rescue_teams(lon float8, lat float8, n int default 5, type text default null)
returns table (rank int, id uuid, name text, team_type text, headcount int, equipment text, duty_phone text,
  distance_m float8, longitude float8, latitude float8)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  p extensions.geography;
  dmax float8;
  tt text := nullif(btrim(nearest_rescue_teams.type), '');
begin
  perform app.require_staff('nearest_rescue_teams');
  if lon is null or lat is null or lon = 'NaN'::float8 or lat = 'NaN'::float8
     or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'the point needs lon in [-180, 180] and lat in [-90, 90] (got %, %) (坐标无效)',
      coalesce(lon::text, 'null'), coalesce(lat::text, 'null') using errcode = '22023';
  end if;
  if n is null or n < 1 or n > 50 then
    raise exception 'n must be from 1 to 50 (got %) (数量须为 1–50)', coalesce(n::text, 'null') using errcode = '22023';
  end if;
  if tt is not null and tt not in ('hazmat', 'mine', 'fire', 'water', 'medical', 'comprehensive', 'enterprise') then
    raise exception 'team_type must be one of hazmat, mine, fire, water, medical, comprehensive, enterprise (got %) (队伍类型无效)', left(tt, 40)
      using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326)::extensions.geography;
  select max(extensions.st_distance(k.location::extensions.geography, p)) into dmax
  from (select t.location from public.rescue_teams t where tt is null or t.team_type = tt
        order by t.location::extensions.geography operator(extensions.<->) p limit n) k;
  if dmax is null then
    return;
  end if;
  return query
  select (row_number() over (order by x.d, x.id))::int, x.id, x.name, x.team_type, x.headcount, x.equipment,
    app.team_phone_of(x.id), round(x.d::numeric, 1)::float8, extensions.st_x(x.location), extensions.st_y(x.location)
  from (select t.*, extensions.st_distance(t.location::extensions.geography, p) as d from public.rescue_teams t
        where (tt is null or t.team_type = tt) and extensions.st_dwithin(t.location::extensions.geography, p, dmax + 0.01)) x
  order by x.d, x.id
  limit n;
end
$$;

revoke execute on function public.nearest_rescue_teams(float8, float8, int, text) from public, anon;
grant execute on function public.nearest_rescue_teams(float8, float8, int, text) to authenticated, service_role;

-- 4. Material stockpiles -------------------------------------------------------------------------

create table public.material_stockpiles (
  id uuid primary key default gen_random_uuid(),
  resource_id uuid not null references public.emergency_resources(id) on delete cascade,
  material text not null check (length(btrim(material)) between 1 and 100),
  quantity numeric not null check (quantity >= 0),
  unit text not null check (length(btrim(unit)) between 1 and 20),
  expires_on date,
  is_demo boolean not null default false,
  updated_at timestamptz not null default now(),
  -- one lot per depot, material and expiry
  constraint material_stockpiles_one_lot unique (resource_id, material, expires_on)
);

create index material_stockpiles_material_idx on public.material_stockpiles (material, resource_id);
create index material_stockpiles_expiry_idx on public.material_stockpiles (expires_on);

create trigger material_stockpiles_touch before update on public.material_stockpiles
  for each row execute function app.touch_updated_at();

-- Names and units compared as written once: spaces collapsed (a depot's 防化服 is the search's 防化服).
create or replace function app.material_stockpile_clean() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.material := app.clean_text(new.material);
  new.unit := app.clean_text(new.unit);
  return new;
end
$$;

create trigger material_stockpiles_clean before insert or update on public.material_stockpiles
  for each row execute function app.material_stockpile_clean();

alter table public.material_stockpiles enable row level security;
revoke all on public.material_stockpiles from anon;

create policy material_stockpiles_read on public.material_stockpiles for select to authenticated
  using (exists (select 1 from public.emergency_resources r where r.id = resource_id));

create policy material_stockpiles_write on public.material_stockpiles for all to authenticated
  using (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)))
  with check (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)));

create view public.material_stockpile_list with (security_invoker = true) as
select s.id, s.resource_id, r.name as resource_name, r.area_code, s.material, s.quantity, s.unit, s.expires_on, s.is_demo, s.updated_at,
  coalesce(s.expires_on < current_date, false) as expired,
  coalesce(s.expires_on between current_date and current_date + 30, false) as expiring_soon
from public.material_stockpiles s
join public.emergency_resources r on r.id = s.resource_id;

revoke all on public.material_stockpile_list from anon;
revoke insert, update, delete, truncate on public.material_stockpile_list from authenticated, service_role;
grant select on public.material_stockpile_list to authenticated, service_role;

-- The n depots holding a material (unexpired, quantity > 0), nearest first by geodesic distance.
-- Security invoker: the caller's row rules decide which depots exist (an enterprise: within 5 km
-- of its sites). KNN on emergency_resources' geography index finds the n-th distance, then the
-- exact spheroidal distance orders them (as nearest_emergency_resources does).
create or replace function public.nearest_stockpiles(lon float8, lat float8, material text, n int default 5)
returns table (rank int, resource_id uuid, name text, distance_m float8, quantity numeric, unit text,
  expires_on date, expiring_soon boolean, longitude float8, latitude float8)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  p extensions.geography;
  m text := app.clean_text(material);
  dmax float8;
begin
  perform app.require_staff('nearest_stockpiles');
  if lon is null or lat is null or lon = 'NaN'::float8 or lat = 'NaN'::float8
     or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'the point needs lon in [-180, 180] and lat in [-90, 90] (got %, %) (坐标无效)',
      coalesce(lon::text, 'null'), coalesce(lat::text, 'null') using errcode = '22023';
  end if;
  if n is null or n < 1 or n > 50 then
    raise exception 'n must be from 1 to 50 (got %) (数量须为 1–50)', coalesce(n::text, 'null') using errcode = '22023';
  end if;
  if m = '' or length(m) > 100 then
    raise exception 'material: required, at most 100 characters (物资名称必填)' using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326)::extensions.geography;

  select max(extensions.st_distance(k.location::extensions.geography, p)) into dmax
  from (select r.location from public.emergency_resources r
        where exists (select 1 from public.material_stockpiles s where s.resource_id = r.id and s.material = m
                      and s.quantity > 0 and (s.expires_on is null or s.expires_on >= current_date))
        order by r.location::extensions.geography operator(extensions.<->) p
        limit n) k;
  if dmax is null then
    return;
  end if;

  return query
  select (row_number() over (order by x.d, x.id))::int, x.id, x.name, round(x.d::numeric, 1)::float8, x.q, x.u, x.e,
    coalesce(x.e <= current_date + 30, false), extensions.st_x(x.location), extensions.st_y(x.location)
  from (
    select r.id, r.name, r.location, extensions.st_distance(r.location::extensions.geography, p) as d, s.q, s.u, s.e
    from public.emergency_resources r
    cross join lateral (
      select sum(s.quantity) as q, min(s.unit) as u, min(s.expires_on) as e
      from public.material_stockpiles s
      where s.resource_id = r.id and s.material = m and s.quantity > 0 and (s.expires_on is null or s.expires_on >= current_date)
    ) s
    where s.q is not null
      and extensions.st_dwithin(r.location::extensions.geography, p, dmax + 0.01)
  ) x
  order by x.d, x.id
  limit n;
end
$$;

revoke execute on function public.nearest_stockpiles(float8, float8, text, int) from public, anon;
grant execute on function public.nearest_stockpiles(float8, float8, text, int) to authenticated, service_role;

-- 5. Input limits --------------------------------------------------------------------------------

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('emergency_plans', 'name', 'text', '预案名称', true, 2, 200),
  ('emergency_plans', 'owner_department', 'text', '编制部门', false, null, 200),
  ('emergency_plans', 'filing_no', 'text', '备案编号', false, null, 100),
  ('emergency_experts', 'name', 'text', '专家姓名', true, 2, 100),
  ('emergency_experts', 'organisation', 'text', '工作单位', false, null, 200),
  ('emergency_experts', 'title', 'text', '职称', false, null, 100),
  ('rescue_teams', 'name', 'text', '队伍名称', true, 2, 200),
  ('rescue_teams', 'equipment', 'text', '主要装备', false, null, 2000),
  ('material_stockpiles', 'material', 'text', '物资名称', true, null, 100),
  ('material_stockpiles', 'unit', 'text', '计量单位', true, null, 20);

insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('rescue_teams', 'headcount', 'number', '队员人数', 0, 100000),
  ('material_stockpiles', 'quantity', 'number', '数量', 0, 1000000000);

insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('emergency_plans', 'level', 'pattern', '预案级别', '^(comprehensive|special|on_site)$',
    '须为 comprehensive（综合）、special（专项）或 on_site（现场处置）', 'must be comprehensive, special or on_site'),
  ('emergency_experts', 'specialty', 'pattern', '专业领域',
    '^(hazardous_chemicals|fire|mining|special_equipment|medical|construction|electrical|environment|other)$',
    '须为 hazardous_chemicals、fire、mining、special_equipment、medical、construction、electrical、environment 或 other',
    'must be one of hazardous_chemicals, fire, mining, special_equipment, medical, construction, electrical, environment, other'),
  ('emergency_expert_contacts', 'phone', 'pattern', '联系电话', '^[0-9+\- ]{3,20}$',
    '须为 3–20 位数字、空格、+ 或 -', 'must be 3 to 20 digits, spaces, + or -'),
  ('rescue_teams', 'team_type', 'pattern', '队伍类型', '^(hazmat|mine|fire|water|medical|comprehensive|enterprise)$',
    '须为 hazmat、mine、fire、water、medical、comprehensive 或 enterprise', 'must be one of hazmat, mine, fire, water, medical, comprehensive, enterprise');

insert into app.input_limits (relation, col, kind, label_zh, ref_table, ref_col) values
  ('emergency_plans', 'area_code', 'ref', '所在区域', 'areas', 'code'),
  ('emergency_experts', 'area_code', 'ref', '所在区域', 'areas', 'code');

select app.install_input_limits(r) from (values ('emergency_plans'), ('emergency_experts'), ('emergency_expert_contacts'),
  ('rescue_teams'), ('rescue_team_contacts'), ('material_stockpiles')) t(r);
