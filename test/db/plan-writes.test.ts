// Emergency plans written as the #/registries form writes them (issue 18, 预案), through supabase-js →
// PostgREST → PostgreSQL, per role: a regulator adds a department plan and an enterprise's plan in its
// district (the enterprise plan takes the enterprise's area) and records the filing; outside its
// district it is refused. An enterprise adds and edits its own plan (drill, evaluation) but may not set
// or change the filing (备案 date and number: the regulator's record), nor write another enterprise's or a
// department's plan, nor delete. Planner and command centre are refused. The form's checks
// (src/domain/emergencyPlans.ts) and the database refuse the same bad input.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { planProblems, planRow, type PlanInput } from '../../src/domain/emergencyPlans.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const NAME = `测试预案 ${Date.now().toString(36)}`
let entArea: string
let otherEnterprise: string
let otherDistrict: string
const today = cityToday()

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const e = await sql().query<{ area_code: string }>(`select area_code from public.enterprises where id = $1`, [DEMO_ENTERPRISE_ID])
  entArea = e.rows[0]!.area_code
  const o = await sql().query<{ id: string }>(`select id from public.enterprises where area_code not like $1 || '%' order by id limit 1`, [DEMO_REGULATOR_AREA])
  otherEnterprise = o.rows[0]!.id
  const d = await sql().query<{ code: string }>(`select code from public.areas where level = 'district' and code <> $1 order by code limit 1`, [
    DEMO_REGULATOR_AREA,
  ])
  otherDistrict = d.rows[0]!.code
}, 120_000)

afterAll(async () => {
  await sql().query(`delete from public.emergency_plans where name like $1`, [`${NAME}%`])
})

const dept = (over: Record<string, unknown> = {}) => ({
  name: NAME,
  level: 'special',
  owner_department: '江海区应急管理局',
  area_code: DEMO_REGULATOR_AREA,
  ...over,
})

describe('emergency_plans writes per role', () => {
  it('a regulator adds a department plan and an enterprise’s plan in its district, with the filing', async () => {
    const a = await as.regulator
      .from('emergency_plans')
      .insert(dept({ filed_on: '2026-03-01', filing_no: 'JH-2026-001', last_drill_on: '2026-06-01' }))
      .select('id, area_code, filed_on')
      .single()
    expect(a.error).toBeNull()
    expect(a.data).toMatchObject({ area_code: DEMO_REGULATOR_AREA, filed_on: '2026-03-01' })
    // an enterprise's plan: the area given is replaced by the enterprise's
    const b = await as.regulator
      .from('emergency_plans')
      .insert({ name: `${NAME} 企业`, level: 'on_site', owner_enterprise_id: DEMO_ENTERPRISE_ID, area_code: DEMO_REGULATOR_AREA })
      .select('id, area_code')
      .single()
    expect(b.error).toBeNull()
    expect(b.data!.area_code).toBe(entArea)
    // it shows in the list with its flags (no drill on record: overdue)
    const l = await as.regulator.from('emergency_plan_list').select('drill_overdue, filed, drill_interval_months').eq('id', b.data!.id).single()
    expect(l.data).toEqual({ drill_overdue: true, filed: false, drill_interval_months: 6 })
    // and records its filing
    const f = await as.regulator.from('emergency_plans').update({ filed_on: today, filing_no: 'JH-2026-002' }).eq('id', b.data!.id).select('filed_on')
    expect(f.data).toEqual([{ filed_on: today }])
  })

  it('a regulator is refused outside its district', async () => {
    const out = await as.regulator.from('emergency_plans').insert(dept({ name: `${NAME} 外区`, area_code: otherDistrict }))
    expect(out.error?.code).toBe('42501')
    const ent = await as.regulator
      .from('emergency_plans')
      .insert({ name: `${NAME} 外企`, level: 'special', owner_enterprise_id: otherEnterprise, area_code: DEMO_REGULATOR_AREA })
    expect(ent.error?.code).toBe('42501')
  })

  it('an enterprise adds and edits its own plan, but not the filing, another’s plan, a department’s, or a deletion', async () => {
    const own = { name: `${NAME} 自编`, level: 'comprehensive', owner_enterprise_id: DEMO_ENTERPRISE_ID, area_code: entArea }
    const a = await as.enterprise
      .from('emergency_plans')
      .insert({ ...own, last_drill_on: '2026-05-20' })
      .select('id')
      .single()
    expect(a.error).toBeNull()
    const id = a.data!.id as string
    const drill = await as.enterprise
      .from('emergency_plans')
      .update({ last_drill_on: '2026-10-10', next_evaluation_on: '2028-10-01' })
      .eq('id', id)
      .select('last_drill_on')
    expect(drill.data).toEqual([{ last_drill_on: '2026-10-10' }])

    const filed = await as.enterprise.from('emergency_plans').insert({ ...own, name: `${NAME} 自备案`, filed_on: '2026-01-05' })
    expect(filed.error?.code).toBe('22023')
    expect(filed.error!.message).toBe(
      'emergency_plans.filed_on（备案日期）由监管部门登记，企业不能填写或修改。 / emergency_plans.filed_on is recorded by the regulator; an enterprise may not set or change it.',
    )
    const no = await as.enterprise.from('emergency_plans').update({ filing_no: 'X-1' }).eq('id', id)
    expect(no.error?.code).toBe('22023')
    expect(no.error!.message).toContain('emergency_plans.filing_no（备案编号）由监管部门登记')
    // the regulator files it; the enterprise then edits its drill date, sending the filing unchanged
    expect((await as.regulator.from('emergency_plans').update({ filed_on: '2026-11-01', filing_no: 'JH-2026-003' }).eq('id', id)).error).toBeNull()
    const same = await as.enterprise
      .from('emergency_plans')
      .update({ last_drill_on: '2026-11-20', filed_on: '2026-11-01', filing_no: 'JH-2026-003' })
      .eq('id', id)
      .select('last_drill_on')
    expect(same.data).toEqual([{ last_drill_on: '2026-11-20' }])
    const change = await as.enterprise.from('emergency_plans').update({ filed_on: '2026-11-02' }).eq('id', id)
    expect(change.error?.code).toBe('22023')

    const other = await as.enterprise.from('emergency_plans').insert({ ...own, name: `${NAME} 他企`, owner_enterprise_id: otherEnterprise })
    expect(other.error?.code).toBe('42501')
    const dep = await as.enterprise.from('emergency_plans').insert(dept({ name: `${NAME} 企业填部门`, owner_enterprise_id: DEMO_ENTERPRISE_ID }))
    expect(dep.error?.code).toBe('22023')
    expect(dep.error!.message).toContain('emergency_plans.owner_department（编制部门）企业只能登记本企业的预案')
    const del = await as.enterprise.from('emergency_plans').delete().eq('id', id).select('id')
    expect(del.data ?? []).toEqual([])
    // nor can it touch the regulator's department plan (not even see it)
    const touch = await as.enterprise.from('emergency_plans').update({ last_drill_on: today }).eq('name', NAME).select('id')
    expect(touch.data ?? []).toEqual([])
    const { rows } = await sql().query<{ filed_on: string; last_drill_on: string }>(
      `select filed_on::text, last_drill_on::text from public.emergency_plans where id = $1`,
      [id],
    )
    expect(rows).toEqual([{ filed_on: '2026-11-01', last_drill_on: '2026-11-20' }])
  })

  it('the planner and the command centre are refused', async () => {
    for (const role of ['planner', 'command'] as const) {
      const r = await as[role].from('emergency_plans').insert(dept({ name: `${NAME} ${role}` }))
      expect(r.error?.code, role).toBe('42501')
      const u = await as[role].from('emergency_plans').update({ last_drill_on: today }).eq('name', NAME).select('id')
      expect(u.data ?? [], role).toEqual([])
    }
  })

  it('the form’s checks and the database refuse the same bad input', async () => {
    const base: PlanInput = {
      name: `${NAME} 校验`,
      level: 'special',
      owner: 'department',
      owner_enterprise_id: '',
      owner_department: '江海区应急管理局',
      area_code: DEMO_REGULATOR_AREA,
      filed_on: '',
      filing_no: '',
      last_drill_on: '',
      next_evaluation_on: '',
    }
    const far = `${Number(today.slice(0, 4)) + 11}${today.slice(4)}`
    const cases: [keyof PlanInput, Partial<PlanInput>, RegExp][] = [
      ['name', { name: '   ' }, /预案名称/],
      ['name', { name: '预' }, /预案名称/],
      ['owner_department', { owner_department: '部'.repeat(201) }, /编制部门/],
      ['filed_on', { filed_on: '2099-01-01' }, /备案日期.*不能晚于今天/],
      ['last_drill_on', { last_drill_on: '1989-12-31' }, /最近演练日期.*不能早于 1990-01-01/],
      ['next_evaluation_on', { next_evaluation_on: far }, /下次评估日期/],
      ['filing_no', { filing_no: 'N'.repeat(101), filed_on: '2026-01-01' }, /备案编号/],
      ['filed_on', { filing_no: 'JH-1' }, /备案日期.*填写备案编号时必填/],
    ]
    for (const [field, bad, db] of cases) {
      const input = { ...base, ...bad }
      expect(
        planProblems(input, 'regulator', today).map((p) => p.field),
        JSON.stringify(bad),
      ).toEqual([field])
      // the raw values (as a client skipping the form's checks would send them)
      const raw = { ...planRow(base, 'regulator', null), ...bad }
      const r = await as.regulator.from('emergency_plans').insert(raw)
      expect(r.error, JSON.stringify(bad)).not.toBeNull()
      expect(r.error!.message, JSON.stringify(bad)).toMatch(db)
    }
    const good = planRow({ ...base, filed_on: '2026-02-02', filing_no: ' JH  9 ', next_evaluation_on: '2029-02-01' }, 'regulator', null)
    expect(planProblems({ ...base, filed_on: '2026-02-02', filing_no: ' JH  9 ', next_evaluation_on: '2029-02-01' }, 'regulator', today)).toEqual([])
    const r = await as.regulator.from('emergency_plans').insert(good).select('filing_no, next_evaluation_on').single()
    expect(r.error).toBeNull()
    expect(r.data).toEqual({ filing_no: 'JH 9', next_evaluation_on: '2029-02-01' })
  })
})
