// Building blocks of the demo-data generator: credit codes, ids, randomness, SQL text, and
// the generator's mirror of the reference tables checked against the migration itself.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as turf from '@turf/turf'
import { creditCheckChar, isValidCreditCode, makeCreditCode, orgCodeCheckChar } from '../../supabase/seed/credit-code.ts'
import { demoUuid } from '../../supabase/seed/ids.ts'
import { Rng, rowRng } from '../../supabase/seed/prng.ts'
import { distanceMetres, pointInMultiPolygon } from '../../supabase/seed/geo.ts'
import { insertSql, literal, quote } from '../../supabase/seed/sql.ts'
import { sqlRef } from '../../supabase/seed/context.ts'
import { TABLE_COLUMNS } from '../../supabase/seed/generate.ts'
import {
  LEC_C,
  LEC_E,
  LEC_L,
  SUBSTANCE_ROWS,
  TARGET_TYPES,
  INDUSTRIES,
  ENTERPRISE_RISK_CATEGORIES,
  URBAN_RISK_CATEGORIES,
} from '../../supabase/seed/reference.ts'
import { DEMO_USERS, DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, appMetaData } from '../../supabase/seed/demo-users.ts'

const migration = (name: string) => readFileSync(new URL(`../../supabase/migrations/${name}`, import.meta.url), 'utf8')

describe('credit codes (GB 32100-2015)', () => {
  it('computes the check character of published examples', () => {
    expect(creditCheckChar('91350100M000100Y4')).toBe('3')
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true)
    // The organisation code part (GB 11714) has its own check: M000100Y → 4.
    expect(orgCodeCheckChar('M000100Y')).toBe('4')
  })

  it('makes valid, distinct codes', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) {
      const c = makeCreditCode('440704', i, 12345)
      expect(isValidCreditCode(c), c).toBe(true)
      expect(c.slice(2, 8)).toBe('440704')
      seen.add(c.slice(8, 16))
    }
    expect(seen.size).toBe(5000)
  })
})

describe('ids and randomness', () => {
  it('gives UUID v4-shaped, unique, per-table ids', () => {
    const ids = new Set<string>()
    for (const t of Object.keys(TABLE_COLUMNS)) for (let i = 0; i < 2000; i++) ids.add(demoUuid(1, t, i))
    expect(ids.size).toBe(Object.keys(TABLE_COLUMNS).length * 2000)
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(demoUuid(1, 'x', 7)).toBe(demoUuid(1, 'x', 7))
    expect(demoUuid(1, 'x', 7)).not.toBe(demoUuid(2, 'x', 7))
  })

  it('repeats a row generator’s sequence for the same (seed, stream, index)', () => {
    const a = rowRng(42, 'risk-point', 9),
      b = rowRng(42, 'risk-point', 9),
      c = rowRng(42, 'risk-point', 10)
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.next())
    const sa = seq(a)
    expect(seq(b)).toEqual(sa)
    expect(seq(c)).not.toEqual(sa)
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true)
  })
})

describe('geometry helpers agree with turf', () => {
  it('point in polygon and geodesic distance', () => {
    const poly = turf.polygon([
      [
        [113, 22.5],
        [113.1, 22.5],
        [113.1, 22.6],
        [113.05, 22.55],
        [113, 22.6],
        [113, 22.5],
      ],
    ])
    const rng = new Rng(3)
    for (let k = 0; k < 2000; k++) {
      const p: [number, number] = [rng.float(112.98, 113.12), rng.float(22.48, 22.62)]
      expect(pointInMultiPolygon(p[0], p[1], [poly.geometry.coordinates as [number, number][][]])).toBe(turf.booleanPointInPolygon(p, poly))
    }
    const a: [number, number] = [113.08, 22.6],
      b: [number, number] = [113.09, 22.61]
    expect(distanceMetres(a, b)).toBeCloseTo(turf.distance(a, b, { units: 'meters' }), 3)
  })
})

describe('SQL text', () => {
  it('quotes literals and resolves references by name', () => {
    expect(quote("O'Brien")).toBe("'O''Brien'")
    expect(literal(null)).toBe('null')
    expect(literal(0.5)).toBe('0.5')
    expect(literal(true)).toBe('true')
    expect(literal(sqlRef('substances', 'name_zh', '氨'))).toBe("(select id from public.substances where name_zh = '氨')")
    expect(() => literal(undefined)).toThrow()
    expect(() => literal(Number.NaN)).toThrow()
    expect(insertSql('areas', ['code', 'name'], [{ code: '440700', name: '江门市' }])).toBe(
      "insert into public.areas (code, name) values\n('440700', '江门市');\n",
    )
  })
})

describe('the generator’s reference data matches the migrations', () => {
  const ref = migration('20261204100200_reference.sql')

  it('substances: names, critical quantities, β and categories', () => {
    const rows = [...ref.matchAll(/\('([^']+)', '[^']*', '[^']*', ([\d.]+), (null|[\d.]+), '([^']+)'\)/g)].map(
      (m) => [m[1], Number(m[2]), m[3] === 'null' ? null : Number(m[3]), m[4]] as const,
    )
    expect(rows.length).toBe(SUBSTANCE_ROWS.length)
    expect(rows).toEqual(SUBSTANCE_ROWS.map((r) => [...r]))
  })

  it('protective target types and their default classes, industries, risk categories, LEC values', () => {
    for (const code of Object.keys(TARGET_TYPES)) expect(ref).toContain(`('${code}', `)
    for (const [code, cls] of Object.entries(TARGET_TYPES)) expect(ref).toMatch(new RegExp(`\\('${code}', '[^']+', '[^']+', '${cls}'\\)`))
    for (const code of INDUSTRIES) expect(ref).toContain(`('${code}',`)
    for (const code of ENTERPRISE_RISK_CATEGORIES) expect(ref).toMatch(new RegExp(`\\('${code}',\\s+'[^']+', '[^']+', 'enterprise'`))
    for (const code of URBAN_RISK_CATEGORIES) expect(ref).toMatch(new RegExp(`\\('${code}',\\s+'[^']+', '[^']+', 'urban'`))
    for (const [f, values] of [
      ['L', LEC_L],
      ['E', LEC_E],
      ['C', LEC_C],
    ] as const)
      for (const v of values) expect(ref).toContain(`('${f}', ${v}, `)
  })

  it('the credit-code check of the foundation migration uses the same alphabet and weights', () => {
    const f = migration('20261204100100_foundation.sql')
    expect(f).toContain("'0123456789ABCDEFGHJKLMNPQRTUWXY'")
    expect(f).toContain('array[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]')
  })
})

describe('demo users', () => {
  it('one per role, fixed ids, the documented claims', () => {
    expect(DEMO_USERS.map((u) => u.role).sort()).toEqual(['admin', 'command', 'enterprise', 'planner', 'regulator'])
    expect(new Set(DEMO_USERS.map((u) => u.id)).size).toBe(5)
    const regulator = DEMO_USERS.find((u) => u.role === 'regulator')!
    expect(appMetaData(regulator)).toEqual({ provider: 'email', providers: ['email'], app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] })
    expect(appMetaData(DEMO_USERS.find((u) => u.role === 'enterprise')!).enterprise_id).toBe(DEMO_ENTERPRISE_ID)
  })
})
