// indicator_trend and indicator_by_district (issue 16, #/indicators' trend and choropleth) through
// supabase-js: each row is what indicator_values says for that year or district; a district
// without a denominator stays null (never 0); bad arguments refused by name; staff only.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

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
