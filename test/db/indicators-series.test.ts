// indicator_trend and indicator_by_district (issue 16, #/indicators' trend and choropleth) through
// supabase-js: each row is what indicator_values says for that year or district; a district
// without a denominator stays null (never 0); bad arguments refused by name; staff only. And the
// series' scope changes (indicator_scope_changes, 20270202000100): who reads and writes them, and
// the trend carrying their notes on the year of the change, for the area and the areas above it.
// Fixtures: scope changes in 1991–1993 (before any other test's years), removed at the end.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

let command: SupabaseClient

beforeAll(async () => {
  command = await signIn(demoUser('command').email, demoUser('command').password)
}, 120_000)

interface Value {
  indicator: string
  numerator: number
  denominator: number | null
  value: number | null
  status: string
}

describe('indicator_trend', () => {
  it('returns indicator_values for each year of the range', async () => {
    const { data, error } = await command.rpc('indicator_trend', { area_code: '440704', from_year: 2016, to_year: 2020 })
    expect(error).toBeNull()
    const rows = data as (Value & { year: number })[]
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2016, 2017, 2018, 2019, 2020]))
    for (const y of [2016, 2020]) {
      const { data: one } = await command.rpc('indicator_values', { area_code: '440704', year: y })
      for (const v of one as Value[]) {
        const t = rows.find((r) => r.year === y && r.indicator === v.indicator)!
        expect(t, `${y} ${v.indicator}`).toBeDefined()
        expect(Number(t.numerator)).toBe(Number(v.numerator))
        expect(t.value === null ? null : Number(t.value)).toBe(v.value === null ? null : Number(v.value))
        expect(t.status).toBe(v.status)
      }
    }
  })

  it('refuses a reversed or too long range and the public', async () => {
    const back = await command.rpc('indicator_trend', { area_code: '440704', from_year: 2020, to_year: 2019 })
    expect(back.error?.message).toMatch(/from_year .* must not be after to_year/)
    const long = await command.rpc('indicator_trend', { area_code: '440704', from_year: 1990, to_year: 2020 })
    expect(long.error?.message).toMatch(/at most 30 years/)
    const anon = await anonClient().rpc('indicator_trend', { area_code: '440704', from_year: 2019, to_year: 2020 })
    expect(anon.error).not.toBeNull()
  })
})

describe('indicator_by_district', () => {
  it("the city's districts, each with its own indicator_values row", async () => {
    const { data, error } = await command.rpc('indicator_by_district', { area_code: '440700', year: 2020, indicator: 'deaths_per_100m_gdp' })
    expect(error).toBeNull()
    const rows = data as (Value & { code: string; name: string })[]
    expect(rows.length).toBe(7)
    const { data: one } = await command.rpc('indicator_values', { area_code: rows[2]!.code, year: 2020 })
    const v = (one as Value[]).find((x) => x.indicator === 'deaths_per_100m_gdp')!
    expect(Number(rows[2]!.numerator)).toBe(Number(v.numerator))
    expect(rows[2]!.value === null ? null : Number(rows[2]!.value)).toBe(v.value === null ? null : Number(v.value))
    // a district whose status says no denominator has no value (never 0)
    for (const r of rows) if (r.status === 'no_denominator') expect(r.value).toBeNull()
  })

  it('a district asked for itself answers with its own row; an unknown indicator is refused by name', async () => {
    const { data } = await command.rpc('indicator_by_district', { area_code: '440704', year: 2020, indicator: 'deaths' })
    expect((data as { code: string }[]).map((r) => r.code)).toEqual(['440704'])
    const bad = await command.rpc('indicator_by_district', { area_code: '440700', year: 2020, indicator: 'happiness' })
    expect(bad.error?.message).toMatch(/unknown indicator "happiness"/)
  })
})

describe('indicator_scope_changes', () => {
  const as = {} as Record<AppRole, SupabaseClient>
  beforeAll(async () => {
    for (const role of ['admin', 'command', 'planner', 'regulator', 'enterprise'] as AppRole[])
      as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }, 120_000)
  afterAll(async () => {
    await sql().query(`delete from public.indicator_scope_changes where year between 1990 and 1999`)
  })

  it('the demo’s change (江海区’s road deaths from 2013) is read by every staff role, not by the public or a user without a role', async () => {
    const { rows } = await sql().query<{ n: number }>(`select count(*)::int n from public.indicator_scope_changes`)
    expect(rows[0]!.n).toBeGreaterThan(0)
    for (const role of ['admin', 'command', 'planner', 'regulator', 'enterprise'] as AppRole[]) {
      const { data, error } = await as[role].from('indicator_scope_changes').select('area_code, indicator, year, note_zh, note_en')
      expect(error, role).toBeNull()
      expect(data, role).toHaveLength(rows[0]!.n)
      expect(data, role).toContainEqual(expect.objectContaining({ area_code: '440704', indicator: 'deaths_per_10k_vehicles', year: 2013 }))
    }
    const anon = await anonClient().from('indicator_scope_changes').select('id')
    expect(anon.error?.message).toMatch(/permission denied/)
    const none = await (
      await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000000a1', role: 'authenticated' })
    )
      .from('indicator_scope_changes')
      .select('id')
    expect(none.error).toBeNull()
    expect(none.data).toEqual([])
  })

  it('admins record a change; other roles are refused by row security; the note is bounded', async () => {
    const row = {
      area_code: '440704',
      indicator: 'deaths',
      year: 1992,
      note_zh: '1992 年起计入失踪人员（测试）',
      note_en: 'Missing persons counted from 1992 (test)',
    }
    for (const role of ['command', 'planner', 'regulator', 'enterprise'] as AppRole[]) {
      const { error } = await as[role].from('indicator_scope_changes').insert(row)
      expect(error?.message, role).toMatch(/row-level security/)
    }
    expect((await anonClient().from('indicator_scope_changes').insert(row)).error?.message).toMatch(/permission denied/)
    const tooLong = await as.admin.from('indicator_scope_changes').insert({ ...row, note_en: 'x'.repeat(301) })
    expect(tooLong.error?.message).toMatch(/300/)
    const bad = await as.admin.from('indicator_scope_changes').insert({ ...row, indicator: 'happiness' })
    expect(bad.error).not.toBeNull()
    const { error } = await as.admin.from('indicator_scope_changes').insert(row)
    expect(error).toBeNull()
    const upd = await as.regulator.from('indicator_scope_changes').update({ note_en: 'changed by a regulator' }).eq('year', 1992).select('id')
    expect(upd.data ?? []).toEqual([])
    const { rows } = await sql().query<{ note_en: string }>(`select note_en from public.indicator_scope_changes where year = 1992`)
    expect(rows).toEqual([{ note_en: row.note_en }])
  })

  it('indicator_trend carries the notes on the year of the change: the area’s own as written, a district’s in its city’s trend under its name', async () => {
    const { rows: area } = await sql().query<{ name: string; name_en: string }>(`select name, name_en from public.areas where code = '440704'`)
    await sql().query(
      `insert into public.indicator_scope_changes (area_code, indicator, year, note_zh, note_en) values
         ('440704', 'accidents', 1993, '1993 年起只计生产经营性事故（测试）', 'Business accidents only from 1993 (test)')`,
    )
    const own = (await command.rpc('indicator_trend', { area_code: '440704', from_year: 1991, to_year: 1994 })).data as {
      year: number
      indicator: string
      scope_note_zh: string | null
      scope_note_en: string | null
    }[]
    const noted = own.filter((r) => r.scope_note_zh !== null)
    expect(noted.map((r) => [r.indicator, r.year]).sort()).toEqual([
      ['accidents', 1993],
      ['deaths', 1992],
    ])
    expect(noted.find((r) => r.indicator === 'accidents')).toMatchObject({
      scope_note_zh: '1993 年起只计生产经营性事故（测试）',
      scope_note_en: 'Business accidents only from 1993 (test)',
    })
    const city = (await command.rpc('indicator_trend', { area_code: '440700', from_year: 1993, to_year: 1993 })).data as typeof own
    expect(city.find((r) => r.indicator === 'accidents')).toMatchObject({
      scope_note_zh: `${area[0]!.name}：1993 年起只计生产经营性事故（测试）`,
      scope_note_en: `${area[0]!.name_en}: Business accidents only from 1993 (test)`,
    })
    // another district's trend does not carry it
    const other = (await command.rpc('indicator_trend', { area_code: '440703', from_year: 1993, to_year: 1993 })).data as typeof own
    expect(other.every((r) => r.scope_note_zh === null)).toBe(true)
    // the demo's change, in 江海区's road-death rate at 2013 only
    const demo = (await command.rpc('indicator_trend', { area_code: '440704', from_year: 2010, to_year: 2016 })).data as typeof own
    expect(demo.filter((r) => r.scope_note_zh !== null).map((r) => [r.indicator, r.year])).toEqual([['deaths_per_10k_vehicles', 2013]])
    expect(demo.find((r) => r.scope_note_zh !== null)!.scope_note_zh).toMatch(/经营性/)
  })
})
