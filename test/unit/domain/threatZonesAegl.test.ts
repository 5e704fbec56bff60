// Substance data verification (issue 20): every value checked against a citable text is pinned here to
// the cited figure, with its citation; the values not checked are listed explicitly, so a change to the
// set (a value verified, or a verified one edited) shows up as a failing test.
import { describe, expect, it } from 'vitest'
import {
  aeglSource,
  CITE_CL2,
  CITE_H2_LHV,
  CITE_H2S,
  CITE_HCL_AEGL1,
  CITE_HCN,
  CITE_HF_AEGL1,
  CITE_NUREG1805_POOL,
  CITE_SO2,
  SUBSTANCES,
  type AeglLevel,
  type PoolFireField,
} from '../../../src/domain/threatZones.ts'

const sub = (zh: string) => SUBSTANCES.find((s) => s.name_zh === zh)!
const tox = (zh: string) => sub(zh).toxic!
const LEVELS: readonly AeglLevel[] = ['aegl1', 'aegl2', 'aegl3']
const ppm = (zh: string, l: AeglLevel) => tox(zh)[`${l}_ppm`]

// name_zh → level → [ppm as read in the cited text, citation]
const VERIFIED_AEGL: Record<string, Partial<Record<AeglLevel, [number, string]>>> = {
  氯: { aegl1: [0.5, CITE_CL2], aegl2: [2.0, CITE_CL2], aegl3: [20, CITE_CL2] },
  硫化氢: { aegl1: [0.51, CITE_H2S], aegl2: [27, CITE_H2S], aegl3: [50, CITE_H2S] },
  氰化氢: { aegl1: [2.0, CITE_HCN] },
  氟化氢: { aegl1: [1.0, CITE_HF_AEGL1] },
  二氧化硫: { aegl1: [0.2, CITE_SO2], aegl2: [0.75, CITE_SO2] },
  '氯化氢（无水）': { aegl1: [1.8, CITE_HCL_AEGL1] },
}

// the levels no citable text was found for (value as transcribed, still "(verify)")
const UNVERIFIED_AEGL: Record<string, Partial<Record<AeglLevel, number | null>>> = {
  氨: { aegl1: 30, aegl2: 160, aegl3: 1100 },
  氰化氢: { aegl2: 7.1, aegl3: 15 },
  碳酰氯: { aegl1: null, aegl2: 0.3, aegl3: 0.75 },
  氟化氢: { aegl2: 24, aegl3: 44 },
  二氧化硫: { aegl3: 30 },
  '氯化氢（无水）': { aegl2: 22, aegl3: 100 },
  '甲醛（含量>90%）': { aegl1: 0.9, aegl2: 14, aegl3: 56 },
  一氧化碳: { aegl1: null, aegl2: 83, aegl3: 330 },
}

const POOL_ALL: readonly PoolFireField[] = ['burning_rate', 'k_beta', 'heat_of_combustion']
// name_zh → [m″∞ kg/m²·s, kβ 1/m (null: NUREG-1805's 100 m⁻¹, i.e. m″∞), ΔHc kJ/kg] as read in NUREG-1805
const VERIFIED_POOL: Record<string, [number, number | null, number]> = {
  汽油: [0.055, 2.1, 43_700],
  苯: [0.085, 2.7, 40_100],
  丙酮: [0.041, 1.9, 25_800],
  甲醇: [0.017, null, 20_000],
  乙醇: [0.015, null, 26_800],
}
const UNVERIFIED_POOL = ['液化石油气', '甲烷、天然气']
const VERIFIED_VCE: Record<string, [number, string]> = { 氢: [119_960, CITE_H2_LHV] }
const UNVERIFIED_VCE = ['液化石油气', '甲烷、天然气', '乙烯', '乙炔']

describe('AEGL values pinned to their cited source', () => {
  it('hydrogen cyanide: AEGL-1 (1 h) 2.0 ppm, NRC 2002 (the table had the 8-hour 1.0 ppm)', () => {
    expect(tox('氰化氢').aegl1_ppm).toBe(2.0)
    expect(tox('氰化氢').verified).toEqual(['aegl1'])
    expect(tox('氰化氢').citations).toEqual({ aegl1: CITE_HCN })
  })

  it('sulfur dioxide: AEGL-1 0.20 ppm and AEGL-2 0.75 ppm, NRC 2010 vol. 8 ch. 9', () => {
    expect([tox('二氧化硫').aegl1_ppm, tox('二氧化硫').aegl2_ppm]).toEqual([0.2, 0.75])
    expect(tox('二氧化硫').verified).toEqual(['aegl1', 'aegl2'])
  })

  it('every verified level equals the figure read in its cited text, and carries that citation', () => {
    for (const [zh, levels] of Object.entries(VERIFIED_AEGL)) {
      const t = tox(zh)
      const want = Object.keys(levels) as AeglLevel[]
      expect([...(t.verified ?? [])].sort(), zh).toEqual([...want].sort())
      for (const l of want) {
        const [value, cite] = levels[l]!
        expect(ppm(zh, l), `${zh} ${l}`).toBe(value)
        expect(t.citations?.[l], `${zh} ${l}`).toBe(cite)
      }
    }
  })

  it('the unverified levels are exactly these, and the screen says "(verify)" after them', () => {
    for (const s of SUBSTANCES) {
      if (!s.toxic) continue
      const open = LEVELS.filter((l) => !(s.toxic!.verified ?? []).includes(l))
      const listed = Object.keys(UNVERIFIED_AEGL[s.name_zh] ?? {})
      expect(open, s.name_zh).toEqual(listed)
      for (const l of open) {
        expect(ppm(s.name_zh, l), `${s.name_zh} ${l}`).toBe(UNVERIFIED_AEGL[s.name_zh]![l])
        expect(s.toxic.citations?.[l], `${s.name_zh} ${l} has no citation`).toBeUndefined()
      }
      expect(s.toxic.source, s.name_zh).toBe(aeglSource(s.toxic.verified))
      if (open.length) expect(s.toxic.source, s.name_zh).toContain('(verify)')
      else expect(s.toxic.source, s.name_zh).not.toContain('verify')
    }
    // every substance with levels is in one of the two lists
    const named = new Set([...Object.keys(VERIFIED_AEGL), ...Object.keys(UNVERIFIED_AEGL)])
    expect(SUBSTANCES.filter((s) => s.toxic).every((s) => named.has(s.name_zh))).toBe(true)
  })

  it('the source names the open levels', () => {
    expect(aeglSource()).toBe('US EPA AEGL, 60 min (epa.gov/aegl) (verify)')
    expect(aeglSource(['aegl1'])).toBe('US EPA AEGL, 60 min (epa.gov/aegl); AEGL-2, AEGL-3 (verify)')
    expect(aeglSource(['aegl1', 'aegl2'])).toBe('US EPA AEGL, 60 min (epa.gov/aegl); AEGL-3 (verify)')
    expect(aeglSource(LEVELS)).toBe('US EPA AEGL, 60 min (epa.gov/aegl)')
  })
})

describe('pool-fire and explosion data pinned to their cited source', () => {
  it('NUREG-1805 burning-rate table: m″∞, kβ and ΔHc for gasoline, benzene, acetone, methanol, ethanol', () => {
    for (const [zh, [m, kb, hc]] of Object.entries(VERIFIED_POOL)) {
      const p = sub(zh).poolFire!
      expect([p.burning_rate_kg_m2_s, p.k_beta_per_m, p.heat_of_combustion_kj_kg], zh).toEqual([m, kb, hc])
      expect(p.verified, zh).toEqual(POOL_ALL)
      expect(p.citation, zh).toBe(CITE_NUREG1805_POOL)
      expect(p.source, zh).not.toContain('verify')
    }
  })

  it('the unverified pool-fire data are exactly LPG and LNG, marked "(verify)"', () => {
    const open = SUBSTANCES.filter((s) => s.poolFire && !s.poolFire.verified?.length).map((s) => s.name_zh)
    expect(open).toEqual(UNVERIFIED_POOL)
    for (const zh of open) {
      expect(sub(zh).poolFire!.source, zh).toContain('(verify)')
      expect(sub(zh).poolFire!.citation, zh).toBeUndefined()
    }
    expect(Object.keys(VERIFIED_POOL).length + UNVERIFIED_POOL.length).toBe(SUBSTANCES.filter((s) => s.poolFire).length)
  })

  it('VCE heat of combustion: hydrogen 119.96 MJ/kg cited; the others listed as unverified', () => {
    for (const [zh, [v, cite]] of Object.entries(VERIFIED_VCE)) {
      expect(sub(zh).vceHeatOfCombustion_kj_kg, zh).toBe(v)
      expect(sub(zh).vceHeatOfCombustionCitation, zh).toBe(cite)
    }
    const open = SUBSTANCES.filter((s) => s.vceHeatOfCombustion_kj_kg !== undefined && !s.vceHeatOfCombustionCitation).map((s) => s.name_zh)
    expect(open).toEqual(UNVERIFIED_VCE)
  })
})
