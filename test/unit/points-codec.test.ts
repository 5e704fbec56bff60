import { describe, expect, it } from 'vitest'
import {
  codeAt,
  countAt,
  decodePoints,
  encodePoints,
  fillColours,
  fillPositions,
  HEADER_BYTES,
  PointsFormatError,
  RECORD_BYTES,
  totalCount,
} from '../../src/contract/points.ts'
import { buildPointAttributes, logSizeTable } from '../../src/map/pointAttributes.ts'
import { riskLevelRgbaTable } from '../../src/domain/levels.ts'

/** A buffer written byte by byte, independent of the encoder under test. */
function handBuffer(): Uint8Array {
  const buf = new ArrayBuffer(HEADER_BYTES + 3 * RECORD_BYTES)
  const dv = new DataView(buf)
  const b = new Uint8Array(buf)
  b[0] = 79 // 'O'
  b[1] = 77 // 'M'
  b[2] = 1
  b[3] = 1 // risk points
  dv.setUint32(4, 3) // big-endian by default
  dv.setFloat64(8, 112.5)
  dv.setFloat64(16, 21.5)
  dv.setFloat64(24, 0.01)
  dv.setFloat64(32, 0.005)
  const recs = [
    [0, 0, 4, 1],
    [10, 20, 1, 7],
    [65535, 300, 2, 255],
  ]
  recs.forEach(([gx, gy, code, n], i) => {
    const o = HEADER_BYTES + i * RECORD_BYTES
    dv.setUint16(o, gx!)
    dv.setUint16(o + 2, gy!)
    b[o + 4] = code!
    b[o + 5] = n!
  })
  return b
}

describe('decodePoints', () => {
  it('reads the header and records of a hand-built big-endian buffer', () => {
    const d = decodePoints(handBuffer().buffer as ArrayBuffer)
    expect(d.layer).toBe(1)
    expect(d.count).toBe(3)
    expect(d.x0).toBe(112.5)
    expect(d.y0).toBe(21.5)
    expect(d.cx).toBe(0.01)
    expect(d.cy).toBe(0.005)
    expect([codeAt(d, 0), codeAt(d, 1), codeAt(d, 2)]).toEqual([4, 1, 2])
    expect([countAt(d, 0), countAt(d, 1), countAt(d, 2)]).toEqual([1, 7, 255])
    expect(totalCount(d)).toBe(263)
  })

  it('puts each point at its cell centre', () => {
    const d = decodePoints(handBuffer())
    const pos = fillPositions(d, new Float64Array(6))
    expect(pos[0]).toBeCloseTo(112.5 + 0.5 * 0.01, 12)
    expect(pos[1]).toBeCloseTo(21.5 + 0.5 * 0.005, 12)
    expect(pos[2]).toBeCloseTo(112.5 + 10.5 * 0.01, 12)
    expect(pos[3]).toBeCloseTo(21.5 + 20.5 * 0.005, 12)
    expect(pos[4]).toBeCloseTo(112.5 + 65535.5 * 0.01, 9) // uint16 max is unsigned
    expect(pos[5]).toBeCloseTo(21.5 + 300.5 * 0.005, 12)
  })

  it('works on a view with a byte offset (no copy)', () => {
    const inner = handBuffer()
    const outer = new Uint8Array(inner.length + 7)
    outer.set(inner, 7)
    const d = decodePoints(outer.subarray(7))
    expect(d.count).toBe(3)
    expect(codeAt(d, 1)).toBe(1)
    expect(d.records.buffer).toBe(outer.buffer)
  })

  it('treats an empty body as an empty layer', () => {
    expect(decodePoints(new Uint8Array(0)).count).toBe(0)
  })

  it('refuses bad magic, version and truncated buffers', () => {
    const bad = handBuffer()
    bad[0] = 0
    expect(() => decodePoints(bad)).toThrow(PointsFormatError)
    const v2 = handBuffer()
    v2[2] = 2
    expect(() => decodePoints(v2)).toThrow(/version/)
    expect(() => decodePoints(handBuffer().subarray(0, HEADER_BYTES + 5))).toThrow(/truncated/)
    expect(() => decodePoints(new Uint8Array(10))).toThrow(/too short/)
  })

  it('round-trips through the encoder', () => {
    const recs = [
      [1, 2, 3, 4],
      [500, 600, 1, 300],
    ] as const
    const d = decodePoints(encodePoints(2, { x0: -10, y0: 5, cx: 0.25, cy: 0.125 }, recs))
    expect(d.layer).toBe(2)
    expect(d.count).toBe(2)
    expect(countAt(d, 1)).toBe(255) // saturating
    const pos = fillPositions(d)
    expect(pos[2]).toBeCloseTo(-10 + 500.5 * 0.25, 4)
  })
})

describe('colours and attributes', () => {
  it('colours records from the level table', () => {
    const d = decodePoints(handBuffer())
    const c = fillColours(d, riskLevelRgbaTable(200))
    expect(Array.from(c.subarray(0, 4))).toEqual([0, 112, 192, 200]) // level 4 blue
    expect(Array.from(c.subarray(4, 8))).toEqual([230, 0, 18, 200]) // level 1 red
  })

  it('builds typed arrays with the most important code drawn last', () => {
    const d = decodePoints(handBuffer())
    const sizes = logSizeTable(3, 1, 10)
    const a = buildPointAttributes(d, { colourByCode: riskLevelRgbaTable(255), sizeByCount: sizes })
    expect(a.length).toBe(3)
    expect(Array.from(a.codes)).toEqual([4, 2, 1])
    expect(Array.from(a.counts)).toEqual([1, 255, 7])
    expect(a.positions[4]).toBeCloseTo(112.5 + 10.5 * 0.01, 4) // level 1 record, last
    expect(Array.from(a.colours.subarray(8, 12))).toEqual([230, 0, 18, 255])
    expect(a.sizes[0]).toBe(3)
    expect(a.sizes[1]).toBe(10) // capped
    expect(a.positions).toBeInstanceOf(Float32Array)
  })

  it('size table grows with log2 of the count', () => {
    const t = logSizeTable(2, 1, 100)
    expect(t[1]).toBe(2)
    expect(t[2]).toBe(3)
    expect(t[8]).toBe(5)
    expect(t[0]).toBe(2)
  })
})

describe('hex fallback', () => {
  it('decodes PostgREST bytea JSON (\\x…) into the same bytes', async () => {
    const { hexToBytes } = await import('../../src/data/mapApi.ts')
    const bytes = handBuffer()
    const hex = '\\x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
    expect(Array.from(hexToBytes(hex))).toEqual(Array.from(bytes))
    expect(Array.from(hexToBytes('\\xABcd09'))).toEqual([0xab, 0xcd, 0x09])
    expect(decodePoints(hexToBytes(hex)).count).toBe(3)
  })
})
