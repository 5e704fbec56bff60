// The public risk view's database API through supabase-js → gateway → PostgREST, as anon:
// public_around ("what is around me") against an independent computation (raw rows read with
// superuser SQL, positions coarsened and geodesic distances computed here in TypeScript with
// Vincenty's inverse formula), only public-safe keys, no public reports, bad input refused with
// a reason; and anon refused the private columns and the full functions.
import { describe, it, expect, beforeAll, beforeEach } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql, useStack } from '../helpers/stack.ts'
import { destination, WGS84, type LonLat } from '../helpers/geodesy.ts'

useStack()

const RAD = Math.PI / 180

/** Vincenty's inverse formula on WGS84 (metres), independent of PostGIS. */
function geodesicMetres(p: LonLat, q: LonLat): number {
  const { a, f } = WGS84
  const b = a * (1 - f)
  const L = (q.lon - p.lon) * RAD
  const U1 = Math.atan((1 - f) * Math.tan(p.lat * RAD))
  const U2 = Math.atan((1 - f) * Math.tan(q.lat * RAD))
  const sinU1 = Math.sin(U1),
    cosU1 = Math.cos(U1),
    sinU2 = Math.sin(U2),
    cosU2 = Math.cos(U2)
  let lambda = L
  let iter = 0
  let sinSigma: number, cosSigma: number, sigma: number, cosSqAlpha: number, cos2SigmaM: number
  for (;;) {
    const sinL = Math.sin(lambda),
      cosL = Math.cos(lambda)
    sinSigma = Math.sqrt((cosU2 * sinL) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) ** 2)
    if (sinSigma === 0) return 0
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL
    sigma = Math.atan2(sinSigma, cosSigma)
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma
    cosSqAlpha = 1 - sinAlpha * sinAlpha
    cos2SigmaM = cosSqAlpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha
    const C = (f / 16) * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
    const prev = lambda
    lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)))
    if (Math.abs(lambda - prev) < 1e-12 || ++iter > 200) break
  }
  const uSq = (cosSqAlpha * (a * a - b * b)) / (b * b)
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
  const dSigma =
    B *
    sinSigma *
    (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM ** 2) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)))
  return b * A * (sigma - dSigma)
}

/** 0.001° (about 100 m), as the public functions coarsen positions. */
const approx = (x: number) => Math.round(x * 1000) / 1000
const isApprox = (x: number) => Math.abs(x * 1000 - Math.round(x * 1000)) < 1e-9

const TOP_KEYS = ['counts', 'items', 'lat', 'lon', 'radius_m', 'total', 'truncated']
const ITEM_KEYS: Record<string, string[]> = {
  risk_point: [
    'advice_key',
    'area_name',
    'category_code',
    'category_name',
    'category_name_en',
    'distance_m',
    'district_name',
    'district_name_en',
    'kind',
    'lat',
    'level',
    'lon',
  ],
  major_hazard: [
    'advice_distance_m',
    'advice_key',
    'area_name',
    'distance_m',
    'district_name',
    'district_name_en',
    'enterprise_name',
    'kind',
    'lat',
    'lon',
    'major_grade',
  ],
  resource: ['advice_key', 'area_name', 'distance_m', 'district_name', 'district_name_en', 'kind', 'lat', 'lon', 'name', 'resource_type'],
}
/** Keys that would be private data or internal detail anywhere in a public answer. */
const PRIVATE_KEYS = [
  'id',
  'contact',
  'phone',
  'duty_phone',
  'credit_code',
  'address',
  'legal_representative',
  'safety_officer',
  'employees',
  'description',
  'tracking_code',
  'status',
  'severity',
  'assessed_by',
  'enterprise_id',
  'score',
  'lec_l',
  'inventory',
  'client_hash',
]

function allKeys(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) allKeys(x, out)
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k)
      allKeys(x, out)
    }
  return out
}

interface Row {
  kind: string
  lon: number
  lat: number
  level?: number
  category?: string
  grade?: number
  enterprise?: string
  advice?: number | null
  rtype?: string
  name?: string
}
let rows: Row[] = []
let anon: SupabaseClient

beforeAll(async () => {
  anon = anonClient()
  const q = async <T>(text: string) => (await sql().query<T>(text)).rows
  const rp = await q<{ lon: number; lat: number; level: number; category: string }>(
    `select extensions.st_x(location) as lon, extensions.st_y(location) as lat, level, category_code as category from public.risk_points`,
  )
  const mh = await q<{ lon: number; lat: number; grade: number; enterprise: string; advice: string | null }>(
    `select extensions.st_x(h.location) as lon, extensions.st_y(h.location) as lat, h.major_grade as grade, e.name as enterprise,
       (select max(required_m) from public.hazard_source_distances x where x.hazard_source_id = h.id)::text as advice
     from public.hazard_sources h join public.enterprises e on e.id = h.enterprise_id where h.is_major`,
  )
  const er = await q<{ lon: number; lat: number; rtype: string; name: string }>(
    `select extensions.st_x(location) as lon, extensions.st_y(location) as lat, resource_type::text as rtype, name from public.emergency_resources`,
  )
  rows = [
    ...rp.map((r) => ({ kind: 'risk_point', ...r })),
    ...mh.map((r) => ({ kind: 'major_hazard', ...r, advice: r.advice == null ? null : Number(r.advice) })),
    ...er.map((r) => ({ kind: 'resource', ...r })),
  ]
  expect(rp.length).toBeGreaterThan(50)
  expect(mh.length).toBeGreaterThan(2)
}, 120_000)

/** What public_around should answer, computed here: public kinds only, coarsened positions for
 * risk points and major hazards (facilities are public places at their own positions). */
function expected(centre: LonLat, radius: number) {
  const out: (Row & { d: number })[] = []
  let boundary = 0
  for (const r of rows) {
    if (r.kind === 'resource' && !['shelter', 'hospital', 'fire_station'].includes(r.rtype!)) continue
    const pos = r.kind === 'resource' ? { lon: r.lon, lat: r.lat } : { lon: approx(r.lon), lat: approx(r.lat) }
    const d = geodesicMetres(pos, centre)
    if (Math.abs(d - radius) < 0.05) boundary++
    if (d <= radius) out.push({ ...r, ...pos, d })
  }
  return { items: out, boundary }
}

function mostCrowded(): Row {
  const rps = rows.filter((r) => r.kind === 'risk_point')
  let best = rps[0]!
  let bestN = -1
  for (const r of rps) {
    const n = rps.filter((x) => Math.abs(x.lat - r.lat) < 0.01 && geodesicMetres(x, r) <= 1000).length
    if (n > bestN) {
      bestN = n
      best = r
    }
  }
  return best
}

const around = (lon: unknown, lat: unknown, radius_m: unknown) => anon.rpc('public_around', { lon, lat, radius_m })

describe('public_around: what is around a point', () => {
  const centres: { name: string; at: () => LonLat }[] = [
    // the densest place of the demo city: a major hazard source among enterprises
    { name: 'a major hazard source', at: () => rows.find((r) => r.kind === 'major_hazard')! },
    // the risk point with the most others within 1 km (where a wrong radius test shows most)
    { name: 'the most crowded risk point', at: () => mostCrowded() },
  ]
  for (const c of centres) {
    for (const radius of [500, 1000, 3000]) {
      it(`at ${c.name}, ${radius} m: counts, items and distances equal the independent computation`, async () => {
        const at = c.at()
        const centre = { lon: at.lon + 0.00037, lat: at.lat - 0.00021 }
        const { data, error } = await around(centre.lon, centre.lat, radius)
        expect(error).toBeNull()
        expect(Object.keys(data).sort()).toEqual(TOP_KEYS)
        expect(data.radius_m).toBe(radius)
        const exp = expected(centre, radius)
        expect(exp.boundary, 'no point sits on the circle within 5 cm (the test would be ambiguous)').toBe(0)
        const e = exp.items
        expect(e.length, 'something to compare').toBeGreaterThan(0)

        const byLevel = (l: number) => e.filter((x) => x.kind === 'risk_point' && x.level === l).length
        expect(data.counts).toEqual({
          risk_points: { 1: byLevel(1), 2: byLevel(2), 3: byLevel(3), 4: byLevel(4) },
          major_hazards: e.filter((x) => x.kind === 'major_hazard').length,
          resources: e.filter((x) => x.kind === 'resource').length,
        })
        expect(data.total).toBe(e.length)
        expect(data.truncated).toBe(false)
        expect(data.items).toHaveLength(e.length)

        // the same things (as multisets of what the public sees)
        const sig = (x: {
          kind: string
          lon: number
          lat: number
          level?: number
          category_code?: string
          category?: string
          major_grade?: number
          grade?: number
          enterprise_name?: string
          enterprise?: string
          advice_distance_m?: number | null
          advice?: number | null
          resource_type?: string
          rtype?: string
          name?: string
        }) =>
          x.kind === 'risk_point'
            ? `rp|${x.level}|${x.category_code ?? x.category}|${x.lon}|${x.lat}`
            : x.kind === 'major_hazard'
              ? `mh|${x.major_grade ?? x.grade}|${x.enterprise_name ?? x.enterprise}|${'advice_distance_m' in x ? x.advice_distance_m : x.advice}|${x.lon}|${x.lat}`
              : `er|${x.resource_type ?? x.rtype}|${x.name}|${x.lon.toFixed(6)}|${x.lat.toFixed(6)}`
        expect(data.items.map(sig).sort()).toEqual(e.map(sig).sort())

        let prev = -1
        for (const it of data.items) {
          expect(Object.keys(it).sort(), it.kind).toEqual(ITEM_KEYS[it.kind])
          // the distance is from the coarsened position, rounded to 10 m
          const d = geodesicMetres({ lon: Number(it.lon), lat: Number(it.lat) }, centre)
          expect(Math.abs(Number(it.distance_m) - d), `distance of ${sig(it)}`).toBeLessThanOrEqual(5.001)
          expect(Number(it.distance_m) % 10).toBe(0)
          expect(Number(it.distance_m)).toBeGreaterThanOrEqual(prev)
          prev = Number(it.distance_m)
          if (it.kind !== 'resource') {
            expect(isApprox(Number(it.lon)) && isApprox(Number(it.lat)), `approximate position of ${sig(it)}`).toBe(true)
          }
          if (it.kind === 'risk_point') expect(it.advice_key).toBe(it.category_code)
          expect(it.district_name).toBeTruthy()
        }
        for (const k of PRIVATE_KEYS) expect(allKeys(data).has(k), `private key ${k}`).toBe(false)
      })
    }
  }

  it('decides membership by the coarsened position only, so the radius cannot narrow a point down below the ~100 m grid', async () => {
    // a risk point ≥ 30 m from its coarsened position; centres on the line through both
    const r = rows.find((x) => x.kind === 'risk_point' && geodesicMetres(x, { lon: approx(x.lon), lat: approx(x.lat) }) > 30)!
    const exact = { lon: r.lon, lat: r.lat }
    const coarse = { lon: approx(r.lon), lat: approx(r.lat) }
    const offset = geodesicMetres(exact, coarse)
    const bearing = Math.atan2((exact.lon - coarse.lon) * Math.cos(exact.lat * RAD), exact.lat - coarse.lat) / RAD
    const radius = Math.round(100 + offset / 2)
    const at = (c: LonLat) => ({ exact: geodesicMetres(exact, c), coarse: geodesicMetres(coarse, c) })
    const listed = async (c: LonLat) => {
      const { data, error } = await around(c.lon, c.lat, radius)
      expect(error).toBeNull()
      return data.items.some((it: { kind: string; lon: number; lat: number }) => it.kind === 'risk_point' && it.lon === coarse.lon && it.lat === coarse.lat)
    }
    // beyond the exact point: inside by the exact position, outside by the coarsened one → not listed
    const far = destination(exact, bearing, 100)
    expect(at(far).exact).toBeLessThan(radius)
    expect(at(far).coarse).toBeGreaterThan(radius + 1)
    expect(await listed(far)).toBe(false)
    // beyond the coarsened point: outside by the exact position, inside by the coarsened one → listed
    const near = destination(coarse, bearing + 180, 100)
    expect(at(near).exact).toBeGreaterThan(radius)
    expect(at(near).coarse).toBeLessThan(radius - 1)
    expect(await listed(near)).toBe(true)
  })

  describe('shows no public reports, verified or not', () => {
    beforeEach(async () => {
      // every client of this process reaches the database from one address: spend no hourly quota
      await sql().query(`update public.hidden_danger_reporters set client_hash = 'spent-by-test:' || client_hash
                         where client_hash is not null and client_hash not like 'spent-by-test:%'`)
    })

    it('a report just made (status reported) appears nowhere in the public answers', async () => {
      const at = rows.filter((r) => r.kind === 'risk_point')[5]!
      const text = `公众视图测试：路边燃气管道有明显异味 ${Math.random().toString(36).slice(2, 8)}`
      const before = await around(at.lon, at.lat, 500)
      const rep = await anon.rpc('report_hidden_danger', { description: text, lon: at.lon, lat: at.lat, contact: '13800138000' })
      expect(rep.error).toBeNull()
      const code = rep.data.tracking_code as string
      const { rows: st } = await sql().query<{ status: string }>(`select status::text from public.hidden_dangers where tracking_code = $1`, [code])
      expect(st[0].status).toBe('reported')

      const after = await around(at.lon, at.lat, 500)
      expect(after.error).toBeNull()
      expect(after.data.total).toBe(before.data.total)
      expect(after.data.items).toEqual(before.data.items)
      const kinds = new Set(after.data.items.map((i: { kind: string }) => i.kind))
      for (const k of kinds) expect(['risk_point', 'major_hazard', 'resource']).toContain(k)

      const d = 0.01
      const answers = await Promise.all([
        around(at.lon, at.lat, 500),
        anon.rpc('public_feature_at', { lon: at.lon, lat: at.lat, radius_m: 500 }),
        anon.rpc('public_map_features', { layer: 'major_hazards', west: at.lon - d, south: at.lat - d, east: at.lon + d, north: at.lat + d }),
        anon.rpc('public_map_features', { layer: 'emergency_resources', west: at.lon - d, south: at.lat - d, east: at.lon + d, north: at.lat + d }),
        anon.rpc('public_layer_counts', { west: at.lon - d, south: at.lat - d, east: at.lon + d, north: at.lat + d }),
        anon.rpc('public_search', { q: text.slice(0, 12) }),
      ])
      for (const a of answers) {
        expect(a.error).toBeNull()
        const json = JSON.stringify(a.data)
        expect(json).not.toContain(code)
        expect(json).not.toContain('燃气管道有明显异味')
        expect(json).not.toContain('13800138000')
        expect(allKeys(a.data).has('tracking_code')).toBe(false)
      }
      expect(Object.keys(answers[4].data).sort()).toEqual(['emergency_resources', 'major_hazards', 'risk_points'])
    })
  })

  it('refuses bad input with a reason (22023)', async () => {
    const cases: [unknown, unknown, unknown, RegExp][] = [
      [null, 22.3, 1000, /^lon: required/],
      [113, null, 1000, /^lat: required/],
      [200, 22.3, 1000, /not a valid longitude\/latitude/],
      [113, -91, 1000, /not a valid longitude\/latitude/],
      [113, 22.3, 50, /radius_m must be between 100 and 5000/],
      [113, 22.3, 5001, /radius_m must be between 100 and 5000/],
      [113, 22.3, null, /^radius_m: required/],
      [113, 22.3, -500, /radius_m must be between 100 and 5000/],
    ]
    for (const [lon, lat, r, msg] of cases) {
      const { data, error } = await around(lon, lat, r)
      expect(data, `${lon},${lat},${r}`).toBeNull()
      expect(error?.code, `${lon},${lat},${r}`).toBe('22023')
      expect(error?.message).toMatch(msg)
    }
    // a string where a number belongs is refused before the function runs
    const bad = await around('east', 22.3, 1000)
    expect(bad.data).toBeNull()
    expect(bad.error).not.toBeNull()
  })

  it('answers an empty list far from any data', async () => {
    const { data, error } = await around(100, 10, 1000)
    expect(error).toBeNull()
    expect(data.items).toEqual([])
    expect(data.total).toBe(0)
    expect(data.counts).toEqual({ risk_points: { 1: 0, 2: 0, 3: 0, 4: 0 }, major_hazards: 0, resources: 0 })
  })
})

describe('public_place_at names a picked point', () => {
  it('gives the district and street that cover it, or says it is outside the service area', async () => {
    const r = mostCrowded()
    const { rows } = await sql().query<{ level: string; name: string; name_en: string | null }>(
      `select level::text, name, name_en from public.areas where level in ('district', 'street')
       and extensions.st_covers(geom, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326)) order by level`,
      [r.lon, r.lat],
    )
    const district = rows.find((x) => x.level === 'district')!
    const street = rows.find((x) => x.level === 'street')!
    const { data, error } = await anon.rpc('public_place_at', { lon: r.lon, lat: r.lat })
    expect(error).toBeNull()
    expect(data).toEqual({
      inside: true,
      district_name: district.name,
      district_name_en: district.name_en ?? district.name,
      street_name: street.name,
      street_name_en: street.name_en ?? street.name,
    })
    // the seed names its streets in pinyin with their kind
    expect(street.name_en).toMatch(/^[A-Z][a-z']+ (Subdistrict|Town)$/)
    const out = await anon.rpc('public_place_at', { lon: 100, lat: 10 })
    expect(out.data).toEqual({ inside: false })
    const bad = await anon.rpc('public_place_at', { lon: 181, lat: 10 })
    expect(bad.error?.code).toBe('22023')
    expect(bad.error?.message).toMatch(/not a valid longitude\/latitude/)
  })
})

describe('public_search finds places and the companies whose major hazard sources are disclosed', () => {
  it('finds a company with a major hazard source by name, at an approximate position', async () => {
    const {
      rows: [e],
    } = await sql().query<{ name: string; lon: number; lat: number }>(
      `select e.name, extensions.st_x(e.location) as lon, extensions.st_y(e.location) as lat from public.enterprises e
       where exists (select 1 from public.hazard_sources h where h.enterprise_id = e.id and h.is_major) order by e.name limit 1`,
    )
    const { data, error } = await anon.rpc('public_search', { q: e.name })
    expect(error).toBeNull()
    const hit = data.find((h: { kind: string; name: string }) => h.kind === 'enterprise' && h.name === e.name)
    expect(hit).toBeDefined()
    expect(Object.keys(hit).sort()).toEqual(['kind', 'lat', 'lon', 'name'])
    expect(hit.lon).toBe(approx(e.lon))
    expect(hit.lat).toBe(approx(e.lat))
  })

  it('does not list a company without one, and finds a street by name', async () => {
    const {
      rows: [e],
    } = await sql().query<{ name: string }>(
      `select e.name from public.enterprises e
       where not exists (select 1 from public.hazard_sources h where h.enterprise_id = e.id and h.is_major) order by e.name limit 1`,
    )
    const { data } = await anon.rpc('public_search', { q: e.name })
    expect(data.some((h: { kind: string; name: string }) => h.kind === 'enterprise' && h.name === e.name)).toBe(false)
    const {
      rows: [s],
    } = await sql().query<{ name: string; code: string }>(`select name, code from public.areas where level = 'street' order by code limit 1`)
    const st = await anon.rpc('public_search', { q: s.name })
    expect(st.data.some((h: { kind: string; code: string }) => h.kind === 'area' && h.code === s.code)).toBe(true)
  })
})

describe('anon is refused private columns and the full functions', () => {
  const privateColumns: [string, string][] = [
    ['enterprises', 'name, credit_code, address'],
    ['enterprise_contacts', 'phone, legal_representative, safety_officer'],
    ['hidden_dangers', 'description, tracking_code, status'],
    ['hidden_danger_reporters', 'contact'],
    ['emergency_resources', 'duty_phone'],
    ['risk_points', 'name, enterprise_id'],
    ['hazard_sources', 'name, exposed_population'],
    ['protective_targets', 'name, population'],
  ]
  it.each(privateColumns)('select on %s (%s) → permission denied', async (table, cols) => {
    const { data, error } = await anon.from(table).select(cols).limit(1)
    expect(data).toBeNull()
    expect(error?.code).toBe('42501')
    expect(error?.message).toMatch(/permission denied/)
  })

  it('cannot write a report around the RPC', async () => {
    const { error } = await anon.from('hidden_dangers').insert({ title: '直接写入', location: 'SRID=4326;POINT(113 22.5)' })
    expect(error?.code).toBe('42501')
  })

  it.each([
    ['feature_at', { layer: 'risk_points', lon: 113, lat: 22.5, radius_m: 100 }],
    ['search_enterprises', { q: '化工' }],
    ['area_risk_summary', { level: 'district' }],
    ['hidden_danger_stats', { level: 'district' }],
  ])('rpc %s → permission denied', async (fn, args) => {
    const { data, error } = await anon.rpc(fn, args)
    expect(data).toBeNull()
    expect(error?.code).toBe('42501')
  })
})
