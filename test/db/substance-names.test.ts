// Substances by the names people write (issue 14; migration 20261205000100_substance_names.sql):
// resolve_substances for the import, major_hazard_assessment accepting aliases, trade names and
// CAS numbers with the same result as table 1's name, suggestions for what does not resolve, and
// who may edit the names.
import { beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, serviceClient, signIn, useStack } from '../helpers/stack.ts'
import { DEMO_USERS } from '../../supabase/seed/demo-users.ts'

useStack()
let anon: SupabaseClient
const user = (role: string) => DEMO_USERS.find((u) => u.role === role)!

beforeAll(() => {
  anon = anonClient()
})

async function resolve(names: (string | null)[], client = anon): Promise<any[]> {
  const { data, error } = await client.rpc('resolve_substances', { names })
  expect(error).toBeNull()
  return data as any[]
}

async function assess(items: unknown[], exposed_population = 120) {
  return anon.rpc('major_hazard_assessment', { items, exposed_population })
}

describe('resolve_substances', () => {
  it.each([
    ['光气', '碳酰氯'],
    ['碳酰氯', '碳酰氯'],
    ['75-44-5', '碳酰氯'],
    ['CAS号：75-44-5', '碳酰氯'],
    ['cas 75-44-5', '碳酰氯'],
    ['75－44－5', '碳酰氯'],
    ['Phosgene', '碳酰氯'],
    ['液氯', '氯'],
    ['氯气', '氯'],
    ['7782-50-5', '氯'],
    ['液氨', '氨'],
    ['汽油(92#)', '汽油'],
    ['汽油（92＃）', '汽油'],
    ['92#汽油', '汽油'],
    ['95号汽油', '汽油'],
    [' 汽油 ( 98# ) ', '汽油'],
    ['乙醇汽油', '汽油'],
    ['天然气', '甲烷、天然气'],
    ['LNG', '甲烷、天然气'],
    ['lng', '甲烷、天然气'],
    ['ＬＮＧ', '甲烷、天然气'],
    ['液化石油气', '液化石油气'],
    ['LPG', '液化石油气'],
    ['氯化氢', '氯化氢（无水）'],
    ['氯化氢(无水)', '氯化氢（无水）'],
    ['电石', '碳化钙'],
    ['黄磷', '白磷'],
    ['酒精', '乙醇'],
    ['丙烯腈', '2-丙烯腈'],
    ['TNT', '2,4,6-三硝基甲苯'],
  ])('%s → %s', async (name, canonical) => {
    const [r] = await resolve([name])
    expect(r).toMatchObject({ name, substance: canonical })
    expect(typeof r.id).toBe('number')
    expect(r.error).toBeUndefined()
  })

  it('answers per name, in order, resolved and not', async () => {
    const r = await resolve(['液氯', '光汽', null, '  ', '75-44-5'])
    expect(r.map((x) => x.substance ?? null)).toEqual(['氯', null, null, null, '碳酰氯'])
    expect(r[1].error).toMatch(/unknown substance/)
    expect(r[2].error).toMatch(/empty/)
    expect(r[3].error).toMatch(/empty/)
  })

  it('a misspelling is refused with the closest names as suggestions', async () => {
    const [r] = await resolve(['光汽'])
    expect(r.id).toBeUndefined()
    expect(r.error).toMatch(/未知物质/)
    expect(r.suggestions[0]).toMatchObject({ substance: '碳酰氯', name: '光气' })
    const [t] = await resolve(['甲笨'])
    expect(t.suggestions.map((s: any) => s.substance)).toContain('甲苯')
    const [c] = await resolve(['7782-50-6'])
    expect(c.id).toBeUndefined()
    expect(c.suggestions.map((s: any) => s.substance)).toContain('氯')
  })

  it('names whose meaning depends on content are not guessed', async () => {
    const [f] = await resolve(['甲醛'])
    expect(f.id).toBeUndefined()
    expect(f.suggestions.map((s: any) => s.substance)).toContain('甲醛（含量>90%）')
    const [n] = await resolve(['硝酸铵'])
    expect(n.id).toBeUndefined()
  })

  it('bounds its input: at most 1000 names, 200 characters each', async () => {
    const many = await anon.rpc('resolve_substances', { names: Array.from({ length: 1001 }, () => '氯') })
    expect(many.error?.message).toMatch(/at most 1000 names/)
    const long = await anon.rpc('resolve_substances', { names: ['氯', 'x'.repeat(201)] })
    expect(long.error?.message).toMatch(/names\[2\].*at most 200 characters/)
    const none = await anon.rpc('resolve_substances', { names: null })
    expect(none.error?.message).toMatch(/array of names/)
  })

  it('1000 distinct unknown names are answered within the anon statement timeout', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `未知化学品${i}号溶液`)
    const t0 = performance.now()
    const r = await resolve(names)
    const ms = performance.now() - t0
    expect(r).toHaveLength(1000)
    expect(r.every((x) => x.error && Array.isArray(x.suggestions))).toBe(true)
    expect(ms).toBeLessThan(3000)
  })
})

describe('major_hazard_assessment accepts the names people write', () => {
  it.each([
    ['光气', '碳酰氯', 0.6],
    ['液氯', '氯', 12],
    ['汽油(92#)', '汽油', 350],
    ['LNG', '甲烷、天然气', 80],
    ['7664-41-7', '氨', 25],
  ])('%s gives the same result as %s', async (alias, canonical, q) => {
    const a = await assess([{ substance: alias, quantity_t: q }])
    const c = await assess([{ substance: canonical, quantity_t: q }])
    expect(a.error).toBeNull()
    expect(c.error).toBeNull()
    expect(a.data).toEqual(c.data)
    expect((a.data as any).items[0].substance).toBe(canonical)
  })

  it('a mixed inventory: aliases, CAS and table-1 names sum alike', async () => {
    const a = await assess([
      { substance: '光气', quantity_t: 0.2 },
      { substance: 'CAS 7782-50-5', quantity_t: 2 },
      { substance: '液氨', quantity_t: 4 },
    ])
    const c = await assess([
      { substance: '碳酰氯', quantity_t: 0.2 },
      { substance: '氯', quantity_t: 2 },
      { substance: '氨', quantity_t: 4 },
    ])
    expect(a.error).toBeNull()
    expect(a.data).toEqual(c.data)
    // 0.2/0.3 + 2/5 + 4/10 = 1.4667 ≥ 1: a major hazard source; R = 2 × (20·0.667 + 4·0.4 + 2·0.4) = 31.47
    expect((a.data as any).s).toBeCloseTo(1.466667, 5)
    expect((a.data as any).r).toBeCloseTo(31.466667, 5)
    expect((a.data as any).grade).toBe(3)
  })

  it('an unknown name is refused as before, now with the closest names', async () => {
    const { error } = await assess([{ substance: '光汽', quantity_t: 1 }])
    expect(error?.message).toContain('item 1: unknown substance "光汽"')
    expect(error?.message).toContain('closest: 碳酰氯（光气）')
  })

  it('a name that resolves wins over a category; an unknown one with a category uses table 2 as before', async () => {
    const a = await assess([{ substance: '液氯', category: 'W5.3', quantity_t: 1 }])
    expect((a.data as any).items[0]).toMatchObject({ substance: '氯', beta_source: 'table3' })
    const b = await assess([{ substance: '某溶剂', category: 'W5.3', quantity_t: 1 }])
    expect((b.data as any).items[0]).toMatchObject({ substance: '某溶剂', beta_source: 'table4:W5.3' })
  })
})

describe('who edits the names', () => {
  it('everyone reads them, the public included', async () => {
    const { data, error } = await anon.from('substance_names').select('name, kind, substance_id').eq('name', '光气')
    expect(error).toBeNull()
    expect(data).toEqual([expect.objectContaining({ name: '光气', kind: 'alias' })])
  })

  it('the public and a regulator may not write; an admin may, and the new name resolves', async () => {
    const { data: sub } = await anon.from('substances').select('id').eq('name_zh', '氯').single()
    const row = { substance_id: sub!.id, name: '工业液氯（测试）', kind: 'trade' }
    const a = await anon.from('substance_names').insert(row)
    expect(a.error?.message).toMatch(/permission denied/)
    const regulator = await signIn(user('regulator').email, user('regulator').password)
    const r = await regulator.from('substance_names').insert(row)
    expect(r.error?.message).toMatch(/row-level security/)

    const admin = await signIn(user('admin').email, user('admin').password)
    const ins = await admin.from('substance_names').insert(row).select('id, name_key').single()
    try {
      expect(ins.error).toBeNull()
      expect(ins.data!.name_key).toBe('工业液氯(测试)')
      const [x] = await resolve(['工业液氯(测试)'])
      expect(x.substance).toBe('氯')
      const { data: log } = await admin
        .from('config_changes')
        .select('operation, new')
        .eq('table_name', 'substance_names')
        .order('id', { ascending: false })
        .limit(1)
      expect(log![0]).toMatchObject({ operation: 'insert', new: expect.objectContaining({ name: '工业液氯（测试）' }) })
    } finally {
      if (ins.data) await serviceClient().from('substance_names').delete().eq('id', ins.data.id)
    }
  })

  it('a name already taken (after normalisation), an empty name and a malformed CAS are refused', async () => {
    const admin = await signIn(user('admin').email, user('admin').password)
    const { data: sub } = await anon.from('substances').select('id').eq('name_zh', '甲苯').single()
    const dup = await admin.from('substance_names').insert({ substance_id: sub!.id, name: '光 气', kind: 'alias' })
    expect(dup.error).not.toBeNull()
    expect(dup.error!.message).toMatch(/name_key|already|duplicate|unique/i)
    const empty = await admin.from('substance_names').insert({ substance_id: sub!.id, name: '\u3000 ', kind: 'alias' })
    expect(empty.error?.message).toMatch(/物质名称.*不能为空/)
    const cas = await admin.from('substance_names').insert({ substance_id: sub!.id, name: '108883', kind: 'cas' })
    expect(cas.error).not.toBeNull()
    const kind = await admin.from('substance_names').insert({ substance_id: sub!.id, name: '甲苯X', kind: 'nickname' })
    expect(kind.error?.message).toMatch(/名称类别/)
  })
})
