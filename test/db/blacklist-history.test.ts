// The history of a serious-dishonesty listing (issue 18, 20270113000100_blacklist_edit_history.sql)
// through supabase-js → gateway → PostgREST → PostgreSQL: every change of a listing writes exactly
// one row of credit_blacklist_edits (the fields changed, old → new, who, when, why): an edit through
// edit_blacklist_listing() with its required reason, a direct table update, credit-repair removal;
// refused edits write nothing; nobody (admin and the owner included) changes or deletes a history
// row; it is read by whoever reads the listing (area regulators, admins, the listed enterprise for
// its own), not by the public or another district's regulator. Rows made here are deleted at the end
// (listings only: their history stays, by design).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'

useStack()

const TAG = `blacklist-history-${Date.now().toString(36)}`
const as = {} as Record<AppRole, SupabaseClient> & { other: SupabaseClient; none: SupabaseClient }
let listing = '' // a current listing of the demo district, 30 days old
let old = '' // one 400 days old (credit repair possible)
let elsewhere = '' // a listing outside the demo district
let aged = '' // one 800 days old (its expiry already near)
let own = '' // the demo enterprise's own listing
const made: string[] = []

interface Edit {
  id: number
  listing_id: string
  actor_id: string | null
  actor_role: string
  action: string
  fields: string[]
  changes: Record<string, { old: unknown; new: unknown }>
  note: string | null
}

/** History of a listing as the owner sees it (independent of RLS), oldest first. */
async function history(id: string): Promise<Edit[]> {
  const { rows } = await sql().query<Edit>(
    `select id::int, listing_id, actor_id, actor_role, action, fields, changes, note from public.credit_blacklist_edits where listing_id = $1 order by id`,
    [id],
  )
  return rows
}
/**
 * Edits of the listings this file works on (its own four and the demo enterprise's): other files edit
 * their own listings meanwhile (the native pass shares one database), so not the whole table.
 */
async function count(): Promise<number> {
  const { rows } = await sql().query<{ n: number }>(`select count(*)::int as n from public.credit_blacklist_edits where listing_id = any($1::uuid[])`, [
    [listing, old, elsewhere, aged, own],
  ])
  return rows[0]!.n
}
async function listingRow(id: string) {
  const { rows } = await sql().query<Record<string, unknown>>(
    `select reason, decision, decided_by, listed_on::text, expires_on::text, removed_on::text, updated_at::text from public.credit_blacklist where id = $1`,
    [id],
  )
  return rows[0]!
}

beforeAll(async () => {
  for (const r of ['admin', 'regulator', 'enterprise', 'command', 'planner'] as const) as[r] = await signIn(demoUser(r).email, demoUser(r).password)
  as.other = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000018e1',
    role: 'authenticated',
    aud: 'authenticated',
    email: 'regulator-440703@example.com',
    app_metadata: { app_role: 'regulator', area_codes: ['440703'] },
  })
  // signed in, no app role (a self sign-up)
  as.none = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000018e2', role: 'authenticated', aud: 'authenticated', app_metadata: {} })
  const { rows } = await sql().query<{ id: string }>(
    `select e.id from public.enterprises e
     where e.area_code like $1 and e.id <> $2
       and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id and b.removed_on is null)
     order by e.id desc limit 3`,
    [`${DEMO_REGULATOR_AREA}%`, DEMO_ENTERPRISE_ID],
  )
  const out = await sql().query<{ id: string }>(
    `select e.id from public.enterprises e
     where e.area_code not like $1 and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id and b.removed_on is null)
     order by e.id limit 1`,
    [`${DEMO_REGULATOR_AREA}%`],
  )
  expect(rows).toHaveLength(3)
  expect(out.rows).toHaveLength(1)
  const ins = await sql().query<{ id: string }>(
    `insert into public.credit_blacklist (enterprise_id, reason, decision, decided_by, listed_on)
     values ($1, $4 || ' 瞒报事故', '江应急失信〔2026〕31号', '江门市应急管理局', app.today() - 30),
            ($2, $4 || ' 拒不整改', '江应急失信〔2025〕32号', '江门市应急管理局', app.today() - 400),
            ($3, $4 || ' 外区', null, null, app.today() - 30),
            ($5, $4 || ' 久列', null, null, app.today() - 800)
     returning id`,
    [rows[0]!.id, rows[1]!.id, out.rows[0]!.id, TAG, rows[2]!.id],
  )
  ;[listing, old, elsewhere, aged] = ins.rows.map((r) => r.id) as [string, string, string, string]
  made.push(listing, old, elsewhere, aged)
  const mine = await sql().query<{ id: string }>(`select id from public.credit_blacklist where enterprise_id = $1 and removed_on is null`, [DEMO_ENTERPRISE_ID])
  if (mine.rows[0]) own = mine.rows[0].id
  else {
    const o = await sql().query<{ id: string }>(
      `insert into public.credit_blacklist (enterprise_id, reason, listed_on) values ($1, $2 || ' 企业自身', app.today() - 10) returning id`,
      [DEMO_ENTERPRISE_ID, TAG],
    )
    own = o.rows[0]!.id
    made.push(own)
  }
}, 120_000)

afterAll(async () => {
  if (made.length) await sql().query(`delete from public.credit_blacklist where id = any($1::uuid[])`, [made])
})

describe('what writes a history row', () => {
  it('a new listing writes one "listed" row with its values (here by maintenance: actor "system")', async () => {
    const h = await history(listing)
    expect(h).toHaveLength(1)
    expect(h[0]).toMatchObject({ action: 'listed', actor_role: 'system', actor_id: null, note: null })
    expect(h[0]!.changes.reason).toEqual({ old: null, new: `${TAG} 瞒报事故` })
    expect(h[0]!.changes.decision).toEqual({ old: null, new: '江应急失信〔2026〕31号' })
    expect(h[0]!.fields).toContain('listed_on')
    // nulls of a new listing are not "changes"
    expect(h[0]!.fields).not.toContain('removed_on')
  })

  it("the area's regulator edits through the form's function: one row, exactly the changed fields, old → new, who and why", async () => {
    const before = await listingRow(listing)
    const n = (await history(listing)).length
    const expires = new Date(Date.parse(String(before.listed_on)) + 2 * 365 * 86_400_000).toISOString().slice(0, 10)
    const r = await as.regulator.rpc('edit_blacklist_listing', {
      id: listing,
      reason: `${TAG} 瞒报较大事故`,
      decision: '江应急失信〔2026〕31号',
      decided_by: ' 江海区应急管理局 ',
      expires_on: expires,
      note: '  决定书更正：决定机关为区局  ',
    })
    expect(r.error).toBeNull()
    expect(r.data).toMatchObject({ id: listing, reason: `${TAG} 瞒报较大事故`, decided_by: '江海区应急管理局', expires_on: expires })
    const h = await history(listing)
    expect(h).toHaveLength(n + 1)
    const e = h.at(-1)!
    expect(r.data.history_id).toBe(e.id)
    expect(e).toMatchObject({
      action: 'edited',
      actor_id: demoUser('regulator').id,
      actor_role: 'regulator',
      note: '决定书更正：决定机关为区局',
      fields: ['reason', 'decided_by', 'expires_on'],
    })
    expect(e.changes).toEqual({
      reason: { old: before.reason, new: `${TAG} 瞒报较大事故` },
      decided_by: { old: before.decided_by, new: '江海区应急管理局' },
      expires_on: { old: before.expires_on, new: expires },
    })
  })

  it('a direct table update by an admin (no reason given) is recorded too, with no note', async () => {
    const before = await listingRow(listing)
    const n = (await history(listing)).length
    const a = await as.admin.from('credit_blacklist').update({ decision: '江应急失信〔2026〕31号之一' }).eq('id', listing).select('id')
    expect(a.error).toBeNull()
    expect(a.data).toHaveLength(1)
    const h = await history(listing)
    expect(h).toHaveLength(n + 1)
    expect(h.at(-1)).toMatchObject({
      action: 'edited',
      actor_id: demoUser('admin').id,
      actor_role: 'admin',
      note: null,
      fields: ['decision'],
      changes: { decision: { old: before.decision, new: '江应急失信〔2026〕31号之一' } },
    })
    // the same values again change nothing and record nothing (updated_at is bookkeeping)
    const same = await as.admin.from('credit_blacklist').update({ decision: '江应急失信〔2026〕31号之一' }).eq('id', listing).select('id')
    expect(same.error).toBeNull()
    expect(await history(listing)).toHaveLength(n + 1)
  })

  it('credit-repair removal writes one "removed" row whose note is the removal reason', async () => {
    const n = (await history(old)).length
    const r = await as.regulator.rpc('remove_from_blacklist', { id: old, reason: '已完成信用修复，整改到位' })
    expect(r.error).toBeNull()
    const h = await history(old)
    expect(h).toHaveLength(n + 1)
    const e = h.at(-1)!
    expect(e).toMatchObject({ action: 'removed', actor_id: demoUser('regulator').id, actor_role: 'regulator', note: '已完成信用修复，整改到位' })
    expect(e.fields).toEqual(['removed_on', 'removal_reason', 'removed_by', 'removed_by_role'])
    expect(e.changes.removed_on).toEqual({ old: null, new: r.data.removed_on })
    expect(e.changes.removed_by).toEqual({ old: null, new: demoUser('regulator').id })
  })
})

describe('refused edits write nothing', () => {
  it('the form function refuses a missing or too long reason for the edit, an unchanged listing, and a bad expiry', async () => {
    const before = await listingRow(listing)
    const n = await count()
    const args = { id: listing, reason: before.reason, decision: before.decision, decided_by: before.decided_by, expires_on: before.expires_on }
    const noNote = await as.regulator.rpc('edit_blacklist_listing', { ...args, reason: `${TAG} 改`, note: ' ' })
    expect(noNote.error?.code).toBe('22023')
    expect(noNote.error?.message).toContain('修改理由')
    const longNote = await as.regulator.rpc('edit_blacklist_listing', { ...args, reason: `${TAG} 改`, note: '长'.repeat(501) })
    expect(longNote.error?.message).toContain('2–500')
    const same = await as.regulator.rpc('edit_blacklist_listing', { ...args, note: '核对无误' })
    expect(same.error?.code).toBe('22023')
    expect(same.error?.message).toContain('没有修改任何字段')
    const early = await as.regulator.rpc('edit_blacklist_listing', { ...args, expires_on: before.listed_on, note: '改移出日期' })
    expect(early.error?.message).toContain('credit_blacklist.expires_on')
    const short = await as.regulator.rpc('edit_blacklist_listing', { ...args, reason: '短', note: '改理由' })
    expect(short.error?.message).toContain('credit_blacklist.reason')
    const longDecision = await as.admin.rpc('edit_blacklist_listing', { ...args, decision: '文'.repeat(201), note: '改文号' })
    expect(longDecision.error?.message).toContain('credit_blacklist.decision')
    expect(await count()).toBe(n)
    expect(await listingRow(listing)).toEqual(before)
  })

  it("the day of listing, the enterprise, a direct removal, a removed listing, the enterprise's, the public's and another district's edits", async () => {
    const before = await listingRow(listing)
    const n = await count()
    const day = await as.admin.from('credit_blacklist').update({ listed_on: '2020-01-01' }).eq('id', listing).select('id')
    expect(day.error?.code).toBe('42501')
    const ent = await as.admin.from('credit_blacklist').update({ enterprise_id: DEMO_ENTERPRISE_ID }).eq('id', listing).select('id')
    expect(ent.error?.code).toBe('42501')
    const rem = await as.regulator.from('credit_blacklist').update({ removed_on: before.listed_on, removal_reason: '直接移出' }).eq('id', listing).select('id')
    expect(rem.error?.code).toBe('42501')
    const removed = await as.admin.rpc('edit_blacklist_listing', {
      id: old,
      reason: `${TAG} 改写已移出`,
      decision: null,
      decided_by: null,
      expires_on: '2099-01-01',
      note: '改写',
    })
    expect(removed.error?.code).toBe('42501')
    expect(removed.error?.message).toContain('已移出的名单不可修改')
    // the enterprise reads its own listing but may not edit it
    const mine = await as.enterprise.rpc('edit_blacklist_listing', {
      id: own,
      reason: `${TAG} 企业改写`,
      decision: null,
      decided_by: null,
      expires_on: '2099-01-01',
      note: '企业自改',
    })
    expect(mine.error?.code).toBe('42501')
    expect(mine.error?.message).toContain('无权修改该名单')
    const ents = await as.enterprise
      .from('credit_blacklist')
      .update({ reason: `${TAG} 企业改写` })
      .eq('id', own)
      .select('id')
    expect(ents.data ?? []).toEqual([])
    const pub = await anonClient().rpc('edit_blacklist_listing', {
      id: listing,
      reason: `${TAG} 公众`,
      decision: null,
      decided_by: null,
      expires_on: '2099-01-01',
      note: '公众改写',
    })
    expect(pub.error).not.toBeNull()
    const far = await as.other.rpc('edit_blacklist_listing', {
      id: listing,
      reason: `${TAG} 越界`,
      decision: null,
      decided_by: null,
      expires_on: '2099-01-01',
      note: '越界改写',
    })
    expect(far.error?.code).toBe('42501')
    expect(far.error?.message).toContain('不存在或无权查看')
    const farDirect = await as.other
      .from('credit_blacklist')
      .update({ reason: `${TAG} 越界` })
      .eq('id', listing)
      .select('id')
    expect(farDirect.data ?? []).toEqual([])
    expect(await count()).toBe(n)
    expect(await listingRow(listing)).toEqual(before)
  })
})

describe('a correction of the expiry cannot end a listing early (20270113000200)', () => {
  it('not before the earliest credit-repair day (12 months after listing), nor before today; within them it is an edit', async () => {
    const before = await listingRow(listing)
    const n = await count()
    const floor = (
      await sql().query<{ d: string }>(`select (listed_on + interval '12 months')::date::text as d from public.credit_blacklist where id = $1`, [listing])
    ).rows[0]!.d
    const dayBefore = (await sql().query<{ d: string }>(`select ($1::date - 1)::text as d`, [floor])).rows[0]!.d
    const soon = await as.regulator.rpc('edit_blacklist_listing', {
      id: listing,
      reason: before.reason,
      decision: before.decision,
      decided_by: before.decided_by,
      expires_on: dayBefore,
      note: '缩短期限',
    })
    expect(soon.error?.code).toBe('22023')
    expect(soon.error?.message).toContain(`移出日期）不得早于 ${floor}`)
    expect(soon.error?.message).toContain('信用修复')
    const direct = await as.admin.from('credit_blacklist').update({ expires_on: dayBefore }).eq('id', listing).select('id')
    expect(direct.error?.message).toContain('credit_blacklist.expires_on')
    // an old listing: its expiry cannot be moved into the past (that is removal without credit repair)
    const agedRow = await listingRow(aged)
    const today = (await sql().query<{ d: string; next: string }>(`select app.today()::text as d, (app.today() + 10)::text as next`)).rows[0]!
    const yesterday = (await sql().query<{ d: string }>(`select (app.today() - 1)::text as d`)).rows[0]!.d
    const past = await as.admin.from('credit_blacklist').update({ expires_on: yesterday }).eq('id', aged).select('id')
    expect(past.error?.message).toContain(`不得早于 ${today.d}`)
    expect(await count()).toBe(n)
    expect(await listingRow(listing)).toEqual(before)
    // within the bounds: an edit like any other, recorded
    const ok = await as.admin.rpc('edit_blacklist_listing', {
      id: aged,
      reason: agedRow.reason,
      decision: null,
      decided_by: null,
      expires_on: today.next,
      note: '按决定书更正届满日',
    })
    expect(ok.error).toBeNull()
    const h = await history(aged)
    expect(h.at(-1)).toMatchObject({ action: 'edited', fields: ['expires_on'], changes: { expires_on: { old: agedRow.expires_on, new: today.next } } })
  })
})

describe('the history is append-only', () => {
  it('no role inserts, updates or deletes a history row through the API', async () => {
    const h = await history(listing)
    const target = h[0]!
    const clients: [string, SupabaseClient][] = [
      ['anon', anonClient()],
      ['none', as.none],
      ['admin', as.admin],
      ['command', as.command],
      ['planner', as.planner],
      ['regulator', as.regulator],
      ['enterprise', as.enterprise],
      ['service', serviceClient()],
    ]
    for (const [who, c] of clients) {
      const ins = await c
        .from('credit_blacklist_edits')
        .insert({ listing_id: listing, actor_role: 'admin', action: 'edited', fields: ['reason'], changes: { reason: { old: 'x', new: 'y' } } })
      expect(ins.error?.code, `${who} insert`).toBe('42501')
      const up = await c.from('credit_blacklist_edits').update({ note: '篡改' }).eq('id', target.id).select('id')
      expect(up.error?.code, `${who} update`).toBe('42501')
      const del = await c.from('credit_blacklist_edits').delete().eq('id', target.id).select('id')
      expect(del.error?.code, `${who} delete`).toBe('42501')
    }
    expect(await history(listing)).toEqual(h)
  })

  it('not even the owner (maintenance SQL) updates, deletes or truncates it', async () => {
    const h = await history(listing)
    for (const q of [
      `update public.credit_blacklist_edits set note = '篡改' where listing_id = '${listing}'`,
      `delete from public.credit_blacklist_edits where listing_id = '${listing}'`,
      `truncate public.credit_blacklist_edits`,
    ]) {
      await expect(sql().query(q), q).rejects.toThrow(/名单修改记录不可修改或删除/)
    }
    expect(await history(listing)).toEqual(h)
  })
})

describe('who reads the history', () => {
  it("the area's regulator and admins, command and planners read it; the listed enterprise its own listing's only", async () => {
    const all = await history(listing)
    expect(all.length).toBeGreaterThanOrEqual(3)
    for (const r of ['regulator', 'admin', 'command', 'planner'] as const) {
      const { data, error } = await as[r].from('credit_blacklist_edits').select('id, action, fields, changes, note').eq('listing_id', listing).order('id')
      expect(error, r).toBeNull()
      expect(
        data?.map((x) => x.id),
        r,
      ).toEqual(all.map((x) => x.id))
    }
    const ownHistory = await history(own)
    expect(ownHistory.length).toBeGreaterThan(0)
    const mine = await as.enterprise.from('credit_blacklist_edits').select('id').eq('listing_id', own)
    expect(mine.error).toBeNull()
    expect(mine.data?.map((x) => x.id).sort()).toEqual(ownHistory.map((x) => x.id).sort())
    const theirs = await as.enterprise.from('credit_blacklist_edits').select('id').eq('listing_id', listing)
    expect(theirs.error).toBeNull()
    expect(theirs.data).toEqual([])
  })

  it("the public, a signed-in user with no role and another district's regulator read none of it", async () => {
    const pub = await anonClient().from('credit_blacklist_edits').select('id').eq('listing_id', listing)
    expect(pub.error?.code).toBe('42501')
    const none = await as.none.from('credit_blacklist_edits').select('id').eq('listing_id', listing)
    expect(none.error).toBeNull()
    expect(none.data).toEqual([])
    const far = await as.other.from('credit_blacklist_edits').select('id').eq('listing_id', listing)
    expect(far.error).toBeNull()
    expect(far.data).toEqual([])
    // and the demo district's regulator none of a listing outside its district (which has history)
    expect((await history(elsewhere)).length).toBeGreaterThan(0)
    const out = await as.regulator.from('credit_blacklist_edits').select('id').eq('listing_id', elsewhere)
    expect(out.error).toBeNull()
    expect(out.data).toEqual([])
  })
})
