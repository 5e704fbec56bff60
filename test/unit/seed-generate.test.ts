// The demo-data generator (supabase/seed): deterministic, plausible, and consistent with the
// schema's rules, checked without a database. (The database's own verdict — constraints,
// triggers, DB-computed grades — comes from loading it: test/db and supabase/seed/README.md.)
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import * as turf from '@turf/turf'
import type { MultiPolygon, Polygon, Position } from 'geojson'
import { collectCity, generateCity, type Row, DEFAULT_TODAY } from '../../supabase/seed/generate.ts'
import { isValidCreditCode } from '../../supabase/seed/credit-code.ts'
import { expectedGrade } from '../../supabase/seed/hazards.ts'
import { placeNamePinyin } from '../../supabase/seed/names.ts'
import {
  EMERGENCY_RESOURCE_TYPES,
  ENTERPRISE_RISK_CATEGORIES,
  HIDDEN_DANGER_SOURCES,
  HIDDEN_DANGER_STATUSES,
  INDUSTRIES,
  LEC_BANDS,
  LEC_C,
  LEC_E,
  LEC_L,
  MATRIX_BANDS,
  PROTECTIVE_CLASSES,
  RELOCATION_STATUSES,
  SUBSTANCES,
  TARGET_TYPES,
  URBAN_RISK_CATEGORIES,
  levelOf,
} from '../../supabase/seed/reference.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA } from '../../supabase/seed/demo-users.ts'

const SLOW = 180_000

// --- a small EWKT reader, independent of the generator's writer -------------------------------
function parseEwkt(ewkt: string): { type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: any } {
  const m = /^SRID=4326;(POINT|POLYGON|MULTIPOLYGON)(\(.*\))$/.exec(ewkt)
  if (!m) throw new Error(`not EWKT in 4326: ${ewkt.slice(0, 60)}`)
  let i = 0
  const s = m[2]
  const list = (): any => {
    expect(s[i]).toBe('(')
    i++
    const items: any[] = []
    while (s[i] !== ')') {
      if (s[i] === '(') items.push(list())
      else {
        const end = s.slice(i).search(/[,)]/)
        items.push(
          s
            .slice(i, i + end)
            .trim()
            .split(' ')
            .map(Number),
        )
        i += end
      }
      if (s[i] === ',') i++
    }
    i++
    return items
  }
  const coords = list()
  if (m[1] === 'POINT') return { type: 'Point', coordinates: coords[0] }
  return { type: m[1] === 'POLYGON' ? 'Polygon' : 'MultiPolygon', coordinates: coords }
}
const pointOf = (ewkt: string): Position => {
  const g = parseEwkt(ewkt)
  return g.type === 'Point' ? g.coordinates : turf.centroid(g as Polygon).geometry.coordinates
}

// --- GB 32100-2015, written again from the SQL of app.credit_code_is_valid (foundation migration)
function creditCodeValidLikeSql(code: string): boolean {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false
  let total = 0
  for (let k = 0; k < 17; k++) total += alphabet.indexOf(code[k]) * weights[k]
  return code[17] === alphabet[(31 - (total % 31)) % 31]
}

function digest(rows: Iterable<Row>): string {
  const h = createHash('sha256')
  for (const r of rows) h.update(JSON.stringify(r))
  return h.digest('hex')
}

let city: Record<string, Row[]>
let areaGeom: Map<string, MultiPolygon>

beforeAll(() => {
  city = collectCity({ seed: 42, scale: 1 })
  areaGeom = new Map(city.areas.map((a) => [a.code as string, parseEwkt(a.geom as string) as MultiPolygon]))
}, SLOW)

describe('determinism', () => {
  it(
    'gives identical rows for the same seed and scale, and different rows for another seed',
    () => {
      const again = generateCity({ seed: 42, scale: 1 })
      const other = generateCity({ seed: 43, scale: 1 })
      for (const t of again.tables) expect(digest(t.rows()), t.table).toBe(digest(city[t.table]))
      for (const name of ['enterprises', 'risk_points', 'protective_targets', 'hidden_dangers', 'hazard_sources']) {
        expect(digest(other.table(name).rows()), name).not.toBe(digest(city[name]))
      }
      // Areas are the city's fixed geography: the same for every seed (jurisdictions refer to them).
      expect(digest(other.table('areas').rows())).toBe(digest(city.areas))
    },
    SLOW,
  )

  it(
    'reports exact counts',
    () => {
      for (const t of generateCity({ seed: 42, scale: 1 }).tables) expect(t.count, t.table).toBe(city[t.table].length)
    },
    SLOW,
  )
})

describe('scale 1 (the default demo)', () => {
  it('has the stated orders of magnitude', () => {
    expect(city.enterprises.length).toBe(2000)
    expect(city.enterprise_contacts.length).toBe(2000)
    expect(city.risk_points.length).toBe(10_000)
    expect(city.protective_targets.length).toBe(20_000)
    expect(city.hidden_dangers.length).toBe(3000)
    expect(city.emergency_resources.length).toBe(300)
    expect(city.hazard_sources.length).toBeGreaterThan(200)
    expect(city.hazard_sources.length).toBeLessThan(450)
    expect(city.chemical_parks.length).toBe(2)
    expect(city.areas.length).toBeGreaterThan(1000)
    expect(city.areas.length).toBeLessThan(3000)
  })

  it('marks every row of a table with is_demo as demo data', () => {
    for (const [table, rows] of Object.entries(city)) {
      if (!('is_demo' in rows[0])) continue
      expect(
        rows.every((r) => r.is_demo === true),
        table,
      ).toBe(true)
    }
  })

  it(
    'reaches a million risk points and protective targets at scale 100',
    () => {
      const big = generateCity({ seed: 42, scale: 100 })
      expect(big.table('risk_points').count).toBeGreaterThanOrEqual(1_000_000)
      expect(big.table('protective_targets').count).toBeGreaterThanOrEqual(1_000_000)
    },
    SLOW,
  )
})

describe('areas', () => {
  it('are the city, its 7 real districts, and streets and grids coded under them', () => {
    const byLevel = (l: string) => city.areas.filter((a) => a.level === l)
    expect(byLevel('city').map((a) => a.code)).toEqual(['440700'])
    expect(
      byLevel('district')
        .map((a) => a.code)
        .sort(),
    ).toEqual(['440703', '440704', '440705', '440781', '440783', '440784', '440785'])
    const codes = new Set(city.areas.map((a) => a.code))
    for (const s of byLevel('street')) {
      expect(s.code).toMatch(/^\d{9}$/)
      expect(s.parent_code).toBe((s.code as string).slice(0, 6))
    }
    for (const g of byLevel('grid')) {
      expect(g.code).toMatch(/^\d{12}$/)
      expect(g.parent_code).toBe((g.code as string).slice(0, 9))
    }
    for (const a of city.areas) {
      if (a.parent_code) expect(codes.has(a.parent_code), String(a.code)).toBe(true)
      expect(a.geom).toMatch(/^SRID=4326;MULTIPOLYGON\(/)
    }
    for (const d of byLevel('district')) {
      const n = byLevel('street').filter((s) => s.parent_code === d.code).length
      expect(n).toBeGreaterThanOrEqual(4)
      expect(n).toBeLessThanOrEqual(12)
    }
  })
  it('carry English names for the toggle: streets and towns in pinyin with their kind, grids after their street', () => {
    const byCode = new Map(city.areas.map((a) => [a.code as string, a]))
    for (const a of city.areas) expect(a.name_en, String(a.code)).toMatch(/^[A-Z][a-z']+( [A-Za-z']+)*( Grid \d+)?$/)
    for (const s of city.areas.filter((a) => a.level === 'street')) {
      const kind = (s.name as string).endsWith('街道') ? 'Subdistrict' : 'Town'
      expect(s.name_en).toBe(`${placeNamePinyin((s.name as string).replace(/(街道|镇)$/, ''))} ${kind}`)
    }
    for (const g of city.areas.filter((a) => a.level === 'grid')) {
      const n = /第(\d+)网格$/.exec(g.name as string)![1]
      expect(g.name_en).toBe(`${byCode.get(g.parent_code as string)!.name_en} Grid ${n}`)
    }
  })
})

describe('placeNamePinyin', () => {
  it('writes place names as maps do (GB/T 16159): run together, capitalised, an apostrophe before a, o, e', () => {
    expect(placeNamePinyin('东湖')).toBe('Donghu')
    expect(placeNamePinyin('龙岸')).toBe("Long'an")
    expect(placeNamePinyin('西安')).toBe("Xi'an")
    expect(placeNamePinyin('新会')).toBe('Xinhui')
    expect(placeNamePinyin('沙滘')).toBe('Shajiao')
  })
})

describe('places', () => {
  const sample = <T>(rows: T[], n: number) => rows.filter((_, k) => k % Math.max(1, Math.floor(rows.length / n)) === 0)
  const inside = (p: Position, code: string) => turf.booleanPointInPolygon(p, areaGeom.get(code)!)

  it('puts every sampled point inside the area it claims (turf point-in-polygon)', () => {
    for (const table of ['enterprises', 'risk_points', 'hidden_dangers', 'emergency_resources']) {
      for (const r of sample(city[table], 400)) {
        const p = parseEwkt(r.location as string).coordinates
        expect(inside(p, r.area_code as string), `${table} ${r.id} at ${p} in ${r.area_code}`).toBe(true)
      }
    }
    for (const r of sample(city.protective_targets, 800)) {
      const g = parseEwkt(r.geom as string)
      const vertices: Position[] = g.type === 'Point' ? [g.coordinates] : g.coordinates[0]
      for (const v of vertices) expect(inside(v, r.area_code as string), `target ${r.id} in ${r.area_code}`).toBe(true)
    }
  })

  it('keeps everything inside the city’s districts, coast included', () => {
    const districts = city.areas.filter((a) => a.level === 'district').map((a) => areaGeom.get(a.code as string)!)
    const inCity = (p: Position) => districts.some((d) => turf.booleanPointInPolygon(p, d))
    for (const r of sample(city.risk_points, 1000)) expect(inCity(parseEwkt(r.location as string).coordinates)).toBe(true)
    for (const r of city.hazard_sources) expect(inCity(pointOf(r.geom as string))).toBe(true)
    for (const p of city.chemical_parks) {
      const g = parseEwkt(p.geom as string)
      for (const v of g.coordinates[0][0]) expect(inCity(v)).toBe(true)
    }
  })
})

describe('enterprises', () => {
  it('have valid, unique unified social credit codes (GB 32100-2015)', () => {
    const codes = city.enterprises.map((e) => e.credit_code as string)
    expect(new Set(codes).size).toBe(codes.length)
    for (const c of codes) {
      expect(creditCodeValidLikeSql(c), c).toBe(true)
      expect(isValidCreditCode(c)).toBe(true)
    }
    // The checker itself: a published valid example, and one character changed.
    expect(creditCodeValidLikeSql('91350100M000100Y43')).toBe(true)
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true)
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false)
    expect(isValidCreditCode(codes[1].slice(0, 17) + (codes[1][17] === '0' ? '1' : '0'))).toBe(false)
  })

  it('cover every industry and relocation status, with Chinese names', () => {
    expect(new Set(city.enterprises.map((e) => e.industry_code))).toEqual(new Set(INDUSTRIES))
    expect(new Set(city.enterprises.map((e) => e.relocation_status))).toEqual(new Set(RELOCATION_STATUSES))
    const moving = city.enterprises.filter((e) => e.relocation_status !== 'none').length
    expect(moving).toBeGreaterThan(10)
    expect(moving).toBeLessThan(200) // "mostly none"
    for (const e of city.enterprises) expect(e.name).toMatch(/^[\u4e00-\u9fa5]+(有限公司|集团有限公司)$/)
  })

  it('put chemical plants mostly in the parks, some in the old town', () => {
    const chem = city.enterprises.filter((e) => e.industry_code === 'chemical')
    const inPark = chem.filter((e) => e.chemical_park_id !== null).length
    expect(inPark / chem.length).toBeGreaterThan(0.5)
    expect(inPark).toBeLessThan(chem.length)
  })

  it('include the demo enterprise: a chemical plant in 江海区 with hazard sources, risk points and hidden dangers', () => {
    const e = city.enterprises.find((x) => x.id === DEMO_ENTERPRISE_ID)!
    expect(e.industry_code).toBe('chemical')
    expect((e.area_code as string).startsWith(DEMO_REGULATOR_AREA)).toBe(true)
    expect(city.hazard_sources.filter((h) => h.enterprise_id === e.id).length).toBeGreaterThan(0)
    expect(city.risk_points.filter((r) => r.enterprise_id === e.id).length).toBeGreaterThan(0)
    const dangers = city.hidden_dangers.filter((d) => d.enterprise_id === e.id)
    expect(new Set(dangers.map((d) => d.status))).toEqual(new Set(HIDDEN_DANGER_STATUSES))
  })
})

describe('risk points', () => {
  it('use allowed inputs, both methods, every category, and grade to roughly 3/12/35/50 %', () => {
    const levels = [0, 0, 0, 0, 0]
    let matrix = 0
    for (const r of city.risk_points) {
      let level: number
      if (r.method === 'lec') {
        expect(LEC_L).toContain(r.lec_l)
        expect(LEC_E).toContain(r.lec_e)
        expect(LEC_C).toContain(r.lec_c)
        level = levelOf((r.lec_l as number) * (r.lec_e as number) * (r.lec_c as number) + 1e-9, LEC_BANDS)
      } else {
        matrix++
        expect(r.matrix_l).toBeGreaterThanOrEqual(1)
        expect(r.matrix_s).toBeLessThanOrEqual(5)
        level = levelOf((r.matrix_l as number) * (r.matrix_s as number), MATRIX_BANDS)
      }
      expect(r.level).toBe(level)
      levels[level]++
    }
    const share = (l: number) => levels[l] / city.risk_points.length
    expect(share(1)).toBeGreaterThan(0.015)
    expect(share(1)).toBeLessThan(0.05)
    expect(share(2)).toBeGreaterThan(0.08)
    expect(share(2)).toBeLessThan(0.16)
    expect(share(3)).toBeGreaterThan(0.28)
    expect(share(3)).toBeLessThan(0.42)
    expect(share(4)).toBeGreaterThan(0.42)
    expect(share(4)).toBeLessThan(0.58)
    expect(matrix / city.risk_points.length).toBeGreaterThan(0.05)
    expect(matrix / city.risk_points.length).toBeLessThan(0.3)
    expect(new Set(city.risk_points.map((r) => r.category_code))).toEqual(new Set([...ENTERPRISE_RISK_CATEGORIES, ...URBAN_RISK_CATEGORIES]))
    const urban = city.risk_points.filter((r) => r.enterprise_id === null)
    expect(urban.length).toBeGreaterThan(2000)
    expect(urban.every((r) => (URBAN_RISK_CATEGORIES as readonly string[]).includes(r.category_code as string))).toBe(true)
  })
})

describe('hazard sources', () => {
  it(
    'have inventories that make every GB 18218 grade, and non-major ones',
    () => {
      const gen = generateCity({ seed: 42, scale: 1 })
      const grades = new Set(gen.ctx.hazards.map((h) => expectedGrade(h)))
      expect(grades).toEqual(new Set([0, 1, 2, 3, 4]))
      for (const inv of city.hazard_source_inventory) {
        const name = (inv.substance_id as { ref: { value: string } }).ref.value
        expect(SUBSTANCES.has(name), name).toBe(true)
        expect(inv.max_quantity_t).toBeGreaterThan(0)
      }
      // Recomputed here from the rows: S = Σq/Q decides major or not.
      const byId = new Map<string, number>()
      for (const inv of city.hazard_source_inventory) {
        const s = SUBSTANCES.get((inv.substance_id as { ref: { value: string } }).ref.value)!
        byId.set(inv.hazard_source_id as string, (byId.get(inv.hazard_source_id as string) ?? 0) + (inv.max_quantity_t as number) / s.criticalT)
      }
      for (const h of city.hazard_sources) expect(h.is_major, String(h.name)).toBe(byId.get(h.id as string)! >= 1)
    },
    SLOW,
  )

  it('have required distances for every protective class from an assessment report', () => {
    expect(city.hazard_source_distances.length).toBe(city.hazard_sources.length * PROTECTIVE_CLASSES.length)
    const req = new Map<string, Record<string, number>>()
    for (const d of city.hazard_source_distances) {
      expect(d.basis).toBe('assessment_report')
      const m = req.get(d.hazard_source_id as string) ?? {}
      m[d.target_class as string] = d.required_m as number
      req.set(d.hazard_source_id as string, m)
    }
    for (const m of req.values()) {
      expect(m.high_sensitivity).toBeGreaterThanOrEqual(m.general_1)
      expect(m.general_1).toBeGreaterThanOrEqual(m.general_2)
      expect(m.general_2).toBeGreaterThanOrEqual(m.general_3)
    }
  })

  it('include chemical plants with a school or homes inside their required distance (geodesic, turf)', () => {
    const chemicalIndustries = new Set(['chemical', 'chemical_storage', 'petroleum', 'pharmaceutical'])
    const industry = new Map(city.enterprises.map((e) => [e.id, e.industry_code as string]))
    const req = new Map<string, Record<string, number>>()
    for (const d of city.hazard_source_distances) {
      const m = req.get(d.hazard_source_id as string) ?? {}
      m[d.target_class as string] = d.required_m as number
      req.set(d.hazard_source_id as string, m)
    }
    const near = city.protective_targets
      .filter((t) => ['school', 'kindergarten', 'residential'].includes(t.type_code as string))
      .map((t) => ({ cls: t.target_class as string, p: pointOf(t.geom as string) }))
    const plants = new Set<string>()
    for (const h of city.hazard_sources) {
      if (!chemicalIndustries.has(industry.get(h.enterprise_id)!)) continue
      const c = pointOf(h.geom as string)
      for (const t of near) {
        if (Math.abs(t.p[0] - c[0]) > 0.02 || Math.abs(t.p[1] - c[1]) > 0.02) continue
        if (turf.distance(c, t.p, { units: 'meters' }) < req.get(h.id as string)![t.cls]) {
          plants.add(h.enterprise_id as string)
          break
        }
      }
    }
    expect(plants.size).toBeGreaterThanOrEqual(10)
  })
})

describe('hidden dangers', () => {
  const today = DEFAULT_TODAY
  it('are in every state of the loop with consistent fields', () => {
    const d = city.hidden_dangers
    expect(new Set(d.map((x) => x.status))).toEqual(new Set(HIDDEN_DANGER_STATUSES))
    expect(new Set(d.map((x) => x.source))).toEqual(new Set(HIDDEN_DANGER_SOURCES))
    for (const x of d) {
      const assessed = x.status !== 'reported' && x.status !== 'rejected'
      expect(x.severity === null, String(x.id)).toBe(!assessed)
      expect(x.closed_at !== null).toBe(x.status === 'closed')
      if (x.listing_level !== null) {
        expect(x.severity).toBe('major')
        expect(x.listing_date).not.toBeNull()
        expect(x.supervising_office).not.toBeNull()
      }
      if (['rectifying', 'pending_verification', 'closed'].includes(x.status as string)) {
        expect(x.deadline).not.toBeNull()
        expect(x.rectification_measures).not.toBeNull()
      }
      if (x.closed_at) expect(String(x.closed_at) > String(x.found_at)).toBe(true)
      expect(String(x.found_at).slice(0, 10) <= today).toBe(true)
    }
    const overdue = d.filter((x) => x.status === 'rectifying' && (x.deadline as string) < today)
    expect(overdue.length).toBeGreaterThan(20)
    expect(d.filter((x) => x.listing_level === 'city').length).toBeGreaterThan(0)
    expect(d.filter((x) => x.listing_level === 'district').length).toBeGreaterThan(0)
    expect(new Set(d.map((x) => x.tracking_code)).size).toBe(d.length)
    const reported = new Set(d.filter((x) => x.source === 'public_report').map((x) => x.id))
    expect(city.hidden_danger_reporters.length).toBeGreaterThan(0)
    for (const r of city.hidden_danger_reporters) expect(reported.has(r.hidden_danger_id)).toBe(true)
  })
})

describe('protective targets and emergency resources', () => {
  it('cover every type and class, class = the type’s default, with populations and some footprints', () => {
    expect(new Set(city.protective_targets.map((t) => t.type_code))).toEqual(new Set(Object.keys(TARGET_TYPES)))
    expect(new Set(city.protective_targets.map((t) => t.target_class))).toEqual(new Set(PROTECTIVE_CLASSES))
    for (const t of city.protective_targets) {
      expect(t.target_class).toBe(TARGET_TYPES[t.type_code as string])
      expect(Number.isInteger(t.population) && (t.population as number) >= 0).toBe(true)
    }
    const polygons = city.protective_targets.filter((t) => (t.geom as string).includes('POLYGON')).length
    expect(polygons).toBeGreaterThan(1000)
  })

  it('cover every emergency resource type with a capacity', () => {
    expect(new Set(city.emergency_resources.map((r) => r.resource_type))).toEqual(new Set(EMERGENCY_RESOURCE_TYPES))
    for (const r of city.emergency_resources) {
      expect(r.capacity).toBeGreaterThan(0)
      expect(r.capacity_unit).toBeTruthy()
    }
  })
})
