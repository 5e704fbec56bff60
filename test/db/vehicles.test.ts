// Dangerous-goods vehicles (issue 19) through supabase-js → gateway → PostgREST → PostgreSQL: the
// register and its limits, ingest_vehicle_positions (refusals one by one, GPS jumps, future and
// late fixes, duplicates, batch bound), the alert rules at their edges (restricted-zone entry at
// the entering fix, once per entry, hours window; stopped near a high-sensitivity target at
// 10 minutes; signal lost and restored), append-only alerts, 入网率 / 上线率, and who sees and
// writes what.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let ingest: SupabaseClient // the demo enterprise's ingestion identity (a carrier here)
let otherCarrier: string // an enterprise outside the regulator's district
let thirdCarrier: string // another one, for the rates
let base: [number, number] // a point inside the regulator's district
let sensitive: { id: string; lon: number; lat: number } // a high-sensitivity protective target (a point)
const T0 = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000
const at = (s: number) => new Date(T0 + s * 1000).toISOString()
const iso = (s: string) => new Date(s).toISOString()

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const plate = () => '粤J' + Array.from({ length: 5 }, () => ALNUM[Math.floor(Math.random() * ALNUM.length)]).join('')

/** A point `east` / `north` metres from p (small offsets; the tests keep wide margins). */
function move(p: readonly [number, number], east: number, north: number): [number, number] {
  return [p[0] + east / (111_320 * Math.cos((p[1] * Math.PI) / 180)), p[1] + north / 110_574]
}

interface Vehicle {
  id: string
  plate: string
}
async function vehicle(over: Record<string, unknown> = {}): Promise<Vehicle> {
  const { data, error } = await as.admin
    .from('dg_vehicles')
    .insert({ plate: plate(), carrier_enterprise_id: DEMO_ENTERPRISE_ID, un_number: 'UN1203', hazard_class: '3', capacity_t: 30, ...over })
    .select('id, plate')
    .single()
  if (error) throw new Error(error.message)
  return data
}

type Fix = [s: number, lonlat: [number, number], speed?: number]
interface Result {
  accepted: number
  duplicates: number
  late: number
  rejected: { index: number; message: string }[]
}
async function send(client: SupabaseClient, v: Vehicle, fixes: Fix[]): Promise<Result> {
  const positions = fixes.map(([s, [lon, lat], speed]) => ({ plate: v.plate, t: at(s), lon, lat, speed_kmh: speed ?? 40, heading: 90 }))
  const { data, error } = await client.rpc('ingest_vehicle_positions', { positions })
  if (error) throw new Error(error.message)
  return data as Result
}

interface Alert {
  id: string
  kind: string
  at: string
  zone_id: string | null
  target_id: string | null
  ref_alert_id: string | null
}
async function alerts(v: Vehicle, kind?: string): Promise<Alert[]> {
  let q = as.admin.from('vehicle_alerts').select('id, kind, at, zone_id, target_id, ref_alert_id').eq('vehicle_id', v.id)
  if (kind) q = q.eq('kind', kind)
  const { data, error } = await q.order('at')
  if (error) throw new Error(error.message)
  return data as Alert[]
}

/** A square zone of `half` metres around c. */
async function zone(c: [number, number], half: number, over: Record<string, unknown> = {}): Promise<string> {
  const [w, s] = move(c, -half, -half)
  const [e, n] = move(c, half, half)
  const geom = {
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
  }
  const { data, error } = await as.admin
    .from('vehicle_restricted_zones')
    .insert({ name: `测试禁行区 ${Math.random().toString(36).slice(2, 6)}`, geom, ...over })
    .select('id')
    .single()
  if (error) throw new Error(error.message)
  return data.id as string
}

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'command', 'enterprise', 'planner'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  ingest = await clientWithClaims({
    sub: '00000000-0000-4000-8000-00000000f019',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'ingest', enterprise_id: DEMO_ENTERPRISE_ID },
  })
  const { rows } = await sql().query<{ others: string[]; lon: number; lat: number }>(
    `select (select array_agg(id order by id) from (select id from public.enterprises where area_code not like '${DEMO_REGULATOR_AREA}%' order by id limit 2) e) as others,
            extensions.st_x(p) as lon, extensions.st_y(p) as lat
     from (select extensions.st_pointonsurface(geom) p from public.areas where code = '${DEMO_REGULATOR_AREA}') a`,
  )
  ;[otherCarrier, thirdCarrier] = rows[0]!.others as [string, string]
  base = [rows[0]!.lon, rows[0]!.lat]
  // a point target of high sensitivity with no other one within 1 km of it
  const { rows: t } = await sql().query<{ id: string; lon: number; lat: number }>(
    `select t.id, extensions.st_x(t.geom) as lon, extensions.st_y(t.geom) as lat from public.protective_targets t
     where t.target_class = 'high_sensitivity' and extensions.geometrytype(t.geom) = 'POINT'
       and not exists (select 1 from public.protective_targets o where o.id <> t.id and o.target_class = 'high_sensitivity'
         and extensions.st_dwithin(o.geom::extensions.geography, t.geom::extensions.geography, 1000))
     order by t.id limit 1`,
  )
  sensitive = t[0]!
  expect(otherCarrier && thirdCarrier && sensitive).toBeTruthy()
}, 120_000)

describe('the register', () => {
  it('refuses bad vehicles and zones by field and reason', async () => {
    const bad = async (over: Record<string, unknown>) => {
      const { error } = await as.admin.from('dg_vehicles').insert({ plate: plate(), carrier_enterprise_id: DEMO_ENTERPRISE_ID, hazard_class: '3', ...over })
      return error?.message ?? 'accepted'
    }
    expect(await bad({ plate: 'AB12345' })).toMatch(/dg_vehicles\.plate.*Chinese plate/)
    expect(await bad({ un_number: '1203' })).toMatch(/dg_vehicles\.un_number.*UN and 4 digits/)
    expect(await bad({ hazard_class: '10' })).toMatch(/dg_vehicles\.hazard_class/)
    expect(await bad({ hazard_class: '2.4' })).toMatch(/dg_vehicles\.hazard_class/)
    expect(await bad({ capacity_t: -1 })).toMatch(/dg_vehicles\.capacity_t/)
    expect(await bad({ carrier_enterprise_id: '00000000-0000-4000-8000-000000000000' })).toMatch(/carrier_enterprise_id/)
    expect(await bad({ hazard_class: '2.1', un_number: 'UN1075', plate: '粤J1234挂' })).toBe('accepted')
    const v = await vehicle()
    const { error: dup } = await as.admin.from('dg_vehicles').insert({ plate: v.plate, carrier_enterprise_id: DEMO_ENTERPRISE_ID, hazard_class: '3' })
    expect(dup?.message).toMatch(/plate/)

    const badZone = async (over: Record<string, unknown>) => {
      const { error } = await as.admin.from('vehicle_restricted_zones').insert({
        name: 'z',
        geom: {
          type: 'Polygon',
          coordinates: [
            [
              [113, 22.5],
              [113.01, 22.5],
              [113.01, 22.51],
              [113, 22.5],
            ],
          ],
        },
        ...over,
      })
      return error?.message ?? 'accepted'
    }
    expect(await badZone({ hours_from: '07:00' })).toMatch(/hours/)
    expect(await badZone({ hours_from: '07:00', hours_to: '07:00' })).toMatch(/hours/)
    expect(await badZone({ name: '  ' })).toMatch(/vehicle_restricted_zones\.name/)
    expect(await badZone({ geom: { type: 'Point', coordinates: [113, 22.5] } })).toMatch(/geom/)
    expect(
      await badZone({
        geom: {
          type: 'Polygon',
          coordinates: [
            [
              [113, 22.5],
              [113.01, 22.51],
              [113.01, 22.5],
              [113, 22.51],
              [113, 22.5],
            ],
          ],
        },
      }),
    ).toMatch(/valid polygon/)
  })
})

describe('ingest_vehicle_positions', () => {
  it('refuses bad fixes one by one with index and reason, keeps the good ones', async () => {
    const v = await vehicle()
    const foreign = await vehicle({ carrier_enterprise_id: otherCarrier })
    const p = move(base, 3000, 3000)
    const fix = (over: Record<string, unknown>) => ({ plate: v.plate, t: at(0), lon: p[0], lat: p[1], ...over })
    const future = new Date(Date.now() + 6 * 60_000).toISOString()
    const soon = new Date(Date.now() + 4 * 60_000).toISOString()
    const old = new Date(Date.now() - 200 * 86400_000).toISOString()
    const { data, error } = await ingest.rpc('ingest_vehicle_positions', {
      positions: [
        fix({}), // 0 ok
        fix({ plate: '粤J00000', t: at(10) }), // 1 unknown plate
        fix({ t: at(20), lon: 200 }), // 2 off the earth
        fix({ t: at(30), lat: -95 }), // 3 off the earth
        fix({ t: at(40), lon: 0.1, lat: 0.1 }), // 4 outside the served region
        fix({ t: undefined }), // 5 no time
        fix({ t: '2026-12-04 10:00' }), // 6 no zone
        fix({ t: future }), // 7 future
        fix({ t: soon }), // 8 ok: within 5 minutes
        fix({ t: at(50), lon: '113.1' }), // 9 not a number
        'not an object', // 10
        fix({ t: at(60), speed_kmh: -1 }), // 11
        fix({ t: at(70), heading: 400 }), // 12
        { ...fix({ t: at(80) }), plate: foreign.plate }, // 13 another carrier's
        fix({ t: old }), // 14 older than 6 months
        fix({ t: '2026-02-30T10:00:00Z' }), // 15 no such day
        fix({ t: at(90), speed_kmh: 0, heading: 0 }), // 16 ok
      ],
    })
    expect(error).toBeNull()
    const r = data as Result
    expect(r.accepted).toBe(3)
    const msg = Object.fromEntries(r.rejected.map((x) => [x.index, x.message]))
    expect(Object.keys(msg).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15])
    expect(msg[1]).toMatch(/unknown plate/)
    expect(msg[2]).toMatch(/off the earth/)
    expect(msg[3]).toMatch(/off the earth/)
    expect(msg[4]).toMatch(/outside the region/)
    expect(msg[5]).toMatch(/t: .*required/)
    expect(msg[6]).toMatch(/time zone/)
    expect(msg[7]).toMatch(/future/)
    expect(msg[9]).toMatch(/must be numbers/)
    expect(msg[10]).toMatch(/must be an object/)
    expect(msg[11]).toMatch(/speed_kmh/)
    expect(msg[12]).toMatch(/heading/)
    expect(msg[13]).toMatch(/not a vehicle of your carrier/)
    expect(msg[14]).toMatch(/retention/)
    expect(msg[15]).toMatch(/time zone/)
    const { data: stored } = await as.admin.from('vehicle_positions').select('t').eq('vehicle_id', v.id).order('t')
    expect(stored!.map((x) => iso(x.t as string))).toEqual([at(0), at(90), iso(soon)])
    // WGS-84 as sent: no GCJ-02 shift
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(geom) lon, extensions.st_y(geom) lat from public.vehicle_positions where vehicle_id = $1 and t = $2`,
      [v.id, at(0)],
    )
    expect(rows[0]!.lon).toBeCloseTo(p[0], 9)
    expect(rows[0]!.lat).toBeCloseTo(p[1], 9)
    const { count } = await as.admin.from('vehicle_positions').select('t', { count: 'exact', head: true }).eq('vehicle_id', foreign.id)
    expect(count).toBe(0)
  })

  it('refuses a GPS jump (> 200 km/h from the previous accepted fix) and measures the next fix from the last accepted one', async () => {
    const v = await vehicle()
    const p = move(base, -3000, 3000)
    const r = await send(ingest, v, [
      [0, p],
      [10, move(p, 1000, 0)], // 360 km/h: a jump
      [20, move(p, 500, 0)], // 90 km/h from the fix at 0 s
      [30, move(p, 1055, 0)], // ~200 km/h from 20 s, just under
    ])
    expect(r.rejected).toHaveLength(1)
    expect(r.rejected[0]).toMatchObject({ index: 1 })
    expect(r.rejected[0]!.message).toMatch(/GPS jump.*implies 36\d km\/h, above 200/)
    expect(r.accepted).toBe(3)
    const r2 = await send(ingest, v, [[40, move(p, 1700, 0)]]) // ~232 km/h from 30 s
    expect(r2.rejected[0]!.message).toMatch(/GPS jump/)
  })

  it('orders a batch by time, counts duplicates and keeps late fixes for the track without moving the rules', async () => {
    const v = await vehicle()
    const p = move(base, -6000, 3000)
    const r = await send(ingest, v, [
      [20, move(p, 200, 0)],
      [0, p],
      [10, move(p, 100, 0)],
      [10, move(p, 100, 0)],
    ])
    expect(r).toMatchObject({ accepted: 3, duplicates: 1, late: 0, rejected: [] })
    const z = await zone(move(p, 0, 2000), 300)
    // a late fix inside a zone: stored, no alert, the latest stays
    const late = await send(ingest, v, [[15, move(p, 150, 100)]])
    expect(late).toMatchObject({ accepted: 1, late: 1 })
    const lateInZone = await send(ingest, v, [[12, move(p, 0, 2000)]]) // 1.9 km in 2 s from the stored 10 s fix: a jump
    expect(lateInZone.rejected[0]!.message).toMatch(/GPS jump/)
    const { data: latest } = await as.admin.from('vehicle_latest').select('t').eq('vehicle_id', v.id).single()
    expect(iso(latest!.t as string)).toBe(at(20))
    expect(await alerts(v)).toEqual([])
    expect(z).toBeTruthy()
  })

  it('is bounded per call and closed to anon, staff users and the command centre', async () => {
    const many = Array.from({ length: 5001 }, () => ({}))
    const { error } = await as.admin.rpc('ingest_vehicle_positions', { positions: many })
    expect(error?.message).toMatch(/at most 5000 positions per call/)
    const v = await vehicle()
    const one = [{ plate: v.plate, t: at(0), lon: base[0], lat: base[1] }]
    const { error: a } = await anonClient().rpc('ingest_vehicle_positions', { positions: one })
    expect(a?.message).toMatch(/permission denied/)
    for (const role of ['enterprise', 'regulator', 'command', 'planner'] as const) {
      const { error: e } = await as[role].rpc('ingest_vehicle_positions', { positions: one })
      expect(e?.message, role).toMatch(/ingestion identity/)
    }
    const { data } = await as.admin.rpc('ingest_vehicle_positions', { positions: one })
    expect(data).toMatchObject({ accepted: 1 })
  })
})

describe('restricted zones', () => {
  it('alert at the entering fix, once per entry, again after leaving and re-entering', async () => {
    const v = await vehicle()
    const c = move(base, 6000, -3000)
    const z = await zone(c, 500)
    const out = move(c, -1500, 0)
    const r = await send(ingest, v, [
      [0, out],
      [60, move(c, -300, 0)], // enters
      [120, move(c, 0, 0)], // still inside
      [180, move(c, 300, 0)], // still inside
      [240, move(c, 1500, 0)], // left
      [300, move(c, 200, 0)], // enters again
    ])
    expect(r).toMatchObject({ accepted: 6, rejected: [] })
    const zoneAlerts = await alerts(v, 'restricted_zone')
    expect(zoneAlerts.map((a) => [iso(a.at), a.zone_id])).toEqual([
      [at(60), z],
      [at(300), z],
    ])
    // fixes of another batch inside: still the same entry
    await send(ingest, v, [[360, move(c, 100, 0)]])
    expect(await alerts(v, 'restricted_zone')).toHaveLength(2)
  })

  it('alert only while the zone applies (daily hours in China time, wrapping past midnight)', async () => {
    const c = move(base, 0, -6000)
    const fixT = new Date(T0 + 60_000)
    const h = (fixT.getUTCHours() + 8) % 24
    const hh = (x: number) => `${String((x + 24) % 24).padStart(2, '0')}:00`
    const closed = await zone(c, 400, { hours_from: hh(h + 1), hours_to: hh(h + 2) }) // not now
    const c2 = move(c, 3000, 0)
    const open = await zone(c2, 400, { hours_from: hh(h - 1), hours_to: hh(h + 1) }) // now (wraps when h is 0 or 23)
    const v1 = await vehicle()
    const v2 = await vehicle()
    await send(ingest, v1, [
      [0, move(c, -1000, 0)],
      [60, c],
    ])
    await send(ingest, v2, [
      [0, move(c2, -1000, 0)],
      [60, c2],
    ])
    expect(await alerts(v1, 'restricted_zone')).toEqual([])
    expect((await alerts(v2, 'restricted_zone')).map((a) => [iso(a.at), a.zone_id])).toEqual([[at(60), open]])
    expect(closed).toBeTruthy()
  })
})

describe('stopped near a high-sensitivity target', () => {
  const stop = (v: Vehicle, p: [number, number], seconds: number[], speed = 0) =>
    send(
      ingest,
      v,
      seconds.map((s) => [s, p, speed] as Fix),
    )

  it('alerts once the stop within 200 m lasts more than 10 minutes, at that fix; not at exactly 10', async () => {
    const v = await vehicle()
    const p = move([sensitive.lon, sensitive.lat], 50, 0)
    await stop(v, p, [0, 300, 600])
    expect(await alerts(v, 'stopped_near_sensitive')).toEqual([])
    await stop(v, move(p, 3, 3), [601, 700])
    const a = await alerts(v, 'stopped_near_sensitive')
    expect(a.map((x) => [iso(x.at), x.target_id])).toEqual([[at(601), sensitive.id]])
  })

  it('does not alert for a stop that ends at 10 minutes, nor for one beyond 200 m', async () => {
    const v = await vehicle()
    const p = move([sensitive.lon, sensitive.lat], 0, -60)
    await stop(v, p, [0, 300, 600])
    await send(ingest, v, [[610, move(p, 150, 0), 50]]) // drives off
    await stop(v, move(p, 300, 0), [620, 1300]) // a new stop, 10 min 40 s, but ~300 m away
    expect(await alerts(v, 'stopped_near_sensitive')).toEqual([])
    const far = await vehicle()
    await stop(far, move([sensitive.lon, sensitive.lat], 0, 260), [0, 700, 1400])
    expect(await alerts(far, 'stopped_near_sensitive')).toEqual([])
  })
})

describe('signal lost', () => {
  it('is raised by the sweep at last fix + 5 minutes, once, and ends with the next fix', async () => {
    const v = await vehicle()
    const idle = await vehicle({ in_service: false })
    const p = move(base, -6000, -3000)
    await send(ingest, v, [[0, p]])
    await send(ingest, idle, [[0, move(p, 0, 100)]])
    const sweep = async (s: number) => {
      const { data, error } = await as.admin.rpc('vehicle_sweep', { at: at(s) })
      if (error) throw new Error(error.message)
      return data
    }
    await sweep(300)
    expect(await alerts(v)).toEqual([])
    await sweep(301)
    await sweep(400)
    const lost = await alerts(v, 'signal_lost')
    expect(lost.map((a) => iso(a.at))).toEqual([at(300)])
    expect(await alerts(idle)).toEqual([])
    await send(ingest, v, [[420, move(p, 500, 0)]])
    const restored = await alerts(v, 'signal_restored')
    expect(restored.map((a) => [iso(a.at), a.ref_alert_id])).toEqual([[at(420), lost[0]!.id]])
    await sweep(700) // within 5 min of the new fix
    expect(await alerts(v, 'signal_lost')).toHaveLength(1)
    const { error } = await as.enterprise.rpc('vehicle_sweep', { at: at(700) })
    expect(error?.message).toMatch(/admins and the service role/)
  })
})

describe('alerts are history', () => {
  it('cannot be changed or deleted, not even by the service role or a superuser', async () => {
    const { data } = await as.admin.from('vehicle_alerts').select('id').limit(1).single()
    const { error: u } = await as.admin.from('vehicle_alerts').update({ kind: 'signal_lost' }).eq('id', data!.id)
    expect(u?.message).toMatch(/permission denied/)
    await expect(sql().query(`update public.vehicle_alerts set at = at + interval '1 s' where id = $1`, [data!.id])).rejects.toThrow(/append-only/)
    await expect(sql().query(`delete from public.vehicle_alerts where id = $1`, [data!.id])).rejects.toThrow(/append-only/)
  })
})

describe('who sees and writes what', () => {
  let own: Vehicle
  let foreign: Vehicle
  beforeAll(async () => {
    own = await vehicle()
    foreign = await vehicle({ carrier_enterprise_id: otherCarrier })
    const c = move(base, -3000, -6000)
    await zone(c, 300)
    await send(ingest, own, [
      [0, move(c, -800, 0)],
      [30, c],
    ])
    await send(as.admin, foreign, [
      [0, move(c, -800, 100)],
      [30, move(c, 0, 100)],
    ])
    expect(await alerts(own, 'restricted_zone')).toHaveLength(1)
    expect(await alerts(foreign, 'restricted_zone')).toHaveLength(1)
  })

  const visible = async (client: SupabaseClient, table: string, key: string, ids: string[]) => {
    const { data, error } = await client.from(table).select(key).in(key, ids)
    if (error) throw new Error(`${table}: ${error.message}`)
    return new Set((data as unknown as Record<string, string>[]).map((r) => r[key]))
  }

  it('a carrier sees its own vehicles, positions and alerts, nothing of another carrier', async () => {
    for (const [table, key] of [
      ['dg_vehicles', 'id'],
      ['vehicle_latest', 'vehicle_id'],
      ['vehicle_positions', 'vehicle_id'],
      ['vehicle_alerts', 'vehicle_id'],
    ] as const) {
      expect(await visible(as.enterprise, table, key, [own.id, foreign.id]), table).toEqual(new Set([own.id]))
      expect(await visible(as.regulator, table, key, [own.id, foreign.id]), table).toEqual(new Set([own.id]))
      expect(await visible(as.command, table, key, [own.id, foreign.id]), table).toEqual(new Set([own.id, foreign.id]))
      expect(await visible(ingest, table, key, [own.id, foreign.id]), table).toEqual(new Set())
      const { error } = await anonClient().from(table).select(key).limit(1)
      expect(error?.message, table).toMatch(/permission denied/)
    }
  })

  it('a carrier writes its own register only, and its ingestion identity only its own vehicles', async () => {
    const { error } = await as.enterprise.from('dg_vehicles').insert({ plate: plate(), carrier_enterprise_id: otherCarrier, hazard_class: '8' })
    expect(error?.message).toMatch(/row-level security/)
    const { data: mine, error: e2 } = await as.enterprise
      .from('dg_vehicles')
      .insert({ plate: plate(), carrier_enterprise_id: DEMO_ENTERPRISE_ID, hazard_class: '8', un_number: 'UN1789' })
      .select('id')
    expect(e2).toBeNull()
    expect(mine).toHaveLength(1)
    const { data: upd } = await as.enterprise.from('dg_vehicles').update({ capacity_t: 20 }).eq('id', foreign.id).select('id')
    expect(upd).toEqual([])
    const { error: moved } = await as.enterprise.from('dg_vehicles').update({ carrier_enterprise_id: otherCarrier }).eq('id', own.id).select('id')
    expect(moved?.message).toMatch(/row-level security/)
    const r = await send(ingest, foreign, [[60, base]])
    expect(r.rejected[0]!.message).toMatch(/not a vehicle of your carrier/)
    const { error: z } = await as.enterprise.from('vehicle_restricted_zones').insert({
      name: 'x',
      geom: {
        type: 'Polygon',
        coordinates: [
          [
            [113, 22.5],
            [113.01, 22.5],
            [113.01, 22.51],
            [113, 22.5],
          ],
        ],
      },
    })
    expect(z?.message).toMatch(/row-level security/)
  })

  it('the public reads nothing of vehicles, zones or alerts', async () => {
    for (const table of ['dg_vehicles', 'vehicle_restricted_zones', 'vehicle_alerts', 'vehicle_latest']) {
      const { error } = await anonClient().from(table).select('*').limit(1)
      expect(error?.message, table).toMatch(/permission denied/)
    }
    const { error } = await anonClient().rpc('vehicle_network_rates', {})
    expect(error?.message).toMatch(/permission denied/)
  })
})

describe('入网率 / 上线率', () => {
  it('per carrier: networked ÷ registered, online today ÷ networked, under the caller’s rights', async () => {
    const today = await vehicle({ carrier_enterprise_id: thirdCarrier })
    const earlier = await vehicle({ carrier_enterprise_id: thirdCarrier })
    await vehicle({ carrier_enterprise_id: thirdCarrier }) // never reported
    await vehicle({ carrier_enterprise_id: thirdCarrier, in_service: false }) // not counted
    const p = move(base, 3000, -3000)
    const nowIso = new Date(Date.now() - 60_000).toISOString()
    const twoDaysAgo = new Date(Date.now() - 50 * 3600_000).toISOString()
    const { data: r } = await as.admin.rpc('ingest_vehicle_positions', {
      positions: [
        { plate: today.plate, t: nowIso, lon: p[0], lat: p[1] },
        { plate: earlier.plate, t: twoDaysAgo, lon: p[0], lat: p[1] },
      ],
    })
    expect(r).toMatchObject({ accepted: 2 })
    const { data, error } = await as.command.rpc('vehicle_network_rates', {})
    expect(error).toBeNull()
    const row = (data as { carrier_enterprise_id: string }[]).find((x) => x.carrier_enterprise_id === thirdCarrier)
    expect(row).toMatchObject({ registered: 3, networked: 2, online: 1, network_rate: 0.6667, online_rate: 0.5 })
    const { data: mine } = await as.enterprise.rpc('vehicle_network_rates', {})
    expect((mine as { carrier_enterprise_id: string }[]).map((x) => x.carrier_enterprise_id)).toEqual([DEMO_ENTERPRISE_ID])
  })
})

describe('track playback', () => {
  it("returns one vehicle's fixes of a day in time order as column arrays, under the caller's rights", async () => {
    const v = await vehicle()
    const foreign = await vehicle({ carrier_enterprise_id: otherCarrier })
    const p = move(base, 0, 3000)
    const now = Date.now() - 120_000
    const iso2 = (ms: number) => new Date(ms).toISOString()
    const { data: r } = await ingest.rpc('ingest_vehicle_positions', {
      positions: [
        { plate: v.plate, t: iso2(now + 20_000), lon: move(p, 200, 0)[0], lat: p[1], speed_kmh: 36, heading: 90 },
        { plate: v.plate, t: iso2(now), lon: p[0], lat: p[1], speed_kmh: 30, heading: 80 },
        { plate: v.plate, t: iso2(now + 10_000), lon: move(p, 100, 0)[0], lat: p[1] },
      ],
    })
    expect(r).toMatchObject({ accepted: 3, rejected: [] })
    const chinaDay = new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
    const { data, error } = await as.enterprise.rpc('vehicle_track', { vehicle_id: v.id, on_day: chinaDay })
    expect(error).toBeNull()
    const tr = data as { n: number; t0: string; t: number[]; path: [number, number][]; speed: (number | null)[] }
    expect(tr.n).toBe(3)
    expect(new Date(tr.t0).toISOString()).toBe(new Date(`${chinaDay}T00:00:00+08:00`).toISOString())
    const t0 = Date.parse(tr.t0)
    expect(tr.t.map((s) => iso2(t0 + s * 1000))).toEqual([iso2(now), iso2(now + 10_000), iso2(now + 20_000)])
    expect(tr.path[0]![0]).toBeCloseTo(p[0], 6)
    expect(tr.speed).toEqual([30, null, 36])
    const { data: other } = await as.enterprise.rpc('vehicle_track', { vehicle_id: v.id, on_day: '2026-01-01' })
    expect(other).toMatchObject({ n: 0, t: [], path: [] })
    const { error: hidden } = await as.enterprise.rpc('vehicle_track', { vehicle_id: foreign.id })
    expect(hidden?.message).toMatch(/no such vehicle you may read/)
    const { error: anon } = await anonClient().rpc('vehicle_track', { vehicle_id: v.id })
    expect(anon?.message).toMatch(/permission denied/)
  })
})

describe('retention', () => {
  it('keeps day partitions ahead; admins and the service role only', async () => {
    const { data, error } = await as.admin.rpc('vehicle_maintain_partitions', {})
    expect(error).toBeNull()
    expect(data).toMatchObject({ retention: '6 mons' })
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int n from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'public.vehicle_positions'::regclass and c.relname = 'vehicle_positions_' || to_char((now() at time zone 'UTC')::date + 2, 'YYYYMMDD')`,
    )
    expect(rows[0]!.n).toBe(1)
    const { error: e } = await as.regulator.rpc('vehicle_maintain_partitions', {})
    expect(e?.message).toMatch(/admins and the service role/)
  })
})
