// accidents_in_view (issue 16, the accident map layer) through supabase-js → gateway → PostgREST:
// the accidents in a bbox between two Beijing dates, the most severe first; the accidents' read
// policy applies (the regulator sees its district only, the public nothing); bad arguments refused
// by name.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

interface Row {
  id: string
  occurred_at: string
  area_code: string
  area_name: string | null
  sector_code: string
  sector_group: string
  sector_name: string
  grade: number
  deaths: number
  lon: number
  lat: number
}

const CITY = { west: 111.9, south: 21.4, east: 113.4, north: 22.9 }
let admin: SupabaseClient
let regulator: SupabaseClient

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
}, 120_000)

async function inView(who: SupabaseClient, args: Record<string, unknown>) {
  return who.rpc('accidents_in_view', { ...CITY, from_date: '2019-01-01', to_date: '2019-12-31', ...args })
}

describe('accidents_in_view', () => {
  it('returns the accidents of the Beijing dates in the bbox, most severe first, with names for the card', async () => {
    const { data, error } = await inView(admin, {})
    expect(error).toBeNull()
    const rows = data as Row[]
    const { rows: n } = await sql().query<{ n: number }>(
      `select count(*)::int n from public.accidents where occurred_at >= '2019-01-01T00:00:00+08:00' and occurred_at < '2020-01-01T00:00:00+08:00'
         and location operator(extensions.&&) extensions.st_makeenvelope($1, $2, $3, $4, 4326)`,
      [CITY.west, CITY.south, CITY.east, CITY.north],
    )
    expect(n[0]!.n).toBeGreaterThan(10)
    expect(rows.length).toBe(Math.min(1000, n[0]!.n))
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.grade).toBeGreaterThanOrEqual(rows[i - 1]!.grade)
    for (const r of rows) {
      const t = new Date(r.occurred_at).getTime()
      expect(t).toBeGreaterThanOrEqual(Date.parse('2019-01-01T00:00:00+08:00'))
      expect(t).toBeLessThan(Date.parse('2020-01-01T00:00:00+08:00'))
    }
    expect(rows[0]!.sector_name).toMatch(/[\u4e00-\u9fff]/)
    expect(rows.some((r) => r.area_name)).toBe(true)
    expect(rows.find((r) => r.sector_code.startsWith('imt_'))?.sector_group ?? 'imt').toBe('imt')
  })

  it('a smaller bbox returns only what lies inside it', async () => {
    const { data: all } = await inView(admin, {})
    const one = (all as Row[])[0]!
    const box = { west: one.lon - 0.01, south: one.lat - 0.01, east: one.lon + 0.01, north: one.lat + 0.01 }
    const { data } = await inView(admin, box)
    const rows = data as Row[]
    expect(rows.map((r) => r.id)).toContain(one.id)
    for (const r of rows) {
      expect(r.lon).toBeGreaterThanOrEqual(box.west)
      expect(r.lon).toBeLessThanOrEqual(box.east)
    }
    expect(rows.length).toBeLessThan((all as Row[]).length)
  })

  it("follows the accidents' read policy: the regulator sees its district only; anon may not call it", async () => {
    const { data, error } = await inView(regulator, {})
    expect(error).toBeNull()
    const rows = data as Row[]
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    const { error: anonErr } = await inView(anonClient(), {})
    expect(anonErr).not.toBeNull()
  })

  it('refuses a range ending before it starts, a 31-year range and a broken bbox, by name', async () => {
    const back = await inView(admin, { from_date: '2020-01-02', to_date: '2020-01-01' })
    expect(back.error?.message).toMatch(/from_date .* must not be after to_date/)
    const long = await inView(admin, { from_date: '1990-01-01', to_date: '2021-01-01' })
    expect(long.error?.message).toMatch(/at most 30 years/)
    const box = await inView(admin, { west: 113, east: 112 })
    expect(box.error?.message).toMatch(/bounding box is empty/)
    const none = await inView(admin, { from_date: null })
    expect(none.error?.message).toMatch(/from_date/)
  })
})
