// feature_card(layer, id): the card of one feature by id (what links into the one map open),
// and feature_at rewritten on top of it. Through supabase-js → PostgREST → PostgreSQL.
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql } from '../helpers/stack.ts'
import { DEMO_USERS, DEMO_ENTERPRISE_ID } from '../../supabase/seed/demo-users.ts'

const LAYERS = {
  risk_points: 'location',
  hidden_dangers: 'location',
  protective_targets: 'geom',
  hazard_sources: 'geom',
  emergency_resources: 'location',
  enterprises: 'location',
} as const
type Layer = keyof typeof LAYERS

const as: Record<string, SupabaseClient> = {}
beforeAll(async () => {
  for (const role of ['admin', 'enterprise']) {
    const u = DEMO_USERS.find((x) => x.role === role)!
    as[role] = await signIn(u.email, u.password)
  }
})

async function card(client: SupabaseClient, layer: string, id: string) {
  const { data, error } = await client.rpc('feature_card', { layer, id })
  if (error) throw Object.assign(new Error(error.message), { code: error.code })
  return data as Record<string, unknown> | null
}

describe('feature_card', () => {
  it.each(Object.keys(LAYERS) as Layer[])('%s: by id, the same card feature_at gives at the feature when it is alone there', async (layer) => {
    const geom = LAYERS[layer]
    // features with no other feature of the layer within 2 m, so feature_at at their position is unambiguous
    const { rows } = await sql().query<{ id: string; lon: number; lat: number }>(
      `select x.id, extensions.st_x(extensions.st_pointonsurface(x.${geom})) as lon, extensions.st_y(extensions.st_pointonsurface(x.${geom})) as lat
       from public.${layer} x
       where not exists (select 1 from public.${layer} o where o.id <> x.id
         and extensions.st_dwithin(o.${geom}::extensions.geography, x.${geom}::extensions.geography, 2))
       order by x.id limit 3`,
    )
    expect(rows.length).toBe(3)
    for (const r of rows) {
      const byId = await card(as.admin, layer, r.id)
      expect(byId?.id).toBe(r.id)
      expect(byId?.layer).toBe(layer)
      const { data: at, error } = await as.admin.rpc('feature_at', { layer, lon: Number(r.lon), lat: Number(r.lat), radius_m: 1 })
      expect(error).toBeNull()
      expect(at).toEqual(byId)
    }
  })

  it('opens each of two features at the same position (where feature_at can only give one)', async () => {
    const { rows } = await sql().query<{ a: string; b: string }>(
      `select x.id as a, o.id as b from public.hidden_dangers x join public.hidden_dangers o
         on o.id > x.id and extensions.st_equals(o.location, x.location) limit 1`,
    )
    if (rows.length === 0) {
      // the demo has no co-located pair: make one from an existing danger's position (service-side insert)
      const { rows: src } = await sql().query<{ id: string; lon: number; lat: number; enterprise_id: string | null }>(
        `select id, extensions.st_x(location) as lon, extensions.st_y(location) as lat, enterprise_id
         from public.hidden_dangers order by id limit 1`,
      )
      const { rows: twin } = await sql().query<{ id: string }>(
        `insert into public.hidden_dangers (title, location, enterprise_id)
         values ('同位置测试隐患', extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), $3) returning id`,
        [src[0].lon, src[0].lat, src[0].enterprise_id],
      )
      rows.push({ a: src[0].id, b: twin[0].id })
    }
    const { a, b } = rows[0]
    expect((await card(as.admin, 'hidden_dangers', a))?.id).toBe(a)
    expect((await card(as.admin, 'hidden_dangers', b))?.id).toBe(b)
  })

  it("follows RLS: an enterprise user gets its own risk point, and null for another enterprise's", async () => {
    const { rows: own } = await sql().query<{ id: string }>(`select id from public.risk_points where enterprise_id = $1 order by id limit 1`, [
      DEMO_ENTERPRISE_ID,
    ])
    const { rows: other } = await sql().query<{ id: string }>(`select id from public.risk_points where enterprise_id is distinct from $1 order by id limit 1`, [
      DEMO_ENTERPRISE_ID,
    ])
    expect(own.length).toBe(1)
    expect((await card(as.enterprise, 'risk_points', own[0].id))?.id).toBe(own[0].id)
    expect(await card(as.enterprise, 'risk_points', other[0].id)).toBeNull()
    expect((await card(as.admin, 'risk_points', other[0].id))?.id).toBe(other[0].id)
  })

  it('refuses the public, an unknown layer and a missing id, and gives null for an id that does not exist', async () => {
    const { rows } = await sql().query<{ id: string }>(`select id from public.hazard_sources order by id limit 1`)
    const anon = await anonClient().rpc('feature_card', { layer: 'hazard_sources', id: rows[0].id })
    expect(anon.error?.code).toBe('42501')
    await expect(card(as.admin, 'schools', rows[0].id)).rejects.toThrow(/unknown layer "schools"/)
    await expect(card(as.admin, 'hazard_sources', null as unknown as string)).rejects.toThrow(/id is required/)
    expect(await card(as.admin, 'hazard_sources', '00000000-0000-4000-8000-000000000000')).toBeNull()
  })
})
