// Pipelines (issue 19) through supabase-js → gateway → PostgREST → PostgreSQL: the table's bounds
// (bad geometry refused with the field and the reason), its row rules per role, and
// pipeline_encroachments (石油天然气管道保护法 art. 30: protective targets within 5 m of the
// centreline) at 4.9 / 5.0 / 5.1 m against an independent geodesic computation (GeographicLib's
// Karney algorithms on the WGS-84 ellipsoid, not PostGIS), on a LineString and a MultiLineString.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { Geodesic } from 'geographiclib-geodesic'
import { anonClient, serviceClient, signIn, sql, useStack, clientWithClaims } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const geod = Geodesic.WGS84
const as = {} as Record<AppRole, SupabaseClient>

/** Where the constructed cases sit: inside 江海区 (440704), more than 1 km from every demo target. */
const O = { lon: 113.15, lat: 22.57 }
/** A north–south line through O: 0.002° (≈ 221 m) each way. */
const A = { lon: O.lon, lat: O.lat - 0.002 }
const B = { lon: O.lon, lat: O.lat + 0.002 }
/** The first part of the two-part line: east of O, far from the targets. */
const C = { lon: O.lon + 0.004, lat: O.lat - 0.002 }
const D = { lon: O.lon + 0.004, lat: O.lat + 0.004 }

function direct(from: { lon: number; lat: number }, azimuth: number, metres: number) {
  const r = geod.Direct(from.lat, from.lon, azimuth, metres)
  return { lon: r.lon2!, lat: r.lat2! }
}
function inverse(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return geod.Inverse(a.lat, a.lon, b.lat, b.lon).s12!
}
const pt = (p: { lon: number; lat: number }) => `SRID=4326;POINT(${p.lon} ${p.lat})`
const line = (...ps: { lon: number; lat: number }[]) => `SRID=4326;LINESTRING(${ps.map((p) => `${p.lon} ${p.lat}`).join(',')})`
const multi = (...parts: { lon: number; lat: number }[][]) =>
  `SRID=4326;MULTILINESTRING(${parts.map((ps) => `(${ps.map((p) => `${p.lon} ${p.lat}`).join(',')})`).join(',')})`

// The feet of the perpendiculars: on the line at O, and 80 m north of O. A geodesic leaving a
// meridian at a right angle (azimuth 90°) is the shortest way back to it, so the point reached
// after s metres lies exactly s metres (geodesic) from the line.
const FOOT_80 = direct(O, 0, 80)
const CASES = [
  { name: '测试目标 4.9 m', foot: O, offset: 4.9, inside: true },
  { name: '测试目标 5.0 m', foot: FOOT_80, offset: 5.0, inside: true },
  { name: '测试目标 5.1 m', foot: direct(O, 180, 60), offset: 5.1, inside: false },
]
const ids = new Map<string, string>()
let lineId = ''
let multiId = ''
let otherDistrictId = ''
let enterpriseLineId = ''
/** A point inside 新会区 (440705). */
let X = { lon: 0, lat: 0 }

interface Encroachment {
  pipeline_id: string
  target_id: string
  distance_m: number
  part: number
  fraction: number
  along_m: number
}

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const svc = serviceClient()
  for (const c of CASES) {
    const at = direct(c.foot, 90, c.offset)
    const { data, error } = await svc
      .from('protective_targets')
      .insert({ name: c.name, target_class: 'general_3', type_code: 'shop', population: 3, geom: pt(at) })
      .select('id')
      .single()
    if (error) throw new Error(error.message)
    ids.set(c.name, data.id as string)
  }
  const ins = async (row: Record<string, unknown>) => {
    const { data, error } = await as.admin.from('pipelines').insert(row).select('id').single()
    if (error) throw new Error(error.message)
    return data.id as string
  }
  lineId = await ins({ name: '测试输气管道（单线）', medium: 'natural_gas', diameter_mm: 508, pressure_mpa: 6.3, geom: line(A, B) })
  multiId = await ins({ name: '测试输油管道（两段）', medium: 'crude_oil', diameter_mm: 323.9, pressure_mpa: 4, geom: multi([C, D], [A, B]) })
  // wholly inside 新会区 (440705): the regulator of 江海区 does not see it
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = '440705') s`,
  )
  X = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
  otherDistrictId = await ins({ name: '测试管道（新会区）', medium: 'refined_oil', geom: line(X, { lon: X.lon + 0.001, lat: X.lat }) })
  enterpriseLineId = await ins({
    name: '测试企业自有管道',
    medium: 'chemical',
    operator_enterprise_id: DEMO_ENTERPRISE_ID,
    geom: line(X, { lon: X.lon, lat: X.lat + 0.001 }),
  })
}, 120_000)

afterAll(async () => {
  const svc = serviceClient()
  await svc.from('pipelines').delete().like('name', '测试%')
  await svc
    .from('protective_targets')
    .delete()
    .in('id', [...ids.values()])
})

const ids_ = (name: string) => ids.get(name)!
const mine = (rows: Encroachment[] | null) => (rows ?? []).filter((r) => [...ids.values()].includes(r.target_id))

describe('pipeline_encroachments', () => {
  it('lists the targets within 5 m inclusive, nothing beyond, with geodesic distances and positions along the line', async () => {
    const { data, error } = await as.admin.rpc('pipeline_encroachments', { pipeline_id: lineId })
    expect(error).toBeNull()
    const rows = mine(data as Encroachment[])
    const byTarget = new Map(rows.map((r) => [r.target_id, r]))
    const length = inverse(A, B)
    for (const c of CASES) {
      const r = byTarget.get(ids.get(c.name)!)
      if (!c.inside) {
        expect(r, c.name).toBeUndefined()
        continue
      }
      expect(r, c.name).toBeDefined()
      // independent: the geodesic distance from the target to its foot on the line
      const target = direct(c.foot, 90, c.offset)
      expect(Math.abs(r!.distance_m - inverse(target, c.foot))).toBeLessThanOrEqual(0.001)
      expect(r!.distance_m).toBeLessThanOrEqual(5)
      const along = inverse(A, c.foot)
      expect(Math.abs(r!.along_m - along)).toBeLessThan(0.05)
      expect(Math.abs(r!.fraction - along / length)).toBeLessThan(1e-4)
      expect(r!.part).toBe(1)
      expect(r!.pipeline_id).toBe(lineId)
    }
    expect(rows).toHaveLength(2)
  })

  it('counts the positions of a MultiLineString from the start of its first part', async () => {
    const { data, error } = await as.planner.rpc('pipeline_encroachments', { pipeline_id: multiId })
    expect(error).toBeNull()
    const rows = mine(data as Encroachment[])
    expect(rows).toHaveLength(2)
    const first = inverse(C, D)
    const total = first + inverse(A, B)
    for (const r of rows) {
      const c = CASES.find((x) => ids.get(x.name) === r.target_id)!
      expect(r.part).toBe(2)
      expect(Math.abs(r.along_m - (first + inverse(A, c.foot)))).toBeLessThan(0.05)
      expect(Math.abs(r.fraction - (first + inverse(A, c.foot)) / total)).toBeLessThan(1e-4)
    }
  })

  it('answers every pipeline when none is named', async () => {
    const { data, error } = await as.command.rpc('pipeline_encroachments')
    expect(error).toBeNull()
    const rows = mine(data as Encroachment[])
    expect(new Set(rows.map((r) => r.pipeline_id))).toEqual(new Set([lineId, multiId]))
    expect(rows).toHaveLength(4)
  })

  it('is for staff: the public and a self sign-up are refused', async () => {
    const anon = await anonClient().rpc('pipeline_encroachments')
    expect(anon.error?.code).toBe('42501')
    const none = await clientWithClaims({ role: 'authenticated', sub: '00000000-0000-4000-8000-000000000999', app_metadata: {} })
    const r = await none.rpc('pipeline_encroachments')
    expect(r.error?.message).toMatch(/pipeline_encroachments is for signed-in staff/)
  })

  it('follows the row rules: an enterprise reaches only its own lines', async () => {
    const { data, error } = await as.enterprise.rpc('pipeline_encroachments', { pipeline_id: lineId })
    expect(error).toBeNull()
    expect(data).toEqual([])
  })
})

describe('pipeline_map and pipeline_at (the one map)', () => {
  const box = (p: { lon: number; lat: number }, d: number) => ({ west: p.lon - d, south: p.lat - d, east: p.lon + d, north: p.lat + d })

  it('answers the lines in a view with their encroachments, and nothing of lines elsewhere', async () => {
    const { data, error } = await as.admin.rpc('pipeline_map', { ...box(O, 0.01), zoom: 14 })
    expect(error).toBeNull()
    const ids = new Set((data.lines as { id: string }[]).map((l) => l.id))
    expect(ids.has(lineId) && ids.has(multiId)).toBe(true)
    expect(ids.has(otherDistrictId)).toBe(false)
    const line = (data.lines as { id: string; paths: number[][][] }[]).find((l) => l.id === multiId)!
    expect(line.paths).toHaveLength(2)
    const enc = (data.encroachments as { pipeline_id: string; target_id: string }[]).filter((e) => e.pipeline_id === lineId)
    expect(new Set(enc.map((e) => e.target_id))).toEqual(new Set([ids_('测试目标 4.9 m'), ids_('测试目标 5.0 m')]))
    expect(Array.isArray(data.hca)).toBe(true)
  })

  it('refuses a bad view and is for staff', async () => {
    const bad = await as.admin.rpc('pipeline_map', { west: 113.2, south: 22.5, east: 113.1, north: 22.6, zoom: 12 })
    expect(bad.error?.message).toMatch(/bounding box is empty/)
    const z = await as.admin.rpc('pipeline_map', { ...box(O, 0.01), zoom: 99 })
    expect(z.error?.message).toMatch(/zoom must be a number from 0 to 24/)
    const anon = await anonClient().rpc('pipeline_map', { ...box(O, 0.01), zoom: 12 })
    expect(anon.error?.code).toBe('42501')
  })

  it('gives the card of the nearest line: its data, the clicked position along it and its findings', async () => {
    // 10 m east of the middle of the first part (C–D), which only the two-part line has
    const mid = direct(C, 0, inverse(C, D) / 2)
    const click = direct(mid, 90, 10)
    const { data, error } = await as.admin.rpc('pipeline_at', { lon: click.lon, lat: click.lat, radius_m: 30 })
    expect(error).toBeNull()
    expect(data.id).toBe(multiId)
    expect(data.medium).toBe('crude_oil')
    expect(Math.abs(data.distance_m - 10)).toBeLessThan(0.2)
    expect(Math.abs(data.along_m - inverse(C, D) / 2)).toBeLessThan(0.5)
    expect(Math.abs(data.length_m - (inverse(C, D) + inverse(A, B)))).toBeLessThan(0.5)
    expect(data.area_names).toEqual(['江海区'])
    expect(data.area_names_en).toHaveLength(1)
    expect(data.area_names_en[0]).toMatch(/^[A-Z]/)
    expect((data.encroachments as { target_id: string }[]).map((e) => e.target_id).sort()).toEqual([ids_('测试目标 4.9 m'), ids_('测试目标 5.0 m')].sort())
    expect(Array.isArray(data.hca)).toBe(true)
    const none = await as.admin.rpc('pipeline_at', { lon: click.lon, lat: click.lat, radius_m: 5 })
    expect(none.error).toBeNull()
    expect(none.data).toBeNull()
    const bad = await as.admin.rpc('pipeline_at', { lon: click.lon, lat: click.lat, radius_m: 50_000 })
    expect(bad.error?.message).toMatch(/radius_m must be more than 0 and at most 20000/)
    // an enterprise does not reach a line it does not operate
    const ent = await as.enterprise.rpc('pipeline_at', { lon: click.lon, lat: click.lat, radius_m: 30 })
    expect(ent.data).toBeNull()
  })
})

describe('pipelines: row rules', () => {
  const seen = async (c: SupabaseClient) => {
    const { data, error } = await c.from('pipelines').select('id').like('name', '测试%')
    expect(error).toBeNull()
    return new Set((data ?? []).map((r) => r.id as string))
  }

  it('staff who read all see every line; the regulator those crossing its district; the enterprise its own', async () => {
    const all = new Set([lineId, multiId, otherDistrictId, enterpriseLineId])
    for (const role of ['admin', 'command', 'planner'] as const) expect(await seen(as[role]), role).toEqual(all)
    expect(await seen(as.regulator)).toEqual(new Set([lineId, multiId]))
    expect(await seen(as.enterprise)).toEqual(new Set([enterpriseLineId]))
  })

  it('the public has no privilege on the table', async () => {
    const { error } = await anonClient().from('pipelines').select('id').limit(1)
    expect(error?.code).toBe('42501')
  })

  it('keeps the area codes it crosses, whatever the client sends', async () => {
    const { data, error } = await as.admin.from('pipelines').select('area_codes, geom').eq('id', lineId).single()
    expect(error).toBeNull()
    expect(data!.area_codes).toContain('440704')
    expect(data!.area_codes.every((c: string) => c.startsWith('440704'))).toBe(true)
    const r = await as.admin
      .from('pipelines')
      .update({ area_codes: ['440705'] })
      .eq('id', lineId)
      .select('area_codes')
      .single()
    expect(r.data!.area_codes).toContain('440704')
    expect(r.data!.area_codes).not.toContain('440705')
  })

  it('stores a LineString as a one-part MultiLineString', async () => {
    const { rows } = await sql().query<{ t: string }>(`select extensions.geometrytype(geom) t from public.pipelines where id = $1`, [lineId])
    expect(rows[0]!.t).toBe('MULTILINESTRING')
  })

  it('a regulator writes lines crossing its district, not lines elsewhere; an enterprise writes none', async () => {
    const inside = await as.regulator
      .from('pipelines')
      .insert({ name: '测试管道（监管录入）', medium: 'natural_gas', geom: line(A, direct(A, 90, 300)) })
      .select('id')
      .single()
    expect(inside.error).toBeNull()
    const outside = await as.regulator
      .from('pipelines')
      .insert({ name: '测试管道（新会区内）', medium: 'natural_gas', geom: line(X, { lon: X.lon + 0.002, lat: X.lat }) })
      .select('id')
    expect(outside.error?.message).toMatch(/row-level security/)
    const ent = await as.enterprise
      .from('pipelines')
      .insert({ name: '测试管道（企业）', medium: 'natural_gas', geom: line(A, B) })
      .select('id')
    expect(ent.error?.message).toMatch(/row-level security/)
  })
})

describe('pipelines: bad input refused by name', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a point', { geom: pt(O) }, /pipelines\.geom.*must be a line \(LineString or MultiLineString\), got POINT/],
    ['a polygon', { geom: `SRID=4326;POLYGON((${O.lon} ${O.lat},${O.lon + 0.001} ${O.lat},${O.lon} ${O.lat + 0.001},${O.lon} ${O.lat}))` }, /got POLYGON/],
    ['coordinates off the earth', { geom: line(O, { lon: 190, lat: O.lat }) }, /pipelines\.geom has coordinates out of range/],
    ['a zero-length part', { geom: multi([A, B], [O, O]) }, /pipelines\.geom.*part 2 has zero length/],
    ['outside the served region', { geom: line({ lon: 116.39, lat: 39.9 }, { lon: 116.4, lat: 39.91 }) }, /pipelines\.geom.*outside every district/],
    ['another SRID', { geom: `SRID=3857;LINESTRING(0 0,1 1)` }, /SRID \(3857\) does not match column SRID \(4326\)/],
    [
      'too long',
      {
        geom: line(
          { lon: 112.0, lat: 22.5 },
          { lon: 113.2, lat: 22.5 },
          { lon: 112.0, lat: 22.6 },
          { lon: 113.2, lat: 22.6 },
          { lon: 112.0, lat: 22.7 },
          { lon: 113.2, lat: 22.7 },
          { lon: 112.0, lat: 22.8 },
          { lon: 113.2, lat: 22.8 },
          { lon: 112.0, lat: 22.55 },
          { lon: 113.2, lat: 22.55 },
        ),
      },
      /pipelines\.geom.*too long: at most 1000 km/,
    ],
    ['a negative diameter', { geom: line(A, B), diameter_mm: -5 }, /pipelines\.diameter_mm.*must be a number from 10 to 2000 \(got -5\)/],
    ['a pressure of NaN', { geom: line(A, B), pressure_mpa: 'NaN' }, /pipelines\.pressure_mpa/],
    ['a year before 1900', { geom: line(A, B), built_year: 1850 }, /pipelines\.built_year.*must be from 1900 to this year/],
    ['a blank name', { geom: line(A, B), name: '\u3000 ' }, /pipelines\.name.*must not be empty/],
    ['an unknown medium', { geom: line(A, B), medium: 'water' }, /pipeline_medium/],
  ]
  for (const [what, over, msg] of cases) {
    it(`refuses ${what}`, async () => {
      const { error } = await as.admin
        .from('pipelines')
        .insert({ name: '测试坏管道', medium: 'natural_gas', ...over })
        .select('id')
      expect(error?.message).toMatch(msg)
    })
  }

  it('refuses more than 20,000 vertices', async () => {
    const ps = Array.from({ length: 20_001 }, (_, i) => ({ lon: O.lon + (i % 2) * 0.0001, lat: O.lat + i * 0.00001 }))
    const { error } = await as.admin
      .from('pipelines')
      .insert({ name: '测试坏管道', medium: 'natural_gas', geom: line(...ps) })
      .select('id')
    expect(error?.message).toMatch(/pipelines\.geom.*too many vertices: at most 20000, got 20001/)
  })
})
