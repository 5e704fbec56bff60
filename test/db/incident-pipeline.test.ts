// Incident mode from a pipeline point and the nearest pipelines to a site (issue 19), through
// supabase-js → gateway → PostgREST → PostgreSQL: incident_report_pipeline snaps the click to the
// line (geodesic, checked against GeographicLib's Karney algorithms, not PostGIS), reports what
// incident_report reports at that point plus the line's data, and follows the pipelines' row
// rules; pipelines_near ranks lines by distance and applies 石油天然气管道保护法 art. 30 (≤ 5 m
// forbidden) and art. 35(3) (≤ 200 m needs a permit) at 4.9 / 5.1 / 199 / 201 m.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { Geodesic } from 'geographiclib-geodesic'
import { anonClient, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const geod = Geodesic.WGS84
const as = {} as Record<AppRole, SupabaseClient>
type P = { lon: number; lat: number }
const direct = (from: P, azimuth: number, metres: number): P => {
  const r = geod.Direct(from.lat, from.lon, azimuth, metres)
  return { lon: r.lon2!, lat: r.lat2! }
}
const inverse = (a: P, b: P) => geod.Inverse(a.lat, a.lon, b.lat, b.lon).s12!
const line = (...ps: P[]) => `SRID=4326;LINESTRING(${ps.map((p) => `${p.lon} ${p.lat}`).join(',')})`

const NAME = '事发起点测试管道'
/** A north–south line (a meridian: the perpendicular from a point east of it has azimuth 90°). */
let O: P = { lon: 0, lat: 0 }
let lineId = ''
let otherId = ''
let targetId = ''
const TARGET_OFFSET = 300

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  const at = async (code: string): Promise<P> => {
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = '${code}') s`,
    )
    return { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
  }
  O = await at('440704') // 江海区: the demo regulator's district
  const X = await at('440705') // 新会区
  const ins = async (row: Record<string, unknown>) => {
    const { data, error } = await as.admin.from('pipelines').insert(row).select('id').single()
    if (error) throw new Error(error.message)
    return data.id as string
  }
  lineId = await ins({ name: `${NAME}（江海）`, medium: 'lpg', diameter_mm: 219, pressure_mpa: 1.6, geom: line(direct(O, 180, 600), direct(O, 0, 600)) })
  otherId = await ins({ name: `${NAME}（新会）`, medium: 'natural_gas', geom: line(X, { lon: X.lon + 0.001, lat: X.lat }) })
  const { data, error } = await serviceClient()
    .from('protective_targets')
    .insert({
      name: `${NAME}目标`,
      target_class: 'general_3',
      type_code: 'shop',
      population: 7,
      geom: `SRID=4326;POINT(${direct(O, 90, TARGET_OFFSET).lon} ${direct(O, 90, TARGET_OFFSET).lat})`,
    })
    .select('id')
    .single()
  if (error) throw new Error(error.message)
  targetId = data.id as string
}, 120_000)

afterAll(async () => {
  const svc = serviceClient()
  await svc.from('pipelines').delete().like('name', `${NAME}%`)
  await svc.from('protective_targets').delete().eq('id', targetId)
})

describe('incident_report_pipeline', () => {
  it('starts at the point of the line nearest the click, with the line data and incident_report figures there', async () => {
    const click = direct(O, 90, 40) // 40 m east of the line, level with O
    const { data, error } = await as.command.rpc('incident_report_pipeline', { pipeline_id: lineId, lon: click.lon, lat: click.lat, radii_m: [500, 1000] })
    expect(error).toBeNull()
    expect(inverse(data.center, O)).toBeLessThan(0.5)
    expect(data.pipeline).toMatchObject({ id: lineId, name: `${NAME}（江海）`, medium: 'lpg', pressure_mpa: 1.6, diameter_mm: 219 })
    expect(Math.abs(data.pipeline.snapped_m - 40)).toBeLessThan(0.5)
    expect(Math.abs(data.pipeline.along_m - 600)).toBeLessThan(0.5)
    const t = (data.targets as { id: string; distance_m: number; ring_m: number }[]).find((x) => x.id === targetId)
    expect(t).toBeDefined()
    expect(Math.abs(t!.distance_m - TARGET_OFFSET)).toBeLessThan(0.5)
    expect(t!.ring_m).toBe(500)
    // the same rings as a point report at the snapped point
    const point = await as.command.rpc('incident_report', { lon: data.center.lon, lat: data.center.lat, radii_m: [500, 1000] })
    expect(point.error).toBeNull()
    expect(data.rings).toEqual(point.data.rings)
    expect(data.targets_total).toBe(point.data.targets_total)
  })

  it('refuses a click more than 2 km from the line, in Chinese first', async () => {
    const far = direct(O, 90, 2100)
    const { error } = await as.command.rpc('incident_report_pipeline', { pipeline_id: lineId, lon: far.lon, lat: far.lat })
    expect(error?.code).toBe('22023')
    expect(error?.message).toMatch(/^点选位置距管道 2100 m，超过 2000 m/)
  })

  it('refuses bad coordinates and radii (the radii through incident_report)', async () => {
    const bad = await as.command.rpc('incident_report_pipeline', { pipeline_id: lineId, lon: 200, lat: 22 })
    expect(bad.error?.code).toBe('22023')
    expect(bad.error?.message).toMatch(/^坐标无效/)
    const radii = await as.command.rpc('incident_report_pipeline', { pipeline_id: lineId, lon: O.lon, lat: O.lat, radii_m: [60000] })
    expect(radii.error?.code).toBe('22023')
  })

  it('follows the pipelines row rules: a regulator only lines crossing its district, an enterprise only its own, never anon', async () => {
    expect((await as.regulator.rpc('incident_report_pipeline', { pipeline_id: lineId, lon: O.lon, lat: O.lat })).error).toBeNull()
    const other = await as.regulator.rpc('incident_report_pipeline', { pipeline_id: otherId, lon: O.lon, lat: O.lat })
    expect(other.error?.code).toBe('42501')
    expect(other.error?.message).toMatch(/^管道 .* 不存在或无权查看/)
    expect((await as.enterprise.rpc('incident_report_pipeline', { pipeline_id: lineId, lon: O.lon, lat: O.lat })).error?.code).toBe('42501')
    expect((await anonClient().rpc('incident_report_pipeline', { pipeline_id: lineId, lon: O.lon, lat: O.lat })).error).not.toBeNull()
  })
})

describe('pipelines_near', () => {
  const near = async (c: SupabaseClient, p: P, radius_m = 1000, n = 5) => {
    const { data, error } = await c.rpc('pipelines_near', { lon: p.lon, lat: p.lat, radius_m, n })
    if (error) throw new Error(error.message)
    return (data as { id: string; distance_m: number; rule: string }[]).filter((r) => r.id === lineId || r.id === otherId)
  }

  it('gives the geodesic distance to the centreline and the protection rule at 4.9 / 5.1 / 199 / 201 m', async () => {
    for (const [offset, rule] of [
      [4.9, 'forbidden'],
      [5.1, 'permit'],
      [199, 'permit'],
      [201, 'clear'],
    ] as const) {
      const p = direct(O, 90, offset)
      const rows = await near(as.planner, p)
      expect(rows, `${offset} m`).toHaveLength(1)
      expect(Math.abs(rows[0]!.distance_m - inverse(p, O))).toBeLessThanOrEqual(0.05)
      expect(rows[0]!.rule, `${offset} m`).toBe(rule)
    }
  })

  it('is bounded: radius at most 5 km, 1 to 20 lines, valid coordinates', async () => {
    const r = await as.admin.rpc('pipelines_near', { lon: O.lon, lat: O.lat, radius_m: 5001, n: 5 })
    expect(r.error?.message).toMatch(/^半径须大于 0 且不超过 5000 m/)
    const n = await as.admin.rpc('pipelines_near', { lon: O.lon, lat: O.lat, radius_m: 100, n: 21 })
    expect(n.error?.message).toMatch(/^条数须在 1–20/)
    const c = await as.admin.rpc('pipelines_near', { lon: O.lon, lat: 91, radius_m: 100, n: 5 })
    expect(c.error?.message).toMatch(/^坐标无效/)
  })

  it('lists only lines the caller may read', async () => {
    expect(await near(as.regulator, O)).toHaveLength(1)
    expect(await near(as.enterprise, O)).toHaveLength(0)
    expect((await anonClient().rpc('pipelines_near', { lon: O.lon, lat: O.lat, radius_m: 100, n: 5 })).error).not.toBeNull()
  })
})

describe('pipelines_near_site', () => {
  it('measures from a polygon site: 0 when the line crosses it, else from its nearest edge, with the rule', async () => {
    // a 20 m square whose west edge lies 4.9 m east of the line, and one the line crosses
    const sq = (west: number) => {
      const sw = direct(direct(O, 90, west), 180, 10)
      const se = direct(sw, 90, 20)
      const ne = direct(se, 0, 20)
      const nw = direct(sw, 0, 20)
      return { type: 'Polygon', coordinates: [[sw, se, ne, nw, sw].map((p) => [p.lon, p.lat])] }
    }
    const ask = async (site: unknown) => {
      const { data, error } = await as.planner.rpc('pipelines_near_site', { site, radius_m: 500, n: 5 })
      if (error) throw new Error(error.message)
      return (data as { id: string; distance_m: number; rule: string }[]).find((r) => r.id === lineId)!
    }
    const near = await ask(sq(4.9))
    expect(Math.abs(near.distance_m - 4.9)).toBeLessThanOrEqual(0.05)
    expect(near.rule).toBe('forbidden')
    const crossing = await ask(sq(-10))
    expect(crossing.distance_m).toBe(0)
    expect(crossing.rule).toBe('forbidden')
    const p = direct(O, 90, 150)
    const point = await ask({ type: 'Point', coordinates: [p.lon, p.lat] })
    expect(Math.abs(point.distance_m - 150)).toBeLessThanOrEqual(0.05)
    expect(point.rule).toBe('permit')
  })

  it('refuses a bad site, radius or count, and anon', async () => {
    const bad = await as.planner.rpc('pipelines_near_site', { site: { type: 'LineString', coordinates: [] }, radius_m: 100, n: 5 })
    expect(bad.error?.code).toBe('22023')
    const r = await as.planner.rpc('pipelines_near_site', { site: { type: 'Point', coordinates: [O.lon, O.lat] }, radius_m: 0, n: 5 })
    expect(r.error?.message).toMatch(/^半径须大于 0/)
    const anon = await anonClient().rpc('pipelines_near_site', { site: { type: 'Point', coordinates: [O.lon, O.lat] }, radius_m: 100, n: 5 })
    expect(anon.error).not.toBeNull()
  })
})
