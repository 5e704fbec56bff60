// The public's accident summary (issue 16) through supabase-js as anon: the public cannot read
// accidents or their history at all; public_accident_summary(year) returns aggregates of the
// published accidents only, by district and by sector, with the plans' count targets, and nothing
// that names an enterprise, describes an accident or places it finer than its district.
// Fixtures of 1996 and 1997 (before the demo data, which starts in 2015), plan code 'pub-test'.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const Y = 1997
const SECRET = '内部事故经过-不得公开-7f3a'
let admin: SupabaseClient
let enterpriseName: string

async function accident(area: string, when: string, sector: string, deaths: number, published: boolean) {
  await sql().query(
    `insert into public.accidents (occurred_at, first_reported_at, location, sector_code, deaths, enterprise_id, description, published)
     select $2::timestamptz, $2::timestamptz + interval '10 minutes', extensions.st_pointonsurface(a.geom), $3, $4, $5, $6, $7
     from public.areas a where a.code = $1`,
    [area, when, sector, deaths, DEMO_ENTERPRISE_ID, SECRET, published],
  )
}

interface Summary {
  year: number
  totals: { accidents: number; deaths: number; larger_accidents: number }
  by_district: { code: string; name: string; accidents: number; deaths: number; larger_accidents: number }[]
  by_sector: { code: string; accidents: number; deaths: number }[]
  targets: { area_code: string; indicator: string; target_kind: string; target: number; value: number; base_value: number | null }[]
}

async function summary(year: number, who: SupabaseClient = anonClient()): Promise<Summary> {
  const { data, error } = await who.rpc('public_accident_summary', { year })
  if (error) throw new Error(error.message)
  return data as Summary
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  const { rows } = await sql().query<{ name: string }>(`select name from public.enterprises where id = $1`, [DEMO_ENTERPRISE_ID])
  enterpriseName = rows[0]!.name
  const { rows: streets } = await sql().query<{ code: string }>(`select code from public.areas where parent_code = '440704' order by code limit 1`)
  // published: a road accident (2 deaths) in a street of 江海区, a 较大 hazchem one (3) in 江海区,
  // a fire without deaths in 蓬江区; not published: a 工贸 accident with 5 deaths in 江海区
  await accident(streets[0]!.code, `${Y}-02-03T08:00:00+08:00`, 'road_traffic', 2, true)
  await accident('440704', `${Y}-05-06T09:00:00+08:00`, 'imt_hazchem', 3, true)
  await accident('440703', `${Y}-12-31T23:00:00+08:00`, 'fire', 0, true)
  await accident('440704', `${Y}-07-08T10:00:00+08:00`, 'imt_manufacturing', 5, false)
  // the base year of a reduction target: one published accident
  await accident('440703', `${Y - 1}-04-04T10:00:00+08:00`, 'road_traffic', 1, true)
  const quota = await admin.rpc('set_plan_target', {
    target: { plan_code: 'pub-test', plan_name: '公开测试规划', area_code: '440704', indicator: 'deaths', year: Y, target_kind: 'quota', quota: 4 },
  })
  expect(quota.error).toBeNull()
  const cut = await admin.rpc('set_plan_target', {
    target: {
      plan_code: 'pub-test',
      plan_name: '公开测试规划',
      area_code: '440700',
      indicator: 'accidents',
      year: Y,
      target_kind: 'reduction',
      reduction_pct: 10,
      base_year: Y - 1,
    },
  })
  expect(cut.error).toBeNull()
}, 120_000)

describe('the public and accidents', () => {
  it('anon reads no accident rows, no history, no names', async () => {
    const anon = anonClient()
    for (const table of ['accidents', 'accident_reports', 'indicator_denominators', 'plan_targets']) {
      const { data, error } = await anon.from(table).select('*').limit(1)
      expect(error?.code, table).toBe('42501')
      expect(data, table).toBeNull()
    }
    const view = await anon.rpc('accidents_in_view', { west: 112, south: 21, east: 114, north: 23, from_date: `${Y}-01-01`, to_date: `${Y}-12-31` })
    expect(view.error).not.toBeNull()
  })

  it('public_accident_summary counts the published accidents only, by district and sector', async () => {
    const s = await summary(Y)
    expect(s.year).toBe(Y)
    expect(s.totals).toEqual({ accidents: 3, deaths: 5, larger_accidents: 1 })
    const d = Object.fromEntries(s.by_district.map((r) => [r.code, r]))
    expect(d['440704']).toMatchObject({ name: '江海区', accidents: 2, deaths: 5, larger_accidents: 1 })
    expect(d['440703']).toMatchObject({ accidents: 1, deaths: 0, larger_accidents: 0 })
    const { rows } = await sql().query<{ n: number }>(`select count(*)::int as n from public.areas where level = 'district'`)
    expect(s.by_district).toHaveLength(rows[0]!.n)
    expect(s.by_district.reduce((a, r) => a + r.deaths, 0)).toBe(s.totals.deaths)
    // 工矿商贸's industries are summed into their group
    expect(s.by_sector.map((r) => [r.code, r.accidents, r.deaths])).toEqual([
      ['imt', 1, 3],
      ['road_traffic', 1, 2],
      ['fire', 1, 0],
    ])
  })

  it('carries the plans’ count targets with the published figures against them', async () => {
    const s = await summary(Y)
    const mine = s.targets.filter((t) => ['440704', '440700'].includes(t.area_code))
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ area_code: '440700', indicator: 'accidents', target_kind: 'reduction', base_value: 1, target: 0.9, value: 3 }),
        expect.objectContaining({ area_code: '440704', indicator: 'deaths', target_kind: 'quota', target: 4, value: 5 }),
      ]),
    )
  })

  it('says nothing finer than a district: no names, enterprise, description, place or day', async () => {
    const s = await summary(Y)
    const text = JSON.stringify(s)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(enterpriseName)
    expect(text).not.toContain(DEMO_ENTERPRISE_ID)
    expect(text).not.toMatch(/"(lon|lat|location|geom|occurred_at|occurred_on|id|enterprise_id|enterprise_name|description)"/)
    // every area code in the answer is a district's (6 digits) or the city's
    for (const code of text.match(/"(area_)?code":"(\d+)"/g) ?? []) expect(code).toMatch(/"\d{6}"$/)
    expect(Object.keys(s).sort()).toEqual(['by_district', 'by_sector', 'current_year', 'targets', 'totals', 'year'])
    expect(Object.keys(s.by_district[0]!).sort()).toEqual(['accidents', 'code', 'deaths', 'larger_accidents', 'name', 'name_en'])
  })

  it('this year’s demo figures equal the published accidents counted in SQL; bad years are refused', async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
    const s = await summary(year)
    const { rows } = await sql().query<{ n: number; d: number }>(
      `select count(*)::int as n, coalesce(sum(deaths), 0)::int as d from public.accidents
       where published and occurred_at >= $1::timestamptz and occurred_at < $2::timestamptz`,
      [`${year}-01-01T00:00:00+08:00`, `${year + 1}-01-01T00:00:00+08:00`],
    )
    expect(s.totals.accidents).toBe(rows[0]!.n)
    expect(s.totals.deaths).toBe(rows[0]!.d)
    for (const bad of [1980, year + 1]) {
      const { error } = await anonClient().rpc('public_accident_summary', { year: bad })
      expect(error?.message, String(bad)).toMatch(/year：须在 1990 到 \d{4} 之间/)
    }
  })
})
