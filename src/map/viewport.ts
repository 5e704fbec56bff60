// Viewport arithmetic, pure (unit-tested). MapLibre zoom is based on 512-px tiles.
import type { Bbox } from '../contract/rows.ts'

const EARTH_CIRCUMFERENCE_M = 40075016.686
export const TILE_SIZE = 512

/** Metres per CSS pixel at a latitude and MapLibre zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (TILE_SIZE * 2 ** zoom)
}

/** The click radius for feature_at: `px` screen pixels in metres (clamped to 1 m .. 20 km). */
export function clickRadiusMetres(lat: number, zoom: number, px = 8): number {
  return Math.min(20000, Math.max(1, px * metresPerPixel(lat, zoom)))
}

export function clampBbox(b: Bbox): Bbox {
  const w = Math.max(-180, Math.min(180, b[0]))
  const e = Math.max(-180, Math.min(180, b[2]))
  const s = Math.max(-85.05, Math.min(85.05, b[1]))
  const n = Math.max(-85.05, Math.min(85.05, b[3]))
  return [Math.min(w, e), Math.min(s, n), Math.max(w, e), Math.max(s, n)]
}

/** Grows a bbox by `fraction` of its size on every side (clamped). */
export function padBbox(b: Bbox, fraction: number): Bbox {
  const dx = (b[2] - b[0]) * fraction
  const dy = (b[3] - b[1]) * fraction
  return clampBbox([b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy])
}

export function bboxContains(outer: Bbox, inner: Bbox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3]
}

export function bboxIntersects(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/** Rounds a bbox outward to `step` degrees so that equal views ask equal questions. */
export function snapBbox(b: Bbox, step: number): Bbox {
  const f = (v: number, up: boolean) => Number(((up ? Math.ceil(v / step) : Math.floor(v / step)) * step).toFixed(9))
  return clampBbox([f(b[0], false), f(b[1], false), f(b[2], true), f(b[3], true)])
}

/**
 * Whether a loaded point layer still serves the view: the view lies inside what was fetched and the
 * zoom moved less than half a level (the server bins by zoom, ~2 px per cell).
 */
export function coverStillValid(loaded: { bbox: Bbox; zoom: number } | null, view: Bbox, zoom: number, zoomTolerance = 0.5): boolean {
  return !!loaded && bboxContains(loaded.bbox, view) && Math.abs(loaded.zoom - zoom) < zoomTolerance
}

/** Which area levels to draw at a zoom: districts always, streets and grids closer in. */
export function areaLevelsForZoom(zoom: number): ('district' | 'street' | 'grid')[] {
  const out: ('district' | 'street' | 'grid')[] = ['district']
  if (zoom >= 11) out.push('street')
  if (zoom >= 13.5) out.push('grid')
  return out
}

/**
 * Symbols shrink at city zoom, where cells are a few pixels apart, reach full size by zoom 12,
 * and keep growing a little when there is room (easier to hit with a click).
 */
export function symbolScale(zoom: number): number {
  if (zoom <= 12) return Math.max(0.5, 0.5 + (zoom - 8.5) * (0.5 / 3.5))
  return Math.min(1.5, 1 + (zoom - 12) * 0.125)
}

/**
 * The radius scale of the point dots (risk points, protective targets): as symbolScale up to
 * zoom 12, then growing faster, so that single points are easy to see and hit at street zoom
 * (×2.4 at z16, at most ×2.8).
 */
export function pointRadiusScale(zoom: number): number {
  if (zoom <= 12) return symbolScale(zoom)
  return Math.min(2.8, 1 + (zoom - 12) * 0.35)
}
