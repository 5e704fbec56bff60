// Import mapping templates in the database (issue 14, migration 20261225000100) through
// src/data/importTemplates.ts and supabase-js → gateway → PostgREST → PostgreSQL, per role: an
// importer (admin, regulator) keeps its own, private or shared; a shared template reaches the
// importers of the same area (a district's reaches its streets' regulators and back), an admin's
// shared one every regulator; other roles and anon read and write none. Author and area come from
// the JWT; the mapping, name and kind are checked in the database with Chinese-first messages; at
// most 100 templates an author. Rows made here are removed after; the seed's demo rows stay.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { deleteTemplate, listTemplates, saveTemplate } from '../../src/data/importTemplates.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let street: SupabaseClient
let neighbour: SupabaseClient
const TAG = `测试模板 ${crypto.randomUUID().slice(0, 8)}`
const MAPPING = { name: '企业名称', credit_code: '统一社会信用代码', lng: '经度', lat: '纬度', address: null }
const STREET_UID = '00000000-0000-4000-8000-0000000000c1'
const NEIGHBOUR_UID = '00000000-0000-4000-8000-0000000000c2'
const regulatorWith = (sub: string, area: string) =>
  clientWithClaims({
    sub,
    role: 'authenticated',
    aud: 'authenticated',
    email: `${sub.slice(-4)}@example.com`,
    app_metadata: { app_role: 'regulator', area_codes: [area] },
  })

const names = async (c: SupabaseClient, kind: 'enterprises' | 'protective_targets' = 'enterprises') => (await listTemplates(kind, c)).map((t) => t.name)
const ours = (list: string[]) => list.filter((n) => n.startsWith(TAG)).sort()

let ids: Record<string, string>

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  street = await regulatorWith(STREET_UID, '440704001')
  neighbour = await regulatorWith(NEIGHBOUR_UID, '440705')
  const save = async (c: SupabaseClient, name: string, shared: boolean) =>
    (await saveTemplate({ name: `${TAG} ${name}`, kind: 'enterprises', mapping: MAPPING, shared }, c)).id
  ids = {
    regPrivate: await save(as.regulator, '监管私有', false),
    regShared: await save(as.regulator, '监管共享', true),
    adminShared: await save(as.admin, '管理员共享', true),
    adminPrivate: await save(as.admin, '管理员私有', false),
    streetShared: await save(street, '街道共享', true),
    neighbourShared: await save(neighbour, '邻区共享', true),
  }
})

afterAll(async () => {
  await sql().query('delete from public.import_templates where name like $1', [`${TAG}%`])
})

describe('import_templates: who reads what', () => {
  it('a regulator: its own, shared ones of its district and streets, and the admin’s shared; not the neighbour’s, not private ones', async () => {
    expect(ours(await names(as.regulator))).toEqual(ours([`${TAG} 监管私有`, `${TAG} 监管共享`, `${TAG} 管理员共享`, `${TAG} 街道共享`]))
    const list = await listTemplates('enterprises', as.regulator)
    expect(list.find((t) => t.id === ids.regPrivate)!.mine).toBe(true)
    expect(list.find((t) => t.id === ids.adminShared)!.mine).toBe(false)
    // the seed: the admin's city-wide shared one and the street's shared targets template reach it
    expect(await names(as.regulator)).toContain('演示：全市企业名录（标准表头）')
    expect(await names(as.regulator)).not.toContain('演示：新会区企业名录（共享）')
    expect(await names(as.regulator, 'protective_targets')).toContain('演示：街道防护目标（共享）')
  })

  it('a street regulator reads its district’s shared one; a neighbouring district’s reads neither', async () => {
    expect(ours(await names(street))).toEqual(ours([`${TAG} 监管共享`, `${TAG} 管理员共享`, `${TAG} 街道共享`]))
    expect(ours(await names(neighbour))).toEqual(ours([`${TAG} 管理员共享`, `${TAG} 邻区共享`]))
  })

  it('admins read all; other roles none; anon is refused', async () => {
    expect(ours(await names(as.admin))).toHaveLength(6)
    for (const role of ['planner', 'command', 'enterprise'] as const) expect(await names(as[role]), role).toEqual([])
    const { error } = await anonClient().from('import_templates').select('id').limit(1)
    expect(error?.message).toMatch(/permission denied/)
  })
})

describe('import_templates: who writes what', () => {
  it('other roles cannot save one', async () => {
    for (const role of ['planner', 'command', 'enterprise'] as const) {
      await expect(saveTemplate({ name: `${TAG} ${role}`, kind: 'enterprises', mapping: MAPPING, shared: true }, as[role]), role).rejects.toThrow(
        /row-level security/,
      )
    }
  })

  it('author and area come from the JWT, whatever the row says', async () => {
    const { data, error } = await as.regulator
      .from('import_templates')
      .insert({ name: `${TAG} 冒名`, kind: 'enterprises', mapping: MAPPING, owner_id: demoUser('admin').id, area_patterns: ['%'], shared: true })
      .select('owner_id, area_patterns')
      .single()
    expect(error).toBeNull()
    expect(data).toEqual({ owner_id: demoUser('regulator').id, area_patterns: ['440704%'] })
    // and the neighbour does not read it for the forged '%'
    expect(await names(neighbour)).not.toContain(`${TAG} 冒名`)
  })

  it('saving under the same name replaces the author’s own; a colleague changes and deletes nothing', async () => {
    const again = await saveTemplate({ name: `${TAG} 监管共享`, kind: 'enterprises', mapping: { ...MAPPING, address: '地址' }, shared: true }, as.regulator)
    expect(again.id).toBe(ids.regShared)
    expect(again.mapping.address).toBe('地址')
    const upd = await street
      .from('import_templates')
      .update({ name: `${TAG} 改名` })
      .eq('id', ids.regShared)
      .select('id')
    expect(upd.data).toEqual([])
    await expect(deleteTemplate(ids.regShared, street)).rejects.toThrow(/不是你的/)
    const owner = await as.regulator
      .from('import_templates')
      .update({ owner_id: demoUser('admin').id })
      .eq('id', ids.regShared)
      .select('owner_id')
      .single()
    expect(owner.data!.owner_id).toBe(demoUser('regulator').id)
    await deleteTemplate(ids.regPrivate, as.regulator)
    expect(await names(as.regulator)).not.toContain(`${TAG} 监管私有`)
  })
})

describe('import_templates: bad input refused in the database', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a mapping that is not an object', { mapping: ['企业名称'] }, /字段对应.*对象/],
    ['a field name with capitals', { mapping: { Name: '企业名称' } }, /字段名“Name”无效/],
    ['a header of 201 characters', { mapping: { name: '名'.repeat(201) } }, /列名.*200/],
    ['a header that is a number', { mapping: { name: 5 } }, /列名/],
    [
      '61 fields',
      { mapping: Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`f_${String.fromCharCode(97 + (i % 26))}${'x'.repeat(Math.floor(i / 26))}`, 'a'])) },
      /最多 60 个字段/,
    ],
    ['a mapping over 4000 bytes', { mapping: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${'x'.repeat(i)}`, '名'.repeat(190)])) }, /字段对应/],
    ['a blank name', { name: '   ' }, /模板名称/],
    ['a name of 101 characters', { name: '名'.repeat(101) }, /模板名称/],
    ['an unknown kind', { kind: 'dg_vehicles' }, /数据类型/],
  ]
  for (const [what, patch, msg] of cases) {
    it(`refuses ${what}`, async () => {
      const { error } = await as.regulator
        .from('import_templates')
        .insert({ name: `${TAG} 坏`, kind: 'enterprises', mapping: MAPPING, shared: false, ...patch })
      expect(error?.message).toMatch(msg)
      expect(error?.message).not.toMatch(/violates|_check"/)
    })
  }

  it('refuses a second template of the same name and kind, by name', async () => {
    const { error } = await as.admin.from('import_templates').insert({ name: `${TAG} 管理员共享`, kind: 'enterprises', mapping: MAPPING })
    expect(error?.message).toMatch(/已有同名模板/)
  })

  it('at most 100 templates an author: the 101st is refused and the statement writes nothing', async () => {
    const rows = Array.from({ length: 101 }, (_, i) => ({ name: `${TAG} 批量 ${i}`, kind: 'protective_targets', mapping: MAPPING }))
    const { error } = await neighbour.from('import_templates').insert(rows)
    expect(error?.message).toMatch(/每人最多 100 个/)
    const { rows: n } = await sql().query(`select count(*)::int n from public.import_templates where name like $1`, [`${TAG} 批量%`])
    expect(n[0].n).toBe(0)
  })
})
