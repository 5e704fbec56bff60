// public_place_search (issue 21) through supabase-js → gateway → PostgREST as anon: it finds
// schools, hospitals and stations by their public names with only public-safe fields (no id,
// population, phone or capacity), never a protective target of a non-public kind (prison, military,
// government, infrastructure, homes), areas by Chinese or English name, and it is bounded
// (1–100 characters refused in words, at most 8 hits per kind).
import { describe, it, expect, beforeAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql, useStack } from '../helpers/stack.ts'

useStack()

let anon: SupabaseClient
beforeAll(() => {
  anon = anonClient()
})

type Hit = Record<string, unknown> & { kind: string; name: string; lon: number; lat: number }

async function search(q: string): Promise<Hit[]> {
  const { data, error } = await anon.rpc('public_place_search', { q })
  expect(error).toBeNull()
  return data as Hit[]
}

const PUBLIC_TYPES = ['school', 'kindergarten', 'hospital', 'mall', 'stadium', 'hotel', 'heritage']

describe('public_place_search, as anon', () => {
  it('finds a school by its name, with its type and district and nothing private', async () => {
    const {
      rows: [t],
    } = await sql().query<{ name: string; lon: number; lat: number; district: string }>(
      `select t.name, extensions.st_x(t.location) as lon, extensions.st_y(t.location) as lat, d.name as district
         from public.protective_targets t join public.areas d on d.level = 'district' and t.area_code like d.code || '%'
        where t.type_code = 'school' order by t.name limit 1`,
    )
    expect(t, 'a school in the demo city').toBeTruthy()
    const hits = await search(t!.name)
    const hit = hits.find((h) => h.kind === 'target' && h.name === t!.name)
    expect(hit).toBeDefined()
    expect(Object.keys(hit!).sort()).toEqual(['district', 'district_en', 'kind', 'lat', 'lon', 'name', 'type', 'type_en', 'type_zh'])
    expect(hit!.type).toBe('school')
    expect(hit!.type_zh).toBe('学校')
    expect(hit!.district).toBe(t!.district)
    expect(Math.abs(hit!.lon - t!.lon)).toBeLessThan(1e-5)
    expect(Math.abs(hit!.lat - t!.lat)).toBeLessThan(1e-5)
  })

  it('finds an emergency resource (a fire station, a hospital) with no phone or capacity', async () => {
    const { rows } = await sql().query<{ name: string; resource_type: string }>(
      `select name, resource_type::text from public.emergency_resources where resource_type in ('fire_station', 'hospital') order by name limit 2`,
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) {
      const hit = (await search(r.name)).find((h) => h.kind === 'resource' && h.name === r.name)
      expect(hit).toBeDefined()
      expect(Object.keys(hit!).sort()).toEqual(['district', 'district_en', 'kind', 'lat', 'lon', 'name', 'type'])
      expect(hit!.type).toBe(r.resource_type)
    }
  })

  it('never returns a protective target of a kind that is not public', async () => {
    const { rows } = await sql().query<{ name: string; type_code: string }>(
      `select distinct on (type_code) name, type_code from public.protective_targets where type_code <> all($1) order by type_code, name`,
      [PUBLIC_TYPES],
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) {
      const hits = await search(r.name)
      expect(hits.filter((h) => h.kind === 'target' && h.name === r.name)).toEqual([])
      expect(hits.every((h) => h.kind !== 'target' || PUBLIC_TYPES.includes(h.type as string))).toBe(true)
    }
  })

  it('finds a district by its English name, and keeps the companies of public_search (major hazards only, ~100 m)', async () => {
    const {
      rows: [d],
    } = await sql().query<{ name: string; name_en: string }>(
      `select name, name_en from public.areas where level = 'district' and name_en is not null order by code limit 1`,
    )
    const hits = await search(d!.name_en)
    expect(hits.some((h) => h.kind === 'area' && h.name === d!.name && h.name_en === d!.name_en)).toBe(true)
    const {
      rows: [e],
    } = await sql().query<{ name: string }>(
      `select e.name from public.enterprises e where exists (select 1 from public.hazard_sources h where h.enterprise_id = e.id and h.is_major) order by e.name limit 1`,
    )
    const hit = (await search(e!.name)).find((h) => h.kind === 'enterprise' && h.name === e!.name)
    expect(Object.keys(hit!).sort()).toEqual(['kind', 'lat', 'lon', 'name'])
    expect(hit!.lon).toBe(Math.round(hit!.lon * 1000) / 1000)
  })

  it('is bounded: 1–100 characters (refused in words), at most 8 hits of each kind', async () => {
    for (const q of ['', '   ', 'x'.repeat(101)]) {
      const { error } = await anon.rpc('public_place_search', { q })
      expect(error?.message).toBe('搜索词须为 1–100 个字符 / search text must be 1 to 100 characters')
    }
    const { error } = await anon.rpc('public_place_search', { q: null })
    expect(error?.message).toBe('搜索词须为 1–100 个字符 / search text must be 1 to 100 characters')
    // a common character: many schools, streets and companies match, the answer stays bounded
    const hits = await search('市')
    const byKind = new Map<string, number>()
    for (const h of hits) byKind.set(h.kind, (byKind.get(h.kind) ?? 0) + 1)
    for (const n of byKind.values()) expect(n).toBeLessThanOrEqual(8)
    expect(hits.length).toBeLessThanOrEqual(32)
    // wildcards are literal
    expect(await search('%')).toEqual([])
  })
})
