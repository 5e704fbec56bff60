// save_pipeline(p) (issue 19, the 管道 editing form of #/registries) through supabase-js → gateway →
// PostgREST: who may save which line (admins anywhere; a regulator a line crossing its district,
// and not a line elsewhere; the planner, the command centre, the enterprise and the public never),
// each bad input refused with its own words, a regulator deleting its line, and the kept
// high-consequence segments and encroachments following a geometry edit in the same call.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { Geodesic } from 'geographiclib-geodesic'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const geod = Geodesic.WGS84
const as = {} as Record<AppRole, SupabaseClient>
type P = { lon: number; lat: number }

/** Inside 江海区 (440704, the demo regulator's district), more than 1 km from every demo target (as test/db/pipelines.test.ts). */
const O: P = { lon: 113.15, lat: 22.57 }
function direct(from: P, azimuth: number, metres: number): P {
  const r = geod.Direct(from.lat, from.lon, azimuth, metres)
  return { lon: r.lon2!, lat: r.lat2! }
}
const ls = (...ps: P[]) => ({ type: 'LineString', coordinates: ps.map((p) => [p.lon, p.lat]) })
/** A north–south line through c, 400 m long. */
const ns = (c: P) => ls(direct(c, 180, 200), direct(c, 0, 200))
/** A point inside 新会区 (440705), outside the regulator's district. */
let X: P = { lon: 0, lat: 0 }
const school = { id: '', at: direct(O, 90, 150) }
const shop = { id: '', at: direct(O, 270, 3) }

const row = (over: Record<string, unknown> = {}) => ({
  name: '测试编辑管道',
  medium: 'natural_gas',
  diameter_mm: 508,
  pressure_mpa: 4,
  burial_depth_m: 1.5,
  built_year: 2010,
  operator_enterprise_id: null,
  geom: ns(O),
  ...over,
})

async function save(who: SupabaseClient, p: Record<string, unknown>) {
  return who.rpc('save_pipeline', { p })
}

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const { rows } = await sql().query<{ lon: number; lat: number }>(
    `select extensions.st_x(p) lon, extensions.st_y(p) lat from (select extensions.st_pointonsurface(geom) p from public.areas where code = '440705') s`,
  )
  X = { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
  const svc = serviceClient()
  for (const [t, cols] of [
    [school, { name: '测试编辑管道 学校', target_class: 'high_sensitivity', type_code: 'school', population: 600 }],
    [shop, { name: '测试编辑管道 商店', target_class: 'general_3', type_code: 'shop', population: 3 }],
  ] as const) {
    const { data, error } = await svc
      .from('protective_targets')
      .insert({ ...cols, geom: `SRID=4326;POINT(${t.at.lon} ${t.at.lat})` })
      .select('id')
      .single()
    if (error) throw new Error(error.message)
    t.id = data.id as string
  }
}, 120_000)

afterAll(async () => {
  const svc = serviceClient()
  await svc.from('pipelines').delete().like('name', '测试编辑管道%')
  await svc.from('protective_targets').delete().in('id', [school.id, shop.id])
})

describe('save_pipeline: who may save which line', () => {
  it('an admin saves a line anywhere in the city, and changes it', async () => {
    const a = await save(as.admin, row({ name: '测试编辑管道 管理员江海' }))
    expect(a.error).toBeNull()
    const b = await save(as.admin, row({ name: '测试编辑管道 管理员新会', geom: ns(X) }))
    expect(b.error).toBeNull()
    const c = await save(as.admin, row({ id: b.data, name: '测试编辑管道 管理员新会改', diameter_mm: 610, geom: ns(X) }))
    expect(c.error).toBeNull()
    expect(c.data).toBe(b.data)
    const { rows } = await sql().query<{ name: string; diameter_mm: string; area_codes: string[] }>(
      `select name, diameter_mm, area_codes from public.pipelines where id = $1`,
      [b.data],
    )
    expect(rows[0]!.name).toBe('测试编辑管道 管理员新会改')
    expect(Number(rows[0]!.diameter_mm)).toBe(610)
    expect(rows[0]!.area_codes).toContain('440705')
  })

  it('a regulator saves and deletes a line in its district, not one elsewhere', async () => {
    const mine = await save(as.regulator, row({ name: '测试编辑管道 监管江海' }))
    expect(mine.error).toBeNull()
    const { rows } = await sql().query<{ area_codes: string[] }>(`select area_codes from public.pipelines where id = $1`, [mine.data])
    expect(rows[0]!.area_codes).toContain('440704')

    const elsewhere = await save(as.regulator, row({ name: '测试编辑管道 监管新会', geom: ns(X) }))
    expect(elsewhere.error?.code).toBe('42501')
    expect(elsewhere.error?.message).toMatch(/走向须经过本辖区/)

    // a line of 新会区 cannot be taken over by redrawing it in 江海区: the old row is not the regulator's
    const other = await save(as.admin, row({ name: '测试编辑管道 新会他人', geom: ns(X) }))
    expect(other.error).toBeNull()
    const takeOver = await save(as.regulator, row({ id: other.data, name: '测试编辑管道 新会他人', geom: ns(O) }))
    expect(takeOver.error?.code).toBe('42501')
    expect(takeOver.error?.message).toMatch(/无权修改该管道/)
    const still = await sql().query<{ area_codes: string[] }>(`select area_codes from public.pipelines where id = $1`, [other.data])
    expect(still.rows[0]!.area_codes).toContain('440705')
    expect(still.rows[0]!.area_codes).not.toContain('440704')

    // moving its own line out of its district is refused as well
    const away = await save(as.regulator, row({ id: mine.data, name: '测试编辑管道 监管江海', geom: ns(X) }))
    expect(away.error?.code).toBe('42501')

    const del = await as.regulator.from('pipelines').delete().eq('id', mine.data).select('id')
    expect(del.error).toBeNull()
    expect(del.data).toHaveLength(1)
    const delOther = await as.regulator.from('pipelines').delete().eq('id', other.data).select('id')
    expect(delOther.data ?? []).toHaveLength(0)
    const left = await sql().query<{ n: number }>(`select count(*)::int n from public.pipelines where id = any($1::uuid[])`, [[mine.data, other.data]])
    expect(left.rows[0]!.n).toBe(1)
  })

  it.each(['planner', 'command', 'enterprise'] as const)('the %s is refused, and nothing is written', async (role) => {
    const r = await save(as[role], row({ name: `测试编辑管道 ${role}` }))
    expect(r.error?.code).toBe('42501')
    expect(r.error?.message).toMatch(/只有管理员和辖区监管部门可以添加、修改管道/)
    const { rows } = await sql().query<{ n: number }>(`select count(*)::int n from public.pipelines where name = $1`, [`测试编辑管道 ${role}`])
    expect(rows[0]!.n).toBe(0)
  })

  it('a signed-in user with no role (a self sign-up) is refused, and nothing is written', async () => {
    const none = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000019e1', role: 'authenticated', aud: 'authenticated', app_metadata: {} })
    const r = await save(none, row({ name: '测试编辑管道 none' }))
    expect(r.error?.code).toBe('42501')
    expect(r.error?.message).toMatch(/只有管理员和辖区监管部门可以添加、修改管道/)
    const { rows } = await sql().query<{ n: number }>(`select count(*)::int n from public.pipelines where name = $1`, ['测试编辑管道 none'])
    expect(rows[0]!.n).toBe(0)
  })

  it('the public may not even call it', async () => {
    const r = await save(anonClient(), row({ name: '测试编辑管道 anon' }))
    expect(r.error).not.toBeNull()
    expect(r.error?.message).toMatch(/permission denied/)
  })
})

describe('save_pipeline: each bad input refused in words', () => {
  const far = direct(O, 0, 300)
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a coordinate off the earth', { geom: ls(O, { lon: 181, lat: 22.57 }) }, /第 1 段第 2 个点坐标超出范围.*经度须在 -180 到 180 之间/],
    ['a latitude beyond 90', { geom: ls(O, { lon: 113.15, lat: 95 }) }, /第 1 段第 2 个点坐标超出范围/],
    ['a single vertex', { geom: ls(O) }, /第 1 段至少需要 2 个点，收到 1 个/],
    [
      'a vertex not a pair of numbers',
      {
        geom: {
          type: 'LineString',
          coordinates: [
            [113.15, 22.57],
            ['113.15', 22.58],
          ],
        },
      },
      /第 1 段第 2 个点须为 \[经度, 纬度\] 两个数字/,
    ],
    ['a line running back over itself', { geom: ls(O, far, direct(O, 0, 100)) }, /第 1 段自身重叠/],
    [
      'two parts over each other',
      { geom: { type: 'MultiLineString', coordinates: [ls(O, far).coordinates, ls(direct(O, 0, 50), direct(O, 0, 250)).coordinates] } },
      /各段之间有重叠/,
    ],
    ['too many vertices', { geom: ls(...Array.from({ length: 20_001 }, (_, i) => direct(O, 0, i * 0.02))) }, /顶点过多：最多 20000 个/],
    ['a point geometry', { geom: { type: 'Point', coordinates: [113.15, 22.57] } }, /须为线（LineString 或 MultiLineString），收到 Point/],
    ['no geometry', { geom: null }, /pipelines.geom（走向）必填/],
    ['outside the served region', { geom: ls({ lon: 116.4, lat: 39.9 }, { lon: 116.41, lat: 39.9 }) }, /第 1 段第 1 个点（116.4, 39.9）不在本市辖区内/],
    ['an unknown medium', { medium: 'water' }, /输送介质.*须为 natural_gas（天然气）.*收到 water/],
    ['a negative diameter', { diameter_mm: -5 }, /diameter_mm.*不能为负数（收到 -5）/],
    ['a negative pressure', { pressure_mpa: -0.1 }, /pressure_mpa.*不能为负数/],
    ['a negative burial depth', { burial_depth_m: -1 }, /burial_depth_m.*不能为负数/],
    ['a diameter as text', { diameter_mm: '500' }, /diameter_mm.*须为数字/],
    ['a fractional year', { built_year: 2010.5 }, /须为整数年份/],
    ['a year in the future', { built_year: 2999 }, /建成年份.*须在 1900 到今年之间/],
    ['a diameter out of range', { diameter_mm: 5000 }, /管径（毫米）.*须在 10 到 2000 之间/],
    ['a blank name', { name: '   ' }, /管道名称.*不能为空/],
    ['an unknown enterprise', { operator_enterprise_id: '00000000-0000-4000-8000-000000000000' }, /运营企业.*不是已登记的企业/],
    ['an unknown field', { area_codes: ['440704'] }, /含有不能写入的字段：area_codes/],
  ]
  it.each(cases)('%s', async (_, over, message) => {
    const r = await save(as.admin, row({ name: '测试编辑管道 坏输入', ...over }))
    expect(r.error, JSON.stringify(r.data)).not.toBeNull()
    expect(r.error!.message).toMatch(message)
    const { rows } = await sql().query<{ n: number }>(`select count(*)::int n from public.pipelines where name = '测试编辑管道 坏输入'`)
    expect(rows[0]!.n).toBe(0)
  })

  it('a line crossing itself (not overlapping) is accepted', async () => {
    const r = await save(as.admin, row({ name: '测试编辑管道 交叉', geom: ls(O, direct(O, 0, 300), direct(O, 45, 300), direct(O, 315, 150)) }))
    expect(r.error).toBeNull()
  })
})

describe('save_pipeline keeps the findings current', () => {
  it('a geometry edit recomputes the high-consequence segments and the encroachments in the same call', async () => {
    const start = direct(O, 270, 1500) // 1.65 km from the school
    const a = await save(as.regulator, row({ name: '测试编辑管道 高后果区', geom: ns(start) }))
    expect(a.error).toBeNull()
    const id = a.data as string
    const kept = async () =>
      (
        await sql().query<{ criterion: string; target_ids: string[] }>(
          `select criterion, target_ids from app.pipeline_hca_segments where pipeline_id = $1 order by from_m, criterion`,
          [id],
        )
      ).rows
    const drift = async () =>
      (
        await sql().query<{ n: number }>(
          `select count(*)::int n from (
             (select part, from_m, to_m, criterion, target_ids from app.pipeline_hca_of($1::uuid[])
              except all select part, from_m, to_m, criterion, target_ids from app.pipeline_hca_segments where pipeline_id = $2)
             union all
             (select part, from_m, to_m, criterion, target_ids from app.pipeline_hca_segments where pipeline_id = $2
              except all select part, from_m, to_m, criterion, target_ids from app.pipeline_hca_of($1::uuid[]))) d`,
          [[id], id],
        )
      ).rows[0]!.n
    expect((await kept()).some((s) => s.target_ids.includes(school.id))).toBe(false)
    const before = await as.regulator.rpc('pipeline_encroachments', { pipeline_id: id })
    expect((before.data as { target_id: string }[]).map((e) => e.target_id)).not.toContain(shop.id)

    // redrawn through O: the school 150 m east (within 200 m each side), the shop 3 m west
    const b = await save(as.regulator, row({ id, name: '测试编辑管道 高后果区', geom: ns(O) }))
    expect(b.error).toBeNull()
    const segs = await kept()
    expect(segs.find((s) => s.criterion === 'specific_place')?.target_ids).toContain(school.id)
    expect(await drift()).toBe(0)
    const after = await as.regulator.rpc('pipeline_encroachments', { pipeline_id: id })
    expect(after.error).toBeNull()
    const hit = (after.data as { target_id: string; distance_m: number }[]).find((e) => e.target_id === shop.id)
    expect(hit?.distance_m).toBeCloseTo(3, 2)
  })
})
