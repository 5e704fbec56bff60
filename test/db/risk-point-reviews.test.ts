// 复评：维持原评估 and a review date the enterprise cannot bend (issue 15, migration
// 20261221000200): what an enterprise would try (dating its own points today by a PATCH, a date
// in the future, backdating a review, reviewing another's point, editing the record) is refused
// with a reason; a recorded review dates the point today and takes it off the 待复评 list.
// Through supabase-js as each role would call it.
import { beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, demoUser } from '../../supabase/seed/demo-users.ts'
import { cityToday } from '../../src/domain/cityDay.ts'

useStack()

const TAG = `RPREV-${Math.random().toString(36).slice(2, 8)}`
let enterprise: SupabaseClient
let regulator: SupabaseClient
let planner: SupabaseClient
let command: SupabaseClient
let lon = 0
let lat = 0
let category = ''
let placed = 0

const must = <T>(r: { data: T | null; error: { message: string } | null }, what: string): T => {
  if (r.error) throw new Error(`${what}: ${r.error.message}`)
  return r.data as T
}
const sign = (role: Parameters<typeof demoUser>[0]) => signIn(demoUser(role).email, demoUser(role).password)
/** today as the database's app.today() has it (the city's day) */
const today = () => cityToday()
function monthsAgo(months: number): string {
  const d = new Date(`${cityToday()}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.toISOString().slice(0, 10)
}

/** A risk point of the demo enterprise assessed 14 months ago: due a review. */
async function stalePoint(): Promise<string> {
  placed += 1
  const row = must(
    await regulator
      .from('risk_points')
      .insert({
        enterprise_id: DEMO_ENTERPRISE_ID,
        name: `${TAG} ${placed}`,
        category_code: category,
        location: `SRID=4326;POINT(${lon + placed * 0.0002} ${lat + 0.0004})`,
        method: 'lec',
        lec_l: 3,
        lec_e: 6,
        lec_c: 7,
        assessed_at: monthsAgo(14),
      })
      .select('id')
      .single(),
    'insert point',
  ) as { id: string }
  return row.id
}
const assessedAt = async (id: string) =>
  (must(await regulator.from('risk_points').select('assessed_at').eq('id', id).single(), 'read') as { assessed_at: string }).assessed_at

beforeAll(async () => {
  ;[enterprise, regulator, planner, command] = await Promise.all([sign('enterprise'), sign('regulator'), sign('planner'), sign('command')])
  const rp = must(await regulator.from('risk_points').select('category_code').eq('enterprise_id', DEMO_ENTERPRISE_ID).limit(1).single(), 'category') as {
    category_code: string
  }
  category = rp.category_code
  const loc = must(await regulator.rpc('search_enterprises', { q: '华海精细化工' }), 'search') as Array<{ lon: number; lat: number }>
  lon = loc[0].lon - 0.0011
  lat = loc[0].lat + 0.0009
})

describe('the assessment date of a risk point', () => {
  it('an enterprise cannot date its own point today (or any day) by a PATCH; the refusal says how', async () => {
    const id = await stalePoint()
    const before = await assessedAt(id)
    const r = await enterprise.from('risk_points').update({ assessed_at: today() }).eq('id', id).select('id')
    expect(r.error?.code).toBe('42501')
    expect(r.error?.message).toMatch(/评估日期只随重新评估或复评记录更新/)
    expect(r.error?.message).toMatch(/moves only with a re-assessment or a recorded review/)
    expect(await assessedAt(id)).toBe(before)
    const later = await enterprise
      .from('risk_points')
      .update({ assessed_at: monthsAgo(2), name: `${TAG} renamed` })
      .eq('id', id)
      .select('id')
    expect(later.error?.code).toBe('42501')
    expect(await assessedAt(id)).toBe(before)
  })

  it('nobody dates an assessment in the future; the area regulator may correct the date', async () => {
    const id = await stalePoint()
    const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10)
    const r = await regulator.from('risk_points').update({ assessed_at: future }).eq('id', id).select('id')
    expect(r.error?.message).toMatch(/晚于今天|in the future/)
    const fix = await regulator
      .from('risk_points')
      .update({ assessed_at: monthsAgo(3) })
      .eq('id', id)
      .select('assessed_at')
      .single()
    expect(fix.error).toBeNull()
    expect((fix.data as { assessed_at: string }).assessed_at).toBe(monthsAgo(3))
  })
})

describe('risk_point_reviews: 复评，维持原评估', () => {
  it('the enterprise records a review of its own point: the point is dated today and leaves the 待复评 list; the regulator reads who and why', async () => {
    const id = await stalePoint()
    const listed = async () => {
      const rows = must(await regulator.rpc('stale_items', { kind: 'risk_points', area_code: null, lim: 500 }), 'stale') as Array<{ id: string }>
      return rows.some((x) => x.id === id)
    }
    const { data: card0 } = await regulator.rpc('feature_card', { layer: 'risk_points', id })
    expect((card0 as { review_due: boolean }).review_due).toBe(true)
    const rec = await enterprise.from('risk_point_reviews').insert({ risk_point_id: id, note: '现场复核，工艺与设备未变化，维持原评估' }).select('*').single()
    expect(rec.error).toBeNull()
    const row = rec.data as { reviewed_on: string; recorded_role: string; outcome: string; recorded_by: string | null }
    expect(row.outcome).toBe('unchanged')
    expect(row.recorded_role).toBe('enterprise')
    expect(row.recorded_by).toMatch(/^[0-9a-f-]{36}$/)
    expect(await assessedAt(id)).toBe(row.reviewed_on)
    const { data: card1 } = await regulator.rpc('feature_card', { layer: 'risk_points', id })
    expect((card1 as { review_due: boolean }).review_due).toBe(false)
    expect(await listed()).toBe(false)
    const seen = must(await regulator.from('risk_point_reviews').select('note, recorded_role').eq('risk_point_id', id), 'read') as Array<{ note: string }>
    expect(seen.map((x) => x.note)).toEqual(['现场复核，工艺与设备未变化，维持原评估'])
  })

  it('refuses a backdated review, a note of fewer than 4 characters, and another outcome', async () => {
    const id = await stalePoint()
    const back = await enterprise.from('risk_point_reviews').insert({ risk_point_id: id, note: '补记去年的复评', reviewed_on: monthsAgo(1) })
    expect(back.error?.message).toMatch(/复评日期应为今天/)
    const short = await enterprise.from('risk_point_reviews').insert({ risk_point_id: id, note: '维持' })
    expect(short.error?.message).toMatch(/复评说明/)
    const other = await enterprise.from('risk_point_reviews').insert({ risk_point_id: id, note: '降为低风险', outcome: 'lowered' })
    expect(other.error).not.toBeNull()
    expect(await assessedAt(id)).toBe(monthsAgo(14))
  })

  it("an enterprise cannot review another's point; the planner and the command centre record none", async () => {
    const { data: others } = await regulator.from('risk_points').select('id').neq('enterprise_id', DEMO_ENTERPRISE_ID).limit(1)
    const otherId = (others as Array<{ id: string }>)[0]!.id
    const r = await enterprise.from('risk_point_reviews').insert({ risk_point_id: otherId, note: '替别人复评一下' })
    expect(r.error?.code).toBe('42501')
    const id = await stalePoint()
    for (const c of [planner, command]) {
      const x = await c.from('risk_point_reviews').insert({ risk_point_id: id, note: '不该由我记录的复评' })
      expect(x.error?.code).toBe('42501')
    }
    expect(await assessedAt(id)).toBe(monthsAgo(14))
  })

  it('is append-only: a recorded review is neither edited nor deleted', async () => {
    const id = await stalePoint()
    const rec = must(
      await regulator.from('risk_point_reviews').insert({ risk_point_id: id, note: '监管复核：维持原评估' }).select('id').single(),
      'record',
    ) as {
      id: string
    }
    const upd = await regulator.from('risk_point_reviews').update({ note: '改写记录' }).eq('id', rec.id).select('id')
    expect(upd.error).not.toBeNull()
    const del = await regulator.from('risk_point_reviews').delete().eq('id', rec.id).select('id')
    expect(del.error).not.toBeNull()
    const still = must(await regulator.from('risk_point_reviews').select('note').eq('id', rec.id).single(), 'read') as { note: string }
    expect(still.note).toBe('监管复核：维持原评估')
  })
})
