// The weather feed's key (issue 21, migration 20270207000100) through supabase-js → gateway →
// PostgREST: the URL (…&key=<KEY>) is read by an admin always; by command, planner and regulator
// only while reader = 'browser' (their walls fetch it), never with 'server'; an enterprise, a user
// without a role and anon never. Nobody reads the column past the function (not even through a
// filter). The service role's reader still reads it and writes its reading. The change log keeps
// the URL masked. The row is put back as it was after.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { loadWeatherFeedSettings, saveWeatherFeedSettings } from '../../src/data/weatherFeed.ts'
import { readOnce } from '../../supabase/local/weather-reader.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let none: SupabaseClient
let before: Record<string, unknown>
const KEY = `k${crypto.randomUUID().replaceAll('-', '')}`
const URL_K = `https://devapi.qweather.com/v7/weather/now?location=101281101&key=${KEY}`
const STAFF = ['command', 'planner', 'regulator'] as const

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  none = await clientWithClaims({ sub: crypto.randomUUID(), role: 'authenticated', app_metadata: {} })
  before = (await sql().query('select url, format, refresh_minutes, label, reader from public.weather_feed_settings')).rows[0]
})

afterAll(async () => {
  await sql().query('delete from public.weather_readings')
  await sql().query('update public.weather_feed_settings set url = $1, format = $2, refresh_minutes = $3, label = $4, reader = $5', [
    before.url,
    before.format,
    before.refresh_minutes,
    before.label,
    before.reader,
  ])
})

/** what each caller can get of the URL, every way the API offers */
async function neverReads(c: SupabaseClient, who: string): Promise<void> {
  const direct = await c.from('weather_feed_settings').select('url')
  expect(direct.error?.message, who).toMatch(/permission denied/)
  expect((await c.from('weather_feed_settings').select('*')).error?.message, who).toMatch(/permission denied/)
  // nor by guessing through a filter on the column
  const probe = await c
    .from('weather_feed_settings')
    .select('id')
    .like('url', `%${KEY.slice(0, 6)}%`)
  expect(probe.error?.message, who).toMatch(/permission denied/)
}

describe("reader 'browser': the walls fetch the URL, so staff read it", () => {
  it('an admin saves a QWeather URL with its key and reads it back', async () => {
    const saved = await saveWeatherFeedSettings({ url: URL_K, format: 'qweather', refresh_minutes: 10, label: '和风天气', reader: 'browser' }, as.admin)
    expect(saved).toMatchObject({ url: URL_K, has_url: true, reader: 'browser' })
  })

  it('command, planner and regulator read it through weather_feed_url(), never the column', async () => {
    for (const role of STAFF) {
      expect(await loadWeatherFeedSettings(as[role]), role).toMatchObject({ url: URL_K, has_url: true, reader: 'browser' })
      await neverReads(as[role], role)
    }
  })

  it('an enterprise and a user without a role get nothing; anon is refused', async () => {
    for (const [c, who] of [
      [as.enterprise, 'enterprise'],
      [none, 'none'],
    ] as const) {
      expect(await loadWeatherFeedSettings(c), who).toBeNull()
      expect((await c.rpc('weather_feed_url', {}, { get: true })).data, who).toBeNull()
      await neverReads(c, who)
    }
    const anon = anonClient()
    expect((await anon.rpc('weather_feed_url', {}, { get: true })).error?.code).toBe('42501')
    expect((await anon.from('weather_feed_settings').select('url')).error?.code).toBe('42501')
  })
})

describe("reader 'server': the key stays with admins and the reader", () => {
  it('an admin switches to the server reader and still reads the URL', async () => {
    const saved = await saveWeatherFeedSettings({ url: URL_K, format: 'qweather', refresh_minutes: 10, label: '和风天气', reader: 'server' }, as.admin)
    expect(saved).toMatchObject({ url: URL_K, has_url: true, reader: 'server' })
    expect((await as.admin.rpc('weather_feed_url', {}, { get: true })).data).toBe(URL_K)
  })

  it('command, planner and regulator see that a feed is set, not where (url null)', async () => {
    for (const role of STAFF) {
      const s = await loadWeatherFeedSettings(as[role])
      expect(s, role).toMatchObject({ url: null, has_url: true, reader: 'server', format: 'qweather', refresh_minutes: 10, label: '和风天气' })
      expect((await as[role].rpc('weather_feed_url', {}, { get: true })).data, role).toBeNull()
      await neverReads(as[role], role)
    }
    expect(await loadWeatherFeedSettings(as.enterprise)).toBeNull()
  })

  it("the service role's reader still reads the URL and writes its reading", async () => {
    const svc = serviceClient()
    expect((await svc.from('weather_feed_settings').select('url').single()).data).toEqual({ url: URL_K })
    const asked: string[] = []
    const obs = new Date(Date.now() - 5 * 60_000 + 8 * 3600_000).toISOString().slice(0, 16)
    const fakeFetch = (async (u: string) => {
      asked.push(u)
      return new Response(JSON.stringify({ code: '200', now: { obsTime: `${obs}+08:00`, temp: '20', wind360: '90', windSpeed: '18' } }), { status: 200 })
    }) as unknown as typeof fetch
    const o = await readOnce(svc, fakeFetch)
    expect(o).toMatchObject({ outcome: 'reading', reading: { wind_from_deg: 90, u_m_s: 5 } })
    expect(asked).toEqual([URL_K])
  })

  it('the change log keeps the URL masked (government staff read the log)', async () => {
    for (const c of [as.admin, as.command]) {
      const { data, error } = await c
        .from('config_changes')
        .select('old, new')
        .eq('table_name', 'weather_feed_settings')
        .order('id', { ascending: false })
        .limit(2)
      expect(error).toBeNull()
      expect(data!.length).toBe(2)
      expect(JSON.stringify(data)).not.toContain(KEY)
      expect((data![0]!.new as { url: string }).url).toBe('https://devapi.qweather.com/v7/weather/now?location=***&key=***')
    }
    const { rows } = await sql().query(`select app.redact_url('http://u:p@wx.example:8080/a/b?k=1&x&y=2#f') as r, app.redact_url(null) as n`)
    expect(rows[0]).toEqual({ r: 'http://***@wx.example:8080/a/b?k=***&x&y=***#f', n: null })
  })
})
