// The areas of the active warnings (issue 18, migration 20261230000200) through supabase-js →
// gateway → PostgREST → PostgreSQL: public_warning_areas(bbox, zoom) gives anon exactly the
// published, unexpired regional warnings whose area meets the view (never drafts, withdrawn or
// expired ones, nor other kinds of notice), each with the union of its own polygon and the areas
// it names, checked against PostGIS on the stored rows; bad views and zooms are refused.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

interface Row {
  id: string
  title: string
  level: number
  area_codes: string[]
  area_names: string[]
  valid_until: string | null
  geometry: { type: string; coordinates: unknown } | null
  label_lon: number
  label_lat: number
}

const CITY = { west: 112.0, south: 21.4, east: 113.6, north: 23.0, zoom: 10 }
const TAG = `warning-areas-${Date.now().toString(36)}`
let regulator: SupabaseClient
let regulator2: SupabaseClient
let own: string
/** a square in 蓬江区 (outside the regulator's 江海区) that the test warning adds by polygon */
let square: { lon: number; lat: number }

const ids = (rows: Row[]) => rows.map((r) => r.id)

/** The ids SQL finds: published, unexpired regional warnings (their areas meeting the box). */
async function expected(b: typeof CITY): Promise<string[]> {
  const { rows } = await sql().query<{ id: string }>(
    `select n.id from public.public_notices n
     where n.status = 'published' and n.kind = 'regional_warning' and (n.valid_until is null or n.valid_until > now())
       and (extensions.st_intersects(n.geom, extensions.st_makeenvelope($1, $2, $3, $4, 4326))
         or exists (select 1 from public.areas a where a.code = any (n.area_codes)
                    and extensions.st_intersects(a.geom, extensions.st_makeenvelope($1, $2, $3, $4, 4326))))
     order by n.level, n.published_at desc, n.id`,
    [b.west, b.south, b.east, b.north],
  )
  return rows.map((r) => r.id)
}

beforeAll(async () => {
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  regulator2 = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000018c3',
    role: 'authenticated',
    aud: 'authenticated',
    email: 'regulator3@example.com',
    app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] },
  })
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = '440703') t`,
  )
  square = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
  const d = 0.004
  const polygon = {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [square.lon - d, square.lat - d],
          [square.lon + d, square.lat - d],
          [square.lon + d, square.lat + d],
          [square.lon - d, square.lat + d],
          [square.lon - d, square.lat - d],
        ],
      ],
    ],
  }
  // an admin's draft: a regulator's polygon must lie in its own district (migration 20270116000100)
  const admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  const ins = await admin
    .from('public_notices')
    .insert({
      kind: 'regional_warning',
      level: 1,
      title: `${TAG} 危化品泄漏红色预警`,
      body: '演示：请沿江企业做好应急准备。',
      area_codes: [DEMO_REGULATOR_AREA],
      geom: polygon,
      valid_until: new Date(Date.now() + 3_600_000).toISOString(),
    })
    .select('id')
    .single()
  if (ins.error) throw new Error(ins.error.message)
  own = ins.data.id as string
}, 120_000)

afterAll(async () => {
  // leave no live warning behind for the other files of a shared stack (a no-op when the last test withdrew it)
  if (own) await regulator.rpc('withdraw_notice', { id: own, reason: '测试结束，撤回预警' })
})

describe('public_warning_areas', () => {
  it('gives anon the published, unexpired warnings meeting the view, as SQL finds them, most severe first', async () => {
    const draftOnly = await anonClient().rpc('public_warning_areas', CITY)
    expect(draftOnly.error).toBeNull()
    expect(ids(draftOnly.data as Row[])).not.toContain(own)
    expect(ids(draftOnly.data as Row[])).toEqual(await expected(CITY))

    expect((await regulator2.rpc('publish_notice', { id: own })).error).toBeNull()
    const { data, error } = await anonClient().rpc('public_warning_areas', CITY)
    expect(error).toBeNull()
    const rows = data as Row[]
    expect(ids(rows)).toEqual(await expected(CITY))
    expect(ids(rows)[0]).toBe(own) // red first
    const levels = rows.map((r) => r.level)
    expect([...levels].sort()).toEqual(levels)
    // the seeded demo: the 江海区 orange and the city-wide yellow warning; never the expired 新会区 one
    const titles = rows.map((r) => r.title).join('\n')
    expect(titles).toContain('江海区大风橙色预警')
    expect(titles).toContain('江门市高温黄色预警')
    expect(titles).not.toContain('已过期')
    const { rows: other } = await sql().query<{ id: string }>(
      `select id from public.public_notices where status <> 'published' or kind <> 'regional_warning' or valid_until <= now()`,
    )
    for (const o of other) expect(ids(rows)).not.toContain(o.id)
  })

  it('an area is the union of the notice polygon and the areas it names, with a label inside and the area names', async () => {
    const { data } = await anonClient().rpc('public_warning_areas', CITY)
    const row = (data as Row[]).find((r) => r.id === own)!
    expect(row).toMatchObject({ level: 1, area_codes: [DEMO_REGULATOR_AREA], area_names: ['江海区'] })
    expect(row.geometry?.type).toBe('MultiPolygon')
    const { rows } = await sql().query<{ in_square: boolean; in_district: boolean; label_inside: boolean; area_ratio: number }>(
      `with g as (select extensions.st_setsrid(extensions.st_geomfromgeojson($1), 4326) g)
       select extensions.st_covers(g.g, extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)) in_square,
         extensions.st_covers(g.g, (select extensions.st_pointonsurface(geom) from public.areas where code = $4)) in_district,
         extensions.st_covers(g.g, extensions.st_setsrid(extensions.st_makepoint($5, $6), 4326)) label_inside,
         extensions.st_area(g.g) / (select extensions.st_area(extensions.st_union(a.geom, n.geom))
            from public.areas a, public.public_notices n where a.code = $4 and n.id = $7) area_ratio
       from g`,
      [JSON.stringify(row.geometry), square.lon, square.lat, DEMO_REGULATOR_AREA, row.label_lon, row.label_lat, own],
    )
    expect(rows[0]).toMatchObject({ in_square: true, in_district: true, label_inside: true })
    // simplified for zoom 10 (~150 m), the area stays within 2 % of the exact union
    expect(Math.abs(Number(rows[0]!.area_ratio) - 1)).toBeLessThan(0.02)
  })

  it('a view away from every warning area is empty; a withdrawn warning leaves at once', async () => {
    const far = { west: 100, south: 30, east: 100.1, north: 30.1, zoom: 12 }
    const { data, error } = await anonClient().rpc('public_warning_areas', far)
    expect(error).toBeNull()
    expect(data).toEqual([])
    // just the square in 蓬江区 (not the regulator's district): only the test warning reaches it among those naming 江海区
    const d = 0.001
    const box = { west: square.lon - d, south: square.lat - d, east: square.lon + d, north: square.lat + d, zoom: 14 }
    const here = await anonClient().rpc('public_warning_areas', box)
    expect(ids(here.data as Row[])).toContain(own)
    expect(ids(here.data as Row[])).toEqual(await expected({ ...box }))
    expect((await regulator.rpc('withdraw_notice', { id: own, reason: '测试结束，撤回预警' })).error).toBeNull()
    const after = await anonClient().rpc('public_warning_areas', box)
    expect(ids(after.data as Row[])).not.toContain(own)
  })

  it('refuses a bad view or zoom with a clear message', async () => {
    const nan = await anonClient().rpc('public_warning_areas', { ...CITY, west: 'NaN' })
    expect(nan.error?.message).toMatch(/不是数字/)
    const empty = await anonClient().rpc('public_warning_areas', { ...CITY, west: 113.7 })
    expect(empty.error?.message).toMatch(/bounding box is empty/)
    const zoom = await anonClient().rpc('public_warning_areas', { ...CITY, zoom: 40 })
    expect(zoom.error?.message).toMatch(/^zoom：须在 0 到 24 之间/)
    const noZoom = await anonClient().rpc('public_warning_areas', { ...CITY, zoom: null })
    expect(noZoom.error?.code).toBe('22023')
  })
})
