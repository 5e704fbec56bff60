// Fitting the city to the wall map's actual box (issue 21): the panels over the map (the layer
// presets down its left edge, the zoom buttons, the vehicle alerts along its top …) take bands of
// it, and the city is fitted into what is left. A panel is avoided by the band of the side where it
// costs the least (its right edge's distance from the box's left, its top's from the box's bottom,
// …); a panel that would cost more than `maxShare` of the box's width or height (the key, the
// indicators, in a corner of a 1080p wall) is drawn over the map, not avoided: fitting the city
// beside it would make the city smaller than the panel hides. Pure (unit-tested).
//
// With the city's land (its districts' outlines, `land`), a fit is checked against it: the bbox's
// corner under a large panel is mostly sea on this coast, yet 台山's islands reach into it. When a
// panel would cover land at the fitted view, the city is moved within the room the bands leave
// (nearest the centred place first), and only then made smaller, down to `minScale` of its size;
// if no such fit clears the land, the plain fit stands (the panel is drawn over, as before).
import { pointInRing } from '../../geo/ring.ts'

export interface Rect {
  left: number
  top: number
  right: number
  bottom: number
}

export interface Padding {
  left: number
  top: number
  right: number
  bottom: number
}

/**
 * The padding for fitting content of `aspect` (width / height in pixels) into `box`: clear of the
 * panels' bands, and then as centred in the box as those allow (the content fitted into the padded
 * box leaves room along one axis: it is moved back toward the box's middle, so a band on the left
 * does not push the city under a large panel on the right). Without `aspect`, the bands only.
 */
export function fitPadding(box: Rect, panels: readonly Rect[], base: number, aspect?: number, maxShare = 0.25, land?: Outline, minScale = 0.8): Padding {
  const pad = bandPadding(box, panels, base, maxShare)
  const w = box.right - box.left
  const h = box.bottom - box.top
  if (!aspect || !(aspect > 0) || w <= 0 || h <= 0) return pad
  const aw = w - pad.left - pad.right
  const ah = h - pad.top - pad.bottom
  if (aw <= 0 || ah <= 0) return pad
  // the content's size fitted into the padded box
  const cw = Math.min(aw, ah * aspect)
  const ch = cw / aspect
  const centre = (size: number, c: number, lo: number, hi: number): [number, number] => {
    const s = Math.min(Math.max((size - c) / 2, lo), size - hi - c)
    return [s, size - s - c]
  }
  const [left, right] = centre(w, cw, pad.left, pad.right)
  const [top, bottom] = centre(h, ch, pad.top, pad.bottom)
  const plain = { left, top, right, bottom }
  if (!land?.length) return plain
  // the panels' parts over the box, in the box's pixels
  const over: Rect[] = []
  for (const r of panels) {
    const o = {
      left: Math.max(r.left, box.left) - box.left,
      top: Math.max(r.top, box.top) - box.top,
      right: Math.min(r.right, box.right) - box.left,
      bottom: Math.min(r.bottom, box.bottom) - box.top,
    }
    if (o.right > o.left && o.bottom > o.top) over.push(o)
  }
  const rings = prepare(land)
  const clear = (x: number, y: number, sw: number, sh: number) => !panelsMeet(rings, over, x, y, sw, sh)
  if (clear(left, top, cw, ch)) return plain
  const STEPS = 16
  for (let k = 0; 1 - k * 0.02 >= minScale - 1e-9; k++) {
    const s = 1 - k * 0.02
    const sw = cw * s
    const sh = ch * s
    // where the content can go, clear of the bands, and its centred place there
    const [x0, x1] = [pad.left, w - pad.right - sw]
    const [y0, y1] = [pad.top, h - pad.bottom - sh]
    if (x1 < x0 - 1e-9 || y1 < y0 - 1e-9) continue
    const cx = Math.min(Math.max((w - sw) / 2, x0), x1)
    const cy = Math.min(Math.max((h - sh) / 2, y0), y1)
    const places: [number, number][] = []
    for (let i = 0; i <= STEPS; i++) for (let j = 0; j <= STEPS; j++) places.push([x0 + ((x1 - x0) * i) / STEPS, y0 + ((y1 - y0) * j) / STEPS])
    places.push([cx, cy])
    places.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy))
    for (const [x, y] of places) if (clear(x, y, sw, sh)) return { left: x, top: y, right: w - x - sw, bottom: h - y - sh }
  }
  return plain
}

/** Whether a panel over `box` covers any of the land with the content fitted into `padding`
 *  (the content filling the padded box exactly, as `fitPadding`'s answer with `aspect` does). */
export function coversLand(box: Rect, panels: readonly Rect[], padding: Padding, land: Outline): boolean {
  const over = panels.map((r) => ({ left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top }))
  const sw = box.right - box.left - padding.left - padding.right
  const sh = box.bottom - box.top - padding.top - padding.bottom
  return sw > 0 && sh > 0 && panelsMeet(prepare(land), over, padding.left, padding.top, sw, sh)
}

function panelsMeet(rings: readonly Ring[], over: readonly Rect[], x: number, y: number, sw: number, sh: number): boolean {
  return over.some((r) => ringsMeet(rings, { left: (r.left - x) / sw, top: (r.top - y) / sh, right: (r.right - x) / sw, bottom: (r.bottom - y) / sh }))
}

/** The city's land: outer rings in the fitted box's unit square, x 0 (west) → 1 (east), y 0
 *  (north) → 1 (south), in Web Mercator. */
export type Outline = readonly (readonly (readonly [number, number])[])[]

interface Ring {
  pts: readonly (readonly [number, number])[]
  bbox: Rect
}

function prepare(land: Outline): Ring[] {
  const out: Ring[] = []
  for (const pts of land) {
    if (pts.length < 3) continue
    let left = Infinity
    let top = Infinity
    let right = -Infinity
    let bottom = -Infinity
    for (const [x, y] of pts) {
      left = Math.min(left, x)
      right = Math.max(right, x)
      top = Math.min(top, y)
      bottom = Math.max(bottom, y)
    }
    out.push({ pts, bbox: { left, top, right, bottom } })
  }
  return out
}

/** Whether any ring (a polygon's area, not only its line) meets the rectangle. */
function ringsMeet(rings: readonly Ring[], r: Rect): boolean {
  for (const { pts, bbox } of rings) {
    if (bbox.right < r.left || bbox.left > r.right || bbox.bottom < r.top || bbox.top > r.bottom) continue
    // the rectangle wholly inside the polygon
    if (pointInRing(pts, (r.left + r.right) / 2, (r.top + r.bottom) / 2)) return true
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) if (segmentMeetsRect(pts[j]!, pts[i]!, r)) return true
  }
  return false
}

/** Liang–Barsky: whether the segment a–b has a point inside the rectangle. */
function segmentMeetsRect(a: readonly [number, number], b: readonly [number, number], r: Rect): boolean {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  let t0 = 0
  let t1 = 1
  for (const [p, q] of [
    [-dx, a[0] - r.left],
    [dx, r.right - a[0]],
    [-dy, a[1] - r.top],
    [dy, r.bottom - a[1]],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false
    } else {
      const t = q / p
      if (p < 0) t0 = Math.max(t0, t)
      else t1 = Math.min(t1, t)
      if (t0 > t1) return false
    }
  }
  return true
}

function bandPadding(box: Rect, panels: readonly Rect[], base: number, maxShare: number): Padding {
  const w = box.right - box.left
  const h = box.bottom - box.top
  const pad: Padding = { left: base, top: base, right: base, bottom: base }
  if (w <= 0 || h <= 0) return pad
  for (const r of panels) {
    // the part of the panel over the box
    const x0 = Math.max(r.left, box.left)
    const x1 = Math.min(r.right, box.right)
    const y0 = Math.max(r.top, box.top)
    const y1 = Math.min(r.bottom, box.bottom)
    if (x1 <= x0 || y1 <= y0) continue
    const bands: [keyof Padding, number, number][] = [
      ['left', x1 - box.left, w],
      ['right', box.right - x0, w],
      ['top', y1 - box.top, h],
      ['bottom', box.bottom - y0, h],
    ]
    const [side, px] = bands.reduce((a, b) => (b[1] / b[2] < a[1] / a[2] ? b : a))
    if (px / (side === 'left' || side === 'right' ? w : h) > maxShare) continue
    pad[side] = Math.max(pad[side], px + base / 2)
  }
  // never less than half the box left for the city
  for (const [a, b, size] of [['left', 'right', w] as const, ['top', 'bottom', h] as const]) {
    const sum = pad[a] + pad[b]
    if (sum > size / 2) {
      const k = size / 2 / sum
      pad[a] *= k
      pad[b] *= k
    }
  }
  return pad
}
