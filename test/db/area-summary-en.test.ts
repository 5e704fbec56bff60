// Area risk summaries name each area in English too (20270121000100_area_summary_name_en.sql,
// issue 21): for staff (area_risk_summary) and the public (public_area_risk_summary), at every
// level the one map, the wall and the public view ask for, each area's name_en is the English name
// stored on the area (pinyin from the seed), its Chinese name when none is stored, and the
// rest of the summary is what it was (same areas, same names, same counts). The public still gets
// no internal figures, and anon still may not call the staff summary.
import { describe, it, expect } from 'vitest'
import { anonClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser } from '../../supabase/seed/demo-users.ts'

useStack()

interface Row {
  code: string
  name: string
  name_en?: string
  risk_points: Record<string, number>
  hidden_dangers?: unknown
}

async function stored(level: string): Promise<Map<string, { name: string; name_en: string | null }>> {
  const { rows } = await sql().query<{ code: string; name: string; name_en: string | null }>(
    `select code, name, name_en from public.areas where level = $1::public.area_level`,
    [level],
  )
  return new Map(rows.map((r) => [r.code, r]))
}

describe('area risk summaries name areas in English', () => {
  for (const level of ['district', 'street'] as const) {
    it(`staff (${level}): every area's name_en is its stored English name`, async () => {
      const u = demoUser('admin')
      const admin = await signIn(u.email, u.password)
      const { data, error } = await admin.rpc('area_risk_summary', { level })
      expect(error).toBeNull()
      const rows = data as Row[]
      const areas = await stored(level)
      expect(rows.length).toBe(areas.size)
      expect(rows.length).toBeGreaterThan(0)
      let withEnglish = 0
      for (const r of rows) {
        const a = areas.get(r.code)!
        expect(a, r.code).toBeDefined()
        expect(r.name, r.code).toBe(a.name)
        expect(r.name_en, r.code).toBe(a.name_en ?? a.name)
        if (a.name_en) {
          withEnglish++
          // Latin letters, not the Chinese name again
          expect(r.name_en, r.code).not.toBe(r.name)
          expect(r.name_en, r.code).toMatch(/^[A-Za-z][A-Za-z' -]*$/)
        }
      }
      // the seed names every district and street in English (session 14)
      expect(withEnglish).toBe(rows.length)
    })
  }

  it('the public (anon) gets name_en too, and still no internal figures', async () => {
    const { data, error } = await anonClient().rpc('public_area_risk_summary', { level: 'district' })
    expect(error).toBeNull()
    const rows = data as Row[]
    const areas = await stored('district')
    expect(rows.length).toBe(areas.size)
    for (const r of rows) {
      const a = areas.get(r.code)!
      expect(r.name_en, r.code).toBe(a.name_en ?? a.name)
      expect(r.hidden_dangers, r.code).toBeUndefined()
    }
  })

  it('an area without a stored English name keeps its Chinese name there (restored after)', async () => {
    const { rows } = await sql().query<{ code: string; name_en: string }>(
      `select code, name_en from public.areas where level = 'district' order by code limit 1`,
    )
    const { code, name_en } = rows[0]!
    await sql().query(`update public.areas set name_en = null where code = $1`, [code])
    try {
      const { data, error } = await anonClient().rpc('public_area_risk_summary', { level: 'district' })
      expect(error).toBeNull()
      const r = (data as Row[]).find((x) => x.code === code)!
      expect(r.name_en).toBe(r.name)
    } finally {
      await sql().query(`update public.areas set name_en = $2 where code = $1`, [code, name_en])
    }
  })

  it('anon is still refused the staff summary', async () => {
    const { error } = await anonClient().rpc('area_risk_summary', { level: 'district' })
    expect(error).not.toBeNull()
  })
})
