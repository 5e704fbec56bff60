// An enterprise's 5 km context kept as a table (migration 20261204200100): the protective
// targets and emergency resources within 5 km (geodesic) of its sites, kept by triggers as
// sites, targets and resources move, and read by the enterprise policies as an indexed lookup.
// Each check compares the kept table and what the enterprise reads through the API with the
// geodesic computation done independently in superuser SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

type Table = 'protective_targets' | 'emergency_resources'
const COL: Record<Table, string> = { protective_targets: 'geom', emergency_resources: 'location' }
const KEPT: Record<Table, [string, string]> = {
  protective_targets: ['app.enterprise_context_targets', 'target_id'],
  emergency_resources: ['app.enterprise_context_resources', 'resource_id'],
}

/** Ids within 5 km of the enterprise's sites (its location and its hazard sources), geodesic. */
async function expected(table: Table, enterpriseId: string): Promise<string[]> {
  const { rows } = await sql().query<{ id: string }>(
    `
    select x.id from public.${table} x
    where exists (select 1 from public.enterprises e where e.id = $1
                    and extensions.st_dwithin(x.${COL[table]}::extensions.geography, e.location::extensions.geography, 5000))
       or exists (select 1 from public.hazard_sources h where h.enterprise_id = $1
                    and extensions.st_dwithin(x.${COL[table]}::extensions.geography, h.geom::extensions.geography, 5000))
    order by 1`,
    [enterpriseId],
  )
  return rows.map((r) => r.id)
}

async function kept(table: Table, enterpriseId: string): Promise<string[]> {
  const [tbl, col] = KEPT[table]
  const { rows } = await sql().query<{ id: string }>(`select ${col} as id from ${tbl} where enterprise_id = $1 order by 1`, [enterpriseId])
  return rows.map((r) => r.id)
}

async function visible(client: SupabaseClient, table: Table): Promise<string[]> {
  const { data, error } = await client.from(table).select('id').order('id').limit(1000)
  if (error) throw new Error(`${table}: ${error.message}`)
  return (data as Array<{ id: string }>).map((r) => r.id)
}

let enterprise: SupabaseClient

/** The kept context, what the enterprise reads and the geodesic truth are the same sets. */
async function expectConsistent(label: string): Promise<void> {
  for (const table of ['protective_targets', 'emergency_resources'] as const) {
    const truth = await expected(table, DEMO_ENTERPRISE_ID)
    expect(await kept(table, DEMO_ENTERPRISE_ID), `${label}: kept ${table}`).toEqual(truth)
    expect(await visible(enterprise, table), `${label}: ${table} read by the enterprise`).toEqual(truth)
  }
}

// a site of the demo enterprise: one of its hazard sources
let source: { id: string; geom: string; lon: number; lat: number }
let enterpriseLocation: string
const created: Array<[Table, string]> = []

beforeAll(async () => {
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
  const { rows } = await sql().query<{ id: string; geom: string; lon: number; lat: number }>(
    `
    select id, extensions.st_asewkt(geom) as geom, extensions.st_x(location) as lon, extensions.st_y(location) as lat
    from public.hazard_sources where enterprise_id = $1 order by id limit 1`,
    [DEMO_ENTERPRISE_ID],
  )
  source = rows[0]!
  const { rows: e } = await sql().query<{ loc: string }>(`select extensions.st_asewkt(location) as loc from public.enterprises where id = $1`, [
    DEMO_ENTERPRISE_ID,
  ])
  enterpriseLocation = e[0]!.loc
}, 120_000)

afterAll(async () => {
  await sql().query(`update public.hazard_sources set geom = extensions.st_geomfromewkt($2) where id = $1`, [source.id, source.geom])
  await sql().query(`update public.enterprises set location = extensions.st_geomfromewkt($2) where id = $1`, [DEMO_ENTERPRISE_ID, enterpriseLocation])
  for (const [table, id] of created) await sql().query(`delete from public.${table} where id = $1`, [id])
})

describe('the kept 5 km context of an enterprise with an account', () => {
  it('is kept for the demo enterprise and matches the geodesic computation', async () => {
    const { rows } = await sql().query(`select 1 from app.enterprise_context_kept where enterprise_id = $1`, [DEMO_ENTERPRISE_ID])
    expect(rows).toHaveLength(1)
    expect((await kept('protective_targets', DEMO_ENTERPRISE_ID)).length).toBeGreaterThan(0)
    await expectConsistent('as seeded')
  })

  it('follows a site (hazard source) moved away and back', async () => {
    const before = await kept('protective_targets', DEMO_ENTERPRISE_ID)
    // 0.5° east: about 50 km, out of the 5 km of everything near its old place
    await sql().query(`update public.hazard_sources set geom = extensions.st_translate(geom, 0.5, 0) where id = $1`, [source.id])
    await expectConsistent('source moved')
    await sql().query(`update public.hazard_sources set geom = extensions.st_geomfromewkt($2) where id = $1`, [source.id, source.geom])
    await expectConsistent('source moved back')
    expect(await kept('protective_targets', DEMO_ENTERPRISE_ID)).toEqual(before)
  })

  it("follows the enterprise's own location", async () => {
    await sql().query(`update public.enterprises set location = extensions.st_translate(location, -0.3, 0.1) where id = $1`, [DEMO_ENTERPRISE_ID])
    await expectConsistent('enterprise moved')
    await sql().query(`update public.enterprises set location = extensions.st_geomfromewkt($2) where id = $1`, [DEMO_ENTERPRISE_ID, enterpriseLocation])
    await expectConsistent('enterprise moved back')
  })

  it('follows targets and resources added near a site, moved out, moved in and deleted', async () => {
    const near = `SRID=4326;POINT(${source.lon + 0.01} ${source.lat})` // ~1 km east of the site
    const { rows: t } = await sql().query<{ id: string }>(
      `
      insert into public.protective_targets (name, target_class, type_code, population, geom)
      values ('上下文测试学校', 'high_sensitivity', 'school', 300, extensions.st_geomfromewkt($1)) returning id`,
      [near],
    )
    const { rows: r } = await sql().query<{ id: string }>(
      `
      insert into public.emergency_resources (name, resource_type, location)
      values ('上下文测试消防站', 'fire_station', extensions.st_geomfromewkt($1)) returning id`,
      [near],
    )
    const targetId = t[0]!.id
    const resourceId = r[0]!.id
    created.push(['protective_targets', targetId], ['emergency_resources', resourceId])
    expect(await kept('protective_targets', DEMO_ENTERPRISE_ID)).toContain(targetId)
    expect(await visible(enterprise, 'emergency_resources')).toContain(resourceId)
    await expectConsistent('added near')

    await sql().query(`update public.protective_targets set geom = extensions.st_translate(geom, 0.6, 0) where id = $1`, [targetId])
    await sql().query(`update public.emergency_resources set location = extensions.st_translate(location, 0.6, 0) where id = $1`, [resourceId])
    expect(await visible(enterprise, 'protective_targets')).not.toContain(targetId)
    expect(await visible(enterprise, 'emergency_resources')).not.toContain(resourceId)
    await expectConsistent('moved out')

    await sql().query(`update public.protective_targets set geom = extensions.st_geomfromewkt($2) where id = $1`, [targetId, near])
    await sql().query(`update public.emergency_resources set location = extensions.st_geomfromewkt($2) where id = $1`, [resourceId, near])
    expect(await visible(enterprise, 'protective_targets')).toContain(targetId)
    await expectConsistent('moved back in')

    // an update that does not move it keeps it
    await sql().query(`update public.protective_targets set population = 301 where id = $1`, [targetId])
    expect(await kept('protective_targets', DEMO_ENTERPRISE_ID)).toContain(targetId)

    await sql().query(`delete from public.protective_targets where id = $1`, [targetId])
    await sql().query(`delete from public.emergency_resources where id = $1`, [resourceId])
    expect(await kept('protective_targets', DEMO_ENTERPRISE_ID)).not.toContain(targetId)
    await expectConsistent('deleted')
  })

  it('a hazard source added and deleted brings its neighbourhood and takes it away', async () => {
    // far from the enterprise's other sites, so its neighbourhood is new
    const { rows: far } = await sql().query<{ lon: number; lat: number }>(
      `
      select extensions.st_x(t.location) as lon, extensions.st_y(t.location) as lat from public.protective_targets t
      where not exists (select 1 from app.enterprise_context_targets c where c.enterprise_id = $1 and c.target_id = t.id)
      order by t.id limit 1`,
      [DEMO_ENTERPRISE_ID],
    )
    const { rows } = await sql().query<{ id: string }>(
      `
      insert into public.hazard_sources (enterprise_id, name, unit_type, geom)
      values ($1, '上下文测试储罐', 'storage', extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)) returning id`,
      [DEMO_ENTERPRISE_ID, far[0]!.lon, far[0]!.lat],
    )
    const before = (await kept('protective_targets', DEMO_ENTERPRISE_ID)).length
    await expectConsistent('source added')
    await sql().query(`delete from public.hazard_sources where id = $1`, [rows[0]!.id])
    await expectConsistent('source deleted')
    expect((await kept('protective_targets', DEMO_ENTERPRISE_ID)).length).toBeLessThan(before)
  })
})

describe('enterprises without a kept context, and new accounts', () => {
  it('an enterprise id in a token without an account reads the same geodesic context (fallback)', async () => {
    const { rows } = await sql().query<{ id: string }>(
      `
      select e.id from public.enterprises e
      where e.id <> $1 and not exists (select 1 from app.enterprise_context_kept k where k.enterprise_id = e.id)
        and exists (select 1 from public.hazard_sources h where h.enterprise_id = e.id)
      order by e.id limit 1`,
      [DEMO_ENTERPRISE_ID],
    )
    const other = rows[0]!.id
    const client = await clientWithClaims({ role: 'authenticated', sub: crypto.randomUUID(), app_metadata: { app_role: 'enterprise', enterprise_id: other } })
    for (const table of ['protective_targets', 'emergency_resources'] as const) {
      expect(await visible(client, table), table).toEqual(await expected(table, other))
    }
  })

  it('an account naming an enterprise has its context built, equal to the geodesic one', async () => {
    const { rows } = await sql().query<{ id: string }>(`
      select e.id from public.enterprises e
      where not exists (select 1 from app.enterprise_context_kept k where k.enterprise_id = e.id)
      order by e.id desc limit 1`)
    const ent = rows[0]!.id
    const userId = crypto.randomUUID()
    await sql().query(
      `insert into auth.users (id, aud, role, email, raw_app_meta_data)
      values ($1, 'authenticated', 'authenticated', $2, $3::jsonb)`,
      [userId, `ctx-${userId.slice(0, 8)}@example.test`, JSON.stringify({ app_role: 'enterprise', enterprise_id: ent })],
    )
    try {
      for (const table of ['protective_targets', 'emergency_resources'] as const) {
        expect(await kept(table, ent), table).toEqual(await expected(table, ent))
      }
      const client = await clientWithClaims({ role: 'authenticated', sub: userId, app_metadata: { app_role: 'enterprise', enterprise_id: ent } })
      expect(await visible(client, 'protective_targets')).toEqual(await expected('protective_targets', ent))
    } finally {
      await sql().query(`delete from auth.users where id = $1`, [userId])
    }
  })
})

describe('nobody reads the context tables directly', () => {
  it('they are not in the API (schema app is not exposed)', async () => {
    const { data, error } = await enterprise.schema('app').from('enterprise_context_targets').select('target_id').limit(1)
    expect(data).toBeNull()
    expect(error).not.toBeNull()
  })

  it("RLS: as an API role, at most the caller's own enterprise's rows", async () => {
    // one function call that switches role (local to its transaction) and reads
    const count = async (claims: Record<string, unknown>): Promise<{ own: number; all: number }> => {
      const { rows } = await sql().query<{ r: { own: number; all: number } }>(
        `
        select app_ctx_test_count($1) as r`,
        [JSON.stringify(claims)],
      )
      return rows[0]!.r
    }
    await sql().exec(`
      create or replace function public.app_ctx_test_count(claims text) returns jsonb language plpgsql as $f$
      declare own int; total int;
      begin
        perform set_config('request.jwt.claims', claims, true);
        perform set_config('role', 'authenticated', true);
        select count(*) filter (where enterprise_id = (claims::jsonb -> 'app_metadata' ->> 'enterprise_id')::uuid), count(*)
          into own, total from app.enterprise_context_targets;
        return jsonb_build_object('own', own, 'all', total);
      exception when insufficient_privilege then
        return jsonb_build_object('own', -1, 'all', -1);
      end $f$;`)
    try {
      const ent = await count({ role: 'authenticated', app_metadata: { app_role: 'enterprise', enterprise_id: DEMO_ENTERPRISE_ID } })
      // no grant to authenticated at all, or RLS: either way nothing beyond its own
      expect(ent.all === -1 || ent.all === ent.own).toBe(true)
      const planner = await count({ role: 'authenticated', app_metadata: { app_role: 'planner' } })
      expect(planner.all === -1 || planner.all === 0).toBe(true)
    } finally {
      await sql().exec('drop function if exists public.app_ctx_test_count(text)')
    }
  })
})
