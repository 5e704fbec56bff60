// Named planner scenarios (issue 21, migration 20261231000200) through src/data/planningScenarios.ts
// and supabase-js → gateway → PostgREST → PostgreSQL, per role: planners, regulators and admins
// save their own, private or shared; government staff (command included) read shared ones; an
// enterprise reads and writes none (a scenario weighs moving it); anon has no privilege. Author and
// role come from the JWT; candidates, distances and names are checked in the database with
// Chinese-first messages. Rows made here are removed after; the seed's demo rows stay.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { deleteScenario, getScenario, listScenarios, saveScenario, type ScenarioDraft } from '../../src/data/planningScenarios.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const TAG = `测试方案 ${crypto.randomUUID().slice(0, 8)}`
const DIST = { high_sensitivity: 1000, important: 1000, general_1: 600, general_2: 300, general_3: 200 }
const draft = (name: string, patch: Partial<ScenarioDraft> = {}): ScenarioDraft => ({
  name: `${TAG} ${name}`,
  note: null,
  source_id: null,
  park_id: null,
  candidates: [{ label: 'A', geometry: { type: 'Point', coordinates: [113.15, 22.55] } }],
  distances: DIST,
  shared: false,
  ...patch,
})
const ours = async (c: SupabaseClient) =>
  (await listScenarios(c))
    .map((x) => x.name)
    .filter((n) => n.startsWith(TAG))
    .sort()

let ids: Record<string, string>

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  const { rows } = await sql().query<{ id: string }>(`select id from public.hazard_sources order by id limit 1`)
  ids = {
    plannerPrivate: (await saveScenario(draft('规划私有'), as.planner)).id,
    plannerShared: (await saveScenario(draft('规划共享', { shared: true, source_id: rows[0]!.id }), as.planner)).id,
    regPrivate: (await saveScenario(draft('监管私有'), as.regulator)).id,
  }
})

afterAll(async () => {
  await sql().query('delete from public.planning_scenarios where name like $1', [`${TAG}%`])
})

describe('planning_scenarios: who reads what', () => {
  it('the author reads its own; colleagues (planner, regulator, command) read shared ones only; admins all', async () => {
    expect(await ours(as.planner)).toEqual([`${TAG} 规划共享`, `${TAG} 规划私有`].sort())
    expect(await ours(as.regulator)).toEqual([`${TAG} 监管私有`, `${TAG} 规划共享`].sort())
    expect(await ours(as.command)).toEqual([`${TAG} 规划共享`])
    expect(await ours(as.admin)).toEqual([`${TAG} 监管私有`, `${TAG} 规划共享`, `${TAG} 规划私有`].sort())
  })

  it('an enterprise reads none, not even shared ones, and not by id; anon has no privilege', async () => {
    expect(await ours(as.enterprise)).toEqual([])
    expect(await getScenario(ids.plannerShared!, as.enterprise)).toBeNull()
    const { error } = await anonClient().from('planning_scenarios').select('id').limit(1)
    expect(error?.code).toBe('42501')
  })

  it('a shared link opens for a colleague; a private one does not', async () => {
    const sc = await getScenario(ids.plannerShared!, as.regulator)
    expect(sc?.name).toBe(`${TAG} 规划共享`)
    expect(sc?.mine).toBe(false)
    expect(sc?.owner_role).toBe('planner')
    expect(sc?.candidates).toEqual([{ label: 'A', geometry: { type: 'Point', coordinates: [113.15, 22.55] } }])
    expect(await getScenario(ids.plannerPrivate!, as.regulator)).toBeNull()
  })

  it('the seed’s demo scenarios: the planner sees its own and the admin’s shared one, not the regulator’s private one', async () => {
    const names = (await listScenarios(as.planner)).filter((x) => x.name.startsWith('演示：')).map((x) => x.name)
    expect(names).toContain('演示：江海区一级源搬迁比选（A 东 / B 北）')
    expect(names).toContain('演示：新会区储罐区外迁草稿')
    expect(names).toContain('演示：全市园区入园试算（共享）')
    expect(names).not.toContain('演示：江海区监管复核（私有）')
  })
})

describe('planning_scenarios: who writes what', () => {
  it('an enterprise and the command centre may not save a scenario', async () => {
    await expect(saveScenario(draft('企业试图保存'), as.enterprise)).rejects.toThrow(/row-level security/)
    await expect(saveScenario(draft('指挥中心试图保存'), as.command)).rejects.toThrow(/row-level security/)
  })

  it('a colleague can neither change nor delete another author’s shared scenario', async () => {
    const { data } = await as.regulator
      .from('planning_scenarios')
      .update({ name: `${TAG} 改名` })
      .eq('id', ids.plannerShared!)
      .select('id')
    expect(data).toEqual([])
    await expect(deleteScenario(ids.plannerShared!, as.regulator)).rejects.toThrow(/不存在或不是你的/)
    expect((await getScenario(ids.plannerShared!, as.planner))?.name).toBe(`${TAG} 规划共享`)
  })

  it('author and role come from the JWT, not the request', async () => {
    const { data, error } = await as.planner
      .from('planning_scenarios')
      .insert({ ...draft('冒名'), owner_id: demoUser('admin').id, owner_role: 'admin' } as never)
      .select('owner_id, owner_role')
      .single()
    expect(error).toBeNull()
    expect(data).toEqual({ owner_id: demoUser('planner').id, owner_role: 'planner' })
  })

  it('saving again under the same name replaces the author’s own; a second row of that name is refused', async () => {
    const again = await saveScenario(draft('规划私有', { candidates: [], source_id: null, note: '第二版' }), as.planner)
    expect(again.id).toBe(ids.plannerPrivate)
    expect(again.note).toBe('第二版')
    const { error } = await as.planner.from('planning_scenarios').insert(draft('规划私有') as never)
    expect(error?.message).toMatch(/已有同名方案/)
  })

  it('the author deletes its own', async () => {
    const id = (await saveScenario(draft('待删除'), as.regulator)).id
    await deleteScenario(id, as.regulator)
    expect(await getScenario(id, as.regulator)).toBeNull()
  })
})

describe('planning_scenarios: bad input is refused in the database, saying what and why', () => {
  const refused = async (patch: Partial<ScenarioDraft>, re: RegExp) => {
    const { error } = await as.planner.from('planning_scenarios').insert(draft(`坏 ${crypto.randomUUID().slice(0, 6)}`, patch) as never)
    expect(error?.message).toMatch(re)
  }
  const pt = (label: string) => ({ label, geometry: { type: 'Point' as const, coordinates: [113.1, 22.6] } })

  it('more than three candidates', () => refused({ candidates: [pt('A'), pt('B'), pt('C'), pt('A')] }, /候选点.*最多 3 个/))
  it('a label other than A–C, or twice', async () => {
    await refused({ candidates: [pt('D')] }, /候选点编号.*A、B 或 C/)
    await refused({ candidates: [pt('A'), pt('A')] }, /候选点编号.*不重复/)
  })
  it('a geometry that is not a point or a plot', () =>
    refused(
      {
        candidates: [
          {
            label: 'A',
            geometry: {
              type: 'LineString',
              coordinates: [
                [113.1, 22.6],
                [113.2, 22.6],
              ],
            } as never,
          },
        ],
      },
      /LineString|Point/,
    ))
  it('coordinates out of range', () =>
    refused({ candidates: [{ label: 'A', geometry: { type: 'Point', coordinates: [213.1, 22.6] } }] }, /candidates\[1\]\.geometry/))
  it('a distance beyond 50 km or negative, and an unknown class', async () => {
    await refused({ distances: { ...DIST, important: 60000 } }, /防护距离.*0–50000/)
    await refused({ distances: { ...DIST, general_3: -1 } }, /防护距离.*0–50000/)
    await refused({ distances: { ...DIST, schools: 100 } as never }, /未知的防护目标类别 schools/)
  })
  it('an empty or too long name', async () => {
    const { error: empty } = await as.planner.from('planning_scenarios').insert({ ...draft('x'), name: '' } as never)
    expect(empty?.message).toMatch(/方案名称/)
    const { error: long } = await as.planner.from('planning_scenarios').insert({ ...draft('x'), name: '名'.repeat(101) } as never)
    expect(long?.message).toMatch(/方案名称/)
  })
})

describe('planning_scenarios: at most 100 an author (app.stamp_owned_row)', () => {
  it('the 101st in one statement is refused by name, and the statement writes nothing', async () => {
    const rows = Array.from({ length: 101 }, (_, i) => draft(`批量 ${i}`))
    const { error } = await as.admin.from('planning_scenarios').insert(rows as never)
    expect(error?.code).toBe('22023')
    expect(error?.message).toMatch(/规划方案.*每人最多 100 个，请先删除旧方案/)
    const { rows: n } = await sql().query(`select count(*)::int n from public.planning_scenarios where name like $1`, [`${TAG} 批量%`])
    expect(n[0].n).toBe(0)
  })
})
