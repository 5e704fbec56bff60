// Screen-space label collision, pure (unit-tested): labels are taken in priority order and one is
// kept only when its box overlaps none kept before it (a greedy filter, like MapLibre's symbol
// placement without the variable anchors). Positions are Web-Mercator pixels at a zoom, so the
// result depends on the zoom only, not on panning: it is recomputed when the zoom changes.
import { TILE_SIZE } from './viewport.ts'

export interface Box {
  /** left, top, right, bottom in pixels */
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Web-Mercator pixel coordinates of lon/lat at a MapLibre zoom (512-px tiles). */
export function mercatorPx(lon: number, lat: number, zoom: number): [number, number] {
  const size = TILE_SIZE * 2 ** zoom
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180)
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size]
}

/** An estimate of a label's width in pixels: CJK characters one em, others about 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e80 ? 1 : 0.6
  return w * fontSize
}

/** The box of a text at pixel (x, y) with deck.gl TextLayer anchoring (alignment baseline 'center'
 * or 'top': the text's middle or its top at y + offset). */
export function textBox(
  x: number,
  y: number,
  text: string,
  fontSize: number,
  anchor: 'start' | 'middle' | 'end' = 'middle',
  offset: [number, number] = [0, 0],
  baseline: 'center' | 'top' = 'center',
): Box {
  const w = textWidth(text, fontSize)
  const h = fontSize * 1.2
  const left = x + offset[0] - (anchor === 'middle' ? w / 2 : anchor === 'end' ? w : 0)
  const top = y + offset[1] - (baseline === 'top' ? 0 : h / 2)
  return { x0: left, y0: top, x1: left + w, y1: top + h }
}

/** Whether two boxes overlap (touching edges do not). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

/**
 * Labels that must all be drawn (warnings): each in turn, most important first, is kept where it
 * is or moved down by its own height (plus `padding`) until it overlaps none placed before it, at
 * most `maxSteps` times. Returns each item's vertical shift in pixels (0: where it was), in the
 * input's order, and the boxes as placed (for greedyPlace's `occupied`).
 */
export function stackPlace<T>(items: readonly T[], boxOf: (d: T) => Box, padding = 2, maxSteps = 8): { dy: number[]; boxes: Box[] } {
  const boxes: Box[] = []
  const dy: number[] = []
  for (const d of items) {
    const b0 = boxOf(d)
    const step = b0.y1 - b0.y0 + padding
    let shift = 0
    let b = b0
    for (let i = 0; i < maxSteps; i++) {
      const inflated = { x0: b.x0 - padding / 2, y0: b.y0 - padding / 2, x1: b.x1 + padding / 2, y1: b.y1 + padding / 2 }
      if (!boxes.some((o) => boxesOverlap(o, inflated))) break
      shift += step
      b = { x0: b0.x0, y0: b0.y0 + shift, x1: b0.x1, y1: b0.y1 + shift }
    }
    dy.push(shift)
    boxes.push(b)
  }
  return { dy, boxes }
}

/**
 * The items whose boxes can be drawn without overlapping, most important first (lower priority
 * value wins; equal priorities keep the input order). `padding` pixels are kept between labels.
 * Items whose box is null are dropped. Boxes in `occupied` (labels drawn anyway, e.g. warnings) are
 * taken before any item. Returns the kept items in priority order.
 */
export function greedyPlace<T>(items: readonly T[], boxOf: (d: T) => Box | null, priority: (d: T) => number, padding = 2, occupied: readonly Box[] = []): T[] {
  const order = items.map((d, i) => ({ d, i, p: priority(d) })).sort((a, b) => a.p - b.p || a.i - b.i)
  const CELL = 64
  const grid = new Map<string, Box[]>()
  for (const o of occupied) {
    for (let gx = Math.floor(o.x0 / CELL); gx <= Math.floor(o.x1 / CELL); gx++) {
      for (let gy = Math.floor(o.y0 / CELL); gy <= Math.floor(o.y1 / CELL); gy++) {
        const k = `${gx},${gy}`
        const cell = grid.get(k)
        if (cell) cell.push(o)
        else grid.set(k, [o])
      }
    }
  }
  const kept: T[] = []
  for (const { d } of order) {
    const b0 = boxOf(d)
    if (!b0) continue
    const b = { x0: b0.x0 - padding / 2, y0: b0.y0 - padding / 2, x1: b0.x1 + padding / 2, y1: b0.y1 + padding / 2 }
    const gx0 = Math.floor(b.x0 / CELL)
    const gx1 = Math.floor(b.x1 / CELL)
    const gy0 = Math.floor(b.y0 / CELL)
    const gy1 = Math.floor(b.y1 / CELL)
    let hit = false
    for (let gx = gx0; gx <= gx1 && !hit; gx++) {
      for (let gy = gy0; gy <= gy1 && !hit; gy++) {
        const cell = grid.get(`${gx},${gy}`)
        if (cell) hit = cell.some((o) => o.x0 < b.x1 && b.x0 < o.x1 && o.y0 < b.y1 && b.y0 < o.y1)
      }
    }
    if (hit) continue
    kept.push(d)
    for (let gx = gx0; gx <= gx1; gx++) {
      for (let gy = gy0; gy <= gy1; gy++) {
        const k = `${gx},${gy}`
        const cell = grid.get(k)
        if (cell) cell.push(b)
        else grid.set(k, [b])
      }
    }
  }
  return kept
}
