// Stockpile lots written as the #/registries form writes them (issue 18), through supabase-js →
// gateway → PostgREST → PostgreSQL: a regulator adds a lot at a depot of its district and
// nearest_stockpiles finds it there; a depot outside its district, an enterprise, a planner and the
// command centre are refused by the row rules; the database refuses what the form's checks
// (src/domain/stockpiles.ts) refuse, so the two agree on each bad input.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { stockProblems, stockRow } from '../../src/domain/stockpiles.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
const MATERIAL = `测试堵漏器材 ${Date.now().toString(36)}`
let inside: { id: string; lon: number; lat: number }
let outside: string

beforeAll(async () => {
  for (const role of ['admin', 'regulator', 'planner', 'command', 'enterprise'] as const) {
    as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  }
  const { rows } = await sql().query<{ id: string; lon: number; lat: number; inside: boolean }>(
    `select distinct on (area_code like $1 || '%') id, extensions.st_x(location) lon, extensions.st_y(location) lat, area_code like $1 || '%' inside
     from public.emergency_resources where area_code is not null order by area_code like $1 || '%', id`,
    [DEMO_REGULATOR_AREA],
  )
  const i = rows.find((r) => r.inside)!
  inside = { id: i.id, lon: Number(i.lon), lat: Number(i.lat) }
  outside = rows.find((r) => !r.inside)!.id
}, 120_000)

afterAll(async () => {
  await sql().query(`delete from public.material_stockpiles where material like $1`, [`${MATERIAL}%`])
})

const lot = (over: Record<string, unknown> = {}) => ({ resource_id: inside.id, material: MATERIAL, quantity: 8, unit: '套', expires_on: null, ...over })

describe('material_stockpiles writes', () => {
  it('a regulator adds a lot at a depot of its district; nearest_stockpiles finds it there', async () => {
    const { data, error } = await as.regulator.from('material_stockpiles').insert(lot()).select('id, material, quantity').single()
    expect(error).toBeNull()
    expect(data).toMatchObject({ material: MATERIAL, quantity: 8 })
    const near = await as.command.rpc('nearest_stockpiles', { lon: inside.lon, lat: inside.lat, material: MATERIAL, n: 3 })
    expect(near.error).toBeNull()
    expect(near.data).toHaveLength(1)
    expect((near.data as Record<string, unknown>[])[0]).toMatchObject({ resource_id: inside.id, quantity: 8, unit: '套', distance_m: 0 })
    // and edits it
    const upd = await as.regulator
      .from('material_stockpiles')
      .update({ quantity: 20 })
      .eq('id', (data as { id: string }).id)
      .select('quantity')
    expect(upd.data).toEqual([{ quantity: 20 }])
  })

  it('refuses a depot outside the regulator’s district, an enterprise, a planner and the command centre', async () => {
    const out = await as.regulator.from('material_stockpiles').insert(lot({ resource_id: outside, material: `${MATERIAL} 外区` }))
    expect(out.error?.code).toBe('42501')
    for (const role of ['enterprise', 'planner', 'command'] as const) {
      const r = await as[role].from('material_stockpiles').insert(lot({ material: `${MATERIAL} ${role}` }))
      expect(r.error?.code, role).toBe('42501')
      const u = await as[role].from('material_stockpiles').update({ quantity: 0 }).eq('material', MATERIAL).select('id')
      expect(u.data ?? [], role).toEqual([])
    }
    const { rows } = await sql().query<{ q: string }>(`select quantity::text q from public.material_stockpiles where material = $1`, [MATERIAL])
    expect(rows.map((r) => Number(r.q))).toEqual([20])
  })

  it('the form’s checks and the database refuse the same bad input', async () => {
    const cases: [string, Record<string, string>][] = [
      ['material', { material: '   ' }],
      ['material', { material: '材'.repeat(101) }],
      ['unit', { unit: '' }],
      ['unit', { unit: '单'.repeat(21) }],
      ['quantity', { quantity: '-1' }],
      ['quantity', { quantity: '1000000001' }],
    ]
    for (const [field, bad] of cases) {
      const input = { resource_id: inside.id, material: `${MATERIAL} 坏`, quantity: '1', unit: '套', expires_on: '', ...bad }
      expect(
        stockProblems(input).map((p) => p.field),
        JSON.stringify(bad),
      ).toEqual([field])
      const raw = { ...stockRow({ ...input, quantity: '1' }), [field]: field === 'quantity' ? Number(bad.quantity) : bad[field] }
      const r = await as.regulator.from('material_stockpiles').insert(raw)
      expect(r.error, JSON.stringify(bad)).not.toBeNull()
      expect(r.error!.message, JSON.stringify(bad)).toMatch(new RegExp(`material_stockpiles\\.${field}|物资名称|计量单位|数量`))
    }
    // a good lot passes both
    const ok = { resource_id: inside.id, material: `${MATERIAL} 好`, quantity: '3.5', unit: ' 箱 ', expires_on: '2030-01-31' }
    expect(stockProblems(ok)).toEqual([])
    const r = await as.regulator.from('material_stockpiles').insert(stockRow(ok)).select('unit, quantity, expires_on').single()
    expect(r.error).toBeNull()
    expect(r.data).toEqual({ unit: '箱', quantity: 3.5, expires_on: '2030-01-31' })
  })
})
