// Accidents (issue 16) through supabase-js → gateway → PostgREST → PostgreSQL: the grade by
// 生产安全事故报告和调查处理条例 art. 3 on every threshold (accident_grade and the stored grade alike),
// record_accident's refusals, the reporting chain (迟报 after 1 h, 续报 within 30 days or 7 days for
// road traffic and fire, a reason after that), the append-only history, and who reads and writes
// what: regulators in their area, admins everywhere, enterprises their own, the public published
// summaries without names.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { settled } from '../helpers/settled.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { accidentGrade } from '../../src/domain/accidents.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
/** A point inside 江海区 (the regulator's district) and one inside 蓬江区 (outside it). */
let IN: { lon: number; lat: number }
let OUT: { lon: number; lat: number }
let otherEnterprise: string

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()
const daysAgo = (d: number) => hoursAgo(d * 24)

interface Stored {
  id: string
  grade: number
  area_code: string
  late_report: boolean
  enterprise_id: string | null
  deaths: number
  grade_decided_by: string[]
  published: boolean
}

async function record(who: SupabaseClient, accident: Record<string, unknown>) {
  return who.rpc('record_accident', { accident })
}

async function recordOk(who: SupabaseClient, accident: Record<string, unknown>): Promise<Stored> {
  const { data, error } = await record(who, accident)
  if (error) throw new Error(error.message)
  return data as Stored
}

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const { rows } = await sql().query<{ code: string; lon: number; lat: number }>(`
    select code, extensions.st_x(p) lon, extensions.st_y(p) lat
    from (select code, extensions.st_pointonsurface(geom) p from public.areas where code in ('440704', '440703')) t order by code`)
  OUT = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
  IN = { lon: Number(rows[1]!.lon), lat: Number(rows[1]!.lat) }
  const { rows: ent } = await sql().query<{ id: string }>(`select id from public.enterprises where id <> $1 order by id limit 1`, [DEMO_ENTERPRISE_ID])
  otherEnterprise = ent[0]!.id
}, 120_000)

describe('accident_grade (条例 art. 3: the most severe criterion decides; 以上 includes, 以下 excludes)', () => {
  const cases: [number, number, number, number, string[]][] = [
    // deaths 2/3, 9/10, 29/30
    [2, 0, 0, 4, ['deaths', 'serious_injuries', 'direct_loss_10k_yuan']],
    [3, 0, 0, 3, ['deaths']],
    [9, 0, 0, 3, ['deaths']],
    [10, 0, 0, 2, ['deaths']],
    [29, 0, 0, 2, ['deaths']],
    [30, 0, 0, 1, ['deaths']],
    // serious injuries 9/10, 49/50, 99/100
    [0, 9, 0, 4, ['deaths', 'serious_injuries', 'direct_loss_10k_yuan']],
    [0, 10, 0, 3, ['serious_injuries']],
    [0, 49, 0, 3, ['serious_injuries']],
    [0, 50, 0, 2, ['serious_injuries']],
    [0, 99, 0, 2, ['serious_injuries']],
    [0, 100, 0, 1, ['serious_injuries']],
    // direct loss (万元) 1000 / 5000 / 10000
    [0, 0, 999.99, 4, ['deaths', 'serious_injuries', 'direct_loss_10k_yuan']],
    [0, 0, 1000, 3, ['direct_loss_10k_yuan']],
    [0, 0, 4999.99, 3, ['direct_loss_10k_yuan']],
    [0, 0, 5000, 2, ['direct_loss_10k_yuan']],
    [0, 0, 9999.99, 2, ['direct_loss_10k_yuan']],
    [0, 0, 10000, 1, ['direct_loss_10k_yuan']],
    // combinations: the most severe wins, ties name every criterion that reaches it
    [2, 49, 4999.99, 3, ['serious_injuries', 'direct_loss_10k_yuan']],
    [3, 50, 0, 2, ['serious_injuries']],
    [1, 9, 10000, 1, ['direct_loss_10k_yuan']],
    [10, 50, 5000, 2, ['deaths', 'serious_injuries', 'direct_loss_10k_yuan']],
    [29, 99, 9999.99, 2, ['deaths', 'serious_injuries', 'direct_loss_10k_yuan']],
    [30, 0, 999, 1, ['deaths']],
    [9, 10, 1000, 3, ['deaths', 'serious_injuries', 'direct_loss_10k_yuan']],
  ]
  it.each(cases)('deaths %i, serious %i, loss %f 万元 → grade %i', async (deaths, serious, loss, grade, decidedBy) => {
    const { data, error } = await anonClient().rpc('accident_grade', { deaths, serious_injuries: serious, direct_loss_10k_yuan: loss })
    expect(error).toBeNull()
    expect(data.grade).toBe(grade)
    expect(data.decided_by).toEqual(decidedBy)
    expect(data.name_zh).toBe(['特别重大事故', '重大事故', '较大事故', '一般事故'][grade - 1])
    // the UI's mirror agrees (src/domain/accidents.ts)
    expect(accidentGrade(deaths, serious, loss)).toMatchObject({ grade, decidedBy })
  })

  it('refuses negative and fractional counts, a negative or NaN loss, and missing arguments', async () => {
    const anon = anonClient()
    const neg = await anon.rpc('accident_grade', { deaths: -1, serious_injuries: 0, direct_loss_10k_yuan: 0 })
    expect(neg.error?.message).toMatch(/deaths.*0 到 100000|deaths must be a whole number/)
    const negS = await anon.rpc('accident_grade', { deaths: 0, serious_injuries: -3, direct_loss_10k_yuan: 0 })
    expect(negS.error?.message).toMatch(/serious_injuries/)
    const frac = await anon.rpc('accident_grade', { deaths: 2.5, serious_injuries: 0, direct_loss_10k_yuan: 0 })
    expect(frac.error).not.toBeNull()
    expect(frac.error?.message).toMatch(/2\.5/)
    const loss = await anon.rpc('accident_grade', { deaths: 0, serious_injuries: 0, direct_loss_10k_yuan: -0.01 })
    expect(loss.error?.message).toMatch(/direct_loss_10k_yuan/)
    const nan = await anon.rpc('accident_grade', { deaths: 0, serious_injuries: 0, direct_loss_10k_yuan: 'NaN' })
    expect(nan.error?.message).toMatch(/direct_loss_10k_yuan/)
    const missing = await anon.rpc('accident_grade', { deaths: null, serious_injuries: 0, direct_loss_10k_yuan: 0 })
    expect(missing.error?.message).toMatch(/deaths: required/)
  })
})

describe('record_accident', () => {
  it('stores the record with the grade and area computed by the database', async () => {
    const a = await recordOk(as.regulator, {
      occurred_at: hoursAgo(0.5),
      ...IN,
      sector: 'imt_hazchem',
      category: 'poisoning_asphyxia',
      enterprise_id: DEMO_ENTERPRISE_ID,
      deaths: 3,
      serious_injuries: 2,
      minor_injuries: 5,
      direct_loss_10k_yuan: 120.5,
      description: '反应釜检修时中毒窒息（测试）',
    })
    expect(a.grade).toBe(3)
    expect(a.grade_decided_by).toEqual(['deaths'])
    expect(a.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    expect(a.late_report).toBe(false)
    const { rows } = await sql().query<{ grade: number; area_code: string }>(`select grade, area_code from public.accidents where id = $1`, [a.id])
    expect(rows[0]).toMatchObject({ grade: 3, area_code: a.area_code })
  })

  it('refuses each bad input with a message naming the field', async () => {
    const base = { occurred_at: hoursAgo(2), ...IN, sector: 'road_traffic', deaths: 1 }
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, occurred_at: new Date(Date.now() + 86_400_000).toISOString() }, /occurred_at.*future|不能晚于现在/],
      [{ ...base, occurred_at: '2026-03-05 14:20' }, /occurred_at.*offset/],
      [{ ...base, occurred_at: undefined }, /occurred_at is required/],
      [{ ...base, lon: 116.39, lat: 39.9 }, /outside the region this service covers/],
      [{ ...base, lon: 200 }, /lon must be within/],
      [{ ...base, lon: '113.1' }, /lon and lat are required numbers/],
      [{ ...base, deaths: -1 }, /deaths must not be negative/],
      [{ ...base, serious_injuries: 1.5 }, /serious_injuries must be a whole number/],
      [{ ...base, minor_injuries: 'two' }, /minor_injuries must be a number/],
      [{ ...base, direct_loss_10k_yuan: -5 }, /direct_loss_10k_yuan must not be negative/],
      [{ ...base, direct_loss_10k_yuan: 1e12 }, /direct_loss_10k_yuan/],
      [{ ...base, sector: 'coal' }, /sector coal is not a known sector/],
      [{ ...base, sector: undefined }, /sector is required/],
      [{ ...base, category: 'meteor' }, /category meteor is not a GB 6441 category/],
      [{ ...base, enterprise_id: 'x' }, /enterprise_id is not a UUID/],
      [{ ...base, enterprise_id: '00000000-0000-4000-8000-000000000000' }, /no enterprise/],
      [{ ...base, grade: 4 }, /unknown key grade/],
      [{ ...base, description: 'x'.repeat(4001) }, /accidents\.description.*too long/],
      [{ ...base, published: 'yes' }, /published must be true or false/],
    ]
    for (const [input, message] of cases) {
      const { error } = await record(as.admin, input)
      expect(error?.message, JSON.stringify(input).slice(0, 120)).toMatch(message)
    }
    const { count } = await as.admin.from('accidents').select('id', { count: 'exact', head: true }).eq('description', 'x'.repeat(4001))
    expect(count).toBe(0)
  })

  it('flags 迟报 when the first report came more than 1 hour after the accident', async () => {
    const onTime = await recordOk(as.admin, { occurred_at: hoursAgo(0.98), ...IN, sector: 'fire', deaths: 0 })
    expect(onTime.late_report).toBe(false)
    const late = await recordOk(as.admin, { occurred_at: hoursAgo(1.1), ...IN, sector: 'fire', deaths: 0 })
    expect(late.late_report).toBe(true)
    // a regulator transcribing a telephone report gives the time it came in
    const phoned = await recordOk(as.regulator, { occurred_at: hoursAgo(5), reported_at: hoursAgo(4.5), ...IN, sector: 'fire' })
    expect(phoned.late_report).toBe(false)
    const early = await record(as.regulator, { occurred_at: hoursAgo(5), reported_at: hoursAgo(6), ...IN, sector: 'fire' })
    expect(early.error?.message).toMatch(/reported_at must lie between occurred_at and now/)
    const entClaims = await record(as.enterprise, { occurred_at: hoursAgo(5), reported_at: hoursAgo(4.9), ...IN, sector: 'imt' })
    expect(entClaims.error?.message).toMatch(/report time is the time it is sent/)
  })
})

describe('the reporting chain: 续报 windows, corrections with a reason, append-only history', () => {
  it('a 续报 within 30 days (工矿商贸) changes the grade and is logged; after 30 days a reason is required', async () => {
    const a = await recordOk(as.regulator, { occurred_at: daysAgo(29), ...IN, sector: 'imt_construction', category: 'collapse', deaths: 2 })
    expect(a.grade).toBe(4)
    const up = await as.regulator.rpc('update_accident', { id: a.id, changes: { deaths: 3, serious_injuries: 1 } })
    expect(up.error).toBeNull()
    expect(up.data.grade).toBe(3)
    const old = await recordOk(as.regulator, { occurred_at: daysAgo(31), ...IN, sector: 'imt_construction', deaths: 1 })
    const noReason = await as.regulator.rpc('update_accident', { id: old.id, changes: { deaths: 2 } })
    expect(noReason.error?.message).toMatch(/follow-up window \(30 days after the accident\) has passed: a correction needs a reason/)
    const blank = await as.regulator.rpc('update_accident', { id: old.id, changes: { deaths: 2 }, reason: '　 ' })
    expect(blank.error?.message).toMatch(/needs a reason/)
    const withReason = await as.regulator.rpc('update_accident', { id: old.id, changes: { deaths: 2 }, reason: '伤者第 35 日抢救无效死亡' })
    expect(withReason.error).toBeNull()
    const { data: hist } = await as.regulator
      .from('accident_reports')
      .select('kind, deaths, changed, reason, actor_role')
      .in('accident_id', [a.id, old.id])
      .order('id')
    expect(hist).toEqual([
      { kind: 'first', deaths: 2, changed: {}, reason: null, actor_role: 'regulator' },
      { kind: 'followup', deaths: 3, changed: { deaths: 2, serious_injuries: 0 }, reason: null, actor_role: 'regulator' },
      { kind: 'first', deaths: 1, changed: {}, reason: null, actor_role: 'regulator' },
      { kind: 'correction', deaths: 2, changed: { deaths: 1 }, reason: '伤者第 35 日抢救无效死亡', actor_role: 'regulator' },
    ])
  })

  it('road traffic and fire: the window is 7 days', async () => {
    for (const sector of ['road_traffic', 'fire']) {
      const inside = await recordOk(as.admin, { occurred_at: daysAgo(6.9), ...IN, sector, deaths: 1 })
      const outside = await recordOk(as.admin, { occurred_at: daysAgo(7.1), ...IN, sector, deaths: 1 })
      expect((await as.admin.rpc('update_accident', { id: inside.id, changes: { deaths: 2 } })).error).toBeNull()
      const refused = await as.admin.rpc('update_accident', { id: outside.id, changes: { deaths: 2 } })
      expect(refused.error?.message, sector).toMatch(/\(7 days after the accident\) has passed/)
      // 8 days is still inside the 30-day window of another sector
      const imt = await recordOk(as.admin, { occurred_at: daysAgo(8), ...IN, sector: 'imt', deaths: 1 })
      expect((await as.admin.rpc('update_accident', { id: imt.id, changes: { deaths: 2 } })).error).toBeNull()
    }
  })

  it('update_accident refuses unknown fields and bad values, and no one may rewrite or delete the history', async () => {
    const a = await recordOk(as.admin, { occurred_at: hoursAgo(3), ...IN, sector: 'imt', deaths: 0 })
    expect((await as.admin.rpc('update_accident', { id: a.id, changes: { grade: 1 } })).error?.message).toMatch(/grade cannot be changed here/)
    expect((await as.admin.rpc('update_accident', { id: a.id, changes: { occurred_at: hoursAgo(1) } })).error?.message).toMatch(/occurred_at cannot be changed/)
    expect((await as.admin.rpc('update_accident', { id: a.id, changes: { deaths: -2 } })).error?.message).toMatch(/deaths must not be negative/)
    expect((await as.admin.rpc('update_accident', { id: a.id, changes: {} })).error?.message).toMatch(/non-empty object/)
    for (const who of [as.admin, as.regulator]) {
      const upd = await who.from('accident_reports').update({ reason: 'rewritten' }).eq('accident_id', a.id).select()
      expect(upd.error?.code).toBe('42501')
      const del = await who.from('accident_reports').delete().eq('accident_id', a.id).select()
      expect(del.error?.code).toBe('42501')
      const delA = await who.from('accidents').delete().eq('id', a.id).select()
      expect(delA.error?.code).toBe('42501')
      const updA = await who.from('accidents').update({ grade: 1 }).eq('id', a.id).select()
      expect(updA.error?.code).toBe('42501')
    }
    // even the database owner cannot: the triggers refuse
    await expect(sql().query(`update public.accident_reports set reason = 'x' where accident_id = $1`, [a.id])).rejects.toThrow(/append-only/)
    await expect(sql().query(`delete from public.accident_reports where accident_id = $1`, [a.id])).rejects.toThrow(/append-only/)
    await expect(sql().query(`delete from public.accidents where id = $1`, [a.id])).rejects.toThrow(/never deleted/)
    // and a change made behind the RPCs' back is still logged, with the grade recomputed
    await sql().query(`update public.accidents set deaths = 12, grade = 4 where id = $1`, [a.id])
    const { rows } = await sql().query<{ grade: number; n: number }>(
      `select a.grade, (select count(*)::int from public.accident_reports r where r.accident_id = a.id) n from public.accidents a where a.id = $1`,
      [a.id],
    )
    expect(rows[0]).toEqual({ grade: 2, n: 2 })
  })
})

describe('who records, who reads (RLS)', () => {
  it('a regulator records inside its district only; planners, the command centre and the public record nothing', async () => {
    const outside = await record(as.regulator, { occurred_at: hoursAgo(1), ...OUT, sector: 'imt' })
    expect(outside.error?.code).toBe('42501')
    expect(outside.error?.message).toMatch(/outside your jurisdiction/)
    for (const who of [as.planner, as.command, anonClient()]) {
      const r = await record(who, { occurred_at: hoursAgo(1), ...IN, sector: 'imt' })
      expect(r.error).not.toBeNull()
    }
    const direct = await as.admin.from('accidents').insert({ occurred_at: hoursAgo(1), location: `SRID=4326;POINT(${IN.lon} ${IN.lat})`, sector_code: 'imt' })
    expect(direct.error?.code).toBe('42501')
  })

  it('an enterprise reports its own accidents only, cannot publish, and cannot touch another one', async () => {
    const own = await recordOk(as.enterprise, { occurred_at: hoursAgo(0.2), ...OUT, sector: 'imt_hazchem', deaths: 1, published: true })
    expect(own.enterprise_id).toBe(DEMO_ENTERPRISE_ID)
    expect(own.published).toBe(false)
    const other = await record(as.enterprise, { occurred_at: hoursAgo(0.2), ...IN, sector: 'imt', enterprise_id: otherEnterprise })
    expect(other.error?.message).toMatch(/own enterprise only/)
    const foreign = await recordOk(as.admin, { occurred_at: hoursAgo(2), ...IN, sector: 'imt', enterprise_id: otherEnterprise })
    const tamper = await as.enterprise.rpc('update_accident', { id: foreign.id, changes: { deaths: 0 } })
    expect(tamper.error?.message).toMatch(/not yours to report on/)
    const pub = await as.enterprise.rpc('update_accident', { id: own.id, changes: { published: true } })
    expect(pub.error?.message).toMatch(/published is set by regulators/)
    const { data: seen } = await as.enterprise.from('accidents').select('id, enterprise_id')
    expect(seen!.length).toBeGreaterThan(0)
    expect(seen!.every((r) => r.enterprise_id === DEMO_ENTERPRISE_ID)).toBe(true)
    const { data: hist } = await as.enterprise.from('accident_reports').select('accident_id')
    const ids = new Set(seen!.map((r) => r.id))
    expect(hist!.every((h) => ids.has(h.accident_id))).toBe(true)
  })

  it('reads: admins, command, planners all; the regulator its district; the public no table', async () => {
    // other files record accidents at the same time (the native pass shares one database): each
    // role's count is compared with the superuser's count read while the table held still
    const counted = async () =>
      (
        await sql().query<{ total: number; inside: number }>(
          `select count(*)::int total, (count(*) filter (where area_code like '${DEMO_REGULATOR_AREA}%'))::int inside from public.accidents`,
        )
      ).rows[0]!
    const sees = async (role: 'admin' | 'command' | 'planner' | 'regulator') => {
      const { rpc, independent } = await settled(
        async () => (await as[role].from('accidents').select('id', { count: 'exact', head: true })).count,
        async () => (role === 'regulator' ? (await counted()).inside : (await counted()).total),
      )
      expect(rpc, role).toBe(independent)
    }
    for (const role of ['admin', 'command', 'planner', 'regulator'] as const) await sees(role)
    const c = await counted()
    expect(c.inside).toBeLessThan(c.total)
    const anon = await anonClient().from('accidents').select('id').limit(1)
    expect(anon.error?.code).toBe('42501')
  })

  it('the public gets no single accident and no position finer than the district; staff keep public_accidents', async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
    const hidden = await recordOk(as.regulator, { occurred_at: hoursAgo(0.1), ...IN, sector: 'imt', enterprise_id: DEMO_ENTERPRISE_ID, description: '内部' })
    const shown = await recordOk(as.regulator, {
      occurred_at: hoursAgo(0.1),
      lon: IN.lon + 0.00012,
      lat: IN.lat,
      sector: 'imt_hazchem',
      enterprise_id: DEMO_ENTERPRISE_ID,
      deaths: 1,
      description: '内部经过',
      published: true,
    })
    // anon: the function is not theirs (it gave ~100 m positions before 20261230000100)
    const anon = await anonClient().rpc('public_accidents', { year })
    expect(anon.error?.code).toBe('42501')
    expect(anon.data).toBeNull()
    // a signed-in user without a staff role (a self sign-up) is refused inside the function too
    const none = await clientWithClaims({
      sub: '00000000-0000-4000-8000-0000000000ee',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { provider: 'email' },
      user_metadata: { app_role: 'admin' },
    })
    const noRole = await none.rpc('public_accidents', { year })
    expect(noRole.error?.code).toBe('42501')
    expect(noRole.error?.message).toMatch(/^公众只能查看已发布事故的汇总（public_accident_summary）/)
    expect(noRole.data).toBeNull()
    // what the public does get: per district counts, no row, no coordinate, no day
    const summary = await anonClient().rpc('public_accident_summary', { year })
    expect(summary.error).toBeNull()
    const text = JSON.stringify(summary.data)
    for (const key of ['"lon"', '"lat"', '"id"', '"occurred_on"', '"enterprise_id"', '"description"']) expect(text).not.toContain(key)
    expect(text).not.toContain(shown.id)
    const district = (summary.data as { by_district: { code: string; deaths: number }[] }).by_district.find((d) => d.code === DEMO_REGULATOR_AREA)
    expect(district!.deaths).toBeGreaterThanOrEqual(1)
    // staff keep what they had: published only, no names or description, ~100 m positions
    const { data, error } = await as.planner.rpc('public_accidents', { year })
    expect(error).toBeNull()
    const ids = (data as { id: string }[]).map((r) => r.id)
    expect(ids).toContain(shown.id)
    expect(ids).not.toContain(hidden.id)
    const row = (data as Record<string, unknown>[]).find((r) => r.id === shown.id)!
    expect(Object.keys(row)).not.toContain('enterprise_id')
    expect(Object.keys(row)).not.toContain('description')
    expect(row).toMatchObject({ district_code: DEMO_REGULATOR_AREA, district_name: '江海区', grade: 4, deaths: 1 })
    expect(Math.abs((row.lon as number) * 1000 - Math.round((row.lon as number) * 1000))).toBeLessThan(1e-6)
    expect((await as.planner.rpc('public_accidents', { year: 3000 })).error?.message).toMatch(/year must be between/)
  })
})
