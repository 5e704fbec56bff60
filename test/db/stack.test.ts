// The local Supabase-compatible stack, end to end: real PGlite (or DATABASE_URL), real
// PostgREST, the gateway, and supabase-js as the app uses it. No mocks.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { AuthApiError, createClient } from '@supabase/supabase-js'
import { SignJWT, decodeJwt, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlExecutor } from '../../supabase/local/db.ts'
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY, jwtSecretKey } from '../../supabase/local/keys.ts'
import { MigrationError, applyBootstrap, applyMigrations, listMigrations } from '../../supabase/local/migrate.ts'
import { startStack, type Stack } from '../../supabase/local/stack.ts'
import { readyForQueryStripper } from '../../supabase/local/wire-fix.ts'
import { nativePostgresUnavailable, startNativePostgres, type NativePostgres } from '../helpers/native-pg.ts'
import { TEST_PORT_BASE, anonClient, clientOptions, serviceClient, signIn, sql, stackInfo, useStack } from '../helpers/stack.ts'

useStack()

const secret = new TextEncoder().encode(JWT_SECRET)

describe('Supabase demo keys', () => {
  it('anon and service_role keys verify against the local JWT secret', async () => {
    const anon = await jwtVerify(ANON_KEY, secret)
    expect(anon.payload).toMatchObject({ iss: 'supabase-demo', role: 'anon' })
    const service = await jwtVerify(SERVICE_ROLE_KEY, secret)
    expect(service.payload).toMatchObject({ iss: 'supabase-demo', role: 'service_role' })
  })

  it('a key signed with another secret does not verify', async () => {
    const forged = await new SignJWT({ iss: 'supabase-demo', role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret'))
    await expect(jwtVerify(forged, secret)).rejects.toThrow(/signature/)
  })
})

describe('PGlite wire-protocol fix', () => {
  const msg = (type: string, body: number[]): number[] => {
    const len = body.length + 4
    return [type.charCodeAt(0), (len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255, ...body]
  }
  const parseComplete = msg('1', [])
  const error = msg('E', [...Buffer.from('SERROR\0C42501\0Mpermission denied\0\0')])
  const ready = msg('Z', [0x45])
  const param = msg('S', [...Buffer.from('is_superuser\0on\0')])
  const stream = [...parseComplete, ...error, ...param, ...ready, ...parseComplete]
  const expected = [...parseComplete, ...error, ...param, ...parseComplete]

  it('drops ReadyForQuery however the output is chunked', () => {
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b += 3) {
        const out: number[] = []
        const strip = readyForQueryStripper((d) => out.push(...d))
        for (const part of [stream.slice(0, a), stream.slice(a, b), stream.slice(b)]) {
          if (part.length) strip(Uint8Array.from(part))
        }
        expect(out, `split at ${a}/${b}`).toEqual(expected)
      }
    }
  })
})

describe('migrations runner', () => {
  let db: PGlite
  let exec: SqlExecutor
  let dir: string

  beforeAll(async () => {
    db = await PGlite.create('memory://', { extensions: { pgcrypto } })
    exec = { query: async (q, p) => ({ rows: (await db.query(q, p as any[])).rows as any[] }), exec: async (q) => void (await db.exec(q)) }
    dir = await mkdtemp(join(tmpdir(), 'migrations-'))
    await writeFile(join(dir, '20260101000000_first.sql'), 'create table public.m1 (id int);\n')
    await writeFile(join(dir, '20260101000100_second.sql'), 'create table public.m2 (id int);\ninsert into public.m2 values (1);\n')
    await writeFile(join(dir, '20260101000200_broken.sql'), 'create table public.m3 (id int);\n-- a comment\nselect * from public.no_such_table;\n')
    await writeFile(join(dir, 'README.md'), 'not a migration')
  }, 60_000)
  afterAll(async () => {
    await db?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('bootstrap is idempotent', async () => {
    await applyBootstrap(exec)
    await applyBootstrap(exec)
    const { rows } = await exec.query<{ rolname: string; rolbypassrls: boolean }>(
      "select rolname, rolbypassrls from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by 1",
    )
    expect(rows.map((r) => r.rolname)).toEqual(['anon', 'authenticated', 'authenticator', 'service_role'])
    expect(rows.find((r) => r.rolname === 'service_role')?.rolbypassrls).toBe(true)
  })

  it('applies in order, records history, and stops at the failing file with its line', async () => {
    const files = await listMigrations(dir)
    expect(files.map((f) => f.version)).toEqual(['20260101000000', '20260101000100', '20260101000200'])

    const failure = await applyMigrations(exec, { dir }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(MigrationError)
    const err = failure as MigrationError
    expect(err.file).toBe('20260101000200_broken.sql')
    expect(err.message).toMatch(/relation "public.no_such_table" does not exist/)
    expect(err.message).toMatch(/line 3, column \d+: select \* from public\.no_such_table/)

    const { rows } = await exec.query<{ version: string; name: string }>('select version, name from supabase_migrations.schema_migrations order by version')
    expect(rows).toEqual([
      { version: '20260101000000', name: 'first' },
      { version: '20260101000100', name: 'second' },
    ])
    // The failed file's transaction left nothing behind.
    const { rows: m3 } = await exec.query("select to_regclass('public.m3') as t")
    expect(m3[0].t).toBeNull()
  })

  it('skips what is applied on the next run', async () => {
    await rm(join(dir, '20260101000200_broken.sql'))
    const result = await applyMigrations(exec, { dir })
    expect(result).toEqual({ applied: [], skipped: 2, changed: [] })
    const { rows } = await exec.query<{ n: string }>('select count(*) as n from public.m2')
    expect(Number(rows[0]!.n)).toBe(1) // the insert ran once
  })

  it('flags an applied file that was edited afterwards, without re-running it', async () => {
    await writeFile(join(dir, '20260101000000_first.sql'), 'create table public.m1 (id int, extra text);\n')
    const warnings: string[] = []
    const result = await applyMigrations(exec, { dir, log: (m) => warnings.push(m) })
    expect(result).toEqual({ applied: [], skipped: 2, changed: ['20260101000000_first.sql'] })
    expect(warnings.join('\n')).toMatch(/20260101000000_first\.sql changed after it was applied/)
  })

  it('refuses new files on a database built from migrations no longer in the folder (a squash)', async () => {
    await rm(join(dir, '20260101000000_first.sql'))
    await writeFile(join(dir, '20260101000300_baseline.sql'), 'create table public.m1 (id int);\n')
    const failure = await applyMigrations(exec, { dir }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(MigrationError)
    expect((failure as MigrationError).message).toMatch(/no longer in supabase\/migrations \(e\.g\. 20260101000000\).*--reset/)
    const { rows } = await exec.query<{ n: string }>("select count(*) as n from supabase_migrations.schema_migrations where version = '20260101000300'")
    expect(Number(rows[0]!.n)).toBe(0)
  })
})

describe('gateway and PostgREST', () => {
  it('answers anon GET /rest/v1/ with the OpenAPI description', async () => {
    const { url, anonKey } = stackInfo()
    const r = await fetch(`${url}/rest/v1/`, { headers: { apikey: anonKey } })
    expect(r.status).toBe(200)
    const body = (await r.json()) as { swagger?: string; info?: { version?: string } }
    expect(body.swagger).toBe('2.0')
    expect(body.info?.version).toMatch(/^12\./)
  })

  it('refuses requests without or with a wrong API key, like Supabase', async () => {
    const { url } = stackInfo()
    const none = await fetch(`${url}/rest/v1/`)
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ message: 'No API key found in request' })
    const wrong = await fetch(`${url}/rest/v1/`, { headers: { apikey: 'nope' } })
    expect(wrong.status).toBe(401)
  })

  it('answers CORS preflight and sets one Allow-Origin on proxied answers', async () => {
    const { url, anonKey } = stackInfo()
    const origin = 'http://127.0.0.1:5173'
    const pre = await fetch(`${url}/rest/v1/areas?select=*`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'apikey, authorization, x-client-info' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin)
    const allowed = pre.headers.get('access-control-allow-headers') ?? ''
    for (const h of ['apikey', 'authorization', 'content-type', 'prefer', 'range', 'accept-profile', 'content-profile', 'x-client-info']) {
      expect(allowed).toContain(h)
    }
    const get = await fetch(`${url}/rest/v1/rpc/local_whoami`, { method: 'POST', headers: { origin, apikey: anonKey } })
    expect(get.status).toBe(200)
    expect(get.headers.get('access-control-allow-origin')).toBe(origin)
    expect(get.headers.get('access-control-expose-headers')).toContain('content-range')
  })

  it('keeps the local auth functions to the service role (and relays Postgres errors)', async () => {
    const { error } = await anonClient().rpc('local_auth_password_grant', { email: 'x@example.com', password: 'x' })
    expect(error?.code).toBe('42501')
    expect(error?.message).toMatch(/permission denied for function local_auth_password_grant/)
  })

  it('records the project migrations in supabase_migrations.schema_migrations', async () => {
    const { rows } = await sql().query<{ version: string }>('select version from supabase_migrations.schema_migrations order by 1')
    expect(rows.map((r) => r.version)).toEqual((await listMigrations()).map((m) => m.version))
  })
})

describe('auth through supabase-js', () => {
  const email = `planner-${Date.now()}@example.com`
  const password = 'correct horse battery staple'
  const appMetadata = { app_role: 'planner', area_codes: ['440704'] }
  let userId: string

  beforeAll(async () => {
    const { data, error } = await serviceClient().auth.admin.createUser({
      email,
      password,
      email_confirm: true,
      app_metadata: appMetadata,
      user_metadata: { name: 'Test Planner' },
    })
    expect(error).toBeNull()
    userId = data.user!.id
  })

  it('stores the user in auth.users with a bcrypt hash', async () => {
    const { rows } = await sql().query<{ email: string; encrypted_password: string; raw_app_meta_data: any }>(
      'select email, encrypted_password, raw_app_meta_data from auth.users where id = $1',
      [userId],
    )
    expect(rows[0]!.email).toBe(email)
    expect(rows[0]!.encrypted_password).toMatch(/^\$2[ab]\$/)
    expect(rows[0]!.raw_app_meta_data).toMatchObject(appMetadata)
  })

  it('signs in with the password and issues GoTrue-shaped tokens', async () => {
    const client = anonClient()
    const { data, error } = await client.auth.signInWithPassword({ email, password })
    expect(error).toBeNull()
    const session = data.session!
    expect(session.token_type).toBe('bearer')
    expect(session.refresh_token).toMatch(/^[0-9a-f]{48}$/)
    const claims = decodeJwt(session.access_token)
    expect(claims).toMatchObject({ sub: userId, role: 'authenticated', aud: 'authenticated', email, app_metadata: appMetadata })
    expect(claims.exp! - claims.iat!).toBe(3600)
    expect(typeof claims.session_id).toBe('string')
    await expect(jwtVerify(session.access_token, jwtSecretKey())).resolves.toBeTruthy()
    expect(data.user!.id).toBe(userId)
  })

  it('rejects a wrong password with a clear AuthApiError', async () => {
    const { data, error } = await anonClient().auth.signInWithPassword({ email, password: 'wrong' })
    expect(data.session).toBeNull()
    expect(error).toBeInstanceOf(AuthApiError)
    expect(error!.message).toBe('Invalid login credentials')
    expect(error!.status).toBe(400)
    expect(error!.code).toBe('invalid_credentials')
  })

  it('rejects an unknown email the same way', async () => {
    const { error } = await anonClient().auth.signInWithPassword({ email: 'nobody@example.com', password })
    expect(error?.message).toBe('Invalid login credentials')
  })

  it('getUser returns the user with app_metadata', async () => {
    const client = await signIn(email, password)
    const { data, error } = await client.auth.getUser()
    expect(error).toBeNull()
    expect(data.user!.id).toBe(userId)
    expect(data.user!.email).toBe(email)
    expect(data.user!.app_metadata).toMatchObject(appMetadata)
    expect(data.user!.user_metadata).toMatchObject({ name: 'Test Planner' })
  })

  it('hands the JWT claims to Postgres (auth.uid(), auth.jwt(), current_user)', async () => {
    const client = await signIn(email, password)
    const { data, error } = await client.rpc('local_whoami')
    expect(error).toBeNull()
    expect(data).toMatchObject({ uid: userId, role: 'authenticated', current_user: 'authenticated', email, app_metadata: appMetadata })
    const anon = await anonClient().rpc('local_whoami')
    expect(anon.data).toMatchObject({ uid: null, role: 'anon', current_user: 'anon' })
  })

  it('rotates refresh tokens and revokes the used one', async () => {
    const client = await signIn(email, password)
    const before = (await client.auth.getSession()).data.session!
    const { data, error } = await client.auth.refreshSession()
    expect(error).toBeNull()
    expect(data.session!.refresh_token).not.toBe(before.refresh_token)
    expect(decodeJwt(data.session!.access_token).session_id).toBe(decodeJwt(before.access_token).session_id)
    const { rows } = await sql().query<{ token: string; revoked: boolean; parent: string | null }>(
      'select token, revoked, parent from auth.refresh_tokens where token = any($1) order by id',
      [[before.refresh_token, data.session!.refresh_token]],
    )
    expect(rows).toEqual([
      { token: before.refresh_token, revoked: true, parent: null },
      { token: data.session!.refresh_token, revoked: false, parent: before.refresh_token },
    ])
  })

  it('getSession refreshes an expired access token with the refresh token', async () => {
    const signedIn = await signIn(email, password)
    const { refresh_token } = (await signedIn.auth.getSession()).data.session!
    // An access token that expired a minute ago, signed with the right secret.
    const now = Math.floor(Date.now() / 1000)
    const expired = await new SignJWT({ sub: userId, role: 'authenticated', email })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setAudience('authenticated')
      .setIssuedAt(now - 3660)
      .setExpirationTime(now - 60)
      .sign(jwtSecretKey())
    const { url, anonKey } = stackInfo()
    const client = createClient(url, anonKey, clientOptions)
    const set = await client.auth.setSession({ access_token: expired, refresh_token })
    expect(set.error).toBeNull()
    const { data } = await client.auth.getSession()
    expect(data.session!.access_token).not.toBe(expired)
    expect(data.session!.expires_at!).toBeGreaterThan(now + 3000)
    expect(data.session!.refresh_token).not.toBe(refresh_token)
    expect(data.session!.user.id).toBe(userId)
  })

  it('signOut ends the session: its refresh token and access token stop working', async () => {
    const client = await signIn(email, password)
    const session = (await client.auth.getSession()).data.session!
    const sessionId = decodeJwt(session.access_token).session_id as string
    const { error } = await client.auth.signOut()
    expect(error).toBeNull()

    const { rows } = await sql().query<{ n: string }>('select count(*) as n from auth.refresh_tokens where session_id = $1', [sessionId])
    expect(rows[0]!.n).toBe('0')

    const other = anonClient()
    const refreshed = await other.auth.refreshSession({ refresh_token: session.refresh_token })
    expect(refreshed.error?.message).toBe('Invalid Refresh Token: Refresh Token Not Found')

    const { url, anonKey } = stackInfo()
    const user = await fetch(`${url}/auth/v1/user`, { headers: { apikey: anonKey, authorization: `Bearer ${session.access_token}` } })
    expect(user.status).toBe(403)
  })
})

describe('row-level security through PostgREST', () => {
  const email = `rls-${Date.now()}@example.com`
  const password = 'rls-password-123'
  let userId: string

  beforeAll(async () => {
    const created = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true })
    userId = created.data.user!.id
    const db = sql()
    await db.exec(`
      drop table if exists public.stack_test_notes;
      create table public.stack_test_notes (
        id serial primary key,
        owner uuid,
        is_public boolean not null default false,
        body text not null
      );
      alter table public.stack_test_notes enable row level security;
      create policy "public notes" on public.stack_test_notes for select to anon, authenticated using (is_public);
      create policy "own notes" on public.stack_test_notes for select to authenticated using (owner = auth.uid());
      create policy "write own" on public.stack_test_notes for insert to authenticated with check (owner = auth.uid());
      grant select on public.stack_test_notes to anon;
      grant select, insert on public.stack_test_notes to authenticated;
      grant usage on sequence public.stack_test_notes_id_seq to authenticated;
    `)
    await db.query(
      `insert into public.stack_test_notes (owner, is_public, body) values
         (null, true, 'public 1'), (null, true, 'public 2'), ($1, false, 'mine'), (gen_random_uuid(), false, 'someone else''s')`,
      [userId],
    )
    await db.reloadSchema()
  }, 60_000)

  afterAll(async () => {
    await sql().exec('drop table if exists public.stack_test_notes')
  })

  it('anon sees fewer rows than the owner', async () => {
    const anon = await anonClient().from('stack_test_notes').select('body').order('id')
    expect(anon.error).toBeNull()
    expect(anon.data!.map((r) => r.body)).toEqual(['public 1', 'public 2'])

    const user = await signIn(email, password)
    const mine = await user.from('stack_test_notes').select('body').order('id')
    expect(mine.data!.map((r) => r.body)).toEqual(['public 1', 'public 2', 'mine'])

    const all = await serviceClient().from('stack_test_notes').select('body', { count: 'exact', head: true })
    expect(all.count).toBe(4)
  })

  it('WITH CHECK refuses writing rows for someone else', async () => {
    const user = await signIn(email, password)
    const ok = await user.from('stack_test_notes').insert({ owner: userId, body: 'new' })
    expect(ok.error).toBeNull()
    const bad = await user.from('stack_test_notes').insert({ owner: '00000000-0000-4000-8000-000000000001', body: 'forged' })
    expect(bad.error?.code).toBe('42501')
    expect(bad.error?.message).toMatch(/row-level security/)
    const anonWrite = await anonClient().from('stack_test_notes').insert({ body: 'anon' })
    expect(anonWrite.error?.code).toBe('42501')
  })

  it('serves parallel requests while superuser SQL runs (one PGlite session)', async () => {
    const user = await signIn(email, password)
    const db = sql()
    const rest = Array.from({ length: 60 }, () => user.from('stack_test_notes').select('id').eq('body', 'mine'))
    const direct = Array.from({ length: 10 }, (_, i) => db.query<{ n: number }>('select $1::int as n', [i]))
    const [restResults, directResults] = await Promise.all([Promise.all(rest), Promise.all(direct)])
    expect(restResults.filter((r) => r.error || r.data?.length !== 1)).toEqual([])
    expect(directResults.map((r) => r.rows[0]!.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
})

describe('demo data', () => {
  it('is loaded on first start when the seed loader exists', async (ctx) => {
    const { rows } = await sql().query<{ present: boolean }>("select to_regclass('public.areas') is not null as present")
    const loader = await import('node:fs').then((fs) => fs.existsSync(new URL('../../supabase/seed/load.ts', import.meta.url)))
    if (!rows[0]!.present || !loader) ctx.skip('no public.areas table or no supabase/seed/load.ts yet')
    const count = await sql().query<{ n: string }>('select count(*) as n from public.areas')
    expect(Number(count.rows[0]!.n)).toBeGreaterThan(0)
  })
})

describe('persistent PGlite data folder', () => {
  let dataDir: string
  const ports = { gateway: TEST_PORT_BASE + 200, db: TEST_PORT_BASE + 201, postgrest: TEST_PORT_BASE + 210 }
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pglite-data-'))
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'keeps users across restarts, and the second start skips migrations',
    async () => {
      const log = (m: string): void => console.log(`[persist] ${m}`)
      const first: Stack = await startStack({ dataDir, ports, seed: false, log })
      try {
        const created = await createClient(first.url, first.serviceRoleKey, clientOptions).auth.admin.createUser({
          email: 'persist@example.com',
          password: 'persist-password',
          email_confirm: true,
        })
        expect(created.error).toBeNull()
      } finally {
        await first.stop()
      }
      const second: Stack = await startStack({ dataDir, ports, seed: false, log })
      try {
        const { rows } = await second.db.query<{ n: string }>('select count(*) as n from supabase_migrations.schema_migrations')
        expect(Number(rows[0]!.n)).toBe((await listMigrations()).length)
        const client = createClient(second.url, second.anonKey, clientOptions)
        const { error } = await client.auth.signInWithPassword({ email: 'persist@example.com', password: 'persist-password' })
        expect(error).toBeNull()
        console.log(`[persist] cold ${first.timings.total} ms, warm ${second.timings.total} ms`)
        expect(second.timings.migrations!).toBeLessThan(first.timings.migrations!)
      } finally {
        await second.stop()
      }
    },
    240_000,
  )
})

const nativeUnavailable = nativePostgresUnavailable()
if (nativeUnavailable) console.warn(`[native parity] skipped: ${nativeUnavailable}`)

describe.skipIf(nativeUnavailable !== null)('native PostgreSQL parity', () => {
  let native: NativePostgres | null = null
  let stack: Stack | null = null
  let migrationsDir: string

  beforeAll(async () => {
    native = await startNativePostgres()
    migrationsDir = await mkdtemp(join(tmpdir(), 'native-migrations-'))
    await writeFile(
      join(migrationsDir, '20260101000000_parity.sql'),
      `create schema if not exists extensions;
       create extension if not exists postgis with schema extensions;
       create table public.places (
         id serial primary key,
         name text not null,
         is_public boolean not null default false,
         geog extensions.geography(point, 4326) not null
       );
       alter table public.places enable row level security;
       create policy "public places" on public.places for select to anon using (is_public);
       create policy "all places" on public.places for select to authenticated using (true);
       insert into public.places (name, is_public, geog) values
         ('gate', true, extensions.st_point(113.08, 22.58)::extensions.geography),
         ('store', false, extensions.st_point(113.09, 22.59)::extensions.geography);
      `,
    )
    stack = await startStack({
      databaseUrl: native!.databaseUrl,
      migrationsDir,
      ports: { gateway: TEST_PORT_BASE + 100, db: TEST_PORT_BASE + 101, postgrest: TEST_PORT_BASE + 110 },
      seed: false,
      log: (m) => console.log(`[native] ${m}`),
    })
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
    await native?.stop()
    if (migrationsDir) await rm(migrationsDir, { recursive: true, force: true })
  }, 60_000)

  it('applies the bootstrap twice and the migration once on PostgreSQL 15', async () => {
    await applyBootstrap(stack!.db)
    const { rows } = await stack!.db.query<{ version: string; v: string }>(
      "select version, (select current_setting('server_version_num')) as v from supabase_migrations.schema_migrations",
    )
    expect(rows).toEqual([{ version: '20260101000000', v: expect.stringMatching(/^15/) }])
  })

  it('serves the same auth and RLS through PostgREST', async () => {
    const admin = createClient(stack!.url, stack!.serviceRoleKey, clientOptions)
    const created = await admin.auth.admin.createUser({ email: 'native@example.com', password: 'native-pass', email_confirm: true })
    expect(created.error).toBeNull()

    const anon = createClient(stack!.url, stack!.anonKey, clientOptions)
    const publicRows = await anon.from('places').select('name')
    expect(publicRows.data).toEqual([{ name: 'gate' }])

    const user = createClient(stack!.url, stack!.anonKey, clientOptions)
    const signed = await user.auth.signInWithPassword({ email: 'native@example.com', password: 'native-pass' })
    expect(signed.error).toBeNull()
    const all = await user.from('places').select('name').order('id')
    expect(all.data).toEqual([{ name: 'gate' }, { name: 'store' }])
    const who = await user.rpc('local_whoami')
    expect(who.data).toMatchObject({ uid: created.data.user!.id, current_user: 'authenticated' })

    const wrong = await anon.auth.signInWithPassword({ email: 'native@example.com', password: 'nope' })
    expect(wrong.error?.message).toBe('Invalid login credentials')
  })
})
