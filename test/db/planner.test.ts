// The planner's RPCs (migration *_planner.sql) and the browser evaluation against evaluate_site
// on the demo city: planner_targets tiles fed to the same TargetStore the browser uses, candidates
// at and around every worklist source, answers compared target by target (distances within 0.5 %).
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack, clientWithClaims } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { destination } from '../helpers/geodesy.ts'
import {
  PreparedSite,
  TargetStore,
  compareWithServer,
  maxDistance,
  tileBox,
  tilesCovering,
  CLASS_IDS,
  type Distances,
  type SiteGeometry,
  type TargetTilePayload,
} from '../../src/domain/plannerGeo.ts'

useStack()

let planner: SupabaseClient
let anon: SupabaseClient

beforeAll(async () => {
  const u = demoUser('planner')
  planner = await signIn(u.email, u.password)
  anon = anonClient()
}, 120_000)

async function loadTiles(store: TargetStore, site: SiteGeometry, d: Distances): Promise<void> {
  const box = new PreparedSite(site).searchBox(maxDistance(d))
  for (const key of tilesCovering(box)) {
    if (store.hasTile(key)) continue
    const [west, south, east, north] = tileBox(key)
    const { data, error } = await planner.rpc('planner_targets', { west, south, east, north })
    if (error) throw new Error(error.message)
    const p = data as TargetTilePayload
    store.addTile(key, { ...p, lon: p.lon.map(Number), lat: p.lat.map(Number) })
  }
}

describe('planner_targets', () => {
  it('returns exactly the targets whose geometry meets the tile, as column arrays', async () => {
    const {
      rows: [c],
    } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(location) lon, extensions.st_y(location) lat from public.protective_targets order by id limit 1`,
    )
    const key = tilesCovering([Number(c.lon), Number(c.lat), Number(c.lon), Number(c.lat)])[0]
    const [west, south, east, north] = tileBox(key)
    const { data, error } = await planner.rpc('planner_targets', { west, south, east, north })
    expect(error).toBeNull()
    const p = data as TargetTilePayload
    const { rows } = await sql().query<{ id: string; cls: number; population: number; poly: boolean }>(
      `select id, array_position(enum_range(null::public.protective_class), target_class) cls, population,
         extensions.geometrytype(geom) <> 'POINT' poly
       from public.protective_targets where geom operator(extensions.&&) extensions.st_makeenvelope($1, $2, $3, $4, 4326) order by id`,
      [west, south, east, north],
    )
    expect(p.count).toBe(rows.length)
    expect(rows.length).toBeGreaterThan(0)
    expect(p.id).toEqual(rows.map((r) => r.id))
    expect(p.class).toEqual(rows.map((r) => Number(r.cls)))
    expect(p.population).toEqual(rows.map((r) => Number(r.population)))
    expect(p.shape.map((s) => s !== null)).toEqual(rows.map((r) => r.poly))
  })

  it('is for signed-in staff only and refuses bad boxes with a clear message', async () => {
    const anonRes = await anon.rpc('planner_targets', { west: 113, south: 22.5, east: 113.02, north: 22.52 })
    expect(anonRes.error).not.toBeNull()
    const noRole = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000000f1', role: 'authenticated', aud: 'authenticated', app_metadata: {} })
    const nr = await noRole.rpc('planner_targets', { west: 113, south: 22.5, east: 113.02, north: 22.52 })
    expect(nr.error?.message).toMatch(/staff only/)
    const big = await planner.rpc('planner_targets', { west: 112, south: 22, east: 113, north: 23 })
    expect(big.error?.message).toMatch(/at most 0.2°/)
    const flipped = await planner.rpc('planner_targets', { west: 113.1, south: 22.5, east: 113, north: 22.52 })
    expect(flipped.error?.message).toMatch(/west must be less than east/)
    const out = await planner.rpc('planner_targets', { west: 179.9, south: 22.5, east: 180.1, north: 22.52 })
    expect(out.error?.message).toMatch(/longitude -180..180/)
  })
})

describe('planner_source', () => {
  it('gives the geometry and the distances with their basis, and hides what RLS hides', async () => {
    const {
      rows: [h],
    } = await sql().query<{ id: string; n: number }>(
      `select h.id, (select count(*) from public.hazard_source_distances d where d.hazard_source_id = h.id)::int n
       from public.hazard_sources h where exists (select 1 from public.hazard_source_distances d where d.hazard_source_id = h.id) order by h.id limit 1`,
    )
    const { data, error } = await planner.rpc('planner_source', { hazard_source_id: h.id })
    expect(error).toBeNull()
    expect(data.id).toBe(h.id)
    expect(['Point', 'Polygon', 'MultiPolygon']).toContain(data.geometry.type)
    expect(data.distances.length).toBe(Number(h.n))
    expect(data.distances[0]).toHaveProperty('basis')
    const a = await anon.rpc('planner_source', { hazard_source_id: h.id })
    expect(a.error).not.toBeNull()
    const missing = await planner.rpc('planner_source', { hazard_source_id: '00000000-0000-4000-8000-000000000000' })
    expect(missing.error?.message).toMatch(/not found or not visible/)
  })
})

describe('the browser evaluation agrees with evaluate_site on the demo city', () => {
  it('at every worklist source and 1.2 km away from it, points and polygons, within 0.5 %', async () => {
    const { data: wl, error } = await planner.rpc('safety_distance_violations', {})
    expect(error).toBeNull()
    expect(wl.length).toBeGreaterThan(0)
    const store = new TargetStore()
    let compared = 0
    let withTargets = 0
    for (const row of (wl as { hazard_source_id: string; lon: number; lat: number }[]).slice(0, 12)) {
      const { data: src } = await planner.rpc('planner_source', { hazard_source_id: row.hazard_source_id })
      const d = Object.fromEntries(CLASS_IDS.map((c) => [c, 0])) as Distances
      for (const x of src.distances as { target_class: keyof Distances; required_m: number }[]) d[x.target_class] = Number(x.required_m)
      const here = { lon: Number(row.lon), lat: Number(row.lat) }
      const moved = destination(here, 60, 1200)
      const sq = [0, 90, 180, 270].map((b) => destination(moved, b + 45, 250)).map((p) => [p.lon, p.lat])
      const sites: SiteGeometry[] = [src.geometry, { type: 'Point', coordinates: [moved.lon, moved.lat] }, { type: 'Polygon', coordinates: [[...sq, sq[0]]] }]
      for (const site of sites) {
        await loadTiles(store, site, d)
        const mine = store.evaluate(site, d)
        expect(mine.missingTiles).toEqual([])
        const { data: srv, error: e2 } = await planner.rpc('evaluate_site', { site, distances: d })
        expect(e2).toBeNull()
        const ps = new PreparedSite(site)
        const agreement = compareWithServer(mine.targets, srv.targets, 0.005, (id) => {
          const g = store.indexOf(id)
          return g === undefined ? undefined : store.distance(ps, g)
        })
        expect(agreement.onlyBrowser, `only in browser at ${JSON.stringify(site).slice(0, 80)}`).toEqual([])
        expect(agreement.onlyServer, 'only in database').toEqual([])
        expect(agreement.maxRelDiff).toBeLessThanOrEqual(0.005)
        // each distance individually (a target at 0 m must be 0 on both sides)
        const byId = new Map(mine.targets.map((t) => [t.id, t]))
        for (const t of srv.targets as { id: string; distance_m: number }[]) {
          const b = byId.get(t.id)
          if (!b) continue
          expect(Math.abs(b.distance_m - Number(t.distance_m))).toBeLessThanOrEqual(Math.max(0.005 * Number(t.distance_m), 0.5))
        }
        if (agreement.borderline.length === 0) expect(mine.summary.violations).toBe(srv.summary.violations)
        compared++
        if (srv.targets.length) withTargets++
      }
    }
    expect(compared).toBeGreaterThanOrEqual(3)
    expect(withTargets).toBeGreaterThan(0)
  })
})
