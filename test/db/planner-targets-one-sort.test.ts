// planner_targets built from one sorted read (20270206000100_planner_targets_one_sort.sql) through
// supabase-js → PostgREST: for boxes over the demo city, the planner's tile equals, value for value,
// the tile the previous body built (seven per-column jsonb_agg(... order by id), computed here in
// SQL over the same box), so the browser's column arrays are unchanged; an enterprise's tile is the
// planner's restricted to the targets it may see, every column still aligned with its id.
import { beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

interface Tile {
  count: number
  id: string[]
  class: number[]
  population: (number | null)[]
  lon: number[]
  lat: number[]
  shape: unknown[]
}

let planner: SupabaseClient
let enterprise: SupabaseClient
beforeAll(async () => {
  planner = await signIn(demoUser('planner').email, demoUser('planner').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
}, 120_000)

/** The previous body's aggregate over the box, every target (the planner's view). */
async function previous(w: number, s: number, e: number, n: number): Promise<Tile> {
  const { rows } = await sql().query<{ r: Tile }>(
    `select jsonb_build_object(
      'count', count(*),
      'id', coalesce(jsonb_agg(t.id order by t.id), '[]'),
      'class', coalesce(jsonb_agg(array_position(enum_range(null::public.protective_class), t.target_class) order by t.id), '[]'),
      'population', coalesce(jsonb_agg(t.population order by t.id), '[]'),
      'lon', coalesce(jsonb_agg(round(extensions.st_x(t.location)::numeric, 7) order by t.id), '[]'),
      'lat', coalesce(jsonb_agg(round(extensions.st_y(t.location)::numeric, 7) order by t.id), '[]'),
      'shape', coalesce(jsonb_agg(case when extensions.geometrytype(t.geom) = 'POINT' then null
          else (extensions.st_asgeojson(extensions.st_multi(t.geom), 7)::jsonb -> 'coordinates') end order by t.id), '[]')) r
     from public.protective_targets t
     where t.geom operator(extensions.&&) extensions.st_makeenvelope($1, $2, $3, $4, 4326)`,
    [w, s, e, n],
  )
  return rows[0]!.r
}

const tile = async (client: SupabaseClient, [w, s, e, n]: number[]): Promise<Tile> => {
  const { data, error } = await client.rpc('planner_targets', { west: w, south: s, east: e, north: n })
  expect(error).toBeNull()
  return data as Tile
}

describe('planner_targets from one sorted read', () => {
  it('the planner’s tiles equal the previous body’s, value for value (points and polygons, an empty box)', async () => {
    // tiles over the demo city's targets: the densest 0.2° box, one holding polygon targets, and sea
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `(select extensions.st_x(location) lon, extensions.st_y(location) lat from public.protective_targets
         where extensions.geometrytype(geom) <> 'POINT' order by id limit 1)
       union all
       (select avg(extensions.st_x(location)), avg(extensions.st_y(location)) from public.protective_targets)`,
    )
    const boxes = rows.map((r) => [Number(r.lon) - 0.099, Number(r.lat) - 0.099, Number(r.lon) + 0.099, Number(r.lat) + 0.099])
    boxes.push([112.2, 21.0, 112.3, 21.1])
    let polygons = 0
    let total = 0
    for (const b of boxes) {
      const got = await tile(planner, b)
      expect(got).toEqual(await previous(b[0]!, b[1]!, b[2]!, b[3]!))
      polygons += got.shape.filter((x) => x !== null).length
      total += got.count
    }
    expect(total).toBeGreaterThan(50)
    expect(polygons).toBeGreaterThan(0)
    expect((await tile(planner, boxes[2]!)).count).toBe(0)
  }, 120_000)

  it('an enterprise’s tile is the planner’s restricted to the targets near its sites, each column aligned with its id', async () => {
    // the enterprise's first site, and a box around it
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(e.location) lon, extensions.st_y(e.location) lat from public.enterprises e
        where e.id = $1`,
      [DEMO_ENTERPRISE_ID],
    )
    const [lon, lat] = [Number(rows[0]!.lon), Number(rows[0]!.lat)]
    const box = [lon - 0.099, lat - 0.099, lon + 0.099, lat + 0.099]
    const all = await tile(planner, box)
    const mine = await tile(enterprise, box)
    expect(mine.count).toBeGreaterThan(0)
    expect(mine.count).toBeLessThan(all.count)
    const at = new Map(all.id.map((id, i) => [id, i]))
    mine.id.forEach((id, k) => {
      const i = at.get(id)
      expect(i, id).toBeDefined()
      expect([mine.class[k], mine.population[k], mine.lon[k], mine.lat[k], mine.shape[k]]).toEqual([
        all.class[i!],
        all.population[i!],
        all.lon[i!],
        all.lat[i!],
        all.shape[i!],
      ])
    })
    expect(mine.id).toEqual([...mine.id].sort())
  }, 120_000)
})
