// A polygon as a notice's area (issue 18, migration 20270116000100_notice_polygon.sql) through
// supabase-js → gateway → PostgREST → PostgreSQL: a regulator's polygon inside its jurisdiction is
// accepted (stored as a MultiPolygon, its area_code derived from it, no area codes added), one in
// another district refused (42501) while an admin's there is accepted; outside the city,
// self-intersecting, too many vertices (at the bound), too small or too large an area, and not a
// polygon are refused (22023) with the Chinese words first; the form's mirror
// (src/domain/noticeArea.ts) refuses the same. Published, the public's warnings at a point inside
// the polygon hold it and at a point of the same district outside it do not (checked against
// ST_Covers on the stored row); by area code, the polygon's district holds it and another does not;
// the wall's warning area is the polygon, not the district. The public still cannot write.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Position } from 'geojson'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'
import { checkNoticeArea, closeRing, NOTICE_AREA_LIMITS } from '../../src/domain/noticeArea.ts'

useStack()

const TAG = `notice-polygon-${Date.now().toString(36)}`
/** 蓬江区: a district outside the demo regulator's 江海区 */
const OTHER_AREA = '440703'
let regulator: SupabaseClient
let regulator2: SupabaseClient
let admin: SupabaseClient
/** the centre and radius (degrees) of the largest circle inside a district */
const inside: Record<string, { lon: number; lat: number; r: number }> = {}
const made: string[] = []

const square = (c: { lon: number; lat: number }, d: number) => ({
  type: 'Polygon',
  coordinates: [
    closeRing([
      [c.lon - d, c.lat - d],
      [c.lon + d, c.lat - d],
      [c.lon + d, c.lat + d],
      [c.lon - d, c.lat + d],
    ]),
  ],
})
/** a ring of n positions (the closing one included) round a centre */
const circle = (c: { lon: number; lat: number }, r: number, n: number) => ({
  type: 'Polygon',
  coordinates: [
    closeRing(
      Array.from({ length: n - 1 }, (_, i): Position => [c.lon + r * Math.cos((2 * Math.PI * i) / (n - 1)), c.lat + r * Math.sin((2 * Math.PI * i) / (n - 1))]),
    ),
  ],
})

async function insert(client: SupabaseClient, geom: unknown, extra: Record<string, unknown> = {}) {
  const res = await client
    .from('public_notices')
    .insert({ kind: 'regional_warning', level: 2, title: `${TAG} 划定区域预警`, body: '演示：划定区域内请做好防范。', area_codes: [], geom, ...extra })
    .select('id, area_codes, area_code')
    .single()
  if (res.data) made.push(res.data.id as string)
  return res
}

async function stored(id: string) {
  const { rows } = await sql().query<{ type: string; srid: number; npoints: number; area_codes: string[]; area_code: string }>(
    `select extensions.geometrytype(geom) type, extensions.st_srid(geom) srid, extensions.st_npoints(geom) npoints, area_codes, area_code
     from public.public_notices where id = $1`,
    [id],
  )
  return rows[0]!
}

beforeAll(async () => {
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator2 = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000018d4',
    role: 'authenticated',
    aud: 'authenticated',
    email: 'regulator4@example.com',
    app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] },
  })
  const { rows } = await sql().query<{ code: string; lon: number; lat: number; r: number }>(
    `select a.code, extensions.st_x(c.center) lon, extensions.st_y(c.center) lat, c.radius r
     from public.areas a, lateral extensions.st_maximuminscribedcircle(a.geom) c where a.code = any ($1)`,
    [[DEMO_REGULATOR_AREA, OTHER_AREA]],
  )
  for (const x of rows) inside[x.code] = { lon: Number(x.lon), lat: Number(x.lat), r: Number(x.r) }
  expect(Object.keys(inside).sort()).toEqual([OTHER_AREA, DEMO_REGULATOR_AREA].sort())
}, 120_000)

afterAll(async () => {
  // leave no live warning behind for the other files of a shared stack
  for (const id of made) await admin.rpc('withdraw_notice', { id, reason: '测试结束，撤回预警' })
})

describe('a notice polygon is checked where it is written', () => {
  it('accepts a regulator’s polygon inside its jurisdiction: a MultiPolygon of SRID 4326, no area codes added, managed by an area of its own', async () => {
    const c = inside[DEMO_REGULATOR_AREA]!
    const { data, error } = await insert(regulator, square(c, c.r / 2))
    expect(error).toBeNull()
    const row = await stored(data!.id as string)
    expect(row).toMatchObject({ type: 'MULTIPOLYGON', srid: 4326, npoints: 5, area_codes: [] })
    expect(row.area_code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    // the area that manages it covers the polygon (the smallest such, as app.area_code_at picks)
    const { rows } = await sql().query<{ code: string }>(
      `select a.code from public.areas a, public.public_notices n
       where n.id = $1 and extensions.st_covers(a.geom, n.geom) order by a.level desc, length(a.code) desc, a.code limit 1`,
      [data!.id],
    )
    expect(row.area_code).toBe(rows[0]!.code)
  })

  it('refuses a regulator’s polygon in another district (42501), and takes an admin’s there', async () => {
    const o = inside[OTHER_AREA]!
    const refused = await insert(regulator, square(o, o.r / 2))
    expect(refused.error).toMatchObject({ code: '42501', message: expect.stringMatching(/^公告范围（public_notices\.geom）超出您的辖区/) })
    expect(refused.error?.message).toMatch(/outside your jurisdiction/)
    // partly inside is still outside: a square straddling the district's edge
    const { rows } = await sql().query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_startpoint(extensions.st_exteriorring(extensions.st_geometryn(geom, 1))) p from public.areas where code = $1) x`,
      [DEMO_REGULATOR_AREA],
    )
    const edge = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
    const { rows: within } = await sql().query<{ city: boolean }>(
      `select extensions.st_coveredby(extensions.st_setsrid(extensions.st_geomfromgeojson($1), 4326), (select geom from public.areas where parent_code is null)) city`,
      [JSON.stringify(square(edge, 0.003))],
    )
    if (within[0]!.city) expect((await insert(regulator, square(edge, 0.003))).error?.code).toBe('42501')
    const ok = await insert(admin, square(o, o.r / 2))
    expect(ok.error).toBeNull()
    expect((await stored(ok.data!.id as string)).area_code.startsWith(OTHER_AREA)).toBe(true)
  })

  it('refuses a polygon outside the city, self-intersecting, or not a polygon (22023, Chinese first)', async () => {
    const far = await insert(admin, square({ lon: 100, lat: 30 }, 0.01))
    expect(far.error?.code).toBe('22023')
    expect(far.error?.message).toMatch(/^public_notices\.geom（公告范围）须位于本市范围之内.* \/ public_notices\.geom must lie within the city/)

    const c = inside[DEMO_REGULATOR_AREA]!
    const d = c.r / 2
    const bow = {
      type: 'Polygon',
      coordinates: [
        closeRing([
          [c.lon - d, c.lat - d],
          [c.lon + d, c.lat + d],
          [c.lon + d, c.lat - d],
          [c.lon - d, c.lat + d],
        ]),
      ],
    }
    expect(checkNoticeArea(bow as never)).toMatchObject({ ok: false, problem: { code: 'kinks' } })
    const crossed = await insert(regulator, bow)
    expect(crossed.error?.code).toBe('22023')
    expect(crossed.error?.message).toMatch(/^public_notices\.geom（公告范围）不是有效的多边形.*Self-intersection/)

    const line = await insert(regulator, {
      type: 'LineString',
      coordinates: [
        [c.lon, c.lat],
        [c.lon + d, c.lat],
      ],
    })
    expect(line.error?.code).toBe('22023')
    expect(line.error?.message).toMatch(/^public_notices\.geom（公告范围）须为多边形（Polygon 或 MultiPolygon），收到 LINESTRING/)
    const point = await insert(regulator, { type: 'Point', coordinates: [c.lon, c.lat] })
    expect(point.error?.message).toMatch(/须为多边形.*收到 POINT/)
    // a drafted notice with neither area codes nor a polygon has no area
    const none = await insert(regulator, null)
    expect(none.error?.code).toBe('22023')
    expect(none.error?.message).toMatch(/^public_notices\.area_codes（公告区域）须为已知的区划代码或本市范围内的多边形/)
  })

  it('holds the vertex and area bounds at their edges, as the form’s mirror does', async () => {
    const c = inside[DEMO_REGULATOR_AREA]!
    const max = NOTICE_AREA_LIMITS.maxVertices
    const atMax = circle(c, c.r / 2, max)
    expect(checkNoticeArea(atMax as never)).toMatchObject({ ok: true, vertices: max })
    const ok = await insert(regulator, atMax)
    expect(ok.error).toBeNull()
    expect((await stored(ok.data!.id as string)).npoints).toBe(max)
    const over = circle(c, c.r / 2, max + 1)
    expect(checkNoticeArea(over as never)).toMatchObject({ ok: false, problem: { code: 'too_many_vertices' } })
    const refused = await insert(regulator, over)
    expect(refused.error?.code).toBe('22023')
    expect(refused.error?.message).toMatch(new RegExp(`^public_notices\\.geom（公告范围）顶点过多：最多 ${max} 个，收到 ${max + 1} 个`))

    // the smallest area: a square of about 0.005 km² is refused by both, one of about 0.02 km² taken by both
    const small = square(c, 0.0003)
    const fine = square(c, 0.0007)
    expect(checkNoticeArea(small as never)).toMatchObject({ ok: false, problem: { code: 'area' } })
    expect(checkNoticeArea(fine as never).ok).toBe(true)
    const tiny = await insert(regulator, small)
    expect(tiny.error?.message).toMatch(
      new RegExp(`^public_notices\\.geom（公告范围）面积须在 ${NOTICE_AREA_LIMITS.minAreaKm2} 到 ${NOTICE_AREA_LIMITS.maxAreaKm2} 平方千米之间`),
    )
    expect((await insert(regulator, fine)).error).toBeNull()

    // the largest: a 64-gon in the largest circle inside the city (an admin's polygon anywhere in the city)
    const { rows } = await sql().query<{ lon: number; lat: number; r: number }>(
      `select extensions.st_x(c.center) lon, extensions.st_y(c.center) lat, c.radius r
       from public.areas a, lateral extensions.st_maximuminscribedcircle(a.geom) c where a.parent_code is null`,
    )
    const city = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
    const big = circle(city, Number(rows[0]!.r) * 0.95, 64) as { type: 'Polygon'; coordinates: Position[][] }
    const { rows: sized } = await sql().query<{ km2: number; inside: boolean }>(
      `with g as (select extensions.st_setsrid(extensions.st_geomfromgeojson($1), 4326) g)
       select extensions.st_area(g.g::extensions.geography) / 1e6 km2,
         extensions.st_coveredby(g.g, (select geom from public.areas where parent_code is null)) inside from g`,
      [JSON.stringify(big)],
    )
    const km2 = Number(sized[0]!.km2)
    expect(sized[0]!.inside).toBe(true)
    expect(km2).toBeGreaterThan(NOTICE_AREA_LIMITS.maxAreaKm2)
    expect(checkNoticeArea(big)).toMatchObject({ ok: false, problem: { code: 'area' } })
    const large = await insert(admin, big)
    expect(large.error?.code).toBe('22023')
    expect(large.error?.message).toMatch(/面积须在 .* 平方千米之间，收到 [0-9.]+ 平方千米/)
  })

  it('checks a draft’s changed polygon too, and a published notice’s polygon is not edited', async () => {
    const c = inside[DEMO_REGULATOR_AREA]!
    const { data } = await insert(regulator, square(c, c.r / 3))
    const id = data!.id as string
    const o = inside[OTHER_AREA]!
    const moved = await regulator
      .from('public_notices')
      .update({ geom: square(o, o.r / 2) })
      .eq('id', id)
      .select('id')
    expect(moved.error?.code).toBe('42501')
    const grown = await regulator
      .from('public_notices')
      .update({ geom: square(c, c.r / 2) })
      .eq('id', id)
      .select('id')
    expect(grown.error).toBeNull()
    expect((await regulator2.rpc('publish_notice', { id })).error).toBeNull()
    const after = await admin
      .from('public_notices')
      .update({ geom: square(c, c.r / 4) })
      .eq('id', id)
      .select('id')
    expect(after.error?.code).toBe('42501')
    expect(after.error?.message).toMatch(/已发布或已撤回的公告不可修改/)
  })
})

describe('the public sees a polygon warning where it is', () => {
  let id = ''
  const c = () => inside[DEMO_REGULATOR_AREA]!

  beforeAll(async () => {
    const { data, error } = await insert(regulator, square(c(), c().r / 2), { level: 1, title: `${TAG} 江边划定区域红色预警` })
    if (error) throw new Error(error.message)
    id = data!.id as string
    const pub = await regulator2.rpc('publish_notice', { id })
    if (pub.error) throw new Error(pub.error.message)
  })

  async function covers(lon: number, lat: number): Promise<boolean> {
    const { rows } = await sql().query<{ v: boolean }>(
      `select extensions.st_covers(geom, extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)) v from public.public_notices where id = $1`,
      [id, lon, lat],
    )
    return rows[0]!.v
  }

  it('warns a point inside the polygon, not a point of the same district outside it', async () => {
    const at = { lon: c().lon + c().r / 4, lat: c().lat - c().r / 4 }
    const out = { lon: c().lon + c().r * 0.8, lat: c().lat }
    expect(await covers(at.lon, at.lat)).toBe(true)
    expect(await covers(out.lon, out.lat)).toBe(false)
    const { rows } = await sql().query<{ code: string }>(`select app.area_code_at(extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)) code`, [
      out.lon,
      out.lat,
    ])
    expect(rows[0]!.code.startsWith(DEMO_REGULATOR_AREA)).toBe(true)

    const here = await anonClient().rpc('public_notices_active', at)
    expect(here.error).toBeNull()
    const mine = (here.data as { id: string; geometry: { type: string } | null; area_codes: string[] }[]).find((n) => n.id === id)
    expect(mine).toMatchObject({ area_codes: [], geometry: { type: 'MultiPolygon' } })
    const there = await anonClient().rpc('public_notices_active', out)
    expect(there.error).toBeNull()
    expect((there.data as { id: string }[]).map((n) => n.id)).not.toContain(id)
  })

  it('by area code: the district holding the polygon gives it, another district does not', async () => {
    const own = await anonClient().rpc('public_notices_active', { area_code: DEMO_REGULATOR_AREA })
    expect((own.data as { id: string }[]).map((n) => n.id)).toContain(id)
    const other = await anonClient().rpc('public_notices_active', { area_code: OTHER_AREA })
    expect(other.error).toBeNull()
    expect((other.data as { id: string }[]).map((n) => n.id)).not.toContain(id)
  })

  it('the wall’s warning area is the polygon itself, not its district', async () => {
    const d = c().r
    const box = { west: c().lon - d, south: c().lat - d, east: c().lon + d, north: c().lat + d, zoom: 14 }
    const { data, error } = await anonClient().rpc('public_warning_areas', box)
    expect(error).toBeNull()
    const row = (data as { id: string; area_names: string[]; geometry: unknown; label_lon: number; label_lat: number }[]).find((r) => r.id === id)!
    expect(row.area_names).toEqual([])
    const { rows } = await sql().query<{ ratio: number; label_inside: boolean }>(
      `select extensions.st_area(extensions.st_setsrid(extensions.st_geomfromgeojson($1), 4326)) / extensions.st_area(n.geom) ratio,
         extensions.st_covers(n.geom, extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)) label_inside
       from public.public_notices n where n.id = $4`,
      [JSON.stringify(row.geometry), row.label_lon, row.label_lat, id],
    )
    expect(Math.abs(Number(rows[0]!.ratio) - 1)).toBeLessThan(0.01)
    expect(rows[0]!.label_inside).toBe(true)
  })

  it('the public still cannot write a notice or its polygon', async () => {
    const ins = await anonClient()
      .from('public_notices')
      .insert({ kind: 'regional_warning', level: 1, title: `${TAG} 匿名`, body: 'x', area_codes: [], geom: square(c(), c().r / 2) })
    expect(ins.error?.code).toBe('42501')
    const upd = await anonClient()
      .from('public_notices')
      .update({ geom: square(c(), c().r / 4) })
      .eq('id', id)
      .select('id')
    expect(upd.error?.code).toBe('42501')
    const { rows } = await sql().query<{ n: number }>(`select extensions.st_npoints(geom) n from public.public_notices where id = $1`, [id])
    expect(rows[0]!.n).toBe(5)
  })
})
