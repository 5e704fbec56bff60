// 待复评 · 待重评 on the map (issue 15, migration 20261221000100): stale_points gives the one map's
// overlay what is due in a view, by the rules freshness_summary and stale_items use, under the
// caller's RLS, bounded. Checked against the same stack's own list and summary and an independent
// SQL count, through supabase-js as each role would call it.
import { beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

useStack()

const TAG = `STALEMAP-${Math.random().toString(36).slice(2, 8)}`
let enterprise: SupabaseClient
let regulator: SupabaseClient
let admin: SupabaseClient
let lon = 0
let lat = 0
let category = ''
let substance = 0

interface Cell {
  lon: number
  lat: number
  rp: number
  hs: number
  kind: string | null
  id: string | null
}
interface View {
  risk_points: number
  hazard_sources: number
  cells: Cell[]
}

const must = <T>(r: { data: T | null; error: { message: string } | null }, what: string): T => {
  if (r.error) throw new Error(`${what}: ${r.error.message}`)
  return r.data as T
}
const sign = (role: Parameters<typeof demoUser>[0]) => signIn(demoUser(role).email, demoUser(role).password)

function monthsAgo(months: number): string {
  const d = new Date(`${cityToday()}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.toISOString().slice(0, 10)
}

/** A box of ±`r` degrees around (x, y). */
const box = (x: number, y: number, r: number) => ({ west: x - r, south: y - r, east: x + r, north: y + r })

async function view(client: SupabaseClient, b: { west: number; south: number; east: number; north: number }, zoom: number): Promise<View> {
  return must(await client.rpc('stale_points', { ...b, zoom }), 'stale_points') as View
}

async function point(x: number, y: number, assessedAt: string | null): Promise<string> {
  const row = must(
    await regulator
      .from('risk_points')
      .insert({
        enterprise_id: DEMO_ENTERPRISE_ID,
        name: `${TAG} point`,
        category_code: category,
        location: `SRID=4326;POINT(${x} ${y})`,
        method: 'lec',
        lec_l: 3,
        lec_e: 6,
        lec_c: 7,
        assessed_at: assessedAt,
      })
      .select('id')
      .single(),
    'insert point',
  ) as { id: string }
  return row.id
}

beforeAll(async () => {
  ;[enterprise, regulator, admin] = await Promise.all([sign('enterprise'), sign('regulator'), sign('admin')])
  const rp = must(await regulator.from('risk_points').select('category_code').eq('enterprise_id', DEMO_ENTERPRISE_ID).limit(1).single(), 'category') as {
    category_code: string
  }
  category = rp.category_code
  const loc = must(await regulator.rpc('search_enterprises', { q: '华海精细化工' }), 'search') as Array<{ lon: number; lat: number }>
  // a spot a few hundred metres off the enterprise, in the regulator's district
  lon = loc[0].lon + 0.0021
  lat = loc[0].lat - 0.0017
  const sub = must(
    await regulator.from('substances').select('id, critical_t').not('critical_t', 'is', null).order('critical_t').limit(1).single(),
    'substance',
  ) as { id: number }
  substance = sub.id
})

describe('stale_points: what is due in a view', () => {
  it('rings a risk point past its review period or never assessed, not one assessed this month, and names a lone item', async () => {
    const x = lon
    const y = lat
    // street zoom 19: cells of ~0.00009°, so points 0.0003° apart stand alone
    const b = box(x + 0.0003, y, 0.0006)
    const before = await view(regulator, b, 19)
    const old = await point(x, y, monthsAgo(13))
    const never = await point(x + 0.0003, y, null)
    const fresh = await point(x + 0.0006, y, monthsAgo(1))
    const v = await view(regulator, b, 19)
    expect(v.risk_points).toBe(before.risk_points + 2)
    expect(v.hazard_sources).toBe(before.hazard_sources)
    const ids = v.cells.map((c) => c.id)
    expect(ids).toContain(old)
    expect(ids).toContain(never)
    expect(ids).not.toContain(fresh)
    const c = v.cells.find((k) => k.id === old)!
    expect(c.kind).toBe('risk_points')
    expect(c.rp).toBe(1)
    expect(c.lon).toBeCloseTo(x, 6)
    expect(c.lat).toBeCloseTo(y, 6)
    // zoomed out, they fall into one cell that counts them and names none
    const far = await view(regulator, b, 12)
    expect(far.risk_points).toBe(v.risk_points)
    expect(far.cells.reduce((s, k) => s + k.rp, 0)).toBe(v.risk_points)
    const merged = far.cells.find((k) => k.rp >= 2)
    expect(merged).toBeTruthy()
    expect(merged!.id).toBeNull()
  })

  it('rings a major hazard source due a re-assessment (never assessed), and not once a report is filed', async () => {
    // An enterprise of the regulator's district with no accident on record, and the database's own
    // today: an accident after the report's (Beijing) day keeps a source due, and after 16:00 UTC one
    // another test filed for the demo enterprise today is already on the next Beijing day.
    const {
      rows: [{ id: quiet, today }],
    } = await sql().query<{ id: string; today: string }>(
      `select e.id, app.today()::text as today from public.enterprises e
        where e.area_code like '440704%' and not exists (select 1 from public.accidents a where a.enterprise_id = e.id)
        order by e.id limit 1`,
    )
    const x = lon - 0.0009
    const y = lat + 0.0011
    const src = must(
      await regulator
        .from('hazard_sources')
        .insert({ enterprise_id: quiet, name: `${TAG} tank`, unit_type: 'storage', geom: `SRID=4326;POINT(${x} ${y})` })
        .select('id')
        .single(),
      'source',
    ) as { id: string }
    must(await regulator.from('hazard_source_inventory').insert({ hazard_source_id: src.id, substance_id: substance, max_quantity_t: 5000 }), 'inventory')
    const b = box(x, y, 0.0004)
    const before = await view(regulator, b, 19)
    expect(before.cells.find((c) => c.id === src.id)).toBeTruthy()
    expect(before.cells.find((c) => c.id === src.id)?.kind).toBe('hazard_sources')
    must(await regulator.from('hazard_source_assessments').insert({ hazard_source_id: src.id, assessed_on: today, report_ref: `${TAG}-R1` }), 'assessment')
    const after = await view(regulator, b, 19)
    expect(after.hazard_sources).toBe(before.hazard_sources - 1)
    expect(after.cells.find((c) => c.id === src.id)).toBeUndefined()
  })

  it('counts the city as freshness_summary does, and as an independent count of the table does', async () => {
    // the demo city at zoom 9 (about 300 cells)
    const city = { west: 111.9, south: 21.4, east: 113.4, north: 22.9 }
    const v = await view(admin, city, 9)
    const summary = must(await admin.rpc('freshness_summary', {}), 'summary') as { risk_points_due: number; hazard_sources_due: number }
    expect(Number(v.risk_points)).toBe(Number(summary.risk_points_due))
    expect(Number(v.hazard_sources)).toBe(Number(summary.hazard_sources_due))
    const {
      rows: [row],
    } = await sql().query<{ n: number }>(
      `select count(*)::int as n from public.risk_points r, public.freshness_settings f
       where extensions.st_x(r.location) between $1::float8 and $3::float8 and extensions.st_y(r.location) between $2::float8 and $4::float8
         and (r.assessed_at is null or r.assessed_at <= app.today() - make_interval(months => f.risk_point_review_months))`,
      [city.west, city.south, city.east, city.north],
    )
    expect(Number(v.risk_points)).toBe(row.n)
    expect(v.cells.reduce((s, c) => s + c.rp, 0)).toBe(row.n)
    expect(v.risk_points).toBeGreaterThan(0)
  })

  it('an enterprise sees only its own items; the public may not ask', async () => {
    const city = { west: 111.9, south: 21.4, east: 113.4, north: 22.9 }
    const mine = await view(enterprise, city, 9)
    const {
      rows: [row],
    } = await sql().query<{ n: number }>(
      `select count(*)::int as n from public.risk_points r, public.freshness_settings f
       where r.enterprise_id = $1 and (r.assessed_at is null or r.assessed_at <= app.today() - make_interval(months => f.risk_point_review_months))`,
      [DEMO_ENTERPRISE_ID],
    )
    expect(Number(mine.risk_points)).toBe(row.n)
    const all = await view(admin, city, 9)
    expect(Number(all.risk_points)).toBeGreaterThan(Number(mine.risk_points))
    const anon = await anonClient().rpc('stale_points', { ...city, zoom: 9 })
    expect(anon.error).not.toBeNull()
    expect(anon.data).toBeNull()
  })

  it('refuses a view too large for its zoom, a zoom off the scale and a box off the earth, saying why', async () => {
    const big = await regulator.rpc('stale_points', { west: 111.9, south: 21.4, east: 113.4, north: 22.9, zoom: 16 })
    expect(big.error?.message).toMatch(/more than 10,000 cells/)
    const z = await regulator.rpc('stale_points', { ...box(lon, lat, 0.01), zoom: 30 })
    expect(z.error?.message).toMatch(/zoom must be 0 to 24/)
    const off = await regulator.rpc('stale_points', { west: 170, south: 20, east: 190, north: 21, zoom: 5 })
    expect(off.error?.message).toMatch(/out of range/)
  })
})
