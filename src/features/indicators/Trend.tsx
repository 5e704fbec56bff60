// The trend of each indicator over the years (small SVG multiples): the values as a line (a year
// without a value, e.g. no denominator, breaks it), the targets as short dashes, the base years of
// its reduction targets marked, and a mark where the series changes scope: a change recorded in
// indicator_scope_changes (江海区 counts business road deaths only from 2013), with its note as the
// mark's tooltip and under the chart, or its denominator changing (all vehicles → operating
// vehicles). Geometry from src/domain/accidentsMap.ts.
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { trendGeometry } from '../../domain/accidentsMap.ts'
import type { IndicatorKey, TrendRow } from '../../data/accidents.ts'

const W = 300
const H = 110
const PAD = 14

export const TREND_MESSAGES = {
  'trend.title': { zh: '历年趋势（{from}–{to}）', en: 'Trend ({from}–{to})' },
  'trend.base': { zh: '基准年', en: 'base year' },
  'trend.scope': { zh: '口径变化', en: 'scope change' },
  'trend.target': { zh: '目标', en: 'target' },
  'trend.partial': { zh: '本年截至今日', en: 'this year so far' },
  'trend.scopeNote': { zh: '{year} 年起分母由 {a} 改为 {b}', en: 'from {year} the denominator is {b} instead of {a}' },
  'trend.scopeYear': { zh: '{year} 年口径变化：{note}', en: 'Scope change in {year}: {note}' },
}

/** A year where a series changes scope: recorded (with its notes), its denominator changing, or both. */
export interface ScopeMark {
  year: number
  /** the denominators before and after, when it changes */
  from?: string
  to?: string
  /** the recorded change's notes (indicator_scope_changes) */
  note_zh?: string
  note_en?: string
}

/** The years where a series changes scope: a recorded change, or its denominator differing from the year before (both known). */
export function scopeChanges(rows: readonly TrendRow[]): ScopeMark[] {
  const s = [...rows].sort((a, b) => a.year - b.year)
  const out: ScopeMark[] = []
  for (let i = 0; i < s.length; i++) {
    const r = s[i]!
    const mark: ScopeMark = { year: r.year }
    const a = i > 0 ? s[i - 1]!.denominator_kind : null
    const b = r.denominator_kind
    if (a && b && a !== b) Object.assign(mark, { from: a, to: b })
    if (r.scope_note_zh) Object.assign(mark, { note_zh: r.scope_note_zh, note_en: r.scope_note_en ?? r.scope_note_zh })
    if (mark.from || mark.note_zh) out.push(mark)
  }
  return out
}

/** The base years of a series' reduction targets, earliest first. */
export function baseYearsOf(rows: readonly TrendRow[]): number[] {
  return [...new Set(rows.flatMap((r) => (r.base_year === null ? [] : [r.base_year])))].sort((a, b) => a - b)
}

export function TrendChart({
  indicator,
  rows,
  title,
  m,
  lang,
}: {
  indicator: IndicatorKey
  rows: readonly TrendRow[]
  title: string
  m: (k: keyof typeof TREND_MESSAGES, vars?: Record<string, string | number>) => string
  lang: Lang
}) {
  const s = [...rows].sort((a, b) => a.year - b.year)
  if (s.length === 0) return null
  const targets = s.filter((r) => r.target !== null).map((r) => Number(r.target))
  const g = trendGeometry(
    s.map((r) => ({ year: r.year, value: r.value === null ? null : Number(r.value) })),
    W,
    H,
    PAD,
    targets,
  )
  const scopes = scopeChanges(s)
  const baseYears = baseYearsOf(s)
  const scopeText = (c: ScopeMark) =>
    [c.note_zh ? (lang === 'zh' ? c.note_zh : c.note_en) : null, c.from ? m('trend.scopeNote', { year: c.year, a: c.from, b: c.to ?? '' }) : null]
      .filter(Boolean)
      .join(lang === 'zh' ? '；' : '; ')
  const digits = s.some((r) => r.denominator_kind) ? 3 : 0
  const last = [...s].reverse().find((r) => r.value !== null)
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
  return (
    <figure class="trend" data-testid="trend" data-trend={indicator}>
      <figcaption>
        <span>{title}</span>
        {last && (
          <b>
            {last.year}
            {last.year === thisYear ? (lang === 'zh' ? `（${m('trend.partial')}）` : ` (${m('trend.partial')})`) : ''}:{' '}
            {formatNumber(Number(last.value), lang, digits)}
          </b>
        )}
      </figcaption>
      <svg width={W} height={H + 14} viewBox={`0 0 ${W} ${H + 14}`} role="img" aria-label={title}>
        <line x1={PAD} x2={W - PAD} y1={g.y(0)} y2={g.y(0)} class="trend-axis" />
        {baseYears
          .filter((y) => y >= s[0]!.year && y <= s[s.length - 1]!.year)
          .map((y) => (
            <g key={`b${y}`} data-testid="trend-base" data-year={y}>
              <line x1={g.x(y)} x2={g.x(y)} y1={PAD - 6} y2={g.y(0)} class="trend-base" />
              <text x={g.x(y) + 3} y={PAD - 2} class="trend-label">
                {m('trend.base')}
              </text>
            </g>
          ))}
        {scopes.map((c) => {
          const x = (g.x(c.year - 1) + g.x(c.year)) / 2
          return (
            <g key={c.year} data-testid="trend-scope" data-year={c.year} data-recorded={c.note_zh ? 'true' : 'false'}>
              <title>{scopeText(c)}</title>
              <line x1={x} x2={x} y1={PAD - 6} y2={g.y(0)} class="trend-scope" />
              <text x={x + 3} y={g.y(0) - 4} class="trend-label trend-scope-label">
                {m('trend.scope')}
              </text>
            </g>
          )
        })}
        {s
          .filter((r) => r.target !== null)
          .map((r) => (
            <line key={`t${r.year}`} x1={g.x(r.year) - 7} x2={g.x(r.year) + 7} y1={g.y(Number(r.target))} y2={g.y(Number(r.target))} class="trend-target">
              <title>{`${m('trend.target')} ${r.year}: ${formatNumber(Number(r.target), lang, digits)}`}</title>
            </line>
          ))}
        {g.paths.map((d, i) => (
          <path key={i} d={d} class="trend-line" />
        ))}
        {g.dots.map((d) => {
          const r = s.find((x) => x.year === d.year)!
          return (
            <circle
              key={d.year}
              cx={d.x}
              cy={d.y}
              r={3}
              class={`trend-dot status-${r.status}${d.year === thisYear ? ' trend-partial' : ''}`}
              data-year={d.year}
              data-value={d.value}
            >
              <title>{`${d.year}: ${formatNumber(d.value, lang, digits)}${d.year === thisYear ? ` (${m('trend.partial')})` : ''}`}</title>
            </circle>
          )
        })}
        {[s[0]!.year, s[s.length - 1]!.year].map((y) => (
          <text key={y} x={g.x(y)} y={H + 10} class="trend-year" text-anchor={y === s[0]!.year ? 'start' : 'end'}>
            {y}
          </text>
        ))}
      </svg>
      {scopes.some((c) => c.note_zh) && (
        <ul class="trend-notes" data-testid="trend-notes">
          {scopes
            .filter((c) => c.note_zh)
            .map((c) => (
              <li key={c.year} data-year={c.year}>
                {m('trend.scopeYear', { year: c.year, note: (lang === 'zh' ? c.note_zh : c.note_en) ?? '' })}
              </li>
            ))}
        </ul>
      )}
    </figure>
  )
}
