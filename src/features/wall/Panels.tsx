// The wall's panels: figures only, every one visible without hovering, every colour with its name.
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useMessages, formatNumber } from '../../app/i18n.ts'
import { levelCss, levelTextCss, majorGradeName, RISK_LEVELS, MAJOR_GRADES } from '../../domain/levels.ts'
import { LISTING_LEVELS, RESOURCE_TYPES } from '../../domain/categories.ts'
import { ResourceBadge } from '../../layers/ui/symbols.tsx'
import { layerModule, layersFor } from '../../layers/registry.ts'
import { rgbCss, levelRgb } from '../../domain/levels.ts'
import { areaRiskSummary, type AreaRiskSummary } from '../../data/mapApi.ts'
import type { MajorDanger, WallSummary } from '../../data/wall.ts'
import { districtOf, type TickerItem } from './live.ts'
import type { District } from './wallMap.ts'
import { MESSAGES } from './messages.ts'

/** Pixels of `em` wall em (the wall's root size follows the canvas, see wall.css), for SVG symbols. */
export function wallPx(em: number): number {
  return Math.round(Math.max(20, Math.min(innerHeight * 0.016, innerWidth * 0.009)) * em)
}

function Bar({ value, max, css }: { value: number; max: number; css: string }) {
  const pct = max > 0 ? Math.max(value > 0 ? 1.5 : 0, (100 * value) / max) : 0
  return (
    <div class="wall-bar">
      <div class="wall-bar-fill" style={{ width: `${pct}%`, background: css }} />
    </div>
  )
}

/** `staleNote`: what is due again (StaleNote.tsx), on the major hazards' note line. */
export function FiguresLeft({ summary, staleNote }: { summary: WallSummary | null; staleNote?: ComponentChildren }) {
  const { m, lang } = useMessages(MESSAGES)
  const rp = summary?.risk_points
  const hs = summary?.hazard_sources
  const maxRp = rp ? Math.max(...Object.values(rp.by_level)) : 0
  const maxHs = hs ? Math.max(...Object.values(hs.by_grade)) : 0
  const er = summary?.emergency_resources ?? {}
  const erTotal = Object.values(er).reduce((a, b) => a + b, 0)
  return (
    <>
      <section class="wall-panel" data-testid="panel-risk-points">
        <h2>
          {m('panel.riskPoints')}{' '}
          <span class="wall-panel-total" data-testid="risk-total">
            {formatNumber(rp?.total, lang)}
          </span>
        </h2>
        {RISK_LEVELS.map((l) => (
          <div class="wall-row" key={l.level} data-testid={`risk-level-${l.level}`}>
            <span class="wall-chip" style={{ background: levelCss(l.level), color: levelTextCss(l.level) }}>
              {l[lang]}
            </span>
            <Bar value={rp?.by_level[String(l.level) as '1'] ?? 0} max={maxRp} css={levelCss(l.level)} />
            <span class="wall-num" data-testid={`risk-level-${l.level}-count`}>
              {formatNumber(rp?.by_level[String(l.level) as '1'], lang)}
            </span>
          </div>
        ))}
      </section>
      <section class="wall-panel" data-testid="panel-major-hazards">
        <h2>
          {m('panel.majorHazards')}{' '}
          <span class="wall-panel-total" data-testid="major-total">
            {formatNumber(hs?.major, lang)}
          </span>
        </h2>
        {MAJOR_GRADES.map((g) => (
          <div class="wall-row" key={g.grade} data-testid={`major-grade-${g.grade}`}>
            <span class="wall-chip wall-chip-grade" style={{ background: levelCss(g.grade), color: levelTextCss(g.grade) }}>
              ◆ {majorGradeName(g.grade, lang)}
            </span>
            <Bar value={hs?.by_grade[String(g.grade) as '1'] ?? 0} max={maxHs} css={levelCss(g.grade)} />
            <span class="wall-num" data-testid={`major-grade-${g.grade}-count`}>
              {formatNumber(hs?.by_grade[String(g.grade) as '1'], lang)}
            </span>
          </div>
        ))}
        <p class="wall-note">
          {m('panel.majorTotal', { n: formatNumber(hs?.major, lang), total: formatNumber(hs?.total, lang) })}
          {staleNote}
        </p>
      </section>
      <section class="wall-panel wall-panel-resources" data-testid="panel-resources">
        <h2>
          {m('panel.resources')} <span class="wall-panel-total">{formatNumber(erTotal, lang)}</span>
        </h2>
        <div class="wall-res-grid">
          {RESOURCE_TYPES.map((r) => (
            <div class="wall-res" key={r.id} data-testid={`resource-${r.id}`}>
              <ResourceBadge type={r.id} size={wallPx(1.3)} />
              <span class="wall-res-name">{r[lang]}</span>
              <span class="wall-num">{formatNumber(er[r.id] ?? 0, lang)}</span>
            </div>
          ))}
        </div>
      </section>
    </>
  )
}

export function FiguresRight({ summary, onPickMajor }: { summary: WallSummary | null; onPickMajor?: (d: MajorDanger) => void }) {
  const { m, lang } = useMessages(MESSAGES)
  const hd = summary?.hidden_dangers
  const rate = hd?.rectification_rate ?? null
  const tiles: { key: keyof NonNullable<typeof hd>; label: string; alarm: boolean }[] = [
    { key: 'open', label: m('panel.open'), alarm: false },
    { key: 'major_open', label: m('panel.majorOpen'), alarm: true },
    { key: 'overdue', label: m('panel.overdue'), alarm: true },
    { key: 'listed', label: m('panel.listed'), alarm: false },
  ]
  return (
    <>
      <section class="wall-panel" data-testid="panel-dangers">
        <h2>{m('panel.dangers')}</h2>
        <div class="wall-tiles">
          {tiles.map((t) => {
            const v = hd ? (hd[t.key] as number) : null
            return (
              <div class={`wall-tile ${t.alarm && v ? 'alarm' : ''}`} key={t.key} data-testid={`dangers-${t.key}`}>
                <div class="wall-tile-num">{formatNumber(v, lang)}</div>
                <div class="wall-tile-label">{t.label}</div>
              </div>
            )
          })}
        </div>
      </section>
      <section class="wall-panel wall-rate" data-testid="panel-rate">
        <h2>{m('panel.rate')}</h2>
        <div class="wall-rate-row">
          <Gauge value={rate} />
          <div>
            <div class="wall-rate-num" data-testid="rate-value">
              {rate === null ? '—' : `${(rate * 100).toFixed(1)}%`}
            </div>
            <div class="wall-note">{m('panel.rateNote', { closed: formatNumber(hd?.closed, lang), assessed: formatNumber(hd?.assessed, lang) })}</div>
          </div>
        </div>
      </section>
      <section class="wall-panel wall-panel-major" data-testid="panel-major-list">
        <h2>
          {m('panel.majorList')} <span class="wall-panel-total">{formatNumber(hd?.major_open, lang)}</span>
        </h2>
        {summary && summary.major_list.length === 0 && <p class="wall-note">{m('panel.majorNone')}</p>}
        <ol class="wall-major-list">
          {(summary?.major_list ?? []).map((d) => (
            <li
              key={d.id}
              class={d.overdue ? 'overdue' : ''}
              data-testid="major-item"
              data-id={d.id}
              role="button"
              tabIndex={0}
              title={m('panel.majorOpenCard')}
              onClick={() => onPickMajor?.(d)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onPickMajor?.(d)}
            >
              <span class="wall-major-title">{d.title}</span>
              <span class="wall-major-meta">
                {d.area_name ?? ''}
                {d.listing_level && <span class="wall-tag">{LISTING_LEVELS[d.listing_level][lang]}</span>}
                {d.overdue ? (
                  <span class="wall-tag wall-tag-alarm">{m('panel.overdueTag')}</span>
                ) : d.deadline ? (
                  <span>{m('panel.deadline', { d: d.deadline })}</span>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <section class="wall-panel wall-panel-chart" data-testid="panel-closures">
        <h2>
          {m('panel.closures', { n: summary?.closures_by_week.length ?? 12 })}{' '}
          <span class="wall-panel-total">
            {m('panel.closuresTotal', {
              n: formatNumber(
                summary?.closures_by_week.reduce((a, w) => a + w.closed, 0),
                lang,
              ),
            })}
          </span>
        </h2>
        <ClosureChart weeks={summary?.closures_by_week ?? []} lang={lang} />
      </section>
    </>
  )
}

function Gauge({ value }: { value: number | null }) {
  const r = 40
  const c = 2 * Math.PI * r
  const v = value ?? 0
  return (
    <svg class="wall-gauge" viewBox="0 0 100 100" aria-hidden="true">
      <circle cx="50" cy="50" r={r} fill="none" stroke="#1c2c44" stroke-width="14" />
      <circle cx="50" cy="50" r={r} fill="none" stroke="#43a047" stroke-width="14" stroke-dasharray={`${c * v} ${c}`} transform="rotate(-90 50 50)" />
    </svg>
  )
}

function useSize<T extends Element>(): [(el: T | null) => void, { w: number; h: number; em: number }] {
  const [size, setSize] = useState({ w: 0, h: 0, em: 16 })
  const [el, setEl] = useState<T | null>(null)
  useEffect(() => {
    if (!el) return
    const measure = () => {
      const r = el.getBoundingClientRect()
      setSize({ w: Math.round(r.width), h: Math.round(r.height), em: parseFloat(getComputedStyle(el).fontSize) || 16 })
    }
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    return () => ro.disconnect()
  }, [el])
  return [setEl, size]
}

/** Weekly closures as bars with their values written on them (nothing hidden behind a hover). Drawn
 * in CSS pixels of its box (measured), so text keeps its shape whatever the panel's proportions.
 * The last bar is the current week, still running: drawn hollow and labelled "so far", so a low
 * Monday figure does not read as a bad week. */
export function ClosureChart({ weeks, lang }: { weeks: { week_start: string; closed: number }[]; lang: 'zh' | 'en' }) {
  const { m } = useMessages(MESSAGES)
  const [ref, { w: W, h: H, em }] = useSize<HTMLDivElement>()
  const padB = em * 1.5
  const padT = em * 1.4
  const max = Math.max(1, ...weeks.map((w) => w.closed))
  const bw = weeks.length ? W / weeks.length : W
  // a date under every second bar, every third when the bars are narrow (20 px type on a 1080p wall)
  const step = bw < em * 2.4 ? 3 : 2
  return (
    <div class="wall-chart" ref={ref}>
      {W > 0 && H > 0 && (
        <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} data-testid="closures-chart" role="img">
          <line x1="0" x2={W} y1={H - padB} y2={H - padB} stroke="#3a5170" stroke-width="2" />
          {weeks.map((w, i) => {
            const h = ((H - padB - padT) * w.closed) / max
            const x = i * bw + bw * 0.15
            const d = new Date(`${w.week_start}T00:00:00`)
            const label = lang === 'zh' ? `${d.getMonth() + 1}/${d.getDate()}` : `${d.getDate()}/${d.getMonth() + 1}`
            const partial = i === weeks.length - 1
            return (
              <g key={w.week_start} data-testid="closures-bar" data-week={w.week_start} data-value={w.closed} data-partial={partial ? 'true' : 'false'}>
                <rect
                  x={x}
                  y={H - padB - h}
                  width={bw * 0.7}
                  height={Math.max(h, w.closed > 0 ? 2 : 0)}
                  fill={partial ? 'rgba(79,195,247,0.25)' : '#4fc3f7'}
                  stroke={partial ? '#4fc3f7' : 'none'}
                  stroke-width="2"
                  stroke-dasharray={partial ? '5 3' : undefined}
                  rx="3"
                />
                <text x={x + bw * 0.35} y={H - padB - h - em * 0.25} text-anchor="middle" class="wall-chart-val">
                  {w.closed}
                </text>
                {i % step === (weeks.length - 1) % step && (
                  <text x={partial ? W - 2 : x + bw * 0.35} y={H - em * 0.3} text-anchor={partial ? 'end' : 'middle'} class="wall-chart-lbl">
                    {partial ? m('panel.partialWeek') : label}
                  </text>
                )}
              </g>
            )
          })}
        </svg>
      )}
    </div>
  )
}

/** Per-district figures (area_risk_summary), refetched whenever the wall's figures change. */
export function DistrictTable({ districts, active, refresh }: { districts: District[]; active: string | null; refresh: string }) {
  const { m, lang } = useMessages(MESSAGES)
  const [rows, setRows] = useState<AreaRiskSummary[]>([])
  useEffect(() => {
    let alive = true
    areaRiskSummary('district', false).then(
      (r) => alive && setRows(r),
      () => undefined,
    )
    return () => {
      alive = false
    }
  }, [districts.length, refresh])
  return (
    <section class="wall-panel wall-panel-districts" data-testid="panel-districts">
      <h2>{m('panel.districts')}</h2>
      <table class="wall-table">
        <thead>
          <tr>
            <th>{m('panel.col.district')}</th>
            <th>
              <span class="wall-level-dot" style={{ background: levelCss(1) }} />
              {m('panel.col.red')}
            </th>
            <th>{m('panel.col.major')}</th>
            <th>{m('panel.col.open')}</th>
            <th>{m('panel.col.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const majors = r.major_hazards ? Object.values(r.major_hazards).reduce((a, b) => a + b, 0) : 0
            const name = lang === 'en' ? (r.name_en ?? r.name) : r.name
            // under the column's own heading "District" the English kind is said once: "Pengjiang",
            // not "Pengjiang District" (which pushed the overdue column out of a 1080p wall's panel)
            const shown = lang === 'en' ? name.replace(/ District$/, '') : name
            return (
              <tr key={r.code} class={r.code === active ? 'active' : ''}>
                <td>
                  <span class="wall-level-dot" style={{ background: r.level ? levelCss(r.level) : '#445' }} />
                  <span data-testid={`district-name-${r.code}`} title={name}>
                    {shown}
                  </span>
                </td>
                <td class="wall-num">{formatNumber(r.risk_points['1'], lang)}</td>
                <td class="wall-num">{formatNumber(majors, lang)}</td>
                <td class="wall-num">{formatNumber(r.hidden_dangers?.open, lang)}</td>
                <td class={`wall-num ${r.hidden_dangers?.overdue ? 'alarm' : ''}`}>{formatNumber(r.hidden_dangers?.overdue, lang)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

const KIND_RGB: Record<TickerItem['kind'], readonly [number, number, number]> = {
  new_major_danger: levelRgb(1),
  new_overdue: levelRgb(1),
  level_raised_red: levelRgb(1),
  danger_new: [79, 195, 247],
  danger_changed: [120, 144, 170],
  level_changed: [255, 140, 0],
}

/** The alert strip: each item says what changed (kind, level from → to), where (its district) and
 * when; a click flies the map there (`onPick`). */
export function Ticker({
  items,
  since,
  vertical = false,
  districts = [],
  onPick,
}: {
  items: TickerItem[]
  since: string | null
  vertical?: boolean
  districts?: District[]
  onPick?: (it: TickerItem) => void
}) {
  const { m, lang } = useMessages(MESSAGES)
  const chip = (level: number) => (
    <span class="wall-chip wall-chip-small" style={{ background: levelCss(level), color: levelTextCss(level) }}>
      {RISK_LEVELS[level - 1]?.[lang]}
    </span>
  )
  return (
    <section class={`wall-ticker ${vertical ? 'wall-ticker-vertical' : ''}`} data-testid="wall-ticker">
      <h2>{m('panel.ticker')}</h2>
      <ol class="wall-ticker-list">
        {items.length === 0 && (
          <li class="wall-ticker-empty">
            {m('panel.noAlerts', { t: since ? new Date(since).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '—' })}
          </li>
        )}
        {items.map((it) => {
          const alarm = it.kind === 'new_major_danger' || it.kind === 'new_overdue' || it.kind === 'level_raised_red'
          const d = districtOf(it.areaCode, districts)
          const where = d ? (lang === 'zh' ? d.name : d.nameEn) : null
          const levelShown = it.level && (it.kind === 'level_changed' || it.kind === 'level_raised_red')
          return (
            <li
              key={it.key}
              class={`wall-ticker-item ${alarm ? 'alarm' : ''}`}
              data-testid="ticker-item"
              data-kind={it.kind}
              data-key={it.key}
              style={{ borderColor: rgbCss(KIND_RGB[it.kind]) }}
              role="button"
              tabIndex={0}
              title={m('panel.tickerFly')}
              onClick={() => onPick?.(it)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onPick?.(it)}
            >
              <span class="wall-ticker-kind" style={{ background: rgbCss(KIND_RGB[it.kind]) }}>
                {m(`alert.${it.kind}`)}
              </span>
              <span class="wall-ticker-where" data-testid="ticker-where">
                {where && <span class="wall-ticker-place">{where}</span>}
                {levelShown && it.oldLevel && it.oldLevel !== it.level && (
                  <>
                    {chip(it.oldLevel)}
                    <span aria-hidden="true">→</span>
                  </>
                )}
                {levelShown && chip(it.level!)}
              </span>
              <span class="wall-ticker-time">
                {new Date(it.at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', hour12: false })}
              </span>
              <span class="wall-ticker-title">{it.title}</span>
            </li>
          )
        })}
      </ol>
    </section>
  )
}

const LEGEND_KEY = 'wall.legend'

/** Open by default only where the key sits beside the map (tablets, phones): on a wall (≥ 1280 px)
 * it lies over the map's lower right, and open it hid a whole district (台山) of a 1080p wall. */
function legendOpenAtStart(): boolean {
  try {
    const v = localStorage.getItem(LEGEND_KEY)
    if (v === 'open' || v === 'closed') return v === 'open'
  } catch {
    // private mode: the default
  }
  return typeof matchMedia === 'undefined' || !matchMedia('(min-width: 1280px)').matches
}

/** What the map's symbols mean, in a corner of the map (no hover needed): the wall's layers' legend
 * groups (src/layers/<name>/ui.tsx), then in incident mode the protective targets inside the rings.
 * Folded, it keeps the four risk colours and opens with one press (remembered on this screen); a
 * printout always has the whole key. */
export function MapLegend({ incident }: { incident: boolean }) {
  const { lang, t, m } = useMessages(MESSAGES)
  const [open, setOpen] = useState(legendOpenAtStart)
  const px = wallPx(0.68)
  const layers = [...layersFor('wall')].sort((a, b) => a.panelOrder - b.panelOrder)
  if (!layers.some((l) => l.key === 'protective_targets')) layers.push(layerModule('protective_targets'))
  const toggle = () => {
    setOpen(!open)
    try {
      localStorage.setItem(LEGEND_KEY, open ? 'closed' : 'open')
    } catch {
      // private mode: this page only
    }
  }
  return (
    <div class={`wall-legend ${open ? '' : 'wall-legend-folded'}`} data-testid="wall-legend" data-open={open ? '1' : '0'}>
      <div class="wall-legend-head">
        <button type="button" class="wall-legend-toggle" data-testid="wall-legend-toggle" aria-expanded={open} onClick={toggle}>
          {m('wall.legend')} {open ? '▾' : '▸'}
        </button>
        {!open &&
          RISK_LEVELS.map((l) => (
            <span key={l.level} class="wall-legend-item">
              <span class="sym sym-dot" style={{ width: `${px}px`, height: `${px}px`, background: levelCss(l.level) }} />
              {lang === 'zh' ? l.zh : l.en}
            </span>
          ))}
      </div>
      {layers.map((l) => {
        const e = l.ui.legend({ lang, t, audience: 'wall', wall: { incident } })
        return (
          e && (
            <div class="wall-legend-row" key={l.key}>
              <b>{e.title}</b>
              {e.blocks.flatMap((b) =>
                b.items.map((it) => (
                  <span key={it.key} class="wall-legend-item">
                    {it.symbol(px)}
                    {it.label}
                  </span>
                )),
              )}
            </div>
          )
        )
      })}
    </div>
  )
}
