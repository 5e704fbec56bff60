// pipeline_hca (issue 19): high-consequence segments per GB 32167-2015 §6.1 table 1 (and GB 50251
// §4.2.2's class 3 by 2 km windows) on constructed cases, through supabase-js. The expected
// stretches are computed independently: along a meridian line, the metres where the geodesic
// distance to the target (GeographicLib, WGS-84) is within the radius, found by bisection.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { Geodesic } from 'geographiclib-geodesic'
import { anonClient, serviceClient, signIn, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'
import { specificPlaceRadius } from '../../src/domain/pipelines.ts'

useStack()

const geod = Geodesic.WGS84
type P = { lon: number; lat: number }
/** A 5 km meridian line inside 江海区, more than 1.5 km from every demo target of the test city. */
const S: P = { lon: 113.175, lat: 22.535 }
const LEN = 5000
const along = (s: number): P => {
  const r = geod.Direct(S.lat, S.lon, 0, s)
  return { lon: r.lon2!, lat: r.lat2! }
}
const E_ = along(LEN)
const offset = (s: number, h: number): P => {
  const f = along(s)
  const r = geod.Direct(f.lat, f.lon, h >= 0 ? 90 : 270, Math.abs(h))
  return { lon: r.lon2!, lat: r.lat2! }
}
const dist = (a: P, b: P) => geod.Inverse(a.lat, a.lon, b.lat, b.lon).s12!

/** Independent: the stretch [from, to] (metres from S) of the line within r of p (p's foot at s). */
function stretch(p: P, s: number, r: number): [number, number] {
  const inside = (x: number) => dist(p, along(Math.min(LEN, Math.max(0, x)))) <= r
  const edge = (a: number, b: number) => {
    // a inside, b outside
    for (let i = 0; i < 60; i++) {
      const m = (a + b) / 2
      if (inside(m)) a = m
      else b = m
    }
    return a
  }
  const lo = inside(0) ? 0 : edge(s, 0)
  const hi = inside(LEN) ? LEN : edge(s, LEN)
  return [lo, hi]
}

const line = `SRID=4326;LINESTRING(${S.lon} ${S.lat},${E_.lon} ${E_.lat})`
const T = {
  school: { type: 'school', cls: 'high_sensitivity', pop: 800, s: 1000, h: 150 },
  hospital: { type: 'hospital', cls: 'high_sensitivity', pop: 300, s: 1100, h: -120 },
  farSchool: { type: 'school', cls: 'high_sensitivity', pop: 600, s: 4000, h: 210 },
  kindergarten: { type: 'kindergarten', cls: 'high_sensitivity', pop: 120, s: 2500, h: 15 },
  v1: { type: 'village', cls: 'general_3', pop: 132, s: 1500, h: -100 }, // 50 households
  v2: { type: 'village', cls: 'general_3', pop: 128, s: 3000, h: 100 }, // 49 households
  r3: { type: 'residential', cls: 'general_2', pop: 10, s: 3400, h: 180 }, // 4 households
} as const
type Key = keyof typeof T
const ids = {} as Record<Key, string>
const pid: Record<string, string> = {}
let admin: SupabaseClient
let enterprise: SupabaseClient

interface Seg {
  pipeline_id: string
  part: number
  from_m: number
  to_m: number
  hca_class: number
  criterion: string
  reason_zh: string
  reason_en: string
  radius_m: number
  targets: number
  population: number
  households: number
  target_ids: string[]
  geometry: { type: string; coordinates: number[][] }
}

async function hca(name: string): Promise<Seg[]> {
  const { data, error } = await admin.rpc('pipeline_hca', { pipeline_id: pid[name] })
  expect(error).toBeNull()
  return data as Seg[]
}
const near = (a: number, b: number, tol = 0.5) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol)
const at = (k: Key) => offset(T[k].s, T[k].h)

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
  const svc = serviceClient()
  for (const k of Object.keys(T) as Key[]) {
    const t = T[k]
    const p = at(k)
    const { data, error } = await svc
      .from('protective_targets')
      .insert({ name: `测试HCA ${k}`, target_class: t.cls, type_code: t.type, population: t.pop, geom: `SRID=4326;POINT(${p.lon} ${p.lat})` })
      .select('id')
      .single()
    if (error) throw new Error(error.message)
    ids[k] = data.id as string
  }
  const lines: Record<string, Record<string, unknown>> = {
    gas: { medium: 'natural_gas', diameter_mm: 508, pressure_mpa: 6.3 },
    gasLarge: { medium: 'natural_gas', diameter_mm: 1016, pressure_mpa: 10 },
    gasSmall: { medium: 'natural_gas', diameter_mm: 219, pressure_mpa: 1 },
    oil: { medium: 'crude_oil', diameter_mm: 508, pressure_mpa: 6.3 },
    chemical: { medium: 'chemical', diameter_mm: 200, pressure_mpa: 2 },
  }
  for (const [name, cols] of Object.entries(lines)) {
    const { data, error } = await admin
      .from('pipelines')
      .insert({ name: `测试HCA ${name}`, geom: line, ...cols })
      .select('id')
      .single()
    if (error) throw new Error(error.message)
    pid[name] = data.id as string
  }
}, 120_000)

afterAll(async () => {
  const svc = serviceClient()
  await svc.from('pipelines').delete().like('name', '测试HCA%')
  await svc.from('protective_targets').delete().in('id', Object.values(ids))
})

describe('pipeline_hca: gas lines (特定场所 → Ⅰ)', () => {
  it('marks the stretch within 200 m of specific places, merging overlaps, and nothing for a place at 210 m', async () => {
    const segs = (await hca('gas')).filter((s) => s.criterion === 'specific_place')
    expect(segs).toHaveLength(2)
    const [a, b] = segs
    expect(new Set(a!.target_ids)).toEqual(new Set([ids.school, ids.hospital]))
    const school = stretch(at('school'), T.school.s, 200)
    const hospital = stretch(at('hospital'), T.hospital.s, 200)
    near(a!.from_m, Math.min(school[0], hospital[0]))
    near(a!.to_m, Math.max(school[1], hospital[1]))
    expect(a!.hca_class).toBe(1)
    expect(a!.radius_m).toBe(200)
    expect(a!.targets).toBe(2)
    expect(a!.population).toBe(1100)
    expect(a!.reason_en).toMatch(/2 specific place\(s\).*within 200 m each side/)
    expect(a!.reason_zh).toMatch(/管道两侧各 200 m 内有特定场所/)
    // the segment's geometry runs from its from_m to its to_m
    const g = a!.geometry.coordinates
    near(dist(S, { lon: g[0]![0]!, lat: g[0]![1]! }), a!.from_m)
    near(dist(S, { lon: g.at(-1)![0]!, lat: g.at(-1)![1]! }), a!.to_m)
    expect(b!.target_ids).toEqual([ids.kindergarten])
    const k = stretch(at('kindergarten'), T.kindergarten.s, 200)
    near(b!.from_m, k[0])
    near(b!.to_m, k[1])
    // villages are no specific places; a gas line has no settlement_50 criterion
    expect(segs.flatMap((s) => s.target_ids)).not.toContain(ids.farSchool)
  })

  it('uses the potential impact radius r = 0.099·√(d²p) for d > 762 mm and p > 6.9 MPa (318 m: the school at 210 m counts)', async () => {
    const r = 0.099 * Math.sqrt(1016 ** 2 * 10)
    const segs = (await hca('gasLarge')).filter((s) => s.criterion === 'specific_place')
    const far = segs.find((s) => s.target_ids.includes(ids.farSchool))
    expect(far).toBeDefined()
    near(far!.radius_m, r, 0.05)
    // the browser's rule (src/domain/pipelines.ts) says the same
    near(far!.radius_m, specificPlaceRadius('natural_gas', 1016, 10)!, 0.05)
    expect(specificPlaceRadius('natural_gas', 508, 6.3)).toBe(200)
    const x = stretch(at('farSchool'), T.farSchool.s, r)
    near(far!.from_m, x[0])
    near(far!.to_m, x[1])
    expect(far!.reason_en).toMatch(/potential impact radius of 318\.1 m/)
  })

  it('and for d < 273 mm and p < 1.6 MPa (r ≈ 21.7 m: only the kindergarten at 15 m)', async () => {
    const r = 0.099 * Math.sqrt(219 ** 2 * 1)
    const segs = (await hca('gasSmall')).filter((s) => s.criterion === 'specific_place')
    expect(segs).toHaveLength(1)
    expect(segs[0]!.target_ids).toEqual([ids.kindergarten])
    const x = stretch(at('kindergarten'), T.kindergarten.s, r)
    near(segs[0]!.from_m, x[0], 0.1)
    near(segs[0]!.to_m, x[1], 0.1)
  })
})

describe('pipeline_hca: oil lines and class 3 (→ Ⅱ)', () => {
  it('marks a village of 50 households within 200 m, not one of 49; specific places do not count for oil', async () => {
    const segs = await hca('oil')
    const s50 = segs.filter((s) => s.criterion === 'settlement_50')
    expect(s50).toHaveLength(1)
    expect(s50[0]!.target_ids).toEqual([ids.v1])
    expect(s50[0]!.households).toBe(50)
    expect(s50[0]!.hca_class).toBe(2)
    const x = stretch(at('v1'), T.v1.s, 200)
    near(s50[0]!.from_m, x[0])
    near(s50[0]!.to_m, x[1])
    expect(segs.some((s) => s.criterion === 'specific_place')).toBe(false)
  })

  it('class 3 area: ≥ 100 households within 200 m each side of 2 km of line, to 200 m past the outermost settlement', async () => {
    for (const name of ['oil', 'gas']) {
      const c3 = (await hca(name)).filter((s) => s.criterion === 'class_3_area')
      expect(c3, name).toHaveLength(1)
      expect(new Set(c3[0]!.target_ids)).toEqual(new Set([ids.v1, ids.v2, ids.r3]))
      expect(c3[0]!.households).toBe(50 + 49 + 4)
      expect(c3[0]!.hca_class).toBe(2)
      near(c3[0]!.from_m, stretch(at('v1'), T.v1.s, 200)[0])
      near(c3[0]!.to_m, stretch(at('r3'), T.r3.s, 200)[1])
    }
  })

  it('class 3 needs the households inside one 2 km window: moved 2.1 km from the first village, it is gone', async () => {
    const moved = offset(3600, 180)
    const svc = serviceClient()
    const { error } = await svc
      .from('protective_targets')
      .update({ geom: `SRID=4326;POINT(${moved.lon} ${moved.lat})` })
      .eq('id', ids.r3)
    expect(error).toBeNull()
    try {
      expect((await hca('oil')).filter((s) => s.criterion === 'class_3_area')).toEqual([])
    } finally {
      const back = at('r3')
      await svc
        .from('protective_targets')
        .update({ geom: `SRID=4326;POINT(${back.lon} ${back.lat})` })
        .eq('id', ids.r3)
    }
  })
})

describe('pipeline_hca: scope and access', () => {
  it('does not screen chemical lines (outside GB 32167)', async () => {
    expect(await hca('chemical')).toEqual([])
  })

  it('answers only the lines the caller may read; never the public', async () => {
    const { data, error } = await enterprise.rpc('pipeline_hca', { pipeline_id: pid.gas })
    expect(error).toBeNull()
    expect(data).toEqual([])
    const anon = await anonClient().rpc('pipeline_hca')
    expect(anon.error?.code).toBe('42501')
  })
})
