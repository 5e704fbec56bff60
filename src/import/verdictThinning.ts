// From which zoom each of the verdict map's dots is drawn. The map draws the dots as a MapLibre
// GeoJSON circle layer (tiled in a worker, only the tiles in view are drawn); without a GPU every
// drawn circle still costs vertex and pixel work each frame (bench:verdict-map). Of dots that would
// fall on the same couple of screen pixels only the top one can be seen (the arrays are in drawing
// order, errors last, so the last one is on top), so each dot gets the lowest tile zoom at which no
// later dot shares its cell; the layer's filter leaves it out of the tiles below that zoom. What is
// drawn looks the same, the dots left out would be hidden under another.
// Pure: positions in, zooms out.

/** dots closer than this on screen are one dot (a dot is 8 px wide) */
export const THIN_CELL_PX = 2
/** from the tile zoom after this one every dot is drawn (a 2 px cell there is about a metre) */
export const THIN_MAX_ZOOM = 16

const mercX = (lng: number) => (lng + 180) / 360
const mercY = (lat: number) => {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180)
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)
}

/**
 * Per dot, the lowest tile zoom (MapLibre's zoom of 512 px tiles, 0..maxZoom + 1) from which it
 * is drawn: the tile of zoom z is shown from map zoom z up to z + 1, so cells are `cellPx` at map
 * zoom z + 1 (between half that and that on screen). A dot on top of its cell at zoom z is on top
 * of its smaller cell at z + 1 too (cells nest), so the zoom is where it first comes out on top.
 */
export function dotMinZooms(positions: ArrayLike<number>, length: number, maxZoom = THIN_MAX_ZOOM, cellPx = THIN_CELL_PX): Uint8Array {
  const zoom = new Uint8Array(length).fill(maxZoom + 1)
  const mx = new Float64Array(length)
  const my = new Float64Array(length)
  for (let i = 0; i < length; i++) {
    mx[i] = mercX(positions[i * 2]!)
    my[i] = mercY(positions[i * 2 + 1]!)
  }
  // top-down: only the dots on top at z + 1 can be on top at z (the top of a cell is the top of one of its quarters)
  const candidates = new Uint32Array(length)
  for (let i = 0; i < length; i++) candidates[i] = length - 1 - i // last (top) first
  let count = length
  const seen = new Set<number>()
  for (let z = maxZoom; z >= 0 && count > 0; z--) {
    const across = (512 * 2 ** (z + 1)) / cellPx
    seen.clear()
    let kept = 0
    for (let k = 0; k < count; k++) {
      const i = candidates[k]!
      const key = Math.floor(my[i]! * across) * across + Math.floor(mx[i]! * across)
      if (seen.has(key)) continue // a later dot is on top here
      seen.add(key)
      zoom[i] = z
      candidates[kept++] = i
    }
    count = kept
  }
  return zoom
}
