// Emergency experts written as the #/registries 专家 form writes them (issue 18), through supabase-js →
// PostgREST → PostgreSQL, per role: save_emergency_expert (the expert and its staff-only phone in one
// call) and mark_expert_verified ("verified by phone today"). Admins anywhere; a regulator in its
// district, not in another; the planner, the command centre, the enterprise and the public never.
// The phone reaches admins, the command centre and regulators, never planners, enterprises or the
// public. The form's checks (src/domain/emergencyExperts.ts) and the database refuse the same bad
// input. Test experts use the specialty "other" (incident mode lists none of them) and are deleted.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { expertProblems, expertRow, type ExpertInput } from '../../src/domain/emergencyExperts.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const NAME = `测试专家 ${Date.now().toString(36)}`
const OTHER_AREA = '440703'
const TODAY = cityToday()

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
}, 120_000)

afterAll(async () => {
  await sql().query(`delete from public.emergency_experts where name like $1`, [`${NAME}%`])
})

/** A signed-in user without a staff role: what a self sign-up gets (user_metadata is theirs to write). */
const noRoleClient = () =>
  clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000ef',
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata: { provider: 'email' },
    user_metadata: { app_role: 'admin' },
  })

const input = (over: Partial<ExpertInput> = {}): ExpertInput => ({
  name: NAME,
  specialty: 'other',
  organisation: '江门市应急管理研究院',
  title: '高级工程师',
  area_code: DEMO_REGULATOR_AREA,
  last_verified_on: '2026-06-01',
  phone: '138 0000 1111',
  ...over,
})

const save = (c: SupabaseClient, i: ExpertInput, id?: string) => {
  const { row, phone } = expertRow(i)
  return c.rpc('save_emergency_expert', { expert: id ? { id, ...row } : row, phone })
}

async function stored(name: string) {
  const { rows } = await sql().query<{ id: string; area_code: string; last_verified_on: string | null; title: string | null; phone: string | null }>(
    `select x.id, x.area_code, x.last_verified_on::text, x.title, c.phone from public.emergency_experts x
     left join public.emergency_expert_contacts c on c.expert_id = x.id where x.name = $1`,
    [name],
  )
  return rows
}

describe('save_emergency_expert and mark_expert_verified per role', () => {
  it('a regulator adds an expert in its district with a phone, edits it and marks it verified today', async () => {
    expect(expertProblems(input(), TODAY)).toEqual([])
    const a = await save(as.regulator, input())
    expect(a.error).toBeNull()
    const id = a.data as string
    expect(await stored(NAME)).toEqual([{ id, area_code: DEMO_REGULATOR_AREA, last_verified_on: '2026-06-01', title: '高级工程师', phone: '138 0000 1111' }])
    // edit: title removed, phone changed
    const e = await save(as.regulator, input({ title: '', phone: '0750-2222222' }), id)
    expect(e.error).toBeNull()
    expect(e.data).toBe(id)
    expect(await stored(NAME)).toMatchObject([{ id, title: null, phone: '0750-2222222' }])
    // verified today: the database's date
    const v = await as.regulator.rpc('mark_expert_verified', { expert: id })
    expect(v.error).toBeNull()
    const { rows } = await sql().query<{ d: string }>(`select app.today()::text d`)
    expect(v.data).toBe(rows[0]!.d)
    expect((await stored(NAME))[0]!.last_verified_on).toBe(rows[0]!.d)
    const listed = await as.regulator.from('emergency_expert_list').select('stale, phone').eq('id', id).single()
    expect(listed.data).toEqual({ stale: false, phone: '0750-2222222' })
    // a blank phone removes it
    expect((await save(as.regulator, input({ phone: '' }), id)).error).toBeNull()
    expect((await stored(NAME))[0]!.phone).toBeNull()
    expect((await save(as.regulator, input({ phone: '0750-2222222' }), id)).error).toBeNull()
  })

  it('the phone reaches admins, the command centre and regulators; never planners, enterprises or the public', async () => {
    const { id } = (await stored(NAME))[0]!
    for (const role of ['admin', 'command', 'regulator'] as const) {
      const r = await as[role].from('emergency_expert_list').select('phone').eq('id', id).single()
      expect(r.data?.phone, role).toBe('0750-2222222')
    }
    const pl = await as.planner.from('emergency_expert_list').select('name, phone').eq('id', id).single()
    expect(pl.data).toEqual({ name: NAME, phone: null })
    expect((await as.planner.from('emergency_expert_contacts').select('phone').eq('expert_id', id)).data).toEqual([])
    expect((await as.enterprise.from('emergency_expert_list').select('phone').eq('id', id)).data).toEqual([])
    expect((await as.enterprise.from('emergency_expert_contacts').select('phone').eq('expert_id', id)).data).toEqual([])
    const anon = anonClient()
    expect((await anon.from('emergency_expert_list').select('phone')).error?.code).toBe('42501')
    expect((await anon.from('emergency_expert_contacts').select('phone')).error?.code).toBe('42501')
    expect((await anon.from('emergency_experts').select('id')).error?.code).toBe('42501')
  })

  it('refuses a regulator outside its district, the planner, the command centre, the enterprise and the public; admins write anywhere', async () => {
    const { id } = (await stored(NAME))[0]!
    const out = await save(as.regulator, input({ name: `${NAME} 外区`, area_code: OTHER_AREA }))
    expect(out.error?.code).toBe('42501')
    expect(out.error?.message).toContain('row-level security policy for table "emergency_experts"')
    // moving its own expert to another district is refused too
    const moved = await save(as.regulator, input({ area_code: OTHER_AREA }), id)
    expect(moved.error?.code).toBe('42501')
    for (const role of ['planner', 'command', 'enterprise'] as const) {
      const a = await save(as[role], input({ name: `${NAME} ${role}` }))
      expect(a.error?.code, role).toBe('42501')
      const u = await save(as[role], input({ title: role }), id)
      expect(u.error?.code, role).toBe('42501')
      expect(u.error?.message, role).toContain('无权修改该专家')
      const v = await as[role].rpc('mark_expert_verified', { expert: id })
      expect(v.error?.code, role).toBe('42501')
    }
    const anon = anonClient()
    expect((await save(anon, input({ name: `${NAME} anon` }))).error?.code).toBe('42501')
    expect((await anon.rpc('mark_expert_verified', { expert: id })).error?.code).toBe('42501')
    // a signed-in user with no staff role (a self sign-up claiming admin in user_metadata) is no writer
    const none = await noRoleClient()
    expect((await save(none, input({ name: `${NAME} norole` }))).error?.code).toBe('42501')
    expect((await save(none, input({ title: 'norole' }), id)).error?.code).toBe('42501')
    expect((await none.rpc('mark_expert_verified', { expert: id })).error?.code).toBe('42501')
    expect(await stored(`${NAME} norole`)).toEqual([])
    expect(await stored(NAME)).toMatchObject([{ id, area_code: DEMO_REGULATOR_AREA, title: '高级工程师', phone: '0750-2222222' }])
    for (const suffix of ['外区', 'planner', 'command', 'enterprise', 'anon']) expect(await stored(`${NAME} ${suffix}`), suffix).toEqual([])
    // an expert of another district: the regulator can neither edit nor verify it; the admin can
    const adm = await save(as.admin, input({ name: `${NAME} 蓬江`, area_code: OTHER_AREA, phone: '0750-3333333' }))
    expect(adm.error).toBeNull()
    const other = adm.data as string
    expect((await save(as.regulator, input({ name: `${NAME} 蓬江`, area_code: OTHER_AREA }), other)).error?.code).toBe('42501')
    expect((await as.regulator.rpc('mark_expert_verified', { expert: other })).error?.code).toBe('42501')
    expect((await as.admin.rpc('mark_expert_verified', { expert: other })).error).toBeNull()
    // a regulator may not attach a phone to another district's expert directly either
    const direct = await as.regulator.from('emergency_expert_contacts').upsert({ expert_id: other, phone: '110' }, { onConflict: 'expert_id' })
    expect(direct.error?.code).toBe('42501')
    expect((await stored(`${NAME} 蓬江`))[0]!.phone).toBe('0750-3333333')
  })

  it('the form’s checks and the database refuse the same bad input, and a refused phone writes nothing', async () => {
    const cases: [keyof ExpertInput, Partial<ExpertInput>, RegExp][] = [
      ['name', { name: '王' }, /emergency_experts\.name|专家姓名/],
      ['organisation', { organisation: '单'.repeat(201) }, /emergency_experts\.organisation|工作单位/],
      ['title', { title: '职'.repeat(101) }, /emergency_experts\.title|职称/],
      ['last_verified_on', { last_verified_on: '2099-01-01' }, /emergency_experts\.last_verified_on（最近核实日期）不能晚于今天/],
      ['last_verified_on', { last_verified_on: '1989-12-31' }, /emergency_experts\.last_verified_on（最近核实日期）不能早于 1990-01-01/],
      ['phone', { phone: '请拨打总机' }, /emergency_expert_contacts\.phone（联系电话）须为 3–20 位数字、空格、\+ 或 -/],
    ]
    for (const [field, bad, db] of cases) {
      const i = input({ name: `${NAME} 坏`, ...bad })
      expect(
        expertProblems(i, TODAY).map((p) => p.field),
        JSON.stringify(bad),
      ).toEqual([field])
      const { row } = expertRow(i)
      const r = await as.regulator.rpc('save_emergency_expert', {
        expert: { ...row, name: i.name, organisation: i.organisation, title: i.title },
        phone: i.phone,
      })
      expect(r.error, JSON.stringify(bad)).not.toBeNull()
      expect(r.error!.message, JSON.stringify(bad)).toMatch(db)
    }
    // the specialty: the form offers the list; the database refuses anything else
    expect(expertProblems(input({ specialty: '' }), TODAY).map((p) => p.field)).toEqual(['specialty'])
    const sp = await as.regulator.rpc('save_emergency_expert', { expert: { ...expertRow(input({ name: `${NAME} 坏` })).row, specialty: 'astrology' } })
    expect(sp.error?.message).toMatch(/emergency_experts\.specialty/)
    expect(await stored(`${NAME} 坏`)).toEqual([])
    // a refused phone on an edit leaves the expert as it was
    const { id } = (await stored(NAME))[0]!
    const e = await save(as.regulator, input({ title: '教授', phone: 'x' }), id)
    expect(e.error?.message).toContain('emergency_expert_contacts.phone')
    expect(await stored(NAME)).toMatchObject([{ title: '高级工程师', phone: '0750-2222222' }])
    // what the call takes: a JSON object with known fields only
    expect((await as.regulator.rpc('save_emergency_expert', { expert: null })).error?.message).toContain('expert（专家）必填')
    expect((await as.regulator.rpc('save_emergency_expert', { expert: { ...expertRow(input()).row, is_demo: true } })).error?.message).toContain(
      '含有不能写入的字段：is_demo',
    )
    expect((await as.regulator.rpc('mark_expert_verified', { expert: null })).error?.message).toContain('expert（专家）必填')
  })
})
