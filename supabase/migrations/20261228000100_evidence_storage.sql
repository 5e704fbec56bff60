-- Evidence photos and attachments (issue 21) through Supabase Storage: bucket `evidence`, RLS on
-- storage.objects tied to the hidden-danger lifecycle, and evidence_attachments (the record a
-- timeline lists).
--
-- Hosted Supabase already has the storage schema (owned by its Storage service): nothing of it is
-- created or altered there. Only where it is absent (the local stacks) the subset the app uses is
-- created here, with Supabase's column names and types; the local gateway's stand-in
-- (supabase/local/storage-routes.ts) then serves /storage/v1 over it.
--
-- Object names: <hidden_danger_id>/<stage>/<uuid>.<ext>, stage report | finding | rectification |
-- verification. A public reporter has no account: right after reporting, the page asks
-- open_report_evidence(tracking code) once for a random key and sends it as the request header
-- `x-evidence-key` (Storage and PostgREST both hand request headers to the database as
-- `request.headers`); only the key's holder (and staff) can add or read that report's photos.
-- Nobody updates or deletes evidence through the API (no such policies): it is a record the
-- regulated party cannot bend; a wrong photo is superseded by a new one, not erased.

do $$
begin
  if to_regnamespace('storage') is null then
    create schema storage;
    grant usage on schema storage to anon, authenticated, service_role;
  end if;

  if to_regclass('storage.buckets') is null then
    create table storage.buckets (
      id text primary key,
      name text not null unique,
      owner uuid,
      owner_id text,
      public boolean default false,
      avif_autodetection boolean default false,
      file_size_limit bigint,
      allowed_mime_types text[],
      created_at timestamptz default now(),
      updated_at timestamptz default now()
    );
    alter table storage.buckets enable row level security;
    grant all on storage.buckets to anon, authenticated, service_role;
  end if;

  if to_regclass('storage.objects') is null then
    create table storage.objects (
      id uuid primary key default gen_random_uuid(),
      bucket_id text references storage.buckets (id),
      name text,
      owner uuid,
      owner_id text,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      last_accessed_at timestamptz default now(),
      metadata jsonb,
      path_tokens text[] generated always as (string_to_array(name, '/')) stored,
      version text,
      user_metadata jsonb,
      unique (bucket_id, name)
    );
    alter table storage.objects enable row level security;
    grant all on storage.objects to anon, authenticated, service_role;
  end if;

  if to_regprocedure('storage.foldername(text)') is null then
    create function storage.foldername(name text) returns text[]
    language plpgsql immutable
    as $f$
    declare
      _parts text[];
    begin
      select string_to_array(name, '/') into _parts;
      return _parts[1:array_length(_parts, 1) - 1];
    end
    $f$;
    grant execute on function storage.foldername(text) to anon, authenticated, service_role;
  end if;

  if to_regprocedure('storage.filename(text)') is null then
    create function storage.filename(name text) returns text
    language plpgsql immutable
    as $f$
    declare
      _parts text[];
    begin
      select string_to_array(name, '/') into _parts;
      return _parts[array_length(_parts, 1)];
    end
    $f$;
    grant execute on function storage.filename(text) to anon, authenticated, service_role;
  end if;
end
$$;

-- Our bucket, on hosted and local alike: private, 5 MB (photos are resized to ≤ 1600 px in the
-- browser first), photos and PDF only.
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('evidence', 'evidence', false, 5242880, array['image/jpeg', 'image/png', 'image/webp', 'application/pdf'])
on conflict (id) do update set public = false, file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- The parts of an evidence object name (null when the name is not of our form).
create or replace function app.evidence_name_ok(p_name text) returns boolean
language sql immutable
set search_path = ''
as $$
  select coalesce(p_name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(report|finding|rectification|verification)/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp|pdf)$', false)
$$;

create or replace function app.evidence_danger(p_name text) returns uuid
language sql immutable
set search_path = ''
as $$
  select case when app.evidence_name_ok(p_name) then split_part(p_name, '/', 1)::uuid end
$$;

create or replace function app.evidence_stage(p_name text) returns text
language sql immutable
set search_path = ''
as $$
  select case when app.evidence_name_ok(p_name) then split_part(p_name, '/', 2) end
$$;

-- The public reporter's key, from the request header x-evidence-key (null when absent or malformed).
create or replace function app.evidence_request_key() returns text
language plpgsql stable
set search_path = ''
as $$
declare
  k text;
begin
  k := nullif(current_setting('request.headers', true), '')::json ->> 'x-evidence-key';
  return case when k ~ '^[0-9a-f]{32}$' then k end;
exception when others then
  return null;
end
$$;

grant execute on function app.evidence_name_ok(text), app.evidence_danger(text), app.evidence_stage(text),
  app.evidence_request_key() to anon, authenticated, service_role;

-- Keys handed to public reporters (hashes only; one per report).
create table app.evidence_report_keys (
  hidden_danger_id uuid primary key references public.hidden_dangers (id) on delete restrict,
  key_sha256 text not null,
  issued_at timestamptz not null default now()
);

revoke all on app.evidence_report_keys from public, anon, authenticated;

-- How many photos a public reporter may attach, and for how long after reporting.
create or replace function app.evidence_report_limits() returns jsonb
language sql immutable
set search_path = ''
as $$ select '{"max_files": 5, "window_minutes": 60}'::jsonb $$;

/** Whether `p_key` is the key of report `p_danger`; with p_upload also: the report is still
 * new (status reported, within the window) and has room for one more photo. */
create or replace function app.evidence_report_key_ok(p_danger uuid, p_key text, p_upload boolean) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  d record;
begin
  if p_danger is null or p_key is null then
    return false;
  end if;
  select h.status, h.created_at, h.source into d
  from app.evidence_report_keys k join public.hidden_dangers h on h.id = k.hidden_danger_id
  where k.hidden_danger_id = p_danger and k.key_sha256 = encode(sha256(convert_to(p_key, 'UTF8')), 'hex');
  if not found or d.source <> 'public_report' then
    return false;
  end if;
  if not p_upload then
    return true;
  end if;
  return d.status = 'reported'
    and d.created_at > now() - make_interval(mins => (app.evidence_report_limits() ->> 'window_minutes')::int)
    and (select count(*) from storage.objects o
         where o.bucket_id = 'evidence' and o.name like p_danger::text || '/report/%')
        < (app.evidence_report_limits() ->> 'max_files')::int;
end
$$;

revoke all on function app.evidence_report_key_ok(uuid, text, boolean) from public;
grant execute on function app.evidence_report_key_ok(uuid, text, boolean) to anon, authenticated, service_role;

-- The reporter's key, once per report, while it is new. The tracking code is the reporter's
-- proof (as for report_status); the key (122 random bits) then unlocks the report's photos.
create or replace function public.open_report_evidence(code text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  d record;
  k text := replace(gen_random_uuid()::text, '-', '');
begin
  select h.id, h.status, h.created_at into d from public.hidden_dangers h
  where h.tracking_code = upper(btrim(code)) and h.source = 'public_report';
  if not found then
    raise exception '查无此举报编号 / no report with this tracking code' using errcode = '22023';
  end if;
  if d.status <> 'reported' or d.created_at < now() - make_interval(mins => (app.evidence_report_limits() ->> 'window_minutes')::int) then
    raise exception '举报提交 % 分钟内才能补充照片 / photos can be added only within % minutes of reporting',
      app.evidence_report_limits() ->> 'window_minutes', app.evidence_report_limits() ->> 'window_minutes' using errcode = '42501';
  end if;
  insert into app.evidence_report_keys (hidden_danger_id, key_sha256)
  values (d.id, encode(sha256(convert_to(k, 'UTF8')), 'hex'))
  on conflict (hidden_danger_id) do nothing;
  if not found then
    raise exception '该举报的照片通道已经开启过 / photos for this report were already opened' using errcode = '42501';
  end if;
  return jsonb_build_object('hidden_danger_id', d.id, 'key', k,
    'max_files', app.evidence_report_limits() -> 'max_files', 'window_minutes', app.evidence_report_limits() -> 'window_minutes');
end
$$;

revoke all on function public.open_report_evidence(text) from public;
grant execute on function public.open_report_evidence(text) to anon, authenticated;

-- Who may upload evidence at which stage (staff: through the danger's own visibility, so the
-- caller's RLS on hidden_dangers decides the area/enterprise scope).
create or replace function app.evidence_staff_may_upload(p_name text) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.hidden_dangers d where d.id = app.evidence_danger(p_name))
    and case app.evidence_stage(p_name)
      when 'finding' then app.user_role() in ('admin', 'regulator')
      when 'verification' then app.user_role() in ('admin', 'regulator')
      when 'rectification' then app.user_role() in ('admin', 'regulator', 'enterprise')
      when 'report' then false
      else false
    end
$$;

grant execute on function app.evidence_staff_may_upload(text) to authenticated, service_role;

drop policy if exists evidence_public_insert on storage.objects;
create policy evidence_public_insert on storage.objects for insert to anon, authenticated
  with check (bucket_id = 'evidence' and app.evidence_stage(name) = 'report'
    and app.evidence_report_key_ok(app.evidence_danger(name), app.evidence_request_key(), true));

drop policy if exists evidence_public_read on storage.objects;
create policy evidence_public_read on storage.objects for select to anon, authenticated
  using (bucket_id = 'evidence' and app.evidence_stage(name) = 'report'
    and app.evidence_report_key_ok(app.evidence_danger(name), app.evidence_request_key(), false));

drop policy if exists evidence_staff_insert on storage.objects;
create policy evidence_staff_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'evidence' and app.evidence_staff_may_upload(name));

-- Staff who see the danger (hidden_dangers' own RLS: the area's regulator, the command centre,
-- admins, the danger's enterprise) see its evidence.
drop policy if exists evidence_staff_read on storage.objects;
create policy evidence_staff_read on storage.objects for select to authenticated
  using (bucket_id = 'evidence' and app.user_role() not in ('anon', 'none')
    and exists (select 1 from public.hidden_dangers d where d.id = app.evidence_danger(name)));

-- The record of each piece of evidence, for timelines. Written by its uploader right after the
-- upload; the database copies danger, stage, type and size from the stored object (what the
-- caller claims is not trusted), so a row exists only for an object the caller uploaded.
create table public.evidence_attachments (
  id bigint generated always as identity primary key,
  hidden_danger_id uuid not null references public.hidden_dangers (id) on delete restrict,
  stage text not null check (stage in ('report', 'finding', 'rectification', 'verification')),
  object_path text not null unique check (app.evidence_name_ok(object_path)),
  mime_type text not null check (mime_type in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  bytes bigint not null check (bytes between 1 and 5242880),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid,
  uploaded_at timestamptz not null default now(),
  check (app.evidence_danger(object_path) = hidden_danger_id and app.evidence_stage(object_path) = stage)
);

create index evidence_attachments_danger_idx on public.evidence_attachments (hidden_danger_id, uploaded_at);

create or replace function app.evidence_attachment_fill() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  o record;
begin
  if current_user not in ('anon', 'authenticated') then
    return new;  -- service role and maintenance: as given
  end if;
  -- As the caller: only an object it can see (and, below, uploaded itself).
  select s.owner_id, s.metadata into o from storage.objects s
  where s.bucket_id = 'evidence' and s.name = new.object_path;
  if not found then
    raise exception '找不到该证据文件（先上传，再登记）/ no such evidence object visible to you: %', new.object_path
      using errcode = '42501';
  end if;
  if o.owner_id is distinct from (select auth.uid())::text then
    raise exception '只能登记自己上传的证据 / only the uploader records an evidence object' using errcode = '42501';
  end if;
  new.hidden_danger_id := app.evidence_danger(new.object_path);
  new.stage := app.evidence_stage(new.object_path);
  new.mime_type := o.metadata ->> 'mimetype';
  new.bytes := (o.metadata ->> 'size')::bigint;
  new.uploaded_by := (select auth.uid());
  new.uploaded_at := now();
  return new;
end
$$;

create trigger evidence_attachments_fill before insert on public.evidence_attachments
  for each row execute function app.evidence_attachment_fill();

alter table public.evidence_attachments enable row level security;

create policy evidence_attachments_read on public.evidence_attachments for select to authenticated
  using (app.user_role() not in ('anon', 'none')
    and exists (select 1 from public.hidden_dangers d where d.id = hidden_danger_id));

-- The fill trigger has already refused objects the caller cannot see or did not upload.
create policy evidence_attachments_insert on public.evidence_attachments for insert to anon, authenticated
  with check (exists (select 1 from storage.objects o where o.bucket_id = 'evidence' and o.name = object_path));

revoke all on public.evidence_attachments from anon, authenticated;
revoke update, delete, truncate on public.evidence_attachments from service_role;
grant insert (object_path, sha256) on public.evidence_attachments to anon, authenticated;
grant select on public.evidence_attachments to authenticated;
grant select, insert on public.evidence_attachments to service_role;

insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('evidence_attachments', 'object_path', 'text', '证据文件路径', true, 40, 160);
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('evidence_attachments', 'sha256', 'pattern', '文件摘要', '^[0-9a-f]{64}$', '文件摘要应为 64 位十六进制 SHA-256', 'sha256 must be 64 hex digits');
select app.install_input_limits('evidence_attachments');
