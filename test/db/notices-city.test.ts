// A notice for the whole city (全市, issue 18) through supabase-js → gateway → PostgREST →
// PostgreSQL: an admin drafts one with the city's code, another admin publishes it and the public
// reads it in every district (public_notices_active by district code); a regulator of one district
// is refused in the database, with the words saying why, when it drafts one, widens its own draft to
// the city, or tries to publish an admin's city-wide draft (which it cannot even see). Every notice
// made here ends withdrawn (notices and their history are never deleted).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'
import { CITY_CODE } from '../../supabase/seed/areas.ts'

useStack()

const TAG = `notices-city-${Date.now().toString(36)}`
let admin: SupabaseClient
let admin2: SupabaseClient
let regulator: SupabaseClient

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await signIn(demoUser('regulator').email, demoUser('regulator').password)
  // a second admin (another user: may approve the first one's draft)
  admin2 = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000018c1',
    role: 'authenticated',
    aud: 'authenticated',
    email: 'admin2@example.com',
    app_metadata: { app_role: 'admin', area_codes: [] },
  })
}, 120_000)

afterAll(async () => {
  const { rows } = await sql().query<{ id: string }>(`select id from public.public_notices where title like $1 and status <> 'withdrawn'`, [`${TAG}%`])
  for (const r of rows) await admin2.rpc('withdraw_notice', { id: r.id, reason: '测试结束，撤回 / end of test' })
})

async function status(id: string): Promise<string | undefined> {
  const { rows } = await sql().query<{ status: string }>(`select status from public.public_notices where id = $1`, [id])
  return rows[0]?.status
}

describe('a notice for the whole city', () => {
  it('an admin drafts it with the city code; another admin publishes it; the public reads it in every district; withdrawn, it is gone', async () => {
    const d = await admin
      .from('public_notices')
      .insert({ kind: 'general', title: `${TAG} 全市安全生产提示`, body: '全市范围内的安全生产提示。', area_codes: [CITY_CODE] })
      .select('id, area_code, area_codes')
      .single()
    expect(d.error).toBeNull()
    expect(d.data).toMatchObject({ area_code: CITY_CODE, area_codes: [CITY_CODE] })
    const id = (d.data as { id: string }).id

    expect((await admin2.rpc('publish_notice', { id })).error).toBeNull()
    expect(await status(id)).toBe('published')
    const { rows: districts } = await sql().query<{ code: string }>(`select code from public.areas where level = 'district' order by code`)
    expect(districts.length).toBeGreaterThan(1)
    for (const { code } of districts) {
      const { data, error } = await anonClient().rpc('public_notices_active', { area_code: code })
      expect(error).toBeNull()
      expect((data as { id: string }[]).map((n) => n.id)).toContain(id)
    }
    // a regulator reads a published city-wide notice but may not withdraw it
    const w = await regulator.rpc('withdraw_notice', { id, reason: '区级监管人员撤回全市公告' })
    expect(w.error?.code).toBe('42501')
    expect(await status(id)).toBe('published')

    expect((await admin2.rpc('withdraw_notice', { id, reason: '测试完成，撤回' })).error).toBeNull()
    const after = await anonClient().rpc('public_notices_active', { area_code: DEMO_REGULATOR_AREA })
    expect((after.data as { id: string }[]).map((n) => n.id)).not.toContain(id)
  })

  it('a district regulator is refused in the database, in words: drafting for the city, widening its draft to the city, publishing an admin one', async () => {
    const out = await regulator
      .from('public_notices')
      .insert({ kind: 'general', title: `${TAG} 越权全市`, body: '区级监管人员起草全市公告。', area_codes: [CITY_CODE] })
      .select('id')
    expect(out.error?.code).toBe('42501')
    expect(out.error?.message).toMatch(new RegExp(`${CITY_CODE} is outside your jurisdiction`))
    expect(out.error?.message).toContain('区域超出辖区')
    const { rows: none } = await sql().query(`select 1 from public.public_notices where title = $1`, [`${TAG} 越权全市`])
    expect(none).toHaveLength(0)

    const own = await regulator
      .from('public_notices')
      .insert({ kind: 'general', title: `${TAG} 本区公告`, body: '本区公告正文。', area_codes: [DEMO_REGULATOR_AREA] })
      .select('id')
      .single()
    expect(own.error).toBeNull()
    const ownId = (own.data as { id: string }).id
    const widened = await regulator
      .from('public_notices')
      .update({ area_codes: [CITY_CODE] })
      .eq('id', ownId)
      .select('id')
    expect(widened.error?.code).toBe('42501')
    expect(widened.error?.message).toMatch(/outside your jurisdiction/)
    const { rows: kept } = await sql().query<{ area_codes: string[]; area_code: string }>(
      `select area_codes, area_code from public.public_notices where id = $1`,
      [ownId],
    )
    expect(kept[0]).toEqual({ area_codes: [DEMO_REGULATOR_AREA], area_code: DEMO_REGULATOR_AREA })

    const cityDraft = await admin
      .from('public_notices')
      .insert({ kind: 'general', title: `${TAG} 全市草稿`, body: '管理员起草的全市公告。', area_codes: [CITY_CODE] })
      .select('id')
      .single()
    expect(cityDraft.error).toBeNull()
    const cityId = (cityDraft.data as { id: string }).id
    // the district regulator does not see the city's draft, and may not publish it
    const seen = await regulator.from('public_notices').select('id').eq('id', cityId)
    expect(seen.data).toEqual([])
    const pub = await regulator.rpc('publish_notice', { id: cityId })
    expect(pub.error?.code).toBe('42501')
    expect(await status(cityId)).toBe('draft')
  })
})
