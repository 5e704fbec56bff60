-- Hidden-danger closed loop (隐患排查、登记、评估、报告、监控、治理、核销全过程记录及闭环管理).
--   reported → registered → rectifying → pending_verification → closed
--   reported → rejected (unfounded);  pending_verification → rectifying (verification failed)
-- One RPC, transition_hidden_danger, carries every change: it checks the transition, the caller's
-- role and scope and the required details, updates the danger and appends an event, in one
-- transaction. API roles cannot change lifecycle columns directly, and events are append-only.

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
  -- 'edited': a content edit outside the transitions, with the old and new values.
  action text not null check (action in ('created', 'transition', 'reassessed', 'edited')),
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

-- Collapse whitespace and trim; full-width spaces and zero-width characters count as whitespace
-- everywhere it is used (notes, details, public reports, contacts).
create or replace function app.clean_text(x text) returns text
language sql immutable
set search_path = ''
as $$
  select btrim(regexp_replace(
    regexp_replace(coalesce(x, ''), '[\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+', '', 'g'),
    '[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'))
$$;

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

-- The content of a finding: what the finder wrote and where. Lifecycle columns stay the RPC's.
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
    -- An enterprise's own finding is a self-check, never an inspection in the inspector's name.
    if app.user_role() = 'enterprise' and new.source <> 'self_check' then
      raise exception 'source: an enterprise records its own findings as self_check; inspection findings are the inspector''s'
        using errcode = '42501';
    end if;
    return new;
  end if;
  if new.enterprise_id is distinct from old.enterprise_id then
    raise exception 'enterprise_id: a hidden danger keeps its enterprise' using errcode = '42501';
  end if;
  if new.source is distinct from old.source then
    raise exception 'source: a hidden danger keeps its source (who found it)' using errcode = '42501';
  end if;
  -- The finding's text belongs to whoever found it: an enterprise edits only its own self-checks.
  if app.user_role() = 'enterprise' and old.source <> 'self_check'
     and (new.title is distinct from old.title or new.description is distinct from old.description) then
    raise exception '%: an enterprise may not rewrite a finding made by % (it belongs to the finder); add rectification evidence through transition_hidden_danger()',
      case when new.title is distinct from old.title then 'title' else 'description' end,
      case old.source when 'inspection' then 'an inspection' else 'a public report' end
      using errcode = '42501';
  end if;
  if app.user_role() = 'enterprise' and (extensions.st_asewkb(new.location) is distinct from extensions.st_asewkb(old.location)
     or new.area_code is distinct from old.area_code) then
    raise exception 'location: an enterprise may not move a hidden danger (its location decides which regulator supervises it)'
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
  -- When it was found decides how old it is: part of the finding, not of its later edits.
  if new.found_at is distinct from old.found_at then
    raise exception 'found_at: when a hidden danger was found is part of the finding and is not edited' using errcode = '42501';
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
  perform app.require_arg(id, 'id');
  perform app.require_arg(to_status, 'to_status');
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

-- The hidden-danger page (#/dangers): a list view with the figures the list needs, indexes for
-- its filters and sorts, and "what may I do with this danger now", answered from the same
-- rules table transition_hidden_danger() enforces. Nothing here changes a danger: every
-- change still goes through transition_hidden_danger().

-- Filters and sorts of the list. Under RLS the planner uses a filter for an index only when its
-- operator is leakproof (else it must run after the policy): date and text comparisons are,
-- enum = and LIKE are not. So:
--   overdue:  deadline < current_date and not closed/rejected → deadline index
--   listed:   listing_level is not null (few rows) → partial index
--   area:     filtered as a code range, area_code >= '440704' and area_code < '440705' (codes
--             are digit strings, so the range is exactly the prefix) → plain btree on area_code
--             (the text_pattern_ops index serves LIKE only)
--   status:   no index can take it under RLS; a page is read in the sort index's order instead
--   sort by deadline / found date → their indexes
create index if not exists hidden_dangers_deadline_idx on public.hidden_dangers (deadline);

create index if not exists hidden_dangers_found_idx on public.hidden_dangers (found_at);

create index if not exists hidden_dangers_area_range_idx on public.hidden_dangers (area_code);

create index if not exists hidden_dangers_listed_idx on public.hidden_dangers (listing_level) where listing_level is not null;

-- The transitions the caller may take from the danger's current status, read from
-- hidden_danger_transitions (the table transition_hidden_danger() checks), plus the
-- regulator's re-assessment general → major (the one change transition_hidden_danger() allows
-- without a rule row). security invoker: the danger is read under the caller's RLS, so a danger
-- the caller may not read is "not found", as in transition_hidden_danger().
-- severities: the assessments the caller may choose (an enterprise registers as general only).
create or replace function public.allowed_hidden_danger_transitions(id uuid)
returns table (
  to_status public.hidden_danger_status,
  kind text,
  label_zh text,
  label_en text,
  required_details text[],
  note_required boolean,
  severities text[]
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  d public.hidden_dangers%rowtype;
  role text := app.user_role();
begin
  if id is null then
    raise exception 'id is required' using errcode = '22023';
  end if;
  select * into d from public.hidden_dangers h where h.id = allowed_hidden_danger_transitions.id;
  if not found then
    raise exception 'hidden danger % not found or not visible to you', id using errcode = '42501';
  end if;
  -- Readers that change nothing (command centre, planners): no actions. transition_hidden_danger()
  -- refuses every change from them, and so does this list.
  if role not in ('admin', 'regulator', 'enterprise', 'service') then
    return;
  end if;
  return query
    select t.to_status, 'transition'::text, t.label_zh, t.label_en, t.required_details, t.note_required,
      case when t.to_status = 'registered' then
        case when role = 'enterprise' then array['general'] else array['general', 'major'] end
      end
    from public.hidden_danger_transitions t
    where t.from_status = d.status and (role = any (t.roles) or role = 'service')
    order by array_position(enum_range(null::public.hidden_danger_status), t.to_status);
  if role in ('admin', 'regulator', 'service') and d.status in ('registered', 'rectifying', 'pending_verification')
     and d.severity is distinct from 'major' then
    return query select d.status, 'reassess'::text, '提升为重大隐患并挂牌督办'::text,
      'Raise to major and list for supervision'::text,
      array['severity', 'listing_level', 'supervising_office']::text[], false, array['major'];
  end if;
end
$$;

revoke execute on function public.allowed_hidden_danger_transitions(uuid) from public, anon;

grant execute on function public.allowed_hidden_danger_transitions(uuid) to authenticated, service_role;

create trigger hidden_danger_events_no_update before update or delete on public.hidden_danger_events
  for each row execute function app.refuse_change(
    'hidden-danger history is append-only: %s of events is not allowed', 'Record a new transition instead.');

create trigger hidden_danger_events_no_truncate before truncate on public.hidden_danger_events
  for each statement execute function app.refuse_change(
    'hidden-danger history is append-only: %s of events is not allowed', 'Record a new transition instead.');

-- People's names and e-mail addresses in the hidden-danger record.
-- Staff e-mail addresses (hidden_danger_events.actor_email) and the names of responsible persons
-- and verifiers are for admins, the command centre and the regulator of the danger's area;
-- planners and enterprises see a role label instead.
-- PostgREST uses one database role for every app role, so a column cannot be hidden from some
-- app roles by grants. The personal fields therefore live in side tables with their own RLS;
-- the original columns stay (writers and old clients may still send them) but are emptied by
-- triggers as the row is written, and the readable views join the side tables back in.

-- Who may see people's identities on a hidden danger of this area.
create or replace function app.sees_identities(area text) returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(app.user_role() in ('admin', 'command', 'service')
    or (app.user_role() = 'regulator' and area like any (app.scope_patterns())), false)
$$;

grant execute on function app.sees_identities(text) to authenticated, service_role;

-- The label shown instead of a person.
create or replace function app.role_label(role text) returns text
language sql immutable
set search_path = ''
as $$
  select case role
    when 'admin' then '系统管理员' when 'command' then '指挥中心' when 'regulator' then '监管人员'
    when 'planner' then '规划人员' when 'enterprise' then '企业用户' when 'service' then '系统服务'
    when 'anon' then '公众' else '系统' end
$$;

grant execute on function app.role_label(text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------- names on the danger
create table public.hidden_danger_people (
  hidden_danger_id uuid primary key
    references public.hidden_dangers(id) on delete cascade deferrable initially deferred,
  area_code text,  -- the danger's, kept in step by the trigger, so the policy needs no join
  responsible_person text check (length(responsible_person) <= 100),
  verified_by text check (length(verified_by) <= 100),
  updated_at timestamptz not null default now()
);

alter table public.hidden_danger_people enable row level security;

revoke all on public.hidden_danger_people from anon;

revoke insert, update, delete, truncate on public.hidden_danger_people from authenticated, service_role;

grant select on public.hidden_danger_people to authenticated, service_role;

create policy hidden_danger_people_read on public.hidden_danger_people for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])));

-- Runs after the lifecycle guard (triggers fire in name order: _guard < _people), so the guard
-- still refuses API writes of these columns; transition_hidden_danger() and the demo loader
-- write them on the danger and this moves them.
create or replace function app.hidden_danger_people_move() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.responsible_person is not null or new.verified_by is not null
     or (tg_op = 'UPDATE' and new.area_code is distinct from old.area_code) then
    insert into public.hidden_danger_people as p (hidden_danger_id, area_code, responsible_person, verified_by)
    values (new.id, new.area_code, new.responsible_person, new.verified_by)
    on conflict (hidden_danger_id) do update set area_code = excluded.area_code,
      responsible_person = coalesce(excluded.responsible_person, p.responsible_person),
      verified_by = coalesce(excluded.verified_by, p.verified_by), updated_at = now();
    new.responsible_person := null;
    new.verified_by := null;
  end if;
  return new;
end
$$;

revoke execute on function app.hidden_danger_people_move() from public, anon, authenticated;

create trigger hidden_dangers_people before insert or update on public.hidden_dangers
  for each row execute function app.hidden_danger_people_move();

-- ---------------------------------------------------------------- identities in the history
create table public.hidden_danger_event_people (
  -- No foreign key: one would make TRUNCATE of the events fail on the reference before the
  -- append-only trigger could say why; rows are written only by the events' own trigger.
  event_id bigint primary key,
  area_code text,
  actor_email text,
  names jsonb not null default '{}'  -- the personal entries taken out of the event's details
);

alter table public.hidden_danger_event_people enable row level security;

revoke all on public.hidden_danger_event_people from anon;

revoke insert, update, delete, truncate on public.hidden_danger_event_people from authenticated, service_role;

grant select on public.hidden_danger_event_people to authenticated, service_role;

create policy hidden_danger_event_people_read on public.hidden_danger_event_people for select to authenticated
  using ((select app.user_role()) in ('admin', 'command', 'service')
    or ((select app.user_role()) = 'regulator' and area_code like any ((select app.scope_patterns())::text[])));

-- Append-only like the history it belongs to.
create trigger hidden_danger_event_people_no_update before update or delete on public.hidden_danger_event_people
  for each row execute function app.refuse_change(
    'hidden-danger history is append-only: %s of events is not allowed', 'Record a new transition instead.');

create trigger hidden_danger_event_people_no_truncate before truncate on public.hidden_danger_event_people
  for each statement execute function app.refuse_change(
    'hidden-danger history is append-only: %s of events is not allowed', 'Record a new transition instead.');

-- The personal entries of an event's details (the rectification's responsible person, the
-- verifier), and the details without them.
create or replace function app.personal_detail_keys() returns text[]
language sql immutable
set search_path = ''
as $$ select array['responsible_person', 'verifier'] $$;

-- An event is written with its identities set apart, in the same statement.
create or replace function app.hidden_danger_event_people_move() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  names jsonb := coalesce((select jsonb_object_agg(k, new.details -> k) from unnest(app.personal_detail_keys()) k
    where new.details ? k), '{}');
begin
  if new.actor_email is not null or names <> '{}' then
    insert into public.hidden_danger_event_people (event_id, area_code, actor_email, names)
    values (new.id, (select d.area_code from public.hidden_dangers d where d.id = new.hidden_danger_id), new.actor_email, names);
    new.actor_email := null;
    new.details := new.details - app.personal_detail_keys();
  end if;
  return new;
end
$$;

revoke execute on function app.hidden_danger_event_people_move() from public, anon, authenticated;

create trigger hidden_danger_events_people before insert on public.hidden_danger_events
  for each row execute function app.hidden_danger_event_people_move();

-- The timeline as the #/dangers page reads it: the event, the actor's e-mail and the names in
-- its details where the caller may see them, a role label always. security_invoker: the
-- caller's RLS on the events (the danger's visibility) and on the side table applies.
create or replace view public.hidden_danger_timeline
with (security_invoker = true)
as
select e.id, e.hidden_danger_id, e.at, e.actor_id, e.actor_role, app.role_label(e.actor_role) as actor_label,
  p.actor_email, e.from_status, e.to_status, e.action, e.note,
  e.details || coalesce(p.names, '{}') as details
from public.hidden_danger_events e
left join public.hidden_danger_event_people p on p.event_id = e.id;

revoke all on public.hidden_danger_timeline from public, anon;

revoke insert, update, delete, truncate on public.hidden_danger_timeline from authenticated, service_role;

grant select on public.hidden_danger_timeline to authenticated, service_role;

-- The list behind #/dangers (1100), with the two names from the side table (null where the
-- caller may not see them) and the label shown instead. Same columns in the same order, plus
-- the labels at the end.
create or replace view public.hidden_danger_list
with (security_invoker = true)
as
select
  d.id,
  d.title,
  d.description,
  d.source,
  d.severity,
  d.status,
  d.area_code,
  left(d.area_code, 6) as district_code,
  dist.name as district_name,
  ar.name as area_name,
  d.enterprise_id,
  e.name as enterprise_name,
  d.found_at,
  d.deadline,
  d.closed_at,
  (d.deadline is not null and d.deadline < current_date and d.status not in ('closed', 'rejected')) as overdue,
  (d.listing_level is not null and d.status <> 'closed') as listed,
  d.listing_level,
  d.listing_date,
  d.supervising_office,
  d.rectification_measures,
  p.responsible_person,
  d.rectification_funds,
  d.rectification_done,
  p.verified_by,
  d.verified_at,
  d.tracking_code,
  extensions.st_x(d.location) as lon,
  extensions.st_y(d.location) as lat,
  d.created_at,
  d.updated_at,
  case when d.status in ('rectifying', 'pending_verification', 'closed') and p.responsible_person is null
    then '企业整改负责人' end as responsible_label,
  case when d.status = 'closed' and p.verified_by is null then '监管人员' end as verified_label
from public.hidden_dangers d
left join public.areas ar on ar.code = d.area_code
left join public.areas dist on dist.code = left(d.area_code, 6)
left join public.enterprises e on e.id = d.enterprise_id
left join public.hidden_danger_people p on p.hidden_danger_id = d.id;

-- hidden_danger_list is read-only: every change goes through transition_hidden_danger. Default
-- privileges would grant insert/update/delete/truncate on the view; none of them may stand.
revoke all on public.hidden_danger_list from anon, public;

revoke insert, update, delete, truncate on public.hidden_danger_list from authenticated, service_role;

grant select on public.hidden_danger_list to authenticated, service_role;

create policy hidden_danger_reporters_read on public.hidden_danger_reporters for select to authenticated
  using ((select app.user_role()) in ('admin', 'service')
    or ((select app.user_role()) = 'regulator'
        and exists (select 1 from public.hidden_dangers d where d.id = hidden_danger_id
                    and d.area_code like any ((select app.scope_patterns())::text[]))));

-- Reporter rows are written by report_hidden_danger() only.
revoke insert, update, delete, truncate on public.hidden_danger_reporters from authenticated;
