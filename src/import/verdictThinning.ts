// Which of the verdict map's dots to draw in the current view. Every dot handed to deck.gl costs
// vertex work on every frame, in view or not — seconds a frame at 100,000 rows without a GPU
// (bench:verdict-map). So the map draws only the dots near the view, and of the dots that would
// fall on the same few screen pixels only the top one (the arrays are in drawing order, errors
// last, so the last one wins): what is drawn looks the same, the rest would be hidden under it.
// Pure: positions in, indices out.

/** dots closer than this on screen are one dot (a dot is 8 px wide) */
export const THIN_CELL_PX = 2

export interface ViewWindow {
  west: number
  south: number
  east: number
  north: number
  /** MapLibre's zoom (512 px tiles) */
  zoom: number
}

const mercX = (lng: number) => (lng + 180) / 360
const mercY = (lat: number) => {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180)
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)
}

/** The indices (ascending, so drawing order holds) of the dots inside `view` to draw, one per
 * `cellPx` square of screen pixels at the view's zoom. */
export function visibleDots(positions: ArrayLike<number>, length: number, view: ViewWindow, cellPx = THIN_CELL_PX): Uint32Array {
  const world = 512 * 2 ** view.zoom
  const x0 = mercX(view.west) * world
  const y0 = mercY(view.north) * world
  const across = Math.ceil((mercX(view.east) * world - x0) / cellPx) + 1
  const top = new Map<number, number>()
  for (let i = 0; i < length; i++) {
    const lng = positions[i * 2]!
    const lat = positions[i * 2 + 1]!
    if (!(lng >= view.west && lng <= view.east && lat >= view.south && lat <= view.north)) continue
    const cx = Math.floor((mercX(lng) * world - x0) / cellPx)
    const cy = Math.floor((mercY(lat) * world - y0) / cellPx)
    top.set(cy * across + cx, i)
  }
  return Uint32Array.from(top.values()).sort()
}

/** The view's bounds widened by `margin` of its width and height on each side (a pan of up to
 * that much shows dots before the next choice is made). */
export function widen(b: { west: number; south: number; east: number; north: number }, margin = 1): Omit<ViewWindow, 'zoom'> {
  const w = (b.east - b.west) * margin
  const h = (b.north - b.south) * margin
  return { west: Math.max(-180, b.west - w), south: Math.max(-85.05, b.south - h), east: Math.min(180, b.east + w), north: Math.min(85.05, b.north + h) }
}
