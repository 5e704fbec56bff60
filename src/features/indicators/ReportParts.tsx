// The parts of the indicators report shared by #/indicators (its print layout) and the standalone
// #/indicators/report?area=…&year=…: the cards per indicator against their targets, the trends and
// the map by district (IndicatorsBody, the body both pages show).
import { formatNumber, type Lang } from '../../app/i18n.ts'
import type { useMessages } from '../../app/i18n.ts'
import type { IndicatorKey, IndicatorValue, OtherTarget, TrendRow } from '../../data/accidents.ts'
import type { MESSAGES } from './messages.ts'
import { TrendChart } from './Trend.tsx'
import { Choropleth } from './Choropleth.tsx'

export type M = ReturnType<typeof useMessages<typeof MESSAGES>>['m']
/** This Beijing year. */
export const thisYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
/** The trends start at the demo's first year: 临沂's base year (its 2015 cut against 2010). */
export const TREND_FIRST_YEAR = 2010
export const INDICATORS: readonly IndicatorKey[] = [
  'deaths_per_100m_gdp',
  'deaths_per_100k_imt_workers',
  'deaths_per_10k_vehicles',
  'deaths_per_10k_special_equipment',
  'accidents',
  'deaths',
  'larger_accidents',
]

/** The standalone report's address for an area and year. */
export function reportHash(area: string, year: number): string {
  return `#/indicators/report?${new URLSearchParams({ area, year: String(year) }).toString()}`
}

/** The area and year a report address asks for; null where missing or malformed (the page says so). */
export function reportParams(q: URLSearchParams, now: number = thisYear()): { area: string | null; year: number | null } {
  const area = q.get('area')
  const y = q.get('year')
  const year = y !== null && /^\d{4}$/.test(y) && Number(y) >= 1990 && Number(y) <= now ? Number(y) : null
  return { area: area && /^\d{6,12}$/.test(area) ? area : null, year }
}

/** One trend per indicator (the rows of indicator_trend), from `from` to this year. */
export function Trends({ trend, from, m, lang }: { trend: TrendRow[] | null; from: number; m: M; lang: Lang }) {
  return (
    <section class="trends" data-testid="trends" data-status={trend ? 'ok' : 'loading'}>
      <h3>{m('trend.title', { from, to: thisYear() })}</h3>
      <div class="trend-grid">
        {trend &&
          INDICATORS.map((k) => <TrendChart key={k} indicator={k} rows={trend.filter((r) => r.indicator === k)} title={m(`ind.${k}`)} m={m} lang={lang} />)}
      </div>
    </section>
  )
}

/** The other plans' targets of the card's indicator, each with its own threshold and status. */
function OtherTargets({ targets, value, fmt, m, lang }: { targets: OtherTarget[]; value: number | null; fmt: (n: number | null) => string; m: M; lang: Lang }) {
  return (
    <div class="other-targets small" data-testid="other-targets">
      <div class="others-head">{m('card.others', { n: targets.length })}</div>
      <ul>
        {targets.map((t) => (
          <li key={t.plan_code} data-plan={t.plan_code} data-status={t.status} class={`status-${t.status}`}>
            <span>{t.plan_name}</span>
            {t.borrowed_from && <span class="muted"> （{m('card.otherBorrowed')}）</span>}
            <span>
              {' '}
              {t.target_kind === 'reduction'
                ? m('card.reduction', { base: t.base_year ?? '', bv: fmt(t.base_value), pct: formatNumber(t.reduction_pct, lang, 1), t: fmt(t.target) })
                : m('card.cap', { t: fmt(t.target) })}
              {/* another denominator (operating vehicles) gives another value */}
              {t.value !== null && t.value !== value ? ` · ${m('card.value')} ${fmt(t.value)}` : ''}
            </span>
            <b> {m(`status.${t.status}`)}</b>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function IndicatorCard({ v, m, lang }: { v: IndicatorValue; m: M; lang: Lang }) {
  const rate = v.denominator_kind !== null
  const digits = rate ? 4 : 0
  const fmt = (n: number | null) => formatNumber(n, lang, digits)
  let target: string | null = null
  if (v.target_kind === 'cap') target = m('card.cap', { t: fmt(v.target) })
  else if (v.target_kind === 'reduction')
    target = m('card.reduction', {
      base: v.base_year ?? '',
      bv: fmt(v.base_value),
      pct: formatNumber(v.base_value && v.target !== null ? (1 - v.target / v.base_value) * 100 : null, lang, 1),
      t: fmt(v.target),
    })
  else if (v.target_kind === 'quota' && v.target)
    target = m('card.quota', { n: fmt(v.numerator), q: fmt(v.target), pct: formatNumber((v.numerator / v.target) * 100, lang, 0) })
  return (
    <article class={`indicator-card status-${v.status}`} data-testid="indicator-card" data-indicator={v.indicator} data-status={v.status}>
      <header>
        <h4>{m(`ind.${v.indicator}`)}</h4>
        <span class="indicator-status">{m(`status.${v.status}`)}</span>
      </header>
      <div class="indicator-value" data-testid="indicator-value">
        {fmt(v.value)}
      </div>
      <div class="muted small">
        {rate ? m('card.figures', { n: formatNumber(v.numerator, lang), d: formatNumber(v.denominator, lang, 2) }) : m('card.count', { n: fmt(v.numerator) })}
      </div>
      {target && (
        <div class="indicator-target">
          {m('card.target')}: {target}
        </div>
      )}
      {v.projected_value !== null && <div class="small">{m('card.projected', { v: fmt(v.projected_value) })}</div>}
      {v.plan_name && <div class="muted small">{m('card.plan', { plan: v.plan_name })}</div>}
      {v.borrowed_from && <div class="muted small borrowed">{m('card.borrowed', { from: v.borrowed_from })}</div>}
      {v.other_targets.length > 0 && <OtherTargets targets={v.other_targets} value={v.value} fmt={fmt} m={m} lang={lang} />}
    </article>
  )
}

/** What both pages show for an area and year: an error, the year-end projection, the cards, the trends and the map by district. */
export function IndicatorsBody(p: {
  error: string | null
  elapsed: number | null
  values: IndicatorValue[] | null
  trend: TrendRow[] | null
  area: string
  year: number
  m: M
  lang: Lang
}) {
  const { m, lang } = p
  return (
    <>
      {p.error && (
        <div class="form-error" data-testid="indicators-error">
          {m('page.error', { msg: p.error })}
        </div>
      )}
      {p.elapsed !== null && <p class="muted">{m('page.projection', { pct: formatNumber(p.elapsed * 100, lang, 1) })}</p>}
      <div class="indicator-cards">
        {p.values?.map((v) => (
          <IndicatorCard key={v.indicator} v={v} m={m} lang={lang} />
        ))}
      </div>
      <Trends trend={p.trend} from={TREND_FIRST_YEAR} m={m} lang={lang} />
      <Choropleth area={p.area} year={p.year} indicators={INDICATORS} name={(k) => m(`ind.${k}`)} m={m} lang={lang} />
    </>
  )
}
