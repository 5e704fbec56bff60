// The registry forms' pure checks (issue 18): emergency plans (who files, date bounds), rescue teams
// (headcount, base, phone) and who may edit what; the database's twins are in test/db/plan-writes,
// team-writes and stockpile-one-lot.
import { describe, it, expect } from 'vitest'
import { mayEditPlan, planProblems, planRow, type PlanInput } from '../../../src/domain/emergencyPlans.ts'
import { teamProblems, teamRow, type TeamInput } from '../../../src/domain/rescueTeams.ts'

const TODAY = '2026-12-05'
const plan = (over: Partial<PlanInput> = {}): PlanInput => ({
  name: '江海区危化品泄漏专项预案',
  level: 'special',
  owner: 'department',
  owner_enterprise_id: '',
  owner_department: '江海区应急管理局',
  area_code: '440704',
  filed_on: '',
  filing_no: '',
  last_drill_on: '',
  next_evaluation_on: '',
  ...over,
})

describe('planProblems', () => {
  it('passes a complete department plan and names each bad field in Chinese first', () => {
    expect(planProblems(plan(), 'regulator', TODAY)).toEqual([])
    expect(planProblems(plan({ name: '', level: '', owner_department: ' ', area_code: '' }), 'regulator', TODAY).map((p) => [p.field, p.zh])).toEqual([
      ['name', '预案名称：必填'],
      ['level', '请选择预案级别'],
      ['owner_department', '编制部门：必填'],
      ['area_code', '请选择所在区域'],
    ])
  })
  it('bounds the dates: filed and drilled not in the future nor before 1990, evaluation within 10 years', () => {
    expect(planProblems(plan({ filed_on: '2026-12-06' }), 'regulator', TODAY).map((p) => p.zh)).toEqual(['备案日期：不能晚于今天'])
    expect(planProblems(plan({ last_drill_on: '1989-12-31' }), 'regulator', TODAY).map((p) => p.zh)).toEqual(['最近演练日期：不能早于 1990-01-01'])
    expect(planProblems(plan({ next_evaluation_on: '2036-12-05' }), 'regulator', TODAY)).toEqual([])
    expect(planProblems(plan({ next_evaluation_on: '2036-12-06' }), 'regulator', TODAY).map((p) => p.field)).toEqual(['next_evaluation_on'])
    expect(planProblems(plan({ filed_on: '2026-02-30' }), 'regulator', TODAY).map((p) => p.zh)).toEqual(['备案日期：须为有效日期（年-月-日）'])
  })
  it('an enterprise neither names a department nor sends the filing', () => {
    expect(planProblems(plan(), 'enterprise', TODAY).map((p) => p.field)).toEqual(['owner_department'])
    const own = plan({ owner: 'enterprise', owner_enterprise_id: 'e1', filed_on: '2026-01-01', filing_no: 'X' })
    expect(planProblems(own, 'enterprise', TODAY)).toEqual([])
    const row = planRow(own, 'enterprise', '440704001')
    expect(row).not.toHaveProperty('filed_on')
    expect(row).not.toHaveProperty('filing_no')
    expect(row).toMatchObject({ owner_enterprise_id: 'e1', owner_department: null, area_code: '440704001' })
  })
  it('who may edit: a regulator in its area, an enterprise its own plan, not the planner', () => {
    const p = { area_code: '440704001', owner_enterprise_id: 'e1' }
    expect(mayEditPlan({ role: 'regulator', areaCodes: ['440704'], enterpriseId: null }, p)).toBe(true)
    expect(mayEditPlan({ role: 'regulator', areaCodes: ['440703'], enterpriseId: null }, p)).toBe(false)
    expect(mayEditPlan({ role: 'enterprise', areaCodes: [], enterpriseId: 'e1' }, p)).toBe(true)
    expect(mayEditPlan({ role: 'enterprise', areaCodes: [], enterpriseId: 'e2' }, p)).toBe(false)
    expect(mayEditPlan({ role: 'planner', areaCodes: [], enterpriseId: null }, p)).toBe(false)
  })
})

describe('teamProblems', () => {
  const team = (over: Partial<TeamInput> = {}): TeamInput => ({
    name: '江海区危化救援队',
    team_type: 'hazmat',
    headcount: '24',
    equipment: '',
    lon: '113.1',
    lat: '22.57',
    duty_phone: '',
    ...over,
  })
  it('passes a complete team and sends its base as EWKT', () => {
    expect(teamProblems(team())).toEqual([])
    expect(teamRow(team({ duty_phone: ' 0750-1 ' }))).toEqual({
      row: { name: '江海区危化救援队', team_type: 'hazmat', headcount: 24, equipment: null, location: 'SRID=4326;POINT(113.1 22.57)' },
      phone: '0750-1',
    })
  })
  it('refuses fractional or too large headcounts, coordinates out of range and a phone with letters', () => {
    expect(teamProblems(team({ headcount: '1.5' })).map((p) => p.field)).toEqual(['headcount'])
    expect(teamProblems(team({ headcount: '100001' })).map((p) => p.field)).toEqual(['headcount'])
    expect(teamProblems(team({ lon: '180.5', lat: 'x' })).map((p) => p.field)).toEqual(['lon', 'lat'])
    expect(teamProblems(team({ duty_phone: 'call me' })).map((p) => p.zh)).toEqual(['值班电话：须为 3–20 位数字、空格、+ 或 -'])
  })
})
