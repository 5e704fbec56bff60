// The verdict map's data (src/import/verdictPoints.ts): EWKT → the point shown, typed arrays with
// errors drawn last (on top), refused rows placed where the file put them, and 100,000 rows in
// one pass.
import { describe, expect, it } from 'vitest'
import { strToU8 } from 'fflate'
import { autoMap, identityToWgs84, prepareRows, readCsv, refLists, GEOM_COLUMN } from '../../../src/import/index.ts'
import { buildVerdictPoints, pointOfEwkt, verdictBounds, VERDICTS, type Verdict } from '../../../src/import/verdictPoints.ts'
import { ENTERPRISE_HEADERS, enterpriseRows, toCsv } from '../../fixtures/import/generate.ts'

const REFS = refLists({
  industries: [
    { code: 'chemical', name_zh: '危险化学品生产', name_en: 'Hazardous chemical production' },
    { code: 'machinery', name_zh: '机械制造', name_en: 'Machinery' },
    { code: 'food', name_zh: '食品加工', name_en: 'Food processing' },
    { code: 'logistics', name_zh: '仓储物流', name_en: 'Warehousing and logistics' },
    { code: 'electronics', name_zh: '电子制造', name_en: 'Electronics' },
    { code: 'textile', name_zh: '纺织服装', name_en: 'Textiles' },
  ],
  protective_target_types: [],
  risk_point_categories: [],
})

describe('pointOfEwkt', () => {
  it('reads a point, and a polygon at the mean of its outer ring (the closing vertex once)', () => {
    expect(pointOfEwkt('SRID=4326;POINT(113.0812345 22.5798765)')).toEqual([113.0812345, 22.5798765])
    expect(pointOfEwkt('SRID=4326;POLYGON((113 22,113.2 22,113.2 22.2,113 22.2,113 22),(113.05 22.05,113.1 22.05,113.1 22.1,113.05 22.05))')).toEqual([
      113.1, 22.1,
    ])
    const [x, y] = pointOfEwkt('SRID=4326;MULTIPOLYGON(((112 21,112.4 21,112.4 21.4,112 21)))')!
    expect(x).toBeCloseTo(112.2667, 4)
    expect(y).toBeCloseTo(21.1333, 4)
    expect(pointOfEwkt('SRID=4326;LINESTRING(1 2,3 4)')).toBeNull()
  })
})

describe('buildVerdictPoints', () => {
  it('orders unchanged → insert → update → error, keeps row numbers, places refused rows from the file', () => {
    const rows = enterpriseRows(6, { district: '440704', serialBase: 8100, seed: 3 })
    rows[1]![1] = String(rows[1]![1]).slice(0, 17) + (String(rows[1]![1]).endsWith('0') ? '1' : '0') // bad check character
    rows[4]![4] = '' // no longitude: refused, and nowhere to put it
    const t = readCsv(strToU8(toCsv(ENTERPRISE_HEADERS, rows)))
    const p = prepareRows(t, { kind: 'enterprises', mapping: autoMap('enterprises', t.headers), refs: REFS, crs: 'wgs84', toWgs84: identityToWgs84 })
    expect(p.errors.map((e) => e.row)).toEqual([3, 6])
    expect(p.errorAt.get(3)).toEqual([Number(rows[1]![4]), Number(rows[1]![5])])
    expect(p.errorAt.has(6)).toBe(false)
    // the database's verdicts for the staged rows 2, 4, 5, 7
    const db: Record<number, Verdict> = { 2: 'error', 4: 'unchanged', 5: 'update', 7: 'insert' }
    const refused = p.errors.map((e) => ({ row: e.row, at: p.errorAt.get(e.row) ?? null }))
    const v = buildVerdictPoints(p.rows, GEOM_COLUMN.enterprises, (r) => db[r], refused)
    expect(v.length).toBe(5)
    expect(v.unplaced).toBe(1)
    expect([...v.rows]).toEqual([4, 7, 5, 2, 3])
    expect([...v.verdicts].map((i) => VERDICTS[i])).toEqual(['unchanged', 'insert', 'update', 'error', 'error'])
    const i7 = [...v.rows].indexOf(7)
    expect([v.positions[i7 * 2], v.positions[i7 * 2 + 1]]).toEqual([Number(rows[5]![4]), Number(rows[5]![5])])
    const b = verdictBounds(v)!
    expect(b[0]).toBeLessThanOrEqual(b[2])
    expect(b[1]).toBeLessThanOrEqual(b[3])
  })

  it('100,000 rows: typed arrays of the right size, every verdict kept', () => {
    const staged = Array.from({ length: 100_000 }, (_, i) => ({
      row: i + 2,
      data: { location: `SRID=4326;POINT(${(112.5 + (i % 1000) * 0.001).toFixed(7)} ${(22 + Math.floor(i / 1000) * 0.005).toFixed(7)})` },
    }))
    const t0 = performance.now()
    const v = buildVerdictPoints(staged, 'location', (r) => VERDICTS[r % 4], [])
    console.log(`buildVerdictPoints: 100,000 rows in ${(performance.now() - t0).toFixed(0)} ms`)
    expect(v.length).toBe(100_000)
    expect(v.positions.length).toBe(200_000)
    const counts = [0, 0, 0, 0]
    for (const x of v.verdicts) counts[x]!++
    expect(counts).toEqual([25_000, 25_000, 25_000, 25_000])
  })
})
