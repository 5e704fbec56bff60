// The operator's weather for this wall: kept in localStorage (one screen, one operator), read by
// the wall's weather panel and, as its default wind, by incident mode's threat-zone form.
import { createStore } from '../../app/store.ts'
import type { Weather } from '../../domain/weather.ts'

const KEY = 'wall.weather'

function load(): Weather | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const w = JSON.parse(raw) as Weather
    return Number.isFinite(w.wind_from_deg) && Number.isFinite(w.u_m_s) ? w : null
  } catch {
    return null
  }
}

export const weatherStore = createStore<{ weather: Weather | null }>({ weather: typeof localStorage === 'undefined' ? null : load() })

export function setWeather(w: Weather | null): void {
  try {
    if (w) localStorage.setItem(KEY, JSON.stringify(w))
    else localStorage.removeItem(KEY)
  } catch {
    // private mode: kept for this page only
  }
  weatherStore.update({ weather: w })
}

/** A form's wind fields with the operator's weather in them (when entered): the incident default. */
export function withWeather<F extends { wind_from_deg: number; u_m_s: number }>(form: F): F {
  const w = weatherStore.get().weather
  return w ? { ...form, wind_from_deg: w.wind_from_deg, u_m_s: Math.max(0.5, w.u_m_s) } : form
}
