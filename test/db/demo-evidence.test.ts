// The demo's dated histories and evidence photos (issue 21, supabase/seed/dangers.ts history(),
// supabase/seed/evidence.ts): every seeded hidden danger's timeline runs from its finding to its
// present status on past days (no event stamped at load time), and the seeded photos are real
// objects in bucket `evidence`, read through the Storage API under the RLS of storage.objects:
// the danger's district staff (and admin, command) see them, another district's regulator,
// another enterprise and the public do not; a public reporter, with the key of their report, sees
// that report's photo and nothing else.
import { createHash, randomUUID } from 'node:crypto'
import { describe, it, expect, beforeAll } from 'vitest'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, clientWithClaims, clientOptions, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { DEFAULT_TODAY } from '../../supabase/seed/context.ts'

useStack()

interface Seeded {
  object_path: string
  stage: string
  sha256: string
  uploaded_at: string
  hidden_danger_id: string
  area_code: string
  enterprise_id: string | null
  source: string
}

const as: Record<string, SupabaseClient> = {}
let seeded: Seeded[] = []
const sha = (b: ArrayBuffer) => createHash('sha256').update(Buffer.from(b)).digest('hex')

/** An anonymous client sending a reporter's key, as the public page does. */
const withKey = (key: string): SupabaseClient => {
  const { url, anonKey } = stackInfo()
  return createClient(url, anonKey, { ...clientOptions, global: { headers: { 'x-evidence-key': key } } })
}

/** Whether `c` can download the object, and then that it is the very file recorded. */
async function reads(c: SupabaseClient, s: Seeded): Promise<boolean> {
  const { data, error } = await c.storage.from('evidence').download(s.object_path)
  if (error || !data) return false
  expect(sha(await data.arrayBuffer())).toBe(s.sha256)
  return true
}

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'command', 'enterprise', 'planner'] as AppRole[]) {
    const u = demoUser(role)
    as[role] = await signIn(u.email, u.password)
  }
  as.regulator_elsewhere = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000d3',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
  })
  as.other_enterprise = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000d4',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'enterprise', enterprise_id: 'de300000-0000-4000-8000-00000000e002' },
  })
  // The seed's photos: those whose object was stored before this test file ran anything.
  seeded = (
    await sql().query<Seeded>(
      `select a.object_path, a.stage, a.sha256, a.uploaded_at::text, a.hidden_danger_id::text, d.area_code, d.enterprise_id::text, d.source::text
       from public.evidence_attachments a join public.hidden_dangers d on d.id = a.hidden_danger_id
       where d.is_demo and a.object_path like '%.png' and a.uploaded_at < $1::date + 1
       order by a.object_path`,
      [DEFAULT_TODAY],
    )
  ).rows
})

describe('dated demo histories', () => {
  it('every seeded danger runs from found_at to its status on past days, consistent with its row', async () => {
    const { rows: dangers } = await sql().query<{ id: string; status: string; found_at: string; closed_at: string | null; deadline: string | null }>(
      `select id::text, status::text, found_at::text, closed_at::text, deadline::text from public.hidden_dangers where is_demo`,
    )
    const { rows: events } = await sql().query<{
      hidden_danger_id: string
      at: string
      from_status: string | null
      to_status: string
      action: string
      details: Record<string, unknown>
    }>(
      `select e.hidden_danger_id::text, e.at::text, e.from_status::text, e.to_status::text, e.action, e.details
       from public.hidden_danger_events e join public.hidden_dangers d on d.id = e.hidden_danger_id
       where d.is_demo order by e.hidden_danger_id, e.at, e.id`,
    )
    expect(dangers.length).toBeGreaterThan(0)
    const by = new Map<string, typeof events>()
    for (const e of events) by.set(e.hidden_danger_id, [...(by.get(e.hidden_danger_id) ?? []), e])
    const statuses = new Set<string>()
    let returned = 0
    // the end of the demo's today (Beijing): the seed writes nothing later. A danger with events
    // after it has been acted on since the load, through the API, by another test file sharing this
    // database (the native pass runs every file against one database)
    const cut = Date.parse(`${DEFAULT_TODAY}T24:00:00+08:00`)
    let touched = 0
    for (const d of dangers) {
      const es = by.get(d.id) ?? []
      const later = es.filter((e) => Date.parse(e.at) >= cut)
      if (later.length) touched++
      expect(es.length, d.id).toBeGreaterThan(0)
      expect(es[0]!.action).toBe('created')
      expect(Date.parse(es[0]!.at)).toBe(Date.parse(d.found_at))
      // a chain: each event starts where the one before ended, and ends at the row's status
      let at = -Infinity
      let status: string | null = null
      for (const e of es) {
        expect(e.from_status).toBe(status)
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(at)
        status = e.to_status
        at = Date.parse(e.at)
        if (e.from_status === 'pending_verification' && e.to_status === 'rectifying') returned++
        // a plan's deadline is the row's deadline and not before the day it was set (a danger acted
        // on since may have had its deadline moved)
        if (!later.length && e.from_status === 'registered' && e.to_status === 'rectifying') {
          expect(e.details.deadline).toBe(d.deadline)
          expect(String(e.details.deadline) >= e.at.slice(0, 10)).toBe(true)
        }
      }
      expect(status).toBe(d.status)
      if (d.closed_at) expect(at).toBe(Date.parse(d.closed_at))
      // nothing stamped at load time: whatever came after the demo's today is a transition made
      // since, never a second 'created'
      for (const e of later) expect(e.action, `${d.id} at ${e.at}`).not.toBe('created')
      statuses.add(d.status)
    }
    // most of the seeded dangers are as the seed wrote them
    expect(touched).toBeLessThanOrEqual(dangers.length * 0.2)
    expect(statuses.size).toBeGreaterThanOrEqual(6)
    expect(returned).toBeGreaterThan(0)
  })

  it('the timeline view shows a seeded danger to its enterprise with the dates, names left out', async () => {
    const { rows } = await sql().query<{ id: string }>(
      `select id::text from public.hidden_dangers where is_demo and enterprise_id = $1 and status = 'closed' order by id limit 1`,
      [DEMO_ENTERPRISE_ID],
    )
    const { data, error } = await as.enterprise.from('hidden_danger_timeline').select('at, to_status, details').eq('hidden_danger_id', rows[0]!.id).order('at')
    expect(error).toBeNull()
    expect(data!.map((e) => e.to_status)).toContain('closed')
    expect(new Set(data!.map((e) => e.at.slice(0, 10))).size).toBeGreaterThan(1)
    for (const e of data!) expect(e.details).not.toHaveProperty('responsible_person')
  })
})

describe("the 'created' event is left out only for the loader's demo rows", () => {
  it('a row inserted by maintenance without is_demo, and a demo-marked row inserted through the API, each get one', async () => {
    const { rows: site } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(location) lon, extensions.st_y(location) lat from public.enterprises where id = $1`,
      [DEMO_ENTERPRISE_ID],
    )
    const plain = await sql().query<{ id: string }>(
      `insert into public.hidden_dangers (title, description, enterprise_id, status, location, source)
       values ('演示历史测试：非演示行', '非演示行应有创建事件', $1, 'reported', extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326), 'inspection')
       returning id::text`,
      [DEMO_ENTERPRISE_ID, site[0]!.lon, site[0]!.lat],
    )
    const viaApi = await as
      .admin!.from('hidden_dangers')
      .insert({
        title: '演示历史测试：接口演示行',
        description: '经接口写入的演示行也有创建事件',
        status: 'reported',
        source: 'inspection',
        is_demo: true,
        location: `SRID=4326;POINT(${site[0]!.lon} ${site[0]!.lat})`,
      })
      .select('id, is_demo')
      .single()
    expect(viaApi.error).toBeNull()
    expect(viaApi.data!.is_demo).toBe(true)
    const ids = [plain.rows[0]!.id, viaApi.data!.id as string]
    for (const id of ids) {
      const { rows } = await sql().query<{ action: string }>(`select action from public.hidden_danger_events where hidden_danger_id = $1`, [id])
      expect(rows.map((r) => r.action)).toEqual(['created'])
    }
  })
})

describe('demo evidence photos', () => {
  it('are there, at every stage, on the demo enterprise and on public reports inside and outside the district', () => {
    expect(new Set(seeded.map((s) => s.stage))).toEqual(new Set(['report', 'finding', 'rectification', 'verification']))
    expect(seeded.some((s) => s.enterprise_id === DEMO_ENTERPRISE_ID)).toBe(true)
    expect(seeded.some((s) => s.source === 'public_report' && s.area_code.startsWith(DEMO_REGULATOR_AREA))).toBe(true)
    expect(seeded.some((s) => s.source === 'public_report' && !s.area_code.startsWith(DEMO_REGULATOR_AREA))).toBe(true)
  })

  it('each is dated within its danger’s history and is a small PNG', async () => {
    for (const s of seeded) {
      const { rows } = await sql().query<{ first: string; last: string; bytes: number; mime: string }>(
        `select min(e.at)::text as first, max(e.at)::text as last,
           (select a.bytes::int from public.evidence_attachments a where a.object_path = $2) as bytes,
           (select o.metadata ->> 'mimetype' from storage.objects o where o.bucket_id = 'evidence' and o.name = $2) as mime
         from public.hidden_danger_events e where e.hidden_danger_id = $1`,
        [s.hidden_danger_id, s.object_path],
      )
      const t = Date.parse(s.uploaded_at)
      expect(t).toBeGreaterThanOrEqual(Date.parse(rows[0]!.first))
      expect(t).toBeLessThanOrEqual(Date.parse(rows[0]!.last) + 4 * 86_400_000)
      expect(rows[0]!.mime).toBe('image/png')
      expect(rows[0]!.bytes).toBeGreaterThan(500)
      expect(rows[0]!.bytes).toBeLessThan(40_000)
    }
  })

  it('admin and command see every one, the district regulator exactly those of its district', async () => {
    let inside = 0
    let outside = 0
    for (const s of seeded) {
      expect(await reads(as.admin!, s)).toBe(true)
      expect(await reads(as.command!, s)).toBe(true)
      const mine = s.area_code.startsWith(DEMO_REGULATOR_AREA)
      expect(await reads(as.regulator!, s), s.object_path).toBe(mine)
      expect(await reads(as.regulator_elsewhere!, s), s.object_path).toBe(s.area_code.startsWith('440703'))
      if (mine) inside++
      else outside++
    }
    expect(inside).toBeGreaterThan(0)
    expect(outside).toBeGreaterThan(0)
  })

  it('an enterprise sees its own dangers’ photos and no one else’s', async () => {
    let own = 0
    for (const s of seeded) {
      const mine = s.enterprise_id === DEMO_ENTERPRISE_ID
      expect(await reads(as.enterprise!, s), s.object_path).toBe(mine)
      expect(await reads(as.other_enterprise!, s), s.object_path).toBe(false)
      if (mine) own++
    }
    expect(own).toBeGreaterThan(0)
    expect(seeded.length - own).toBeGreaterThan(0)
    // and its record list shows the same
    const { data } = await as.enterprise!.from('evidence_attachments').select('object_path')
    const visible = new Set((data ?? []).map((r) => r.object_path))
    for (const s of seeded) expect(visible.has(s.object_path)).toBe(s.enterprise_id === DEMO_ENTERPRISE_ID)
  })

  it('the public sees none; a reporter with the key of a report sees that report’s photo only', async () => {
    const anon = anonClient()
    for (const s of seeded) expect(await reads(anon, s)).toBe(false)
    expect((await anon.from('evidence_attachments').select('object_path')).data ?? []).toEqual([])
    const report = seeded.find((s) => s.stage === 'report')!
    const other = seeded.find((s) => s.stage === 'report' && s.hidden_danger_id !== report.hidden_danger_id)!
    expect(other).toBeDefined()
    // the reporter's key, as open_report_evidence would have issued it on the day (hash only stored)
    const key = randomUUID().replaceAll('-', '')
    await sql().query(
      `insert into app.evidence_report_keys (hidden_danger_id, key_sha256) values ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'))
       on conflict (hidden_danger_id) do update set key_sha256 = excluded.key_sha256`,
      [report.hidden_danger_id, key],
    )
    const reporter = withKey(key)
    expect(await reads(reporter, report)).toBe(true)
    expect(await reads(reporter, other)).toBe(false)
    for (const s of seeded.filter((x) => x.stage !== 'report')) expect(await reads(reporter, s)).toBe(false)
    // a wrong key opens nothing
    expect(await reads(withKey(key.slice(0, -1) + (key.endsWith('0') ? '1' : '0')), report)).toBe(false)
  })

  it('nobody removes a seeded photo, not even admin', async () => {
    const s = seeded[0]!
    await as.admin!.storage.from('evidence').remove([s.object_path])
    expect(await reads(as.admin!, s)).toBe(true)
  })
})
