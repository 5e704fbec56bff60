// The wall's weather feed, pure: a feed's answer → a checked reading (wind from, speed in m/s,
// temperature in °C, station, observation time), or the first problem in words (zh, en); when a
// reading is too old to trust; the admin's settings form checked before it is sent.
//
// Formats (weather_feed_settings.format):
//   plain       this system's JSON: {"observed_at": "2026-12-06T16:00:00+08:00", "wind_from_deg": 135,
//               "wind_speed_m_s": 3.5, "temp_c": 21.4, "station": "江门站"}. observed_at is ISO 8601
//               WITH its zone (Z or ±hh:mm); temp_c and station may be null or left out.
//   open-meteo  Open-Meteo's forecast API (https://open-meteo.com/en/docs) asked for
//               `current=wind_speed_10m,wind_direction_10m,temperature_2m`: `current` holds the values,
//               `current_units` their units. Wind speed is km/h unless the URL asks otherwise
//               (wind_speed_unit=ms|mph|kn): converted to m/s here; temperature °C or °F → °C;
//               time is local to `utc_offset_seconds` (iso8601) or a Unix time (timeformat=unixtime).
//               Open-Meteo has no station: the wall shows the grid point (lat, lon).
//   qweather    QWeather (和风天气) 实时天气 API v7, `/v7/weather/now?location=…&key=…`
//               (https://dev.qweather.com/docs/api/weather/weather-now/): `code` "200" and `now` with
//               STRING values: obsTime (local time with zone, minutes only: 2026-12-06T16:00+08:00),
//               temp (°C), wind360 (degrees, from), windSpeed (km/h → m/s). `unit=i` in the URL asks
//               imperial units (°F, mph): converted. Another `code` is QWeather's error, said in words
//               (https://dev.qweather.com/docs/resource/status-code/); an HTTP error with an error-code
//               v2 body ({"error": {"status", "title", "detail"}}) is said by feedHttpError. No
//               station in the answer: the wall shows the feed's label.
// Both report the direction the wind blows FROM (meteorological convention), as the wall does.
import { WEATHER_LIMITS, type Weather } from './weather.ts'

export type FeedFormat = 'plain' | 'open-meteo' | 'qweather'
export const FEED_FORMATS: readonly FeedFormat[] = ['plain', 'open-meteo', 'qweather']

/** Who reads the feed: each wall in its browser, or the server-side reader (npm run weather:read),
 * whose readings the wall takes from weather_readings. */
export type FeedReader = 'browser' | 'server'
export const FEED_READERS: readonly FeedReader[] = ['browser', 'server']

export interface FeedSettings {
  /** null: no feed — or the caller may not read it (the URL carries the feed's key: only admins,
   * and other staff while reader = 'browser', get it; migration 20270207000100) */
  url: string | null
  /** whether a feed is set (every staff role knows, even without the URL) */
  has_url: boolean
  format: FeedFormat
  /** 'browser' when left out (settings saved before 20270205000200) */
  reader?: FeedReader
  /** 1–60 */
  refresh_minutes: number
  /** the source's name on the wall (e.g. 市气象台), or null */
  label: string | null
  updated_at?: string
}

/** A feed's reading: a Weather whose `at` is the observation time. */
export interface FeedReading extends Weather {
  /** the station (plain) or grid point (Open-Meteo), or null */
  station: string | null
}

export interface Words {
  zh: string
  en: string
}

export const REFRESH_MINUTES = [1, 60] as const
export const FEED_URL_MAX = 500
export const FEED_LABEL_MAX = 40
/** a feed answer larger than this is not a weather observation */
export const FEED_TEXT_MAX = 200_000
/** observations this far ahead of the wall's clock are refused (clocks drift; more is a wrong zone) */
const FUTURE_MS = 10 * 60_000

const err = (zh: string, en: string): { error: Words } => ({ error: { zh, en } })
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const round1 = (x: number): number => Math.round(x * 10) / 10

/**
 * When a feed's reading counts as stale: older than twice the refresh interval, but never before
 * 30 minutes (providers publish every 10–15 minutes) and always after 1 hour.
 */
export function staleAfterMs(refreshMinutes: number): number {
  return Math.min(60, Math.max(30, 2 * refreshMinutes)) * 60_000
}

export function isStale(observedAt: string, refreshMinutes: number, now: Date): boolean {
  const t = Date.parse(observedAt)
  return !Number.isFinite(t) || now.getTime() - t > staleAfterMs(refreshMinutes)
}

/** km/h, m/s, mph, knots → m/s; null for a unit this module does not know. */
export function toMetresPerSecond(value: number, unit: string): number | null {
  const u = unit.trim().toLowerCase().replace(/\s+/g, '')
  if (u === 'm/s' || u === 'ms') return value
  if (u === 'km/h' || u === 'kmh' || u === 'kph') return value / 3.6
  if (u === 'mp/h' || u === 'mph') return value * 0.44704
  if (u === 'kn' || u === 'kt' || u === 'kts' || u === 'knots') return value * (1852 / 3600)
  return null
}

/** °C or °F → °C; null for another unit. */
export function toCelsius(value: number, unit: string): number | null {
  const u = unit.trim().toLowerCase().replace('°', '')
  if (u === 'c' || u === 'celsius') return value
  if (u === 'f' || u === 'fahrenheit') return ((value - 32) * 5) / 9
  return null
}

/** The values of a reading, in SI units, checked against WEATHER_LIMITS. */
function checked(v: { dir: number | null; u: number | null; temp: number | null; tempGiven: boolean; at: number; station: string | null }, now: Date) {
  if (!Number.isFinite(v.at)) return err('观测时间无法识别', 'the observation time cannot be read')
  if (v.at - now.getTime() > FUTURE_MS) return err('观测时间晚于当前时间（时区错误？）', 'the observation time is in the future (wrong time zone?)')
  if (v.dir === null || v.dir < 0 || v.dir > 360) return err('风向缺失或不在 0–360 度之间', 'wind direction missing or not within 0–360°')
  if (v.u === null || v.u < WEATHER_LIMITS.u_m_s[0] || v.u > WEATHER_LIMITS.u_m_s[1])
    return err(
      `风速缺失或不在 ${WEATHER_LIMITS.u_m_s[0]}–${WEATHER_LIMITS.u_m_s[1]} m/s 之间`,
      `wind speed missing or not within ${WEATHER_LIMITS.u_m_s[0]}–${WEATHER_LIMITS.u_m_s[1]} m/s`,
    )
  if (v.tempGiven && (v.temp === null || v.temp < WEATHER_LIMITS.temp_c[0] || v.temp > WEATHER_LIMITS.temp_c[1]))
    return err(
      `气温不在 ${WEATHER_LIMITS.temp_c[0]}–${WEATHER_LIMITS.temp_c[1]} ℃ 之间`,
      `temperature not within ${WEATHER_LIMITS.temp_c[0]}–${WEATHER_LIMITS.temp_c[1]} °C`,
    )
  const reading: FeedReading = {
    wind_from_deg: Math.round(v.dir) % 360,
    u_m_s: round1(v.u),
    temp_c: v.tempGiven && v.temp !== null ? round1(v.temp) : null,
    at: new Date(v.at).toISOString(),
    station: v.station,
  }
  return { ok: reading }
}

function parsePlain(o: Record<string, unknown>, now: Date) {
  const obs = o.observed_at
  if (typeof obs !== 'string' || obs.trim() === '') return err('缺少观测时间 observed_at', 'observed_at (the observation time) is missing')
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(obs.trim()))
    return err('观测时间 observed_at 须带时区（如 +08:00 或 Z）', 'observed_at must carry its time zone (e.g. +08:00 or Z)')
  const station = typeof o.station === 'string' && o.station.trim() ? o.station.trim().slice(0, FEED_LABEL_MAX) : null
  const tempGiven = o.temp_c !== undefined && o.temp_c !== null
  return checked({ dir: num(o.wind_from_deg), u: num(o.wind_speed_m_s), temp: num(o.temp_c), tempGiven, at: Date.parse(obs.trim()), station }, now)
}

function parseOpenMeteo(o: Record<string, unknown>, now: Date) {
  const cur = o.current as Record<string, unknown> | undefined
  if (!cur || typeof cur !== 'object')
    return err(
      '不是 Open-Meteo 的 current 应答（地址须含 current=wind_speed_10m,wind_direction_10m,temperature_2m）',
      'not an Open-Meteo answer with `current` (the URL must ask current=wind_speed_10m,wind_direction_10m,temperature_2m)',
    )
  const units = (o.current_units ?? {}) as Record<string, unknown>
  const speedUnit = typeof units.wind_speed_10m === 'string' ? units.wind_speed_10m : 'km/h'
  const tempUnit = typeof units.temperature_2m === 'string' ? units.temperature_2m : '°C'
  const rawU = num(cur.wind_speed_10m)
  const u = rawU === null ? null : toMetresPerSecond(rawU, speedUnit)
  if (rawU !== null && u === null) return err(`不认识的风速单位：${speedUnit}`, `unknown wind speed unit: ${speedUnit}`)
  const rawT = num(cur.temperature_2m)
  const tempGiven = cur.temperature_2m !== undefined && cur.temperature_2m !== null
  const temp = rawT === null ? null : toCelsius(rawT, tempUnit)
  if (rawT !== null && temp === null) return err(`不认识的气温单位：${tempUnit}`, `unknown temperature unit: ${tempUnit}`)
  let at = NaN
  if (typeof cur.time === 'number') at = cur.time * 1000
  else if (typeof cur.time === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(cur.time)) {
    // local time of the asked time zone, without offset: utc_offset_seconds says which
    const offset = num(o.utc_offset_seconds) ?? 0
    at = Date.parse(`${cur.time}${cur.time.length === 16 ? ':00' : ''}Z`) - offset * 1000
  }
  const lat = num(o.latitude)
  const lon = num(o.longitude)
  const station = lat !== null && lon !== null ? `${lat.toFixed(2)}, ${lon.toFixed(2)}` : null
  return checked({ dir: num(cur.wind_direction_10m), u, temp, tempGiven, at, station }, now)
}

/** QWeather's `code` (status code v1) → what it means, in words. */
const QWEATHER_CODES: Record<string, Words> = {
  '204': { zh: '该地区暂无实时天气数据', en: 'no current weather for this location yet' },
  '400': { zh: '请求参数错误或缺少必选参数（检查 location）', en: 'bad or missing request parameters (check location)' },
  '401': { zh: '认证失败：KEY 错误或类型不符', en: 'authentication failed: wrong KEY or KEY type' },
  '402': { zh: '超过访问次数或余额不足', en: 'over the request quota or out of credit' },
  '403': { zh: '无访问权限（绑定的域名/IP 不符或需付费数据）', en: 'no permission (bound domain/IP mismatch, or paid data)' },
  '404': { zh: '查询的地区或数据不存在（检查 location）', en: 'the location or data does not exist (check location)' },
  '429': { zh: '超过每分钟访问次数（QPM）', en: 'too many requests per minute (QPM)' },
  '500': { zh: '和风天气服务无响应或超时', en: 'QWeather did not answer or timed out' },
}

/** a QWeather value: a number written as a string (or a number); '' and the rest are null */
const qnum = (v: unknown): number | null => {
  if (typeof v === 'number') return num(v)
  if (typeof v !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(v)) return null
  return Number(v)
}

function parseQWeather(o: Record<string, unknown>, now: Date, url?: string) {
  const code = typeof o.code === 'string' || typeof o.code === 'number' ? String(o.code) : null
  if (code === null) return err('不是和风天气的应答（缺少 code）', 'not a QWeather answer (no `code`)')
  if (code !== '200') {
    const w = QWEATHER_CODES[code] ?? { zh: '未知错误', en: 'unknown error' }
    return err(`和风天气报错 ${code}：${w.zh}`, `QWeather error ${code}: ${w.en}`)
  }
  const cur = o.now as Record<string, unknown> | undefined
  if (!cur || typeof cur !== 'object')
    return err(
      '不是和风天气实时天气应答（缺少 now；地址须为 /v7/weather/now）',
      'not a QWeather current weather answer (no `now`; the URL must be /v7/weather/now)',
    )
  const imperial = url !== undefined && /[?&]unit=i(&|$)/.test(url)
  const rawU = qnum(cur.windSpeed)
  const u = rawU === null ? null : toMetresPerSecond(rawU, imperial ? 'mph' : 'km/h')
  const tempGiven = cur.temp !== undefined && cur.temp !== null && cur.temp !== ''
  const rawT = qnum(cur.temp)
  const temp = rawT === null ? null : toCelsius(rawT, imperial ? 'F' : 'C')
  const obs = typeof cur.obsTime === 'string' ? cur.obsTime.trim() : ''
  if (obs === '') return err('缺少观测时间 obsTime', 'obsTime (the observation time) is missing')
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d)(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i.exec(obs)
  if (!m) return err('观测时间 obsTime 须带时区（如 2026-12-06T16:00+08:00）', 'obsTime must carry its time zone (e.g. 2026-12-06T16:00+08:00)')
  const at = Date.parse(`${m[1]}${m[2] ?? ':00'}${m[4]}`)
  return checked({ dir: qnum(cur.wind360), u, temp, tempGiven, at, station: null }, now)
}

/** An HTTP error from the feed, in words: the status, and for QWeather its error-code v2 body
 * ({"error": {"status", "title", "detail"}}) or a v1 `code` when there is one. */
export function feedHttpError(format: FeedFormat, status: number, text: string): Words {
  const base = { zh: `气象源应答 HTTP ${status}`, en: `the feed answered HTTP ${status}` }
  if (format !== 'qweather' || text.length > FEED_TEXT_MAX) return base
  try {
    const o = JSON.parse(text) as { error?: { title?: unknown; detail?: unknown }; code?: unknown }
    const e = o?.error
    if (e && typeof e === 'object') {
      const what = [e.title, e.detail]
        .filter((x) => typeof x === 'string' && x.trim())
        .join(': ')
        .slice(0, 200)
      if (what) return { zh: `${base.zh}（和风天气：${what}）`, en: `${base.en} (QWeather: ${what})` }
    }
    if (typeof o?.code === 'string' && QWEATHER_CODES[o.code])
      return { zh: `${base.zh}（和风天气 ${o.code}：${QWEATHER_CODES[o.code]!.zh}）`, en: `${base.en} (QWeather ${o.code}: ${QWEATHER_CODES[o.code]!.en})` }
  } catch {
    // not JSON: the status says it
  }
  return base
}

/** A feed's answer (its text) → a reading, or the first problem in words. `url` (the feed's) tells
 * QWeather's unit=i. */
export function parseFeed(format: FeedFormat, text: string, now: Date, url?: string): { ok: FeedReading } | { error: Words } {
  if (text.length > FEED_TEXT_MAX) return err('气象源应答过大，不是一次观测', 'the feed answer is too large to be one observation')
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch {
    return err('气象源应答不是 JSON', 'the feed answer is not JSON')
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return err('气象源应答不是 JSON 对象', 'the feed answer is not a JSON object')
  const rec = o as Record<string, unknown>
  if (format === 'qweather') return parseQWeather(rec, now, url)
  if (format === 'open-meteo') {
    if (typeof rec.reason === 'string' && rec.error === true) return err(`Open-Meteo 报错：${rec.reason}`, `Open-Meteo error: ${rec.reason}`)
    return parseOpenMeteo(rec, now)
  }
  return parsePlain(rec, now)
}

/** The admin's form (text fields) → settings to save, or the first problem in words. */
export function checkFeedSettings(v: {
  url: string
  format: string
  refresh_minutes: string
  label: string
  reader?: string
}): { ok: Pick<FeedSettings, 'url' | 'format' | 'refresh_minutes' | 'label'> & { reader: FeedReader } } | { error: Words } {
  const url = v.url.trim()
  if (url !== '') {
    if (url.length > FEED_URL_MAX) return err(`气象源地址过长：最多 ${FEED_URL_MAX} 个字符`, `the feed URL is too long: at most ${FEED_URL_MAX} characters`)
    if (!/^https?:\/\/\S+$/.test(url))
      return err('气象源地址须以 http:// 或 https:// 开头，且不含空格', 'the feed URL must start with http:// or https:// and contain no spaces')
  }
  if (!(FEED_FORMATS as readonly string[]).includes(v.format))
    return err('气象源格式须为 plain、open-meteo 或 qweather', 'the feed format must be plain, open-meteo or qweather')
  const n = Number(v.refresh_minutes)
  if (v.refresh_minutes.trim() === '' || !Number.isInteger(n) || n < REFRESH_MINUTES[0] || n > REFRESH_MINUTES[1])
    return err('刷新间隔须为 1–60 之间的整数（分钟）', 'the refresh interval must be a whole number of minutes from 1 to 60')
  const reader = v.reader ?? 'browser'
  if (!(FEED_READERS as readonly string[]).includes(reader))
    return err('读取方式须为 browser（大屏浏览器）或 server（服务器端）', 'the reader must be browser (each wall) or server (the server-side reader)')
  const label = v.label.trim()
  if (label.length > FEED_LABEL_MAX)
    return err(`气象源名称过长：最多 ${FEED_LABEL_MAX} 个字符`, `the feed name is too long: at most ${FEED_LABEL_MAX} characters`)
  return {
    ok: { url: url === '' ? null : url, format: v.format as FeedFormat, refresh_minutes: n, label: label === '' ? null : label, reader: reader as FeedReader },
  }
}
