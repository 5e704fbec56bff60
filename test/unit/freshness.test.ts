// The words for why a level is raised and why an assessment is due (src/domain/freshness.ts).
import { describe, expect, it } from 'vitest'
import { currentLevelReasonText, reassessmentReasonText } from '../../src/domain/freshness.ts'

describe('currentLevelReasonText', () => {
  it('names the major dangers, the overdue count and the alarms, in both languages', () => {
    const reason = {
      rules: [
        { rule: 'open_major_danger', hidden_dangers: [{ id: 'a', title: '储罐区报警器失效' }] },
        { rule: 'monitoring_alarm', alarms: [{ channel: 'TI-101', kind: 'HH' }] },
      ],
    }
    expect(currentLevelReasonText(reason, 'zh')).toBe('因重大隐患「储罐区报警器失效」未销号；因监测报警（TI-101 HH）未消除')
    expect(currentLevelReasonText(reason, 'en')).toBe('open major hidden danger "储罐区报警器失效"; active monitoring alarm (TI-101 HH)')
    expect(currentLevelReasonText({ rules: [{ rule: 'overdue_general_dangers', count: 3 }] }, 'zh')).toBe('因 3 项一般隐患逾期未整改')
  })
  it('says nothing when no rule applies', () => {
    expect(currentLevelReasonText(null, 'zh')).toBeNull()
    expect(currentLevelReasonText({ rules: [] }, 'en')).toBeNull()
  })
  it('shortens a long list of dangers', () => {
    const many = { rules: [{ rule: 'open_major_danger', hidden_dangers: ['甲', '乙', '丙', '丁'].map((t, i) => ({ id: String(i), title: t })) }] }
    expect(currentLevelReasonText(many, 'zh')).toBe('因重大隐患「甲、乙」等 4 项未销号')
  })
})

describe('reassessmentReasonText', () => {
  it('cites the item of 令40号 art. 11 for each reason', () => {
    expect(reassessmentReasonText({ reason: 'expired', assessed_on: '2023-01-05', due_on: '2026-01-05' }, 'zh')).toBe(
      '安全评估已满三年（2023-01-05 评估，2026-01-05 到期；令40号第十一条第一项）',
    )
    expect(reassessmentReasonText({ reason: 'new_target_inside', detail: { target_name: '实验小学' } }, 'en')).toMatch(/"实验小学".*art\. 11 \(4\)/)
    expect(reassessmentReasonText({ reason: 'accident', at: '2026-04-17T08:00:00+08:00', deaths: 1 }, 'zh')).toBe(
      '评估后企业发生伤亡事故（2026-04-17，死亡 1 人；第十一条第五项）',
    )
    expect(reassessmentReasonText({ reason: 'never_assessed' }, 'zh')).toBe('无安全评估记录')
  })
})
