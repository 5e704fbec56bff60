// Warning areas name their areas in English too (issue 21, migration 20270122010000), through
// supabase-js → gateway → PostgREST → PostgreSQL: public_warning_areas returns area_names_en beside
// area_names, one per named area in the same order (by code), each the area's stored English name
// or, where an area has none, its Chinese name, as SQL finds them on the stored rows; anon and a
// signed-in user both get it (the function was made again: its rights must have survived), and a
// bad view is still refused.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_REGULATOR_AREA, demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

interface Row {
  id: string
  area_codes: string[]
  area_names: string[]
  area_names_en: string[]
}

const CITY = { west: 112.0, south: 21.4, east: 113.6, north: 23.0, zoom: 10 }
const TAG = `warning-names-en-${Date.now().toString(36)}`
let admin: SupabaseClient
/** a regulator of the demo regulator's district (publishes and withdraws the test's warning) */
let regulator: SupabaseClient
let own: string
/** an area of the regulator's district without an English name (null when every area has one) */
let bare: { code: string; name: string } | null = null

/** Each named area's Chinese and English-or-Chinese name, by code, as SQL finds them. */
async function namesOf(codes: string[]): Promise<{ zh: string[]; en: string[] }> {
  const { rows } = await sql().query<{ name: string; en: string }>(
    `select a.name, coalesce(nullif(btrim(a.name_en), ''), a.name) en from public.areas a where a.code = any ($1::text[]) order by a.code`,
    [codes.slice(0, 50)],
  )
  return { zh: rows.map((r) => r.name), en: rows.map((r) => r.en) }
}

beforeAll(async () => {
  admin = await signIn(demoUser('admin').email, demoUser('admin').password)
  regulator = await clientWithClaims({
    sub: '00000000-0000-4000-8000-0000000021e1',
    role: 'authenticated',
    aud: 'authenticated',
    email: 'regulator-names-en@example.com',
    app_metadata: { app_role: 'regulator', area_codes: [DEMO_REGULATOR_AREA] },
  })
  const { rows } = await sql().query<{ code: string; name: string }>(
    `select code, name from public.areas where code like $1 and code <> $2 and (name_en is null or btrim(name_en) = '') order by code limit 1`,
    [`${DEMO_REGULATOR_AREA}%`, DEMO_REGULATOR_AREA],
  )
  bare = rows[0] ?? null
  // a warning naming the regulator's district (which has an English name) and, where there is one,
  // an area of it without (an administrator's draft, a regulator of that district publishes it)
  const ins = await admin
    .from('public_notices')
    .insert({
      kind: 'regional_warning',
      level: 2,
      title: `${TAG} 大风橙色预警`,
      body: '演示：请做好防风准备。',
      area_codes: bare ? [DEMO_REGULATOR_AREA, bare.code] : [DEMO_REGULATOR_AREA],
      valid_until: new Date(Date.now() + 3_600_000).toISOString(),
    })
    .select('id')
    .single()
  if (ins.error) throw new Error(ins.error.message)
  own = ins.data.id as string
  const pub = await regulator.rpc('publish_notice', { id: own })
  if (pub.error) throw new Error(pub.error.message)
}, 120_000)

afterAll(async () => {
  if (own) await regulator.rpc('withdraw_notice', { id: own, reason: '测试结束，撤回预警' })
})

describe('public_warning_areas: English area names', () => {
  it('gives anon each named area in English (Chinese where it has none), in the order of the Chinese names', async () => {
    const { data, error } = await anonClient().rpc('public_warning_areas', CITY)
    expect(error).toBeNull()
    const rows = data as Row[]
    expect(rows.some((r) => r.id === own)).toBe(true)
    let differing = 0
    for (const r of rows) {
      const want = await namesOf(r.area_codes)
      expect(r.area_names, r.id).toEqual(want.zh)
      expect(r.area_names_en, r.id).toEqual(want.en)
      expect(r.area_names_en.length).toBe(r.area_names.length)
      differing += r.area_names_en.filter((n, i) => n !== r.area_names[i]).length
    }
    // the district's stored English name is used, not its Chinese one
    expect(differing).toBeGreaterThan(0)
    const mine = rows.find((r) => r.id === own)!
    const { rows: d } = await sql().query<{ name_en: string }>(`select name_en from public.areas where code = $1`, [DEMO_REGULATOR_AREA])
    expect(d[0]!.name_en).toMatch(/\S/)
    expect(mine.area_names_en).toContain(d[0]!.name_en)
    if (bare) {
      // the area without an English name keeps its Chinese one in the English list
      expect(mine.area_names_en).toContain(bare.name)
    }
  })

  it('gives a signed-in user the same rows', async () => {
    const a = await anonClient().rpc('public_warning_areas', CITY)
    const b = await regulator.rpc('public_warning_areas', CITY)
    expect(b.error).toBeNull()
    const pick = (rows: Row[]) => rows.map((r) => [r.id, r.area_names, r.area_names_en])
    expect(pick(b.data as Row[])).toEqual(pick(a.data as Row[]))
  })

  it('still refuses a bad view, with a message that says why', async () => {
    const { data, error } = await anonClient().rpc('public_warning_areas', { ...CITY, zoom: 30 })
    expect(data).toBeNull()
    expect(error?.message).toMatch(/zoom/)
  })
})
