// The server-side weather reader (issue 21, migration 20270205000200) through the real stack:
// weather_readings is read by the same audience as weather_feed_settings (government staff; an
// enterprise and a user without a role see nothing; anon is refused) and written by no user role
// (not even an admin) — only the service role, append-only. `npm run weather:read -- --once`
// against a local HTTP server serving a QWeather-shaped answer writes the reading; a QWeather error
// writes an error row and the wall still gets the last good reading; with reader 'browser' it
// writes nothing. The settings and the table are put back as they were after.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createServer, type Server } from 'node:http'
import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, clientWithClaims, serviceClient, signIn, sql, stackInfo, useStack } from '../helpers/stack.ts'
import { demoUser, type AppRole } from '../../supabase/seed/demo-users.ts'
import { loadServerReadings, loadWeatherFeedSettings, saveWeatherFeedSettings } from '../../src/data/weatherFeed.ts'

useStack()

const as = {} as Record<AppRole, SupabaseClient>
let before: Record<string, unknown>
let server: Server
let base = ''
/** what the local feed answers next: [status, body] */
let answer: [number, string] = [200, '{}']
/** how many requests the local server answered */
let served = 0

/** QWeather's /v7/weather/now answer for an observation `minutesAgo` before now, in +08:00 without seconds */
function qweather(minutesAgo: number, now: Record<string, string> = {}): string {
  const t = new Date(Date.now() - minutesAgo * 60_000 + 8 * 3600_000).toISOString().slice(0, 16)
  return JSON.stringify({
    code: '200',
    updateTime: `${t}+08:00`,
    fxLink: 'https://www.qweather.com/weather/jiangmen-101281101.html',
    now: {
      obsTime: `${t}+08:00`,
      temp: '21',
      feelsLike: '22',
      text: '多云',
      wind360: '135',
      windDir: '东南风',
      windScale: '3',
      windSpeed: '13',
      humidity: '72',
      ...now,
    },
    refer: { sources: ['QWeather'], license: ['QWeather Developers License'] },
  })
}

function reader(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { url, serviceRoleKey } = stackInfo()
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'supabase/local/weather-reader.ts', ...args],
      { env: { ...process.env, SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!)
const count = async () => (await sql().query('select count(*)::int as n from public.weather_readings')).rows[0].n as number

beforeAll(async () => {
  for (const role of ['admin', 'planner', 'command', 'regulator', 'enterprise'] as const) as[role] = await signIn(demoUser(role).email, demoUser(role).password)
  before = (await sql().query('select url, format, refresh_minutes, label, reader from public.weather_feed_settings')).rows[0]
  server = createServer((_req, res) => {
    served++
    res.writeHead(answer[0], { 'content-type': 'application/json' })
    res.end(answer[1])
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  await sql().query('delete from public.weather_readings')
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await sql().query('delete from public.weather_readings')
  await sql().query('update public.weather_feed_settings set url = $1, format = $2, refresh_minutes = $3, label = $4, reader = $5', [
    before.url,
    before.format,
    before.refresh_minutes,
    before.label,
    before.reader,
  ])
})

describe('npm run weather:read -- --once', () => {
  it("with reader 'browser' (the default) it reads nothing and writes nothing: exit 2", async () => {
    expect(before.reader).toBe('browser')
    await saveWeatherFeedSettings(
      { url: `${base}/v7/weather/now?location=101281101&key=k`, format: 'qweather', refresh_minutes: 10, label: '和风天气' },
      as.admin,
    )
    answer = [200, qweather(5)]
    const r = await reader(['--once', '--json'])
    expect(r.code, r.stderr).toBe(2)
    expect(lastJson(r.stdout)).toMatchObject({ outcome: 'skipped' })
    expect(await count()).toBe(0)
  })

  it("an admin sets reader 'server': a QWeather answer becomes a row (km/h → m/s) that staff read", async () => {
    const saved = await saveWeatherFeedSettings(
      { url: `${base}/v7/weather/now?location=101281101&key=k`, format: 'qweather', refresh_minutes: 10, label: '和风天气', reader: 'server' },
      as.admin,
    )
    expect(saved.reader).toBe('server')
    expect((await loadWeatherFeedSettings(as.command))?.reader).toBe('server')
    answer = [200, qweather(5)]
    const r = await reader(['--once', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(lastJson(r.stdout)).toMatchObject({ outcome: 'reading', reading: { wind_from_deg: 135, u_m_s: 3.6, temp_c: 21 } })
    const { rows } = await sql().query('select format, wind_from_deg, wind_speed_m_s::float8 as u, temp_c::float8 as t, error_zh from public.weather_readings')
    expect(rows).toEqual([{ format: 'qweather', wind_from_deg: 135, u: 3.6, t: 21, error_zh: null }])
    const seen = await loadServerReadings(as.command)
    expect(seen.reading).toMatchObject({ wind_from_deg: 135, u_m_s: 3.6, temp_c: 21, station: null })
    expect(Date.now() - Date.parse(seen.reading!.at)).toBeGreaterThan(4 * 60_000)
    expect(Date.now() - Date.parse(seen.reading!.at)).toBeLessThan(7 * 60_000)
    expect(seen.error).toBeNull()
  })

  it('a QWeather error (401) and an HTTP 502 become error rows; the last good reading is kept', async () => {
    answer = [200, JSON.stringify({ code: '401' })]
    const r = await reader(['--once', '--json'])
    expect(r.code, r.stderr).toBe(1)
    expect(lastJson(r.stdout).error.zh).toBe('和风天气报错 401：认证失败：KEY 错误或类型不符')
    let seen = await loadServerReadings(as.planner)
    expect(seen.error).toEqual({ zh: '和风天气报错 401：认证失败：KEY 错误或类型不符', en: 'QWeather error 401: authentication failed: wrong KEY or KEY type' })
    expect(seen.reading).toMatchObject({ wind_from_deg: 135, u_m_s: 3.6 })
    answer = [502, '<html>bad gateway</html>']
    expect((await reader(['--once'])).code).toBe(1)
    seen = await loadServerReadings(as.regulator)
    expect(seen.error?.zh).toBe('气象源应答 HTTP 502')
    expect(seen.reading?.u_m_s).toBe(3.6)
    expect(await count()).toBe(3)
    // and a good answer again clears the failure
    answer = [200, qweather(1, { wind360: '270', windSpeed: '36' })]
    expect((await reader(['--once'])).code).toBe(0)
    seen = await loadServerReadings(as.admin)
    expect(seen).toMatchObject({ error: null, reading: { wind_from_deg: 270, u_m_s: 10 } })
  })
})

describe('weather_readings: who reads, who writes', () => {
  it('government staff read; an enterprise and a user without a role see no row; anon is refused', async () => {
    for (const role of ['admin', 'command', 'planner', 'regulator'] as const) expect((await loadServerReadings(as[role])).reading, role).not.toBeNull()
    expect(await loadServerReadings(as.enterprise)).toEqual({ reading: null, error: null, fetchedAt: null })
    const none = await clientWithClaims({ sub: crypto.randomUUID(), role: 'authenticated', app_metadata: {} })
    expect((await none.from('weather_readings').select('id')).data).toEqual([])
    expect((await anonClient().from('weather_readings').select('id')).error?.code).toBe('42501')
  })

  it('no user role writes, not even an admin; the service role appends only', async () => {
    const n = await count()
    const row = { format: 'plain', observed_at: new Date().toISOString(), wind_from_deg: 10, wind_speed_m_s: 50 }
    for (const role of ['admin', 'command', 'planner', 'regulator', 'enterprise'] as const) {
      const ins = await as[role].from('weather_readings').insert(row)
      expect(ins.error?.message, role).toMatch(/permission denied/)
      const up = await as[role].from('weather_readings').update({ wind_speed_m_s: 50 }).gte('id', 0)
      expect(up.error?.message, role).toMatch(/permission denied/)
      const del = await as[role].from('weather_readings').delete().gte('id', 0)
      expect(del.error?.message, role).toMatch(/permission denied/)
    }
    expect((await anonClient().from('weather_readings').insert(row)).error?.code).toBe('42501')
    const svc = serviceClient()
    expect((await svc.from('weather_readings').update({ wind_speed_m_s: 50 }).gte('id', 0)).error?.message).toMatch(/permission denied/)
    expect((await svc.from('weather_readings').delete().gte('id', 0)).error?.message).toMatch(/permission denied/)
    expect(await count()).toBe(n)
  })

  it('a row is a reading or a failure, within the limits; 30 days are kept', async () => {
    const svc = serviceClient()
    const t = new Date().toISOString()
    expect((await svc.from('weather_readings').insert({ format: 'plain', observed_at: t, wind_from_deg: 10, wind_speed_m_s: 61 })).error?.message).toMatch(
      /wind speed 0 60/,
    )
    expect((await svc.from('weather_readings').insert({ format: 'plain', observed_at: t, wind_from_deg: 360, wind_speed_m_s: 1 })).error?.message).toMatch(
      /wind from 0 359/,
    )
    expect((await svc.from('weather_readings').insert({ format: 'plain', wind_from_deg: 10, wind_speed_m_s: 1 })).error?.message).toMatch(/reading or error/)
    expect(
      (await svc.from('weather_readings').insert({ format: 'plain', observed_at: t, wind_from_deg: 10, wind_speed_m_s: 1, error_zh: '坏', error_en: 'bad' }))
        .error?.message,
    ).toMatch(/reading or error/)
    expect((await svc.from('weather_readings').insert({ format: 'metar', error_zh: '坏', error_en: 'bad' })).error?.message).toMatch(/format known/)
    await sql().query(`insert into public.weather_readings (fetched_at, format, error_zh, error_en) values (now() - interval '31 days', 'plain', '旧', 'old')`)
    expect((await sql().query(`select count(*)::int as n from public.weather_readings where error_zh = '旧'`)).rows[0].n).toBe(0)
    await sql().query(`insert into public.weather_readings (fetched_at, format, error_zh, error_en) values (now() - interval '29 days', 'plain', '旧', 'old')`)
    expect((await sql().query(`select count(*)::int as n from public.weather_readings where error_zh = '旧'`)).rows[0].n).toBe(1)
  })
})

describe('`npm start` runs the reader next to the stack (startWeatherReader, supabase/local/start.ts)', () => {
  const loop = async (fetchImpl: typeof fetch, url = stackInfo().url) => {
    const { startWeatherReader } = await import('../../supabase/local/weather-reader.ts')
    const lines: string[] = []
    // idle re-check every 0.3 s instead of a minute, so the test waits for seconds, not minutes
    const r = startWeatherReader({ url, serviceRoleKey: stackInfo().serviceRoleKey, log: (m) => lines.push(m), idleMinutes: 0.005, fetchImpl })
    return { lines, stop: r.stop }
  }
  const counting = () => {
    const asked: string[] = []
    const f = ((u: string, init?: RequestInit) => {
      asked.push(u)
      return fetch(u, init)
    }) as unknown as typeof fetch
    return { asked, f }
  }

  it("idles while reader = 'browser'; reads as soon as an admin sets 'server' (no weather:read)", async () => {
    await saveWeatherFeedSettings(
      { url: `${base}/v7/weather/now?location=101281101&key=k`, format: 'qweather', refresh_minutes: 10, label: '和风天气', reader: 'browser' },
      as.admin,
    )
    await sql().query('delete from public.weather_readings')
    answer = [200, qweather(2, { wind360: '45', windSpeed: '9' })]
    const { asked, f } = counting()
    const r = await loop(f)
    try {
      await new Promise((res) => setTimeout(res, 1500))
      expect(asked).toEqual([])
      expect(await count()).toBe(0)
      await saveWeatherFeedSettings(
        { url: `${base}/v7/weather/now?location=101281101&key=k`, format: 'qweather', refresh_minutes: 10, label: '和风天气', reader: 'server' },
        as.admin,
      )
      await expect.poll(count, { timeout: 10_000 }).toBe(1)
      expect(asked.length).toBe(1)
      expect((await loadServerReadings(as.command)).reading).toMatchObject({ wind_from_deg: 45, u_m_s: 2.5 })
      expect(r.lines).toEqual(['[weather] reading written: wind from 45° 2.5 m/s (again every 10 min)'])
    } finally {
      r.stop()
    }
  })

  it('a failing feed is one log line and an error row; a refusing database is one line, however often it retries; nothing throws', async () => {
    answer = [500, 'oops']
    const { f } = counting()
    const n = await count()
    const r = await loop(f)
    try {
      await expect.poll(count, { timeout: 10_000 }).toBe(n + 1)
      expect(r.lines).toEqual(['[weather] feed failed: the feed answered HTTP 500'])
    } finally {
      r.stop()
    }
    // the database refuses (here: the local server stands in for the API and answers 401 to every
    // request): said once, however often the loop looks again; the loop goes on
    answer = [401, JSON.stringify({ code: 'PGRST301', message: 'JWT expired' })]
    const from = served
    const refused = await loop(f, base)
    try {
      await expect.poll(() => refused.lines.length, { timeout: 10_000 }).toBe(1)
      await new Promise((res) => setTimeout(res, 1200))
      expect(served - from).toBeGreaterThan(2)
      expect(refused.lines).toEqual(['[weather] weather_feed_settings: JWT expired'])
    } finally {
      refused.stop()
    }
  })
})
