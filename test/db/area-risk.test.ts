// area_risk_summary: per-area colour counts, the highest colour, an override that wins, and
// what the public may see of it.
import { describe, it, expect } from 'vitest'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { DEMO_USERS } from '../../supabase/seed/demo-users.ts'

useStack()
const user = (role: string) => DEMO_USERS.find((u) => u.role === role)!

describe('area_risk_summary', () => {
  it('district counts and highest colour equal an independent count', async () => {
    const admin = await signIn(user('admin').email, user('admin').password)
    const { data, error } = await admin.rpc('area_risk_summary', { level: 'district' })
    expect(error).toBeNull()
    const { rows } = await sql().query<{ code: string; level: number; n: string }>(
      `select a.code, r.level, count(*) as n from public.areas a
       join public.risk_points r on r.area_code like a.code || '%'
       where a.level = 'district' group by 1, 2`,
    )
    expect(data.length).toBe(7)
    for (const area of data) {
      const mine = rows.filter((r) => r.code === area.code)
      for (const l of [1, 2, 3, 4]) {
        expect(area.risk_points[String(l)], `${area.name} level ${l}`).toBe(Number(mine.find((r) => r.level === l)?.n ?? 0))
      }
      const highest = mine.length ? Math.min(...mine.map((r) => r.level)) : null
      expect(area.highest_level).toBe(highest)
      expect(area.level).toBe(highest)
    }
  })

  it('an area-level assessment overrides the derived colour', async () => {
    const admin = await signIn(user('admin').email, user('admin').password)
    const { data: before } = await admin.rpc('area_risk_summary', { level: 'district' })
    const target = before.find((a: any) => a.highest_level !== 4)
    const ins = await admin.from('area_risk_assessments').insert({
      area_code: target.code,
      level: 4,
      reason: '区域整体评估（测试）',
      assessed_by: '测试评估组',
    })
    expect(ins.error).toBeNull()
    const { data: after } = await admin.rpc('area_risk_summary', { level: 'district' })
    const a = after.find((x: any) => x.code === target.code)
    expect(a.level).toBe(4)
    expect(a.highest_level).toBe(target.highest_level)
    expect(a.override.reason).toBe('区域整体评估（测试）')
    await admin.from('area_risk_assessments').delete().eq('area_code', target.code)
  })

  it('the public gets colours per area but no internal figures; the full summary is refused', async () => {
    const anon = anonClient()
    const full = await anon.rpc('area_risk_summary', { level: 'district' })
    expect(full.error?.code).toBe('42501')
    const pub = await anon.rpc('public_area_risk_summary', { level: 'district' })
    expect(pub.error).toBeNull()
    // name_en: the area's English name (20270121000100, test/db/area-summary-en.test.ts)
    expect(Object.keys(pub.data[0]).sort()).toEqual(['code', 'level', 'name', 'name_en', 'risk_points'])
  })

  it('refuses an unknown level by name', async () => {
    const { error } = await anonClient().rpc('public_area_risk_summary', { level: 'province' })
    expect(error?.message).toBe('unknown area level "province": expected city, district, street or grid')
  })
})
