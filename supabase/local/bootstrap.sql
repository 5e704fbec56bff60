-- Local stacks only (embedded PGlite and native PostgreSQL): recreate what a Supabase project
-- already has before `supabase/migrations` run, so that the migrations stay exactly what
-- `supabase db push` applies to a real project. Never apply this to Supabase itself.
--
-- Idempotent: it runs on every start (cheap), so an older local data folder picks up additions.
-- When editing, keep it so for existing data folders: `create table if not exists` never adds
-- columns (use `alter table … add column if not exists`), and `create or replace function`
-- cannot rename parameters or change the return type (drop the old signature first).
-- Shapes follow Supabase's own definitions (supabase/postgres, supabase/auth) where the app or
-- the tests can see them; the `local_*` functions at the end exist only here and serve the
-- local gateway (supabase/local/auth-routes.ts).

-- ---------------------------------------------------------------------------------------------
-- Roles. Cluster-wide objects, hence the existence checks.
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- Supabase's PostgREST logs in as `authenticator` and switches to the JWT's role. The local
  -- PostgREST connects as the superuser instead (PGlite has a single user), which can switch
  -- to any role; the role exists so that grants written for Supabase apply unchanged.
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;
-- PostgREST applies an impersonated role's settings (`alter role anon set statement_timeout …`)
-- only for roles its login user is a member of, as `authenticator` is on Supabase; the local
-- PostgREST logs in as the superuser, so make it a member too (it could switch to them anyway).
do $$
begin
  if current_user not in ('anon', 'authenticated', 'service_role', 'authenticator') then
    execute format('grant anon, authenticated, service_role to %I', current_user);
  end if;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Schemas and extensions.
-- ---------------------------------------------------------------------------------------------
create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;

grant usage on schema public to postgres, anon, authenticated, service_role;
-- As Supabase does: every role may touch every new object in `public`; row-level security and
-- explicit revokes decide what they actually see.
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

-- The Supabase CLI's migration history, so `supabase migration list` style tooling agrees.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text not null primary key,
  statements text[],
  name text
);

-- ---------------------------------------------------------------------------------------------
-- auth.users in Supabase's shape (the columns seed scripts written for Supabase insert into).
-- Unlike Supabase, id/aud/role/metadata have defaults, for convenience in local SQL only.
-- ---------------------------------------------------------------------------------------------
create table if not exists auth.users (
  instance_id uuid,
  id uuid not null primary key default gen_random_uuid(),
  aud varchar(255) default 'authenticated',
  role varchar(255) default 'authenticated',
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255) default '',
  confirmation_sent_at timestamptz,
  recovery_token varchar(255) default '',
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255) default '',
  email_change varchar(255) default '',
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb default '{"provider": "email", "providers": ["email"]}'::jsonb,
  raw_user_meta_data jsonb default '{}'::jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text unique default null,
  phone_confirmed_at timestamptz,
  phone_change text default '',
  phone_change_token varchar(255) default '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) default '',
  email_change_confirm_status smallint default 0,
  banned_until timestamptz,
  reauthentication_token varchar(255) default '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
-- Supabase: unique among non-SSO users. GoTrue stores emails lower-cased; so do the helpers below.
create unique index if not exists users_email_partial_key on auth.users (email) where (is_sso_user = false);

-- Sessions and rotating refresh tokens as GoTrue keeps them: deleting a session (logout) deletes
-- its refresh tokens; rotation marks the parent token revoked.
create table if not exists auth.sessions (
  id uuid not null primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  refreshed_at timestamp,
  aal text default 'aal1',
  not_after timestamptz
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

create table if not exists auth.refresh_tokens (
  instance_id uuid,
  id bigserial primary key,
  token varchar(255) unique,
  user_id varchar(255),
  revoked boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  parent varchar(255),
  session_id uuid references auth.sessions (id) on delete cascade
);
create index if not exists refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);

-- ---------------------------------------------------------------------------------------------
-- Supabase's claim helpers, verbatim in behaviour: PostgREST puts the verified JWT claims in
-- `request.jwt.claims` (older versions: one setting per claim, hence the fallbacks).
-- ---------------------------------------------------------------------------------------------
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to anon, authenticated, service_role;

-- =============================================================================================
-- Local-only helpers below: nothing in supabase/migrations or src may depend on them.
-- =============================================================================================

-- GoTrue's user object (what supabase-js exposes as `User`).
create or replace function auth.local_user_json(u auth.users) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', u.id,
    'aud', coalesce(u.aud, 'authenticated'),
    'role', coalesce(u.role, 'authenticated'),
    'email', coalesce(u.email, ''),
    'email_confirmed_at', u.email_confirmed_at,
    'phone', coalesce(u.phone, ''),
    'confirmed_at', u.confirmed_at,
    'last_sign_in_at', u.last_sign_in_at,
    'app_metadata', coalesce(u.raw_app_meta_data, '{}'::jsonb),
    'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),
    'identities', '[]'::jsonb,
    'created_at', u.created_at,
    'updated_at', u.updated_at,
    'is_anonymous', u.is_anonymous
  )
$$;

-- A new session with its first refresh token, for a user already authenticated.
create or replace function auth.local_new_session(p_user_id uuid) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_session_id uuid;
  v_token text := encode(extensions.gen_random_bytes(24), 'hex');
begin
  insert into auth.sessions (user_id) values (p_user_id) returning id into v_session_id;
  insert into auth.refresh_tokens (token, user_id, revoked, session_id)
    values (v_token, p_user_id::text, false, v_session_id);
  return jsonb_build_object('session_id', v_session_id, 'refresh_token', v_token);
end
$$;

revoke all on function auth.local_user_json(auth.users), auth.local_new_session(uuid)
  from public, anon, authenticated;

-- The local gateway calls the functions below through PostgREST with the service_role key, so
-- it needs no database connection of its own (PGlite serves exactly one). They return
-- `{"error": "<GoTrue error code>"}` instead of raising, so the gateway can answer like GoTrue.

-- POST /auth/v1/token?grant_type=password
create or replace function public.local_auth_password_grant(email text, password text) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user auth.users;
begin
  select * into v_user from auth.users u
   where lower(u.email) = lower(trim(local_auth_password_grant.email))
     and u.deleted_at is null and not u.is_sso_user;
  if v_user.id is null or v_user.encrypted_password is null or v_user.encrypted_password = ''
     or v_user.encrypted_password <> extensions.crypt(password, v_user.encrypted_password) then
    return jsonb_build_object('error', 'invalid_credentials');
  end if;
  if v_user.email_confirmed_at is null then
    return jsonb_build_object('error', 'email_not_confirmed');
  end if;
  if v_user.banned_until is not null and v_user.banned_until > now() then
    return jsonb_build_object('error', 'user_banned');
  end if;
  update auth.users set last_sign_in_at = now() where id = v_user.id returning * into v_user;
  return auth.local_new_session(v_user.id) || jsonb_build_object('user', auth.local_user_json(v_user));
end
$$;

-- POST /auth/v1/token?grant_type=refresh_token: rotate the token. Like GoTrue, a token revoked
-- less than 10 s ago (two tabs refreshing at once) yields the session's current token instead
-- of an error.
create or replace function public.local_auth_refresh(refresh_token text) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_old auth.refresh_tokens;
  v_active auth.refresh_tokens;
  v_user auth.users;
  v_token text := encode(extensions.gen_random_bytes(24), 'hex');
begin
  select * into v_old from auth.refresh_tokens t
   where t.token = local_auth_refresh.refresh_token for update;
  if v_old.id is null or v_old.session_id is null then
    return jsonb_build_object('error', 'refresh_token_not_found');
  end if;
  select * into v_user from auth.users u where u.id = v_old.user_id::uuid and u.deleted_at is null;
  if v_user.id is null then
    return jsonb_build_object('error', 'user_not_found');
  end if;
  if v_old.revoked then
    select * into v_active from auth.refresh_tokens t
     where t.session_id = v_old.session_id and not t.revoked
     order by t.id desc limit 1;
    if v_active.id is not null and v_old.updated_at > now() - interval '10 seconds' then
      return jsonb_build_object('session_id', v_old.session_id, 'refresh_token', v_active.token,
                                'user', auth.local_user_json(v_user));
    end if;
    return jsonb_build_object('error', 'refresh_token_already_used');
  end if;
  update auth.refresh_tokens set revoked = true, updated_at = now() where id = v_old.id;
  insert into auth.refresh_tokens (token, user_id, revoked, parent, session_id)
    values (v_token, v_old.user_id, false, v_old.token, v_old.session_id);
  update auth.sessions set updated_at = now(), refreshed_at = now()::timestamp where id = v_old.session_id;
  return jsonb_build_object('session_id', v_old.session_id, 'refresh_token', v_token,
                            'user', auth.local_user_json(v_user));
end
$$;

-- GET /auth/v1/user (the JWT is already verified by the gateway; the session must still exist,
-- as GoTrue checks, so a signed-out access token stops working for /user).
create or replace function public.local_auth_get_user(user_id uuid, session_id uuid default null) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_user auth.users;
begin
  if local_auth_get_user.session_id is not null
     and not exists (select from auth.sessions s where s.id = local_auth_get_user.session_id) then
    return jsonb_build_object('error', 'session_not_found');
  end if;
  select * into v_user from auth.users u where u.id = local_auth_get_user.user_id and u.deleted_at is null;
  if v_user.id is null then
    return jsonb_build_object('error', 'user_not_found');
  end if;
  return jsonb_build_object('user', auth.local_user_json(v_user));
end
$$;

-- POST /auth/v1/logout?scope=global|local|others (supabase-js signs out globally by default).
create or replace function public.local_auth_logout(session_id uuid, scope text default 'global') returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user_id uuid;
  v_count int;
begin
  select s.user_id into v_user_id from auth.sessions s where s.id = local_auth_logout.session_id;
  if v_user_id is null then
    return jsonb_build_object('sessions_ended', 0);
  end if;
  delete from auth.sessions s
   where s.user_id = v_user_id
     and case scope
           when 'local' then s.id = local_auth_logout.session_id
           when 'others' then s.id <> local_auth_logout.session_id
           else true
         end;
  get diagnostics v_count = row_count;
  return jsonb_build_object('sessions_ended', v_count);
end
$$;

-- POST /auth/v1/admin/users (supabase-js auth.admin.createUser), and for seeds and tests.
create or replace function public.local_auth_admin_create_user(
  email text,
  password text default null,
  email_confirm boolean default true,
  app_metadata jsonb default '{}'::jsonb,
  user_metadata jsonb default '{}'::jsonb,
  id uuid default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user auth.users;
  v_email text := lower(trim(local_auth_admin_create_user.email));
begin
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+$' then
    return jsonb_build_object('error', 'validation_failed');
  end if;
  if exists (select from auth.users u where lower(u.email) = v_email and not u.is_sso_user) then
    return jsonb_build_object('error', 'email_exists');
  end if;
  insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                          raw_app_meta_data, raw_user_meta_data)
  values (
    coalesce(local_auth_admin_create_user.id, gen_random_uuid()),
    '00000000-0000-0000-0000-000000000000',
    'authenticated', 'authenticated', v_email,
    case when password is null then ''
         else extensions.crypt(password, extensions.gen_salt('bf')) end,
    case when email_confirm then now() end,
    '{"provider": "email", "providers": ["email"]}'::jsonb || coalesce(app_metadata, '{}'::jsonb),
    coalesce(user_metadata, '{}'::jsonb)
  )
  returning * into v_user;
  return jsonb_build_object('user', auth.local_user_json(v_user));
end
$$;

-- PUT /auth/v1/admin/users/{id} (auth.admin.updateUserById): metadata are merged like GoTrue.
create or replace function public.local_auth_admin_update_user(
  id uuid,
  email text default null,
  password text default null,
  email_confirm boolean default null,
  app_metadata jsonb default null,
  user_metadata jsonb default null,
  ban_duration text default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user auth.users;
begin
  update auth.users u set
    email = coalesce(lower(trim(local_auth_admin_update_user.email)), u.email),
    encrypted_password = case when password is null then u.encrypted_password
                              else extensions.crypt(password, extensions.gen_salt('bf')) end,
    email_confirmed_at = case when email_confirm is true then coalesce(u.email_confirmed_at, now())
                              when email_confirm is false then null
                              else u.email_confirmed_at end,
    raw_app_meta_data = case when app_metadata is null then u.raw_app_meta_data
                             else coalesce(u.raw_app_meta_data, '{}'::jsonb) || app_metadata end,
    raw_user_meta_data = case when user_metadata is null then u.raw_user_meta_data
                              else coalesce(u.raw_user_meta_data, '{}'::jsonb) || user_metadata end,
    banned_until = case when ban_duration is null then u.banned_until
                        when ban_duration = 'none' then null
                        else now() + ban_duration::interval end,
    updated_at = now()
  where u.id = local_auth_admin_update_user.id and u.deleted_at is null
  returning * into v_user;
  if v_user.id is null then
    return jsonb_build_object('error', 'user_not_found');
  end if;
  return jsonb_build_object('user', auth.local_user_json(v_user));
end
$$;

-- DELETE /auth/v1/admin/users/{id} (hard delete; sessions and tokens cascade).
create or replace function public.local_auth_admin_delete_user(id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user auth.users;
begin
  delete from auth.users u where u.id = local_auth_admin_delete_user.id returning * into v_user;
  if v_user.id is null then
    return jsonb_build_object('error', 'user_not_found');
  end if;
  return jsonb_build_object('user', auth.local_user_json(v_user));
end
$$;

-- GET /auth/v1/admin/users (auth.admin.listUsers), newest first like GoTrue.
create or replace function public.local_auth_admin_list_users(page int default 1, per_page int default 50) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'users', coalesce((
      select jsonb_agg(auth.local_user_json(u) order by u.created_at desc, u.id)
        from auth.users u
       where u.id in (select p.id from auth.users p where p.deleted_at is null
                      order by p.created_at desc, p.id
                      limit greatest(per_page, 1) offset (greatest(page, 1) - 1) * greatest(per_page, 1))
    ), '[]'::jsonb),
    'total', (select count(*) from auth.users where deleted_at is null)
  )
$$;

-- The default privileges above grant every new function in `public` to anon and authenticated:
-- take these back, so only a service_role JWT can reach them through PostgREST.
revoke all on function
  public.local_auth_password_grant(text, text),
  public.local_auth_refresh(text),
  public.local_auth_get_user(uuid, uuid),
  public.local_auth_logout(uuid, text),
  public.local_auth_admin_create_user(text, text, boolean, jsonb, jsonb, uuid),
  public.local_auth_admin_update_user(uuid, text, text, boolean, jsonb, jsonb, text),
  public.local_auth_admin_delete_user(uuid),
  public.local_auth_admin_list_users(int, int)
  from public, anon, authenticated;
grant execute on function
  public.local_auth_password_grant(text, text),
  public.local_auth_refresh(text),
  public.local_auth_get_user(uuid, uuid),
  public.local_auth_logout(uuid, text),
  public.local_auth_admin_create_user(text, text, boolean, jsonb, jsonb, uuid),
  public.local_auth_admin_update_user(uuid, text, text, boolean, jsonb, jsonb, text),
  public.local_auth_admin_delete_user(uuid),
  public.local_auth_admin_list_users(int, int)
  to service_role;

-- Who the database thinks the caller is: lets tests prove that the JWT's claims reach SQL.
-- Deliberately not SECURITY DEFINER, so current_user is the role PostgREST switched to.
-- LOCAL STACK ONLY: this file is never applied to hosted Supabase, and the function says so in
-- its answer and its description; never expose a local stack beyond the loopback interface.
create or replace function public.local_whoami() returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'uid', auth.uid(),
    'role', auth.role(),
    'email', auth.email(),
    'current_user', current_user,
    'app_metadata', auth.jwt() -> 'app_metadata',
    'session_id', auth.jwt() ->> 'session_id',
    'local_only', 'local development stack only (supabase/local/bootstrap.sql); does not exist on hosted Supabase'
  )
$$;
comment on function public.local_whoami() is
  'LOCAL STACK ONLY (supabase/local/bootstrap.sql, never applied to hosted Supabase): who the database thinks the caller is, for tests.';
grant execute on function public.local_whoami() to anon, authenticated, service_role;
