// The weather an operator enters on the wall (wind, speed, temperature): checked here, with
// Chinese-first messages, before it is shown and offered to the threat-zone form. Pure.

export interface Weather {
  /** the direction the wind blows FROM, degrees clockwise from north (0–359) */
  wind_from_deg: number
  /** wind speed at 10 m, m/s (0–60) */
  u_m_s: number
  /** air temperature, °C (−50–60), optional */
  temp_c: number | null
  /** when it was entered (ISO) */
  at: string
}

export const WEATHER_LIMITS = { u_m_s: [0, 60], temp_c: [-50, 60] } as const

/** The 16-point compass name of a wind direction (the direction it blows from). */
export function windName(fromDeg: number, lang: 'zh' | 'en'): string {
  const zh = ['北', '北东北', '东北', '东东北', '东', '东东南', '东南', '南东南', '南', '南西南', '西南', '西西南', '西', '西西北', '西北', '北西北']
  const en = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW']
  const i = Math.round((((fromDeg % 360) + 360) % 360) / 22.5) % 16
  return lang === 'zh' ? `${zh[i]}风` : en[i]!
}

/** The entered values → a Weather, or the first problem in words (zh, en). */
export function checkWeather(v: { wind_from_deg: string; u_m_s: string; temp_c: string }, now: Date): { ok: Weather } | { error: { zh: string; en: string } } {
  const dir = Number(v.wind_from_deg)
  if (v.wind_from_deg.trim() === '' || !Number.isFinite(dir) || dir < 0 || dir > 360)
    return { error: { zh: '风向须为 0–360 度（风的来向，正北为 0）', en: 'Wind direction must be 0–360° (where it blows from, north = 0)' } }
  const u = Number(v.u_m_s)
  if (v.u_m_s.trim() === '' || !Number.isFinite(u) || u < WEATHER_LIMITS.u_m_s[0] || u > WEATHER_LIMITS.u_m_s[1])
    return { error: { zh: '风速须为 0–60 m/s', en: 'Wind speed must be 0–60 m/s' } }
  let t: number | null = null
  if (v.temp_c.trim() !== '') {
    t = Number(v.temp_c)
    if (!Number.isFinite(t) || t < WEATHER_LIMITS.temp_c[0] || t > WEATHER_LIMITS.temp_c[1])
      return { error: { zh: '气温须为 −50–60 ℃（可不填）', en: 'Temperature must be −50–60 °C (or left empty)' } }
  }
  return {
    ok: { wind_from_deg: Math.round(dir) % 360, u_m_s: Math.round(u * 10) / 10, temp_c: t === null ? null : Math.round(t * 10) / 10, at: now.toISOString() },
  }
}
