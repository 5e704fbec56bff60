// A serious-dishonesty listing's dates and a removed listing (issue 18,
// 20270120000100_blacklist_listing_dates.sql) through supabase-js → gateway → PostgREST →
// PostgreSQL. A new listing made through the API: listed no later than the city's today
// (app.today()); its expiry not already past and not before the earliest credit-repair day (12 months
// after listing: the floor a correction keeps too, 20270113000200); empty expiry = 3 years. A removed
// listing changes in no field, the deciding office included (before this migration it could), and
// the form's function says it is removed before comparing anything. Messages Chinese first. Refused
// writes leave no listing and no history. Dates are counted from the database's own app.today(),
// never the test machine's clock. Rows made here are deleted at the end.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const TAG = `blacklist-dates-${Date.now().toString(36)}`
let admin: SupabaseClient
let regulator: SupabaseClient
let ent = '' // an unlisted enterprise of the demo district
let removed = '' // a listing removed by credit repair (another enterprise of the district)

/** Day arithmetic in the database, from its own today (Beijing's day). */
async function day(expr: string): Promise<string> {
  const { rows } = await sql().query<{ d: string }>(`select (${expr})::date::text as d`)
  return rows[0]!.d
}
async function listingsOf(enterpriseId: string): Promise<number> {
  const { rows } = await sql().query<{ n: number }>(`select count(*)::int n from public.credit_blacklist where enterprise_id = $1`, [enterpriseId])
  return rows[0]!.n
}
async function historyCount(): Promise<number> {
  const { rows } = await sql().query<{ n: number }>(`select count(*)::int n from public.credit_blacklist_edits`)
  return rows[0]!.n
}
async function removedRow() {
  const { rows } = await sql().query<Record<string, unknown>>(
    `select reason, decision, decided_by, listed_on::text, expires_on::text, removed_on::text, removal_reason, updated_at::text from public.credit_blacklist where id = $1`,
    [removed],
  )
  return rows[0]!
}
/** Chinese first: the Chinese words come before the English ones. */
function chineseFirst(message: string | undefined, zh: string, en: string): void {
  expect(message).toContain(zh)
  expect(message).toContain(en)
  expect(message!.indexOf(zh)).toBeLessThan(message!.indexOf(en))
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  const { rows } = await sql().query<{ id: string }>(
    `select e.id from public.enterprises e
     where e.area_code like $1 and e.id <> $2
       and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id)
     order by e.id limit 2`,
    [`${DEMO_REGULATOR_AREA}%`, DEMO_ENTERPRISE_ID],
  )
  expect(rows).toHaveLength(2)
  ent = rows[0]!.id
  // removed by credit repair 400 days ago (made by maintenance, as the owner)
  const r = await sql().query<{ id: string }>(
    `insert into public.credit_blacklist (enterprise_id, reason, decision, decided_by, listed_on, removed_on, removal_reason)
     values ($1, $2 || ' 已修复', '江应急失信〔2024〕5号', '江门市应急管理局', app.today() - 900, app.today() - 400, '完成信用修复') returning id`,
    [rows[1]!.id, TAG],
  )
  removed = r.rows[0]!.id
}, 120_000)

afterAll(async () => {
  await sql().query(`delete from public.credit_blacklist where reason like $1`, [`${TAG}%`])
})

/** Lists `ent` through the API as the area's regulator; a listing that was made is deleted again
 *  (by maintenance) so the next case can list the same enterprise. */
async function list(fields: { listed_on?: string; expires_on?: string }, who: SupabaseClient = regulator) {
  const r = await who
    .from('credit_blacklist')
    .insert({ enterprise_id: ent, reason: `${TAG} 瞒报事故`, ...fields })
    .select('listed_on, expires_on')
  if (!r.error) await sql().query(`delete from public.credit_blacklist where enterprise_id = $1 and reason like $2`, [ent, `${TAG}%`])
  return r
}

describe("a new listing's dates", () => {
  it('a day of listing after today is refused (Chinese first, the field named); today and earlier days are accepted', async () => {
    const n = await historyCount()
    const tomorrow = await day('app.today() + 1')
    const future = await list({ listed_on: tomorrow })
    expect(future.error?.code).toBe('22023')
    expect(future.error?.message).toContain('credit_blacklist.listed_on')
    chineseFirst(future.error?.message, '不得晚于今天', 'cannot be after today')
    for (const who of [admin]) {
      const far = await list({ listed_on: await day('app.today() + 365') }, who)
      expect(far.error?.message).toContain('credit_blacklist.listed_on')
    }
    expect(await listingsOf(ent)).toBe(0)
    expect(await historyCount(), 'a refused listing writes no history').toBe(n)

    const today = await day('app.today()')
    const now = await list({ listed_on: today })
    expect(now.error).toBeNull()
    // the default term: 3 years
    expect(now.data).toEqual([{ listed_on: today, expires_on: await day(`app.today() + interval '3 years'`) }])
    const before = await list({ listed_on: await day('app.today() - 200') })
    expect(before.error).toBeNull()
  })

  it('an expiry already past is refused, whether given or the 3-year default; today is the last day allowed', async () => {
    const n = await historyCount()
    const given = await list({ listed_on: await day('app.today() - 500'), expires_on: await day('app.today() - 1') })
    expect(given.error?.code).toBe('22023')
    expect(given.error?.message).toContain('credit_blacklist.expires_on')
    chineseFirst(given.error?.message, '已过', 'already past')
    // listed four years ago with no expiry: the default (3 years) ended a year ago
    const defaulted = await list({ listed_on: await day(`app.today() - interval '4 years'`) })
    expect(defaulted.error?.code).toBe('22023')
    chineseFirst(defaulted.error?.message, '已过', 'already past')
    expect(await listingsOf(ent)).toBe(0)
    expect(await historyCount()).toBe(n)

    const listedOn = await day('app.today() - 500')
    const lastDay = await list({ listed_on: listedOn, expires_on: await day('app.today()') })
    expect(lastDay.error).toBeNull()
    expect(lastDay.data).toEqual([{ listed_on: listedOn, expires_on: await day('app.today()') }])
  })

  it('an expiry before the earliest credit-repair day (12 months after listing) is refused; from that day it is accepted', async () => {
    const n = await historyCount()
    const listedOn = await day('app.today() - 30')
    const floor = await day(`app.today() - 30 + interval '12 months'`)
    const early = await list({ listed_on: listedOn, expires_on: await day(`app.today() - 30 + interval '12 months' - interval '1 day'`) })
    expect(early.error?.code).toBe('22023')
    expect(early.error?.message).toContain('credit_blacklist.expires_on')
    chineseFirst(early.error?.message, `不得早于 ${floor}`, `cannot be before ${floor}`)
    expect(early.error?.message).toContain('信用修复')
    const tomorrow = await list({ listed_on: listedOn, expires_on: await day('app.today() + 1') })
    expect(tomorrow.error?.code).toBe('22023')
    // before the day of listing: refused as before (the field named, Chinese first)
    const backwards = await list({ listed_on: listedOn, expires_on: await day('app.today() - 31') })
    expect(backwards.error?.code).toBe('22023')
    chineseFirst(backwards.error?.message, '须晚于列入日期', 'must be after listed_on')
    expect(await listingsOf(ent)).toBe(0)
    expect(await historyCount()).toBe(n)

    const ok = await list({ listed_on: listedOn, expires_on: floor })
    expect(ok.error).toBeNull()
    expect(ok.data).toEqual([{ listed_on: listedOn, expires_on: floor }])
  })

  it('maintenance (the owner: demo loader, backfills) still loads a past listing as it was', async () => {
    const { rows } = await sql().query<{ expires_on: string }>(
      `insert into public.credit_blacklist (enterprise_id, reason, listed_on) values ($1, $2 || ' 旧档', app.today() - interval '4 years') returning expires_on::text`,
      [ent, TAG],
    )
    expect(rows[0]!.expires_on < (await day('app.today()'))).toBe(true)
    await sql().query(`delete from public.credit_blacklist where enterprise_id = $1 and reason like $2`, [ent, `${TAG}%`])
  })
})

describe('a removed listing is a record', () => {
  it('edit_blacklist_listing refuses it first (unchanged or changed), naming the day it was removed; nothing is written', async () => {
    const before = await removedRow()
    const n = await historyCount()
    const args = {
      id: removed,
      reason: before.reason as string,
      decision: before.decision as string,
      decided_by: before.decided_by as string,
      expires_on: before.expires_on as string,
    }
    for (const [what, edit] of [
      ['unchanged', {}],
      ['deciding office only', { decided_by: '江海区应急管理局' }],
      ['reason', { reason: `${TAG} 改写` }],
      ['expiry', { expires_on: await day('app.today() + 400') }],
    ] as const) {
      for (const [who, c] of [
        ['regulator', regulator],
        ['admin', admin],
      ] as const) {
        const r = await c.rpc('edit_blacklist_listing', { ...args, ...edit, note: '更正记录' })
        expect(r.error?.code, `${what} by ${who}`).toBe('42501')
        chineseFirst(r.error?.message, '已移出的名单不可修改', 'a removed listing is a record')
        expect(r.error?.message).toContain(String(before.removed_on))
      }
    }
    expect(await removedRow()).toEqual(before)
    expect(await historyCount()).toBe(n)
  })

  it('a direct update of any field is refused too: the deciding office (the gap before), the reason, the expiry', async () => {
    const before = await removedRow()
    const n = await historyCount()
    for (const patch of [{ decided_by: '江海区应急管理局' }, { reason: `${TAG} 改写` }, { decision: '另号' }, { expires_on: '2099-01-01' }]) {
      const r = await admin.from('credit_blacklist').update(patch).eq('id', removed).select('id')
      expect(r.error?.code, JSON.stringify(patch)).toBe('42501')
      chineseFirst(r.error?.message, '已移出的名单不可修改', 'a removed listing is a record')
    }
    const again = await admin.rpc('remove_from_blacklist', { id: removed, reason: '再次移出' })
    expect(again.error?.message).toContain('已移出')
    expect(await removedRow()).toEqual(before)
    expect(await historyCount()).toBe(n)
  })

  it('a current listing of the same district is still corrected (the refusal is for removed ones only)', async () => {
    const { rows } = await sql().query<{ id: string }>(
      `insert into public.credit_blacklist (enterprise_id, reason, decided_by, listed_on) values ($1, $2 || ' 在列', '江门市应急管理局', app.today() - 30) returning id`,
      [ent, TAG],
    )
    const id = rows[0]!.id
    const exp = (await sql().query<{ e: string }>(`select expires_on::text e from public.credit_blacklist where id = $1`, [id])).rows[0]!.e
    const r = await regulator.rpc('edit_blacklist_listing', {
      id,
      reason: `${TAG} 在列`,
      decision: null,
      decided_by: '江海区应急管理局',
      expires_on: exp,
      note: '更正决定机关',
    })
    expect(r.error).toBeNull()
    expect((r.data as { decided_by: string }).decided_by).toBe('江海区应急管理局')
  })
})
