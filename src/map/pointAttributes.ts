// Turns a decoded map_points buffer into the typed arrays deck.gl draws (binary attributes),
// in one pass and without one JS object per point. Records are reordered so that the most
// important code (the lowest: level 1, high-sensitivity class, overdue major danger) is drawn last,
// i.e. on top. Pure: no DOM, no WebGL (unit-tested).
import { RECORD_BYTES, type DecodedPoints } from '../contract/points.ts'

export interface PointAttributes {
  length: number
  /** [lon, lat] per point */
  positions: Float32Array
  /** RGBA per point */
  colours: Uint8Array
  /** radius (pixels) or icon size per point */
  sizes: Float32Array
  codes: Uint8Array
  counts: Uint8Array
}

export interface AttributeStyle {
  /** 256×RGBA indexed by code */
  colourByCode: Uint8Array
  /** 256 sizes indexed by count (1..255) */
  sizeByCount: Float32Array
  /** optional 256 multipliers indexed by code */
  sizeScaleByCode?: Float32Array
}

/** A size table that grows with the logarithm of the number of features in a cell. */
export function logSizeTable(base: number, perDoubling: number, max: number): Float32Array {
  const t = new Float32Array(256)
  for (let c = 0; c < 256; c++) t[c] = Math.min(max, base + perDoubling * Math.log2(Math.max(1, c)))
  return t
}

export function buildPointAttributes(d: DecodedPoints, style: AttributeStyle): PointAttributes {
  const n = d.count
  const r = d.records
  // counting sort by code, highest code first so that code 1 is drawn last (on top)
  const start = new Uint32Array(257)
  for (let i = 0, o = 4; i < n; i++, o += RECORD_BYTES) start[255 - r[o]! + 1]!++
  for (let k = 1; k <= 256; k++) start[k]! += start[k - 1]!
  const positions = new Float32Array(n * 2)
  const colours = new Uint8Array(n * 4)
  const sizes = new Float32Array(n)
  const codes = new Uint8Array(n)
  const counts = new Uint8Array(n)
  const { x0, y0, cx, cy } = d
  const { colourByCode, sizeByCount, sizeScaleByCode } = style
  for (let i = 0, o = 0; i < n; i++, o += RECORD_BYTES) {
    const code = r[o + 4]!
    const count = r[o + 5]!
    const j = start[255 - code]!++
    const gx = (r[o]! << 8) | r[o + 1]!
    const gy = (r[o + 2]! << 8) | r[o + 3]!
    positions[j * 2] = x0 + (gx + 0.5) * cx
    positions[j * 2 + 1] = y0 + (gy + 0.5) * cy
    const t = code * 4
    colours[j * 4] = colourByCode[t]!
    colours[j * 4 + 1] = colourByCode[t + 1]!
    colours[j * 4 + 2] = colourByCode[t + 2]!
    colours[j * 4 + 3] = colourByCode[t + 3]!
    sizes[j] = sizeByCount[count]! * (sizeScaleByCode ? sizeScaleByCode[code]! : 1)
    codes[j] = code
    counts[j] = count
  }
  return { length: n, positions, colours, sizes, codes, counts }
}

export const EMPTY_ATTRIBUTES: PointAttributes = {
  length: 0,
  positions: new Float32Array(0),
  colours: new Uint8Array(0),
  sizes: new Float32Array(0),
  codes: new Uint8Array(0),
  counts: new Uint8Array(0),
}
