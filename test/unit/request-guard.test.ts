// The gateway's re-wording of PostgreSQL integrity errors (supabase/local/request-guard.ts):
// field and reason instead of constraint names, with and without the key PostgreSQL hides
// under row-level security.
import { describe, it, expect } from 'vitest'
import { constraintMessage } from '../../supabase/local/request-guard.ts'

describe('constraintMessage', () => {
  it('unique violation with the key shown', () => {
    const m = constraintMessage(
      {
        code: '23505',
        details: 'Key (credit_code)=(91440700MA000000X1) already exists.',
        message: 'duplicate key value violates unique constraint "enterprises_credit_code_key"',
      },
      'enterprises',
    )!
    expect(m.message).toBe(
      'enterprises.credit_code 已存在相同的值（91440700MA000000X1） / enterprises.credit_code must be unique: that value already exists (91440700MA000000X1)',
    )
  })

  it('foreign key under RLS (no key in details): the column comes from the constraint name', () => {
    const m = constraintMessage(
      {
        code: '23503',
        details: 'Key is not present in table "enterprises".',
        message: 'insert or update on table "hazard_sources" violates foreign key constraint "hazard_sources_enterprise_id_fkey"',
      },
      'hazard_sources',
    )!
    expect(m.message).toMatch(
      /^hazard_sources\.enterprise_id 引用的 enterprises 记录不存在或对你不可见 \/ hazard_sources\.enterprise_id refers to a row of enterprises/,
    )
    expect(m.message).not.toMatch(/_fkey/)
  })

  it('delete of a referenced row, not-null and check', () => {
    expect(
      constraintMessage(
        {
          code: '23503',
          details: 'Key (id)=(x) is still referenced from table "risk_points".',
          message: 'update or delete on table "enterprises" violates foreign key constraint "risk_points_enterprise_id_fkey" on table "risk_points"',
        },
        'enterprises',
      )!.message,
    ).toMatch(/is still referenced from risk_points/)
    expect(
      constraintMessage(
        { code: '23502', message: 'null value in column "target_class" of relation "protective_targets" violates not-null constraint' },
        'protective_targets',
      )!.message,
    ).toBe('protective_targets.target_class 不能为空 / protective_targets.target_class is required')
    const check = constraintMessage(
      { code: '23514', message: 'new row for relation "risk_points" violates check constraint "risk_points_inputs_match_method"' },
      'risk_points',
    )!
    expect(check.message).toBe('risk_points 不满足规则：inputs match method / risk_points breaks the rule "inputs match method"')
  })

  it('leaves our own 23xxx messages alone (the public report duplicate names its tracking code)', () => {
    expect(constraintMessage({ code: '23505', message: 'an identical report was filed recently: tracking code ABC123', details: null }, 'rpc')).toBeNull()
  })

  it('leaves other errors alone', () => {
    expect(constraintMessage({ code: '23P01', message: 'conflicting key value violates exclusion constraint "x"' }, 't')).toBeNull()
  })
})
