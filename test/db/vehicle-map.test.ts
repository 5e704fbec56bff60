// The vehicles layer's RPCs (issue 19, migration 20261217000100) through supabase-js → gateway →
// PostgREST → PostgreSQL: vehicle_map (latest fixes in a bbox, open alerts and stale fixes
// flagged, beyond 1,000 the alerting ones and bins, with the total, the GiST index used) and vehicle_card, each under the
// caller's RLS: a carrier sees its own vehicles, a regulator its district's carriers, the command
// centre and planners all, anon and the ingestion identity nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let ingest: SupabaseClient
let otherCarrier: string // an enterprise outside the regulator's district
let P: [number, number] // this file's spot: inside the city, away from the other vehicle tests
const made: string[] = []
const zones: string[] = []

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const plate = () => '粤K' + Array.from({ length: 5 }, () => ALNUM[Math.floor(Math.random() * ALNUM.length)]).join('')
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString()

function move(p: readonly [number, number], east: number, north: number): [number, number] {
  return [p[0] + east / (111_320 * Math.cos((p[1] * Math.PI) / 180)), p[1] + north / 110_574]
}
const box = (c: readonly [number, number], half: number) => {
  const [west, south] = move(c, -half, -half)
  const [east, north] = move(c, half, half)
  return { west, south, east, north }
}

async function vehicle(carrier: string, over: Record<string, unknown> = {}): Promise<{ id: string; plate: string }> {
  const { data, error } = await as.admin
    .from('dg_vehicles')
    .insert({ plate: plate(), carrier_enterprise_id: carrier, un_number: 'UN1203', hazard_class: '3', capacity_t: 30, ...over })
    .select('id, plate')
    .single()
  if (error) throw new Error(error.message)
  made.push(data.id)
  return data
}

async function fix(v: { plate: string }, secondsAgo: number, at: [number, number], speed = 40, heading = 90): Promise<void> {
  const { data, error } = await as.admin.rpc('ingest_vehicle_positions', {
    positions: [{ plate: v.plate, t: ago(secondsAgo), lon: at[0], lat: at[1], speed_kmh: speed, heading }],
  })
  if (error) throw new Error(error.message)
  expect(data.rejected).toEqual([])
}

interface MapRow {
  id: string
  plate: string
  hazard_class: string
  lon: number
  lat: number
  speed_kmh: number | null
  heading: number | null
  t: string
  stale: boolean
  alert: string | null
}
interface MapAnswer {
  total: number
  vehicles: MapRow[]
  bins?: { lon: number; lat: number; n: number; stale: number }[]
}
async function inView(c: SupabaseClient, b: ReturnType<typeof box>): Promise<MapAnswer> {
  const { data, error } = await c.rpc('vehicle_map', b)
  if (error) throw new Error(error.message)
  return data as MapAnswer
}

let mine: { id: string; plate: string } // the demo enterprise's, in the view
let foreign: { id: string; plate: string } // another carrier's, in the view
let outside: { id: string; plate: string } // the demo enterprise's, outside the view
let silent: { id: string; plate: string } // last fix 10 minutes ago
let zoned: { id: string; plate: string } // inside a restricted zone it entered

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'command', 'enterprise', 'planner'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000f119',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  const { rows } = await sql().query<{ other: string; lon: number; lat: number }>(
    `select (select id from public.enterprises where area_code not like '${DEMO_REGULATOR_AREA}%' order by id desc limit 1) as other,
            extensions.st_x(p) as lon, extensions.st_y(p) as lat
     from (select extensions.st_pointonsurface(geom) p from public.areas where code = '${DEMO_REGULATOR_AREA}') a`,
  )
  otherCarrier = rows[0]!.other
  // 4 km south-west of the district's point, where vehicles.test.ts drives none
  P = move([rows[0]!.lon, rows[0]!.lat], -4000, -4000)
  mine = await vehicle(DEMO_ENTERPRISE_ID)
  foreign = await vehicle(otherCarrier, { hazard_class: '2.1', un_number: 'UN1075' })
  outside = await vehicle(DEMO_ENTERPRISE_ID)
  silent = await vehicle(DEMO_ENTERPRISE_ID)
  zoned = await vehicle(DEMO_ENTERPRISE_ID, { hazard_class: '8', un_number: 'UN1789' })
  await fix(mine, 20, move(P, 50, 0), 52, 135)
  await fix(foreign, 20, move(P, -50, 0))
  await fix(outside, 20, move(P, 3000, 0))
  await fix(silent, 600, move(P, 0, 60))
  // a zone of 60 m around a spot 150 m north; the vehicle enters it at its second fix
  const zc = move(P, 0, 150)
  const [w, s] = move(zc, -60, -60)
  const [e, n] = move(zc, 60, 60)
  const { data: z, error } = await as.admin
    .from('vehicle_restricted_zones')
    .insert({
      name: '测试禁行区（图层）',
      geom: {
        type: 'Polygon',
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    })
    .select('id')
    .single()
  if (error) throw new Error(error.message)
  zones.push(z.id)
  await fix(zoned, 60, move(zc, 0, -200), 30, 0)
  await fix(zoned, 30, zc, 30, 0)
}, 120_000)

afterAll(async () => {
  // the zone goes (its alert keeps a null zone); the vehicles stay (their alerts are history)
  if (zones.length) await sql().query(`delete from public.vehicle_restricted_zones where id = any($1::uuid[])`, [zones])
})

describe('vehicle_map', () => {
  it('answers the latest fixes in the bbox only, with heading, speed, stale and open alerts', async () => {
    const a = await inView(as.command, box(P, 1000))
    const byId = new Map(a.vehicles.map((v) => [v.id, v]))
    expect(byId.has(outside.id)).toBe(false)
    const m = byId.get(mine.id)!
    expect(m).toMatchObject({ plate: mine.plate, hazard_class: '3', speed_kmh: 52, heading: 135, stale: false, alert: null })
    expect(m.lon).toBeCloseTo(move(P, 50, 0)[0], 6)
    expect(byId.get(foreign.id)).toMatchObject({ hazard_class: '2.1', stale: false })
    expect(byId.get(silent.id)).toMatchObject({ stale: true })
    expect(byId.get(zoned.id)).toMatchObject({ alert: 'restricted_zone', hazard_class: '8' })
    expect(a.total).toBe(a.vehicles.length)
    // the vehicle with an open alert comes first (kept when the answer is capped)
    expect(a.vehicles.findIndex((v) => v.id === zoned.id)).toBeLessThan(a.vehicles.findIndex((v) => v.id === mine.id))
    // a wider view reaches the one outside
    const wide = await inView(as.command, box(P, 4000))
    expect(wide.vehicles.some((v) => v.id === outside.id)).toBe(true)
  })

  it('follows the register RLS: a carrier its own, a regulator its district, command and planner all', async () => {
    const ids = async (c: SupabaseClient) => new Set((await inView(c, box(P, 1000))).vehicles.map((v) => v.id))
    const ent = await ids(as.enterprise)
    expect(ent.has(mine.id)).toBe(true)
    expect(ent.has(foreign.id)).toBe(false)
    const reg = await ids(as.regulator)
    expect(reg.has(mine.id)).toBe(true)
    expect(reg.has(foreign.id)).toBe(false)
    for (const c of [as.command, as.planner, as.admin]) {
      const all = await ids(c)
      expect(all.has(mine.id) && all.has(foreign.id)).toBe(true)
    }
  })

  it('refuses anon and the ingestion identity, and a bad bbox with a clear message', async () => {
    const anon = await anonClient().rpc('vehicle_map', box(P, 1000))
    expect(anon.error).not.toBeNull()
    expect(anon.data).toBeNull()
    const ing = await ingest.rpc('vehicle_map', box(P, 1000))
    expect(ing.error?.message).toMatch(/仅限工作人员.*staff only/)
    const inverted = await as.command.rpc('vehicle_map', { west: 113.2, south: 22.5, east: 113.1, north: 22.6 })
    expect(inverted.error?.message).toMatch(/bounding box is empty/)
    const off = await as.command.rpc('vehicle_map', { west: 100, south: 22.5, east: 200, north: 22.6 })
    expect(off.error?.message).toMatch(/out of range/)
  })

  it('beyond 1,000 vehicles in view answers the alerting ones and bins the rest, with the total', async () => {
    // 1,050 vehicles of one carrier put straight into the register and their latest fixes (the
    // ingestion path is vehicles.test.ts's); 3 with an open signal loss. Removed afterwards.
    const spot = move(P, -3000, 2500)
    const db = sql()
    const { rows } = await db.query<{ id: string }>(
      `insert into public.dg_vehicles (plate, carrier_enterprise_id, hazard_class, un_number, capacity_t)
       select '粤W' || lpad(g::text, 5, '0'), $1, '3', 'UN1203', 20 from generate_series(1, 1050) g returning id`,
      [otherCarrier],
    )
    const bulk = rows.map((r) => r.id)
    try {
      await db.query(
        `update public.vehicle_latest l set first_t = now(), t = now() - interval '30 seconds', speed_kmh = 40, heading = 10,
           geom = extensions.st_setsrid(extensions.st_makepoint($2 + (random() - 0.5) * 0.004, $3 + (random() - 0.5) * 0.004), 4326)
         where l.vehicle_id = any($1::uuid[])`,
        [bulk, spot[0], spot[1]],
      )
      const lost = bulk.slice(500, 503)
      await db.query(
        `update public.vehicle_latest set signal_lost_alert_id = gen_random_uuid(), t = now() - interval '20 minutes' where vehicle_id = any($1::uuid[])`,
        [lost],
      )
      const a = await inView(as.command, box(spot, 600))
      // beyond 1,000 in view (migration 20270112000100): the alerting ones one by one, the others
      // counted in bins, none lost (vehicle-map-bins.test.ts checks the bins against SQL)
      expect(a.total).toBe(1050)
      expect(a.vehicles.map((v) => v.id).sort()).toEqual([...lost].sort())
      expect(a.vehicles.every((v) => v.alert === 'signal_lost' && v.stale)).toBe(true)
      expect(a.bins!.reduce((n, b) => n + b.n, 0)).toBe(1047)
      // the demo enterprise sees none of them, and its answer says so
      expect(await inView(as.enterprise, box(spot, 600))).toMatchObject({ total: 0, vehicles: [], bins: [] })

      // EXPLAIN of the view's search: the GiST index on vehicle_latest.geom
      const b = box(spot, 600)
      const q = `explain (format json) select l.vehicle_id from public.vehicle_latest l
        where l.geom operator(extensions.&&) extensions.st_makeenvelope(${b.west}, ${b.south}, ${b.east}, ${b.north}, 4326)`
      const names: string[] = []
      const walk = (n: any) => {
        if (n['Index Name']) names.push(n['Index Name'])
        for (const c of n.Plans ?? []) walk(c)
      }
      walk((await db.query<any>(q)).rows[0]['QUERY PLAN'][0].Plan)
      expect(names).toContain('vehicle_latest_geom_idx')
    } finally {
      await db.query(`delete from public.dg_vehicles where id = any($1::uuid[])`, [bulk])
    }
  }, 60_000)
})

describe('vehicle_card', () => {
  it('gives plate, carrier, cargo class, capacity, last fix and today’s alerts', async () => {
    const { data, error } = await as.enterprise.rpc('vehicle_card', { vehicle_id: zoned.id })
    expect(error).toBeNull()
    expect(data).toMatchObject({
      plate: zoned.plate,
      carrier_enterprise_id: DEMO_ENTERPRISE_ID,
      un_number: 'UN1789',
      hazard_class: '8',
      class_name_zh: '腐蚀性物质',
      capacity_t: 30,
      speed_kmh: 30,
      heading: 0,
      stale: false,
    })
    expect(data.carrier_name).toBeTruthy()
    expect(data.alerts_today).toEqual([expect.objectContaining({ kind: 'restricted_zone', zone_name: '测试禁行区（图层）' })])
  })

  it('refuses a vehicle the caller may not read as unknown, anon and a missing id', async () => {
    const hidden = await as.enterprise.rpc('vehicle_card', { vehicle_id: foreign.id })
    expect(hidden.error?.message).toMatch(/不存在或无权查看/)
    const reg = await as.regulator.rpc('vehicle_card', { vehicle_id: foreign.id })
    expect(reg.error?.message).toMatch(/no such vehicle you may read/)
    const cmd = await as.command.rpc('vehicle_card', { vehicle_id: foreign.id })
    expect(cmd.data?.plate).toBe(foreign.plate)
    const anon = await anonClient().rpc('vehicle_card', { vehicle_id: mine.id })
    expect(anon.error).not.toBeNull()
    const none = await as.admin.rpc('vehicle_card', { vehicle_id: null })
    expect(none.error?.message).toMatch(/vehicle_id/)
  })
})
