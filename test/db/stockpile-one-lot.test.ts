// One lot per depot, material, unit and expiry (issue 18; 20270101000100_stockpile_one_lot.sql), through
// supabase-js as a regulator of the demo district: a second lot without an expiry date is refused (NULLS
// NOT DISTINCT), so is a second lot with the same expiry and an edit that would make one; the message
// names, in Chinese first, the depot, material, unit and expiry that collide. Another unit or another
// expiry is another lot. The rule itself is a unique constraint with NULLS NOT DISTINCT (what decides
// under concurrent writes), and the form's words for its bare message match.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'
import { stockRefusalWords } from '../../src/domain/stockpiles.ts'

useStack()

let regulator: SupabaseClient
const MATERIAL = `测试吸附棉 ${Date.now().toString(36)}`
let depot: { id: string; name: string }

beforeAll(async () => {
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  const { rows } = await sql().query<{ id: string; name: string }>(
    `select id, name from public.emergency_resources where area_code like $1 || '%' order by id limit 1`,
    [DEMO_REGULATOR_AREA],
  )
  depot = rows[0]!
}, 120_000)

afterAll(async () => {
  await sql().query(`delete from public.material_stockpiles where material like $1`, [`${MATERIAL}%`])
})

const lot = (over: Record<string, unknown> = {}) => ({ resource_id: depot.id, material: MATERIAL, quantity: 5, unit: '卷', expires_on: null, ...over })

describe('material_stockpiles: one lot per depot, material, unit and expiry', () => {
  it('a second lot without an expiry date is refused, naming the fields that collide', async () => {
    const first = await regulator.from('material_stockpiles').insert(lot()).select('id').single()
    expect(first.error).toBeNull()
    // spaces collapse before the comparison (the stored name is the cleaned one)
    const again = await regulator.from('material_stockpiles').insert(lot({ material: ` ${MATERIAL}  `, quantity: 9 }))
    expect(again.error?.code).toBe('23505')
    expect(again.error!.message).toBe(
      `物资储备重复：储备点「${depot.name}」已有物资「${MATERIAL}」、计量单位「卷」、无有效期的批次（同一储备点、物资名称、计量单位和有效期只能有一条记录，请修改该批次的数量）。 / ` +
        `Duplicate stockpile lot: depot "${depot.name}" already holds "${MATERIAL}" in "卷" without an expiry date; one lot per depot, material, unit and expiry (edit that lot's quantity).`,
    )
    const { rows } = await sql().query<{ q: string }>(`select quantity::text q from public.material_stockpiles where material = $1`, [MATERIAL])
    expect(rows.map((r) => Number(r.q))).toEqual([5])
  })

  it('another unit or another expiry is another lot; the same expiry twice is refused', async () => {
    expect((await regulator.from('material_stockpiles').insert(lot({ unit: '包' }))).error).toBeNull()
    expect((await regulator.from('material_stockpiles').insert(lot({ expires_on: '2031-03-31' }))).error).toBeNull()
    const twice = await regulator.from('material_stockpiles').insert(lot({ expires_on: '2031-03-31', quantity: 1 }))
    expect(twice.error?.code).toBe('23505')
    expect(twice.error!.message).toContain(`储备点「${depot.name}」已有物资「${MATERIAL}」、计量单位「卷」、有效期至 2031-03-31的批次`)
    const { rows } = await sql().query<{ n: string }>(`select count(*)::text n from public.material_stockpiles where material = $1`, [MATERIAL])
    expect(Number(rows[0]!.n)).toBe(3)
  })

  it('an edit that would make a second lot is refused; editing the lot itself is not', async () => {
    const dated = await regulator.from('material_stockpiles').select('id').eq('material', MATERIAL).eq('expires_on', '2031-03-31').single()
    const clash = await regulator.from('material_stockpiles').update({ expires_on: null }).eq('id', dated.data!.id).select('id')
    expect(clash.error?.code).toBe('23505')
    expect(clash.error!.message).toContain('无有效期的批次')
    const same = await regulator.from('material_stockpiles').update({ quantity: 7 }).eq('id', dated.data!.id).select('quantity')
    expect(same.error).toBeNull()
    expect(same.data).toEqual([{ quantity: 7 }])
  })

  it('the rule is a unique constraint with NULLS NOT DISTINCT on (resource_id, material, unit, expires_on)', async () => {
    const { rows } = await sql().query<{ def: string; nnd: boolean }>(
      `select pg_get_constraintdef(c.oid) def, i.indnullsnotdistinct nnd
       from pg_constraint c join pg_index i on i.indexrelid = c.conindid
       where c.conname = 'material_stockpiles_one_lot' and c.conrelid = 'public.material_stockpiles'::regclass`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.nnd).toBe(true)
    expect(rows[0]!.def).toBe('UNIQUE NULLS NOT DISTINCT (resource_id, material, unit, expires_on)')
  })

  it('the bare index message (a concurrent write past the trigger) is worded the same way by the form', () => {
    const bare = 'duplicate key value violates unique constraint "material_stockpiles_one_lot"'
    expect(stockRefusalWords(bare, '23505')).toBe(
      '物资储备重复：同一储备点已有相同物资名称、计量单位和有效期的批次（请修改该批次的数量）。 / Duplicate stockpile lot: the depot already holds this material in this unit with this expiry (edit that lot’s quantity).',
    )
    // the trigger's own message, and any other refusal, pass through as they are
    expect(stockRefusalWords('物资储备重复：储备点「甲」…', '23505')).toBe('物资储备重复：储备点「甲」…')
    expect(stockRefusalWords('new row violates row-level security policy', '42501')).toBe('new row violates row-level security policy')
  })
})
