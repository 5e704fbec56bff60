-- Experts and rescue teams saved with their staff-only phone in one transaction (issue 18, the 专家
-- and 救援队伍 forms of #/registries).
--
-- Until now the team form saved the team, then its on-duty phone in a second request: a refused phone
-- left the team saved without one. save_rescue_team(team, phone) and save_emergency_expert(expert,
-- phone) write the row and its phone (or remove it when phone is null or blank) in one call, so one
-- statement and one transaction: whatever is refused, nothing is written. Both are SECURITY INVOKER:
-- the caller's row rules apply unchanged (rescue_teams / emergency_experts: admins, the service role,
-- regulators in their area; the contacts tables: those who may write the row), and so do the input
-- limits and the base-location trigger. The row is given as the table's JSON (as PostgREST would take
-- it); with an "id" it is an update of that row, which the caller must be allowed to change.
--
-- mark_expert_verified(expert) records that an expert's details were checked today (the regulator
-- phoned them): last_verified_on := current_date, under the same rules.
--
-- emergency_experts.last_verified_on had no bounds: now not in the future and not before 1990 (the
-- form's rule too).

create or replace function app.emergency_expert_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.last_verified_on > current_date then
    perform app.refuse_input('emergency_experts.last_verified_on', '最近核实日期', '不能晚于今天', 'must not be in the future');
  end if;
  if new.last_verified_on < date '1990-01-01' then
    perform app.refuse_input('emergency_experts.last_verified_on', '最近核实日期', '不能早于 1990-01-01', 'must not be before 1990-01-01');
  end if;
  return new;
end
$$;

create trigger emergency_experts_write_guard before insert or update on public.emergency_experts
  for each row execute function app.emergency_expert_guard();

-- The JSON object a save takes: an object, not too large, with known keys only.
create or replace function app.registry_save_input(arg text, label text, v jsonb, allowed text[]) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  unknown text;
begin
  if v is null or jsonb_typeof(v) <> 'object' then
    perform app.refuse_input(arg, label, '必填，须为 JSON 对象', 'is required, as a JSON object');
  end if;
  if length(v::text) > 20000 then
    perform app.refuse_input(arg, label, '不能超过 20000 个字符', 'must be at most 20,000 characters');
  end if;
  select string_agg(k, ', ' order by k) into unknown from jsonb_object_keys(v) k where k <> all (allowed);
  if unknown is not null then
    perform app.refuse_input(arg, label, '含有不能写入的字段：' || left(unknown, 200), 'has fields that cannot be written: ' || left(unknown, 200));
  end if;
end
$$;

create or replace function public.save_rescue_team(team jsonb, phone text default null) returns uuid
language plpgsql volatile
security invoker
set search_path = ''
as $$
declare
  r public.rescue_teams;
  saved uuid;
begin
  perform app.registry_save_input('team', '救援队伍', team, array['id', 'name', 'team_type', 'headcount', 'equipment', 'location']);
  r := jsonb_populate_record(null::public.rescue_teams, team);
  if r.id is null then
    insert into public.rescue_teams (name, team_type, headcount, equipment, location)
    values (r.name, r.team_type, r.headcount, r.equipment, r.location)
    returning id into saved;
  else
    update public.rescue_teams
    set name = r.name, team_type = r.team_type, headcount = r.headcount, equipment = r.equipment, location = r.location
    where id = r.id
    returning id into saved;
    if saved is null then
      raise exception '无权修改该救援队伍（或记录已不存在） / not allowed to change this rescue team (or it no longer exists)'
        using errcode = '42501', detail = 'rescue_teams: no row the caller may change has id ' || r.id;
    end if;
  end if;
  if nullif(btrim(phone), '') is null then
    delete from public.rescue_team_contacts where team_id = saved;
  else
    insert into public.rescue_team_contacts (team_id, duty_phone) values (saved, btrim(phone))
    on conflict (team_id) do update set duty_phone = excluded.duty_phone;
  end if;
  return saved;
end
$$;

create or replace function public.save_emergency_expert(expert jsonb, phone text default null) returns uuid
language plpgsql volatile
security invoker
set search_path = ''
as $$
declare
  r public.emergency_experts;
  saved uuid;
begin
  perform app.registry_save_input('expert', '专家', expert,
    array['id', 'name', 'specialty', 'organisation', 'title', 'area_code', 'last_verified_on']);
  r := jsonb_populate_record(null::public.emergency_experts, expert);
  if r.id is null then
    insert into public.emergency_experts (name, specialty, organisation, title, area_code, last_verified_on)
    values (r.name, r.specialty, r.organisation, r.title, r.area_code, r.last_verified_on)
    returning id into saved;
  else
    update public.emergency_experts
    set name = r.name, specialty = r.specialty, organisation = r.organisation, title = r.title,
      area_code = r.area_code, last_verified_on = r.last_verified_on
    where id = r.id
    returning id into saved;
    if saved is null then
      raise exception '无权修改该专家（或记录已不存在） / not allowed to change this expert (or it no longer exists)'
        using errcode = '42501', detail = 'emergency_experts: no row the caller may change has id ' || r.id;
    end if;
  end if;
  if nullif(btrim(phone), '') is null then
    delete from public.emergency_expert_contacts where expert_id = saved;
  else
    insert into public.emergency_expert_contacts (expert_id, phone) values (saved, btrim(phone))
    on conflict (expert_id) do update set phone = excluded.phone;
  end if;
  return saved;
end
$$;

create or replace function public.mark_expert_verified(expert uuid) returns date
language plpgsql volatile
security invoker
set search_path = ''
as $$
declare
  d date;
begin
  if expert is null then
    perform app.refuse_input('expert', '专家', '必填', 'is required');
  end if;
  update public.emergency_experts set last_verified_on = current_date where id = expert returning last_verified_on into d;
  if d is null then
    raise exception '无权修改该专家（或记录已不存在） / not allowed to change this expert (or it no longer exists)'
      using errcode = '42501', detail = 'emergency_experts: no row the caller may change has id ' || expert;
  end if;
  return d;
end
$$;

revoke execute on function public.save_rescue_team(jsonb, text), public.save_emergency_expert(jsonb, text),
  public.mark_expert_verified(uuid) from public, anon;
grant execute on function public.save_rescue_team(jsonb, text), public.save_emergency_expert(jsonb, text),
  public.mark_expert_verified(uuid) to authenticated, service_role;
