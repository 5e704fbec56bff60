// External safety protective distances (GB/T 37243) and individual-risk criteria (GB 36894)
// through supabase-js → gateway → PostgREST → PostgreSQL/PostGIS. Test geometry is placed with
// an independent geodesic (Vincenty's direct formula on WGS84, checked against Vincenty's own
// worked example), never with PostGIS, so the database's metres are checked, not echoed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import * as turf from '@turf/turf'
import { anonClient, signIn, clientWithClaims, sql, useStack } from '../helpers/stack.ts'
import { DEMO_USERS, DEMO_REGULATOR_AREA, type AppRole } from '../../supabase/seed/demo-users.ts'
import { destination, dms, type LonLat } from '../helpers/geodesy.ts'

useStack()

// ---------------------------------------------------------------------------------------------
// Independent geodesy.

const wktPoint = (p: LonLat) => `SRID=4326;POINT(${p.lon} ${p.lat})`
const ring = (pts: LonLat[]) => [...pts, pts[0]].map((p) => `${p.lon} ${p.lat}`).join(', ')
const wktPolygon = (pts: LonLat[]) => `SRID=4326;POLYGON((${ring(pts)}))`
const geojsonPolygon = (pts: LonLat[]) => ({ type: 'Polygon', coordinates: [[...pts, pts[0]].map((p) => [p.lon, p.lat])] })

/** A rectangle whose west edge lies on the meridian through `westMid`, `width` m wide and
 * `height` m tall, centred north–south on westMid. Its nearest point to anything due west is
 * on that meridian edge. */
function rectangleEastOf(westMid: LonLat, width: number, height: number): LonLat[] {
  const n = destination(westMid, 0, height / 2).lat
  const s = destination(westMid, 180, height / 2).lat
  const e = destination(westMid, 90, width).lon
  return [
    { lon: westMid.lon, lat: s },
    { lon: e, lat: s },
    { lon: e, lat: n },
    { lon: westMid.lon, lat: n },
  ]
}
function rectangleWestOf(eastMid: LonLat, width: number, height: number): LonLat[] {
  const n = destination(eastMid, 0, height / 2).lat
  const s = destination(eastMid, 180, height / 2).lat
  const w = destination(eastMid, 270, width).lon
  return [
    { lon: w, lat: s },
    { lon: eastMid.lon, lat: s },
    { lon: eastMid.lon, lat: n },
    { lon: w, lat: n },
  ]
}

// ---------------------------------------------------------------------------------------------

const CLASSES = ['high_sensitivity', 'important', 'general_1', 'general_2', 'general_3'] as const
type Cls = (typeof CLASSES)[number]
const TYPE_OF: Record<Cls, string> = { high_sensitivity: 'school', important: 'government', general_1: 'mall', general_2: 'residential', general_3: 'village' }

const userOf = (role: AppRole) => {
  const u = DEMO_USERS.find((x) => x.role === role)
  if (!u) throw new Error(`no demo user with role ${role}`)
  return u
}

const RUN = Math.random().toString(36).slice(2, 8)
const PREFIX = `SDT-${RUN}-`
let admin: SupabaseClient
let planner: SupabaseClient
let anon: SupabaseClient
let regulatorOut: SupabaseClient
let regulator: SupabaseClient
let fixtureEnterprise: string

beforeAll(async () => {
  admin = await signIn(userOf('admin').email, userOf('admin').password)
  planner = await signIn(userOf('planner').email, userOf('planner').password)
  regulator = await signIn(userOf('regulator').email, userOf('regulator').password)
  regulatorOut = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000d3',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
  })
  anon = anonClient()
  const { rows } = await sql().query<{ id: string }>(`select id from public.enterprises order by id limit 1`)
  fixtureEnterprise = rows[0].id
}, 120_000)

interface TargetSpec {
  key: string
  cls: Cls
  population: number
  wkt: string
  expected?: number
  at?: LonLat
}
const targetIds = new Map<string, string>()
const keyOf = new Map<string, string>()

async function insertTargets(specs: TargetSpec[]): Promise<void> {
  const { rows } = await sql().query<{ id: string; name: string }>(
    `insert into public.protective_targets (name, target_class, type_code, population, geom)
     select r.name, r.cls, r.type_code, r.population, extensions.st_geomfromewkt(r.wkt)
     from jsonb_to_recordset($1::jsonb) as r(name text, cls public.protective_class, type_code text, population int, wkt text)
     returning id, name`,
    [JSON.stringify(specs.map((s) => ({ name: PREFIX + s.key, cls: s.cls, type_code: TYPE_OF[s.cls], population: s.population, wkt: s.wkt })))],
  )
  for (const r of rows) {
    const key = r.name.slice(PREFIX.length)
    targetIds.set(key, r.id)
    keyOf.set(r.id, key)
  }
}

async function insertSource(key: string, wkt: string, distances: Partial<Record<Cls, number>>, status = 'in_service'): Promise<string> {
  const { rows } = await sql().query<{ id: string }>(
    `insert into public.hazard_sources (enterprise_id, name, unit_type, geom, installation_status)
     values ($1, $2, 'storage', extensions.st_geomfromewkt($3), $4) returning id`,
    [fixtureEnterprise, PREFIX + key, wkt, status],
  )
  const id = rows[0].id
  await sql().query(
    `insert into public.hazard_source_distances (hazard_source_id, target_class, required_m)
     select $1, (e).key::public.protective_class, (e).value::numeric from jsonb_each_text($2::jsonb) e`,
    [id, JSON.stringify(distances)],
  )
  return id
}

async function removeFixtures(): Promise<void> {
  await sql().query(`delete from public.hazard_sources where name like $1`, [`${PREFIX}%`])
  await sql().query(`delete from public.protective_targets where name like $1`, [`${PREFIX}%`])
}

interface CheckRow {
  id: string
  name: string
  target_class: Cls
  type_code: string
  population: number
  distance_m: number
  required_m: number
  shortfall_m: number
  lon: number
  lat: number
  individual_risk: number | null
  risk_criterion: number | null
  risk_criterion_failed: boolean | null
}

/** Compares a safety_distance_check / evaluate_site answer with the independent expectation. */
function expectTargets(got: CheckRow[], want: { key: string; expected: number; required: number; at?: LonLat }[]): void {
  const order = [...want].sort((x, y) => y.required - y.expected - (x.required - x.expected))
  expect(got.map((r) => keyOf.get(r.id) ?? r.id)).toEqual(order.map((w) => w.key))
  for (const [i, w] of order.entries()) {
    const r = got[i]
    const tol = Math.max(0.005 * w.expected, 0.01)
    expect(Math.abs(Number(r.distance_m) - w.expected), `${w.key}: distance ${r.distance_m} vs ${w.expected}`).toBeLessThanOrEqual(tol)
    expect(Number(r.required_m), `${w.key}: required`).toBe(w.required)
    expect(Math.abs(Number(r.shortfall_m) - (w.required - Number(r.distance_m))), `${w.key}: shortfall = required − distance`).toBeLessThanOrEqual(0.0100001)
    expect(Math.abs(Number(r.shortfall_m) - (w.required - w.expected)), `${w.key}: shortfall vs independent`).toBeLessThanOrEqual(tol)
    if (w.at) expect([r.lon, r.lat], `${w.key}: position`).toEqual([w.at.lon, w.at.lat])
  }
}

describe('the independent geodesic', () => {
  it("reproduces Vincenty's worked example (Flinders Peak → Buninyong) to 1e-8 degrees", () => {
    const p = destination({ lon: dms(144, 25, 29.5244), lat: -dms(37, 57, 3.7203) }, dms(306, 52, 5.37), 54972.271)
    expect(Math.abs(p.lat - -dms(37, 39, 10.1561))).toBeLessThan(1e-8)
    expect(Math.abs(p.lon - dms(143, 55, 35.3839))).toBeLessThan(1e-8)
  })
})

// Runs before any fixture exists: the worklist is the demo city's.
describe('safety_distance_violations: the relocation worklist', () => {
  /** Every source's violations by full ST_Distance over every target (no ST_DWithin, no index). */
  const independent = async () => {
    const { rows } = await sql().query<{ id: string; cls: string; n: number; people: number; worst: number }>(
      `select h.id, d.target_class::text as cls, count(*)::int as n, sum(t.population)::int as people,
         max(d.required_m - extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography))::float8 as worst
       from public.hazard_sources h
       join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
       join public.protective_targets t on t.target_class = d.target_class
       where extensions.st_distance(t.geom::extensions.geography, h.geom::extensions.geography) <= d.required_m
       group by 1, 2`,
    )
    const out = new Map<string, { by: Record<string, number>; n: number; people: number; worst: number }>()
    for (const r of rows) {
      const s = out.get(r.id) ?? { by: {}, n: 0, people: 0, worst: -Infinity }
      s.by[r.cls] = r.n
      s.n += r.n
      s.people += r.people
      s.worst = Math.max(s.worst, r.worst)
      out.set(r.id, s)
    }
    return out
  }
  const sources = async () =>
    new Map(
      (
        await sql().query<{ id: string; name: string; area_code: string | null; enterprise_id: string; lon: number; lat: number }>(
          `select id, name, area_code, enterprise_id, extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.hazard_sources`,
        )
      ).rows.map((r) => [r.id, r]),
    )

  let all: any[]
  beforeAll(async () => {
    const { data, error } = await admin.rpc('safety_distance_violations', {})
    if (error) throw new Error(error.message)
    all = data
  })

  it('is non-empty on the demo city and every row equals an independent computation', async () => {
    const [want, src] = await Promise.all([independent(), sources()])
    expect(all.length).toBeGreaterThan(0)
    expect(new Set(all.map((r) => r.hazard_source_id))).toEqual(new Set(want.keys()))
    for (const r of all) {
      const w = want.get(r.hazard_source_id)!
      const s = src.get(r.hazard_source_id)!
      expect(
        {
          by: r.violations_by_class,
          n: r.violating_targets,
          people: r.population_inside,
          name: r.hazard_source_name,
          area: r.area_code,
          enterprise: r.enterprise_id,
          lon: r.lon,
          lat: r.lat,
        },
        r.hazard_source_id,
      ).toEqual({ by: w.by, n: w.n, people: w.people, name: s.name, area: s.area_code, enterprise: s.enterprise_id, lon: s.lon, lat: s.lat })
      expect(Math.abs(r.worst_shortfall_m - w.worst), r.hazard_source_id).toBeLessThanOrEqual(0.005 + 1e-9)
    }
    const worst = all.map((r) => r.worst_shortfall_m)
    expect(worst).toEqual([...worst].sort((a, b) => b - a))
  })

  it("the demo generator put schools or homes inside some chemical plants' distances", () => {
    const classes = new Set(all.flatMap((r) => Object.keys(r.violations_by_class)))
    expect([...classes].some((c) => ['high_sensitivity', 'general_1', 'general_2'].includes(c))).toBe(true)
  })

  it('an area filter returns only the sources of that area', async () => {
    const { data, error } = await admin.rpc('safety_distance_violations', { area_code: DEMO_REGULATOR_AREA })
    expect(error).toBeNull()
    const src = await sources()
    const want = all.filter((r) => (src.get(r.hazard_source_id)!.area_code ?? '').startsWith(DEMO_REGULATOR_AREA))
    expect(want.length).toBeGreaterThan(0)
    expect(want.length).toBeLessThan(all.length)
    expect(data).toEqual(want)
    expect(data.every((r: any) => r.area_code.startsWith(DEMO_REGULATOR_AREA))).toBe(true)
  })

  it('the city code returns every source of the city', async () => {
    const { rows } = await sql().query<{ n: number }>(
      `select count(*)::int as n from public.hazard_sources where area_code is null or area_code not like '4407%'`,
    )
    expect(rows[0].n).toBe(0)
    const { data, error } = await admin.rpc('safety_distance_violations', { area_code: '440700' })
    expect(error).toBeNull()
    expect(data).toEqual(all)
  })

  it("RLS applies: a regulator gets the jurisdiction's rows, a regulator elsewhere none of them", async () => {
    const { data: mine } = await regulator.rpc('safety_distance_violations', {})
    expect(mine).toEqual(all.filter((r) => r.area_code.startsWith(DEMO_REGULATOR_AREA)))
    const { data: theirs } = await regulatorOut.rpc('safety_distance_violations', {})
    expect(theirs).toEqual(all.filter((r) => r.area_code.startsWith('440703')))
  })
})

describe('safety_distance_check: geodesic distances', () => {
  // A point source, a polygon source, a high-latitude source and a source with risk contours,
  // far from the demo city and from each other (the served-region check does not apply here).
  const P0: LonLat = { lon: 110.5, lat: 20.5 }
  const P1: LonLat = { lon: 110.6, lat: 20.5 }
  const P2: LonLat = { lon: 25.0, lat: 60.0 }
  const DIST_A: Record<Cls, number> = { high_sensitivity: 1000, important: 800, general_1: 600, general_2: 400, general_3: 200 }
  const DIST_B: Partial<Record<Cls, number>> = { high_sensitivity: 500, important: 300, general_2: 250, general_3: 150 }
  const ids: Record<string, string> = {}
  const wantA: { key: string; expected: number; required: number; at?: LonLat }[] = []
  const wantB: { key: string; expected: number; required: number; at?: LonLat }[] = []
  const wantC: { key: string; expected: number; required: number; at?: LonLat }[] = []
  let polygonB: LonLat[]

  beforeAll(async () => {
    await removeFixtures()
    const targets: TargetSpec[] = []
    // A: for each class one point just inside (99.5 %) and one just outside (100.5 %).
    CLASSES.forEach((cls, i) => {
      const D = DIST_A[cls]
      const inside = destination(P0, i * 72, D * 0.995)
      const outside = destination(P0, i * 72 + 36, D * 1.005)
      targets.push({ key: `A-${cls}-in`, cls, population: 100 + i, wkt: wktPoint(inside) })
      targets.push({ key: `A-${cls}-out`, cls, population: 200 + i, wkt: wktPoint(outside) })
      wantA.push({ key: `A-${cls}-in`, expected: D * 0.995, required: D, at: inside })
    })
    // A: two residential polygons whose nearest edge (a meridian) is 398.5 m east and 401.5 m
    // west of the source; their centres are ~500 m away, so only the edge puts the first inside.
    targets.push({
      key: 'A-residential-polygon-in',
      cls: 'general_2',
      population: 1500,
      wkt: wktPolygon(rectangleEastOf(destination(P0, 90, 398.5), 200, 100)),
    })
    targets.push({
      key: 'A-residential-polygon-out',
      cls: 'general_2',
      population: 1600,
      wkt: wktPolygon(rectangleWestOf(destination(P0, 270, 401.5), 200, 100)),
    })
    wantA.push({ key: 'A-residential-polygon-in', expected: 398.5, required: 400 })

    // B: a 200 m × 200 m plant; targets measured from its east and west edges (meridians).
    const eastMid = destination(P1, 90, 100)
    const westLon = destination(P1, 270, 100).lon
    const n = destination(P1, 0, 100).lat,
      s = destination(P1, 180, 100).lat
    polygonB = [
      { lon: westLon, lat: s },
      { lon: eastMid.lon, lat: s },
      { lon: eastMid.lon, lat: n },
      { lon: westLon, lat: n },
    ]
    const westMid: LonLat = { lon: westLon, lat: P1.lat }
    const eastEdgeMid: LonLat = { lon: eastMid.lon, lat: P1.lat }
    for (const [cls, from, az] of [
      ['high_sensitivity', eastEdgeMid, 90],
      ['important', westMid, 270],
      ['general_2', eastEdgeMid, 90],
    ] as const) {
      const D = DIST_B[cls]!
      const off = cls === 'general_2' ? 0.2 : 0 // keep the two eastern targets apart
      const inPt = destination(destination(from, az, D * 0.995), 0, off * 100)
      const outPt = destination(destination(from, az, D * 1.005), 180, 60)
      targets.push({ key: `B-${cls}-in`, cls, population: 300, wkt: wktPoint(inPt) })
      targets.push({ key: `B-${cls}-out`, cls, population: 310, wkt: wktPoint(outPt) })
      wantB.push({ key: `B-${cls}-in`, expected: D * 0.995, required: D })
    }
    // A village inside the plant's own fence: distance 0.
    targets.push({ key: 'B-general_3-inside-plant', cls: 'general_3', population: 40, wkt: wktPoint(P1) })
    wantB.push({ key: 'B-general_3-inside-plant', expected: 0, required: 150 })
    // A large residential area (general_1) 20 m from the plant: the plant has no general_1 distance.
    targets.push({
      key: 'B-general_1-no-distance',
      cls: 'general_1',
      population: 5000,
      wkt: wktPolygon(rectangleEastOf(destination(eastEdgeMid, 90, 20), 100, 100)),
    })

    // C: near 60°N, where a degree of longitude is half a degree of latitude.
    for (const [az, d, inside] of [
      [45, 1990, true],
      [90, 1980, true],
      [0, 2020, false],
      [270, 2010, false],
    ] as const) {
      const p = destination(P2, az, d)
      targets.push({ key: `C-${az}`, cls: 'high_sensitivity', population: 10, wkt: wktPoint(p) })
      if (inside) wantC.push({ key: `C-${az}`, expected: d, required: 2000, at: p })
    }
    await insertTargets(targets)
    ids.A = await insertSource('A-point', wktPoint(P0), DIST_A)
    ids.B = await insertSource('B-polygon', wktPolygon(polygonB), DIST_B)
    ids.C = await insertSource('C-60N', wktPoint(P2), { high_sensitivity: 2000 })
  })
  afterAll(removeFixtures)

  it("point source: exactly the targets inside each class's distance, with geodesic metres, sorted by shortfall", async () => {
    const { data, error } = await admin.rpc('safety_distance_check', { hazard_source_id: ids.A })
    expect(error).toBeNull()
    expectTargets(data, wantA)
    expect(data.map((r: CheckRow) => r.target_class)).toEqual(['high_sensitivity', 'important', 'general_1', 'general_2', 'general_2', 'general_3'])
    expect(data.every((r: CheckRow) => r.individual_risk === null && r.risk_criterion === null && r.risk_criterion_failed === null)).toBe(true)
  })

  it("polygon source: distances from the polygon's edge (0 inside it); a class without a distance is not checked", async () => {
    const { data, error } = await admin.rpc('safety_distance_check', { hazard_source_id: ids.B })
    expect(error).toBeNull()
    expectTargets(data, wantB)
    expect(data[0]).toMatchObject({ distance_m: 0, shortfall_m: 150, required_m: 150 })
  })

  it('near 60°N the distances are still geodesic (east–west and north–south alike)', async () => {
    const { data, error } = await planner.rpc('safety_distance_check', { hazard_source_id: ids.C })
    expect(error).toBeNull()
    expectTargets(data, wantC)
  })

  describe('evaluate_site: "what if the plant stood here"', () => {
    const evaluate = (site: unknown, distances: unknown) => admin.rpc('evaluate_site', { site, distances })
    const summaryOf = (want: { key: string }[], pops: Record<string, number>) => {
      const by: Record<string, { count: number; population: number }> = {}
      for (const c of CLASSES) by[c] = { count: 0, population: 0 }
      for (const w of want) {
        const cls = CLASSES.find((c) => w.key.includes(c)) ?? 'general_2'
        by[cls].count++
        by[cls].population += pops[w.key]
      }
      const population = Object.values(by).reduce((s, x) => s + x.population, 0)
      return { by_class: by, population, violations: want.length, compliant: want.length === 0 }
    }
    const popA: Record<string, number> = Object.fromEntries([...CLASSES.map((c, i) => [`A-${c}-in`, 100 + i]), ['A-residential-polygon-in', 1500]])

    it('a Point site with every class reports what safety_distance_check reports, with a summary', async () => {
      const { data, error } = await evaluate({ type: 'Point', coordinates: [P0.lon, P0.lat] }, DIST_A)
      expect(error).toBeNull()
      expectTargets(data.targets, wantA)
      expect(data.summary).toEqual(summaryOf(wantA, popA))
      expect(data.summary.compliant).toBe(false)
    })

    it('a missing class counts as 0 m: no target of that class is reported', async () => {
      const { data } = await evaluate({ type: 'Point', coordinates: [P0.lon, P0.lat] }, { high_sensitivity: 1000 })
      const want = wantA.filter((w) => w.key === 'A-high_sensitivity-in')
      expectTargets(data.targets, want)
      expect(data.summary).toEqual(summaryOf(want, popA))
      const empty = await evaluate({ type: 'Point', coordinates: [P0.lon, P0.lat] }, {})
      expect(empty.data.targets).toEqual([])
      expect(empty.data.summary).toEqual(summaryOf([], {}))
    })

    it('a site that keeps every distance is compliant', async () => {
      // The nearest village is at 199 m (inside 200 m, outside 150 m).
      const { data, error } = await evaluate({ type: 'Point', coordinates: [P0.lon, P0.lat] }, { general_3: 150, general_2: 390 })
      expect(error).toBeNull()
      expect(data.targets).toEqual([])
      expect(data.summary).toEqual({ ...summaryOf([], {}), compliant: true })
    })

    it('a Polygon site (also as a Feature or a MultiPolygon) measures from its edge', async () => {
      const pops = { 'B-high_sensitivity-in': 300, 'B-important-in': 300, 'B-general_2-in': 300, 'B-general_3-inside-plant': 40 }
      const poly = geojsonPolygon(polygonB)
      for (const site of [poly, { type: 'Feature', properties: {}, geometry: poly }, { type: 'MultiPolygon', coordinates: [poly.coordinates] }]) {
        const { data, error } = await evaluate(site, DIST_B)
        expect(error, site.type).toBeNull()
        expectTargets(data.targets, wantB)
        expect(data.summary, site.type).toEqual(summaryOf(wantB, pops))
      }
    })

    it.each([
      ['a site that is not GeoJSON', 'here', { general_2: 100 }, 'site must be a GeoJSON geometry object'],
      ['invalid GeoJSON coordinates', { type: 'Point', coordinates: 'here' }, { general_2: 100 }, /^site is not valid GeoJSON: /],
      [
        'a LineString site',
        {
          type: 'LineString',
          coordinates: [
            [110.5, 20.5],
            [110.6, 20.5],
          ],
        },
        { general_2: 100 },
        'site must be a GeoJSON Point or Polygon or MultiPolygon (got LineString)',
      ],
      [
        'coordinates out of range',
        { type: 'Point', coordinates: [200, 20] },
        { general_2: 100 },
        /^site has coordinates out of range: longitude must be within \[-180, 180\] and latitude within \[-90, 90\]/,
      ],
      [
        'a self-intersecting polygon',
        {
          type: 'Polygon',
          coordinates: [
            [
              [110, 20],
              [110.01, 20.01],
              [110.01, 20],
              [110, 20.01],
              [110, 20],
            ],
          ],
        },
        { general_2: 100 },
        /^site is not a valid shape: Self-intersection/,
      ],
      [
        'a negative distance',
        { type: 'Point', coordinates: [110.5, 20.5] },
        { general_2: -5 },
        'distances.general_2 must be a number of metres from 0 to 50000 (got -5)',
      ],
      [
        'a distance over 50 km',
        { type: 'Point', coordinates: [110.5, 20.5] },
        { general_2: 50001 },
        'distances.general_2 must be a number of metres from 0 to 50000 (got 50001)',
      ],
      [
        'a distance as text',
        { type: 'Point', coordinates: [110.5, 20.5] },
        { general_2: '100' },
        'distances.general_2 must be a number of metres from 0 to 50000 (got "100")',
      ],
      [
        'an unknown class',
        { type: 'Point', coordinates: [110.5, 20.5] },
        { hospital: 100 },
        'distances: unknown protective-target class "hospital" (expected high_sensitivity, important, general_1, general_2, general_3)',
      ],
      [
        'distances that are not an object',
        { type: 'Point', coordinates: [110.5, 20.5] },
        [100],
        'distances must be an object of metres per protective-target class, e.g. {"high_sensitivity": 1000, "general_2": 300}',
      ],
    ] as const)('refuses %s with a clear message', async (_n, site, distances, message) => {
      const { data, error } = await evaluate(site, distances)
      expect(data).toBeNull()
      if (typeof message === 'string') expect(error?.message).toBe(message)
      else expect(error?.message).toMatch(message)
    })
  })

  describe('siting_suitability: where inside an area the plant could stand', () => {
    // A 3 km × 3 km area around P0 holding all of source A's targets.
    const half = 1500
    const area = {
      west: Number(destination(P0, 270, half).lon.toFixed(7)),
      east: Number(destination(P0, 90, half).lon.toFixed(7)),
      south: Number(destination(P0, 180, half).lat.toFixed(7)),
      north: Number(destination(P0, 0, half).lat.toFixed(7)),
    }
    const areaGeo = {
      type: 'Polygon',
      coordinates: [
        [
          [area.west, area.south],
          [area.east, area.south],
          [area.east, area.north],
          [area.west, area.north],
          [area.west, area.south],
        ],
      ],
    }
    const areaWkt = `SRID=4326;POLYGON((${areaGeo.coordinates[0].map((c) => c.join(' ')).join(', ')}))`
    const siting = (a: unknown, distances: unknown) => admin.rpc('siting_suitability', { area: a, distances })

    it('the suitable part lies inside the area and is smaller than it; blocking targets are counted independently', async () => {
      const { data, error } = await siting(areaGeo, DIST_A)
      expect(error).toBeNull()
      expect(['Polygon', 'MultiPolygon']).toContain(data.suitable.type)
      const polys: number[][][][] = data.suitable.type === 'Polygon' ? [data.suitable.coordinates] : data.suitable.coordinates
      const eps = 1e-7
      for (const [x, y] of polys.flat(2) as unknown as [number, number][]) {
        expect(x >= area.west - eps && x <= area.east + eps && y >= area.south - eps && y <= area.north + eps, `${x} ${y}`).toBe(true)
      }
      expect(data.area_m2).toBeGreaterThan(0)
      expect(data.area_m2).toBeLessThan(data.total_area_m2)
      // Total area against turf's spherical area (≈0.3 % off the spheroid at most).
      expect(Math.abs(data.total_area_m2 - turf.area(areaGeo as any)) / data.total_area_m2).toBeLessThan(0.005)
      expect(Math.abs(data.total_area_m2 - 9e6) / 9e6).toBeLessThan(0.001)
      const { rows } = await sql().query<{ n: number }>(
        `select count(*)::int as n from public.protective_targets t
         join jsonb_each_text($2::jsonb) d on d.key = t.target_class::text and d.value::numeric > 0
         where extensions.st_distance(t.geom::extensions.geography, extensions.st_geomfromewkt($1)::extensions.geography) <= d.value::numeric`,
        [areaWkt, JSON.stringify(DIST_A)],
      )
      expect(rows[0].n).toBe(12)
      expect(Number(data.blocking_targets)).toBe(rows[0].n)
    })

    it('grid samples inside the suitable part are compliant sites; samples outside it are not', async () => {
      const { data } = await siting(areaGeo, DIST_A)
      const suitable = turf.feature(data.suitable)
      const polys: number[][][][] = data.suitable.type === 'Polygon' ? [data.suitable.coordinates] : data.suitable.coordinates
      const lines = polys.flat(1).map((r) => turf.lineString(r))
      const band = 0.01 * Math.max(...Object.values(DIST_A)) // buffers are polygonal approximations
      const N = 20
      const samples: { p: [number, number]; inside: boolean }[] = []
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          const p: [number, number] = [area.west + ((i + 0.5) / N) * (area.east - area.west), area.south + ((j + 0.5) / N) * (area.north - area.south)]
          const near = Math.min(...lines.map((l) => turf.pointToLineDistance(p, l, { units: 'meters' })))
          if (near < band) continue
          samples.push({ p, inside: turf.booleanPointInPolygon(p, suitable as any) })
        }
      }
      const inside = samples.filter((s) => s.inside)
      const outside = samples.filter((s) => !s.inside)
      expect(inside.length).toBeGreaterThan(20)
      expect(outside.length).toBeGreaterThan(20)
      // Every sample through evaluate_site in one statement (a REST round trip per point would
      // take minutes on PGlite) ...
      const { rows } = await sql().query<{ i: number; compliant: boolean }>(
        `select (p.ord - 1)::int as i,
           (public.evaluate_site(jsonb_build_object('type', 'Point', 'coordinates', p.c), $2::jsonb) #>> '{summary,compliant}')::boolean as compliant
         from jsonb_array_elements($1::jsonb) with ordinality as p(c, ord) order by p.ord`,
        [JSON.stringify(samples.map((s) => s.p)), JSON.stringify(DIST_A)],
      )
      expect(rows.length).toBe(samples.length)
      const wrong = rows.filter((r) => r.compliant !== samples[r.i].inside).map((r) => samples[r.i])
      expect(wrong).toEqual([])
      // ... and a spread of them through the real stack, as a signed-in planner.
      const pick = (xs: typeof samples) => xs.filter((_, k) => k % Math.ceil(xs.length / 8) === 0)
      const spot = [...pick(inside), ...pick(outside)]
      const answers = await Promise.all(spot.map((s) => planner.rpc('evaluate_site', { site: { type: 'Point', coordinates: s.p }, distances: DIST_A })))
      expect(answers.map((a) => a.error ?? a.data.summary.compliant)).toEqual(spot.map((s) => s.inside))
    })

    it('with no blocking target the whole area is suitable; a fully blocked area has no suitable part', async () => {
      const none = await siting(areaGeo, { general_3: 0 })
      expect(none.error).toBeNull()
      expect(none.data.area_m2).toBe(none.data.total_area_m2)
      expect(Number(none.data.blocking_targets)).toBe(0)
      const small = destination(P0, 0, 10)
      const tiny = {
        type: 'Polygon',
        coordinates: [
          [
            [P0.lon, P0.lat],
            [small.lon + 0.0001, P0.lat],
            [small.lon + 0.0001, small.lat],
            [P0.lon, small.lat],
            [P0.lon, P0.lat],
          ],
        ],
      }
      const all = await siting(tiny, { high_sensitivity: 5000 })
      expect(all.error).toBeNull()
      expect(all.data.suitable).toBeNull()
      expect(all.data.area_m2).toBe(0)
      expect(Number(all.data.blocking_targets)).toBe(2)
    })

    it('refuses an area that is not a polygon', async () => {
      const { error } = await siting({ type: 'Point', coordinates: [P0.lon, P0.lat] }, DIST_A)
      expect(error?.message).toBe('area must be a GeoJSON Polygon or MultiPolygon (got Point)')
    })
  })
})

describe('individual risk (GB 36894-2018) at targets inside the distance', () => {
  const P3: LonLat = { lon: 110.7, lat: 20.5 }
  let source: string
  beforeAll(async () => {
    await insertTargets([
      { key: 'R-hs', cls: 'high_sensitivity', population: 800, wkt: wktPoint(destination(P3, 0, 300)) },
      { key: 'R-g2', cls: 'general_2', population: 900, wkt: wktPoint(destination(P3, 20, 300)) },
      { key: 'R-g3', cls: 'general_3', population: 50, wkt: wktPoint(destination(P3, 180, 300)) },
      { key: 'R-g1-clear', cls: 'general_1', population: 70, wkt: wktPoint(destination(P3, 270, 300)) },
    ])
    source = await insertSource('R-contours', wktPoint(P3), { high_sensitivity: 600, general_2: 600, general_3: 600, general_1: 600 })
    // 1e-5 over the northern half (both northern targets); 3e-7 over everything within ~500 m
    // except the west, where the general_1 target stands outside every contour.
    const north = rectangleEastOf(destination(destination(P3, 270, 400), 0, 250), 800, 450)
    const wide = rectangleEastOf(destination(destination(P3, 270, 100), 0, 0), 700, 1000)
    await sql().query(
      `insert into public.hazard_source_risk_contours (hazard_source_id, risk_per_year, geom) values
         ($1, 1e-5, extensions.st_multi(extensions.st_geomfromewkt($2))), ($1, 3e-7, extensions.st_multi(extensions.st_geomfromewkt($3)))`,
      [source, wktPolygon(north), wktPolygon(wide)],
    )
  })
  afterAll(removeFixtures)

  const check = async () => {
    const { data, error } = await admin.rpc('safety_distance_check', { hazard_source_id: source })
    expect(error).toBeNull()
    return Object.fromEntries(data.map((r: CheckRow) => [keyOf.get(r.id), [r.individual_risk, r.risk_criterion, r.risk_criterion_failed]]))
  }

  it('an in-service installation: 1e-5 fails a high-sensitivity target (3e-6) but not a general class 2 one (1e-5 is not above 1e-5)', async () => {
    expect(await check()).toEqual({
      'R-hs': [1e-5, 3e-6, true],
      'R-g2': [1e-5, 1e-5, false],
      'R-g3': [3e-7, 3e-5, false],
      'R-g1-clear': [null, null, null],
    })
  })

  it('a new installation is held to the stricter criteria: general class 2 now fails (3e-6)', async () => {
    await sql().query(`update public.hazard_sources set installation_status = 'new' where id = $1`, [source])
    expect(await check()).toEqual({
      'R-hs': [1e-5, 3e-7, true],
      'R-g2': [1e-5, 3e-6, true],
      'R-g3': [3e-7, 1e-5, false],
      'R-g1-clear': [null, null, null],
    })
  })
})

describe('who may ask', () => {
  let demoSource: string
  beforeAll(async () => {
    const { rows } = await sql().query<{ id: string }>(
      `select h.id from public.hazard_sources h where h.area_code like $1
       and exists (select 1 from public.hazard_source_distances d where d.hazard_source_id = h.id) order by h.id limit 1`,
      [`${DEMO_REGULATOR_AREA}%`],
    )
    demoSource = rows[0].id
  })

  it.each([
    ['safety_distance_check', () => ({ hazard_source_id: demoSource })],
    ['safety_distance_violations', () => ({})],
    ['evaluate_site', () => ({ site: { type: 'Point', coordinates: [113.1, 22.5] }, distances: { general_2: 100 } })],
    [
      'siting_suitability',
      () => ({
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [113.1, 22.5],
              [113.11, 22.5],
              [113.11, 22.51],
              [113.1, 22.5],
            ],
          ],
        },
        distances: { general_2: 100 },
      }),
    ],
  ] as const)('anon is refused %s', async (fn, args) => {
    const { data, error } = await anon.rpc(fn, args())
    expect(data).toBeNull()
    expect(error?.message).toBe(`permission denied for function ${fn}`)
  })

  it('a regulator of another district gets "not found or not visible" for a source in 江海区', async () => {
    const { data, error } = await regulatorOut.rpc('safety_distance_check', { hazard_source_id: demoSource })
    expect(data).toBeNull()
    expect(error?.message).toBe(`hazard source ${demoSource} not found or not visible to you`)
  })

  it("a planner and the area's regulator get the same answer as an admin", async () => {
    const want = await admin.rpc('safety_distance_check', { hazard_source_id: demoSource })
    expect(want.error).toBeNull()
    for (const [who, client] of [
      ['planner', planner],
      ['regulator', regulator],
    ] as const) {
      const got = await client.rpc('safety_distance_check', { hazard_source_id: demoSource })
      expect(got.error, who).toBeNull()
      expect(got.data, who).toEqual(want.data)
    }
  })
})

describe('the target search uses the geography index', () => {
  const coreJoin = (id: string) => `
    explain (format json)
    select t.id
    from public.hazard_sources h
    join public.hazard_source_distances d on d.hazard_source_id = h.id and d.required_m > 0
    join public.protective_targets t
      on t.target_class = d.target_class
     and extensions.st_dwithin(t.geom::extensions.geography, h.geom::extensions.geography, d.required_m::float8)
    where h.id = '${id}'`
  const indexesIn = (plan: any): string[] => {
    const out: string[] = []
    const walk = (n: any) => {
      if (n['Index Name']) out.push(`${n['Node Type']}:${n['Index Name']}`)
      for (const c of n.Plans ?? []) walk(c)
    }
    walk(plan)
    return out
  }

  it("EXPLAIN of the worklist's core join for one source shows an index scan on a protective-target GiST index", async () => {
    const { rows: src } = await sql().query<{ id: string }>(
      `select h.id from public.hazard_sources h join public.hazard_source_distances d on d.hazard_source_id = h.id
       group by h.id order by max(d.required_m) desc, h.id limit 1`,
    )
    const id = src[0].id
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await sql().query('analyze public.protective_targets')
    await sql().query('analyze public.hazard_sources')
    await sql().query('analyze public.hazard_source_distances')
    const natural = indexesIn((await sql().query(coreJoin(id))).rows[0]['QUERY PLAN'][0].Plan)
    console.log(`[explain] with default settings (${natural.length ? 'index used' : 'no index'}): ${natural.join(', ') || 'sequential scans only'}`)
    // At the demo scale (1000 targets) a sequential scan is cheaper, so the planner is asked to
    // show the plan it would use at scale. sql() keeps one session, so reset it afterwards.
    let forced: string[]
    try {
      await sql().query('set enable_seqscan = off')
      forced = indexesIn((await sql().query(coreJoin(id))).rows[0]['QUERY PLAN'][0].Plan)
    } finally {
      await sql().query('reset enable_seqscan')
    }
    console.log(`[explain] with enable_seqscan = off: ${forced.join(', ')}`)
    // the (class, geography) index of migration 1500 when present, else the geography one
    expect(forced.some((x) => /^(Index Scan|Bitmap Index Scan|Index Only Scan):protective_targets_(class_geog|geom_geog)_idx$/.test(x))).toBe(true)
    expect(
      forced.some((x) => x.endsWith(':protective_targets_class_geog_idx')),
      'class index chosen for class-filtered search',
    ).toBe(true)
    expect((await sql().query('show enable_seqscan')).rows[0].enable_seqscan).toBe('on')
  })
})
