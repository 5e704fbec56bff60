// The wall's map labels in one collision pass (issue 21): the warning-area labels and the district
// names overlapped (a warning's label sits just under its area's own name, and a city-wide warning's
// under the city's middle). Warning labels win: they say what is in force now, and a warning names
// its areas itself ("Blue warning · Pengjiang, Jianghai"), so a district name under one says
// nothing the warning does not. They are all drawn, most severe first, a later one moved down
// under an earlier one it would overlap; then the district names, each kept only where it overlaps
// no warning label and no district name kept before it. Pure: positions are Web-Mercator pixels at
// the map's zoom (src/map/labelCollision.ts).
import { greedyPlace, mercatorPx, stackPlace, textBox, type Box } from '../../map/labelCollision.ts'

export interface WallLabelInput<W, D> {
  zoom: number
  /** warning labels: anchor lon/lat and text (drawn centred, their top `warningOffsetY` px below it) */
  warnings: readonly W[]
  warning: (w: W) => { lon: number; lat: number; text: string; level: number }
  warningSize: number
  warningOffsetY: number
  /** district names: anchor lon/lat and text (drawn centred on it) */
  districts: readonly D[]
  district: (d: D) => { lon: number; lat: number; text: string }
  districtSize: number
  /** pixels kept between labels */
  padding?: number
  /** the map's view in the same pixels: a warning label reaching past its left or right edge is
   *  moved inside it (a city-wide warning's label ran off the map's edge, cut mid-word) */
  view?: Box
}

export interface WallLabelPlacement<W, D> {
  /** each warning label's pixel offset [dx, dy] as drawn */
  warningOffset: Map<W, [number, number]>
  /** the district names drawn */
  districts: D[]
  /** the boxes of every label drawn (warnings then districts), for tests */
  boxes: Box[]
}

export function placeWallLabels<W, D>(i: WallLabelInput<W, D>): WallLabelPlacement<W, D> {
  const padding = i.padding ?? 4
  const ws = i.warnings.map((w) => ({ w, ...i.warning(w) }))
  // most severe first (level 1 = red); a stable order otherwise
  const order = ws.map((w, k) => ({ ...w, k })).sort((a, b) => a.level - b.level || a.k - b.k)
  const dx = new Map<W, number>()
  const { dy, boxes } = stackPlace(
    order,
    (w) => {
      const [x, y] = mercatorPx(w.lon, w.lat, i.zoom)
      const b = textBox(x, y, w.text, i.warningSize, 'middle', [0, i.warningOffsetY], 'top')
      const v = i.view
      const shift = !v ? 0 : b.x1 - b.x0 > v.x1 - v.x0 ? 0 : b.x1 > v.x1 - padding ? v.x1 - padding - b.x1 : b.x0 < v.x0 + padding ? v.x0 + padding - b.x0 : 0
      dx.set(w.w, shift)
      return { x0: b.x0 + shift, y0: b.y0, x1: b.x1 + shift, y1: b.y1 }
    },
    padding,
  )
  const warningOffset = new Map<W, [number, number]>()
  order.forEach((w, k) => warningOffset.set(w.w, [dx.get(w.w) ?? 0, i.warningOffsetY + dy[k]!]))
  const dBox = (d: D): Box => {
    const p = i.district(d)
    const [x, y] = mercatorPx(p.lon, p.lat, i.zoom)
    return textBox(x, y, p.text, i.districtSize, 'middle')
  }
  const districts = greedyPlace(i.districts, dBox, () => 0, padding, boxes)
  return { warningOffset, districts, boxes: [...boxes, ...districts.map(dBox)] }
}
