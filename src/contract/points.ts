// The binary points contract between map_points / public_map_points (SQL) and the browser, and
// the only TypeScript that reads its bits (big-endian):
//   header 40 bytes: 'O','M', version=1, layer, uint32 N, float64 x0, y0, cx, cy
//   N records of 6 bytes: uint16 gx, uint16 gy, uint8 code, uint8 count (saturating at 255)
// Cell centre: lon = x0 + (gx + 0.5)·cx, lat = y0 + (gy + 0.5)·cy.
// The `code` byte means something per layer (one decoder each, below); a cell keeps the lowest
// code, the most important. Pure functions; no per-record objects: callers fill typed arrays
// straight from the buffer, styles are 256-entry tables built from the decoders.
import { DANGER_STATUSES, dangerStatusById, type DangerStatus, type DangerStatusInfo } from '../domain/categories.ts'

export const HEADER_BYTES = 40
export const RECORD_BYTES = 6
export const FORMAT_VERSION = 1

export const POINT_LAYER_IDS = {
  risk_points: 1,
  hidden_dangers: 2,
  protective_targets: 3,
  public_risk_points: 4,
} as const
export type PointLayerName = keyof typeof POINT_LAYER_IDS

export interface DecodedPoints {
  layer: number
  count: number
  x0: number
  y0: number
  cx: number
  cy: number
  /** the record bytes, a view into the original buffer (no copy) */
  records: Uint8Array
  /** bytes received */
  byteLength: number
}

export class PointsFormatError extends Error {}

export function decodePoints(input: ArrayBuffer | Uint8Array): DecodedPoints {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input)
  if (bytes.byteLength === 0) {
    // An empty body (null result) is an empty layer.
    return { layer: 0, count: 0, x0: 0, y0: 0, cx: 0, cy: 0, records: bytes, byteLength: 0 }
  }
  if (bytes.byteLength < HEADER_BYTES) throw new PointsFormatError(`points buffer too short: ${bytes.byteLength} bytes`)
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes[0] !== 0x4f || bytes[1] !== 0x4d) throw new PointsFormatError('points buffer: bad magic (expected "OM")')
  const version = bytes[2]
  if (version !== FORMAT_VERSION) throw new PointsFormatError(`points buffer: unsupported version ${version}`)
  const layer = bytes[3]!
  const count = dv.getUint32(4, false)
  const need = HEADER_BYTES + count * RECORD_BYTES
  if (bytes.byteLength < need) {
    throw new PointsFormatError(`points buffer truncated: ${count} records need ${need} bytes, got ${bytes.byteLength}`)
  }
  return {
    layer,
    count,
    x0: dv.getFloat64(8, false),
    y0: dv.getFloat64(16, false),
    cx: dv.getFloat64(24, false),
    cy: dv.getFloat64(32, false),
    records: bytes.subarray(HEADER_BYTES, need),
    byteLength: bytes.byteLength,
  }
}

/** Fills [lon, lat] pairs (cell centres) into `out` (length ≥ 2·count); returns it. */
export function fillPositions(d: DecodedPoints, out: Float32Array | Float64Array = new Float32Array(d.count * 2)): Float32Array | Float64Array {
  const r = d.records
  const { x0, y0, cx, cy } = d
  for (let i = 0, o = 0, j = 0; i < d.count; i++, o += RECORD_BYTES, j += 2) {
    const gx = (r[o]! << 8) | r[o + 1]!
    const gy = (r[o + 2]! << 8) | r[o + 3]!
    out[j] = x0 + (gx + 0.5) * cx
    out[j + 1] = y0 + (gy + 0.5) * cy
  }
  return out
}

export function codeAt(d: DecodedPoints, i: number): number {
  return d.records[i * RECORD_BYTES + 4]!
}

export function countAt(d: DecodedPoints, i: number): number {
  return d.records[i * RECORD_BYTES + 5]!
}

/** Colours every record from an RGBA lookup table indexed by code (256 × 4 bytes). */
export function fillColours(d: DecodedPoints, table: Uint8Array, out: Uint8Array = new Uint8Array(d.count * 4)): Uint8Array {
  const r = d.records
  for (let i = 0, o = 4, j = 0; i < d.count; i++, o += RECORD_BYTES, j += 4) {
    const t = r[o]! * 4
    out[j] = table[t]!
    out[j + 1] = table[t + 1]!
    out[j + 2] = table[t + 2]!
    out[j + 3] = table[t + 3]!
  }
  return out
}

/** Fills one float per record from a lookup table indexed by count (256 entries). */
export function fillByCount(d: DecodedPoints, table: Float32Array, out: Float32Array = new Float32Array(d.count)): Float32Array {
  const r = d.records
  for (let i = 0, o = 5; i < d.count; i++, o += RECORD_BYTES) out[i] = table[r[o]!]!
  return out
}

/** Fills one float per record from a lookup table indexed by code (256 entries). */
export function fillByCode(d: DecodedPoints, table: Float32Array, out: Float32Array = new Float32Array(d.count)): Float32Array {
  const r = d.records
  for (let i = 0, o = 4; i < d.count; i++, o += RECORD_BYTES) out[i] = table[r[o]!]!
  return out
}

/** Sum of counts (a lower bound once a cell saturates at 255). */
export function totalCount(d: DecodedPoints): number {
  let s = 0
  for (let i = 0, o = 5; i < d.count; i++, o += RECORD_BYTES) s += d.records[o]!
  return s
}

/** Encoder, the inverse of decodePoints (tests and benchmarks). */
export function encodePoints(
  layer: number,
  grid: { x0: number; y0: number; cx: number; cy: number },
  records: ArrayLike<readonly [number, number, number, number]>,
): Uint8Array {
  const buf = new Uint8Array(HEADER_BYTES + records.length * RECORD_BYTES)
  const dv = new DataView(buf.buffer)
  buf[0] = 0x4f
  buf[1] = 0x4d
  buf[2] = FORMAT_VERSION
  buf[3] = layer
  dv.setUint32(4, records.length, false)
  dv.setFloat64(8, grid.x0, false)
  dv.setFloat64(16, grid.y0, false)
  dv.setFloat64(24, grid.cx, false)
  dv.setFloat64(32, grid.cy, false)
  for (let i = 0; i < records.length; i++) {
    const [gx, gy, code, count] = records[i]!
    const o = HEADER_BYTES + i * RECORD_BYTES
    dv.setUint16(o, gx, false)
    dv.setUint16(o + 2, gy, false)
    buf[o + 4] = code
    buf[o + 5] = Math.min(255, count)
  }
  return buf
}

// ------------------------------------------------------------------ the code byte, per layer

/** risk_points and public risk points: code = level 1..4 (anything else: no level). */
export function riskPointCode(code: number): number | null {
  return code >= 1 && code <= 4 ? code : null
}

/** protective_targets: code = class 1..5 (1 = most sensitive); null when unknown. */
export function protectiveTargetCode(code: number): number | null {
  return code >= 1 && code <= 5 ? code : null
}

/** hidden_dangers: status index in bits 0-2, bit 3 set = not overdue, bit 4 set = not major. */
export interface DangerCode {
  status: DangerStatusInfo | undefined
  /** the status index (bits 0-2), also for an index no status has */
  statusIndex: number
  overdue: boolean
  major: boolean
}

export function decodeDangerCode(code: number): DangerCode {
  return { status: DANGER_STATUSES[code & 7], statusIndex: code & 7, overdue: (code & 8) === 0, major: (code & 16) === 0 }
}

export function encodeDangerCode(status: DangerStatus, overdue: boolean, major: boolean): number {
  const s = dangerStatusById(status)
  if (!s) throw new Error(`unknown status ${status}`)
  return s.index | (overdue ? 0 : 8) | (major ? 0 : 16)
}

/** A 256-entry lookup by code built from a decoder, so drawing never reads bits per point. */
export function tableByCode<T>(f: (code: number) => T): T[] {
  return Array.from({ length: 256 }, (_, c) => f(c))
}
