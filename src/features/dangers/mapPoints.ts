// The list's dangers as the typed arrays the shared hidden-danger map layer draws: the same
// icons as the one map (triangle coloured by status, red outline when overdue, larger when
// major). Lowest code (overdue major) drawn last, i.e. on top. Pure.
import type { DangerStatus } from '../../domain/categories.ts'
import { encodeDangerCode } from '../../contract/points.ts'
import type { PointAttributes } from '../../map/pointAttributes.ts'
import { DANGER_STYLE } from '../../layers/hiddenDangers/index.ts'

export interface DangerPoint {
  lon: number
  lat: number
  status: DangerStatus
  overdue: boolean
  severity: string | null
}

export function dangerAttributes(points: readonly DangerPoint[], sizeBoost = 1): PointAttributes {
  const items = points
    .filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat))
    .map((p) => ({ p, code: encodeDangerCode(p.status, p.overdue, p.severity === 'major') }))
    .sort((a, b) => b.code - a.code)
  const n = items.length
  const positions = new Float32Array(n * 2)
  const colours = new Uint8Array(n * 4)
  const sizes = new Float32Array(n)
  const codes = new Uint8Array(n)
  const counts = new Uint8Array(n).fill(1)
  const { colourByCode, sizeByCount, sizeScaleByCode } = DANGER_STYLE
  items.forEach(({ p, code }, i) => {
    positions[i * 2] = p.lon
    positions[i * 2 + 1] = p.lat
    colours.set(colourByCode.subarray(code * 4, code * 4 + 4), i * 4)
    sizes[i] = sizeByCount[1]! * (sizeScaleByCode ? sizeScaleByCode[code]! : 1) * sizeBoost
    codes[i] = code
  })
  return { length: n, positions, colours, sizes, codes, counts }
}

/** [west, south, east, north] around the points, padded; null when there are none. */
export function pointsBounds(points: readonly { lon: number; lat: number }[], padDeg = 0.01): [number, number, number, number] | null {
  const ok = points.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat))
  if (!ok.length) return null
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity
  for (const p of ok) {
    w = Math.min(w, p.lon)
    e = Math.max(e, p.lon)
    s = Math.min(s, p.lat)
    n = Math.max(n, p.lat)
  }
  return [w - padDeg, s - padDeg, e + padDeg, n + padDeg]
}
