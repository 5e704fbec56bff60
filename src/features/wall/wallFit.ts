// Fitting the city to the wall map's actual box (issue 21): the panels over the map (the layer
// presets down its left edge, the zoom buttons, the vehicle alerts along its top …) take bands of
// it, and the city is fitted into what is left. A panel is avoided by the band of the side where it
// costs the least (its right edge's distance from the box's left, its top's from the box's bottom,
// …); a panel that would cost more than `maxShare` of the box's width or height (the key, the
// indicators, in a corner of a 1080p wall) is drawn over the map, not avoided: fitting the city
// beside it would make the city smaller than the panel hides. Pure (unit-tested).

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
export function fitPadding(box: Rect, panels: readonly Rect[], base: number, aspect?: number, maxShare = 0.25): Padding {
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
  return { left, top, right, bottom }
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
