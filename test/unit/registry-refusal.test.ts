// The registry forms' refusals in words (issue 18): PostgREST's bare row-security refusal (42501)
// turned into what was refused and why, per table and the caller's role, the database's text kept.
import { describe, it, expect } from 'vitest'
import { refusalText } from '../../src/data/registryRefusal.ts'

const rls = (table: string) => ({ message: `new row violates row-level security policy for table "${table}"`, code: '42501' })
const regulator = { role: 'regulator', jurisdiction: '江海区' }

describe('refusalText', () => {
  it('says what a regulator may not do outside its district, per registry, and keeps the database’s text', () => {
    expect(refusalText(rls('emergency_experts'), regulator)).toEqual({
      words: {
        zh: '无权在该区域登记专家：只能登记、修改本辖区（江海区）的专家。',
        en: 'Not allowed to record experts in that area: you register and change experts of your own district (江海区) only.',
      },
      details: 'new row violates row-level security policy for table "emergency_experts"',
    })
    expect(refusalText(rls('rescue_teams'), regulator).words?.zh).toBe('无权在该区域登记救援队伍：队伍驻地须在本辖区（江海区）内。')
    expect(refusalText(rls('material_stockpiles'), regulator).words?.zh).toBe('无权在该区域登记物资储备：只能登记本辖区（江海区）储备点的物资。')
    expect(refusalText(rls('emergency_plans'), regulator).words?.zh).toContain('只能登记本辖区（江海区）的预案')
    expect(refusalText(rls('emergency_expert_contacts'), regulator).words?.zh).toBe('无权在该区域登记专家联系电话：只能登记本辖区（江海区）专家的电话。')
  })
  it('tells the read-only roles and enterprises who records the registry', () => {
    expect(refusalText(rls('emergency_experts'), { role: 'enterprise', jurisdiction: '' }).words?.zh).toBe(
      '无权登记专家：企业只能查看，专家由管理员和所在辖区的应急管理部门登记。',
    )
    expect(refusalText(rls('rescue_teams'), { role: 'planner', jurisdiction: '' }).words?.en).toBe(
      'Not allowed to record rescue teams: planners may only read them; admins and the regulators of the area record them.',
    )
    expect(refusalText(rls('emergency_plans'), { role: 'enterprise', jurisdiction: '' }).words?.zh).toBe('无权登记该预案：企业只能登记、修改本企业的预案。')
    expect(refusalText(rls('emergency_experts'), { role: 'command', jurisdiction: '' }).words?.zh).toContain('指挥中心只能查看')
  })
  it('the public: sign in first; a function refused names its registry', () => {
    const denied = { message: 'permission denied for function save_emergency_expert', code: '42501' }
    expect(refusalText(denied, { role: null, jurisdiction: '' })).toEqual({
      words: { zh: '无权写入专家：请先登录。', en: 'Not allowed to write experts: sign in first.' },
      details: 'permission denied for function save_emergency_expert',
    })
  })
  it('keeps refusals already in words as they came', () => {
    const limit = { message: 'emergency_experts.name（专家姓名）须为 2–100 个字符。 / emergency_experts.name must be 2 to 100 characters.', code: '22023' }
    expect(refusalText(limit, regulator)).toEqual({ words: null, details: limit.message })
  })
  it('a change to a row the caller may not (or no longer) change, or that is gone: why, and what to do', () => {
    const gone = { message: '无权修改该专家（或记录已不存在） / not allowed to change this expert (or it no longer exists)', code: '42501' }
    expect(refusalText(gone, regulator)).toEqual({
      words: {
        zh: '无权修改该专家：只能登记、修改本辖区（江海区）的专家；该记录可能已移出本辖区或已被删除，请刷新后再试。',
        en: 'Not allowed to change this expert: you register and change experts of your own district (江海区) only; it may have been moved out of your district or deleted: reload and try again.',
      },
      details: gone.message,
    })
    const lot = { message: '无权修改该储备记录（或记录已不存在） / not allowed to change this stockpile lot (or it no longer exists)', code: '42501' }
    expect(refusalText(lot, { role: 'planner', jurisdiction: '' }).words?.zh).toBe('无权修改该物资储备：该记录不在你可修改的范围内，或已被删除，请刷新后再试。')
    expect(refusalText({ ...lot, code: '22023' }, regulator).words).toBeNull()
  })
})
