// A deleted listing's history (20270123000300): maintenance deleted it, the trigger recorded the
// deletion, and those who read every listing still read what it said and that it was deleted; a
// regulator of its area, the listed enterprise, another party and the public read none of it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_ENTERPRISE_ID, DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

const TAG = `bl-deleted-${Date.now().toString(36)}`
const as = {} as Record<'admin' | 'command' | 'planner' | 'regulator' | 'enterprise', SupabaseClient>
let gone = '' // a listing of the demo district, edited once, then deleted by maintenance
let kept = '' // a listing of the same district that stays

beforeAll(async () => {
  for (const r of ['admin', 'command', 'planner', 'regulator', 'enterprise'] as const) as[r] = await signIn(demoUser(r).email, demoUser(r).password)
  const { rows } = await sql().query<{ id: string }>(
    `select e.id from public.enterprises e
     where e.area_code like $1 and e.id <> $2
       and not exists (select 1 from public.credit_blacklist b where b.enterprise_id = e.id and b.removed_on is null)
     order by e.id limit 2`,
    [`${DEMO_REGULATOR_AREA}%`, DEMO_ENTERPRISE_ID],
  )
  expect(rows).toHaveLength(2)
  const ins = await sql().query<{ id: string }>(
    `insert into public.credit_blacklist (enterprise_id, reason, listed_on)
     values ($1, $3 || ' 瞒报事故', app.today() - 30), ($2, $3 || ' 拒不整改', app.today() - 30) returning id`,
    [rows[0]!.id, rows[1]!.id, TAG],
  )
  ;[gone, kept] = ins.rows.map((r) => r.id) as [string, string]
  // the regulator of the area corrects it (through its own API path), then maintenance deletes it
  const exp = (await sql().query<{ e: string }>(`select expires_on::text e from public.credit_blacklist where id = $1`, [gone])).rows[0]!.e
  const e = await as.regulator.rpc('edit_blacklist_listing', {
    id: gone,
    reason: `${TAG} 瞒报较大事故`,
    decision: null,
    decided_by: null,
    expires_on: exp,
    note: '更正事由',
  })
  expect(e.error).toBeNull()
  await sql().query(`delete from public.credit_blacklist where id = $1`, [gone])
}, 120_000)

describe("a deleted listing's history", () => {
  it('the database kept it: listed, edited, deleted', async () => {
    const { rows } = await sql().query<{ action: string }>(`select action from public.credit_blacklist_edits where listing_id = $1 order by id`, [gone])
    expect(rows.map((r) => r.action)).toEqual(['listed', 'edited', 'deleted'])
  })

  it.each(['admin', 'command', 'planner'] as const)('%s (reads every listing) reads it, deletion included', async (role) => {
    const { data, error } = await as[role].from('credit_blacklist_edits').select('action, fields, changes').eq('listing_id', gone).order('id')
    expect(error).toBeNull()
    expect(data!.map((r) => r.action)).toEqual(['listed', 'edited', 'deleted'])
    const edited = data![1]!
    expect(edited.fields).toContain('reason')
    expect((edited.changes as Record<string, { new: unknown }>).reason!.new).toBe(`${TAG} 瞒报较大事故`)
  })

  it('the regulator of its area reads the history of the listing that stays, not of the deleted one', async () => {
    const mine = await as.regulator.from('credit_blacklist_edits').select('action').eq('listing_id', kept)
    expect(mine.error).toBeNull()
    expect(mine.data!.map((r) => r.action)).toEqual(['listed'])
    const { data, error } = await as.regulator.from('credit_blacklist_edits').select('id').eq('listing_id', gone)
    expect(error).toBeNull()
    expect(data).toEqual([])
  })

  it('an enterprise and a user with no role read none of it; the public is refused', async () => {
    const ent = await as.enterprise.from('credit_blacklist_edits').select('id').eq('listing_id', gone)
    expect(ent.error).toBeNull()
    expect(ent.data).toEqual([])
    // signed in with no app role (a self sign-up): nothing
    const none = await clientWithClaims({ sub: '00000000-0000-4000-8000-0000000018e3', role: 'authenticated', aud: 'authenticated', app_metadata: {} })
    const nr = await none.from('credit_blacklist_edits').select('id').eq('listing_id', gone)
    expect(nr.error).toBeNull()
    expect(nr.data).toEqual([])
    const pub = await anonClient().from('credit_blacklist_edits').select('id').eq('listing_id', gone)
    expect(pub.error?.code).toBe('42501')
  })

  it('and it is still append-only: not even the owner deletes it', async () => {
    await expect(sql().query(`delete from public.credit_blacklist_edits where listing_id = $1`, [gone])).rejects.toThrow(/append-only/)
  })
})

afterAll(async () => {
  await sql().query(`delete from public.credit_blacklist where id = $1`, [kept])
})
