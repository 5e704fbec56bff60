-- Hidden-danger closed loop (隐患排查、登记、评估、报告、监控、治理、核销全过程记录及闭环管理).
--   reported → registered → rectifying → pending_verification → closed
--   reported → rejected (unfounded);  pending_verification → rectifying (verification failed)
-- One RPC, transition_hidden_danger, carries every change: it checks the transition, the caller's
-- role and scope and the required details, updates the danger and appends an event, in one
-- transaction. API roles cannot change lifecycle columns directly, and events are append-only.

alter table public.hidden_dangers
  add column rectification_measures text check (length(rectification_measures) <= 4000),
  add column responsible_person text check (length(responsible_person) <= 100),
  add column rectification_funds numeric check (rectification_funds >= 0),
  add column rectification_done text check (length(rectification_done) <= 4000),
  add column verified_by text check (length(verified_by) <= 100),
  add column verified_at date;

-- Allowed transitions and who may make them. Configuration in a table so the UI can ask
-- "what may I do here" with the same rules the database enforces.
create table public.hidden_danger_transitions (
  from_status public.hidden_danger_status not null,
  to_status public.hidden_danger_status not null,
  roles text[] not null,
  required_details text[] not null default '{}',
  note_required boolean not null default false,
  label_zh text not null,
  label_en text not null,
  primary key (from_status, to_status)
);
insert into public.hidden_danger_transitions values
  ('reported', 'registered', '{admin,regulator,enterprise}', '{severity}', false, '登记并评估', 'Register and assess'),
  ('reported', 'rejected', '{admin,regulator}', '{}', true, '不予受理（驳回）', 'Reject as unfounded'),
  ('registered', 'rectifying', '{admin,regulator,enterprise}', '{measures,responsible_person,funds,deadline}', false, '制定整改方案', 'Start rectification'),
  ('rectifying', 'pending_verification', '{admin,regulator,enterprise}', '{done}', false, '整改完成，申请验收', 'Request verification'),
  ('pending_verification', 'closed', '{admin,regulator}', '{verifier,verified_at}', false, '验收通过，销号', 'Verify and close'),
  ('pending_verification', 'rectifying', '{admin,regulator}', '{}', true, '验收不通过，退回整改', 'Verification failed');
alter table public.hidden_danger_transitions enable row level security;
create policy hidden_danger_transitions_read on public.hidden_danger_transitions for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.hidden_danger_transitions from anon, authenticated;

create table public.hidden_danger_events (
  id bigint generated always as identity primary key,
  hidden_danger_id uuid not null references public.hidden_dangers(id) on delete restrict,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_role text not null,
  actor_email text,
  from_status public.hidden_danger_status,
  to_status public.hidden_danger_status not null,
  action text not null check (action in ('created', 'transition', 'reassessed')),
  note text check (length(note) <= 4000),
  details jsonb not null default '{}'
);
create index hidden_danger_events_danger_idx on public.hidden_danger_events (hidden_danger_id, at);
create index hidden_danger_events_at_idx on public.hidden_danger_events (at);
alter table public.hidden_danger_events enable row level security;
-- Whoever can see the danger sees its history; nobody writes it but the lifecycle functions.
create policy hidden_danger_events_read on public.hidden_danger_events for select to authenticated
  using (exists (select 1 from public.hidden_dangers d where d.id = hidden_danger_id));
revoke all on public.hidden_danger_events from anon;
revoke insert, update, delete, truncate on public.hidden_danger_events from authenticated, service_role;
grant select on public.hidden_danger_events to authenticated, service_role;

-- History is never edited or deleted, whoever asks (admins and the service role included).
create or replace function app.events_are_append_only() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'hidden-danger history is append-only: % of events is not allowed', lower(tg_op)
    using errcode = '42501', hint = 'Record a new transition instead.';
end
$$;
create trigger hidden_danger_events_no_update before update or delete on public.hidden_danger_events
  for each row execute function app.events_are_append_only();
create trigger hidden_danger_events_no_truncate before truncate on public.hidden_danger_events
  for each statement execute function app.events_are_append_only();
-- A danger with history cannot be deleted either (the FK is ON DELETE RESTRICT); make the
-- enterprise cascade stop there rather than erase records.

create or replace function app.actor() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', nullif(app.claims() ->> 'sub', ''),
    -- From the request's JWT (the lifecycle functions run as their owner, so current_user
    -- says nothing about the caller); no claims = maintenance or the demo loader.
    'role', case when app.claims() ? 'role' then app.user_role() else 'system' end,
    'email', app.claims() ->> 'email')
$$;

-- Whitespace as people type it (newlines, tabs, full-width spaces) collapsed to one space and
-- trimmed, so "blank" means blank and duplicates compare equal.
create or replace function app.clean_text(x text) returns text
language sql immutable
set search_path = ''
as $$ select btrim(regexp_replace(coalesce(x, ''), '[[:space:]\u3000]+', ' ', 'g')) $$;

-- A YYYY-MM-DD date from details, or null when absent; a clear error when malformed.
create or replace function app.detail_date(details jsonb, key text) returns date
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := details ->> key;
begin
  if v is null then
    return null;
  end if;
  if v !~ '^\d{4}-\d{2}-\d{2}$' then
    raise exception 'details.% must be a date YYYY-MM-DD (got %)', key, v using errcode = '22023';
  end if;
  return v::date;
exception when datetime_field_overflow or invalid_datetime_format then
  raise exception 'details.% is not a valid date (got %)', key, v using errcode = '22023';
end
$$;

create or replace function app.record_event(p_danger uuid, p_from public.hidden_danger_status,
  p_to public.hidden_danger_status, p_action text, p_note text, p_details jsonb) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  a jsonb := app.actor();
begin
  insert into public.hidden_danger_events (hidden_danger_id, actor_id, actor_role, actor_email,
    from_status, to_status, action, note, details)
  values (p_danger, case when (a ->> 'id') ~* '^[0-9a-f-]{36}$' then (a ->> 'id')::uuid end,
    a ->> 'role', a ->> 'email', p_from, p_to, p_action, p_note, coalesce(p_details, '{}'));
end
$$;
revoke execute on function app.record_event(uuid, public.hidden_danger_status, public.hidden_danger_status, text, text, jsonb)
  from public, anon, authenticated;

-- Lifecycle columns are the RPC's alone. Direct writes by API roles are refused with the reason.
create or replace function app.guard_hidden_danger_write() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('anon', 'authenticated', 'service_role') then
    return new;  -- the lifecycle functions (security definer, run as owner) and maintenance
  end if;
  if tg_op = 'INSERT' then
    if new.status <> 'reported' or new.severity is not null or new.listing_level is not null
       or new.listing_date is not null or new.supervising_office is not null or new.deadline is not null
       or new.closed_at is not null or new.rectification_measures is not null or new.responsible_person is not null
       or new.rectification_funds is not null or new.rectification_done is not null
       or new.verified_by is not null or new.verified_at is not null then
      raise exception 'a new hidden danger starts as reported, unassessed; use transition_hidden_danger() to register, assess and list it'
        using errcode = '42501';
    end if;
    if new.source = 'public_report' or new.tracking_code is not null then
      raise exception 'public reports come only through report_hidden_danger()' using errcode = '42501';
    end if;
    return new;
  end if;
  if new.enterprise_id is distinct from old.enterprise_id or new.source is distinct from old.source then
    raise exception 'a hidden danger keeps its enterprise and source' using errcode = '42501';
  end if;
  if app.user_role() = 'enterprise' and (extensions.st_asewkb(new.location) is distinct from extensions.st_asewkb(old.location)
     or new.area_code is distinct from old.area_code) then
    raise exception 'an enterprise may not move a hidden danger (its location decides which regulator supervises it)'
      using errcode = '42501';
  end if;
  if new.status is distinct from old.status or new.severity is distinct from old.severity
     or new.deadline is distinct from old.deadline or new.closed_at is distinct from old.closed_at
     or new.listing_level is distinct from old.listing_level or new.listing_date is distinct from old.listing_date
     or new.supervising_office is distinct from old.supervising_office
     or new.rectification_measures is distinct from old.rectification_measures
     or new.responsible_person is distinct from old.responsible_person
     or new.rectification_funds is distinct from old.rectification_funds
     or new.rectification_done is distinct from old.rectification_done
     or new.verified_by is distinct from old.verified_by or new.verified_at is distinct from old.verified_at
     or new.tracking_code is distinct from old.tracking_code then
    raise exception 'status, assessment, listing and rectification fields change only through transition_hidden_danger()'
      using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger hidden_dangers_guard before insert or update on public.hidden_dangers
  for each row execute function app.guard_hidden_danger_write();

create or replace function app.hidden_danger_created() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.record_event(new.id, null, new.status, 'created', null,
    jsonb_build_object('source', new.source, 'title', new.title));
  return null;
end
$$;
create trigger hidden_dangers_created after insert on public.hidden_dangers
  for each row execute function app.hidden_danger_created();

-- Deleting a danger would erase its history: refused for API roles (admins included).
create or replace function app.hidden_danger_no_delete() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated') then
    raise exception 'hidden dangers are never deleted: reject or close them through transition_hidden_danger()'
      using errcode = '42501';
  end if;
  return old;
end
$$;
create trigger hidden_dangers_no_delete before delete on public.hidden_dangers
  for each row execute function app.hidden_danger_no_delete();

create or replace function app.detail_text(details jsonb, key text, max_len int) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := app.clean_text(details ->> key);
begin
  if v = '' then
    return null;
  end if;
  if length(v) > max_len then
    raise exception 'details.% is longer than % characters', key, max_len using errcode = '22023';
  end if;
  return v;
end
$$;

create or replace function public.transition_hidden_danger(id uuid, to_status text, note text default null,
  details jsonb default '{}')
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  d public.hidden_dangers%rowtype;
  target public.hidden_danger_status;
  rule public.hidden_danger_transitions%rowtype;
  role text := app.user_role();
  det jsonb := coalesce(details, '{}');
  missing text[] := '{}';
  sev public.hidden_danger_severity;
  v_deadline date;
  v_funds numeric;
  v_verified date;
  v_listing public.listing_level;
begin
  if jsonb_typeof(det) <> 'object' then
    raise exception 'details must be a JSON object' using errcode = '22023';
  end if;
  if note is not null and length(note) > 4000 then
    raise exception 'note is longer than 4000 characters' using errcode = '22023';
  end if;
  begin
    target := to_status::public.hidden_danger_status;
  exception when invalid_text_representation then
    raise exception 'unknown status "%": expected one of reported, registered, rectifying, pending_verification, closed, rejected', to_status
      using errcode = '22023';
  end;

  select * into d from public.hidden_dangers h where h.id = transition_hidden_danger.id for update;
  -- Visibility follows the read policy: a danger you may not read does not exist for you.
  -- coalesce: a null area or enterprise on the danger must mean "not yours", not "unknown".
  if not found or not coalesce(role in ('admin', 'service')
      or (role = 'regulator' and d.area_code like any (app.scope_patterns()))
      or (role = 'enterprise' and d.enterprise_id = app.enterprise_id())
      or (role in ('command', 'planner')), false) then
    raise exception 'hidden danger % not found or not visible to you', id using errcode = '42501';
  end if;
  if role in ('command', 'planner') then
    raise exception 'role % may read hidden dangers but not change them', role using errcode = '42501';
  end if;

  -- Raising the assessment later (general → major, with its listing): a regulator's act.
  if target = d.status then
    if role not in ('admin', 'regulator', 'service') then
      raise exception 'only a regulator may re-assess a hidden danger' using errcode = '42501';
    end if;
    if d.status in ('reported', 'closed', 'rejected') then
      raise exception 'a % hidden danger cannot be re-assessed', d.status using errcode = '22023';
    end if;
    if det ->> 'severity' is distinct from 'major' or d.severity = 'major' then
      raise exception 'a re-assessment raises a general hidden danger to major (details.severity = "major")'
        using errcode = '22023';
    end if;
  else
    select * into rule from public.hidden_danger_transitions t where t.from_status = d.status and t.to_status = target;
    if not found then
      raise exception 'transition % → % is not allowed (allowed from %: %)', d.status, target, d.status,
        coalesce((select string_agg(t.to_status::text, ', ') from public.hidden_danger_transitions t where t.from_status = d.status), 'none')
        using errcode = '22023';
    end if;
    if not role = any (rule.roles) and role <> 'service' then
      raise exception 'role % may not make the transition % → % (allowed: %)', role, d.status, target, array_to_string(rule.roles, ', ')
        using errcode = '42501';
    end if;
    if rule.note_required and length(app.clean_text(note)) < 2 then
      raise exception 'transition % → % requires a note saying why', d.status, target using errcode = '22023';
    end if;
  end if;

  -- Required details, named.
  if target = 'registered' or (target = d.status) then
    if det ->> 'severity' is null or det ->> 'severity' not in ('general', 'major') then
      missing := array_append(missing, 'severity (general or major)');
    end if;
    if det ->> 'severity' = 'major' and role = 'enterprise' then
      raise exception 'an enterprise registers what it finds as general; a regulator assesses a hidden danger as major and lists it'
        using errcode = '42501';
    end if;
    if det ->> 'severity' = 'major' then
      if det ->> 'listing_level' is null or det ->> 'listing_level' not in ('city', 'district') then
        missing := array_append(missing, 'listing_level (city or district) for a major hidden danger');
      end if;
      if app.detail_text(det, 'supervising_office', 200) is null then
        missing := array_append(missing, 'supervising_office for a major hidden danger');
      end if;
    end if;
  elsif target = 'rectifying' and d.status = 'registered' then
    if app.detail_text(det, 'measures', 4000) is null then missing := array_append(missing, 'measures'); end if;
    if app.detail_text(det, 'responsible_person', 100) is null then missing := array_append(missing, 'responsible_person'); end if;
    if jsonb_typeof(det -> 'funds') is distinct from 'number' or (det ->> 'funds')::numeric < 0 then
      missing := array_append(missing, 'funds (a non-negative number of yuan)');
    end if;
    if det ->> 'deadline' is null or det ->> 'deadline' !~ '^\d{4}-\d{2}-\d{2}$' then
      missing := array_append(missing, 'deadline (YYYY-MM-DD)');
    end if;
  elsif target = 'pending_verification' then
    if app.detail_text(det, 'done', 4000) is null then missing := array_append(missing, 'done (what was rectified)'); end if;
  elsif target = 'closed' then
    if app.detail_text(det, 'verifier', 100) is null then missing := array_append(missing, 'verifier'); end if;
    if det ->> 'verified_at' is null or det ->> 'verified_at' !~ '^\d{4}-\d{2}-\d{2}$' then
      missing := array_append(missing, 'verified_at (YYYY-MM-DD)');
    end if;
  end if;
  if cardinality(missing) > 0 then
    raise exception 'transition % → % requires details: %', d.status, target, array_to_string(missing, '; ')
      using errcode = '22023';
  end if;

  -- Apply.
  if target = 'registered' or target = d.status then
    sev := (det ->> 'severity')::public.hidden_danger_severity;
    if sev = 'major' then
      v_listing := (det ->> 'listing_level')::public.listing_level;
      update public.hidden_dangers h set severity = sev, listing_level = v_listing,
        listing_date = coalesce(app.detail_date(det, 'listing_date'), current_date),
        supervising_office = app.detail_text(det, 'supervising_office', 200), status = target
      where h.id = d.id;
    else
      update public.hidden_dangers h set severity = sev, status = target where h.id = d.id;
    end if;
  elsif target = 'rectifying' and d.status = 'registered' then
    v_deadline := app.detail_date(det, 'deadline');
    v_funds := (det ->> 'funds')::numeric;
    if v_deadline < current_date then
      raise exception 'deadline % is in the past', v_deadline using errcode = '22023';
    end if;
    update public.hidden_dangers h set status = target, rectification_measures = app.detail_text(det, 'measures', 4000),
      responsible_person = app.detail_text(det, 'responsible_person', 100), rectification_funds = v_funds,
      deadline = v_deadline
    where h.id = d.id;
  elsif target = 'rectifying' then
    -- Verification failed: back to rectification; the plan stays, a new deadline may be set.
    v_deadline := app.detail_date(det, 'deadline');
    if v_deadline < current_date then
      raise exception 'deadline % is in the past', v_deadline using errcode = '22023';
    end if;
    update public.hidden_dangers h set status = target, deadline = coalesce(v_deadline, h.deadline) where h.id = d.id;
  elsif target = 'pending_verification' then
    update public.hidden_dangers h set status = target, rectification_done = app.detail_text(det, 'done', 4000) where h.id = d.id;
  elsif target = 'closed' then
    v_verified := app.detail_date(det, 'verified_at');
    if v_verified > current_date then
      raise exception 'verified_at % is in the future', v_verified using errcode = '22023';
    end if;
    if v_verified < d.found_at::date then
      raise exception 'verified_at % is before the hidden danger was found (%)', v_verified, d.found_at::date using errcode = '22023';
    end if;
    update public.hidden_dangers h set status = target, verified_by = app.detail_text(det, 'verifier', 100),
      verified_at = v_verified, closed_at = now()
    where h.id = d.id;
  elsif target = 'rejected' then
    update public.hidden_dangers h set status = target where h.id = d.id;
  end if;

  perform app.record_event(d.id, d.status, target,
    case when target = d.status then 'reassessed' else 'transition' end, nullif(app.clean_text(note), ''), det);

  return (select jsonb_build_object('id', h.id, 'status', h.status, 'severity', h.severity,
    'listing_level', h.listing_level, 'deadline', h.deadline, 'closed_at', h.closed_at)
    from public.hidden_dangers h where h.id = d.id);
end
$$;
revoke execute on function public.transition_hidden_danger(uuid, text, text, jsonb) from public, anon;
grant execute on function public.transition_hidden_danger(uuid, text, text, jsonb) to authenticated;

-- Public reports (like the 12350 hotline). Anonymous; abuse limits enforced here: length,
-- location inside the served region, exact duplicates, and at most 5 reports an hour from one
-- client address (hashed; the raw address is never stored).
alter table public.hidden_danger_reporters add column client_hash text;
create index hidden_danger_reporters_client_idx on public.hidden_danger_reporters (client_hash);

create table public.public_report_settings (
  id boolean primary key default true check (id),
  min_length int not null default 10,
  max_length int not null default 2000,
  max_per_hour int not null default 5,
  duplicate_radius_m numeric not null default 200,
  duplicate_window interval not null default '7 days'
);
insert into public.public_report_settings default values;
alter table public.public_report_settings enable row level security;
create policy public_report_settings_read on public.public_report_settings for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.public_report_settings from anon, authenticated;

create or replace function public.report_hidden_danger(description text, lon float8, lat float8, contact text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  cfg public.public_report_settings%rowtype;
  txt text := app.clean_text(description);
  p extensions.geometry;
  client text;
  existing text;
  new_id uuid;
  code text;
begin
  select * into cfg from public.public_report_settings;
  if length(txt) < cfg.min_length or length(txt) > cfg.max_length then
    raise exception 'description must be % to % characters (got %)', cfg.min_length, cfg.max_length, length(txt)
      using errcode = '22023';
  end if;
  if contact is not null and length(contact) > 100 then
    raise exception 'contact must be at most 100 characters' using errcode = '22023';
  end if;
  if lon is null or lat is null or lon not between -180 and 180 or lat not between -90 and 90 then
    raise exception 'location (%, %) is not a valid longitude/latitude', lon, lat using errcode = '22023';
  end if;
  p := extensions.st_setsrid(extensions.st_makepoint(lon, lat), 4326);
  if not exists (select 1 from public.areas a where a.level = 'district' and extensions.st_covers(a.geom, p)) then
    raise exception 'location (%, %) is outside the area this service covers', lon, lat using errcode = '22023';
  end if;

  -- The right-most X-Forwarded-For entry is the one our own gateway (or Supabase's edge)
  -- appended; entries to its left are whatever the client sent, so they are not trusted.
  client := encode(sha256(convert_to(coalesce(nullif(btrim(regexp_replace(
    coalesce(current_setting('request.headers', true)::json ->> 'x-forwarded-for', ''), '^.*,', '')), ''), 'unknown'), 'UTF8')), 'hex');
  if (select count(*) from public.hidden_danger_reporters r
      join public.hidden_dangers d on d.id = r.hidden_danger_id
      where r.client_hash = client and d.created_at > now() - interval '1 hour') >= cfg.max_per_hour then
    raise exception 'too many reports from this address in the last hour (at most %); please call 12350', cfg.max_per_hour
      using errcode = '54000';
  end if;

  select d.tracking_code into existing from public.hidden_dangers d
  where d.source = 'public_report' and d.description = txt
    and d.created_at > now() - cfg.duplicate_window
    and extensions.st_dwithin(d.location::extensions.geography, p::extensions.geography, cfg.duplicate_radius_m)
  limit 1;
  if existing is not null then
    raise exception 'an identical report was already received here (tracking code %)', existing using errcode = '23505';
  end if;

  code := 'YH' || to_char(now(), 'YYMMDD') || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 8));
  insert into public.hidden_dangers (title, description, source, status, location, tracking_code)
  values (left(txt, 40), txt, 'public_report', 'reported', p, code)
  returning id into new_id;
  insert into public.hidden_danger_reporters (hidden_danger_id, contact, client_hash)
  values (new_id, nullif(app.clean_text(contact), ''), client);
  return jsonb_build_object('tracking_code', code, 'status', 'reported');
end
$$;

-- A reporter looks up their own report by its code: status only, nothing else.
create or replace function public.report_status(code text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('tracking_code', d.tracking_code, 'status', d.status,
    'reported_at', d.created_at, 'updated_at', d.updated_at)
  from public.hidden_dangers d
  where d.tracking_code = upper(btrim(code)) and d.source = 'public_report'
$$;

grant execute on function public.report_hidden_danger(text, float8, float8, text) to anon, authenticated;
grant execute on function public.report_status(text) to anon, authenticated;

-- Statistics per area: rectification rate and overdue count (for lists, the wall, dashboards).
create or replace function public.hidden_danger_stats(level text default 'district')
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  result jsonb;
begin
  if level not in ('city', 'district', 'street', 'grid') then
    raise exception 'unknown area level "%": expected city, district, street or grid', level using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(x order by x ->> 'code'), '[]') into result from (
    select jsonb_build_object('code', a.code, 'name', a.name,
      'total', count(d.id),
      'open', count(d.id) filter (where d.status not in ('closed', 'rejected')),
      'closed', count(d.id) filter (where d.status = 'closed'),
      'overdue', count(d.id) filter (where app.hidden_danger_is_overdue(d.status, d.deadline)),
      'major_open', count(d.id) filter (where d.severity = 'major' and d.status not in ('closed', 'rejected')),
      'listed', count(d.id) filter (where d.listing_level is not null and d.status <> 'closed'),
      'rectification_rate', round(count(d.id) filter (where d.status = 'closed')::numeric
        / nullif(count(d.id) filter (where d.status not in ('reported', 'rejected')), 0), 4)) as x
    from public.areas a
    left join public.hidden_dangers d on d.area_code like app.code_prefix(a.code) || '%'
    where a.level = hidden_danger_stats.level::public.area_level
    group by a.code, a.name) s;
  return result;
end
$$;
revoke execute on function public.hidden_danger_stats(text) from public, anon;
grant execute on function public.hidden_danger_stats(text) to authenticated;
