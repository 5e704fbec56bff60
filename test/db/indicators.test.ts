// The plans' indicators (issue 16) through supabase-js: set_indicator_denominator with its history
// and refusals, plan targets in their three forms (cap, reduction against a base year, quota), and
// indicator_values(area_code, year): numerators and denominators summed over the area and
// everything inside it first, then divided; an area's denominator from its children when it has
// none of its own and every child has one; a missing denominator gives value null and
// 'no_denominator'; the current year is projected to the year's end.
// Fixtures: accidents of 2005 and 2008 (before the demo data, which starts in 2015) in the streets
// of 江海区 and one in 蓬江区, and one grid cell of 江海区 without demo accidents for the current year.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const Y = 2008
const BASE = 2005
let streets: string[]
let grid: string
let thisYear: number

interface IndicatorRow {
  indicator: string
  numerator: number
  denominator: number | null
  denominator_kind: string | null
  value: number | null
  target: number | null
  target_kind: string | null
  base_value: number | null
  status: string
  projected_numerator: number | null
  projected_value: number | null
  year_elapsed: number | null
}

async function values(area: string, year: number, who: SupabaseClient = as.admin): Promise<Record<string, IndicatorRow>> {
  const { data, error } = await who.rpc('indicator_values', { area_code: area, year })
  if (error) throw new Error(error.message)
  return Object.fromEntries((data as IndicatorRow[]).map((r) => [r.indicator, r]))
}

/** An accident written as maintenance would (superuser): the triggers still derive area and grade. */
async function accident(area: string, when: string, sector: string, deaths: number) {
  await sql().query(
    `insert into public.accidents (occurred_at, first_reported_at, location, sector_code, deaths, description)
     select $2::timestamptz, $2::timestamptz + interval '10 minutes', extensions.st_pointonsurface(a.geom), $3, $4, 'indicator test'
     from public.areas a where a.code = $1`,
    [area, when, sector, deaths],
  )
}

async function setDenominator(who: SupabaseClient, area_code: string, year: number, kind: string, value: number, source = '测试统计') {
  return who.rpc('set_indicator_denominator', { area_code, year, kind, value, source })
}

async function target(row: Record<string, unknown>) {
  const { error } = await as.admin.from('plan_targets').insert({ plan_code: 'test', plan_name: '测试规划', ...row })
  if (error) throw new Error(error.message)
}

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const { rows } = await sql().query<{ code: string }>(`select code from public.areas where parent_code = '440704' order by code`)
  streets = rows.map((r) => r.code)
  expect(streets.length).toBeGreaterThan(1)
  const [s1, s2] = streets
  // 2008: S1 road 2, 工贸 1, special equipment 1, fire 1; S2 road 1, construction 3 (较大); 蓬江区 road 5
  for (const [area, sector, deaths] of [
    [s1, 'road_traffic', 2],
    [s1, 'imt_manufacturing', 1],
    [s1, 'special_equipment', 1],
    [s1, 'fire', 1],
    [s2, 'road_traffic', 1],
    [s2, 'imt_construction', 3],
    ['440703', 'road_traffic', 5],
  ] as const) {
    await accident(area!, `${Y}-06-01T10:00:00+08:00`, sector, deaths)
  }
  // Year boundaries are Beijing years: 31 Dec 23:30 +08 belongs to the year, 1 Jan 00:30 +08 to the next.
  await accident(s1!, `${Y}-12-31T23:30:00+08:00`, 'imt_other', 0)
  await accident(s1!, `${Y + 1}-01-01T00:30:00+08:00`, 'imt_other', 7)
  // the base year 2005: four accidents in 江海区
  for (let i = 0; i < 4; i++) await accident(s2!, `${BASE}-03-0${i + 1}T09:00:00+08:00`, 'road_traffic', 1)

  // a grid cell of 江海区 with no demo accidents this year, for the projection
  thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
  const { rows: g } = await sql().query<{ code: string }>(
    `select a.code from public.areas a where a.level = 'grid' and a.code like '440704%'
       and not exists (select 1 from public.accidents x where x.area_code like a.code || '%') order by a.code limit 1`,
  )
  grid = g[0]!.code
  const earlier = new Date(Date.now() - 3_600_000).toISOString()
  await accident(grid, new Date(Date.UTC(thisYear, 0, 1) - 8 * 3_600_000 + 60_000).toISOString(), 'imt_other', 1)
  await accident(grid, earlier, 'road_traffic', 1)
}, 120_000)

describe('set_indicator_denominator', () => {
  it('records a figure, keeps every revision, and the newest counts', async () => {
    const first = await setDenominator(as.admin, streets[0]!, Y, 'gdp_100m_yuan', 999, '2009 年统计年鉴')
    expect(first.error).toBeNull()
    expect(first.data).toMatchObject({ value: 999, previous_value: null })
    const revised = await setDenominator(as.regulator, streets[0]!, Y, 'gdp_100m_yuan', 250, '第二次经济普查修订')
    expect(revised.error).toBeNull()
    expect(revised.data).toMatchObject({ value: 250, previous_value: 999 })
    const { data: history } = await as.planner
      .from('indicator_denominators')
      .select('value, source')
      .eq('area_code', streets[0]!)
      .eq('year', Y)
      .eq('kind', 'gdp_100m_yuan')
      .order('id')
    expect(history).toEqual([
      { value: 999, source: '2009 年统计年鉴' },
      { value: 250, source: '第二次经济普查修订' },
    ])
    // nobody rewrites the history
    const upd = await as.admin.from('indicator_denominators').update({ value: 1 }).eq('area_code', streets[0]!).select()
    expect(upd.error?.code).toBe('42501')
    const del = await as.admin.from('indicator_denominators').delete().eq('area_code', streets[0]!).select()
    expect(del.error?.code).toBe('42501')
    await expect(sql().query(`delete from public.indicator_denominators where area_code = $1`, [streets[0]])).rejects.toThrow(/append-only/)
  })

  it('refuses bad input and writers outside their area, each with a clear message', async () => {
    const cases: [Parameters<typeof setDenominator>, RegExp][] = [
      [[as.admin, '440704', Y, 'cars', 1], /kind cars is not one of/],
      [[as.admin, '440704', Y, 'gdp_100m_yuan', 0], /value must be a number above 0/],
      [[as.admin, '440704', Y, 'gdp_100m_yuan', -5], /value must be a number above 0/],
      [[as.admin, '440704', 1980, 'gdp_100m_yuan', 5], /year must be between 1990 and 2100/],
      [[as.admin, '999999', Y, 'gdp_100m_yuan', 5], /no area 999999/],
      [[as.admin, '440704', Y, 'gdp_100m_yuan', 5, ' '], /indicator_denominators\.source.*must not be empty/],
      [[as.regulator, '440703', Y, 'gdp_100m_yuan', 5], /outside your jurisdiction/],
      [[as.planner, '440704', Y, 'gdp_100m_yuan', 5], /only admins and regulators/],
      [[as.enterprise, '440704', Y, 'gdp_100m_yuan', 5], /only admins and regulators/],
    ]
    for (const [args, message] of cases) {
      const { error } = await setDenominator(...args)
      expect(error?.message, JSON.stringify(args.slice(1))).toMatch(message)
    }
    const nan = await as.admin.rpc('set_indicator_denominator', { area_code: '440704', year: Y, kind: 'population', value: 'NaN', source: 'x' })
    expect(nan.error?.message).toMatch(/value must be a number above 0/)
    const anon = await setDenominator(anonClient(), '440704', Y, 'gdp_100m_yuan', 5)
    expect(anon.error).not.toBeNull()
  })
})

describe('plan targets', () => {
  it('admins write them in one of three forms; others may not', async () => {
    const mixed = await as.admin.from('plan_targets').insert({
      plan_code: 'bad',
      plan_name: '错误',
      area_code: '440704',
      indicator: 'deaths',
      year: Y,
      target_kind: 'cap',
      cap: 1,
      reduction_pct: 10,
    })
    expect(mixed.error?.message).toMatch(/plan_targets_form|plan_targets/)
    const quotaOfRate = await as.admin.from('plan_targets').insert({
      plan_code: 'bad',
      plan_name: '错误',
      area_code: '440704',
      indicator: 'deaths_per_100m_gdp',
      year: Y,
      target_kind: 'quota',
      quota: 1,
    })
    expect(quotaOfRate.error?.message).toMatch(/plan_targets_quota_counts|plan_targets/)
    for (const who of [as.regulator, as.planner, as.enterprise]) {
      const r = await who
        .from('plan_targets')
        .insert({ plan_code: 'x', plan_name: '不应写入', area_code: '440704', indicator: 'deaths', year: Y, target_kind: 'cap', cap: 1 })
      expect(r.error?.message).toMatch(/row-level security/)
    }
  })
})

describe('indicator_values', () => {
  beforeAll(async () => {
    // GDP: the district has no figure of its own, every street has one → their sum
    for (const s of streets.slice(1)) expect((await setDenominator(as.admin, s, Y, 'gdp_100m_yuan', 250)).error).toBeNull()
    // workers: the district's own figure wins over its streets' (which would sum to 4,000 × n)
    expect((await setDenominator(as.admin, '440704', Y, 'imt_employees', 50_000)).error).toBeNull()
    for (const s of streets) expect((await setDenominator(as.admin, s, Y, 'imt_employees', 4_000)).error).toBeNull()
    // vehicles: one street missing → the district has no denominator
    for (const s of streets.slice(1)) expect((await setDenominator(as.admin, s, Y, 'motor_vehicles', 10_000)).error).toBeNull()
    await target({ area_code: '440704', indicator: 'deaths_per_100m_gdp', year: Y, target_kind: 'cap', cap: 0.01 })
    await target({ area_code: '440704', indicator: 'deaths_per_100k_imt_workers', year: Y, target_kind: 'cap', cap: 7.9 })
    await target({ area_code: '440704', indicator: 'deaths_per_10k_vehicles', year: Y, target_kind: 'cap', cap: 3 })
    await target({ area_code: '440704', indicator: 'deaths', year: Y, target_kind: 'quota', quota: 9 })
    await target({ area_code: '440704', indicator: 'accidents', year: Y, target_kind: 'reduction', reduction_pct: 25, base_year: BASE })
    await target({ area_code: '440704', indicator: 'deaths_per_10k_special_equipment', year: Y, target_kind: 'reduction', reduction_pct: 10, base_year: BASE })
  })

  it('sums numerators over the area and everything inside it, then divides by the summed denominator', async () => {
    const v = await values('440704', Y)
    // 7 accidents in the Beijing year 2008 (the one of 1 Jan 2009 00:30 +08 is not), 9 deaths, one 较大
    expect(v.accidents).toMatchObject({ numerator: 7, value: 7, denominator: null })
    expect(v.deaths).toMatchObject({ numerator: 9, value: 9 })
    expect(v.larger_accidents).toMatchObject({ numerator: 1, value: 1, status: 'no_target' })
    const gdp = 250 * streets.length
    expect(v.deaths_per_100m_gdp).toMatchObject({ numerator: 9, denominator: gdp, denominator_kind: 'gdp_100m_yuan' })
    expect(v.deaths_per_100m_gdp!.value).toBeCloseTo(9 / gdp, 4)
    // 工矿商贸 deaths only (工贸 1 + 建筑施工 3), over the district's own figure
    expect(v.deaths_per_100k_imt_workers).toMatchObject({ numerator: 4, denominator: 50_000, value: 8 })
    // the city: its districts have no GDP figures for 2008 → no denominator; 蓬江区's accident counts
    const city = await values('440700', Y)
    expect(city.accidents!.numerator).toBe(8)
    expect(city.deaths!.numerator).toBe(14)
    expect(city.deaths_per_100m_gdp).toMatchObject({ numerator: 14, denominator: null, value: null, status: 'no_denominator' })
  })

  it('a missing denominator gives value null and no_denominator, never 0 or infinity', async () => {
    const v = await values('440704', Y)
    expect(v.deaths_per_10k_vehicles).toMatchObject({ numerator: 3, denominator: null, value: null, status: 'no_denominator', target: 3 })
    expect(v.deaths_per_10k_special_equipment).toMatchObject({ numerator: 1, denominator: null, value: null, status: 'no_denominator' })
    // a street that has its own figure answers
    const s2 = await values(streets[1]!, Y)
    expect(s2.deaths_per_10k_vehicles).toMatchObject({ numerator: 1, denominator: 10_000, value: 1, status: 'no_target' })
  })

  it('judges each target form: cap, quota, reduction against the base year', async () => {
    const v = await values('440704', Y)
    expect(v.deaths_per_100m_gdp).toMatchObject({ target: 0.01, target_kind: 'cap', status: 'met' })
    expect(v.deaths_per_100k_imt_workers).toMatchObject({ target: 7.9, target_kind: 'cap', status: 'not_met' })
    expect(v.deaths).toMatchObject({ target: 9, target_kind: 'quota', status: 'met' })
    // 2005: 4 accidents; −25 % → at most 3; 2008 had 7
    expect(v.accidents).toMatchObject({ base_value: 4, target: 3, target_kind: 'reduction', status: 'not_met' })
    // one more death than the quota allows
    await accident(streets[0]!, `${Y}-08-08T08:00:00+08:00`, 'imt_other', 1)
    const after = await values('440704', Y)
    expect(after.deaths).toMatchObject({ numerator: 10, status: 'not_met' })
  })

  it('projects the current year to its end from the elapsed share of the year', async () => {
    expect((await setDenominator(as.admin, grid, thisYear, 'gdp_100m_yuan', 10)).error).toBeNull()
    await target({ area_code: grid, indicator: 'deaths_per_100m_gdp', year: thisYear, target_kind: 'cap', cap: 0.2 })
    await target({ area_code: grid, indicator: 'deaths', year: thisYear, target_kind: 'quota', quota: 1000 })
    const v = await values(grid, thisYear)
    const start = Date.UTC(thisYear, 0, 1) - 8 * 3_600_000
    const elapsed = (Date.now() - start) / (Date.UTC(thisYear + 1, 0, 1) - Date.UTC(thisYear, 0, 1))
    const g = v.deaths_per_100m_gdp!
    expect(g.numerator).toBe(2)
    expect(g.value).toBeCloseTo(0.2, 6)
    expect(g.year_elapsed!).toBeCloseTo(elapsed, 3)
    expect(g.projected_numerator!).toBeCloseTo(2 / elapsed, 1)
    expect(g.projected_value!).toBeCloseTo(2 / elapsed / 10, 2)
    // at the cap so far, over it by the year's end
    expect(g.status).toBe('off_track')
    expect(v.deaths).toMatchObject({ numerator: 2, status: 'on_track' })
  })

  it('refuses bad arguments and the public', async () => {
    expect((await as.admin.rpc('indicator_values', { area_code: '999999', year: Y })).error?.message).toMatch(/no area 999999/)
    expect((await as.admin.rpc('indicator_values', { area_code: '440704', year: thisYear + 1 })).error?.message).toMatch(/year must be between/)
    expect((await anonClient().rpc('indicator_values', { area_code: '440704', year: Y })).error).not.toBeNull()
  })

  it('the demo city carries denominators and the seed plans’ targets, labelled as borrowed', async () => {
    const v = await values('440700', 2020)
    expect(v.deaths_per_100m_gdp!.denominator).toBeGreaterThan(0)
    expect(v.deaths_per_100m_gdp!.numerator).toBeGreaterThan(0)
    // 河源's cap is one of the three plans judging it (which decides: indicator-targets.test.ts)
    const gdp = v.deaths_per_100m_gdp as IndicatorRow & { other_targets: Array<{ target: number; target_kind: string }> }
    expect([gdp, ...gdp.other_targets].map((t) => [t.target_kind, t.target])).toContainEqual(['cap', 0.13])
    expect(['met', 'not_met']).toContain(v.deaths_per_100m_gdp!.status)
    expect(v.deaths).toMatchObject({ target_kind: 'reduction' })
    expect(v.deaths!.base_value).toBeGreaterThan(0)
    const { data } = await as.planner.from('plan_targets').select('borrowed_from').eq('plan_code', '000').limit(1)
    expect(data![0]!.borrowed_from).toMatch(/借用/)
  })
})
