// The wall's weather feed, pure (src/domain/weatherFeed.ts): the plain JSON and Open-Meteo's
// `current` answer → a checked reading in m/s and °C with its observation time; bad JSON, missing
// fields, out-of-range values (WEATHER_LIMITS) and unknown units refused in words; when a reading
// is stale; the admin's settings form checked.
import { describe, it, expect, vi } from 'vitest'

// the wall's store reads the database through src/data: stood in for here (the db tests run the real one)
const data = vi.hoisted(() => ({
  settings: null as unknown,
  server: null as unknown,
}))
vi.mock('../../src/data/weatherFeed.ts', () => ({
  loadWeatherFeedSettings: async () => data.settings,
  loadServerReadings: async () => data.server,
}))
import { checkFeedSettings, feedHttpError, isStale, parseFeed, staleAfterMs, toCelsius, toMetresPerSecond } from '../../src/domain/weatherFeed.ts'
import { WEATHER_LIMITS } from '../../src/domain/weather.ts'

const NOW = new Date('2026-12-06T08:20:00Z') // 16:20 in Beijing
const plain = (o: Record<string, unknown>) =>
  JSON.stringify({ observed_at: '2026-12-06T16:00:00+08:00', wind_from_deg: 135, wind_speed_m_s: 3.54, temp_c: 21.44, station: '江门站', ...o })
// an Open-Meteo answer as https://api.open-meteo.com/v1/forecast?latitude=22.58&longitude=113.08&current=wind_speed_10m,wind_direction_10m,temperature_2m&timezone=Asia%2FShanghai returns it
const openMeteo = (cur: Record<string, unknown> = {}, units: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  JSON.stringify({
    latitude: 22.58,
    longitude: 113.08,
    generationtime_ms: 0.03,
    utc_offset_seconds: 28800,
    timezone: 'Asia/Shanghai',
    timezone_abbreviation: 'GMT+8',
    elevation: 12,
    current_units: { time: 'iso8601', interval: 'seconds', wind_speed_10m: 'km/h', wind_direction_10m: '°', temperature_2m: '°C', ...units },
    current: { time: '2026-12-06T16:15', interval: 900, wind_speed_10m: 18, wind_direction_10m: 200, temperature_2m: 19.3, ...cur },
    ...top,
  })
const ok = <T>(r: { ok: T } | { error: unknown }): T => {
  if (!('ok' in r)) throw new Error(`expected ok, got ${JSON.stringify(r)}`)
  return r.ok
}
const words = (r: { ok: unknown } | { error: { zh: string; en: string } }): string => ('error' in r ? `${r.error.zh} | ${r.error.en}` : 'ok')

describe('plain JSON', () => {
  it('reads wind from, speed, temperature, station and the observation time (rounded to 0.1)', () => {
    expect(ok(parseFeed('plain', plain({}), NOW))).toEqual({ wind_from_deg: 135, u_m_s: 3.5, temp_c: 21.4, at: '2026-12-06T08:00:00.000Z', station: '江门站' })
  })
  it('temperature and station may be null or left out; 360° is north', () => {
    const r = ok(parseFeed('plain', JSON.stringify({ observed_at: '2026-12-06T08:10:00Z', wind_from_deg: 360, wind_speed_m_s: 0 }), NOW))
    expect(r).toEqual({ wind_from_deg: 0, u_m_s: 0, temp_c: null, at: '2026-12-06T08:10:00.000Z', station: null })
    expect(ok(parseFeed('plain', plain({ temp_c: null, station: '  ' }), NOW))).toMatchObject({ temp_c: null, station: null })
  })
  it('refuses bad JSON and what is not an object', () => {
    expect(words(parseFeed('plain', '{"observed_at": ', NOW))).toMatch(/^气象源应答不是 JSON \|/)
    expect(words(parseFeed('plain', '<html>502 Bad Gateway</html>', NOW))).toMatch(/不是 JSON/)
    expect(words(parseFeed('plain', '[1,2]', NOW))).toMatch(/不是 JSON 对象/)
    expect(words(parseFeed('plain', 'null', NOW))).toMatch(/不是 JSON 对象/)
    expect(words(parseFeed('plain', `{"a":"${'x'.repeat(200_001)}"}`, NOW))).toMatch(/过大/)
  })
  it('refuses missing fields, naming them', () => {
    expect(words(parseFeed('plain', plain({ observed_at: undefined }), NOW))).toMatch(/缺少观测时间 observed_at/)
    expect(words(parseFeed('plain', plain({ wind_from_deg: undefined }), NOW))).toMatch(/风向缺失/)
    expect(words(parseFeed('plain', plain({ wind_speed_m_s: '3.5' }), NOW))).toMatch(/风速缺失/)
  })
  it('refuses a time without zone, an unreadable one and one in the future', () => {
    expect(words(parseFeed('plain', plain({ observed_at: '2026-12-06T16:00:00' }), NOW))).toMatch(/须带时区/)
    expect(words(parseFeed('plain', plain({ observed_at: 'yesterday Z' }), NOW))).toMatch(/无法识别/)
    // 16:00 written as UTC is 00:00 tomorrow in Beijing: a wrong zone
    expect(words(parseFeed('plain', plain({ observed_at: '2026-12-06T16:00:00Z' }), NOW))).toMatch(/晚于当前时间/)
    expect(ok(parseFeed('plain', plain({ observed_at: '2026-12-06T08:25:00Z' }), NOW)).at).toBe('2026-12-06T08:25:00.000Z') // 5 min of clock drift
  })
  it('refuses values outside WEATHER_LIMITS', () => {
    expect(words(parseFeed('plain', plain({ wind_from_deg: -1 }), NOW))).toMatch(/0–360/)
    expect(words(parseFeed('plain', plain({ wind_from_deg: 361 }), NOW))).toMatch(/0–360/)
    expect(words(parseFeed('plain', plain({ wind_speed_m_s: WEATHER_LIMITS.u_m_s[1] + 0.1 }), NOW))).toMatch(/风速缺失或不在 0–60 m\/s 之间/)
    expect(words(parseFeed('plain', plain({ wind_speed_m_s: -0.1 }), NOW))).toMatch(/风速/)
    expect(words(parseFeed('plain', plain({ temp_c: WEATHER_LIMITS.temp_c[0] - 1 }), NOW))).toMatch(/气温不在 -50–60 ℃ 之间/)
    expect(words(parseFeed('plain', plain({ temp_c: 'warm' }), NOW))).toMatch(/气温/)
    expect(ok(parseFeed('plain', plain({ wind_speed_m_s: 60, temp_c: -50 }), NOW))).toMatchObject({ u_m_s: 60, temp_c: -50 })
  })
})

describe('Open-Meteo', () => {
  it('converts km/h to m/s and reads the local time by utc_offset_seconds', () => {
    const r = ok(parseFeed('open-meteo', openMeteo(), NOW))
    expect(r).toEqual({ wind_from_deg: 200, u_m_s: 5, temp_c: 19.3, at: '2026-12-06T08:15:00.000Z', station: '22.58, 113.08' })
  })
  it('takes the unit the URL asked for: m/s, mph, knots; °F', () => {
    expect(ok(parseFeed('open-meteo', openMeteo({ wind_speed_10m: 4.2 }, { wind_speed_10m: 'm/s' }), NOW)).u_m_s).toBe(4.2)
    expect(ok(parseFeed('open-meteo', openMeteo({ wind_speed_10m: 10 }, { wind_speed_10m: 'mp/h' }), NOW)).u_m_s).toBe(4.5) // 4.4704
    expect(ok(parseFeed('open-meteo', openMeteo({ wind_speed_10m: 10 }, { wind_speed_10m: 'kn' }), NOW)).u_m_s).toBe(5.1) // 5.144
    expect(ok(parseFeed('open-meteo', openMeteo({ temperature_2m: 68 }, { temperature_2m: '°F' }), NOW)).temp_c).toBe(20)
    expect(words(parseFeed('open-meteo', openMeteo({}, { wind_speed_10m: 'Bft' }), NOW))).toMatch(/不认识的风速单位：Bft/)
    expect(words(parseFeed('open-meteo', openMeteo({}, { temperature_2m: 'K' }), NOW))).toMatch(/不认识的气温单位：K/)
  })
  it('reads a Unix time (timeformat=unixtime) and a UTC answer', () => {
    expect(ok(parseFeed('open-meteo', openMeteo({ time: Date.parse('2026-12-06T08:15:00Z') / 1000 }), NOW)).at).toBe('2026-12-06T08:15:00.000Z')
    expect(ok(parseFeed('open-meteo', openMeteo({ time: '2026-12-06T08:15' }, {}, { utc_offset_seconds: 0 }), NOW)).at).toBe('2026-12-06T08:15:00.000Z')
  })
  it('checks the converted speed against the limits (250 km/h is 69.4 m/s)', () => {
    expect(words(parseFeed('open-meteo', openMeteo({ wind_speed_10m: 250 }), NOW))).toMatch(/风速缺失或不在 0–60 m\/s/)
    expect(ok(parseFeed('open-meteo', openMeteo({ wind_speed_10m: 216 }), NOW)).u_m_s).toBe(60)
  })
  it('refuses an answer without current, without the asked fields, or an Open-Meteo error', () => {
    expect(words(parseFeed('open-meteo', plain({}), NOW))).toMatch(/不是 Open-Meteo 的 current 应答/)
    expect(words(parseFeed('open-meteo', openMeteo({ wind_direction_10m: undefined }), NOW))).toMatch(/风向缺失/)
    expect(words(parseFeed('open-meteo', openMeteo({ wind_speed_10m: null }), NOW))).toMatch(/风速缺失/)
    expect(words(parseFeed('open-meteo', openMeteo({ time: 'now' }), NOW))).toMatch(/观测时间无法识别/)
    expect(
      words(parseFeed('open-meteo', JSON.stringify({ error: true, reason: 'Cannot initialize WeatherVariable from invalid String value foo' }), NOW)),
    ).toMatch(/^Open-Meteo 报错：Cannot initialize/)
  })
})

// a QWeather answer as https://devapi.qweather.com/v7/weather/now?location=101281101&key=… returns it
// (101281101 is 江门; values are strings, windSpeed km/h, obsTime without seconds)
const qweather = (now: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  JSON.stringify({
    code: '200',
    updateTime: '2026-12-06T16:12+08:00',
    fxLink: 'https://www.qweather.com/weather/jiangmen-101281101.html',
    now: {
      obsTime: '2026-12-06T16:00+08:00',
      temp: '21',
      feelsLike: '22',
      icon: '101',
      text: '多云',
      wind360: '135',
      windDir: '东南风',
      windScale: '3',
      windSpeed: '13',
      humidity: '72',
      precip: '0.0',
      pressure: '1012',
      vis: '16',
      cloud: '91',
      dew: '16',
      ...now,
    },
    refer: { sources: ['QWeather'], license: ['QWeather Developers License'] },
    ...top,
  })

describe('QWeather (和风天气 /v7/weather/now)', () => {
  it('reads the string values: km/h to m/s, obsTime without seconds with its zone', () => {
    expect(ok(parseFeed('qweather', qweather(), NOW))).toEqual({ wind_from_deg: 135, u_m_s: 3.6, temp_c: 21, at: '2026-12-06T08:00:00.000Z', station: null })
    expect(ok(parseFeed('qweather', qweather({ obsTime: '2026-12-06T15:50:00+08:00', temp: '-3.5', wind360: '360', windSpeed: '0' }), NOW))).toEqual({
      wind_from_deg: 0,
      u_m_s: 0,
      temp_c: -3.5,
      at: '2026-12-06T07:50:00.000Z',
      station: null,
    })
  })
  it('unit=i in the URL: mph and °F', () => {
    const r = ok(
      parseFeed('qweather', qweather({ temp: '70', windSpeed: '10' }), NOW, 'https://devapi.qweather.com/v7/weather/now?location=101281101&unit=i&key=k'),
    )
    expect(r).toMatchObject({ u_m_s: 4.5, temp_c: 21.1 })
  })
  it('says what a code other than 200 means, in zh and en', () => {
    expect(words(parseFeed('qweather', JSON.stringify({ code: '401' }), NOW))).toBe(
      '和风天气报错 401：认证失败：KEY 错误或类型不符 | QWeather error 401: authentication failed: wrong KEY or KEY type',
    )
    expect(words(parseFeed('qweather', JSON.stringify({ code: '402' }), NOW))).toMatch(/^和风天气报错 402：超过访问次数.*over the request quota/)
    expect(words(parseFeed('qweather', JSON.stringify({ code: '403' }), NOW))).toMatch(/无访问权限.*no permission/)
    expect(words(parseFeed('qweather', JSON.stringify({ code: '404' }), NOW))).toMatch(/地区或数据不存在.*location or data does not exist/)
    expect(words(parseFeed('qweather', JSON.stringify({ code: '429' }), NOW))).toMatch(/QPM.*too many requests/)
    expect(words(parseFeed('qweather', JSON.stringify({ code: '204' }), NOW))).toMatch(/暂无实时天气/)
    expect(words(parseFeed('qweather', JSON.stringify({ code: '999' }), NOW))).toBe('和风天气报错 999：未知错误 | QWeather error 999: unknown error')
  })
  it('refuses what is not a current-weather answer, missing or non-numeric values, a time without zone or in the future', () => {
    expect(words(parseFeed('qweather', plain({}), NOW))).toMatch(/不是和风天气的应答（缺少 code）/)
    expect(words(parseFeed('qweather', JSON.stringify({ code: '200', daily: [] }), NOW))).toMatch(/缺少 now/)
    expect(words(parseFeed('qweather', qweather({ wind360: '' }), NOW))).toMatch(/风向缺失/)
    expect(words(parseFeed('qweather', qweather({ windSpeed: 'N/A' }), NOW))).toMatch(/风速缺失/)
    expect(words(parseFeed('qweather', qweather({ windSpeed: '250' }), NOW))).toMatch(/风速缺失或不在 0–60 m\/s/)
    expect(words(parseFeed('qweather', qweather({ temp: 'x' }), NOW))).toMatch(/气温不在/)
    expect(ok(parseFeed('qweather', qweather({ temp: '' }), NOW)).temp_c).toBeNull()
    expect(words(parseFeed('qweather', qweather({ obsTime: undefined }), NOW))).toMatch(/缺少观测时间 obsTime/)
    expect(words(parseFeed('qweather', qweather({ obsTime: '2026-12-06T16:00' }), NOW))).toMatch(/须带时区/)
    expect(words(parseFeed('qweather', qweather({ obsTime: '2026-12-06T18:00+08:00' }), NOW))).toMatch(/晚于当前时间/)
  })
  it('an HTTP error says the status and, for QWeather, its error-code v2 title and detail', () => {
    const v2 = JSON.stringify({
      error: { status: 401, type: 'https://dev.qweather.com/docs/resource/error-code/#unauthorized', title: 'Unauthorized', detail: 'Invalid API key.' },
    })
    expect(feedHttpError('qweather', 401, v2)).toEqual({
      zh: '气象源应答 HTTP 401（和风天气：Unauthorized: Invalid API key.）',
      en: 'the feed answered HTTP 401 (QWeather: Unauthorized: Invalid API key.)',
    })
    expect(feedHttpError('qweather', 403, JSON.stringify({ code: '402' })).zh).toBe('气象源应答 HTTP 403（和风天气 402：超过访问次数或余额不足）')
    expect(feedHttpError('qweather', 502, '<html>bad gateway</html>')).toEqual({ zh: '气象源应答 HTTP 502', en: 'the feed answered HTTP 502' })
    expect(feedHttpError('plain', 401, v2)).toEqual({ zh: '气象源应答 HTTP 401', en: 'the feed answered HTTP 401' })
  })
})

describe('units and staleness', () => {
  it('converts speeds and temperatures', () => {
    expect(toMetresPerSecond(36, 'km/h')).toBe(10)
    expect(toMetresPerSecond(1, 'm/s')).toBe(1)
    expect(toMetresPerSecond(1, 'kn')).toBeCloseTo(0.5144, 4)
    expect(toMetresPerSecond(1, 'mph')).toBeCloseTo(0.44704, 5)
    expect(toMetresPerSecond(1, 'furlong/fortnight')).toBeNull()
    expect(toCelsius(212, '°F')).toBe(100)
    expect(toCelsius(-40, '°F')).toBe(-40)
    expect(toCelsius(20, '°C')).toBe(20)
  })
  it('a reading is stale after twice the interval, not before 30 min, always after 1 h', () => {
    expect(staleAfterMs(1)).toBe(30 * 60_000)
    expect(staleAfterMs(20)).toBe(40 * 60_000)
    expect(staleAfterMs(60)).toBe(60 * 60_000)
    const at = (min: number) => new Date(NOW.getTime() - min * 60_000).toISOString()
    expect(isStale(at(29), 10, NOW)).toBe(false)
    expect(isStale(at(31), 10, NOW)).toBe(true)
    expect(isStale(at(39), 20, NOW)).toBe(false)
    expect(isStale(at(41), 20, NOW)).toBe(true)
    expect(isStale(at(61), 60, NOW)).toBe(true)
    expect(isStale('not a time', 10, NOW)).toBe(true)
  })
})

describe("the admin's settings form", () => {
  const form = (o: Partial<Record<'url' | 'format' | 'refresh_minutes' | 'label' | 'reader', string>> = {}) => ({
    url: 'https://api.open-meteo.com/v1/forecast?latitude=22.58&longitude=113.08&current=wind_speed_10m,wind_direction_10m,temperature_2m',
    format: 'open-meteo',
    refresh_minutes: '10',
    label: ' 市气象台 ',
    ...o,
  })
  it('turns the fields into settings (empty URL: no feed; empty name: none)', () => {
    expect(ok(checkFeedSettings(form()))).toMatchObject({ format: 'open-meteo', refresh_minutes: 10, label: '市气象台' })
    expect(ok(checkFeedSettings(form({ url: '  ', label: '' })))).toMatchObject({ url: null, label: null })
  })
  it('refuses a bad URL, format, interval or name, in words', () => {
    expect(words(checkFeedSettings(form({ url: 'ftp://x/y' })))).toMatch(/须以 http:\/\/ 或 https:\/\/ 开头/)
    expect(words(checkFeedSettings(form({ url: 'http://x/a b' })))).toMatch(/不含空格/)
    expect(words(checkFeedSettings(form({ url: `https://x/${'a'.repeat(500)}` })))).toMatch(/过长：最多 500/)
    expect(words(checkFeedSettings(form({ format: 'metar' })))).toMatch(/plain、open-meteo 或 qweather/)
    expect(ok(checkFeedSettings(form({ format: 'qweather', url: 'https://devapi.qweather.com/v7/weather/now?location=101281101&key=k' }))).format).toBe(
      'qweather',
    )
    for (const m of ['0', '61', '1.5', '', 'ten']) expect(words(checkFeedSettings(form({ refresh_minutes: m }))), m).toMatch(/1–60 之间的整数/)
    expect(ok(checkFeedSettings(form({ refresh_minutes: '60' }))).refresh_minutes).toBe(60)
    expect(words(checkFeedSettings(form({ label: '气'.repeat(41) })))).toMatch(/名称过长/)
    expect(ok(checkFeedSettings(form())).reader).toBe('browser')
    expect(ok(checkFeedSettings(form({ reader: 'server' }))).reader).toBe('server')
    expect(words(checkFeedSettings(form({ reader: 'cron' })))).toMatch(/读取方式须为 browser.*或 server/)
  })
})

describe('which weather the wall uses (weatherStore)', () => {
  it('the operator’s entry over the feed; a stale or failed feed reading is not the incident default', async () => {
    const { weatherInUse, withWeather, weatherStore } = await import('../../src/features/wall/weatherStore.ts')
    const settings = { url: 'http://wx.example/now.json', has_url: true, format: 'plain' as const, refresh_minutes: 10, label: null }
    const fresh = { wind_from_deg: 250, u_m_s: 6.2, temp_c: 12.5, at: new Date(Date.now() - 5 * 60_000).toISOString(), station: '测试站' }
    const manual = { wind_from_deg: 90, u_m_s: 0.2, temp_c: null, at: new Date().toISOString() }
    const form = { wind_from_deg: 0, u_m_s: 2, other: 'kept' }
    const feed = { settings, reading: fresh, error: null, checkedAt: fresh.at, busy: false }
    weatherStore.update({ weather: null, feed })
    expect(weatherInUse(weatherStore.get(), new Date())).toMatchObject({ source: 'feed', stale: false })
    expect(withWeather(form)).toEqual({ wind_from_deg: 250, u_m_s: 6.2, other: 'kept' })
    // the operator's entry overrides the feed (speed at least 0.5 m/s for the dispersion model)
    weatherStore.update({ weather: manual })
    expect(weatherInUse(weatherStore.get(), new Date()).source).toBe('manual')
    expect(withWeather(form)).toEqual({ wind_from_deg: 90, u_m_s: 0.5, other: 'kept' })
    // the feed failed since: its last value is stale and not offered
    weatherStore.update({ weather: null, feed: { ...feed, error: { zh: '气象源应答 HTTP 500', en: 'the feed answered HTTP 500' } } })
    expect(weatherInUse(weatherStore.get(), new Date())).toMatchObject({ source: 'feed', stale: true })
    expect(withWeather(form)).toEqual(form)
    // or it is too old
    weatherStore.update({ feed: { ...feed, reading: { ...fresh, at: new Date(Date.now() - 31 * 60_000).toISOString() } } })
    expect(weatherInUse(weatherStore.get(), new Date()).stale).toBe(true)
    expect(withWeather(form)).toEqual(form)
    // no feed configured: a reading left over is not used
    weatherStore.update({ feed: { ...feed, settings: { ...settings, url: null, has_url: false } } })
    expect(weatherInUse(weatherStore.get(), new Date()).source).toBe('none')
  })
})

describe("reader 'server': the wall reads the server-side reader's rows (weatherStore.refreshFeed)", () => {
  it('takes the newest good reading without fetching the feed; says a failing or silent reader', async () => {
    const { refreshFeed, weatherInUse, weatherStore } = await import('../../src/features/wall/weatherStore.ts')
    const fetchSpy = vi.fn(async () => {
      throw new Error('the wall must not fetch the feed itself')
    })
    vi.stubGlobal('fetch', fetchSpy)
    try {
      weatherStore.update({ weather: null })
      // as a non-admin's wall gets them with reader 'server': a feed is set, its URL (and key) withheld
      data.settings = {
        url: null,
        has_url: true,
        format: 'qweather',
        refresh_minutes: 10,
        label: '和风天气',
        reader: 'server',
      }
      const reading = { wind_from_deg: 135, u_m_s: 3.6, temp_c: 21, at: new Date(Date.now() - 5 * 60_000).toISOString(), station: null }
      data.server = { reading, error: null, fetchedAt: new Date(Date.now() - 60_000).toISOString() }
      expect(await refreshFeed()).toBe(10)
      expect(weatherStore.get().feed).toMatchObject({ reading, error: null, busy: false })
      expect(weatherInUse(weatherStore.get(), new Date())).toMatchObject({ source: 'feed', stale: false })
      // the reader wrote a failure: said, the last good reading kept and marked stale
      const failed = { zh: '和风天气报错 402：超过访问次数或余额不足', en: 'QWeather error 402: over the request quota or out of credit' }
      data.server = { reading, error: failed, fetchedAt: new Date().toISOString() }
      await refreshFeed()
      expect(weatherStore.get().feed).toMatchObject({ reading, error: failed })
      expect(weatherInUse(weatherStore.get(), new Date()).stale).toBe(true)
      // the reader has been silent for 40 minutes (fresh is 30 at a 10-minute interval)
      data.server = { reading, error: null, fetchedAt: new Date(Date.now() - 40 * 60_000).toISOString() }
      await refreshFeed()
      expect(weatherStore.get().feed.error?.zh).toBe('服务器端读取程序 40 分钟未写入读数（是否在运行？）')
      // it never wrote
      data.server = { reading: null, error: null, fetchedAt: null }
      await refreshFeed()
      expect(weatherStore.get().feed.error?.en).toBe('the server-side reader has written nothing yet (is it running? npm start or npm run weather:read)')
      expect(weatherInUse(weatherStore.get(), new Date()).source).toBe('none')
      expect(fetchSpy).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
