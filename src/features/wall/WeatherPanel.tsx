// The wall's weather: wind (from, speed) and temperature as the operator entered them, in the
// header; a small form to enter them (checked in src/domain/weather.ts, refused with words). Incident
// mode's threat-zone form takes this wind as its default (weatherStore.withWeather).
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { checkWeather, windName } from '../../domain/weather.ts'
import { setWeather, weatherStore } from './weatherStore.ts'
import { MESSAGES } from './messages.ts'

export function WeatherPanel() {
  const { m, lang } = useMessages(MESSAGES)
  const w = useStore(weatherStore, (s) => s.weather)
  const [open, setOpen] = useState(false)
  const [dir, setDir] = useState('')
  const [speed, setSpeed] = useState('')
  const [temp, setTemp] = useState('')
  const [error, setError] = useState<string | null>(null)
  const start = () => {
    setDir(w ? String(w.wind_from_deg) : '')
    setSpeed(w ? String(w.u_m_s) : '')
    setTemp(w?.temp_c != null ? String(w.temp_c) : '')
    setError(null)
    setOpen(true)
  }
  const save = (e: Event) => {
    e.preventDefault()
    const r = checkWeather({ wind_from_deg: dir, u_m_s: speed, temp_c: temp }, new Date())
    if ('error' in r) return setError(r.error[lang])
    setWeather(r.ok)
    setOpen(false)
  }
  const at = w ? new Date(w.at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', hour12: false }) : ''
  return (
    <div class="wall-weather">
      <button
        type="button"
        class="wall-btn wall-weather-btn"
        data-testid="wall-weather"
        title={m('weather.edit')}
        onClick={() => (open ? setOpen(false) : start())}
      >
        {w ? (
          <>
            <span class="wall-weather-arrow" style={{ transform: `rotate(${w.wind_from_deg + 180}deg)` }} aria-hidden="true">
              ↑
            </span>
            {m('weather.shown', { dir: windName(w.wind_from_deg, lang), deg: w.wind_from_deg, u: w.u_m_s })}
            {w.temp_c !== null && ` · ${w.temp_c}℃`}
            <span class="wall-weather-at"> · {m('weather.at', { t: at })}</span>
          </>
        ) : (
          m('weather.none')
        )}
      </button>
      {open && (
        <form class="wall-weather-form" data-testid="wall-weather-form" onSubmit={save} noValidate>
          <h2>{m('weather.title')}</h2>
          <label>
            <span>{m('weather.dir')}</span>
            <input inputMode="numeric" data-testid="weather-dir" value={dir} onInput={(e) => setDir((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            <span>{m('weather.speed')}</span>
            <input inputMode="decimal" data-testid="weather-speed" value={speed} onInput={(e) => setSpeed((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            <span>{m('weather.temp')}</span>
            <input inputMode="decimal" data-testid="weather-temp" value={temp} onInput={(e) => setTemp((e.target as HTMLInputElement).value)} />
          </label>
          {error && (
            <p class="wall-weather-error" role="alert" data-testid="weather-error">
              {error}
            </p>
          )}
          <div class="wall-weather-actions">
            <button type="submit" class="wall-btn wall-btn-primary" data-testid="weather-save">
              {m('weather.save')}
            </button>
            <button type="button" class="wall-btn" onClick={() => setOpen(false)}>
              {m('weather.cancel')}
            </button>
          </div>
          <p class="wall-weather-note">{m('weather.note')}</p>
        </form>
      )}
    </div>
  )
}
