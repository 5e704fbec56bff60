// The public view's protective advice (src/domain/publicAdvice.ts) and how it reads the
// database's refusals of a report (src/features/public/reportErrors.ts).
import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import {
  CATEGORY_ADVICE,
  EMERGENCY_NUMBERS,
  RESOURCE_ADVICE,
  formatDistance,
  generalAdvice,
  majorHazardAdvice,
  resourceAdvice,
  riskPointAdvice,
  roundUpDistance,
} from '../../src/domain/publicAdvice.ts'
import { cleanedLength, explainReportError } from '../../src/features/public/reportErrors.ts'
import { MESSAGES } from '../../src/features/public/messages.ts'

/** The category codes the reference migration inserts (parsed from the SQL, not from the module). */
const migrationCategories = (() => {
  const sql = readFileSync(new URL('../../supabase/migrations/20261204100200_reference.sql', import.meta.url), 'utf8')
  const block = sql.slice(sql.indexOf('insert into public.risk_point_categories values'))
  const end = block.indexOf(';')
  return [...block.slice(0, end).matchAll(/\(\s*'([a-z_]+)'\s*,/g)].map((m) => m[1])
})()

describe('protective advice per category and level', () => {
  it('covers every risk-point category of the database, in Chinese and English', () => {
    expect(migrationCategories.length).toBeGreaterThan(10)
    for (const code of migrationCategories) {
      expect(CATEGORY_ADVICE[code], code).toBeDefined()
      for (const lang of ['zh', 'en'] as const) {
        for (const level of [1, 2, 3, 4]) {
          const lines = riskPointAdvice(code, level, lang)
          expect(lines.length, `${code} ${lang} ${level}`).toBeGreaterThan(0)
          for (const l of lines) expect(l.trim().length).toBeGreaterThan(4)
        }
      }
      // zh lines are Chinese, en lines are not
      expect(riskPointAdvice(code, 3, 'zh').join('')).toMatch(/[\u4e00-\u9fff]/)
      expect(riskPointAdvice(code, 3, 'en').join('')).not.toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('tells people near fire, explosion and toxic-release risks to leave upwind, and red/orange adds the evacuation route', () => {
    for (const code of ['hazardous_process', 'storage_tank', 'warehouse']) {
      expect(riskPointAdvice(code, 3, 'zh').join('')).toContain('上风向')
      expect(riskPointAdvice(code, 3, 'en').join(' ')).toMatch(/upwind/i)
    }
    const red = riskPointAdvice('storage_tank', 1, 'zh')
    const blue = riskPointAdvice('storage_tank', 4, 'zh')
    expect(red.length).toBeGreaterThan(blue.length)
    expect(red[0]).toContain('重大风险')
    expect(red.join('')).toContain('撤离路线')
    expect(blue.join('')).not.toContain('撤离路线')
    expect(riskPointAdvice('storage_tank', 2, 'en')[0]).toMatch(/^Significant risk/)
  })

  it('has no duplicate lines and falls back to general advice for an unknown category', () => {
    for (const code of migrationCategories) {
      const lines = riskPointAdvice(code, 1, 'zh')
      expect(new Set(lines).size).toBe(lines.length)
    }
    const unknown = riskPointAdvice('no_such_category', 3, 'zh')
    expect(unknown.length).toBeGreaterThan(0)
    expect(unknown.join('')).toContain('119')
  })

  it('gives major hazard sources their distance, rounded up to a readable step', () => {
    expect(roundUpDistance(710)).toBe(750)
    expect(roundUpDistance(750)).toBe(750)
    expect(roundUpDistance(1234)).toBe(1300)
    expect(roundUpDistance(0)).toBe(0)
    const zh = majorHazardAdvice(4, 710, 'zh')
    expect(zh[0]).toContain('750 米')
    expect(majorHazardAdvice(1, 1234, 'en')[0]).toContain('1.3 km')
    // grades 一级/二级 add the shelter line; 四级 does not
    expect(majorHazardAdvice(1, 500, 'zh').length).toBe(majorHazardAdvice(4, 500, 'zh').length + 1)
    // unknown distance: still advice, no number
    expect(majorHazardAdvice(3, null, 'zh')[0]).not.toMatch(/\d/)
    expect(majorHazardAdvice(3, null, 'zh').join('')).toContain('上风向')
  })

  it('formats distances for people', () => {
    expect(formatDistance(20, 'zh')).toBe('50 米以内')
    expect(formatDistance(20, 'en')).toBe('within 50 m')
    expect(formatDistance(346, 'zh')).toBe('350 米')
    expect(formatDistance(1000, 'zh')).toBe('1 公里')
    expect(formatDistance(2960, 'en')).toBe('3 km')
    expect(formatDistance(Number.NaN, 'zh')).toBe('')
  })

  it('lists the emergency numbers 119, 120, 110 and 12350, and advice for public facilities', () => {
    expect(EMERGENCY_NUMBERS.map((n) => n.number)).toEqual(['119', '120', '110', '12350'])
    for (const n of EMERGENCY_NUMBERS) expect(n.zh && n.en).toBeTruthy()
    for (const t of ['shelter', 'hospital', 'fire_station']) {
      expect(RESOURCE_ADVICE[t]).toBeDefined()
      expect(resourceAdvice(t, 'zh')[0]).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(resourceAdvice('material_depot', 'zh')).toEqual([])
    expect(generalAdvice('zh').join('')).toContain('12350')
  })
})

describe('the database refusals of a report, in plain words', () => {
  // The messages below are the ones report_hidden_danger raises (hidden_danger_lifecycle.sql).
  it('reads the hourly limit, a duplicate (with its code), outside the region and length', () => {
    expect(explainReportError('54000', 'too many reports from this address in the last hour (at most 5); please call 12350')).toEqual({
      key: 'err.rateLimit',
      vars: { max: 5 },
    })
    expect(explainReportError('23505', 'an identical report was already received here (tracking code YH261124ABCDEF12)')).toEqual({
      key: 'err.duplicate',
      vars: { code: 'YH261124ABCDEF12' },
    })
    expect(explainReportError('22023', 'location (100, 10) is outside the area this service covers').key).toBe('err.outside')
    expect(explainReportError('22023', 'description must be 10 to 2000 characters (got 2001)')).toEqual({
      key: 'err.length',
      vars: { min: 10, max: 2000, got: 2001 },
    })
    expect(explainReportError('22023', 'contact must be at most 100 characters')).toEqual({ key: 'err.contact', vars: { max: 100 } })
    expect(explainReportError('22023', 'location (null, 1) is not a valid longitude/latitude').key).toBe('err.location')
    expect(explainReportError(undefined, 'TypeError: Failed to fetch').key).toBe('err.network')
    expect(explainReportError('XX000', 'something else').key).toBe('err.unknown')
  })

  it('has a message in both languages for every key, with the same placeholders', () => {
    const keys = ['err.rateLimit', 'err.duplicate', 'err.outside', 'err.length', 'err.contact', 'err.location', 'err.network', 'err.unknown'] as const
    for (const k of keys) {
      const m = MESSAGES[k]
      expect(m.zh && m.en, k).toBeTruthy()
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort()
      expect(vars(m.zh), k).toEqual(vars(m.en))
    }
  })

  it('counts a description as the database stores it (trimmed, whitespace runs as one space)', () => {
    expect(cleanedLength('  储罐  阀门\n\n泄漏 ')).toBe(8)
    expect(cleanedLength('a\tb')).toBe(3)
    expect(cleanedLength('')).toBe(0)
  })
})
