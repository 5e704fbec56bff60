import { describe, expect, it } from 'vitest'
import { ALL_LEVELS, levelCss, levelInfo, levelName, levelRgb, majorGradeName, RISK_LEVELS, riskLevelRgbaTable } from '../../src/domain/levels.ts'
import { DANGER_STATUSES, PROTECTIVE_CLASSES, protectiveRgbaTable, RESOURCE_TYPES } from '../../src/domain/categories.ts'
import { decodeDangerCode, encodeDangerCode } from '../../src/contract/points.ts'

describe('risk levels', () => {
  it('are the four colours of 安委办〔2016〕11号 with the agreed RGB', () => {
    expect(RISK_LEVELS.map((l) => [l.level, l.colour, l.zh, [...l.rgb]])).toEqual([
      [1, 'red', '重大风险', [230, 0, 18]],
      [2, 'orange', '较大风险', [255, 140, 0]],
      [3, 'yellow', '一般风险', [255, 215, 0]],
      [4, 'blue', '低风险', [0, 112, 192]],
    ])
    expect(ALL_LEVELS).toEqual([1, 2, 3, 4])
  })

  it('have names in both languages and a CSS colour', () => {
    for (const l of RISK_LEVELS) {
      expect(levelName(l.level, 'zh')).toBe(l.zh)
      expect(levelName(l.level, 'en')).toMatch(/risk/i)
      expect(levelCss(l.level)).toBe(`rgb(${l.rgb.join(',')})`)
    }
    expect(levelInfo(0)).toBeUndefined()
    expect(levelInfo(5)).toBeUndefined()
    expect(levelRgb(9)).toEqual([128, 128, 128])
  })

  it('RGBA table is indexed by code', () => {
    const t = riskLevelRgbaTable(100)
    expect(Array.from(t.subarray(4, 8))).toEqual([230, 0, 18, 100])
    expect(Array.from(t.subarray(16, 20))).toEqual([0, 112, 192, 100])
    expect(t.length).toBe(1024)
  })

  it('major hazard grades read 一级..四级', () => {
    expect([1, 2, 3, 4].map((g) => majorGradeName(g, 'zh'))).toEqual(['一级', '二级', '三级', '四级'])
    expect(majorGradeName(null, 'zh')).toBe('')
  })
})

describe('categories', () => {
  it('protective classes in code order (1 most sensitive)', () => {
    expect(PROTECTIVE_CLASSES.map((c) => [c.id, c.code])).toEqual([
      ['high_sensitivity', 1],
      ['important', 2],
      ['general_1', 3],
      ['general_2', 4],
      ['general_3', 5],
    ])
    expect(PROTECTIVE_CLASSES[0]!.zh).toBe('高敏感防护目标')
    const t = protectiveRgbaTable()
    expect(Array.from(t.subarray(4, 7))).toEqual([...PROTECTIVE_CLASSES[0]!.rgb])
  })

  it('protective and status colours never reuse a risk-level colour', () => {
    const levelRgbs = RISK_LEVELS.map((l) => l.rgb.join(','))
    for (const c of [...PROTECTIVE_CLASSES, ...DANGER_STATUSES]) expect(levelRgbs).not.toContain(c.rgb.join(','))
  })

  it('hidden-danger codes follow the map_points bit layout', () => {
    expect(DANGER_STATUSES.map((s) => s.id)).toEqual(['reported', 'registered', 'rectifying', 'pending_verification', 'closed', 'rejected'])
    expect(encodeDangerCode('rectifying', true, true)).toBe(2)
    expect(encodeDangerCode('rectifying', false, true)).toBe(2 | 8)
    expect(encodeDangerCode('closed', false, false)).toBe(4 | 8 | 16)
    const d = decodeDangerCode(3 | 16)
    expect(d.status?.id).toBe('pending_verification')
    expect(d.overdue).toBe(true)
    expect(d.major).toBe(false)
    // the most urgent has the smallest code: overdue major first
    expect(encodeDangerCode('closed', true, true)).toBeLessThan(encodeDangerCode('reported', false, true))
    expect(encodeDangerCode('reported', false, true)).toBeLessThan(encodeDangerCode('reported', false, false))
  })

  it('emergency resource types match the database enum', () => {
    expect(RESOURCE_TYPES.map((r) => r.id).sort()).toEqual(['fire_station', 'hospital', 'material_depot', 'rescue_team', 'shelter'])
  })
})
