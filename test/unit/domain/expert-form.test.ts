// The expert form's pure checks (issue 18, 专家): the database's twins are in test/db/expert-writes.
import { describe, it, expect } from 'vitest'
import { expertProblems, expertRow, expertStale, type ExpertInput } from '../../../src/domain/emergencyExperts.ts'

const TODAY = '2026-12-05'
const expert = (over: Partial<ExpertInput> = {}): ExpertInput => ({
  name: '李明华',
  specialty: 'hazardous_chemicals',
  organisation: '江门市应急管理研究院',
  title: '高级工程师',
  area_code: '440704',
  last_verified_on: '2026-06-01',
  phone: '138 0000 1111',
  ...over,
})

describe('expertProblems', () => {
  it('passes a complete expert, and one with only the required fields', () => {
    expect(expertProblems(expert(), TODAY)).toEqual([])
    expect(expertProblems(expert({ organisation: '', title: '', last_verified_on: '', phone: '' }), TODAY)).toEqual([])
  })
  it('names each bad field in Chinese first', () => {
    expect(expertProblems(expert({ name: ' ', specialty: '', area_code: '' }), TODAY).map((p) => [p.field, p.zh])).toEqual([
      ['name', '专家姓名：必填'],
      ['specialty', '请选择专业领域'],
      ['area_code', '请选择所在区域'],
    ])
    expect(expertProblems(expert({ name: '王' }), TODAY).map((p) => [p.zh, p.en])).toEqual([['专家姓名：2–100 个字符', 'Name: 2 to 100 characters']])
    expect(expertProblems(expert({ name: '王'.repeat(101) }), TODAY).map((p) => p.field)).toEqual(['name'])
    expect(expertProblems(expert({ name: '王'.repeat(100) }), TODAY)).toEqual([])
    expect(expertProblems(expert({ organisation: '单'.repeat(201), title: '职'.repeat(101) }), TODAY).map((p) => p.field)).toEqual(['organisation', 'title'])
    expect(expertProblems(expert({ phone: '请拨打' }), TODAY).map((p) => p.zh)).toEqual(['联系电话：须为 3–20 位数字、空格、+ 或 -'])
    expect(expertProblems(expert({ phone: '1'.repeat(21) }), TODAY).map((p) => p.field)).toEqual(['phone'])
  })
  it('bounds the last verified date: a real date, from 1990, not after today', () => {
    expect(expertProblems(expert({ last_verified_on: TODAY }), TODAY)).toEqual([])
    expect(expertProblems(expert({ last_verified_on: '2026-12-06' }), TODAY).map((p) => p.zh)).toEqual(['最近核实日期：不能晚于今天'])
    expect(expertProblems(expert({ last_verified_on: '1989-12-31' }), TODAY).map((p) => p.zh)).toEqual(['最近核实日期：不能早于 1990-01-01'])
    expect(expertProblems(expert({ last_verified_on: '2026-02-30' }), TODAY).map((p) => p.zh)).toEqual(['最近核实日期：须为有效日期（年-月-日）'])
  })
})

describe('expertRow and expertStale', () => {
  it('sends cleaned text, empty optional fields as null, and the phone apart', () => {
    expect(expertRow(expert({ name: '  李  明华 ', organisation: ' ', title: '', last_verified_on: '', phone: ' ' }))).toEqual({
      row: { name: '李 明华', specialty: 'hazardous_chemicals', organisation: null, title: null, area_code: '440704', last_verified_on: null },
      phone: null,
    })
    expect(expertRow(expert()).phone).toBe('138 0000 1111')
  })
  it('flags a record not verified within 12 months, or never', () => {
    expect(expertStale(null, TODAY)).toBe(true)
    expect(expertStale('2025-12-05', TODAY)).toBe(false)
    expect(expertStale('2025-12-04', TODAY)).toBe(true)
  })
})
