// The what-if threat-zone editor (issue 20), shared by the wall's incident mode and the planner's
// 威胁区 tab: a point or hazard source (its inventory suggests the substance and, by the EPA RMP
// worst case, the release: src/domain/threatZones/release.ts), a scenario (toxic plume, pool fire,
// vapour-cloud explosion) and the weather; the zones are computed in the browser on every change
// (the wind direction slider redraws them as it moves) and handed to the page's map through
// `threatZonesNow` and its host; the targets and people inside each zone come from
// threat_zone_targets, asked once the input rests.
import type { ComponentChildren } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useMessages, formatNumber } from '../../app/i18n.ts'
import { protectiveClassById } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import {
  SUBSTANCES,
  STABILITY_CLASSES,
  computeThreatZones,
  releaseFromInventory,
  type InventoryRelease,
  type Stability,
  type ThreatZonesResult,
} from '../../domain/threatZones.ts'
import { withWeather } from '../wall/weatherStore.ts'
import { useWholeLines } from '../wall/wholeLines.ts'
import { DEFAULT_FORM, scenarioOf, substancesFor, type Kind, type ThreatForm } from './threatZoneForm.ts'
import { featureCard } from '../../data/mapApi.ts'
import { LatestRequests, debounce } from '../../data/latest.ts'
import type { IncidentOrigin } from '../../data/wall.ts'
import { threatZoneTargets, type ZoneTargets } from '../../data/threatZones.ts'
import { threatZonesNow, ZONE_RGB } from '../../layers/threatZones/index.ts'
import { TZ_MESSAGES } from './threatZoneMessages.ts'
import './threatZones.css'

const latest = new LatestRequests()

function metres(m: number, lang: 'zh' | 'en'): string {
  return m >= 1000 ? `${formatNumber(m / 1000, lang, 2)} km` : `${formatNumber(m, lang, 0)} m`
}

/** The page's map as the editor needs it: redraw `threatZonesNow`, frame a radius around a point. */
export interface ThreatZoneHost {
  threatZonesChanged(): void
  fitIncident(lon: number, lat: number, radiusM: number): void
}

/** What the editor shows, for the page around it (saving and comparing scenarios). */
export interface ThreatZoneView {
  form: ThreatForm
  origin: IncidentOrigin | null
  result: ThreatZonesResult | null
  targets: ZoneTargets | null
}

export interface ThreatZonePanelProps {
  host: ThreatZoneHost
  origin: IncidentOrigin | null
  /** a form to show (a reopened scenario); a new object replaces the form */
  load?: ThreatForm | null
  onView?: (v: ThreatZoneView) => void
  /** the print button's action (default: the browser's print) */
  onPrint?: () => void
  /** extra class on the section (the planner's light theme) */
  class?: string
  /** the wall's rule: the panel does not scroll, so list lines that do not fit whole are hidden
   * and counted in 另有 N (the planner's panel scrolls and shows them all) */
  wholeLines?: boolean
  children?: ComponentChildren
}

export function ThreatZonePanel({ host, origin, load, onView, onPrint, class: cls, wholeLines = false, children }: ThreatZonePanelProps) {
  const { m, lang } = useMessages(TZ_MESSAGES)
  const panel = useRef<HTMLElement>(null)
  const targetsCut = useWholeLines(panel, '.wall-incident-targets', wholeLines)
  const [form, setForm] = useState<ThreatForm>(() => load ?? withWeather(DEFAULT_FORM))
  const [inventory, setInventory] = useState<string[]>([])
  const [release, setRelease] = useState<InventoryRelease | null>(null)
  useEffect(() => {
    if (load) setForm(load)
  }, [load])
  // the counts with the result they are of: never shown beside another scenario's zones
  const [counted, setTargets] = useState<{ of: ThreatZonesResult; value: ZoneTargets } | null>(null)
  const [counting, setCounting] = useState(false)
  const [countError, setCountError] = useState<string | null>(null)
  const set = <K extends keyof ThreatForm>(k: K, v: ThreatForm[K]) => setForm((f) => ({ ...f, [k]: v }))

  // A hazard source's inventory suggests the substance (and, for an explosion, the mass).
  useEffect(() => {
    setInventory([])
    setRelease(null)
    if (origin?.kind !== 'hazard_source') return
    let alive = true
    void featureCard('hazard_sources', origin.id).then(
      (card) => {
        if (!alive || !card?.inventory) return
        const known = card.inventory.filter((i) => SUBSTANCES.some((s) => s.name_zh === i.substance))
        setInventory(known.map((i) => i.substance))
        const first = known[0]
        if (!first) return
        const sub = SUBSTANCES.find((s) => s.name_zh === first.substance)!
        // a reopened scenario keeps its own inputs
        if (load) return
        const rel = releaseFromInventory(sub, first.quantity_t)
        setRelease(rel)
        const kind: Kind = rel?.kind ?? (sub.toxic ? 'toxic' : sub.vceHeatOfCombustion_kj_kg ? 'explosion' : 'pool_fire')
        setForm((f) => ({
          ...f,
          kind,
          substance: sub.name_zh,
          rate_kg_s: rel?.rate_kg_s ?? f.rate_kg_s,
          mass_t: rel?.mass_t ?? Math.max(0.001, Math.min(first.quantity_t, 10_000)),
        }))
      },
      () => undefined,
    )
    return () => {
      alive = false
    }
  }, [origin?.kind === 'hazard_source' ? origin.id : null])

  // Recompute on every change (bounded: a few ms), measure it, draw it.
  const computed = useMemo((): { result: ThreatZonesResult | null; error: string | null; ms: number } => {
    if (!origin) return { result: null, error: null, ms: 0 }
    const t0 = performance.now()
    try {
      const result = computeThreatZones(scenarioOf(form, origin))
      return { result, error: null, ms: performance.now() - t0 }
    } catch (e) {
      return { result: null, error: (e as Error).message, ms: performance.now() - t0 }
    }
  }, [form, origin?.lon, origin?.lat])

  useEffect(() => {
    const r = computed.result
    threatZonesNow.set(
      r && origin ? { result: r, origin: { lon: origin.lon, lat: origin.lat }, wind_from_deg: r.kind === 'toxic' ? form.wind_from_deg : null } : null,
    )
    host.threatZonesChanged()
    countLater(r, origin)
  }, [computed])

  // Frame the zones when the source or the scenario changes (not while the wind turns).
  useEffect(() => {
    const r = computed.result
    if (r && origin) host.fitIncident(origin.lon, origin.lat, Math.max(300, ...r.zones.map((z) => z.reach_m)))
  }, [origin?.lon, origin?.lat, form.kind, form.substance, computed.result === null])

  useEffect(
    () => () => {
      latest.abortAll()
      countLater.cancel()
      threatZonesNow.set(null)
      host.threatZonesChanged()
    },
    [],
  )

  const countLater = useMemo(
    () =>
      debounce((r: ThreatZonesResult | null, o: IncidentOrigin | null) => {
        if (!r || !o) {
          setTargets(null)
          return
        }
        const zones = r.zones.filter((z) => z.polygon).map((z) => ({ level: z.level, geometry: z.polygon!.geometry }))
        if (zones.length === 0) {
          setTargets(null)
          return
        }
        setCounting(true)
        setCountError(null)
        void latest
          .run('tz', (signal) => threatZoneTargets(zones, o, signal))
          .then(
            (res) => {
              if (!res) return
              setTargets({ of: r, value: res.value })
              setCounting(false)
            },
            (e: Error) => {
              setCounting(false)
              setCountError(e.message)
            },
          )
      }, 250),
    [],
  )

  const r = computed.result
  const targets = counted && counted.of === r ? counted.value : null
  // the list shows ten at most; on the wall, fewer when the lines do not fit whole
  const shownTargets = (t: ZoneTargets) => Math.min(10, t.targets.length) - targetsCut
  useEffect(() => onView?.({ form, origin, result: r, targets }), [r, targets])
  // the inventory's suggestion holds while the form keeps its figures
  const releaseShown =
    release && form.substance === release.substance && form.kind === release.kind && (release.kind !== 'toxic' || form.rate_kg_s === release.rate_kg_s)
      ? release
      : null
  const subs = substancesFor(form.kind)
  const num = (k: keyof ThreatForm, label: string, step: number, testid: string) => (
    <label>
      <span>{label}</span>
      <input
        type="number"
        step={step}
        data-testid={testid}
        value={String(form[k])}
        onInput={(e) => {
          const v = Number((e.target as HTMLInputElement).value)
          if ((e.target as HTMLInputElement).value !== '' && Number.isFinite(v)) set(k, v as never)
        }}
      />
    </label>
  )

  /** A choice among fixed options for one field; `parse` turns the option's value back into the field's. */
  const pick = <K extends keyof ThreatForm>(
    k: K,
    label: ComponentChildren,
    testid: string,
    value: string,
    options: readonly (readonly [string, string])[],
    parse: (v: string) => ThreatForm[K],
  ) => (
    <label>
      <span>{label}</span>
      <select data-testid={testid} value={value} onChange={(e) => set(k, parse((e.target as HTMLSelectElement).value))}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <section
      ref={panel}
      class={`wall-panel wall-incident wall-tz${cls ? ` ${cls}` : ''}`}
      data-testid="tz-panel"
      data-status={r ? 'ok' : computed.error ? 'error' : 'idle'}
      data-lon={origin?.lon}
      data-lat={origin?.lat}
      data-wind={form.wind_from_deg}
    >
      <h2>
        {m('tz.title')}{' '}
        <span class="wall-tz-estimate" data-testid="tz-estimate">
          {m('tz.estimate')}
        </span>
      </h2>
      {!origin && <p class="wall-note">{m('tz.pick')}</p>}
      {origin?.kind === 'hazard_source' && (
        <p class="wall-note" data-testid="tz-origin">
          {m('tz.source', { name: origin.name })}
        </p>
      )}
      {releaseShown && (
        <p class="wall-note wall-tz-release" data-testid="tz-release" data-rate={releaseShown.rate_kg_s ?? ''} data-mass={releaseShown.mass_t ?? ''}>
          {releaseShown.kind === 'toxic'
            ? m('tz.release.toxic', { q: formatNumber(releaseShown.quantity_t, lang, 2), r: formatNumber(releaseShown.rate_kg_s!, lang, 3) })
            : releaseShown.kind === 'explosion'
              ? m('tz.release.explosion', { q: formatNumber(releaseShown.quantity_t, lang, 2) })
              : m('tz.release.fire', { q: formatNumber(releaseShown.quantity_t, lang, 2) })}
          {releaseShown.capped ? ` ${m('tz.release.capped')}` : ''}
        </p>
      )}
      <div class="wall-incident-form wall-tz-form no-print">
        <label>
          <span>{m('tz.scenario')}</span>
          <select
            data-testid="tz-kind"
            value={form.kind}
            onChange={(e) => {
              const kind = (e.target as HTMLSelectElement).value as Kind
              const keep = substancesFor(kind).find((s) => s.name_zh === form.substance)
              setForm((f) => ({ ...f, kind, substance: keep?.name_zh ?? substancesFor(kind)[0]!.name_zh }))
            }}
          >
            {(['toxic', 'pool_fire', 'explosion'] as const).map((k) => (
              <option key={k} value={k}>
                {m(`tz.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            {m('tz.substance')}
            {inventory.includes(form.substance) ? ` ${m('tz.fromInventory')}` : ''}
          </span>
          <select data-testid="tz-substance" value={form.substance} onChange={(e) => set('substance', (e.target as HTMLSelectElement).value)}>
            {subs.map((s) => (
              <option key={s.name_zh} value={s.name_zh}>
                {lang === 'zh' ? s.name_zh : s.name_en}
                {inventory.includes(s.name_zh) ? ' ★' : ''}
              </option>
            ))}
          </select>
        </label>
        {form.kind === 'toxic' && (
          <>
            {num('rate_kg_s', m('tz.rate'), 0.1, 'tz-rate')}
            {num('h_m', m('tz.height'), 1, 'tz-height')}
            {pick(
              'terrain',
              m('tz.terrain'),
              'tz-terrain',
              form.terrain,
              [
                ['urban', m('tz.urban')],
                ['rural', m('tz.rural')],
              ],
              (v) => v as 'rural' | 'urban',
            )}
            <label class="wall-tz-wind">
              <span>{m('tz.windFrom', { d: form.wind_from_deg })}</span>
              <input
                type="range"
                min={0}
                max={359}
                step={1}
                data-testid="tz-wind"
                value={form.wind_from_deg}
                onInput={(e) => set('wind_from_deg', Number((e.target as HTMLInputElement).value))}
              />
            </label>
            {num('u_m_s', m('tz.windSpeed'), 0.5, 'tz-speed')}
            {pick(
              'stability',
              m('tz.stability'),
              'tz-stability',
              form.stability,
              [['auto', m('tz.stabilityAuto')], ...STABILITY_CLASSES.map((s) => [s, s] as const)],
              (v) => v as Stability | 'auto',
            )}
            {form.stability === 'auto' && (
              <>
                {pick(
                  'daytime',
                  `${m('tz.day')} / ${m('tz.night')}`,
                  'tz-daytime',
                  form.daytime ? 'day' : 'night',
                  [
                    ['day', m('tz.day')],
                    ['night', m('tz.night')],
                  ],
                  (v) => v === 'day',
                )}
                {num('cloud_eighths', m('tz.cloud'), 1, 'tz-cloud')}
              </>
            )}
          </>
        )}
        {form.kind === 'pool_fire' && (
          <>
            {num('diameter_m', m('tz.diameter'), 1, 'tz-diameter')}
            {pick(
              'thresholds',
              m('tz.thresholds'),
              'tz-thresholds',
              form.thresholds,
              [
                ['cn', m('tz.thr.cn')],
                ['aloha', m('tz.thr.aloha')],
              ],
              (v) => v as 'cn' | 'aloha',
            )}
          </>
        )}
        {form.kind === 'explosion' && num('mass_t', m('tz.mass'), 1, 'tz-mass')}
        {r && (
          <button type="button" class="wall-btn" data-testid="tz-print" onClick={() => (onPrint ? onPrint() : window.print())}>
            {m('tz.print')}
          </button>
        )}
      </div>

      {r && (
        <p class="wall-note print-only" data-testid="tz-summary">
          {m(`tz.kind.${form.kind}`)} · {lang === 'zh' ? form.substance : (SUBSTANCES.find((x) => x.name_zh === form.substance)?.name_en ?? form.substance)} ·{' '}
          {form.kind === 'toxic'
            ? `${m('tz.rate')} ${form.rate_kg_s} · ${m('tz.height')} ${form.h_m} · ${m('tz.windFrom', { d: form.wind_from_deg })} · ${m('tz.windSpeed')} ${form.u_m_s} · ${m('tz.resolved', { s: r.stability ?? '' })}`
            : form.kind === 'pool_fire'
              ? `${m('tz.diameter')} ${form.diameter_m} · ${m(`tz.thr.${form.thresholds}`)}`
              : `${m('tz.mass')} ${form.mass_t}`}
        </p>
      )}
      {computed.error && (
        <p class="wall-incident-error" role="alert" data-testid="tz-error">
          {m('tz.error', { msg: computed.error })}
        </p>
      )}
      {r && (
        <>
          {r.warnings.includes('dense_gas') && (
            <p class="wall-tz-warning" role="alert" data-testid="tz-dense">
              ⚠ {m('tz.dense')}
            </p>
          )}
          {r.warnings.includes('capped') && (
            <p class="wall-tz-warning" data-testid="tz-capped">
              ⚠ {m('tz.capped')}
            </p>
          )}
          {r.warnings.includes('near_field') && <p class="wall-note">{m('tz.nearField')}</p>}
          <p class="wall-note" data-testid="tz-meta" data-ms={computed.ms.toFixed(2)}>
            {r.stability ? `${m('tz.resolved', { s: r.stability })} · ` : ''}
            {r.tnt_kg !== undefined ? `${m('tz.tnt', { kg: formatNumber(r.tnt_kg, lang, 0) })} · ` : ''}
            {m('tz.computeMs', { ms: computed.ms.toFixed(1) })}
            {r.levels_source ? ` · ${r.levels_source}` : ''}
          </p>
          <table class="wall-table wall-tz-zones" data-testid="tz-zones">
            <thead>
              <tr>
                <th>{m('tz.zone')}</th>
                <th>{m('tz.threshold')}</th>
                <th>{m('tz.reach')}</th>
                <th>{m('tz.targets')}</th>
                <th>{m('tz.people')}</th>
              </tr>
            </thead>
            <tbody>
              {r.zones.map((z) => {
                const c = targets?.zones.find((x) => x.level === z.level)
                return (
                  <tr
                    key={z.level}
                    data-testid="tz-zone"
                    data-level={z.level}
                    data-reach={z.reach_m.toFixed(1)}
                    data-count={c?.count ?? ''}
                    data-population={c?.population ?? ''}
                  >
                    <th>
                      <span class="wall-class-dot" style={{ background: rgbCss(ZONE_RGB[z.level]) }} />
                      {m(`tz.level.${z.level}`)} · {m('tz.estimate')}
                    </th>
                    <td>
                      {formatNumber(z.threshold, lang, z.threshold < 10 ? 2 : 1)} {z.unit}
                      <div class="wall-sub">{z.basis}</div>
                    </td>
                    <td class="wall-num">
                      {z.reach_m > 0 ? metres(z.reach_m, lang) : '—'}
                      {z.capped ? '+' : ''}
                    </td>
                    <td class="wall-num">{c ? formatNumber(c.count, lang) : '…'}</td>
                    <td class="wall-num">{c ? formatNumber(c.population, lang) : '…'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {counting && <p class="wall-note">{m('tz.counting')}</p>}
          {countError && (
            <p class="wall-incident-error" role="alert">
              {m('tz.error', { msg: countError })}
            </p>
          )}
          {targets && (
            <>
              <h3>{m('tz.inside')}</h3>
              {targets.targets.length === 0 && <p class="wall-note">{m('tz.none')}</p>}
              <ol class="wall-incident-list wall-incident-targets" data-testid="tz-targets" data-total={targets.targets_total}>
                {targets.targets.slice(0, 10).map((t) => {
                  const c = protectiveClassById(t.target_class)
                  return (
                    <li key={t.id} data-zone={t.zone}>
                      <span class="wall-class-dot" style={{ background: rgbCss(ZONE_RGB[t.zone as keyof typeof ZONE_RGB] ?? [128, 128, 128]) }} />
                      <span class="wall-incident-name">
                        {t.name}
                        <span class="wall-sub">
                          {' '}
                          · {c?.[lang]} · {formatNumber(t.population, lang)}
                        </span>
                      </span>
                      <span class="wall-num">{metres(t.distance_m, lang)}</span>
                    </li>
                  )
                })}
              </ol>
              {targets.targets_total > shownTargets(targets) && (
                <p class="wall-note" data-testid="tz-more">
                  {m('tz.more', { n: formatNumber(targets.targets_total - shownTargets(targets), lang) })}
                </p>
              )}
            </>
          )}
          <p class="wall-note">{m('tz.estimateNote')}</p>
        </>
      )}
      {children}
    </section>
  )
}
