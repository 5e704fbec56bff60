// Saved threat-zone scenarios (issue 20, migration 20261219000100) through supabase-js → gateway →
// PostgREST → PostgreSQL, per role: the author reads and edits its own; government staff read each
// other's shared scenarios and not the private ones; an enterprise reads its own enterprise's shared
// ones and no government scenario, and its own are read by no government colleague; admins read
// all; anon and a signed-in user without a role are refused. The owner comes from the JWT (a
// forged owner_id is overwritten); the inputs are checked field by field with a Chinese-first
// message. Rows made here are removed after; the seed's demo rows are left alone.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { DEFAULT_FORM } from '../../src/features/threatZones/threatZoneForm.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const made: string[] = []
const TAG = `测试情景 ${crypto.randomUUID().slice(0, 8)}`
const inputs = (patch: Record<string, unknown> = {}) => ({ form: { ...DEFAULT_FORM, ...patch }, origin: { kind: 'point', lon: 113.1, lat: 22.56 } })

async function save(role: AppRole, name: string, shared: boolean, extra: Record<string, unknown> = {}) {
  const { data, error } = await as[role]
    .from('threat_zone_scenarios')
    .insert({ name: `${TAG} ${name}`, inputs: inputs(), shared, ...extra })
    .select('id, owner_id, enterprise_id')
    .single()
  expect(error).toBeNull()
  made.push(data!.id)
  return data as { id: string; owner_id: string; enterprise_id: string | null }
}

async function visible(role: AppRole): Promise<Set<string>> {
  const { data, error } = await as[role].from('threat_zone_scenarios').select('id, name').like('name', `${TAG}%`)
  expect(error).toBeNull()
  return new Set(data!.map((r) => r.id as string))
}

let ids: Record<string, string>

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  ids = {
    plannerPrivate: (await save('planner', '规划私有', false)).id,
    plannerShared: (await save('planner', '规划共享', true)).id,
    enterprisePrivate: (await save('enterprise', '企业私有', false)).id,
    enterpriseShared: (await save('enterprise', '企业共享', true)).id,
  }
})

afterAll(async () => {
  if (made.length) await sql().query('delete from public.threat_zone_scenarios where id = any($1::uuid[])', [made])
})

describe('threat_zone_scenarios: who reads what', () => {
  it('the author reads its own, private and shared', async () => {
    expect(await visible('planner')).toEqual(new Set([ids.plannerPrivate, ids.plannerShared]))
  })

  it('government colleagues read the shared one only; no enterprise scenario', async () => {
    for (const role of ['command', 'regulator'] as const) expect(await visible(role), role).toEqual(new Set([ids.plannerShared]))
  })

  it('an enterprise reads its own and its enterprise’s shared ones, no government scenario', async () => {
    expect(await visible('enterprise')).toEqual(new Set([ids.enterprisePrivate, ids.enterpriseShared]))
    const { rows } = await sql().query('select enterprise_id from public.threat_zone_scenarios where id = $1', [ids.enterpriseShared])
    expect(rows[0].enterprise_id).toBe(DEMO_ENTERPRISE_ID)
  })

  it('admins read all', async () => {
    expect(await visible('admin')).toEqual(new Set(Object.values(ids)))
  })

  it('anon is refused; a signed-in user without a role sees nothing and saves nothing', async () => {
    const anon = anonClient()
    const r = await anon.from('threat_zone_scenarios').select('id').limit(1)
    expect(r.error?.code).toBe('42501')
    const w = await anon.from('threat_zone_scenarios').insert({ name: `${TAG} anon`, inputs: inputs(), shared: true })
    expect(w.error?.code).toBe('42501')
    const none = await clientWithClaims({ sub: crypto.randomUUID(), role: 'authenticated', app_metadata: {} })
    const s = await none.from('threat_zone_scenarios').select('id')
    expect(s.error).toBeNull()
    expect(s.data).toEqual([])
    const i = await none.from('threat_zone_scenarios').insert({ name: `${TAG} none`, inputs: inputs(), shared: true })
    expect(i.error?.message).toMatch(/row-level security/)
  })
})

describe('threat_zone_scenarios: who writes what', () => {
  it('the owner is the caller, whatever the row says', async () => {
    const r = await save('planner', '冒名', false, { owner_id: demoUser('command').id, enterprise_id: DEMO_ENTERPRISE_ID })
    expect(r.owner_id).toBe(demoUser('planner').id)
    expect(r.enterprise_id).toBeNull()
  })

  it('only the author edits and deletes; a colleague changes nothing', async () => {
    const upd = await as.command
      .from('threat_zone_scenarios')
      .update({ name: `${TAG} 改名` })
      .eq('id', ids.plannerShared)
      .select('id')
    expect(upd.error).toBeNull()
    expect(upd.data).toEqual([])
    const del = await as.regulator.from('threat_zone_scenarios').delete().eq('id', ids.plannerShared).select('id')
    expect(del.data).toEqual([])
    const own = await as.planner.from('threat_zone_scenarios').update({ shared: false }).eq('id', ids.plannerShared).select('id, shared')
    expect(own.data).toEqual([{ id: ids.plannerShared, shared: false }])
    expect(await visible('command')).toEqual(new Set())
    await as.planner.from('threat_zone_scenarios').update({ shared: true }).eq('id', ids.plannerShared)
    // an owner cannot hand a scenario to someone else
    await as.planner
      .from('threat_zone_scenarios')
      .update({ owner_id: demoUser('command').id })
      .eq('id', ids.plannerShared)
    const { rows } = await sql().query('select owner_id from public.threat_zone_scenarios where id = $1', [ids.plannerShared])
    expect(rows[0].owner_id).toBe(demoUser('planner').id)
  })
})

describe('threat_zone_scenarios: bad input refused in the database', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown scenario', { inputs: inputs({ kind: 'nuke' }) }, /情景类型.*toxic、pool_fire 或 explosion/],
    ['a negative rate', { inputs: inputs({ rate_kg_s: -1 }) }, /泄漏速率.*0 至 1000/],
    ['a rate beyond the model', { inputs: inputs({ rate_kg_s: 5000 }) }, /泄漏速率/],
    ['calm wind', { inputs: inputs({ u_m_s: 0.5 }) }, /风速.*1 至 30/],
    ['a rate as text', { inputs: inputs({ rate_kg_s: '5' }) }, /泄漏速率/],
    ['an unknown field', { inputs: inputs({ script: 'x' }) }, /未知字段 script/],
    ['an origin off the earth', { inputs: { form: DEFAULT_FORM, origin: { kind: 'point', lon: 200, lat: 22 } } }, /泄漏点坐标/],
    ['no origin', { inputs: { form: DEFAULT_FORM } }, /情景输入/],
    ['a long substance', { inputs: inputs({ substance: '氯'.repeat(61) }) }, /物质.*1 至 60/],
    ['a blank name', { name: '   ' }, /情景名称/],
    ['a long name', { name: 'x'.repeat(101) }, /情景名称/],
    [
      'inputs too large',
      { inputs: { ...inputs(), origin: { kind: 'hazard_source', lon: 113, lat: 22, id: crypto.randomUUID(), name: '名'.repeat(1500) } } },
      /情景输入.*4000 字节/,
    ],
  ]
  it.each(cases)('%s', async (_, patch, message) => {
    const { error } = await as.planner.from('threat_zone_scenarios').insert({ name: `${TAG} bad`, inputs: inputs(), shared: false, ...patch })
    expect(error?.code).toBe('22023')
    expect(error?.message).toMatch(message)
  })
})

describe('threat_zone_scenarios: at most 200 an author (app.stamp_owned_row)', () => {
  it('the 201st in one statement is refused by name, and the statement writes nothing', async () => {
    const rows = Array.from({ length: 201 }, (_, i) => ({ name: `${TAG} 批量 ${i}`, inputs: inputs(), shared: false }))
    const { error } = await as.command.from('threat_zone_scenarios').insert(rows)
    expect(error?.code).toBe('22023')
    expect(error?.message).toMatch(/已保存情景.*每人最多 200 个，请先删除旧情景/)
    const { rows: n } = await sql().query(`select count(*)::int n from public.threat_zone_scenarios where name like $1`, [`${TAG} 批量%`])
    expect(n[0].n).toBe(0)
  })

  it('up to the cap passes, one more is refused; on edit created_at and the author stay whatever the row says', async () => {
    const uid = demoUser('command').id
    const { rows: have } = await sql().query(`select count(*)::int n from public.threat_zone_scenarios where owner_id = $1`, [uid])
    const room = 200 - have[0].n
    const rows = Array.from({ length: room }, (_, i) => ({ name: `${TAG} 批量 ${i}`, inputs: inputs(), shared: false }))
    const { data, error } = await as.command.from('threat_zone_scenarios').insert(rows).select('id, created_at')
    expect(error).toBeNull()
    expect(data).toHaveLength(room)
    const one = await as.command.from('threat_zone_scenarios').insert({ name: `${TAG} 批量 多一个`, inputs: inputs(), shared: false })
    expect(one.error?.message).toMatch(/每人最多 200 个/)
    const first = data![0]!
    const { data: upd, error: e2 } = await as.command
      .from('threat_zone_scenarios')
      .update({ name: `${TAG} 批量 改名`, created_at: '2000-01-01T00:00:00Z', owner_id: crypto.randomUUID() })
      .eq('id', first.id)
      .select('created_at, updated_at, owner_id')
      .single()
    expect(e2).toBeNull()
    expect(upd!.created_at).toBe(first.created_at)
    expect(upd!.owner_id).toBe(uid)
    expect(Date.parse(upd!.updated_at)).toBeGreaterThanOrEqual(Date.parse(first.created_at))
    await sql().query(`delete from public.threat_zone_scenarios where name like $1`, [`${TAG} 批量%`])
  })
})
