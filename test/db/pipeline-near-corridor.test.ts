// app.pipeline_near_targets restated (20270224000100): the targets near each segment of a line are
// found through a planar corridor on the geometry index, then measured on the spheroid as before.
// The answer must not change: the previous body (20261212000100, run from a scratch schema) and the
// new one are compared pair by pair, for the radii the app asks (5 m encroachments, 200 m with the
// impact radius, others), on lines of short segments and one 0.5° segment (its great-circle arc
// bulges ~20 m off the straight lon/lat segment), with targets placed on the spheroid at 0.5 m
// inside and outside each radius, points and polygons. A variant of the new body without its margin
// for that bulge must miss targets here: the fixture can see the difference it guards against.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Geodesic } from 'geographiclib-geodesic'
import { readFileSync } from 'node:fs'
import { sql, useStack } from '../helpers/stack.ts'
import { previousFunctionBody } from '../helpers/previous-body.ts'

useStack()

const PREFIX = '测试管道走廊'
const PREV = 'near_corridor_prev'
const NARROW = 'near_corridor_narrow'
const MIGRATION = '20270224000100_pipeline_near_targets_corridor.sql'

// [lon, lat] vertices; G is one long diagonal segment, H a zigzag of short ones
const LINES: Record<string, Array<[number, number]>> = {
  G: [
    [112.6, 22.3],
    [113.0, 22.62],
  ],
  H: [
    [113.13, 22.5],
    [113.14, 22.51],
    [113.13, 22.52],
    [113.145, 22.53],
    [113.13, 22.55],
  ],
}
const RADII = [4.501, 5.001, 50, 200, 600]

const cleanup = async () => {
  await sql().exec(`
    delete from public.pipelines where name like '${PREFIX}%';
    delete from public.protective_targets where name like '${PREFIX}%';
    drop schema if exists ${PREV} cascade;
    drop schema if exists ${NARROW} cascade;`)
}

/** Targets off each line, on the spheroid: at d metres (either side) of a point of its geodesic. */
function targets(): Array<{ name: string; lon: number; lat: number; poly: boolean }> {
  const g = Geodesic.WGS84
  const out: Array<{ name: string; lon: number; lat: number; poly: boolean }> = []
  let seed = 7
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  for (const [key, v] of Object.entries(LINES)) {
    for (let k = 0; k + 1 < v.length; k++) {
      const line = g.InverseLine(v[k]![1], v[k]![0], v[k + 1]![1], v[k + 1]![0])
      const n = key === 'G' ? 90 : 24
      for (let i = 0; i < n; i++) {
        // away from the vertices, where the nearest point of the line is on this segment
        const p = line.Position(line.s13! * (0.05 + 0.9 * rnd()))
        const off = RADII[i % RADII.length]! + (i % 2 ? 0.5 : -0.5) + (i % 7 === 0 ? 40 * rnd() : 0)
        const side = rnd() < 0.5 ? 90 : -90
        const q = g.Direct(p.lat2!, p.lon2!, p.azi2! + side, off)
        out.push({ name: `${PREFIX} ${key}${k}-${i}`, lon: q.lon2!, lat: q.lat2!, poly: i % 11 === 0 })
      }
    }
  }
  return out
}

beforeAll(async () => {
  await cleanup()
  for (const [key, v] of Object.entries(LINES)) {
    await sql().query(
      `insert into public.pipelines (name, medium, diameter_mm, pressure_mpa, geom)
       values ($1, 'natural_gas', 610, 6.3, extensions.st_geomfromtext($2, 4326))`,
      [`${PREFIX} ${key}`, `MULTILINESTRING((${v.map(([x, y]) => `${x} ${y}`).join(',')}))`],
    )
  }
  const ts = targets()
  await sql().query(
    `insert into public.protective_targets (name, target_class, type_code, population, geom)
     select t.name, 'high_sensitivity', 'school', 300,
       case when t.poly then extensions.st_expand(extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326), 0.00002)
         else extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326) end
     from jsonb_to_recordset($1::jsonb) t(name text, lon float8, lat float8, poly boolean)`,
    [JSON.stringify(ts)],
  )
  const current = readFileSync(new URL(`../../supabase/migrations/${MIGRATION}`, import.meta.url), 'utf8')
  const narrow = previousFunctionBody(MIGRATION, 'pipeline_near_targets', NARROW, 'app').replace('+ 0.002 * extensions.st_length(s.geom) ^ 2', '')
  expect(current).toContain('+ 0.002 * extensions.st_length(s.geom) ^ 2')
  await sql().exec(`
    create schema ${PREV};
    ${previousFunctionBody('20261212000100_pipelines.sql', 'pipeline_near_targets', PREV, 'app')}
    create schema ${NARROW};
    ${narrow}`)
}, 120_000)
afterAll(cleanup)

type Pair = { pipeline_id: string; target_id: string }
async function pairs(schema: string, radius: number, impact: boolean): Promise<string[]> {
  const { rows } = await sql().query<Pair>(
    `select pipeline_id, target_id from ${schema}.pipeline_near_targets(
       (select array_agg(id) from public.pipelines where name like '${PREFIX}%'), $1, $2)`,
    [radius, impact],
  )
  return rows.map((r) => `${r.pipeline_id}/${r.target_id}`).sort()
}

describe('app.pipeline_near_targets through a planar corridor', () => {
  for (const r of [5.001, 50, 200]) {
    for (const impact of [false, true]) {
      it(`finds the same (line, target) pairs as the previous body: ${r} m${impact ? ' or the impact radius' : ''}`, async () => {
        const before = await pairs(PREV, r, impact)
        const after = await pairs('app', r, impact)
        expect(before.length).toBeGreaterThan(10)
        expect(after).toEqual(before)
      })
    }
  }

  it('the fixture has targets just inside and just outside the radius, on both lines', async () => {
    const { rows } = await sql().query<{ line: string; inside: number; outside: number }>(`
      select p.name as line,
        count(*) filter (where d between 4.5 and 5.001)::int as inside,
        count(*) filter (where d > 5.001 and d < 5.6)::int as outside
      from public.pipelines p
      cross join lateral (
        select extensions.st_distance(t.geom::extensions.geography, p.geom::extensions.geography) as d
        from public.protective_targets t where t.name like '${PREFIX}%') t
      where p.name like '${PREFIX}%'
      group by p.name`)
    expect(rows).toHaveLength(2)
    for (const r of rows) {
      expect(r.inside, r.line).toBeGreaterThan(2)
      expect(r.outside, r.line).toBeGreaterThan(2)
    }
  })

  it('without the margin for the great-circle bulge the corridor would miss targets of the long segment', async () => {
    const full = await pairs('app', 5.001, false)
    const narrow = await pairs(NARROW, 5.001, false)
    expect(narrow.length).toBeLessThan(full.length)
  })
})
