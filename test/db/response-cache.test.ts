// The gateway's shared response cache (supabase/local/response-cache.ts) through the real stack:
// identical read RPCs within the TTL are answered once (X-Cache: MISS then HIT), but never across
// roles or jurisdictions (the key holds the verified JWT claims RLS reads), a write is visible to
// the writer at once and to everyone else within the TTL, and Cache-Control: no-store bypasses it.
// Requests go through supabase-js for sign-in and answers, and through fetch where the X-Cache
// header must be read. The test switches the cache on for itself (test stacks run without it)
// through the local admin API, so it runs on local stacks only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { anonClient, signIn, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { jwtSecretKey } from '../../supabase/local/keys.ts'
import { CACHED_RPCS, CACHED_VIEWS } from '../../supabase/local/response-cache.ts'
import { sharedSince } from '../../src/contract/wallFeed.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const TTL_MS = 1500
const TAG = `cache-test-${Date.now().toString(36)}`
let previousTtl = 0
let local = true
const tokens: Record<string, string> = {}
const clients: Record<string, SupabaseClient> = {}

async function setTtl(ttl: number): Promise<number> {
  const { url, serviceRoleKey } = stackInfo()
  const r = await fetch(`${url}/local/v1/cache`, {
    method: 'POST',
    headers: { apikey: serviceRoleKey, Authorization: `Bearer ${serviceRoleKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ttl_ms: ttl }),
  })
  if (!r.ok) throw new Error(`/local/v1/cache answered ${r.status}`)
  return ((await r.json()) as { ttlMs: number }).ttlMs
}

async function currentTtl(): Promise<number | null> {
  const { url, serviceRoleKey } = stackInfo()
  const r = await fetch(`${url}/local/v1/cache`, { headers: { apikey: serviceRoleKey, Authorization: `Bearer ${serviceRoleKey}` } })
  return r.ok ? ((await r.json()) as { ttlMs: number }).ttlMs : null
}

/** One RPC as `who` (a token, or anon), with its X-Cache header. */
async function rpc(who: string | null, fn: string, args: Record<string, unknown>, headers: Record<string, string> = {}) {
  const { url, anonKey } = stackInfo()
  const r = await fetch(`${url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: anonKey, Authorization: `Bearer ${who ?? anonKey}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(args),
  })
  return { status: r.status, cache: r.headers.get('x-cache'), body: await r.json() }
}

const CITY = { west: 112.3, south: 21.4, east: 113.3, north: 22.9 }

beforeAll(async () => {
  const ttl = await currentTtl()
  if (ttl === null) {
    local = false
    return
  }
  previousTtl = ttl
  for (const role of ['regulator', 'command', 'enterprise', 'admin'] as const) {
    const u = demoUser(role)
    clients[role] = await signIn(u.email, u.password)
    tokens[role] = (await clients[role]!.auth.getSession()).data.session!.access_token
  }
  await setTtl(TTL_MS)
}, 120_000)

afterAll(async () => {
  if (local) await setTtl(previousTtl)
})

describe('response cache', () => {
  it('answers the same question twice as MISS then HIT, with the same answer as the database', async (ctx) => {
    if (!local) ctx.skip()
    const first = await rpc(null, 'public_layer_counts', CITY)
    const second = await rpc(null, 'public_layer_counts', CITY)
    expect(first.status).toBe(200)
    expect(first.cache).toBe('MISS')
    expect(second.cache).toBe('HIT')
    expect(second.body).toEqual(first.body)
    // supabase-js sees the same answer, and no-store goes past the cache to the database
    const viaJs = await anonClient().rpc('public_layer_counts', CITY)
    expect(viaJs.data).toEqual(first.body)
    const bypass = await rpc(null, 'public_layer_counts', CITY, { 'Cache-Control': 'no-store' })
    expect(bypass.cache).toBe('BYPASS')
    expect(bypass.body).toEqual(first.body)
    // other arguments are another question
    const district = await rpc(null, 'public_layer_counts', { ...CITY, area: DEMO_REGULATOR_AREA })
    expect(district.cache).toBe('MISS')
  })

  it('never serves one role’s or jurisdiction’s answer to another', async (ctx) => {
    if (!local) ctx.skip()
    // the regulator asks first and its answer is cached …
    const reg1 = await rpc(tokens.regulator!, 'wall_summary', {})
    const reg2 = await rpc(tokens.regulator!, 'wall_summary', {})
    expect([reg1.cache, reg2.cache]).toEqual(['MISS', 'HIT'])
    // … the command centre asking the same gets its own (it reads the whole city)
    const cmd = await rpc(tokens.command!, 'wall_summary', {})
    expect(cmd.cache).toBe('MISS')
    expect(cmd.body.risk_points.total).toBeGreaterThan(reg1.body.risk_points.total)
    // the enterprise too, and anon is refused (not handed a cached staff answer)
    const ent = await rpc(tokens.enterprise!, 'wall_summary', {})
    expect(ent.cache).toBe('MISS')
    expect(ent.body.risk_points.total).toBeLessThan(reg1.body.risk_points.total)
    const anon = await rpc(null, 'wall_summary', {})
    expect(anon.status).toBeGreaterThanOrEqual(400)
    expect(anon.cache).toBe('MISS')

    // a regulator of another district (same role, other area_codes) is another key
    const now = Math.floor(Date.now() / 1000)
    const otherToken = await new SignJWT({
      role: 'authenticated',
      aud: 'authenticated',
      sub: '00000000-0000-4000-8000-00000000c0de',
      app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
      iat: now,
      exp: now + 600,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(jwtSecretKey())
    const otherAnswer = await rpc(otherToken, 'wall_summary', {})
    expect(otherAnswer.cache).toBe('MISS')
    expect(otherAnswer.body.risk_points).not.toEqual(reg1.body.risk_points)

    // every cached answer equals what the database answers the same caller without the cache
    for (const [token, cached] of [
      [tokens.regulator!, reg2],
      [tokens.command!, cmd],
      [tokens.enterprise!, ent],
      [otherToken, otherAnswer],
    ] as const) {
      const direct = await rpc(token, 'wall_summary', {}, { 'Cache-Control': 'no-store' })
      expect(direct.body.risk_points).toEqual(cached.body.risk_points)
      expect(direct.body.hidden_dangers).toEqual(cached.body.hidden_dangers)
    }
    // signed-in and anon public counts are separate entries too
    await rpc(null, 'public_layer_counts', { ...CITY, area: '440703' })
    const signedIn = await rpc(tokens.command!, 'public_layer_counts', { ...CITY, area: '440703' })
    expect(signedIn.cache).toBe('MISS')
  })

  it('a write is seen by the writer at once and by everyone else within the TTL', async (ctx) => {
    if (!local) ctx.skip()
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.enterprises where id = $1`,
      [DEMO_ENTERPRISE_ID],
    )
    const site = rows[0]!
    // both cache the figures
    const cmd0 = await rpc(tokens.command!, 'wall_summary', {})
    const reg0 = await rpc(tokens.regulator!, 'wall_summary', {})
    expect((await rpc(tokens.command!, 'wall_summary', {})).cache).toBe('HIT')

    const ins = await clients
      .regulator!.from('hidden_dangers')
      .insert({ title: `${TAG} 消防通道堵塞`, source: 'inspection', location: `SRID=4326;POINT(${site.lon} ${site.lat})` })
      .select('id')
      .single()
    expect(ins.error).toBeNull()
    const t0 = Date.now()

    // the writer's own cached answers were dropped
    const reg1 = await rpc(tokens.regulator!, 'wall_summary', {})
    expect(reg1.cache).toBe('MISS')
    expect(reg1.body.hidden_dangers.total).toBe(reg0.body.hidden_dangers.total + 1)

    // the command centre may still be answered from the cache until the TTL has passed …
    const cmd1 = await rpc(tokens.command!, 'wall_summary', {})
    if (Date.now() - t0 < TTL_MS - 200) {
      expect(cmd1.cache).toBe('HIT')
      expect(cmd1.body.hidden_dangers.total).toBe(cmd0.body.hidden_dangers.total)
    }
    // … and sees the write once it has
    await new Promise((r) => setTimeout(r, TTL_MS + 50))
    const cmd2 = await rpc(tokens.command!, 'wall_summary', {})
    expect(cmd2.cache).toBe('MISS')
    expect(cmd2.body.hidden_dangers.total).toBe(cmd0.body.hidden_dangers.total + 1)
    // Cache-Control: no-cache asks for a fresh answer at any time
    const fresh = await rpc(tokens.command!, 'wall_summary', {}, { 'Cache-Control': 'no-cache' })
    expect(fresh.cache).toBe('MISS')
  })

  it('walls polling together share one wall_changes answer, and the next poll from it misses nothing', async (ctx) => {
    if (!local) ctx.skip()
    await setTtl(TTL_MS) // empties the cache
    const w = (await rpc(tokens.command!, 'wall_summary', {}, { 'Cache-Control': 'no-cache' })).body.watermark as string
    const wallA = await rpc(tokens.command!, 'wall_changes', { since: sharedSince(w) })
    const wallB = await rpc(tokens.command!, 'wall_changes', { since: sharedSince(new Date(Date.parse(w) + 1).toISOString()) })
    expect([wallA.cache, wallB.cache]).toEqual(['MISS', 'HIT'])
    expect(wallB.body).toEqual(wallA.body)

    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.enterprises where id = $1`,
      [DEMO_ENTERPRISE_ID],
    )
    const ins = await clients
      .regulator!.from('hidden_dangers')
      .insert({ title: `${TAG} 喷淋头遮挡`, source: 'inspection', location: `SRID=4326;POINT(${rows[0]!.lon} ${rows[0]!.lat})` })
      .select('id')
      .single()
    expect(ins.error).toBeNull()
    await new Promise((r) => setTimeout(r, TTL_MS + 50))
    // a wall that got the shared (older) answer polls from its watermark: the new danger is there
    const next = await rpc(tokens.command!, 'wall_changes', { since: sharedSince(wallB.body.watermark as string) })
    expect(next.status).toBe(200)
    expect((next.body.hidden_dangers as { id: string }[]).map((d) => d.id)).toContain(ins.data!.id)
  })

  it('walls polling wall_alarms together share one answer; a new alarm is on every wall once the TTL has passed', async (ctx) => {
    if (!local) ctx.skip()
    // a channel of its own on a source whose enterprise has no recent alarms (not grouped as a
    // flood), in the demo district but not the demo enterprise: monitoring-screens' flood source
    // lies outside the district, and the native pass runs both files in one database. Offline
    // alarms do not count towards a flood (wall_alarms), and pg_cron's sweep in background-jobs
    // raises them at every enterprise with a silent channel, so they do not rule a source out.
    const code = `${TAG}-alarm`
    const { rows: made } = await sql().query(
      `insert into public.monitoring_channels (hazard_source_id, code, name, kind, range_min, range_max, h, hh)
       select h.id, $1, '缓存测试温度', 'temperature', 0, 200, 80, 100 from public.hazard_sources h
       where h.area_code like $2 and h.enterprise_id <> $3
         and not exists (select 1 from public.monitoring_alarms a where a.enterprise_id = h.enterprise_id and a.kind <> 'offline' and a.raised_at > now() - interval '1 day')
       order by h.id desc limit 1 returning id`,
      [code, `${DEMO_REGULATOR_AREA}%`, DEMO_ENTERPRISE_ID],
    )
    expect(made).toHaveLength(1)
    await setTtl(TTL_MS) // empties the cache
    const a = await rpc(tokens.command!, 'wall_alarms', { max_items: 200 })
    const b = await rpc(tokens.command!, 'wall_alarms', { max_items: 200 })
    expect([a.cache, b.cache]).toEqual(['MISS', 'HIT'])
    expect(b.body).toEqual(a.body)
    expect((a.body.items as { channel_code: string }[]).map((i) => i.channel_code)).not.toContain(code)
    // another role's claims are another key
    expect((await rpc(tokens.regulator!, 'wall_alarms', { max_items: 200 })).cache).toBe('MISS')

    const ing = await clients.admin!.rpc('ingest_readings', { readings: [{ channel: code, t: new Date().toISOString(), v: 150 }] })
    expect(ing.error).toBeNull()
    expect(ing.data.accepted).toBe(1)
    await new Promise((r) => setTimeout(r, TTL_MS + 50))
    const c = await rpc(tokens.command!, 'wall_alarms', { max_items: 200 })
    expect(c.cache).toBe('MISS')
    expect((c.body.items as { channel_code: string; kind: string }[]).find((i) => i.channel_code === code)?.kind).toBe('HH')
  })

  it('many identical questions at once go to the database once', async (ctx) => {
    if (!local) ctx.skip()
    await setTtl(TTL_MS) // empties the cache
    const args = { ...CITY, area: DEMO_REGULATOR_AREA }
    const answers = await Promise.all(Array.from({ length: 20 }, () => rpc(tokens.command!, 'layer_counts', args)))
    expect(answers.filter((a) => a.cache === 'MISS')).toHaveLength(1)
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body)
  })
})

describe('response cache: the request guard and the key', () => {
  it('the request guard answers before the cache: a query plan of a cached RPC is refused', async (ctx) => {
    if (!local) ctx.skip()
    const { url, anonKey } = stackInfo()
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${url}/rest/v1/rpc/layer_counts`, {
        method: 'POST',
        headers: { apikey: anonKey, Authorization: `Bearer ${tokens.command!}`, 'Content-Type': 'application/json', Accept: 'application/vnd.pgrst.plan+text' },
        body: JSON.stringify(CITY),
      })
      expect(r.status).toBe(406)
      // the guard's own refusal (PostgREST's would name the media type instead)
      expect(((await r.json()) as { message: string }).message).toMatch(/not served to anon or authenticated/)
      expect(r.headers.get('x-cache')).toBeNull()
    }
  })

  it('users with the same role and app_metadata may share answers: nothing cached reads who they are', async () => {
    // What identifies a user (sub, email) is read only by these functions, which record who
    // wrote something; no read policy, no cached RPC and no cached view reads them or calls them.
    const IDENTITY = `(auth\\.(uid|jwt|email)\\(|'sub'|'email'|request\\.jwt\\.claim\\.)`
    const { rows: readers } = await sql().query<{ name: string }>(
      `
      select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('app', 'public') and p.prosrc ~* $1 order by 1`,
      [IDENTITY],
    )
    const identity = readers.map((r) => r.name)
    expect(identity).toContain('app.actor')
    const callers = new RegExp(identity.map((n) => n.split('.')[1]).join('|'))
    for (const fn of identity) expect(CACHED_RPCS.has(fn.split('.')[1]!), fn).toBe(false)
    const { rows: bodies } = await sql().query<{ name: string; src: string }>(
      `
      select p.proname as name, p.prosrc as src from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = any ($1::text[])`,
      [[...CACHED_RPCS]],
    )
    expect(bodies.length).toBeGreaterThanOrEqual(CACHED_RPCS.size)
    for (const b of bodies) expect(callers.test(b.src), `${b.name} reads the caller's identity`).toBe(false)
    for (const view of CACHED_VIEWS) {
      const { rows } = await sql().query<{ def: string }>(`select pg_get_viewdef($1::regclass, true) as def`, [`public.${view}`])
      expect(callers.test(rows[0]!.def) || new RegExp(IDENTITY, 'i').test(rows[0]!.def), view).toBe(false)
    }
    // Tables whose rows are per user (a regulator's own import runs, a planner's own threat-zone
    // scenarios) may read who the caller is, provided nothing cached touches them.
    const PER_USER_TABLES = ['import_runs', 'import_rows', 'threat_zone_scenarios', 'import_templates', 'planning_scenarios']
    for (const b of bodies) for (const t of PER_USER_TABLES) expect(b.src.includes(t), `${b.name} reads ${t}`).toBe(false)
    for (const view of CACHED_VIEWS) {
      const { rows } = await sql().query<{ def: string }>(`select pg_get_viewdef($1::regclass, true) as def`, [`public.${view}`])
      for (const t of PER_USER_TABLES) expect(rows[0]!.def.includes(t), `${view} reads ${t}`).toBe(false)
    }
    const { rows: policies } = await sql().query<{ name: string }>(
      `
      select tablename || '.' || policyname as name from pg_policies
      where coalesce(qual, '') || ' ' || coalesce(with_check, '') ~* $1 and not (tablename = any ($2::text[]))`,
      [IDENTITY, PER_USER_TABLES],
    )
    expect(policies.map((p) => p.name)).toEqual([])
  })

  it('two users of one role and district get one cached answer, equal to what each gets uncached', async (ctx) => {
    if (!local) ctx.skip()
    await setTtl(TTL_MS) // empties the cache
    const now = Math.floor(Date.now() / 1000)
    const token = (sub: string, email: string): Promise<string> =>
      new SignJWT({
        role: 'authenticated',
        aud: 'authenticated',
        sub,
        email,
        app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] },
        iat: now,
        exp: now + 600,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(jwtSecretKey())
    const a = await token('00000000-0000-4000-8000-0000000000a1', 'a@example.test')
    const b = await token('00000000-0000-4000-8000-0000000000b2', 'b@example.test')
    const calls: Array<[string, Record<string, unknown>]> = [
      ['layer_counts', CITY],
      ['wall_summary', {}],
      ['area_risk_summary', { level: 'district' }],
    ]
    for (const [fn, args] of calls) {
      const first = await rpc(a, fn, args)
      const second = await rpc(b, fn, args)
      expect([first.cache, second.cache], fn).toEqual(['MISS', 'HIT'])
      const direct = await rpc(b, fn, args, { 'Cache-Control': 'no-store' })
      const strip = (x: any): unknown => (x && typeof x === 'object' && !Array.isArray(x) ? { ...x, as_of: null, watermark: null } : x)
      expect(strip(direct.body), fn).toEqual(strip(second.body))
    }
  })
})
