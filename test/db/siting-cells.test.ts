// siting_suitability by cells (20270212000100_siting_suitability_cells.sql) answers as the previous
// body (20270123000100_siting_suitability_near_ids.sql, created here verbatim in schema siting_old):
// the same count of blocking targets, the same total and suitable area, the same suitable shape (up
// to the cells' edges as extra vertices: the symmetric difference is measured), for every caller
// (admin, command, planner, a regulator: every target; an enterprise: only its 5 km context), on
// random areas over a dense cluster of targets added here (points and small polygons, so that the
// cells path with its covered / free / mixed cells is taken) and over the demo city, with random
// distances per class. An area over 100 km², or a bounding box over 0.5°, is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody, ROLE_CLAIMS as CLAIMS } from '../helpers/previous-body.ts'
import { DEMO_ENTERPRISE_ID } from '../../supabase/seed/demo-users.ts'

useStack()

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PREFIX = 'siting-cells test target'
/** (area GeoJSON, distances) of the calls compared. */
let calls: [string, string][] = []

beforeAll(async () => {
  // the cluster: 3,000 targets (a tenth small polygons) ~1.5 km around the demo enterprise's first site
  const { rows: site } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(h.location) as lon, extensions.st_y(h.location) as lat from public.hazard_sources h
     where h.enterprise_id = $1 and h.location is not null order by h.id limit 1`,
    [DEMO_ENTERPRISE_ID],
  )
  const [lon0, lat0] = [Number(site[0]!.lon), Number(site[0]!.lat)]
  const rand = rng(2702)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
  const cluster = Array.from({ length: 3000 }, () => [lon0 + 0.015 * gauss(), lat0 + 0.015 * gauss(), 1 + Math.floor(rand() * 5), rand() < 0.1 ? 1 : 0])
  await sql().query(
    `insert into public.protective_targets (name, target_class, type_code, geom, is_demo)
     select $1 || ' ' || i, (enum_range(null::public.protective_class))[c],
       (array['school', 'government', 'residential_large', 'residential', 'village'])[c],
       case when poly = 1 then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(x, y), 4326), 0.0002)
            else extensions.st_setsrid(extensions.st_makepoint(x, y), 4326) end, false
     from unnest($2::float8[], $3::float8[], $4::int[], $5::int[]) with ordinality p(x, y, c, poly, i)`,
    [PREFIX, ...[0, 1, 2, 3].map((k) => cluster.map((r) => r[k]))],
  )
  await sql().exec(`drop schema if exists siting_old cascade; create schema siting_old;
    grant usage on schema siting_old to authenticated, service_role;
    ${previousFunctionBody('20270123000100_siting_suitability_near_ids.sql', 'siting_suitability', 'siting_old')};
    create function siting_old.as_role(claims text, q text) returns jsonb language plpgsql as $f$
    declare r jsonb;
    begin
      perform set_config('request.jwt.claims', claims, true);
      perform set_config('role', 'authenticated', true);
      execute q into r;
      return r;
    end $f$;
    -- old and new answers to one call, the symmetric difference of their suitable shapes (m²)
    create function siting_old.compare(area jsonb, distances jsonb) returns jsonb language plpgsql as $f$
    declare o jsonb; n jsonb;
    begin
      o := siting_old.siting_suitability(area, distances);
      n := public.siting_suitability(area, distances);
      return jsonb_build_object('old', o - 'suitable', 'new', n - 'suitable',
        'old_empty', o -> 'suitable' = 'null'::jsonb, 'new_empty', n -> 'suitable' = 'null'::jsonb,
        'sym_m2', coalesce(extensions.st_area(extensions.st_symdifference(
            coalesce(extensions.st_geomfromgeojson(nullif(o -> 'suitable', 'null'::jsonb)), extensions.st_setsrid('POLYGON EMPTY'::extensions.geometry, 4326)),
            coalesce(extensions.st_geomfromgeojson(nullif(n -> 'suitable', 'null'::jsonb)), extensions.st_setsrid('POLYGON EMPTY'::extensions.geometry, 4326)))::extensions.geography), 0));
    end $f$;
    grant execute on all functions in schema siting_old to authenticated, service_role;`)
  const { rows: bb } = await sql().query<{ b: { bbox: [number, number, number, number] } }>(`select public.dataset_info() as b`)
  const [w, s, e, n] = bb[0]!.b.bbox
  /** a blob of `k` vertices, radius ~`m` metres, around (lon, lat) */
  const blob = (lon: number, lat: number, m: number, k: number): string => {
    const ring = Array.from({ length: k }, (_, i) => {
      const a = (i / k) * 2 * Math.PI
      const r = m * (0.6 + 0.4 * rand())
      return [lon + (r * Math.cos(a)) / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + (r * Math.sin(a)) / 110_574]
    })
    return JSON.stringify({ type: 'Polygon', coordinates: [[...ring, ring[0]]] })
  }
  const distances = (): string =>
    JSON.stringify({
      high_sensitivity: Math.round(300 + rand() * 1200),
      important: Math.round(200 + rand() * 1000),
      general_1: Math.round(rand() * 600),
      general_2: Math.round(50 + rand() * 300),
      general_3: Math.round(rand() * 150),
    })
  const std = JSON.stringify({ high_sensitivity: 1000, important: 1000, general_1: 500, general_2: 300, general_3: 100 })
  calls = []
  // over the cluster: its centre, near it, its edge (mixed cells), with the standard and random distances
  for (let k = 0; k < 12; k++) {
    const [dx, dy] = [(rand() - 0.5) * 0.07, (rand() - 0.5) * 0.07]
    calls.push([blob(lon0 + dx, lat0 + dy, 300 + rand() * 1500, 6 + Math.floor(rand() * 10)), k % 2 ? std : distances()])
  }
  // the cluster's edge (~2.5σ out): partly suitable, many blocking targets
  for (let k = 0; k < 4; k++) {
    const [a, d] = [rand() * 2 * Math.PI, 0.03 + rand() * 0.015]
    calls.push([blob(lon0 + d * Math.cos(a), lat0 + d * Math.sin(a), 800 + rand() * 800, 10), std])
  }
  // a square over the whole cluster (a MultiPolygon of two parts, one with a hole)
  const sq = (x: number, y: number, d: number) => [
    [x - d, y - d],
    [x + d, y - d],
    [x + d, y + d],
    [x - d, y + d],
    [x - d, y - d],
  ]
  calls.push([
    JSON.stringify({ type: 'MultiPolygon', coordinates: [[sq(lon0, lat0, 0.02), sq(lon0, lat0, 0.005).reverse()], [sq(lon0 + 0.05, lat0, 0.01)]] }),
    std,
  ])
  // random places of the demo city (few blocking targets: the previous union)
  for (let k = 0; k < 4; k++) calls.push([blob(w + rand() * (e - w), s + rand() * (n - s), 500 + rand() * 2000, 8), distances()])
  // nothing blocks: every distance 0
  calls.push([blob(lon0, lat0, 1000, 8), '{"high_sensitivity": 0}'])
}, 180_000)

afterAll(async () => {
  await sql().exec('drop schema if exists siting_old cascade')
  await sql().query(`delete from public.protective_targets where name like $1 || ' %'`, [PREFIX])
})

interface Compared {
  i: number
  old: Record<string, number>
  new: Record<string, number>
  old_empty: boolean
  new_empty: boolean
  sym_m2: number
}

describe('siting_suitability by cells answers as the previous body', () => {
  for (const role of Object.keys(CLAIMS)) {
    it(`${role}: blocking targets, areas and the suitable shape`, async () => {
      const body = `select jsonb_agg(jsonb_build_object('i', i) || siting_old.compare(a, d) order by i) from (values ${calls
        .map(([a, d], i) => `(${i}, '${a}'::jsonb, '${d}'::jsonb)`)
        .join(',\n')}) v(i, a, d)`
      const { rows } = await sql().query<{ r: Compared[] }>(`select siting_old.as_role($1, $2) as r`, [JSON.stringify(CLAIMS[role]), body])
      const got = rows[0]!.r
      expect(got).toHaveLength(calls.length)
      let blocking = 0
      let partial = 0
      for (const g of got) {
        const what = `${role}: call ${g.i}`
        expect(g.new.blocking_targets, what).toBe(g.old.blocking_targets)
        expect(g.new.total_area_m2, what).toBe(g.old.total_area_m2)
        // the suitable area to 1 m² (the cells' edges are extra vertices: rounding of the last digit)
        expect(Math.abs(g.new.area_m2! - g.old.area_m2!), `${what}: area ${g.old.area_m2} → ${g.new.area_m2}`).toBeLessThanOrEqual(1)
        expect(g.new_empty, what).toBe(g.old_empty)
        expect(g.sym_m2, `${what}: symmetric difference`).toBeLessThan(1)
        blocking += g.new.blocking_targets!
        // partly suitable where the cells path is taken (over 500 blocking targets): mixed cells
        if (g.new.area_m2! > 0 && g.new.area_m2! < g.new.total_area_m2! && g.new.blocking_targets! > 500) partial++
      }
      // the comparison says something: targets block, and over the cluster the cells path is
      // taken (over 500 blocking targets), some areas partly suitable
      expect(blocking).toBeGreaterThan(0)
      if (role !== 'enterprise') {
        expect(got.filter((g) => g.new.blocking_targets! > 500).length).toBeGreaterThanOrEqual(3)
        expect(partial).toBeGreaterThanOrEqual(1)
      }
      // … and nothing blocks when every distance is 0
      expect(got[got.length - 1]!.new).toMatchObject({ blocking_targets: 0 })
      expect(got[got.length - 1]!.new.area_m2).toBe(got[got.length - 1]!.new.total_area_m2)
    }, 180_000)
  }

  it('refuses an area over 100 km² or a bounding box over 0.5°', async () => {
    const big = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [112.9, 22.4],
          [113.0, 22.4],
          [113.0, 22.5],
          [112.9, 22.5],
          [112.9, 22.4],
        ],
      ],
    })
    await expect(
      sql().query(`select siting_old.as_role($1, $2)`, [
        JSON.stringify(CLAIMS.planner),
        `select public.siting_suitability('${big}'::jsonb, '{"high_sensitivity": 1000}'::jsonb)`,
      ]),
    ).rejects.toThrow(/over the 100 km²/)
    // a thin diagonal strip (~7 km²) whose bounding box is ~0.6° × 0.6°
    const strip = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [112.6, 22.2],
          [113.2, 22.8],
          [113.2, 22.8001],
          [112.6, 22.2001],
          [112.6, 22.2],
        ],
      ],
    })
    await expect(
      sql().query(`select siting_old.as_role($1, $2)`, [
        JSON.stringify(CLAIMS.planner),
        `select public.siting_suitability('${strip}'::jsonb, '{"high_sensitivity": 1000}'::jsonb)`,
      ]),
    ).rejects.toThrow(/bounding box is over/)
  })
})
