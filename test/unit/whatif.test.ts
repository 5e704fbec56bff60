// The what-if editor's pure parts: typed text → the GB 18218 calculator (never throws), and the
// area risk map's join of summary levels onto area polygons.
import { describe, expect, it } from 'vitest'
import { parseNumberInput, whatIfAssess } from '../../src/domain/whatIf.ts'
import type { ReferenceData } from '../../src/domain/majorHazard.ts'
import { areaRiskColorExpression, joinAreaRisk } from '../../src/map/layers/areaRisk.ts'
import { levelCss } from '../../src/domain/levels.ts'
import type { AreaCollection } from '../../src/data/mapApi.ts'

// A small slice of the reference tables (DOMAIN.md values): 氨 Q 10 β 2 (table 3), 甲苯 Q 500 W5.3 β 1.
const REF: ReferenceData = {
  substances: [
    { name_zh: '氨', cas: '7664-41-7', critical_t: 10, toxic_gas_beta: 2, hazard_category: 'J3' },
    { name_zh: '甲苯', cas: '108-88-3', critical_t: 500, toxic_gas_beta: null, hazard_category: 'W5.3' },
  ],
  categories: [
    { code: 'J3', critical_t: 50, beta: 2 },
    { code: 'W5.3', critical_t: 1000, beta: 1 },
  ],
  alphaBands: [
    { min_people: 100, alpha: 2 },
    { min_people: 50, alpha: 1.5 },
    { min_people: 30, alpha: 1.2 },
    { min_people: 1, alpha: 1 },
    { min_people: 0, alpha: 0.5 },
  ],
  gradeBands: [
    { grade: 1, min_r: 100 },
    { grade: 2, min_r: 50 },
    { grade: 3, min_r: 10 },
    { grade: 4, min_r: 0 },
  ],
}

describe('parseNumberInput', () => {
  it('reads plain, decimal-comma and full-width numbers', () => {
    expect(parseNumberInput(' 12.5 ')).toBe(12.5)
    expect(parseNumberInput('3,5')).toBe(3.5)
    expect(parseNumberInput('１２')).toBe(12)
    expect(parseNumberInput('-5')).toBe(-5)
    expect(parseNumberInput('1e2')).toBe(100)
  })
  it('returns the text when it is not a number', () => {
    expect(parseNumberInput('abc')).toBe('abc')
    expect(parseNumberInput('12t')).toBe('12t')
    expect(parseNumberInput('')).toBe('')
  })
})

describe('whatIfAssess', () => {
  it('recomputes S, α, R and the grade', () => {
    // 氨 150 t, 0 people: S = 15, α = 0.5, R = 0.5 · 2 · 15 = 15 → 三级
    const r = whatIfAssess([{ substance: '氨', quantity: '150' }], '0', REF)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.assessment.s).toBe(15)
    expect(r.assessment.alpha).toBe(0.5)
    expect(r.assessment.r).toBe(15)
    expect(r.assessment.grade).toBe(3)
    // 120 people: α = 2, R = 60 → 二级
    const r2 = whatIfAssess([{ substance: '氨', quantity: '150' }], '120', REF)
    expect(r2.ok && r2.assessment.grade).toBe(2)
  })
  it('is not major below S = 1', () => {
    const r = whatIfAssess(
      [
        { substance: '氨', quantity: '5' },
        { substance: '甲苯', quantity: '100' },
      ],
      '10',
      REF,
    )
    expect(r.ok && r.assessment.is_major).toBe(false)
    expect(r.ok && r.assessment.grade).toBe(null)
  })
  it('gives the calculator message, not an exception, for invalid input', () => {
    const neg = whatIfAssess([{ substance: '氨', quantity: '-5' }], '0', REF)
    expect(neg).toEqual({ ok: false, error: expect.stringContaining('must not be negative') })
    const text = whatIfAssess([{ substance: '氨', quantity: 'abc' }], '0', REF)
    expect(text.ok).toBe(false)
    expect(!text.ok && text.error).toContain('must be a number')
    const empty = whatIfAssess([{ substance: '氨', quantity: '' }], '0', REF)
    expect(!empty.ok && empty.error).toContain('got nothing')
    const people = whatIfAssess([{ substance: '氨', quantity: '1' }], '-3', REF)
    expect(!people.ok && people.error).toContain('must not be negative')
    const peopleText = whatIfAssess([{ substance: '氨', quantity: '1' }], 'many', REF)
    expect(!peopleText.ok && peopleText.error).toContain('exposed_population')
    const unknown = whatIfAssess([{ substance: '不存在的物质', quantity: '1' }], '0', REF)
    expect(!unknown.ok && unknown.error).toContain('unknown substance')
  })
  it('an empty inventory is not major', () => {
    const r = whatIfAssess([], '0', REF)
    expect(r.ok && r.assessment.s).toBe(0)
  })
})

describe('joinAreaRisk', () => {
  const poly = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
  }
  const fc: AreaCollection = {
    type: 'FeatureCollection',
    features: ['440701', '440703', '440704'].map((code) => ({
      type: 'Feature',
      geometry: poly,
      properties: { code, name: code, name_en: null, level: 'district' as const, parent_code: null },
    })),
  }
  it('puts the summary level on each area by code; none = 0', () => {
    const rp = { '1': 0, '2': 0, '3': 0, '4': 0 }
    const out = joinAreaRisk(fc, [
      { code: '440703', name: 'x', risk_points: rp, level: 1 },
      { code: '440704', name: 'y', risk_points: rp, level: null },
    ])
    expect(out.features.map((f) => f.properties!.risk_level)).toEqual([0, 1, 0])
  })
  it('colours by the one colour module', () => {
    const e = areaRiskColorExpression()
    expect(e.slice(0, 2)).toEqual(['match', ['get', 'risk_level']])
    expect(e[e.indexOf(1) + 1]).toBe(levelCss(1))
    expect(e[e.indexOf(4) + 1]).toBe(levelCss(4))
  })
})
