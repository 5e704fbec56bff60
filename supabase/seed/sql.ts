// SQL text for the generated rows: multi-row INSERT … VALUES statements with literals, which
// both the loader (PGlite or pg, one statement per chunk) and the seed.sql writer use, so the
// two paths cannot drift. Literals rather than bind parameters because a static seed.sql has
// none, and PostgreSQL coerces quoted literals in INSERT … VALUES to the target column's type
// (geometry from EWKT, enums, dates), so no casts are needed.
import type { Row } from './context.ts'
import { isSqlRef } from './context.ts'
import { DEMO_USERS, appMetaData } from './demo-users.ts'

const IDENT = /^[a-z_][a-z0-9_]*$/

export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unexpected identifier ${name}`)
  return name
}

/** A standard-conforming string literal ('' doubles quotes; backslashes are plain). */
export function quote(s: string): string {
  if (s.includes('\0')) throw new Error('NUL in text')
  return "'" + s.replace(/'/g, "''") + "'"
}

export function literal(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) throw new Error('undefined value (a column missing from a row?)')
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`non-finite number ${v}`)
    return String(v)
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'string') return quote(v)
  if (isSqlRef(v)) {
    const { table, select, by, value } = v.ref
    return `(select ${ident(select)} from public.${ident(table)} where ${ident(by)} = ${quote(value)})`
  }
  if (Array.isArray(v) || typeof v === 'object') return quote(JSON.stringify(v))
  throw new Error(`cannot write ${typeof v} as SQL`)
}

export function insertSql(table: string, columns: readonly string[], rows: readonly Row[]): string {
  const head = `insert into public.${ident(table)} (${columns.map(ident).join(', ')}) values\n`
  const values = rows.map((r) => '(' + columns.map((c) => literal(r[c])).join(', ') + ')')
  return head + values.join(',\n') + ';\n'
}

/** Groups a row stream into chunks for multi-row statements. */
export function* chunks<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let buf: T[] = []
  for (const r of rows) {
    buf.push(r)
    if (buf.length >= size) {
      yield buf
      buf = []
    }
  }
  if (buf.length) yield buf
}

/**
 * Demo rows already present? They cannot be replaced in place: every hidden danger has
 * append-only history (hidden_danger_events, ON DELETE RESTRICT), so the loader refuses and
 * asks for a fresh database instead of deleting around that rule.
 */
export const DEMO_PRESENT_SQL = `select exists (select from public.areas where is_demo) or exists (select from public.enterprises where is_demo) as present`

/**
 * Statistics for tables never analysed (the reference tables of a fresh database). The triggers
 * that run during the load (GB 18218 regrading counts the people near each hazard source) are
 * planned from them: a never-analysed one-row settings table estimated at a thousand rows makes
 * PostgreSQL JIT-compile every such query (≈ 0.7 s each).
 */
export const ANALYZE_UNANALYSED_SQL = `do $analyze$
declare r record;
begin
  for r in select c.relname from pg_class c
           where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.reltuples < 0 loop
    execute format('analyze public.%I', r.relname);
  end loop;
end
$analyze$;
`

/**
 * Creates (or re-creates) the demo users in auth.users. A DO block, so the same text runs from
 * the loader and from seed.sql, and adapts to the auth schema it finds: Supabase's GoTrue scans
 * its token columns into non-null strings (NULL there breaks sign-in) and wants an
 * auth.identities row for email sign-in; the embedded stack's auth.users has neither. The bcrypt
 * hash comes from pgcrypto wherever it is installed (schema extensions on Supabase).
 */
export function demoUsersSql(): string {
  const users = DEMO_USERS.map((u) => ({
    id: u.id,
    email: u.email,
    password: u.password,
    app_meta: appMetaData(u),
    user_meta: { name: u.displayName, is_demo: true },
  }))
  return `do $demo_users$
declare
  crypto_schema text;
  col text;
  u record;
  hash text;
  ids uuid[] := '{}';
begin
  select n.nspname into crypto_schema
  from pg_extension e join pg_namespace n on n.oid = e.extnamespace
  where e.extname = 'pgcrypto';
  if crypto_schema is null then
    create extension if not exists pgcrypto with schema extensions;
    crypto_schema := 'extensions';
  end if;

  for u in
    select * from jsonb_to_recordset(${quote(JSON.stringify(users))}::jsonb)
      as x(id uuid, email text, password text, app_meta jsonb, user_meta jsonb)
  loop
    ids := ids || u.id;
    delete from auth.users where id = u.id or email = u.email;
    execute format('select %1$I.crypt($1, %1$I.gen_salt(''bf''))', crypto_schema) into hash using u.password;
    insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values (u.id, 'authenticated', 'authenticated', u.email, hash, now(), u.app_meta, u.user_meta, now(), now());
  end loop;

  for col in
    select column_name from information_schema.columns
    where table_schema = 'auth' and table_name = 'users'
      and column_name in ('confirmation_token', 'recovery_token', 'email_change_token_new', 'email_change',
                          'email_change_token_current', 'phone_change', 'phone_change_token', 'reauthentication_token')
  loop
    execute format('update auth.users set %1$I = coalesce(%1$I, '''') where id = any($1)', col) using ids;
  end loop;
  if exists (select 1 from information_schema.columns
             where table_schema = 'auth' and table_name = 'users' and column_name = 'instance_id') then
    execute 'update auth.users set instance_id = ''00000000-0000-0000-0000-000000000000'' where id = any($1) and instance_id is null' using ids;
  end if;

  if to_regclass('auth.identities') is not null then
    if exists (select 1 from information_schema.columns
               where table_schema = 'auth' and table_name = 'identities' and column_name = 'provider_id') then
      execute $sql$
        insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
        select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now(), now()
        from auth.users u where u.id = any($1)
        on conflict do nothing
      $sql$ using ids;
    else
      execute $sql$
        insert into auth.identities (id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
        select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email), 'email', now(), now(), now()
        from auth.users u where u.id = any($1)
        on conflict do nothing
      $sql$ using ids;
    end if;
  end if;
end
$demo_users$;
`
}
