// Grading review (issue 12): the regulated party must not lower its own risk unseen. Everything
// through supabase-js as the demo users (gateway → PostgREST → PostgreSQL, RLS and triggers
// real); sql() (superuser) only arranges fixtures and checks the stored truth.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let outsider: SupabaseClient // a regulator of another district (蓬江区)
const TAG = `gr-test-${Date.now().toString(36)}`
const RED = { method: 'lec', lec_l: 10, lec_e: 10, lec_c: 40 } // D 4000 → 1 red
const ORANGE = { method: 'lec', lec_l: 6, lec_e: 6, lec_c: 7 } // D 252 → 2 orange
const BLUE = { method: 'lec', lec_l: 1, lec_e: 1, lec_c: 7 } // D 7 → 4 blue

/** A fresh red risk point of the demo enterprise (in 江海区), inserted by the superuser. */
async function redPoint(label: string): Promise<string> {
  const {
    rows: [r],
  } = await sql().query<{ id: string }>(
    `insert into public.risk_points (enterprise_id, name, category_code, location, area_code, method, lec_l, lec_e, lec_c)
     select enterprise_id, $2, category_code, location, area_code, 'lec', 10, 10, 40
     from public.risk_points where enterprise_id = $1 and area_code like $3 limit 1 returning id`,
    [DEMO_ENTERPRISE_ID, `${TAG} ${label}`, `${DEMO_REGULATOR_AREA}%`],
  )
  expect(r).toBeTruthy()
  return r!.id
}
const levelOf = async (id: string) => (await sql().query<{ level: number }>(`select level from public.risk_points where id = $1`, [id])).rows[0]!.level
const history = async (id: string) =>
  (
    await sql().query<any>(
      `select event, actor_id, actor_email, actor_role, old_level, new_level, old_inputs, new_inputs, reason, proposal_id, at
   from public.grading_history where subject_id = $1 order by id`,
      [id],
    )
  ).rows

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    const u = demoUser(role)
    as[role] = await signIn(u.email, u.password)
  }
  outsider = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000000c7',
    role: 'authenticated',
    aud: 'authenticated',
    email: 'other-regulator@example.test',
    app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
  })
}, 120_000)

// Other test files share this stack and check every stored grade against its inputs: remove our
// fixtures (a pending proposal deliberately leaves a stored grade its inventory no longer gives).
// Their history stays (append-only; it outlives the record by design).
afterAll(async () => {
  await sql().query(`delete from public.risk_points where name like $1`, [`${TAG}%`])
  await sql().query(`delete from public.hazard_sources where name like $1`, [`${TAG}%`])
})

describe('risk points: an enterprise raises at once, lowers only through review', () => {
  it('a direct PATCH that lowers its own red point is refused with a message telling it to propose', async () => {
    const id = await redPoint('patch-lower')
    const res = await as.enterprise.from('risk_points').update({ lec_l: 1, lec_e: 1, lec_c: 7 }).eq('id', id).select('level')
    expect(res.error?.code).toBe('42501')
    expect(res.error?.message).toMatch(/lowering risk point ".*patch-lower" from level 1 重大风险.* to 4 低风险.* needs the confirmation of the regulator/)
    expect(res.error?.hint).toMatch(/propose_risk_assessment/)
    expect(await levelOf(id)).toBe(1)
    // switching method to a low matrix score is lowering too
    const viaMatrix = await as.enterprise.from('risk_points').update({ method: 'matrix', matrix_l: 1, matrix_s: 1 }).eq('id', id)
    expect(viaMatrix.error?.code).toBe('42501')
    expect(await levelOf(id)).toBe(1)
    expect(await history(id)).toEqual([])
  })

  it('a raise by the enterprise takes effect at once and is recorded with who and why', async () => {
    const id = await redPoint('raise')
    await sql().exec(`update public.risk_points set lec_l = 1, lec_e = 1, lec_c = 7 where id = '${id}'`) // blue, by the loader (no history)
    expect(await levelOf(id)).toBe(4)
    const patched = await as.enterprise.from('risk_points').update(ORANGE).eq('id', id).select('level').single()
    expect(patched.error).toBeNull()
    expect(patched.data!.level).toBe(2)
    const viaRpc = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: RED, reason: '新增储罐，后果加重' })
    expect(viaRpc.error).toBeNull()
    expect(viaRpc.data).toMatchObject({ status: 'applied', old_level: 2, new_level: 1, level: 1 })
    expect(await levelOf(id)).toBe(1)
    const h = await history(id)
    const ent = demoUser('enterprise')
    expect(h.map((x) => [x.event, x.actor_role, x.old_level, x.new_level, x.reason])).toEqual([
      ['applied', 'enterprise', 4, 2, null],
      ['applied', 'enterprise', 2, 1, '新增储罐，后果加重'],
    ])
    expect(h[1]).toMatchObject({
      actor_id: ent.id,
      actor_email: ent.email,
      old_inputs: { method: 'lec', lec_l: 6, lec_e: 6, lec_c: 7, score: 252 },
      new_inputs: { method: 'lec', lec_l: 10, lec_e: 10, lec_c: 40, score: 4000 },
    })
  })

  it('a lowering by RPC needs a reason and becomes a pending proposal; the level stays; the card shows it', async () => {
    const id = await redPoint('rpc-lower')
    const noReason = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: BLUE, reason: '  ' })
    expect(noReason.error?.code).toBe('22023')
    expect(noReason.error?.message).toBe('reason is required: say why in at least 4 characters')
    const res = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: BLUE, reason: '已拆除液氨管线，暴露频率降低' })
    expect(res.error).toBeNull()
    expect(res.data).toMatchObject({ status: 'pending', old_level: 1, new_level: 4, level: 1 })
    expect(await levelOf(id)).toBe(1)
    const h = await history(id)
    expect(h).toHaveLength(1)
    expect(h[0]).toMatchObject({
      event: 'proposed',
      actor_role: 'enterprise',
      actor_email: demoUser('enterprise').email,
      old_level: 1,
      new_level: 4,
      reason: '已拆除液氨管线，暴露频率降低',
      proposal_id: res.data.proposal_id,
      old_inputs: { lec_l: 10, lec_e: 10, lec_c: 40, score: 4000 },
      new_inputs: { lec_l: 1, lec_e: 1, lec_c: 7, score: 7 },
    })

    for (const role of ['enterprise', 'regulator', 'admin', 'command'] as const) {
      const card = await as[role].rpc('feature_card', { layer: 'risk_points', id })
      expect(card.error).toBeNull()
      expect(card.data.level).toBe(1)
      expect(card.data.pending_review).toMatchObject({ id: res.data.proposal_id, old_level: 1, new_level: 4, proposed_role: 'enterprise' })
    }
    // planners do not read proposals (staff names and reasons are not spatial data)
    expect((await as.planner.rpc('feature_card', { layer: 'risk_points', id })).data.pending_review).toBeNull()
    // the queue: the regulator sees it with the proposer's e-mail; the enterprise without
    const q = await as.regulator.rpc('grading_review_queue')
    expect(q.error).toBeNull()
    expect(q.data.find((x: any) => x.id === res.data.proposal_id)).toMatchObject({
      subject: 'risk_point',
      subject_name: `${TAG} rpc-lower`,
      old_level: 1,
      new_level: 4,
      proposed_email: demoUser('enterprise').email,
      may_review: true,
      area_code: expect.stringMatching(/^440704/),
    })
    const qe = await as.enterprise.rpc('grading_review_queue')
    expect(qe.data.find((x: any) => x.id === res.data.proposal_id)).toMatchObject({ proposed_email: null, may_review: false })
    expect((await outsider.rpc('grading_review_queue')).data.some((x: any) => x.id === res.data.proposal_id)).toBe(false)
    expect((await as.planner.rpc('grading_review_queue')).error?.code).toBe('42501')
  })

  it('the enterprise cannot confirm its own proposal; a regulator of another area cannot review it', async () => {
    const id = await redPoint('self-confirm')
    const { data: p } = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: BLUE, reason: '整改完成后复评' })
    const self = await as.enterprise.rpc('review_assessment', { proposal_id: p.proposal_id, decision: 'confirm', note: '自己确认' })
    expect(self.error?.code).toBe('42501')
    expect(self.error?.message).toBe('only the regulator of the area or an admin may confirm or refuse a grading proposal (you are enterprise)')
    const other = await outsider.rpc('review_assessment', { proposal_id: p.proposal_id, decision: 'confirm', note: '越权确认' })
    expect(other.error?.code).toBe('42501')
    expect(other.error?.message).toMatch(/outside your jurisdiction/)
    const planner = await as.planner.rpc('review_assessment', { proposal_id: p.proposal_id, decision: 'refuse', note: '规划不可审' })
    expect(planner.error?.code).toBe('42501')
    // nor can it write the proposal row or the point around the RPC
    const forged = await as.enterprise.from('grading_proposals').update({ status: 'confirmed' }).eq('id', p.proposal_id)
    expect(forged.error?.code).toBe('42501')
    expect(await levelOf(id)).toBe(1)
    expect((await sql().query(`select status from public.grading_proposals where id = $1`, [p.proposal_id])).rows[0]).toEqual({ status: 'pending' })
  })

  it('refusing needs a note and keeps the level; a decision is final', async () => {
    const id = await redPoint('refuse')
    const { data: p } = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: ORANGE, reason: '增设防护栏' })
    const bare = await as.regulator.rpc('review_assessment', { proposal_id: p.proposal_id, decision: 'refuse' })
    expect(bare.error?.message).toBe('note is required: say why in at least 4 characters')
    const bad = await as.regulator.rpc('review_assessment', { proposal_id: p.proposal_id, decision: 'approve', note: 'x' })
    expect(bad.error?.message).toBe('decision must be "confirm" or "refuse" (got approve)')
    const r = await as.regulator.rpc('review_assessment', { proposal_id: p.proposal_id, decision: 'refuse', note: '现场核查：防护栏未安装' })
    expect(r.error).toBeNull()
    expect(r.data).toMatchObject({ status: 'refused', level: 1 })
    expect(await levelOf(id)).toBe(1)
    const again = await as.admin.rpc('review_assessment', { proposal_id: p.proposal_id, decision: 'confirm' })
    expect(again.error?.message).toMatch(/is already refused .*a decision is final/)
    const h = await history(id)
    const reg = demoUser('regulator')
    expect(h.map((x) => x.event)).toEqual(['proposed', 'refused'])
    expect(h[1]).toMatchObject({
      actor_id: reg.id,
      actor_email: reg.email,
      actor_role: 'regulator',
      reason: '现场核查：防护栏未安装',
      old_level: 1,
      new_level: 2,
      proposal_id: p.proposal_id,
    })
    expect((await as.enterprise.rpc('feature_card', { layer: 'risk_points', id })).data.pending_review).toBeNull()
  })

  it('a newer proposal supersedes the open one (one open proposal per record); confirming applies it', async () => {
    const id = await redPoint('confirm')
    const { data: first } = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: ORANGE, reason: '第一次复评' })
    const { data: second } = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: BLUE, reason: '第二次复评：工艺已停用' })
    const { rows } = await sql().query<any>(`select id, status from public.grading_proposals where subject_id = $1 order by proposed_at, status`, [id])
    expect(rows.map((x) => [x.id, x.status]).sort()).toEqual(
      [
        [first.proposal_id, 'superseded'],
        [second.proposal_id, 'pending'],
      ].sort(),
    )
    const stale = await as.regulator.rpc('review_assessment', { proposal_id: first.proposal_id, decision: 'confirm' })
    expect(stale.error?.message).toMatch(/already superseded/)
    const ok = await as.regulator.rpc('review_assessment', { proposal_id: second.proposal_id, decision: 'confirm', note: '现场核实' })
    expect(ok.error).toBeNull()
    expect(ok.data).toMatchObject({ status: 'confirmed', level: 4 })
    expect(await levelOf(id)).toBe(4)
    const h = await history(id)
    expect(h.map((x) => x.event)).toEqual(['proposed', 'superseded', 'proposed', 'confirmed'])
    expect(h[3]).toMatchObject({
      actor_role: 'regulator',
      actor_email: demoUser('regulator').email,
      proposal_id: second.proposal_id,
      old_level: 1,
      new_level: 4,
      reason: '现场核实',
      new_inputs: { lec_l: 1, lec_e: 1, lec_c: 7 },
    })
    // the wall's level log saw the change too, as the regulator's
    const { rows: log } = await sql().query<any>(`select old_level, new_level, actor_role from public.risk_point_level_changes where risk_point_id = $1`, [id])
    expect(log).toEqual([{ old_level: 1, new_level: 4, actor_role: 'regulator' }])
  })

  it('a change that takes effect supersedes an open proposal (its "before" is stale)', async () => {
    const id = await redPoint('stale')
    const { data: p } = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: BLUE, reason: '申请降级复评' })
    const same = await as.enterprise.from('risk_points').update({ lec_l: 6, lec_e: 6, lec_c: 15 }).eq('id', id).select('level').single() // D 540, still red
    expect(same.data!.level).toBe(1)
    expect((await sql().query(`select status from public.grading_proposals where id = $1`, [p.proposal_id])).rows[0]).toEqual({ status: 'superseded' })
  })

  it("regulators' and admins' own changes take effect at once and are recorded", async () => {
    const id = await redPoint('regulator')
    const reg = await as.regulator.from('risk_points').update(BLUE).eq('id', id).select('level').single()
    expect(reg.error).toBeNull()
    expect(reg.data!.level).toBe(4)
    const adm = await as.admin.rpc('propose_risk_assessment', {
      risk_point_id: id,
      inputs: { method: 'matrix', matrix_l: 3, matrix_s: 3 },
      reason: '改用矩阵法',
    })
    expect(adm.data).toMatchObject({ status: 'applied', new_level: 3 })
    const h = await history(id)
    expect(h.map((x) => [x.event, x.actor_role, x.old_level, x.new_level])).toEqual([
      ['applied', 'regulator', 1, 4],
      ['applied', 'admin', 4, 3],
    ])
    expect(h[1].new_inputs).toEqual({ method: 'matrix', matrix_l: 3, matrix_s: 3, score: 9 })
    // out of area: the RPC refuses like RLS does
    const out = await outsider.rpc('propose_risk_assessment', { risk_point_id: id, inputs: RED })
    expect(out.error?.message).toMatch(/not found or you may not assess it/)
  })

  it('bad inputs are refused naming the field', async () => {
    const id = await redPoint('bad-input')
    const cases: [unknown, RegExp][] = [
      [null, /inputs must be a JSON object/],
      [{ method: 'guess' }, /inputs\.method must be "lec" or "matrix" \(got guess\)/],
      [{ method: 'lec', lec_l: '10', lec_e: 10, lec_c: 40 }, /inputs\.lec_l must be a number \(got 10\)/],
      [{ method: 'lec', lec_l: 7, lec_e: 10, lec_c: 40 }, /LEC factor L must be one of/],
      [{ method: 'matrix', matrix_l: 2.5, matrix_s: 1 }, /whole numbers from 1 to 5/],
      [{ method: 'lec', lec_l: 10, lec_e: 10, lec_c: 40, level: 4 }, /inputs\.level: unknown field/],
    ]
    for (const [inputs, msg] of cases) {
      const r = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs, reason: '测试输入' })
      expect(r.error?.code, JSON.stringify(inputs)).toBe('22023')
      expect(r.error?.message).toMatch(msg)
    }
    const long = await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: BLUE, reason: 'x'.repeat(2001) })
    expect(long.error?.message).toBe('reason is too long: at most 2000 characters (got 2001)')
    expect(await levelOf(id)).toBe(1)
  })
})

describe('the history is append-only', () => {
  it('no role edits or deletes history rows or proposals; the superuser hits the guard', async () => {
    const id = await redPoint('append-only')
    await as.enterprise.rpc('propose_risk_assessment', { risk_point_id: id, inputs: BLUE, reason: '追加测试' })
    const [row] = await history(id)
    const {
      rows: [hid],
    } = await sql().query<{ id: string }>(`select id from public.grading_history where subject_id = $1`, [id])
    for (const role of ['enterprise', 'regulator', 'admin'] as const) {
      expect((await as[role].from('grading_history').update({ reason: '改写' }).eq('subject_id', id)).error?.code).toBe('42501')
      expect((await as[role].from('grading_history').delete().eq('subject_id', id)).error?.code).toBe('42501')
      expect((await as[role].from('grading_history').insert({ subject: 'risk_point', subject_id: id, event: 'confirmed', actor_role: role })).error?.code).toBe(
        '42501',
      )
      expect((await as[role].from('grading_proposals').delete().eq('subject_id', id)).error?.code).toBe('42501')
    }
    expect((await serviceClient().from('grading_history').delete().eq('subject_id', id)).error?.code).toBe('42501')
    await expect(sql().exec(`update public.grading_history set reason = 'x' where id = ${hid!.id}`)).rejects.toThrow(
      'the grading history is append-only: update is not allowed',
    )
    await expect(sql().exec(`delete from public.grading_history where id = ${hid!.id}`)).rejects.toThrow(
      'the grading history is append-only: delete is not allowed',
    )
    await expect(sql().exec(`truncate public.grading_history`)).rejects.toThrow('append-only: truncate')
    await expect(sql().exec(`update public.grading_proposals set new_level = 1 where subject_id = '${id}'`)).rejects.toThrow(
      "a grading proposal's content cannot be changed",
    )
    await expect(sql().exec(`delete from public.grading_proposals where subject_id = '${id}'`)).rejects.toThrow('grading proposals are kept')
    expect(await history(id)).toEqual([row])
    // e-mails are not readable from the table by API roles (the queue shows them to reviewers)
    const direct = await as.admin.from('grading_history').select('actor_email').eq('subject_id', id)
    expect(direct.error?.code).toBe('42501')
    const visible = await as.regulator.from('grading_history').select('event, actor_role, reason').eq('subject_id', id)
    expect(visible.data).toEqual([{ event: 'proposed', actor_role: 'enterprise', reason: '追加测试' }])
    expect((await outsider.from('grading_history').select('event').eq('subject_id', id)).data).toEqual([])
  })
})

describe('major hazard sources', () => {
  let src = ''
  const grade = async () =>
    (await sql().query<any>(`select major_grade, r_value::float8 as r, alpha::float8 as alpha from public.hazard_sources where id = $1`, [src])).rows[0]

  beforeAll(async () => {
    // A source of the demo enterprise in 江海区 with 70 t of chlorine; α fixed by the regulator's override.
    const {
      rows: [h],
    } = await sql().query<{ id: string }>(
      `insert into public.hazard_sources (enterprise_id, name, unit_type, geom)
       select enterprise_id, $2, 'storage', location from public.risk_points where enterprise_id = $1 and area_code like $3 limit 1
       returning id`,
      [DEMO_ENTERPRISE_ID, `${TAG} 液氯储罐`, `${DEMO_REGULATOR_AREA}%`],
    )
    src = h!.id
    const set = await as.regulator
      .from('hazard_sources')
      .update({ alpha_override: 2, alpha_override_reason: '周边新建小区，人口普查数据未入库' })
      .eq('id', src)
      .select('id')
    expect(set.error).toBeNull()
    expect(set.data).toHaveLength(1)
    const {
      rows: [cl],
    } = await sql().query<{ id: number }>(`select id from public.substances where name_zh = '氯'`)
    expect((await as.enterprise.from('hazard_source_inventory').insert({ hazard_source_id: src, substance_id: cl!.id, max_quantity_t: 70 })).error).toBeNull()
    expect(await grade()).toEqual({ major_grade: 1, r: 112, alpha: 2 }) // a raise from "not major": at once
  }, 60_000)

  it('an enterprise may not set alpha_override nor the grading columns', async () => {
    const a = await as.enterprise.from('hazard_sources').update({ alpha_override: 0.5, alpha_override_reason: '企业自行调整' }).eq('id', src)
    expect(a.error?.code).toBe('42501')
    expect(a.error?.message).toMatch(/^alpha_override: α overrides .* regulator of the area or an admin/)
    const g = await as.enterprise.from('hazard_sources').update({ major_grade: 4 }).eq('id', src)
    expect(g.error?.code).toBe('42501')
    expect(g.error?.message).toMatch(/^major_grade: the grading of a major hazard source .* enterprises cannot set it/)
    const ins = await as.enterprise.from('hazard_sources').insert({
      enterprise_id: DEMO_ENTERPRISE_ID,
      name: `${TAG} 自报`,
      unit_type: 'storage',
      geom: 'SRID=4326;POINT(113.1 22.5)',
      alpha_override: 0.5,
      alpha_override_reason: '企业自行调整',
    })
    expect(ins.error?.message).toMatch(/^alpha_override:/)
    expect(await grade()).toEqual({ major_grade: 1, r: 112, alpha: 2 })
    // the enterprise may still edit what is its own (the name)
    expect(
      (
        await as.enterprise
          .from('hazard_sources')
          .update({ name: `${TAG} 液氯储罐` })
          .eq('id', src)
      ).error,
    ).toBeNull()
  })

  it("an enterprise's inventory cut that lowers the grade waits; the regulator confirms it; a raise is at once", async () => {
    // 20 t: Σβq/Q 16, R 32 → 三级. Stored grade stays 一级 until confirmed.
    expect((await as.enterprise.from('hazard_source_inventory').update({ max_quantity_t: 20 }).eq('hazard_source_id', src)).error).toBeNull()
    expect(await grade()).toEqual({ major_grade: 1, r: 112, alpha: 2 })
    const card = await as.regulator.rpc('feature_card', { layer: 'hazard_sources', id: src })
    expect(card.data.major_grade).toBe(1)
    expect(card.data.pending_review).toMatchObject({ old_level: 1, new_level: 3, proposed_role: 'enterprise' })
    expect(card.data.pending_review.new_inputs).toMatchObject({ r: 32, grade: 3 })
    const pid = card.data.pending_review.id
    // the enterprise's explicit re-grade request does not store it either (nor propose it twice)
    expect((await as.enterprise.rpc('regrade_hazard_source', { id: src })).error).toBeNull()
    expect(await grade()).toMatchObject({ major_grade: 1 })
    expect((await as.regulator.rpc('feature_card', { layer: 'hazard_sources', id: src })).data.pending_review.id).toBe(pid)
    const self = await as.enterprise.rpc('review_assessment', { proposal_id: pid, decision: 'confirm' })
    expect(self.error?.code).toBe('42501')
    const { data: p2 } = await as.regulator.rpc('feature_card', { layer: 'hazard_sources', id: src })
    const ok = await as.regulator.rpc('review_assessment', { proposal_id: p2.pending_review.id, decision: 'confirm', note: '核实库存台账' })
    expect(ok.error).toBeNull()
    expect(ok.data).toMatchObject({ status: 'confirmed', level: 3 })
    expect(await grade()).toEqual({ major_grade: 3, r: 32, alpha: 2 })
    // back up to 70 t: a raise, at once
    expect((await as.enterprise.from('hazard_source_inventory').update({ max_quantity_t: 70 }).eq('hazard_source_id', src)).error).toBeNull()
    expect(await grade()).toEqual({ major_grade: 1, r: 112, alpha: 2 })
    // the regulator may set the verified grade directly: at once, and recorded
    const v = await as.regulator.from('hazard_sources').update({ major_grade: 2 }).eq('id', src).select('major_grade').single()
    expect(v.error).toBeNull()
    expect(v.data!.major_grade).toBe(2)
    const h = (await history(src)).map((x) => [x.event, x.actor_role, x.old_level, x.new_level])
    expect(h).toEqual([
      ['applied', 'regulator', null, null], // α override set (nothing in stock yet)
      ['applied', 'enterprise', null, 1],
      ['proposed', 'enterprise', 1, 3],
      ['confirmed', 'regulator', 1, 3],
      ['applied', 'enterprise', 3, 1],
      ['applied', 'regulator', 1, 2],
    ])
  })
})

describe('area risk assessments are for regulators of the area and admins', () => {
  it('refuses enterprises, planners and other areas with a clear message', async () => {
    const {
      rows: [street],
    } = await sql().query<{ code: string }>(
      `select code from public.areas where code like $1 and level = 'street' and code not in (select area_code from public.area_risk_assessments) order by code limit 1`,
      [`${DEMO_REGULATOR_AREA}%`],
    )
    const row = { area_code: street!.code, level: 1, reason: '测试：企业自评区域风险', assessed_by: 'x' }
    for (const role of ['enterprise', 'planner', 'command'] as const) {
      const ins = await as[role].from('area_risk_assessments').insert(row)
      expect(ins.error?.code, role).toBe('42501')
      expect(ins.error?.message).toBe(`area_risk_assessments: area risk assessments are made by the regulator of the area or an admin only (you are ${role})`)
    }
    const out = await outsider.from('area_risk_assessments').insert(row)
    expect(out.error?.message).toBe(`area_risk_assessments: area ${street!.code} is outside your jurisdiction`)
    const reg = await as.regulator
      .from('area_risk_assessments')
      .insert({ ...row, reason: '监管部门评估：人员密集' })
      .select('level')
    expect(reg.error).toBeNull()
    const upd = await as.enterprise.from('area_risk_assessments').update({ level: 4 }).eq('area_code', street!.code)
    expect(upd.error?.message).toMatch(/made by the regulator of the area or an admin only \(you are enterprise\)/)
    const del = await as.enterprise.from('area_risk_assessments').delete().eq('area_code', street!.code)
    expect(del.error?.code).toBe('42501')
    const outDel = await outsider.from('area_risk_assessments').delete().eq('area_code', street!.code)
    expect(outDel.error?.message).toMatch(/outside your jurisdiction/)
    expect((await sql().query(`select level from public.area_risk_assessments where area_code = $1`, [street!.code])).rows).toEqual([{ level: 1 }])
    expect((await as.admin.from('area_risk_assessments').delete().eq('area_code', street!.code)).error).toBeNull()
  })
})
