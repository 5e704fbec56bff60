// The wall's weather feed configuration (issue 21, migration 20270129010000) through supabase-js →
// gateway → PostgREST → PostgreSQL: one row, always there; government staff read it (admin,
// command, planner, regulator), an enterprise and a signed-in user without a role see no row, anon
// is refused; only admins change it (regulator, enterprise, command change nothing; anon is
// refused), nobody inserts or deletes a second row; the URL, format, interval and label are
// bounded with Chinese-first messages; every change is logged in config_changes. The row is put
// back as it was after.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, signIn, sql, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { loadWeatherFeedSettings, saveWeatherFeedSettings } from '../../src/data/weatherFeed.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let before: Record<string, unknown>

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  before = (await sql().query('select url, format, refresh_minutes, label from public.weather_feed_settings')).rows[0]
})

afterAll(async () => {
  await sql().query('update public.weather_feed_settings set url = $1, format = $2, refresh_minutes = $3, label = $4', [
    before.url,
    before.format,
    before.refresh_minutes,
    before.label,
  ])
})

const URL_A = `http://127.0.0.1:9/wx-${crypto.randomUUID().slice(0, 8)}.json`

describe('weather_feed_settings: who reads', () => {
  it('government staff read the one row (no feed until an admin sets one)', async () => {
    for (const role of ['admin', 'command', 'planner', 'regulator'] as const) {
      const s = await loadWeatherFeedSettings(as[role])
      expect(s, role).not.toBeNull()
      expect(s!.format, role).toMatch(/^(plain|open-meteo|qweather)$/)
      expect(s!.refresh_minutes, role).toBeGreaterThanOrEqual(1)
    }
  })

  it('an enterprise and a user without a role see no row; anon is refused', async () => {
    expect(await loadWeatherFeedSettings(as.enterprise)).toBeNull()
    const none = await clientWithClaims({ sub: crypto.randomUUID(), role: 'authenticated', app_metadata: {} })
    expect(await loadWeatherFeedSettings(none)).toBeNull()
    const r = await anonClient().from('weather_feed_settings').select('url')
    expect(r.error?.code).toBe('42501')
  })
})

describe('weather_feed_settings: who writes', () => {
  it('an admin sets the feed; staff read it back; the change is logged', async () => {
    const saved = await saveWeatherFeedSettings({ url: URL_A, format: 'open-meteo', refresh_minutes: 5, label: '测试气象台' }, as.admin)
    expect(saved).toMatchObject({ url: URL_A, format: 'open-meteo', refresh_minutes: 5, label: '测试气象台' })
    expect((await loadWeatherFeedSettings(as.command))?.url).toBe(URL_A)
    const { rows } = await sql().query(
      `select actor_role, new ->> 'url' as url from public.config_changes where table_name = 'weather_feed_settings' order by id desc limit 1`,
    )
    expect(rows[0]).toEqual({ actor_role: 'admin', url: URL_A })
    // and clears it (no feed: the operator enters the weather)
    expect((await saveWeatherFeedSettings({ url: null, format: 'plain', refresh_minutes: 10, label: null }, as.admin)).url).toBeNull()
  })

  it('regulator, enterprise and command change nothing; anon is refused', async () => {
    for (const role of ['regulator', 'enterprise', 'command', 'planner'] as const) {
      // (returning `id`: the url column itself is not granted to them, migration 20270207000100)
      const r = await as[role].from('weather_feed_settings').update({ url: 'http://evil.example/x.json' }).eq('id', true).select('id')
      expect(r.error, role).toBeNull()
      expect(r.data, role).toEqual([])
      await expect(saveWeatherFeedSettings({ url: 'http://evil.example/x.json', format: 'plain', refresh_minutes: 10, label: null }, as[role])).rejects.toThrow(
        /只有管理员/,
      )
    }
    const a = await anonClient().from('weather_feed_settings').update({ url: 'http://evil.example/x.json' }).eq('id', true)
    expect(a.error?.code).toBe('42501')
    const { rows } = await sql().query('select url from public.weather_feed_settings')
    expect(rows[0].url).not.toBe('http://evil.example/x.json')
  })

  it('nobody inserts a second row or deletes the row', async () => {
    const ins = await as.admin.from('weather_feed_settings').insert({ id: true, url: URL_A })
    expect(ins.error?.message).toMatch(/permission denied/)
    const del = await as.admin.from('weather_feed_settings').delete().eq('id', true)
    expect(del.error?.message).toMatch(/permission denied/)
    expect((await sql().query('select count(*)::int as n from public.weather_feed_settings')).rows[0].n).toBe(1)
  })
})

describe('weather_feed_settings: bounds, refused with words', () => {
  const bad = async (patch: Record<string, unknown>) => {
    const r = await as.admin.from('weather_feed_settings').update(patch).eq('id', true).select('id')
    expect(r.data).toBeNull()
    return r.error?.message ?? ''
  }
  it('the refresh interval is 1–60 minutes', async () => {
    expect(await bad({ refresh_minutes: 0 })).toMatch(
      /^weather_feed_settings\.refresh_minutes（刷新间隔分钟数）须在 1 到 60 之间（收到 0）.*must be a number from 1 to 60 \(got 0\)/s,
    )
    expect(await bad({ refresh_minutes: 61 })).toMatch(/须在 1 到 60 之间（收到 61）/)
    expect((await saveWeatherFeedSettings({ url: null, format: 'plain', refresh_minutes: 60, label: null }, as.admin)).refresh_minutes).toBe(60)
    expect((await saveWeatherFeedSettings({ url: null, format: 'plain', refresh_minutes: 1, label: null }, as.admin)).refresh_minutes).toBe(1)
  })

  it('the URL is http(s), without spaces, at most 500 characters', async () => {
    expect(await bad({ url: 'ftp://x/y.json' })).toMatch(/^weather_feed_settings\.url（气象源地址）须以 http:\/\/ 或 https:\/\/ 开头/)
    expect(await bad({ url: 'http://x/a b.json' })).toMatch(/不含空格/)
    expect(await bad({ url: `https://x.example/${'a'.repeat(490)}` })).toMatch(/（气象源地址）过长：最多 500 个字符，收到 508 个/)
    const ok = `https://x.example/${'a'.repeat(482)}`
    expect(ok.length).toBe(500)
    expect((await saveWeatherFeedSettings({ url: ok, format: 'plain', refresh_minutes: 10, label: null }, as.admin)).url).toBe(ok)
  })

  it('the format is a known one (qweather since 20270205000100); the label 1–40 characters', async () => {
    expect(await bad({ format: 'metar' })).toMatch(/（气象源格式）须为 plain（本系统 JSON）、open-meteo 或 qweather（和风天气）/)
    await expect(sql().query(`update public.weather_feed_settings set format = 'metar'`)).rejects.toThrow(/气象源格式|weather_feed_settings_format_known/)
    const q = 'https://devapi.qweather.com/v7/weather/now?location=101281101&key=test'
    expect(await saveWeatherFeedSettings({ url: q, format: 'qweather', refresh_minutes: 10, label: '和风天气' }, as.admin)).toMatchObject({
      url: q,
      format: 'qweather',
    })
    expect(await bad({ label: '' })).toMatch(/（气象源名称）过短/)
    expect(await bad({ label: '气'.repeat(41) })).toMatch(/（气象源名称）过长：最多 40 个字符/)
  })
})
