-- Foundation: extensions, the private `app` schema of helpers used by RLS and triggers,
-- and the claims model. Roles come from the JWT's app_metadata (set only by the service
-- role / admin tooling), never from user_metadata, which users can edit themselves.
--
-- app_metadata shape:
--   { "app_role": "admin" | "regulator" | "planner" | "command" | "enterprise",
--     "area_codes": ["440704"],          -- regulator jurisdiction (administrative codes)
--     "enterprise_id": "<uuid>" }        -- enterprise users only

create schema if not exists extensions;

create extension if not exists postgis with schema extensions;

grant usage on schema extensions to anon, authenticated, service_role;

create schema if not exists app;

grant usage on schema app to anon, authenticated, service_role;

-- The prefix that every code inside an administrative area starts with. GB/T 2260 codes pad
-- with zeros: province 440000 → '44', city 440700 → '4407', district 440704 → '440704';
-- streets (9 digits) and grids (12+) extend their parent's code.
create or replace function app.code_prefix(code text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when length(code) = 6 and code ~ '^[0-9]{2}0000$' then left(code, 2)
    when length(code) = 6 and code ~ '^[0-9]{4}00$' then left(code, 4)
    else code
  end
$$;

-- Claims of the current request as PostgREST sets them; '{}' outside a request.
create or replace function app.claims() returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
$$;

-- The application role of the caller, or 'anon'. Only an authenticated JWT can carry one.
create or replace function app.user_role() returns text
language sql stable
set search_path = ''
as $$
  select case
    when app.claims() ->> 'role' = 'authenticated'
      then coalesce(app.claims() -> 'app_metadata' ->> 'app_role', 'none')
    when app.claims() ->> 'role' = 'service_role' then 'service'
    else 'anon'
  end
$$;

-- LIKE patterns of the caller's jurisdiction: administrative codes are hierarchical
-- (4407 → 440704 → 440704001 → 440704001003), so a prefix match is "inside".
create or replace function app.scope_patterns() returns text[]
language sql stable
set search_path = ''
as $$
  select coalesce(array_agg(app.code_prefix(code) || '%'), '{}')
  from jsonb_array_elements_text(coalesce(app.claims() -> 'app_metadata' -> 'area_codes', '[]'::jsonb)) as code
  where code ~ '^[0-9]{6,15}$'
$$;

create or replace function app.enterprise_id() returns uuid
language sql stable
set search_path = ''
as $$
  select case
    when (app.claims() -> 'app_metadata' ->> 'enterprise_id') ~* '^[0-9a-f-]{36}$'
      then (app.claims() -> 'app_metadata' ->> 'enterprise_id')::uuid
  end
$$;

-- Roles that read every row of the operational tables.
create or replace function app.reads_all() returns boolean
language sql stable
set search_path = ''
as $$ select app.user_role() in ('admin', 'command', 'planner', 'service') $$;

-- updated_at kept by trigger on every table: the map wall's "changes since" feed relies on it.
create or replace function app.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Unified social credit code (GB 32100-2015): 18 characters with a mod-31 check character.
create or replace function app.credit_code_is_valid(code text) returns boolean
language plpgsql immutable
set search_path = ''
as $$
declare
  alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
  weights constant int[] := array[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28];
  total int := 0;
  pos int;
  check_value int;
begin
  if code is null or code !~ '^[0-9A-HJ-NPQRTUWXY]{18}$' then
    return false;
  end if;
  for i in 1..17 loop
    pos := strpos(alphabet, substr(code, i, 1)) - 1;
    total := total + pos * weights[i];
  end loop;
  check_value := (31 - total % 31) % 31;
  return substr(code, 18, 1) = substr(alphabet, check_value + 1, 1);
end
$$;

-- Refuse coordinates outside lon/lat range with a message that says so.
create or replace function app.check_lonlat(g extensions.geometry, what text) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  b extensions.box2d;
begin
  if g is null then
    return;
  end if;
  b := extensions.box2d(g);
  if extensions.st_xmin(b) < -180 or extensions.st_xmax(b) > 180
     or extensions.st_ymin(b) < -90 or extensions.st_ymax(b) > 90 then
    raise exception '% has coordinates out of range: longitude must be within [-180, 180] and latitude within [-90, 90] (got %)',
      what, extensions.st_astext(g)
      using errcode = '22023';
  end if;
end
$$;

-- The one append-only guard of every history table (BEFORE UPDATE OR DELETE per row, BEFORE
-- TRUNCATE per statement). The trigger's arguments carry the words: the message (a format()
-- pattern, %s = the refused operation) and the hint.
create or replace function app.refuse_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception '%', format(tg_argv[0], lower(tg_op)) using errcode = '42501', hint = tg_argv[1];
end
$$;

-- Argument checks shared by the RPCs: a null required argument is refused with its name (not
-- formatted into a message as "<NULL>"), and a levels filter holds only the levels 1–4.

-- A required argument: null is refused with the argument's name (22023 like the other argument checks → 400).
create or replace function app.require_arg(value anyelement, name text) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if value is null then
    raise exception '%: required (必填)', name using errcode = '22023';
  end if;
end
$$;

-- Risk levels filter: null means "all levels"; otherwise at most the 4 distinct levels 1–4.
create or replace function app.check_levels(levels int[]) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if levels is null then
    return;
  end if;
  if cardinality(levels) > 4 then
    raise exception 'levels: at most 4 values (levels are 1–4), got % (风险等级最多 4 个)', cardinality(levels)
      using errcode = '22023';
  end if;
  if exists (select 1 from unnest(levels) v where v is null or v not between 1 and 4) then
    raise exception 'levels: each value must be 1, 2, 3 or 4 (风险等级只能是 1–4)' using errcode = '22023';
  end if;
end
$$;

grant execute on function app.require_arg(anyelement, text) to anon, authenticated, service_role;

grant execute on function app.check_levels(int[]) to anon, authenticated, service_role;
