-- Access scoping beyond the row rules: who may rewrite a finding, duty phones, the configuration
-- tables, and where an enterprise may place its sites.
--
-- Finding integrity.
-- Inspection findings belong to the inspector. An enterprise adds rectification evidence through
-- transition_hidden_danger(), but never rewrites what an inspection (or a member of the public)
-- found: title, description, location, source. Any content edit that is allowed appends an
-- 'edited' event with the old and the new text, so the record shows what it said before.

-- Every content edit leaves an event with the old and the new values, whoever made it (API roles,
-- the service role, maintenance). Security definer: the event table is written by no API role.
create or replace function app.hidden_danger_edited() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  changes jsonb := '{}';
begin
  if new.title is distinct from old.title then
    changes := changes || jsonb_build_object('title', jsonb_build_object('old', old.title, 'new', new.title));
  end if;
  if new.description is distinct from old.description then
    changes := changes || jsonb_build_object('description', jsonb_build_object('old', old.description, 'new', new.description));
  end if;
  if extensions.st_asewkb(new.location) is distinct from extensions.st_asewkb(old.location) then
    changes := changes || jsonb_build_object('location', jsonb_build_object(
      'old', extensions.st_asgeojson(old.location, 7)::jsonb, 'new', extensions.st_asgeojson(new.location, 7)::jsonb));
  end if;
  if new.area_code is distinct from old.area_code then
    changes := changes || jsonb_build_object('area_code', jsonb_build_object('old', old.area_code, 'new', new.area_code));
  end if;
  if changes <> '{}' then
    perform app.record_event(new.id, old.status, new.status, 'edited', null, jsonb_build_object('changes', changes));
  end if;
  return null;
end
$$;

revoke execute on function app.hidden_danger_edited() from public, anon, authenticated;

create trigger hidden_dangers_edited after update on public.hidden_dangers
  for each row execute function app.hidden_danger_edited();

  -- 5 km: DOMAIN.md
revoke all on app.enterprise_sites, app.enterprise_nearby_targets, app.enterprise_nearby_resources from public, anon;

grant select on app.enterprise_sites, app.enterprise_nearby_targets, app.enterprise_nearby_resources to authenticated, service_role;

create policy protective_targets_read on public.protective_targets for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
    or ((select app.user_role()) = 'enterprise' and id in (select n.id from app.enterprise_nearby_targets n)));

create policy emergency_resources_read on public.emergency_resources for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service')
    or ((select app.user_role()) = 'enterprise' and id in (select n.id from app.enterprise_nearby_resources n)));

-- Duty phones: PostgREST uses one database role for every app role, so a column cannot be
-- hidden from some app roles by grants. The phones move to a table of their own with its own
-- RLS: admins, the command centre and regulators (who dispatch) read them; planners,
-- enterprises and the public do not.
create table public.emergency_resource_contacts (
  resource_id uuid primary key
    references public.emergency_resources(id) on delete cascade deferrable initially deferred,
  duty_phone text not null check (duty_phone ~ '^[0-9+\- ]{3,20}$'),
  updated_at timestamptz not null default now()
);

create trigger emergency_resource_contacts_touch before update on public.emergency_resource_contacts
  for each row execute function app.touch_updated_at();

alter table public.emergency_resource_contacts enable row level security;

revoke all on public.emergency_resource_contacts from anon;

create policy emergency_resource_contacts_read on public.emergency_resource_contacts for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'regulator', 'service'));

create policy emergency_resource_contacts_write on public.emergency_resource_contacts for all to authenticated
  using (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)))
  with check (exists (select 1 from public.emergency_resources r where r.id = resource_id and app.may_write(r.area_code, null, false)));

comment on column public.emergency_resources.duty_phone is
  'Write-only: a phone written here moves to emergency_resource_contacts (RLS: admin, command, regulator); always null when read.';

-- Writers (imports, the demo loader, old clients) may still send duty_phone with the resource:
-- it is moved to the contacts table in the same statement. The FK is deferred because the
-- resource row does not exist yet in a BEFORE INSERT trigger. Definer: the writer may write
-- the resource, and the contact follows it.
create or replace function app.emergency_resource_phone() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.duty_phone is not null then
    if new.duty_phone !~ '^[0-9+\- ]{3,20}$' then
      raise exception 'duty_phone must be 3 to 20 digits, spaces, + or - (got %)', new.duty_phone using errcode = '23514';
    end if;
    insert into public.emergency_resource_contacts (resource_id, duty_phone) values (new.id, new.duty_phone)
    on conflict (resource_id) do update set duty_phone = excluded.duty_phone;
    new.duty_phone := null;
  end if;
  return new;
end
$$;

revoke execute on function app.emergency_resource_phone() from public, anon, authenticated;

create trigger emergency_resources_phone before insert or update of duty_phone on public.emergency_resources
  for each row execute function app.emergency_resource_phone();

-- The duty phone of a resource when the caller may read it (the contacts table's rule).
create or replace function app.duty_phone_of(resource uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select c.duty_phone from public.emergency_resource_contacts c
  where c.resource_id = resource and (select app.user_role()) in ('admin', 'command', 'regulator', 'service')
$$;

grant execute on function app.duty_phone_of(uuid) to authenticated, service_role;

-- The configuration tables.
-- Admins (and the service role) edit the bands and settings the grading uses; nobody else
-- writes them. Every edit is logged append-only (who, when, table, old, new), readable by
-- government staff, and re-grades what depends on it in the same transaction: risk points'
-- levels from the bands (an UPDATE that fires the grading trigger) and hazard sources' α and
-- grade (app.regrade_hazard_source: called, not copied).

create table public.config_changes (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_role text not null,
  actor_email text,
  table_name text not null,
  operation text not null check (operation in ('insert', 'update', 'delete')),
  old jsonb,
  new jsonb
);

create index config_changes_at_idx on public.config_changes (at);

alter table public.config_changes enable row level security;

revoke all on public.config_changes from anon;

revoke insert, update, delete, truncate on public.config_changes from authenticated, service_role;

grant select on public.config_changes to authenticated, service_role;

-- Government staff read the log; enterprises and the public do not (it names staff).
create policy config_changes_read on public.config_changes for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'planner', 'regulator', 'service'));

create trigger config_changes_no_update before update or delete on public.config_changes
  for each row execute function app.refuse_change(
    'the configuration change log is append-only: %s is not allowed', 'Change the configuration again; that is logged too.');

create trigger config_changes_no_truncate before truncate on public.config_changes
  for each statement execute function app.refuse_change(
    'the configuration change log is append-only: %s is not allowed', 'Change the configuration again; that is logged too.');

-- One row per changed row, as the change happens.
create or replace function app.log_config_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.config_changes (actor_id, actor_role, actor_email, table_name, operation, old, new)
  values (case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end, a ->> 'role', a ->> 'email',
    tg_table_name, lower(tg_op),
    case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end,
    case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end);
  return null;
end
$$;

revoke execute on function app.log_config_change() from public, anon, authenticated;

-- After each statement: the configuration must still make sense (else the re-grade below
-- would fail on a raw constraint), then everything that depends on it is re-graded.
create or replace function app.config_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  bad text;
  n int;
begin
  if tg_table_name = 'risk_level_bands' then
    select m into bad from (values ('lec'), ('matrix')) v(m)
    where (select count(distinct b.level) from public.risk_level_bands b where b.method = v.m) <> 4
       or not exists (select 1 from public.risk_level_bands b where b.method = v.m and b.level = 4 and b.min_score = 0)
       or exists (select 1 from public.risk_level_bands b1 join public.risk_level_bands b2 on b2.method = b1.method
                  where b1.method = v.m and b1.level < b2.level and b1.min_score <= b2.min_score)
    limit 1;
    if bad is not null then
      raise exception 'risk_level_bands: method % needs one band per level 1–4, level 4 starting at min_score 0 and higher levels at higher min_score', bad
        using errcode = '23514';
    end if;
    -- Only the points whose level the new bands change; the trigger re-derives it (and the
    -- level-change log records it).
    update public.risk_points r set level = r.level
    where r.level is distinct from app.level_for_score(r.method::text, r.score);
  elsif tg_table_name = 'lec_factor_values' then
    select count(*) into n from public.risk_points r
    where r.method = 'lec' and (
      not exists (select 1 from public.lec_factor_values f where f.factor = 'L' and f.value = r.lec_l)
      or not exists (select 1 from public.lec_factor_values f where f.factor = 'E' and f.value = r.lec_e)
      or not exists (select 1 from public.lec_factor_values f where f.factor = 'C' and f.value = r.lec_c));
    if n > 0 then
      raise exception 'lec_factor_values: % risk point(s) use a factor value this change removes; re-assess them first', n
        using errcode = '23503';
    end if;
  elsif tg_table_name = 'major_hazard_alpha_bands' then
    if not exists (select 1 from public.major_hazard_alpha_bands where min_people = 0) then
      raise exception 'major_hazard_alpha_bands: a band starting at min_people 0 is required (α for no people)' using errcode = '23514';
    end if;
    perform app.regrade_hazard_source(h.id) from public.hazard_sources h;
  elsif tg_table_name = 'major_hazard_grade_bands' then
    if (select count(*) from public.major_hazard_grade_bands) <> 4
       or not exists (select 1 from public.major_hazard_grade_bands where grade = 4 and min_r = 0)
       or exists (select 1 from public.major_hazard_grade_bands b1 join public.major_hazard_grade_bands b2
                  on b1.grade < b2.grade and b1.min_r <= b2.min_r) then
      raise exception 'major_hazard_grade_bands: grades 1–4 are required, grade 4 starting at min_r 0 and higher grades at higher min_r'
        using errcode = '23514';
    end if;
    perform app.regrade_hazard_source(h.id) from public.hazard_sources h where h.is_major;
  elsif tg_table_name = 'major_hazard_settings' then
    perform app.regrade_hazard_source(h.id) from public.hazard_sources h;
  end if;
  return null;
end
$$;

revoke execute on function app.config_changed() from public, anon, authenticated;

do $$
declare
  t text;
begin
  foreach t in array array['risk_level_bands', 'lec_factor_values', 'major_hazard_alpha_bands',
    'major_hazard_grade_bands', 'major_hazard_settings', 'public_report_settings', 'individual_risk_criteria'] loop
    execute format('create trigger %I after insert or update or delete on public.%I for each row execute function app.log_config_change()',
      t || '_log', t);
    execute format('create trigger %I after insert or update or delete on public.%I for each statement execute function app.config_changed()',
      t || '_regrade', t);
    execute format('grant insert, update, delete on public.%I to authenticated', t);
    execute format('create policy %I on public.%I for all to authenticated using ((select app.user_role()) = ''admin'') with check ((select app.user_role()) = ''admin'')',
      t || '_admin_write', t);
  end loop;
end
$$;

-- An enterprise places and moves its own risk points and hazard sources, but only inside its
-- own district. area_code follows the location (app.before_write_point), so moving a point elsewhere would hand it to another district's
-- regulator and out of its own regulator's sight, the same escape the hidden dangers' guard
-- refuses. Regulators and admins may still place rows anywhere their own rules allow.
create or replace function app.enterprise_site_in_own_district() returns trigger
language plpgsql
set search_path = ''  -- invoker: current_user is the API role, and the enterprise reads its own record
as $$
declare
  home text;
begin
  if app.user_role() <> 'enterprise' or current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if tg_op = 'UPDATE' and new.area_code is not distinct from old.area_code then
    return new;
  end if;
  select left(e.area_code, 6) into home from public.enterprises e where e.id = new.enterprise_id;
  if home is null or new.area_code is null or left(new.area_code, 6) <> home then
    raise exception '%: an enterprise places its own % inside its own district (%); this location is in %',
      case when tg_table_name = 'hazard_sources' then 'geom' else 'location' end,
      case when tg_table_name = 'hazard_sources' then 'hazard sources' else 'risk points' end,
      coalesce(home, 'unknown'), coalesce(left(new.area_code, 6), 'no district of this city')
      using errcode = '42501';
  end if;
  return new;
end
$$;

revoke execute on function app.enterprise_site_in_own_district() from public, anon;

grant execute on function app.enterprise_site_in_own_district() to authenticated;

-- Named to fire after risk_points_write / hazard_sources_write, which derive area_code.
create trigger risk_points_zone_guard before insert or update on public.risk_points
  for each row execute function app.enterprise_site_in_own_district();

create trigger hazard_sources_zone_guard before insert or update on public.hazard_sources
  for each row execute function app.enterprise_site_in_own_district();
