// feature_at through the geography index (20270117000300_feature_at_by_index.sql) via supabase-js →
// PostgREST: for clicks near features of every layer (10–60 m off), the hit is the one an
// independent SQL computation picks (nearest within the radius by geodesic distance, the same
// tie rules), for an admin who may read every row; for an enterprise, the hit is a row it may
// read and the nearest of those within the radius (computed in SQL over the rows its own API
// reads return). A click where nothing lies within the radius hits nothing.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const LAYERS = [
  ['risk_points', 'location', ', x.level'],
  ['hidden_dangers', 'location', ''],
  ['protective_targets', 'geom', ''],
  ['hazard_sources', 'geom', ''],
  ['emergency_resources', 'location', ''],
  ['enterprises', 'location', ''],
] as const
const RADIUS = 80

let admin: SupabaseClient
let enterprise: SupabaseClient

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
})

/** Clicks 10–60 m off rows of the layer (deterministic: the first rows by id, offsets by index). */
async function clicks(table: string, col: string, n: number): Promise<[number, number][]> {
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(c) + (row_number() over (order by id) % 7 - 3) * 0.00012 as lon,
            extensions.st_y(c) + (row_number() over (order by id) % 5 - 2) * 0.00015 as lat
     from (select id, extensions.st_pointonsurface(${col}) c from public.${table} where ${col} is not null order by id limit ${n}) s`,
  )
  return rows.map((r) => [Number(r.lon), Number(r.lat)])
}

/**
 * The nearest rows within RADIUS of the click by geodesic distance, over all rows (or the given
 * ids): every row that ties for first by the order feature_at uses (other files of the shared
 * native database add rows at the same spots, and a tie has no defined winner).
 */
async function nearest(table: string, col: string, tie: string, lon: number, lat: number, ids: string[] | null): Promise<string[]> {
  const { rows } = await sql().query<{ id: string }>(
    `with c as (select extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326) p),
     within as (
       select x.id, x.${col} operator(extensions.<->) c.p as d${tie ? `, ${tie.slice(2)} as t` : ', 0 as t'}
       from public.${table} x, c
       where extensions.st_distance(x.${col}::extensions.geography, c.p::extensions.geography) <= $3
         ${table === 'hazard_sources' ? 'and x.enterprise_id is not null' : ''}
         and ($4::uuid[] is null or x.id = any ($4::uuid[])))
     select id from within w where (w.d, w.t) = (select d, t from within order by d, t limit 1)`,
    [lon, lat, RADIUS, ids],
  )
  return rows.map((r) => r.id)
}

async function hit(c: SupabaseClient, layer: string, lon: number, lat: number): Promise<string | null> {
  const { data, error } = await c.rpc('feature_at', { layer, lon, lat, radius_m: RADIUS })
  if (error) throw new Error(`${layer}: ${error.message}`)
  return data === null ? null : (data as { id: string }).id
}

describe('feature_at through the index', () => {
  for (const [layer, col, tie] of LAYERS) {
    it(`${layer}: an admin's click hits what the distance to every row picks`, async () => {
      const points = await clicks(layer, col, 12)
      expect(points.length).toBeGreaterThan(0)
      let hits = 0
      for (const [lon, lat] of points) {
        const want = await nearest(layer, col, tie, lon, lat, null)
        const got = await hit(admin, layer, lon, lat)
        if (want.length === 0) expect(got, `${layer} at ${lon},${lat}`).toBeNull()
        else expect(want, `${layer} at ${lon},${lat}: hit ${got}`).toContain(got)
        if (want.length) hits++
      }
      expect(hits).toBeGreaterThan(0)
      // nowhere near anything: the sea south of the city
      expect(await hit(admin, layer, 113.0, 21.2)).toBeNull()
    })
  }

  it('an enterprise hits only a row it may read, the nearest of those', async () => {
    const { data: own, error } = await enterprise.from('risk_points').select('id')
    expect(error).toBeNull()
    const ids = (own ?? []).map((r) => r.id as string)
    expect(ids.length).toBeGreaterThan(0)
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(location) + 0.0002 as lon, extensions.st_y(location) as lat from public.risk_points where id = any ($1::uuid[]) order by id limit 8`,
      [ids],
    )
    // and clicks at others' points near its own
    const { rows: others } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(location) as lon, extensions.st_y(location) as lat from public.risk_points where not (id = any ($1::uuid[])) order by id limit 8`,
      [ids],
    )
    for (const { lon, lat } of [...rows, ...others]) {
      const got = await hit(enterprise, 'risk_points', Number(lon), Number(lat))
      const want = await nearest('risk_points', 'location', ', x.level', Number(lon), Number(lat), ids)
      if (want.length === 0) expect(got, `${lon},${lat}`).toBeNull()
      else expect(want, `${lon},${lat}: hit ${got}`).toContain(got)
      if (got) expect(ids).toContain(got)
    }
  })
})
