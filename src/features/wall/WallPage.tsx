// The command centre's map wall (#/wall): dark, full screen, readable across a room at 3840×2160
// and 7680×2160. Map in the middle; panels of figures around it; a live alert strip; a district
// tour (#/wall?tour=1); incident mode with rings, targets and the nearest resources (printable).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useMessages, setLang } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { doSignOut, sessionStore } from '../../app/sessionStore.ts'
import { useSignInForm } from '../../app/useSignInForm.ts'
import { currentQuery } from '../../app/routes.ts'
import { APP_ROLES } from '../../domain/categories.ts'
import { cityName, datasetInfo, type DatasetInfo } from '../../data/mapApi.ts'
import { levelRgb } from '../../domain/levels.ts'
import { MESSAGES } from './messages.ts'
import { WallLive } from './live.ts'
import { WallMap, type District } from './wallMap.ts'
import { FiguresLeft, FiguresRight, DistrictTable, MapLegend, Ticker } from './Panels.tsx'
import { IncidentPanel, useIncident } from './Incident.tsx'
import { RescuePanel } from './RescuePanel.tsx'
import { WallThreat } from './WallThreat.tsx'
import { useWallVehicle } from './WallVehicleCard.tsx'
import { VehicleAlerts } from './VehicleAlerts.tsx'
import { StaleNote } from './StaleNote.tsx'
import { IndicatorsPanel } from './IndicatorsPanel.tsx'
import { AlarmsPanel } from './AlarmsPanel.tsx'
import { TZ_MESSAGES } from '../threatZones/threatZoneMessages.ts'
import { useWallPick } from './wallPick.tsx'
import { AlertBell } from './AlertBell.tsx'
import { WeatherPanel } from './WeatherPanel.tsx'
import { PresetBar } from './PresetBar.tsx'
import './wall.css'

const TOUR_MS = 12_000

export default function WallPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  useEffect(() => {
    document.documentElement.classList.add('wall-root')
    return () => document.documentElement.classList.remove('wall-root')
  }, [])
  if (!known)
    return (
      <div class="wall wall-message" data-testid="wall-loading">
        {m('wall.loading')}
      </div>
    )
  if (!user) return <WallSignIn />
  if (!user.role) return <WallSignIn noRole />
  return <Wall />
}

function WallSignIn({ noRole = false }: { noRole?: boolean }) {
  const { m, t, lang } = useMessages(MESSAGES)
  const { email, setEmail, password, setPassword, busy, error, submit } = useSignInForm((msg) => m('wall.signInFailed', { msg }))
  return (
    <div class="wall wall-message" data-testid="wall-signin">
      <form class="wall-signin" onSubmit={submit}>
        <h1>{m('wall.title')}</h1>
        <h2>{m('wall.signInTitle')}</h2>
        <p>{noRole ? m('wall.noRole') : m('wall.signInText')}</p>
        {noRole ? (
          <button type="button" class="wall-btn" onClick={() => void doSignOut()}>
            {m('wall.signOut')}
          </button>
        ) : (
          <>
            <label>
              <span>{m('wall.email')}</span>
              <input
                type="email"
                required
                autocomplete="username"
                data-testid="wall-signin-email"
                value={email}
                onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
              />
            </label>
            <label>
              <span>{m('wall.password')}</span>
              <input
                type="password"
                required
                autocomplete="current-password"
                data-testid="wall-signin-password"
                value={password}
                onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
              />
            </label>
            <button type="submit" class="wall-btn wall-btn-primary" data-testid="wall-signin-submit" disabled={busy}>
              {busy ? m('wall.signingIn') : m('wall.signIn')}
            </button>
            {error && (
              <p class="wall-signin-error" role="alert">
                {error}
              </p>
            )}
            <p class="wall-signin-demo">{m('wall.signInDemo')}</p>
          </>
        )}
        <p>
          <a href="#/public">{m('wall.publicLink')}</a> ·{' '}
          <button type="button" class="wall-link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('app.langToggle')}
          </button>
        </p>
      </form>
    </div>
  )
}

function useMedia(query: string): boolean {
  const [on, setOn] = useState(() => typeof matchMedia !== 'undefined' && matchMedia(query).matches)
  useEffect(() => {
    const mq = matchMedia(query)
    const f = () => setOn(mq.matches)
    mq.addEventListener('change', f)
    f()
    return () => mq.removeEventListener('change', f)
  }, [query])
  return on
}

function useClock(): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(t)
  }, [])
  return now
}

export function timeText(t: number | string | Date | null | undefined, lang: 'zh' | 'en', withDate = false): string {
  if (t === null || t === undefined) return '—'
  const d = new Date(t)
  const time = d.toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
  if (!withDate) return time
  return `${d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit' })} ${time}`
}

/** The date with its weekday, as an operator reads it off the wall (2026年12月4日 星期五). */
export function dateText(d: Date, lang: 'zh' | 'en'): string {
  return d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })
}

function Wall() {
  const { m, t, lang, name } = useMessages(MESSAGES)
  const { user } = useStore(sessionStore)
  const mapEl = useRef<HTMLDivElement>(null)
  const live = useMemo(() => new WallLive(), [])
  const wallMap = useMemo(() => new WallMap(), [])
  const st = useStore(live.store)
  const now = useClock()
  const [dataset, setDataset] = useState<DatasetInfo | null>(null)
  const [districts, setDistricts] = useState<District[]>([])
  const [tour, setTour] = useState<number | null>(() => (currentQuery().get('tour') === '1' ? 0 : null))
  const [incidentOn, setIncidentOn] = useState(false)
  /** the basemap's tiles are not arriving: their last HTTP status (0: no answer), else null */
  const [tilesFailing, setTilesFailing] = useState<number | null>(null)
  const incident = useIncident(wallMap, incidentOn)
  const [threatOn, setThreatOn] = useState(false)
  const pick = useWallPick(wallMap)
  const vehicle = useWallVehicle(wallMap, !incidentOn, pick.close)

  useEffect(() => {
    let alive = true
    // The map's layers follow changes at most every 6 s: on the local stack one database
    // connection serves the map, the figures and the feed, and the figures must not wait.
    let lastReload = 0
    let reloadTimer: ReturnType<typeof setTimeout> | undefined
    const mapReload = () => {
      if (reloadTimer) return
      const wait = Math.max(1000, lastReload + 6000 - Date.now())
      reloadTimer = setTimeout(() => {
        reloadTimer = undefined
        lastReload = Date.now()
        if (alive) void wallMap.loadView()
      }, wait)
    }
    live.onChanges = (dangers, points) => {
      wallMap.pulse([
        ...dangers.map((d) => ({ key: d.key, lon: d.lon, lat: d.lat, rgb: d.severity === 'major' || d.overdue ? levelRgb(1) : ([79, 195, 247] as const) })),
        ...points.map((p) => ({ key: p.key, lon: p.lon, lat: p.lat, rgb: levelRgb(p.new_level) })),
      ])
      mapReload()
    }
    live.onReconnect = () => void wallMap.loadView()
    live.start()
    const info = datasetInfo().catch(() => null)
    void info.then(async (d) => {
      if (!alive) return
      setDataset(d)
      if (mapEl.current) {
        wallMap.onReady = () => alive && setDistricts(wallMap.districts)
        wallMap.onTilesChanged = (f) => alive && setTilesFailing(f ? f.status : null)
        await wallMap.mount(mapEl.current, d?.bbox ?? null, lang)
      }
    })
    return () => {
      alive = false
      clearTimeout(reloadTimer)
      live.stop()
      wallMap.destroy()
    }
  }, [])

  useEffect(() => wallMap.setLang(lang), [lang])

  const tourOn = tour !== null
  useEffect(() => {
    if (tourOn && districts.length) void live.prefetchDistricts(districts.map((d) => d.code))
  }, [tourOn, districts])

  // District tour: fly to each district in turn with its figures, then the whole city again.
  useEffect(() => {
    if (tour === null || districts.length === 0) {
      if (tour === null) {
        void live.setDistrict(null)
        wallMap.focusDistrict(null)
      }
      return
    }
    const i = tour % (districts.length + 1)
    const d = i < districts.length ? districts[i]! : null
    wallMap.focusDistrict(d?.code ?? null)
    void live.setDistrict(d?.code ?? null)
    const t = setTimeout(() => setTour((x) => (x === null ? null : x + 1)), TOUR_MS)
    return () => clearTimeout(t)
  }, [tour, districts])

  const touring = tour !== null && districts.length > 0
  const tourIndex = touring ? tour! % (districts.length + 1) : -1
  const tourDistrict = touring && tourIndex < districts.length ? districts[tourIndex]! : null
  // the figures and the scope they are of always go together: a district's name only over its own figures
  const shown = tourDistrict && st.districtSummary?.area?.code === tourDistrict.code ? st.districtSummary : st.summary
  const tourName = tourDistrict ? (lang === 'zh' ? tourDistrict.name : tourDistrict.nameEn) : null
  const scopeName = shown?.area ? (lang === 'zh' ? shown.area.name : shown.area.name_en || shown.area.name) : (cityName(dataset, lang) ?? m('wall.city'))
  const ultra = useMedia('(min-aspect-ratio: 3/1)')
  // the district table follows the figures, at most every 30 s
  const districtKey = st.summary ? String(Math.floor(Date.parse(st.summary.as_of) / 30_000)) : ''

  const toggleIncident = () => {
    if (!incidentOn) setTour(null)
    setIncidentOn(!incidentOn)
    setThreatOn(false)
  }

  return (
    <div class={`wall ${incidentOn ? 'wall-incident-mode' : ''} ${ultra ? 'wall-ultra' : ''}`} data-testid="wall" data-offline={st.offline ? '1' : '0'}>
      <header class="wall-header">
        <div class="wall-brand">
          <h1 title={m('wall.title')}>
            <span class="wall-title-long">{m('wall.title')}</span>
            <span class="wall-title-short">{m('wall.titleShort')}</span>
          </h1>
          <span class="wall-scope" data-testid="wall-scope">
            {scopeName}
          </span>
          {dataset?.demo && <span class="wall-demo">{m('wall.demo')}</span>}
        </div>
        <div class="wall-tools">
          <button
            type="button"
            class={`wall-btn ${touring ? 'on' : ''}`}
            data-testid="wall-tour"
            onClick={() => setTour(tour === null ? 0 : null)}
            disabled={incidentOn}
          >
            {tour === null ? m('tour.start') : m('tour.stop')}
          </button>
          <button type="button" class={`wall-btn ${incidentOn ? 'on' : ''}`} data-testid="wall-incident-toggle" onClick={toggleIncident}>
            {incidentOn ? m('incident.exit') : m('incident.start')}
          </button>
          {incidentOn && (
            <button type="button" class={`wall-btn ${threatOn ? 'on' : ''}`} data-testid="wall-tz-toggle" onClick={() => setThreatOn(!threatOn)}>
              {TZ_MESSAGES[threatOn ? 'tz.back' : 'tz.open'][lang]}
            </button>
          )}
          <WeatherPanel />
          <AlertBell items={st.ticker} />
          <button type="button" class="wall-btn" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('app.langToggle')}
          </button>
          <span class="wall-user" title={user?.email}>
            {user?.role ? name(APP_ROLES[user.role]) : ''}
          </span>
          <button type="button" class="wall-btn wall-btn-quiet" onClick={() => void doSignOut()}>
            {m('wall.signOut')}
          </button>
        </div>
        <div class="wall-time">
          <div class="wall-clock" data-testid="wall-clock">
            {timeText(now, lang)}
          </div>
          <div class="wall-date" data-testid="wall-date">
            {dateText(now, lang)}
          </div>
          <div class="wall-watermark" data-testid="wall-watermark">
            <span class={`wall-dot ${st.offline ? 'off' : 'on'}`} />
            {st.offline ? m('wall.offline') : m('wall.live')} · {m('wall.asOf', { t: timeText(st.lastSuccess, lang) })}
          </div>
        </div>
      </header>

      {st.offline && (
        <div class="wall-banner" role="alert" data-testid="wall-offline">
          {m('wall.offlineBanner', { t: st.lastSuccess ? timeText(st.lastSuccess, lang, true) : m('wall.offlineNever') })}
        </div>
      )}

      {/* once an incident is analysed, the left column gives its room to who and what to send */}
      <aside class="wall-left" hidden={incidentOn && !!incident.report}>
        {touring && (
          <div class="wall-tour-badge" data-testid="wall-tour-now">
            {m('tour.now', { name: tourName ?? cityName(dataset, lang) ?? m('wall.city'), i: tourIndex + 1, n: districts.length + 1 })}
          </div>
        )}
        <FiguresLeft summary={shown} staleNote={<StaleNote area={tourDistrict?.code ?? null} />} />
        {!ultra && <DistrictTable districts={districts} active={tourDistrict?.code ?? null} refresh={districtKey} />}
      </aside>
      {ultra && (
        <aside class="wall-districts">
          <DistrictTable districts={districts} active={tourDistrict?.code ?? null} refresh={districtKey} />
          <Ticker items={st.ticker} since={st.summary?.watermark ?? null} vertical districts={districts} onPick={pick.onTicker} />
        </aside>
      )}

      <div class="wall-map-wrap">
        <div class="wall-map" ref={mapEl} data-testid="wall-map" />
        {incidentOn && !incident.report && <div class="wall-map-hint">{m('incident.pick')}</div>}
        {tilesFailing !== null && (
          // the operator must know a blank map is the basemap's server, not missing data
          <div class="wall-map-note" role="status" data-testid="wall-basemap-tiles">
            {t('map.basemapTilesFailed', { status: tilesFailing ? `HTTP ${tilesFailing}` : t('map.networkError') })}
          </div>
        )}
        <MapLegend incident={incidentOn && !!incident.report} />
        {!incidentOn && <VehicleAlerts />}
        {/* the right column is full (alarms, dangers, rectification, supervision list, 12 weeks):
            the year-to-date indicators sit on the map's lower left, over the sea at the city view */}
        {!incidentOn && <IndicatorsPanel />}
        {!incidentOn && pick.card}
        {!incidentOn && !pick.card && vehicle.card}
        {!incidentOn && !pick.card && <PresetBar wallMap={wallMap} />}
      </div>

      <aside class="wall-right">
        {incidentOn ? (
          threatOn ? (
            <WallThreat wallMap={wallMap} incident={incident} />
          ) : (
            <IncidentPanel state={incident} hazards={wallMap.hazards} />
          )
        ) : (
          <>
            <AlarmsPanel wallMap={wallMap} area={tourDistrict?.code ?? null} />
            <FiguresRight summary={shown} onPickMajor={pick.onMajor} />
          </>
        )}
      </aside>
      {incidentOn && incident.report && (
        <aside class="wall-rescue">
          <RescuePanel lon={incident.report.center.lon} lat={incident.report.center.lat} origin={incident.origin} />
        </aside>
      )}

      {!ultra && (
        <footer class="wall-ticker-wrap">
          <Ticker items={st.ticker} since={st.summary?.watermark ?? null} districts={districts} onPick={pick.onTicker} />
        </footer>
      )}
    </div>
  )
}
