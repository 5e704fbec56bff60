// Several plans' targets for one area, indicator and year (issue 16), through supabase-js:
// indicator_values judges every target that applies on its own figures, the one furthest from
// being met decides (not met before met, then the highest value against its target), the others
// come in other_targets; a borrowed target applies only where the area has none of its own; a
// target that cannot be judged never decides over one that can. And the demo city's 2020, judged
// by 河源's caps and 汕尾's and 新密's cuts against 2015, and its 2015, judged by 临沂's cuts
// against 2010 (the demo's first year), recomputed here from the accidents and denominators.
// Fixtures: 新会区 (440705) in 1995 and 1996, before any other test's years.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const AREA = '440705'
const Y = 1996
const BASE = 1995
let admin: SupabaseClient
let planner: SupabaseClient

interface Judged {
  plan_code?: string
  plan_name: string | null
  borrowed_from: string | null
  target_kind: string | null
  target: number | null
  value: number | null
  denominator_kind: string | null
  status: string
}
type Row = Judged & { indicator: string; other_targets: Judged[] }

async function values(area: string, year: number): Promise<Record<string, Row>> {
  const { data, error } = await planner.rpc('indicator_values', { area_code: area, year })
  if (error) throw new Error(error.message)
  return Object.fromEntries((data as Row[]).map((r) => [r.indicator, r]))
}

async function accident(when: string, sector: string, deaths: number) {
  await sql().query(
    `insert into public.accidents (occurred_at, first_reported_at, location, sector_code, deaths, description)
     select $2::timestamptz, $2::timestamptz + interval '10 minutes', extensions.st_pointonsurface(a.geom), $3, $4, 'targets test'
     from public.areas a where a.code = $1`,
    [AREA, when, sector, deaths],
  )
}

async function target(plan_code: string, row: Record<string, unknown>) {
  const { error } = await admin.from('plan_targets').insert({ plan_code, plan_name: `测试规划 ${plan_code}`, area_code: AREA, year: Y, ...row })
  if (error) throw new Error(error.message)
}

async function setTarget(plan_code: string, indicator: string, patch: Record<string, unknown>) {
  const { error } = await admin.from('plan_targets').update(patch).eq('plan_code', plan_code).eq('area_code', AREA).eq('year', Y).eq('indicator', indicator)
  if (error) throw new Error(error.message)
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  planner = await signIn(demoUser('planner').email, demoUser('planner').password)
  // 1995: 10 deaths in manufacturing. 1996: 4 in manufacturing, 2 on the road (6 in all).
  await accident(`${BASE}-05-01T10:00:00+08:00`, 'imt_manufacturing', 10)
  await accident(`${Y}-05-01T10:00:00+08:00`, 'imt_manufacturing', 4)
  await accident(`${Y}-06-01T10:00:00+08:00`, 'road_traffic', 2)
  for (const [year, kind, value] of [
    [BASE, 'gdp_100m_yuan', 100],
    [Y, 'gdp_100m_yuan', 100],
    [Y, 'imt_employees', 100_000],
    [Y, 'motor_vehicles', 10_000],
    [Y, 'operating_vehicles', 1_000],
  ] as const) {
    const { error } = await admin.rpc('set_indicator_denominator', { area_code: AREA, year, kind, value, source: '测试统计' })
    if (error) throw new Error(error.message)
  }
  // the GDP rate: 1995 10 / 100 = 0.1; 1996 6 / 100 = 0.06
  await target('tgt-a', { indicator: 'deaths_per_100m_gdp', target_kind: 'cap', cap: 0.08 }) // met, 0.75 of its target
  await target('tgt-b', { indicator: 'deaths_per_100m_gdp', target_kind: 'reduction', reduction_pct: 50, base_year: BASE }) // ≤ 0.05: not met
  await target('tgt-c', { indicator: 'deaths_per_100m_gdp', target_kind: 'cap', cap: 0.01, borrowed_from: '他地规划（测试）' }) // borrowed: does not apply
  // deaths: a borrowed target alone applies
  await target('tgt-c', { indicator: 'deaths', target_kind: 'cap', cap: 5, borrowed_from: '他地规划（测试）' })
  // the road rate: 2 deaths per 10,000 motor vehicles = 2; per 1,000 operating vehicles = 20
  await target('tgt-a', { indicator: 'deaths_per_10k_vehicles', target_kind: 'cap', cap: 3, denominator_kind: 'motor_vehicles' }) // 0.67
  await target('tgt-b', { indicator: 'deaths_per_10k_vehicles', target_kind: 'cap', cap: 25, denominator_kind: 'operating_vehicles' }) // 0.8
  // the workers' rate 4 / 100,000 × 10⁵ = 4: a cut against 1995, which has no employees figure, cannot be judged
  await target('tgt-a', { indicator: 'deaths_per_100k_imt_workers', target_kind: 'reduction', reduction_pct: 10, base_year: BASE })
  await target('tgt-b', { indicator: 'deaths_per_100k_imt_workers', target_kind: 'cap', cap: 1000 })
}, 120_000)

describe('indicator_values with several plans', () => {
  it('the target the area is furthest from meeting decides; the others are judged beside it', async () => {
    const gdp = (await values(AREA, Y)).deaths_per_100m_gdp!
    expect(gdp).toMatchObject({ plan_name: '测试规划 tgt-b', target_kind: 'reduction', target: 0.05, value: 0.06, status: 'not_met' })
    expect(gdp.other_targets).toHaveLength(1)
    expect(gdp.other_targets[0]).toMatchObject({ plan_code: 'tgt-a', target_kind: 'cap', target: 0.08, value: 0.06, status: 'met' })
  })

  it('when every target is met, the tightest decides', async () => {
    await setTarget('tgt-b', 'deaths_per_100m_gdp', { reduction_pct: 30 }) // ≤ 0.07: met at 0.857
    let gdp = (await values(AREA, Y)).deaths_per_100m_gdp!
    expect(gdp).toMatchObject({ plan_name: '测试规划 tgt-b', target: 0.07, status: 'met' })
    expect(gdp.other_targets.map((t) => [t.plan_code, t.status])).toEqual([['tgt-a', 'met']])
    await setTarget('tgt-a', 'deaths_per_100m_gdp', { cap: 0.065 }) // met at 0.923: now the tighter one
    gdp = (await values(AREA, Y)).deaths_per_100m_gdp!
    expect(gdp).toMatchObject({ plan_name: '测试规划 tgt-a', target: 0.065, status: 'met' })
    expect(gdp.other_targets.map((t) => [t.plan_code, t.target, t.status])).toEqual([['tgt-b', 0.07, 'met']])
    // restore the fixtures for the tests after this one
    await setTarget('tgt-a', 'deaths_per_100m_gdp', { cap: 0.08 })
    await setTarget('tgt-b', 'deaths_per_100m_gdp', { reduction_pct: 50 })
  })

  it('a borrowed target applies only where the area has no target of its own', async () => {
    const v = await values(AREA, Y)
    // 0.06 is far above tgt-c's borrowed 0.01, yet it neither decides nor is listed
    expect(v.deaths_per_100m_gdp!.borrowed_from).toBeNull()
    expect([v.deaths_per_100m_gdp!.plan_name, ...v.deaths_per_100m_gdp!.other_targets.map((t) => t.plan_name)]).not.toContain('测试规划 tgt-c')
    // deaths has only the borrowed target: it decides, and says where it comes from
    expect(v.deaths).toMatchObject({ target: 5, value: 6, status: 'not_met', borrowed_from: '他地规划（测试）' })
    expect(v.deaths!.other_targets).toEqual([])
  })

  it('each target is judged on its own denominator; the indicator’s own denominator gives the row’s figure', async () => {
    // tgt-b (per operating vehicle, 0.8 of its cap) is tighter than tgt-a (per motor vehicle, 0.67),
    // yet the row stays the road rate per motor vehicle, so the card and the trend are one series
    let road = (await values(AREA, Y)).deaths_per_10k_vehicles!
    expect(road).toMatchObject({ plan_name: '测试规划 tgt-a', denominator_kind: 'motor_vehicles', value: 2, target: 3, status: 'met' })
    expect(road.other_targets).toHaveLength(1)
    expect(road.other_targets[0]).toMatchObject({ plan_code: 'tgt-b', denominator_kind: 'operating_vehicles', value: 20, target: 25, status: 'met' })
    // …even when only the other one is not met: it is listed as not met beside the row
    await setTarget('tgt-b', 'deaths_per_10k_vehicles', { cap: 15 })
    road = (await values(AREA, Y)).deaths_per_10k_vehicles!
    expect(road).toMatchObject({ plan_name: '测试规划 tgt-a', value: 2, status: 'met' })
    expect(road.other_targets[0]).toMatchObject({ plan_code: 'tgt-b', value: 20, target: 15, status: 'not_met' })
    // where it is the only target, it decides
    await admin.from('plan_targets').delete().eq('plan_code', 'tgt-a').eq('area_code', AREA).eq('year', Y).eq('indicator', 'deaths_per_10k_vehicles')
    road = (await values(AREA, Y)).deaths_per_10k_vehicles!
    expect(road).toMatchObject({ plan_name: '测试规划 tgt-b', denominator_kind: 'operating_vehicles', value: 20, target: 15, status: 'not_met' })
    expect(road.other_targets).toEqual([])
    // restore the fixtures for the tests after this one
    await setTarget('tgt-b', 'deaths_per_10k_vehicles', { cap: 25 })
    await target('tgt-a', { indicator: 'deaths_per_10k_vehicles', target_kind: 'cap', cap: 3, denominator_kind: 'motor_vehicles' })
  })

  it('a target that cannot be judged does not decide over one that can', async () => {
    const workers = (await values(AREA, Y)).deaths_per_100k_imt_workers!
    expect(workers).toMatchObject({ plan_name: '测试规划 tgt-b', value: 4, target: 1000, status: 'met' })
    expect(workers.other_targets[0]).toMatchObject({ plan_code: 'tgt-a', target: null, status: 'no_denominator' })
    // without targets: as before
    const larger = (await values(AREA, Y)).larger_accidents!
    expect(larger).toMatchObject({ status: 'no_target', target: null, plan_name: null })
    expect(larger.other_targets).toEqual([])
  })

  it('the demo city’s 2020: 河源’s caps, 汕尾’s and 新密’s cuts against 2015, each judged against its own figures', async () => {
    const [v2020, v2015] = [await values('440700', 2020), await values('440700', 2015)]
    for (const ind of ['deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles', 'deaths'] as const) {
      const row = v2020[ind]!
      const all: Judged[] = [row, ...row.other_targets]
      expect(all, ind).toHaveLength(3)
      for (const t of all) expect(t.borrowed_from, ind).toMatch(/借用/)
      // the cuts: 2015's figure (against the same denominator) less the plan's percentage
      const { rows: plans } = await sql().query<{ plan_name: string; reduction_pct: number | null; denominator_kind: string | null }>(
        `select plan_name, reduction_pct::float8 as reduction_pct, denominator_kind from public.plan_targets
         where area_code = '440700' and year = 2020 and indicator = $1`,
        [ind],
      )
      for (const t of all) {
        const plan = plans.find((p) => p.plan_name === t.plan_name)!
        if (plan.reduction_pct === null) continue
        const base = plan.denominator_kind === 'operating_vehicles' ? await operatingRate2015() : v2015[ind]!.value!
        expect(t.target, `${ind} ${t.plan_name}`).toBeCloseTo(base * (1 - plan.reduction_pct / 100), 3)
      }
      for (const t of all) if (t.target !== null && t.value !== null) expect(t.status, `${ind} ${t.plan_name}`).toBe(t.value <= t.target ? 'met' : 'not_met')
      // the deciding one is the furthest from being met (on the indicator's own denominator first)
      const rankOf = (t: Judged) => (t.denominator_kind === 'operating_vehicles' ? 0 : 10) + (t.status === 'not_met' ? 2 : t.status === 'met' ? 1 : 0)
      const ratio = (t: Judged) => (t.target ? t.value! / t.target : 0)
      for (const t of row.other_targets) {
        expect(rankOf(row) > rankOf(t) || (rankOf(row) === rankOf(t) && ratio(row) >= ratio(t)), `${ind}: ${row.plan_name} decides over ${t.plan_name}`).toBe(
          true,
        )
      }
    }
  })
})

describe('临沂’s 12th-plan cuts, 2015 against 2010, borrowed for the demo city', () => {
  /** Deaths and the city's denominator (the sum of its districts' newest figures) of a Beijing year, straight from the tables. */
  async function figures(year: number, sectorWhere: string, kind: string | null): Promise<{ deaths: number; denominator: number | null; larger: number }> {
    const { rows } = await sql().query<{ deaths: number; larger: number; denominator: number | null; districts: number; with_figure: number }>(
      `select (select coalesce(sum(a.deaths), 0)::int from public.accidents a join public.accident_sectors s on s.code = a.sector_code
                where a.area_code like '4407%' and ${sectorWhere}
                  and a.occurred_at >= $1::timestamptz and a.occurred_at < $2::timestamptz) deaths,
              (select count(*)::int from public.accidents a where a.area_code like '4407%' and a.grade <= 3
                  and a.occurred_at >= $1::timestamptz and a.occurred_at < $2::timestamptz) larger,
              (select sum(v)::float8 from (select distinct on (d.area_code) d.value v from public.indicator_denominators d
                 join public.areas ar on ar.code = d.area_code and ar.parent_code = '440700'
                 where d.year = $3 and d.kind = $4 order by d.area_code, d.recorded_at desc, d.id desc) t) denominator,
              (select count(*)::int from public.areas where parent_code = '440700') districts,
              (select count(distinct d.area_code)::int from public.indicator_denominators d join public.areas ar on ar.code = d.area_code and ar.parent_code = '440700'
                 where d.year = $3 and d.kind = $4) with_figure`,
      [`${year}-01-01T00:00:00+08:00`, `${year + 1}-01-01T00:00:00+08:00`, year, kind ?? 'population'],
    )
    const r = rows[0]!
    // the city has no figure of its own in the demo: every district's, or none
    return { deaths: r.deaths, larger: r.larger, denominator: kind && r.with_figure === r.districts ? r.denominator : null }
  }

  it('each of 临沂’s five cuts is judged on the 2010 and 2015 figures computed here', async () => {
    const v2015 = await values('440700', 2015)
    const cases = [
      { ind: 'deaths_per_100m_gdp', pct: 36, sector: 'true', kind: 'gdp_100m_yuan', per: 1 },
      { ind: 'deaths_per_100k_imt_workers', pct: 26.5, sector: 's.is_imt', kind: 'imt_employees', per: 100_000 },
      { ind: 'deaths_per_10k_vehicles', pct: 32.5, sector: "a.sector_code = 'road_traffic'", kind: 'motor_vehicles', per: 10_000 },
      { ind: 'deaths', pct: 10.5, sector: 'true', kind: null, per: 1 },
      { ind: 'larger_accidents', pct: 15, sector: 'true', kind: null, per: 1 },
    ] as const
    for (const c of cases) {
      const [b, n] = [await figures(2010, c.sector, c.kind), await figures(2015, c.sector, c.kind)]
      const of = (f: typeof b) => (c.ind === 'larger_accidents' ? f.larger : c.kind ? (f.deaths * c.per) / f.denominator! : f.deaths)
      if (c.kind) expect(b.denominator, `${c.ind}: the demo has 2010's ${c.kind}`).toBeGreaterThan(0)
      const base = of(b)
      const value = of(n)
      const target = base * (1 - c.pct / 100)
      const row = v2015[c.ind]!
      // 临沂's is the only plan with a 2015 target for the city: it decides
      expect(row, c.ind).toMatchObject({ target_kind: 'reduction', plan_name: '临沂市安全生产“十二五”规划' })
      expect(row.borrowed_from, c.ind).toMatch(/临沂.*借用于演示城市/)
      expect(row.other_targets, c.ind).toEqual([])
      const r = row as Row & { base_year: number; base_value: number }
      expect(r.base_year, c.ind).toBe(2010)
      expect(Number(r.base_value), c.ind).toBeCloseTo(base, 3)
      expect(Number(row.value), c.ind).toBeCloseTo(value, 3)
      expect(Number(row.target), c.ind).toBeCloseTo(target, 3)
      expect(row.status, c.ind).toBe(Math.round(value * 1e4) / 1e4 <= Math.round(target * 1e4) / 1e4 ? 'met' : 'not_met')
    }
  })
})

/** The demo city's 2015 road deaths per 10,000 operating vehicles (the figures function the rates use, tested in indicators.test.ts). */
async function operatingRate2015(): Promise<number> {
  const { rows } = await sql().query<{ v: number }>(
    `select value::float8 as v from app.indicator_figures('440700', 2015, 'deaths_per_10k_vehicles', 'operating_vehicles')`,
  )
  return rows[0]!.v
}
