// A 24-hour sparkline of one channel from its 1-minute / 1-hour aggregates: the min–max band, the
// mean line, and the channel's thresholds as dashed lines (H/L orange, HH/LL red). Plain SVG.
import type { SparkPoint } from '../../data/monitoring.ts'

export interface Thresholds {
  ll: number | null
  l: number | null
  h: number | null
  hh: number | null
}

const TH_KEYS: readonly (keyof Thresholds)[] = ['ll', 'l', 'h', 'hh']

export interface SparkGeometry {
  /** the y range drawn */
  lo: number
  hi: number
  band: string
  line: string
  thresholds: { key: keyof Thresholds; y: number }[]
}

/** Paths of a sparkline in a w×h box for [from, to]; thresholds inside the instrument range are drawn and kept in view. Pure. */
export function sparkGeometry(
  pts: readonly SparkPoint[],
  th: Thresholds,
  range: [number, number],
  from: number,
  to: number,
  w: number,
  h: number,
): SparkGeometry {
  // only the four thresholds (a channel row passed as `th` carries more numbers)
  const ths = TH_KEYS.map((k) => [k, th[k]] as [keyof Thresholds, number | null]).filter(
    (e): e is [keyof Thresholds, number] => e[1] !== null && e[1] >= range[0] && e[1] <= range[1],
  )
  const vals = [...pts.flatMap((p) => [p.min, p.max]), ...ths.map((e) => e[1])]
  let lo = vals.length ? Math.min(...vals) : range[0]
  let hi = vals.length ? Math.max(...vals) : range[1]
  if (hi - lo < 1e-9) {
    lo -= 1
    hi += 1
  }
  const pad = (hi - lo) * 0.06
  lo -= pad
  hi += pad
  const x = (t: number) => ((Math.min(to, Math.max(from, t)) - from) / (to - from)) * w
  const y = (v: number) => h - ((v - lo) / (hi - lo)) * h
  const f = (n: number) => n.toFixed(1)
  const line = pts.map((p, i) => `${i ? 'L' : 'M'}${f(x(p.t))},${f(y(p.mean))}`).join('')
  const band = pts.length
    ? `M${pts.map((p) => `${f(x(p.t))},${f(y(p.max))}`).join('L')}L${[...pts]
        .reverse()
        .map((p) => `${f(x(p.t))},${f(y(p.min))}`)
        .join('L')}Z`
    : ''
  return { lo, hi, band, line, thresholds: ths.map(([key, v]) => ({ key, y: y(v) })) }
}

const TH_COLOUR: Record<keyof Thresholds, string> = { hh: '#e60012', ll: '#e60012', h: '#ff8c00', l: '#ff8c00' }

export function Sparkline({
  pts,
  th,
  range,
  now,
  width = 140,
  height = 32,
  label,
}: {
  pts: readonly SparkPoint[]
  th: Thresholds
  range: [number, number]
  now: number
  width?: number
  height?: number
  label: string
}) {
  const g = sparkGeometry(pts, th, range, now - 24 * 3600_000, now, width, height)
  return (
    <svg class="mon-spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="mon-spark">
      <rect x="0" y="0" width={width} height={height} fill="#f6f8fb" />
      {g.thresholds.map((t) => (
        <line key={t.key} x1="0" x2={width} y1={t.y} y2={t.y} stroke={TH_COLOUR[t.key]} stroke-width="1" stroke-dasharray="3 2" data-threshold={t.key} />
      ))}
      {g.band && <path d={g.band} fill="#1565c033" stroke="none" />}
      {g.line && <path d={g.line} fill="none" stroke="#1565c0" stroke-width="1.4" stroke-linejoin="round" />}
    </svg>
  )
}
