// Editing a listing on the serious-dishonesty list (issue 18) through supabase-js → gateway →
// PostgREST → PostgreSQL: a regulator of the enterprise's area and an admin may correct a current
// listing's reason, decision, deciding office and expiry; nobody changes its day of listing (the
// earliest credit repair is counted from it: 20270111000100), its enterprise, or its removal
// (remove_from_blacklist only); a removed listing is a record and is not edited; the enterprise,
// the public and another district's regulator change nothing. Rows made here are deleted at the end.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const TAG = `blacklist-edits-${Date.now().toString(36)}`
let admin: SupabaseClient
let regulator: SupabaseClient
let enterprise: SupabaseClient
let otherRegulator: SupabaseClient
let listing = ''
let other = ''
let removed = ''

type Row = {
  reason: string
  decision: string | null
  decided_by: string | null
  listed_on: string
  expires_on: string
  enterprise_id: string
  removed_on: string | null
}
async function row(id: string): Promise<Row> {
  const { rows } = await sql().query<Row>(
    `select reason, decision, decided_by, listed_on::text, expires_on::text, enterprise_id, removed_on::text from public.credit_blacklist where id = $1`,
    [id],
  )
  return rows[0]!
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  enterprise = await signIn(demoUser('enterprise').email, demoUser('enterprise').password)
  otherRegulator = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000018d1',
    role: 'authenticated',
    aud: 'authenticated',
    email: 'regulator-440703@example.com',
    app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
  })
  // three unlisted enterprises of the demo district (not the demo enterprise): a listing to edit,
  // another for the enterprise role's own, one removed (as credit repair does it)
  const { rows } = await sql().query<{ id: string }>(
    `select e.id from public.enterprises e
     where e.area_code like $1 and e.id <> $2
       and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id and b.removed_on is null)
     order by e.id limit 2`,
    [`${DEMO_REGULATOR_AREA}%`, DEMO_ENTERPRISE_ID],
  )
  expect(rows).toHaveLength(2)
  const ins = await sql().query<{ id: string }>(
    `insert into public.credit_blacklist (enterprise_id, reason, decision, decided_by, listed_on)
     values ($1, $3 || ' 瞒报事故', '江应急失信〔2026〕21号', '江门市应急管理局', app.today() - 30),
            ($2, $3 || ' 拒不整改', '江应急失信〔2026〕22号', '江门市应急管理局', app.today() - 30)
     returning id`,
    [rows[0]!.id, rows[1]!.id, TAG],
  )
  listing = ins.rows[0]!.id
  other = ins.rows[1]!.id
  const rem = await sql().query<{ id: string }>(
    `insert into public.credit_blacklist (enterprise_id, reason, listed_on, removed_on, removal_reason)
     values ($1, $2 || ' 已修复', app.today() - 900, app.today() - 400, '完成信用修复') returning id`,
    [rows[0]!.id, TAG],
  )
  removed = rem.rows[0]!.id
}, 120_000)

afterAll(async () => {
  await sql().query(`delete from public.credit_blacklist where reason like $1`, [`${TAG}%`])
})

describe('editing a listing', () => {
  it('the regulator of the area corrects the reason, decision, deciding office and expiry; an admin too', async () => {
    const before = await row(listing)
    const expires = new Date(Date.parse(before.listed_on) + 2 * 365 * 86_400_000).toISOString().slice(0, 10)
    const r = await regulator
      .from('credit_blacklist')
      .update({ reason: `${TAG} 瞒报较大事故（更正）`, decision: '江应急失信〔2026〕21号之一', decided_by: '江海区应急管理局', expires_on: expires })
      .eq('id', listing)
      .select('id')
    expect(r.error).toBeNull()
    expect(r.data).toHaveLength(1)
    expect(await row(listing)).toMatchObject({
      reason: `${TAG} 瞒报较大事故（更正）`,
      decision: '江应急失信〔2026〕21号之一',
      decided_by: '江海区应急管理局',
      expires_on: expires,
      listed_on: before.listed_on,
    })
    const a = await admin.from('credit_blacklist').update({ decision: '江应急失信〔2026〕21号' }).eq('id', listing).select('id')
    expect(a.error).toBeNull()
    expect((await row(listing)).decision).toBe('江应急失信〔2026〕21号')
  })

  it('nobody changes the day of listing (it would move the earliest credit repair), the enterprise or the removal', async () => {
    const before = await row(listing)
    for (const [who, c] of [
      ['regulator', regulator],
      ['admin', admin],
    ] as const) {
      const back = await c.from('credit_blacklist').update({ listed_on: '2020-01-01' }).eq('id', listing).select('id')
      expect(back.error?.code, who).toBe('42501')
      expect(back.error?.message).toContain('列入日期不可更改')
      expect(back.error?.message).toContain(`(${before.listed_on})`)
    }
    // an expiry on or before the day of listing is refused with the field named
    const early = await regulator.from('credit_blacklist').update({ expires_on: before.listed_on }).eq('id', listing).select('id')
    expect(early.error?.message).toContain('credit_blacklist.expires_on')
    const ent = await admin.from('credit_blacklist').update({ enterprise_id: DEMO_ENTERPRISE_ID }).eq('id', listing).select('id')
    expect(ent.error?.code).toBe('42501')
    expect(ent.error?.message).toContain('名单主体不可更改')
    const rem = await admin.from('credit_blacklist').update({ removed_on: before.listed_on, removal_reason: '直接移出' }).eq('id', listing).select('id')
    expect(rem.error?.code).toBe('42501')
    expect(rem.error?.message).toContain('remove_from_blacklist')
    expect(await row(listing)).toEqual(before)
  })

  it('a removed listing is a record: not edited', async () => {
    const before = await row(removed)
    const r = await admin
      .from('credit_blacklist')
      .update({ reason: `${TAG} 改写` })
      .eq('id', removed)
      .select('id')
    expect(r.error?.code).toBe('42501')
    expect(r.error?.message).toContain('已移出的名单不可修改')
    expect(await row(removed)).toEqual(before)
  })

  it("the enterprise, the public and another district's regulator change nothing", async () => {
    const before = await row(listing)
    // the demo enterprise's own listing: put one there for this check only (the owner's maintenance)
    const own = await sql().query<{ id: string }>(
      `insert into public.credit_blacklist (enterprise_id, reason, listed_on) select $1, $2 || ' 企业自身', app.today() - 10
       where not exists (select 1 from public.credit_blacklist where enterprise_id = $1 and removed_on is null) returning id`,
      [DEMO_ENTERPRISE_ID, TAG],
    )
    try {
      const e = await enterprise
        .from('credit_blacklist')
        .update({ reason: `${TAG} 企业改写` })
        .eq('id', listing)
        .select('id')
      expect(e.error).toBeNull()
      expect(e.data).toEqual([])
      if (own.rows[0]) {
        const mine = await enterprise
          .from('credit_blacklist')
          .update({ reason: `${TAG} 企业改写自己的` })
          .eq('id', own.rows[0].id)
          .select('id')
        expect(mine.error).toBeNull()
        expect(mine.data).toEqual([])
        expect((await row(own.rows[0].id)).reason).toBe(`${TAG} 企业自身`)
      }
      const p = await anonClient()
        .from('credit_blacklist')
        .update({ reason: `${TAG} 公众改写` })
        .eq('id', listing)
        .select('id')
      expect(p.error?.code).toBe('42501')
      const o = await otherRegulator
        .from('credit_blacklist')
        .update({ reason: `${TAG} 越界改写` })
        .eq('id', other)
        .select('id')
      expect(o.error).toBeNull()
      expect(o.data).toEqual([])
      expect(await row(listing)).toEqual(before)
      expect((await row(other)).reason).toBe(`${TAG} 拒不整改`)
    } finally {
      if (own.rows[0]) await sql().query(`delete from public.credit_blacklist where id = $1`, [own.rows[0].id])
    }
  })
})
