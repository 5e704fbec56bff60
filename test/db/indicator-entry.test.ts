// Entering the plans' denominators and targets (issue 16, #/indicators' entry forms) through
// supabase-js, role by role: set_indicator_denominator and its revision history
// (indicator_denominator_history: who, when, old → new, source), set_plan_target in its three
// forms, each refusal a clear Chinese message from the database, and the indicator that had no
// denominator answering once one is recorded, equal to an independent SQL computation.
// Fixtures of 1998 and 1999 (before the demo data, which starts in 2015) under 江海区 (440704,
// the demo regulator's district) and 蓬江区 (440703, outside it); plan code 'entry-test'.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const Y = 1999
const BASE = 1998
const PLAN = 'entry-test'
let street: string

const denominator = (who: SupabaseClient, area_code: string, year: number, kind: string, value: number | string, source = '测试统计年鉴') =>
  who.rpc('set_indicator_denominator', { area_code, year, kind, value, source })

const setTarget = (who: SupabaseClient, target: Record<string, unknown>) =>
  who.rpc('set_plan_target', { target: { plan_code: PLAN, plan_name: '录入测试规划', area_code: '440704', year: Y, ...target } })

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const { rows } = await sql().query<{ code: string }>(`select code from public.areas where parent_code = '440704' order by code desc limit 1`)
  street = rows[0]!.code
  // 1999 in the street: a road death and two 工贸 deaths; 1998: one road death
  for (const [when, sector, deaths] of [
    [`${Y}-04-01T10:00:00+08:00`, 'road_traffic', 1],
    [`${Y}-05-01T10:00:00+08:00`, 'imt_manufacturing', 2],
    [`${BASE}-05-01T10:00:00+08:00`, 'road_traffic', 1],
  ] as const) {
    await sql().query(
      `insert into public.accidents (occurred_at, first_reported_at, location, sector_code, deaths, description)
       select $2::timestamptz, $2::timestamptz + interval '10 minutes', extensions.st_pointonsurface(a.geom), $3, $4, 'indicator entry test'
       from public.areas a where a.code = $1`,
      [street, when, sector, deaths],
    )
  }
}, 120_000)

describe('set_indicator_denominator by role', () => {
  it('admins anywhere and regulators in their area record; the rest are refused in Chinese', async () => {
    expect((await denominator(as.admin, '440703', Y, 'population', 500_000)).error).toBeNull()
    expect((await denominator(as.regulator, street, Y, 'population', 40_000)).error).toBeNull()
    const refusals: [SupabaseClient, string, number, string, number | string, RegExp][] = [
      [as.regulator, '440703', Y, 'population', 5, /不在你的辖区内/],
      [as.planner, '440704', Y, 'population', 5, /只有管理员和监管部门可以录入指标分母/],
      [as.command, '440704', Y, 'population', 5, /只有管理员和监管部门可以录入指标分母/],
      [as.enterprise, '440704', Y, 'population', 5, /只有管理员和监管部门可以录入指标分母/],
      [as.regulator, '440704', Y, 'population', -3, /须为大于 0 的数/],
      [as.regulator, '440704', Y, 'population', 0, /须为大于 0 的数/],
      [as.regulator, '440704', 1800, 'population', 5, /须在 1990 到 2100 之间/],
      [as.regulator, '440704', 9999, 'population', 5, /须在 1990 到 2100 之间/],
      [as.regulator, '440704', Y, 'horses', 5, /未知的分母类型 horses/],
      [as.admin, '000000', Y, 'population', 5, /没有此行政区划 000000/],
    ]
    for (const [who, area, year, kind, value, message] of refusals) {
      const { error } = await denominator(who, area, year, kind, value)
      expect(error?.message, `${area} ${year} ${kind} ${value}`).toMatch(message)
    }
    const anon = await denominator(anonClient(), '440704', Y, 'population', 5)
    expect(anon.error).not.toBeNull()
    expect(anon.data).toBeNull()
  })
})

describe('indicator_denominator_history', () => {
  it('lists every revision newest first: who, when, old → new, source', async () => {
    expect((await denominator(as.admin, street, Y, 'motor_vehicles', 12_000, '1999 年统计年鉴')).error).toBeNull()
    expect((await denominator(as.regulator, street, Y, 'motor_vehicles', 12_500, '公安交管年报修订')).error).toBeNull()
    const { data, error } = await as.planner.rpc('indicator_denominator_history', { area_code: street, year: Y })
    expect(error).toBeNull()
    const vehicles = (data as { kind: string }[]).filter((r) => r.kind === 'motor_vehicles')
    expect(vehicles).toMatchObject([
      { value: 12_500, previous_value: 12_000, source: '公安交管年报修订', recorded_by_name: demoUser('regulator').displayName, recorded_by_role: '监管人员' },
      { value: 12_000, previous_value: null, source: '1999 年统计年鉴', recorded_by_name: demoUser('admin').displayName, recorded_by_role: '系统管理员' },
    ])
    const times = vehicles.map((r) => Date.parse((r as unknown as { recorded_at: string }).recorded_at))
    expect(times[0]).toBeGreaterThanOrEqual(times[1]!)
    // the other kinds of the same area and year are listed too
    expect((data as { kind: string }[]).some((r) => r.kind === 'population')).toBe(true)
    // an enterprise sees the recorder's role, not the account
    const ent = await as.enterprise.rpc('indicator_denominator_history', { area_code: street, year: Y })
    expect((ent.data as { kind: string }[]).filter((r) => r.kind === 'motor_vehicles')).toMatchObject([
      { value: 12_500, recorded_by_name: null, recorded_by_role: '监管人员' },
      { value: 12_000, recorded_by_name: null, recorded_by_role: '系统管理员' },
    ])
  })

  it('is for signed-in staff only', async () => {
    const anon = await anonClient().rpc('indicator_denominator_history', { area_code: street, year: Y })
    expect(anon.error).not.toBeNull()
    const bad = await as.admin.rpc('indicator_denominator_history', { area_code: street, year: 3000 })
    expect(bad.error?.message).toMatch(/须在 1990 到 2100 之间/)
  })
})

describe('set_plan_target', () => {
  it('admins and the area’s regulator write a target in each form; a second write replaces it', async () => {
    const cap = await setTarget(as.admin, { indicator: 'deaths_per_100m_gdp', target_kind: 'cap', cap: 0.13, period: '1996–2000' })
    expect(cap.error).toBeNull()
    expect(cap.data).toMatchObject({ target_kind: 'cap', cap: 0.13, reduction_pct: null, quota: null, period: '1996–2000' })
    const cut = await setTarget(as.regulator, { indicator: 'accidents', target_kind: 'reduction', reduction_pct: 10, base_year: BASE })
    expect(cut.error).toBeNull()
    const quota = await setTarget(as.regulator, { area_code: street, indicator: 'deaths', target_kind: 'quota', quota: 2 })
    expect(quota.error).toBeNull()
    const again = await setTarget(as.regulator, { area_code: street, indicator: 'deaths', target_kind: 'quota', quota: 4, note: '市里调整' })
    expect(again.error).toBeNull()
    const { data } = await as.planner.from('plan_targets').select('quota, note').eq('plan_code', PLAN).eq('area_code', street).eq('indicator', 'deaths')
    expect(data).toEqual([{ quota: 4, note: '市里调整' }])
    const v = await as.regulator.rpc('indicator_values', { area_code: street, year: Y })
    const deaths = (v.data as { indicator: string }[]).find((r) => r.indicator === 'deaths')
    expect(deaths).toMatchObject({ numerator: 3, target: 4, target_kind: 'quota', status: 'met' })
  })

  it('refuses bad targets, other areas and other roles, each with a clear Chinese message', async () => {
    const cases: [SupabaseClient, Record<string, unknown>, RegExp][] = [
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: -1 }, /cap（控制上限）：须在 0 到/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap' }, /上限形式的目标须填写上限值/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: 3, quota: 2 }, /上限形式的目标只填 cap/],
      [as.admin, { indicator: 'deaths', target_kind: 'reduction', reduction_pct: 0, base_year: BASE }, /须大于 0、小于 100/],
      [as.admin, { indicator: 'deaths', target_kind: 'reduction', reduction_pct: 150, base_year: BASE }, /reduction_pct（下降百分比）：须在 0 到 100 之间/],
      [as.admin, { indicator: 'deaths', target_kind: 'reduction', reduction_pct: 10, base_year: Y }, /须为早于目标年份/],
      [as.admin, { indicator: 'deaths', target_kind: 'reduction', reduction_pct: 10 }, /须为早于目标年份/],
      [as.admin, { indicator: 'deaths_per_100m_gdp', target_kind: 'quota', quota: 1 }, /控制指标（quota）只适用于事故起数/],
      [as.admin, { indicator: 'deaths', target_kind: 'quota', quota: 1.5 }, /须为 0 到 1000000 的整数/],
      [as.admin, { indicator: 'deaths', target_kind: 'limit', cap: 1 }, /目标形式须为 cap/],
      [as.admin, { indicator: 'injuries', target_kind: 'cap', cap: 1 }, /未知指标 injuries/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: 1, colour: 'red' }, /未知字段 colour/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: '1' }, /须为数字/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: 1, year: 1800 }, /year（目标年份）：须在 1990 到 2100 之间/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: 1, area_code: '000000' }, /没有此行政区划 000000/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: 1, plan_name: 'x' }, /plan_name（规划名称）：须为 2–200 个字/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: 1, plan_code: '江海' }, /plan_code（规划编号）/],
      [as.admin, { indicator: 'deaths', target_kind: 'cap', cap: 1, denominator_kind: 'motor_vehicles' }, /只有万车死亡率可选分母/],
      [
        as.admin,
        { indicator: 'deaths_per_10k_vehicles', target_kind: 'cap', cap: 1, denominator_kind: 'bikes' },
        /须为 motor_vehicles（机动车）或 operating_vehicles/,
      ],
      [as.regulator, { indicator: 'deaths', target_kind: 'cap', cap: 1, area_code: '440703' }, /不在你的辖区内/],
      [as.regulator, { indicator: 'deaths', target_kind: 'cap', cap: 1, area_code: '440700' }, /不在你的辖区内/],
      [as.planner, { indicator: 'deaths', target_kind: 'cap', cap: 1 }, /只有管理员和监管部门可以录入规划目标/],
      [as.command, { indicator: 'deaths', target_kind: 'cap', cap: 1 }, /只有管理员和监管部门可以录入规划目标/],
      [as.enterprise, { indicator: 'deaths', target_kind: 'cap', cap: 1 }, /只有管理员和监管部门可以录入规划目标/],
    ]
    for (const [who, target, message] of cases) {
      const { error } = await setTarget(who, target)
      expect(error?.message, JSON.stringify(target)).toMatch(message)
    }
    const anon = await setTarget(anonClient(), { indicator: 'deaths', target_kind: 'cap', cap: 1 })
    expect(anon.error).not.toBeNull()
    // nothing of the refused ones was stored
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int as n from public.plan_targets where plan_code = $1 and (area_code = '440703' or indicator in ('injuries') or cap = 1)`,
      [PLAN],
    )
    expect(rows[0]!.n).toBe(0)
    // the table itself stays closed to direct writes by regulators
    const direct = await as.regulator
      .from('plan_targets')
      .insert({ plan_code: PLAN, plan_name: '直接写入', area_code: '440704', indicator: 'deaths', year: Y, target_kind: 'cap', cap: 1 })
    expect(direct.error?.message).toMatch(/row-level security/)
  })
})

describe('an indicator without a denominator answers once one is recorded', () => {
  it('goes from no_denominator to the value an independent SQL computation gives', async () => {
    const imt = async () =>
      ((await as.regulator.rpc('indicator_values', { area_code: street, year: Y })).data as { indicator: string; value: number | null; status: string }[]).find(
        (r) => r.indicator === 'deaths_per_100k_imt_workers',
      )!
    expect(await imt()).toMatchObject({ value: null, status: 'no_denominator' })
    expect((await denominator(as.regulator, street, Y, 'imt_employees', 7_300, '1999 年经济普查')).error).toBeNull()
    const { rows } = await sql().query<{ v: string }>(
      `select round(sum(a.deaths)::numeric * 100000 / 7300, 4)::text as v
       from public.accidents a join public.accident_sectors s on s.code = a.sector_code
       where a.area_code like $1 || '%' and s.is_imt
         and a.occurred_at >= '${Y}-01-01T00:00:00+08:00' and a.occurred_at < '${Y + 1}-01-01T00:00:00+08:00'`,
      [street],
    )
    const after = await imt()
    expect(after.value).toBe(Number(rows[0]!.v))
    expect(after.value).toBeCloseTo((2 * 100_000) / 7_300, 4)
    expect(after.status).toBe('no_target')
  })
})
