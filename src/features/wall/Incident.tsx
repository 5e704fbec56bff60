// Incident mode: pick a point or a hazard source; rings at editable radii; protective targets inside
// by class with population; the nearest emergency resources ranked by distance. All figures come
// from the incident_report and nearest_emergency_resources RPCs; the panel prints on paper.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useMessages, formatNumber } from '../../app/i18n.ts'
import { PROTECTIVE_CLASSES, RESOURCE_TYPES, resourceTypeById, protectiveClassById } from '../../domain/categories.ts'
import { majorGradeName, levelCss, levelTextCss, rgbCss } from '../../domain/levels.ts'
import { LatestRequests } from '../../data/latest.ts'
import { incidentReport, nearestResources, type IncidentOrigin, type IncidentReport, type NearestResource } from '../../data/wall.ts'
import type { HazardSourceFeature } from '../../data/mapApi.ts'
import type { WallMap } from './wallMap.ts'
import { MESSAGES } from './messages.ts'
import { wallPx } from './Panels.tsx'
import { ResourceBadge } from '../onemap/Symbols.tsx'
import { useWholeLines } from './wholeLines.ts'
import { SourcePicker } from './SourcePicker.tsx'
import { INC_MESSAGES } from './incidentMessages.ts'
import { pipelineNearClick, useIncidentPipelines } from './incidentPipelines.ts'
import { mediumInfo } from '../../domain/pipelines.ts'
import { pressureClass } from '../../domain/pipelineProtection.ts'

export const DEFAULT_RADII = '500, 1000, 3000'
export const RESOURCES_SHOWN = 8

/** "500, 1000 3000" → [500, 1000, 3000]; null when any value is not a number in (0, 50000] or more than 8. */
export function parseRadii(text: string): number[] | null {
  const parts = text.split(/[\s,，、;；]+/).filter(Boolean)
  if (parts.length === 0 || parts.length > 8) return null
  const out: number[] = []
  for (const p of parts) {
    const v = Number(p)
    if (!Number.isFinite(v) || v <= 0 || v > 50000) return null
    out.push(v)
  }
  return [...new Set(out)].sort((a, b) => a - b)
}

/** A click landed near a hazard source: the operator says which is meant (issue 21). */
export interface AskNearSource {
  hazard: HazardSourceFeature
  lon: number
  lat: number
}

const originKey = (o: IncidentOrigin | null) => (o ? `${o.kind}:${'id' in o ? o.id : ''}:${o.lon}:${o.lat}` : '')

export interface IncidentState {
  ask: AskNearSource | null
  answer(useSource: boolean): void
  origin: IncidentOrigin | null
  setOrigin(o: IncidentOrigin | null): void
  radiiText: string
  setRadiiText(t: string): void
  radii: number[] | null
  type: string | null
  setType(t: string | null): void
  report: IncidentReport | null
  resources: NearestResource[]
  status: 'idle' | 'loading' | 'ok' | 'error'
  error: string | null
}

const latest = new LatestRequests()

export function useIncident(wallMap: WallMap, on: boolean): IncidentState {
  const [origin, setOrigin] = useState<IncidentOrigin | null>(null)
  const [ask, setAsk] = useState<AskNearSource | null>(null)
  // the origin as the report snapped it to a pipeline: no second request for the same report
  const snapped = useRef('')
  useIncidentPipelines(wallMap, on)
  const [radiiText, setRadiiText] = useState(DEFAULT_RADII)
  const [type, setType] = useState<string | null>(null)
  const [report, setReport] = useState<IncidentReport | null>(null)
  const [resources, setResources] = useState<NearestResource[]>([])
  const [status, setStatus] = useState<IncidentState['status']>('idle')
  const [error, setError] = useState<string | null>(null)
  const radii = parseRadii(radiiText)

  useEffect(() => {
    if (!on) {
      wallMap.onClick = null
      latest.abortAll()
      setOrigin(null)
      setAsk(null)
      setReport(null)
      setResources([])
      setStatus('idle')
      wallMap.setIncident(null)
      wallMap.setIncidentPick(null)
      return
    }
    let click = 0
    wallMap.onClick = (lon, lat, hazard: HazardSourceFeature | null) => {
      const n = ++click
      if (hazard) {
        // near a source: ask rather than silently choosing it
        setAsk({ hazard, lon, lat })
        wallMap.setIncidentPick([lon, lat])
        return
      }
      setAsk(null)
      void pipelineNearClick(wallMap, lon, lat).then((p) => {
        if (n !== click) return
        setOrigin(p ? { kind: 'pipeline', id: p.id, name: p.name, medium: p.medium, pressure_mpa: p.pressure_mpa, lon, lat } : { kind: 'point', lon, lat })
      })
    }
    return () => {
      wallMap.onClick = null
    }
  }, [on])

  const radiiKey = radii?.join(',') ?? ''
  useEffect(() => {
    if (!on || !origin || !radii) return
    if (snapped.current === `${originKey(origin)}|${radiiKey}|${type}`) return
    wallMap.setIncidentPick([origin.lon, origin.lat])
    setStatus('loading')
    setError(null)
    void latest
      .run('incident', async (signal) => {
        const rep = await incidentReport(origin, radii, signal)
        const res = await nearestResources(rep.center.lon, rep.center.lat, RESOURCES_SHOWN, type, signal)
        return { rep, res }
      })
      .then(
        (r) => {
          if (!r) return
          if (origin.kind === 'pipeline') {
            // the origin is the point on the line the report snapped the click to
            const at = { ...origin, lon: r.value.rep.center.lon, lat: r.value.rep.center.lat }
            snapped.current = `${originKey(at)}|${radiiKey}|${type}`
            setOrigin(at)
          }
          setReport(r.value.rep)
          setResources(r.value.res)
          setStatus('ok')
          wallMap.setIncident(r.value.rep, r.value.res)
          wallMap.fitIncident(
            r.value.rep.center.lon,
            r.value.rep.center.lat,
            radii[radii.length - 1]!,
            // the nearest resources too, unless they are so far that the rings would shrink to a dot
            r.value.res
              .slice(0, 3)
              .filter((x) => x.distance_m <= 3 * radii[radii.length - 1]!)
              .map((x) => [x.longitude, x.latitude]),
          )
        },
        (e: Error) => {
          setStatus('error')
          setError(e.message)
        },
      )
  }, [on, origin, radiiKey, type])

  const answer = (useSource: boolean) => {
    if (!ask) return
    const h = ask.hazard
    setOrigin(useSource ? { kind: 'hazard_source', id: h.id, lon: h.lon, lat: h.lat, name: h.name } : { kind: 'point', lon: ask.lon, lat: ask.lat })
    setAsk(null)
  }
  return { ask, answer, origin, setOrigin, radiiText, setRadiiText, radii, type, setType, report, resources, status, error }
}

/** A pipeline origin's medium, pressure (GB 50028 class for gas) and position along the line. */
function PipelineFacts({ o, along }: { o: Extract<IncidentOrigin, { kind: 'pipeline' }>; along: number | null }) {
  const { lang } = useMessages(MESSAGES)
  const inc = useMessages(INC_MESSAGES).m
  const med = mediumInfo(o.medium)
  const cls = pressureClass(o.medium, o.pressure_mpa)
  const pressure = o.pressure_mpa === null ? inc('inc.pressureUnknown') : `${formatNumber(o.pressure_mpa, lang, 2)} MPa${cls ? ` ${cls[lang]}` : ''}`
  return (
    <span class="wall-sub" data-testid="incident-pipeline" data-id={o.id} data-medium={o.medium}>
      {' '}
      {med && <span class="wall-class-dot" style={{ background: rgbCss(med.rgb) }} />}
      {inc('inc.pipelineFacts', { medium: med?.[lang] ?? o.medium, pressure, along: along === null ? '…' : metres(along, lang) })}
    </span>
  )
}

function metres(m: number, lang: 'zh' | 'en'): string {
  return m >= 1000 ? `${formatNumber(m / 1000, lang, 2)} km` : `${formatNumber(m, lang, 0)} m`
}

export function IncidentPanel({ state, hazards }: { state: IncidentState; hazards: HazardSourceFeature[] }) {
  const { m, lang } = useMessages(MESSAGES)
  const inc = useMessages(INC_MESSAGES).m
  const [draft, setDraft] = useState(state.radiiText)
  const draftOk = parseRadii(draft) !== null
  const rep = state.report
  const majors = hazards.filter((h) => h.is_major).sort((a, b) => (a.major_grade ?? 9) - (b.major_grade ?? 9) || a.name.localeCompare(b.name))
  const o = state.origin
  const panel = useRef<HTMLElement>(null)
  const targetsCut = useWholeLines(panel, '.wall-incident-targets')
  const targetsShown = rep ? Math.min(12, rep.targets.length) - targetsCut : 0
  return (
    <section ref={panel} class="wall-panel wall-incident" data-testid="incident-panel" data-status={state.status}>
      <h2>{m('incident.title')}</h2>
      <div class="wall-incident-form no-print">
        <SourcePicker
          sources={majors}
          chosen={o?.kind === 'hazard_source' ? o.id : null}
          onChoose={(h) => state.setOrigin({ kind: 'hazard_source', id: h.id, lon: h.lon, lat: h.lat, name: h.name })}
        />
        <form
          class="wall-incident-radii"
          onSubmit={(e) => {
            e.preventDefault()
            if (draftOk) state.setRadiiText(draft)
          }}
        >
          <label>
            <span>{m('incident.radii')}</span>
            <input data-testid="incident-radii" value={draft} aria-invalid={!draftOk} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="wall-btn" data-testid="incident-apply" disabled={!draftOk}>
            {m('incident.apply')}
          </button>
        </form>
        {!draftOk && <p class="wall-incident-error">{m('incident.badRadii')}</p>}
        <label>
          <span>{m('incident.type')}</span>
          <select data-testid="incident-type" value={state.type ?? ''} onChange={(e) => state.setType((e.target as HTMLSelectElement).value || null)}>
            <option value="">{m('incident.allTypes')}</option>
            {RESOURCE_TYPES.map((r) => (
              <option key={r.id} value={r.id}>
                {r[lang]}
              </option>
            ))}
          </select>
        </label>
        {rep && (
          <button type="button" class="wall-btn" data-testid="incident-print" onClick={() => window.print()}>
            {m('incident.print')}
          </button>
        )}
      </div>

      {state.ask && (
        <div class="wall-incident-ask" role="alertdialog" aria-labelledby="incident-ask-q" data-testid="incident-ask" data-id={state.ask.hazard.id}>
          <p id="incident-ask-q">{inc('inc.ask', { name: `${state.ask.hazard.enterprise_name ?? ''} ${state.ask.hazard.name}`.trim() })}</p>
          <button type="button" class="wall-btn on" data-testid="incident-ask-source" autoFocus onClick={() => state.answer(true)}>
            {inc('inc.askSource', { name: state.ask.hazard.name })}
          </button>
          <button type="button" class="wall-btn" data-testid="incident-ask-point" onClick={() => state.answer(false)}>
            {inc('inc.askPoint')}
          </button>
        </div>
      )}
      {!o && !state.ask && <p class="wall-note">{m('incident.pick')}</p>}
      {!o && !state.ask && <p class="wall-note no-print">{inc('inc.pipelinesShown')}</p>}
      {o && (
        <p class="wall-incident-origin" data-testid="incident-origin" data-lon={rep?.center.lon ?? o.lon} data-lat={rep?.center.lat ?? o.lat}>
          <b>{m('incident.origin')}：</b>
          {o.kind === 'hazard_source'
            ? m('incident.source', { name: `${rep?.hazard_source?.enterprise_name ?? ''} ${o.name}` })
            : o.kind === 'pipeline'
              ? inc('inc.pipeline', { name: o.name })
              : m('incident.point', { lon: o.lon.toFixed(5), lat: o.lat.toFixed(5) })}
          {o.kind === 'pipeline' && <PipelineFacts o={o} along={rep?.pipeline?.id === o.id ? rep.pipeline.along_m : null} />}
          {rep?.hazard_source?.major_grade && (
            <span
              class="wall-chip wall-chip-small"
              style={{ background: levelCss(rep.hazard_source.major_grade), color: levelTextCss(rep.hazard_source.major_grade) }}
            >
              {majorGradeName(rep.hazard_source.major_grade, lang)}
            </span>
          )}
        </p>
      )}
      {state.status === 'loading' && <p class="wall-note">{m('incident.loading')}</p>}
      {state.status === 'error' && (
        <p class="wall-incident-error" role="alert">
          {m('incident.error', { msg: state.error ?? '' })}
        </p>
      )}

      {rep && (
        <>
          <h3>{m('incident.rings')}</h3>
          <table class="wall-table wall-incident-rings" data-testid="incident-rings">
            <thead>
              <tr>
                <th />
                {PROTECTIVE_CLASSES.map((c) => (
                  <th key={c.id}>
                    <span class="wall-class-dot" style={{ background: rgbCss(c.rgb) }} />
                    {c[lang]}
                  </th>
                ))}
                <th>Σ</th>
              </tr>
            </thead>
            <tbody>
              {rep.rings.map((r) => (
                <tr key={r.radius_m} data-testid="incident-ring" data-radius={r.radius_m} data-count={r.count} data-population={r.population}>
                  <th>{m('incident.ring', { r: metres(r.radius_m, lang) })}</th>
                  {PROTECTIVE_CLASSES.map((c) => {
                    const x = r.by_class[c.id] ?? { count: 0, population: 0 }
                    return (
                      <td key={c.id} class={x.count ? '' : 'zero'}>
                        <div class="wall-num">{formatNumber(x.count, lang)}</div>
                        <div class="wall-sub">{m('incident.people', { n: formatNumber(x.population, lang) })}</div>
                      </td>
                    )
                  })}
                  <td>
                    <div class="wall-num">{formatNumber(r.count, lang)}</div>
                    <div class="wall-sub">{m('incident.people', { n: formatNumber(r.population, lang) })}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>{m('incident.resources')}</h3>
          {state.resources.length === 0 && <p class="wall-note">{m('incident.noResources')}</p>}
          <ol class="wall-incident-list" data-testid="incident-resources">
            {state.resources.map((r) => {
              const t = resourceTypeById(r.resource_type)
              return (
                <li key={r.id} data-testid="incident-resource" data-id={r.id} data-rank={r.rank}>
                  <span class="wall-rank">{r.rank}</span>
                  <ResourceBadge type={r.resource_type} size={wallPx(1.2)} />
                  <span class="wall-incident-name">
                    {r.name}
                    <span class="wall-sub">
                      {' '}
                      · {t?.[lang] ?? r.resource_type}
                      {r.duty_phone ? ` · ☎ ${r.duty_phone}` : ''}
                    </span>
                  </span>
                  <span class="wall-num">{metres(r.distance_m, lang)}</span>
                </li>
              )
            })}
          </ol>

          <h3>{m('incident.targets')}</h3>
          <ol class="wall-incident-list wall-incident-targets" data-testid="incident-targets">
            {rep.targets.slice(0, 12).map((t) => {
              const c = protectiveClassById(t.target_class)
              return (
                <li key={t.id}>
                  <span class="wall-class-dot" style={{ background: c ? rgbCss(c.rgb) : '#666' }} />
                  <span class="wall-incident-name">
                    {t.name}
                    <span class="wall-sub">
                      {' '}
                      · {c?.[lang]} · {m('incident.people', { n: formatNumber(t.population, lang) })}
                    </span>
                  </span>
                  <span class="wall-num">{metres(t.distance_m, lang)}</span>
                </li>
              )
            })}
          </ol>
          {rep.targets_total > targetsShown && (
            <p class="wall-note" data-testid="incident-targets-more">
              {m('incident.more', { n: formatNumber(rep.targets_total - targetsShown, lang) })}
            </p>
          )}
          <p class="wall-note print-only">{m('incident.printedAt', { t: new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) })}</p>
        </>
      )}
    </section>
  )
}
