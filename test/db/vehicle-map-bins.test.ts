// Vehicles beyond 1,000 in a view (issue 19, migration 20270112000100) through supabase-js →
// PostgREST → PostgreSQL: with 1,100 vehicles of this file's own in a 2 km box, vehicle_map answers
// the alerting vehicles one by one and bins all the others on its grid, and nothing is lost: total
// = vehicles + Σ bins.n = the vehicles SQL finds in the box, and every bin's count equals an
// independent grouping of the vehicles' positions on the answer's cell. Zoomed in (a box holding
// fewer than 1,000) the answer lists each vehicle and no bins. Under RLS: the demo carrier's bins
// count its own vehicles only. The vehicles are made here and removed after.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'
import { makeFleet, moveMetres, removeFleet } from '../helpers/vehicleFleet.ts'

useStack()

const N = 1100
let admin: SupabaseClient
let command: SupabaseClient
let carrier: SupabaseClient
let otherCarrier: string
let P: [number, number]
let made: string[] = []

const box = (c: readonly [number, number], half: number) => {
  const [west, south] = moveMetres(c, -half, -half)
  const [east, north] = moveMetres(c, half, half)
  return { west, south, east, north }
}

interface Answer {
  total: number
  vehicles: { id: string; lon: number; lat: number; alert: string | null; stale: boolean }[]
  bins: { lon: number; lat: number; n: number; stale: number }[]
  cell_deg: number | null
}
async function inView(c: SupabaseClient, b: ReturnType<typeof box>): Promise<Answer> {
  const { data, error } = await c.rpc('vehicle_map', b)
  if (error) throw new Error(error.message)
  return data as Answer
}

/** The vehicles in a box as SQL finds them (all, not under RLS), optionally one carrier's. */
async function truth(b: ReturnType<typeof box>, carrierId: string | null = null) {
  const { rows } = await sql().query<{ id: string; x: number; y: number }>(
    `select l.vehicle_id as id, extensions.st_x(l.geom) as x, extensions.st_y(l.geom) as y
     from public.vehicle_latest l join public.dg_vehicles d on d.id = l.vehicle_id
     where l.geom operator(extensions.&&) extensions.st_makeenvelope($1, $2, $3, $4, 4326)
       and ($5::uuid is null or d.carrier_enterprise_id = $5::uuid)`,
    [b.west, b.south, b.east, b.north, carrierId],
  )
  return rows.map((r) => ({ id: r.id, x: Number(r.x), y: Number(r.y) }))
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  command = await signIn(demoUser('command').email, demoUser('command').password)
  carrier = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
  const { rows } = await sql().query<{ other: string; lon: number; lat: number }>(
    `select (select id from public.enterprises where area_code not like '${DEMO_REGULATOR_AREA}%' order by id desc limit 1) as other,
            extensions.st_x(p) as lon, extensions.st_y(p) as lat
     from (select extensions.st_pointonsurface(geom) p from public.areas where code = '${DEMO_REGULATOR_AREA}') a`,
  )
  otherCarrier = rows[0]!.other
  // 6 km south-east of the district's point, where no other vehicle test drives
  P = moveMetres([rows[0]!.lon, rows[0]!.lat], 6000, -6000)
  // 1,100 vehicles: every tenth the demo carrier's, the rest another's; a fix each on a 34 × 33
  // grid of 50 m within ±850 m of P (a 2 km box holds all)
  made = await makeFleet(admin, {
    n: N,
    at: P,
    platePrefix: '粤VQ', // 粤V + Q: a letter this file alone uses
    carrier: (i) => (i % 10 === 0 ? DEMO_ENTERPRISE_ID : otherCarrier),
    fixAgeMs: 30_000,
  })
}, 240_000)

afterAll(async () => {
  // no alerts were raised for them (no zone, no stop, fresh fixes): the register rows go, and
  // their positions and latest fixes with them (on delete cascade)
  await removeFleet(admin, made)
}, 120_000)

describe('vehicle_map beyond 1,000 vehicles', () => {
  it('bins the vehicles it does not list, and loses none', async () => {
    const b = box(P, 1000)
    const all = await truth(b)
    expect(all.length).toBeGreaterThanOrEqual(N)
    const a = await inView(command, b)
    expect(a.total).toBe(all.length)
    expect(a.vehicles.length).toBeLessThanOrEqual(1000)
    // beyond 1,000 only vehicles with an open alert come one by one (ours have none)
    for (const v of a.vehicles) expect(v.alert).not.toBeNull()
    expect(a.bins.length).toBeGreaterThan(1)
    expect(a.vehicles.length + a.bins.reduce((s, x) => s + x.n, 0)).toBe(a.total)

    // the cell: a power of two degrees, at least 1/48 of the box's longer side
    const cell = a.cell_deg!
    expect(Number.isInteger(Math.log2(cell))).toBe(true)
    const side = Math.max(b.east - b.west, b.north - b.south)
    expect(cell).toBeGreaterThanOrEqual(side / 48)
    expect(cell).toBeLessThan((2 * side) / 48)

    // every bin's count equals an independent grouping of the unlisted vehicles on that grid
    const listed = new Set(a.vehicles.map((v) => v.id))
    const expected = new Map<string, number>()
    for (const v of all) {
      if (listed.has(v.id)) continue
      const k = `${Math.floor(v.x / cell)},${Math.floor(v.y / cell)}`
      expected.set(k, (expected.get(k) ?? 0) + 1)
    }
    const got = new Map(a.bins.map((x) => [`${Math.floor(x.lon / cell)},${Math.floor(x.lat / cell)}`, x.n]))
    expect(got).toEqual(expected)
    // a bin's position is the mean of its vehicles: inside its cell and the box
    for (const x of a.bins) {
      expect(x.lon).toBeGreaterThanOrEqual(b.west)
      expect(x.lon).toBeLessThanOrEqual(b.east)
      expect(x.stale).toBeLessThanOrEqual(x.n)
    }
  })

  it('lists each vehicle when the view holds 1,000 or fewer', async () => {
    // 300 m around P: a 12 × 12 block of the grid
    const b = box(P, 300)
    const all = await truth(b)
    expect(all.length).toBeGreaterThan(100)
    expect(all.length).toBeLessThanOrEqual(1000)
    const a = await inView(command, b)
    expect(a.total).toBe(all.length)
    expect(a.vehicles.length).toBe(all.length)
    expect(new Set(a.vehicles.map((v) => v.id))).toEqual(new Set(all.map((v) => v.id)))
    expect(a.bins).toEqual([])
    expect(a.cell_deg).toBeNull()
  })

  it('counts only the vehicles the caller may read', async () => {
    const b = box(P, 1000)
    const own = await truth(b, DEMO_ENTERPRISE_ID)
    const a = await inView(carrier, b)
    // the demo carrier's tenth: ≤ 1,000, each listed
    expect(a.total).toBe(own.length)
    expect(new Set(a.vehicles.map((v) => v.id))).toEqual(new Set(own.map((v) => v.id)))
    expect(a.bins).toEqual([])
  })

  it('refuses a bad box in the database', async () => {
    const { error } = await command.rpc('vehicle_map', { west: 113.2, south: 22.5, east: 113.1, north: 22.6 })
    expect(error?.message).toMatch(/bounding box is empty/)
  })
})
