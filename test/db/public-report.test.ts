// Public reports of hidden dangers (like the 12350 hotline) through supabase-js → gateway →
// PostgREST → PostgreSQL: the anonymous report and its tracking code, the abuse limits, who may
// read the reporter's contact, and the report entering the closed loop.
import { describe, it, expect, beforeAll, beforeEach } from 'vitest'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, clientWithClaims, clientOptions, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { DEMO_USERS, DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'
import { destination } from '../helpers/geodesy.ts'

useStack()

const userOf = (role: AppRole) => {
  const u = DEMO_USERS.find((x) => x.role === role)
  if (!u) throw new Error(`no demo user with role ${role}`)
  return u
}

/** An anonymous client that sends these extra headers on every request. */
function anonWithHeaders(headers: Record<string, string>): SupabaseClient {
  const { url, anonKey } = stackInfo()
  return createClient(url, anonKey, { ...clientOptions, global: { headers } })
}

let anon: SupabaseClient
const as: Record<string, SupabaseClient> = {}
let base: { lon: number; lat: number }
let cfg: { min_length: number; max_length: number; max_per_hour: number; duplicate_radius_m: number }
/** Makes descriptions unique to this run, so the 7-day duplicate window never sees an earlier run. */
const RUN = Math.random().toString(36).slice(2, 8)
let n = 0
const text = (what: string) => `${what}（测试${RUN}-${++n}）`

beforeAll(async () => {
  anon = anonClient()
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    const u = userOf(role)
    as[role] = await signIn(u.email, u.password)
  }
  as.regulator_out_of_scope = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000c3',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
  })
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(p) as lon, extensions.st_y(p) as lat
     from (select extensions.st_pointonsurface(geom) as p from public.areas where code = $1) s`,
    [DEMO_REGULATOR_AREA],
  )
  base = rows[0]
  const s = await anon.from('public_report_settings').select('min_length, max_length, max_per_hour, duplicate_radius_m').single()
  if (s.error) throw new Error(s.error.message)
  cfg = { ...s.data, duplicate_radius_m: Number(s.data.duplicate_radius_m) }
}, 120_000)

/** Every client of this test process reaches the database from the same address, so the
 * hourly limit is spent between tests: earlier reports are marked as from another address. */
async function resetHourlyLimit(): Promise<void> {
  await sql().query(`update public.hidden_danger_reporters set client_hash = 'spent-by-test:' || client_hash
                     where client_hash is not null and client_hash not like 'spent-by-test:%'`)
}
beforeEach(resetHourlyLimit)

const report = (client: SupabaseClient, description: string, at: { lon: number | null; lat: number | null }, contact?: string | null) =>
  client.rpc('report_hidden_danger', { description, lon: at.lon, lat: at.lat, contact })

const publicReportCount = async () =>
  (await sql().query<{ n: number }>(`select count(*)::int as n from public.hidden_dangers where source = 'public_report'`)).rows[0].n

async function dangerByCode(code: string) {
  const { rows } = await sql().query(
    `select d.id, d.title, d.description, d.source::text, d.status::text, d.severity::text, d.enterprise_id, d.area_code,
       extensions.st_x(d.location) as lon, extensions.st_y(d.location) as lat, to_jsonb(d.created_at) #>> '{}' as created_at,
       r.contact, r.client_hash
     from public.hidden_dangers d left join public.hidden_danger_reporters r on r.hidden_danger_id = d.id
     where d.tracking_code = $1`,
    [code],
  )
  return rows[0]
}

describe('an anonymous report', () => {
  it('returns a tracking code YH… with status reported and is stored as a public report of its district', async () => {
    const raw = `  ${text('储罐区  阀门\n\n泄漏，\t现场有刺鼻气味，附近有学校')}  `
    const normalised = raw.trim().replace(/\s+/g, ' ')
    const { data, error } = await report(anon, raw, base, '  13800138000 王先生 ')
    expect(error).toBeNull()
    expect(Object.keys(data).sort()).toEqual(['status', 'tracking_code'])
    expect(data.status).toBe('reported')
    const { rows: d } = await sql().query<{ ymd: string }>(`select to_char(now(), 'YYMMDD') as ymd`)
    expect(data.tracking_code).toMatch(new RegExp(`^YH${d[0].ymd}[0-9A-F]{8}$`))
    const row = await dangerByCode(data.tracking_code)
    expect(row).toMatchObject({
      description: normalised,
      title: normalised.slice(0, 40),
      source: 'public_report',
      status: 'reported',
      severity: null,
      enterprise_id: null,
      contact: '13800138000 王先生',
    })
    expect(row.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    expect([row.lon, row.lat]).toEqual([base.lon, base.lat])
    // The address is kept only as a SHA-256 hash.
    expect(row.client_hash).toMatch(/^[0-9a-f]{64}$/)
    const { rows: ev } = await sql().query(
      `select action, to_status::text, actor_role, actor_id from public.hidden_danger_events where hidden_danger_id = $1`,
      [row.id],
    )
    expect(ev).toEqual([{ action: 'created', to_status: 'reported', actor_role: 'anon', actor_id: null }])
  })

  it('report_status returns only the tracking code, the status and two times', async () => {
    const { data: r } = await report(anon, text('消防通道被货物堵塞，无法通行'), base)
    const { data, error } = await anon.rpc('report_status', { code: r.tracking_code })
    expect(error).toBeNull()
    expect(Object.keys(data).sort()).toEqual(['reported_at', 'status', 'tracking_code', 'updated_at'])
    const row = await dangerByCode(r.tracking_code)
    expect(data.tracking_code).toBe(r.tracking_code)
    expect(data.status).toBe('reported')
    expect(data.reported_at).toBe(row.created_at)
    // The code as people type it: lower case, with spaces around.
    const typed = await anon.rpc('report_status', { code: `  ${r.tracking_code.toLowerCase()} ` })
    expect(typed.data).toEqual(data)
  })

  it('report_status of an unknown code is null', async () => {
    for (const code of ['YH000000DEADBEEF', '', 'x']) {
      const { data, error } = await anon.rpc('report_status', { code })
      expect(error, code).toBeNull()
      expect(data, code).toBeNull()
    }
  })
})

describe('abuse limits', () => {
  const refusedWithoutTrace = async (args: { description: string; lon: number | null; lat: number | null; contact?: string }, message: string | RegExp) => {
    const before = await publicReportCount()
    const { data, error } = await report(anon, args.description, args, args.contact)
    expect(data).toBeNull()
    if (typeof message === 'string') expect(error?.message).toBe(message)
    else expect(error?.message).toMatch(message)
    expect(await publicReportCount()).toBe(before)
  }

  it('the settings are what the limits below assume', () => {
    expect(cfg).toEqual({ min_length: 10, max_length: 2000, max_per_hour: 5, duplicate_radius_m: 200 })
  })

  it('a description one character shorter than the minimum is refused; exactly the minimum is accepted', async () => {
    const min = cfg.min_length
    const short = '管'.repeat(min - 1)
    await refusedWithoutTrace({ description: short, ...base }, `description must be ${min} to ${cfg.max_length} characters (got ${min - 1})`)
    const ok = await report(anon, `${RUN}${'管'.repeat(min - RUN.length)}`, base)
    expect(ok.error).toBeNull()
    expect(ok.data.status).toBe('reported')
  })

  it('whitespace does not count towards the minimum', async () => {
    const min = cfg.min_length
    // Trimmed and collapsed: (min - 3) characters, one space, 'x' = min - 1.
    await refusedWithoutTrace(
      { description: ` ${'管'.repeat(min - 3)}\n\n\t   x   `, ...base },
      `description must be ${min} to ${cfg.max_length} characters (got ${min - 1})`,
    )
  })

  it('a description of exactly the maximum is accepted; one character more is refused', async () => {
    const max = cfg.max_length
    const ok = await report(anon, `${RUN}${'长'.repeat(max - RUN.length)}`, base)
    expect(ok.error).toBeNull()
    expect((await dangerByCode(ok.data.tracking_code)).description.length).toBe(max)
    await refusedWithoutTrace(
      { description: `${RUN}${'长'.repeat(max + 1 - RUN.length)}`, ...base },
      `description must be ${cfg.min_length} to ${max} characters (got ${max + 1})`,
    )
  })

  it('a contact of 100 characters is accepted; 101 is refused', async () => {
    const ok = await report(anon, text('配电房门锁损坏，闲杂人员可进入'), base, '1'.repeat(100))
    expect(ok.error).toBeNull()
    expect((await dangerByCode(ok.data.tracking_code)).contact).toBe('1'.repeat(100))
    await refusedWithoutTrace({ description: text('配电房门锁损坏'), ...base, contact: '1'.repeat(101) }, 'contact must be at most 100 characters')
  })

  it.each([
    ['longitude above 180', 180.5, 22.5, 'location (180.5, 22.5) is not a valid longitude/latitude'],
    ['longitude below -180', -181, 22.5, 'location (-181, 22.5) is not a valid longitude/latitude'],
    ['latitude above 90', 113.1, 90.5, 'location (113.1, 90.5) is not a valid longitude/latitude'],
    ['latitude below -90', 113.1, -91, 'location (113.1, -91) is not a valid longitude/latitude'],
    ['no longitude', null, 22.5, 'location (<NULL>, 22.5) is not a valid longitude/latitude'],
    ['no latitude', 113.1, null, 'location (113.1, <NULL>) is not a valid longitude/latitude'],
    ['a point in Beijing', 116.397, 39.909, 'location (116.397, 39.909) is outside the area this service covers'],
    ['a point in Guangzhou, next door', 113.264, 23.129, 'location (113.264, 23.129) is outside the area this service covers'],
  ] as const)('refuses %s', async (_n, lon, lat, message) => {
    await refusedWithoutTrace({ description: text('化工厂夜间偷排废气'), lon, lat }, message)
  })

  it("refuses an identical report within the duplicate radius, naming the first report's code", async () => {
    const words = text('加油站卸油时无人监护，静电接地线断开')
    const first = await report(anon, words, base)
    expect(first.error).toBeNull()
    const code = first.data.tracking_code
    const msg = `an identical report was already received here (tracking code ${code})`
    const r = cfg.duplicate_radius_m
    await refusedWithoutTrace({ description: words, ...base }, msg)
    await refusedWithoutTrace({ description: words, ...destination(base, 60, r * 0.75) }, msg)
    // The same text with different spacing is the same report.
    await refusedWithoutTrace({ description: `\n  ${words} \t `, ...base }, msg)
  })

  it('accepts the same text beyond the radius, and other text at the same place', async () => {
    const words = text('脚手架未设置连墙件，大风天摇晃')
    expect((await report(anon, words, base)).error).toBeNull()
    const far = destination(base, 60, cfg.duplicate_radius_m * 1.25)
    const { rows } = await sql().query(
      `select exists (select 1 from public.areas where level = 'district'
      and extensions.st_covers(geom, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326))) as inside`,
      [far.lon, far.lat],
    )
    expect(rows[0].inside).toBe(true)
    const beyond = await report(anon, words, far)
    expect(beyond.error).toBeNull()
    const other = await report(anon, text('脚手架未设置连墙件'), base)
    expect(other.error).toBeNull()
  })
})

describe('the hourly limit per client address', () => {
  it(`the report after the limit within an hour is refused, and accepted again once the hour has passed`, async () => {
    const made: string[] = []
    for (let i = 0; i < cfg.max_per_hour; i++) {
      const { data, error } = await report(anon, text(`第${i + 1}次举报：仓库内违规存放危化品`), base)
      expect(error, `report ${i + 1}`).toBeNull()
      made.push(data.tracking_code)
    }
    const before = await publicReportCount()
    const over = await report(anon, text('第六次举报：仓库内违规存放危化品'), base)
    expect(over.data).toBeNull()
    expect(over.error?.code).toBe('54000')
    expect(over.error?.message).toBe(`too many reports from this address in the last hour (at most ${cfg.max_per_hour}); please call 12350`)
    expect(await publicReportCount()).toBe(before)
    // An hour later (the earlier reports moved back 61 minutes) the same address may report again.
    await sql().query(`update public.hidden_dangers set created_at = created_at - interval '61 minutes' where tracking_code = any ($1::text[])`, [made])
    const later = await report(anon, text('一小时后再举报：仓库内违规存放危化品'), base)
    expect(later.error).toBeNull()
  })

  it('a client cannot escape the limit by sending its own X-Forwarded-For header', async () => {
    for (let i = 0; i < cfg.max_per_hour; i++) {
      const { error } = await report(anon, text(`限流测试${i + 1}：夜间违规动火作业`), base)
      expect(error, `report ${i + 1}`).toBeNull()
    }
    expect((await report(anon, text('限流测试：超出'), base)).error?.code).toBe('54000')
    // Same machine, same connection to the gateway, a made-up address in the header.
    const spoofing = anonWithHeaders({ 'X-Forwarded-For': '203.0.113.77' })
    const { data, error } = await report(spoofing, text('伪造来源地址的举报'), base)
    expect(data).toBeNull()
    expect(error?.code).toBe('54000')
  })
})

describe('what the public can and cannot read', () => {
  it.each(['hidden_dangers', 'hidden_danger_reporters', 'hidden_danger_events'])('anon is refused reading %s', async (table) => {
    const { data, error } = await anon.from(table).select('*').limit(1)
    expect(data).toBeNull()
    expect(error?.message).toBe(`permission denied for table ${table}`)
  })

  it("the reporter's contact is readable only by admins and the regulators of the area", async () => {
    const { data: r } = await report(anon, text('危化品运输车辆长期停放在小区门口'), base, '13900139000')
    const row = await dangerByCode(r.tracking_code)
    const contactAs = async (who: string) => {
      const { data, error } = await as[who].from('hidden_danger_reporters').select('contact').eq('hidden_danger_id', row.id)
      expect(error, who).toBeNull()
      return data
    }
    expect(await contactAs('admin')).toEqual([{ contact: '13900139000' }])
    expect(await contactAs('regulator')).toEqual([{ contact: '13900139000' }])
    for (const who of ['regulator_out_of_scope', 'planner', 'command', 'enterprise']) {
      expect(await contactAs(who), who).toEqual([])
    }
    // Planners and the command centre do see the report itself.
    for (const who of ['planner', 'command']) {
      const { data } = await as[who].from('hidden_dangers').select('id, source').eq('id', row.id)
      expect(data, who).toEqual([{ id: row.id, source: 'public_report' }])
    }
  })
})

describe('the report enters the closed loop', () => {
  it("the area's regulator sees it as reported and registers it; the reporter sees the new status", async () => {
    const { data: r } = await report(anon, text('厂房屋顶彩钢板锈穿，雨天漏电'), base)
    const { data: seen, error } = await as.regulator.from('hidden_dangers').select('id, status, source, tracking_code').eq('tracking_code', r.tracking_code)
    expect(error).toBeNull()
    expect(seen).toEqual([{ id: expect.any(String), status: 'reported', source: 'public_report', tracking_code: r.tracking_code }])
    const id = seen![0].id
    const before = (await anon.rpc('report_status', { code: r.tracking_code })).data
    const t = await as.regulator.rpc('transition_hidden_danger', { id, to_status: 'registered', note: '核实属实', details: { severity: 'general' } })
    expect(t.error).toBeNull()
    const after = (await anon.rpc('report_status', { code: r.tracking_code })).data
    expect(after.status).toBe('registered')
    expect(after.reported_at).toBe(before.reported_at)
    expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(before.updated_at))
  })

  it("the area's regulator can reject an unfounded report, with a note", async () => {
    const { data: r } = await report(anon, text('隔壁工厂可能有安全问题吧'), base)
    const row = await dangerByCode(r.tracking_code)
    const t = await as.regulator.rpc('transition_hidden_danger', { id: row.id, to_status: 'rejected', note: '现场核查未发现问题' })
    expect(t.error).toBeNull()
    expect((await anon.rpc('report_status', { code: r.tracking_code })).data.status).toBe('rejected')
  })

  it('a regulator of another district and an enterprise cannot act on it', async () => {
    const { data: r } = await report(anon, text('仓库消防栓无水'), base)
    const row = await dangerByCode(r.tracking_code)
    for (const who of ['regulator_out_of_scope', 'enterprise']) {
      const t = await as[who].rpc('transition_hidden_danger', { id: row.id, to_status: 'registered', details: { severity: 'general' } })
      expect(t.error?.message, who).toBe(`hidden danger ${row.id} not found or not visible to you`)
    }
    expect((await anon.rpc('report_status', { code: r.tracking_code })).data.status).toBe('reported')
  })
})
