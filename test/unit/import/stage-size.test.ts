// The client's size check before import_stage (src/import/stageSize.ts): a row whose data is over
// its kind's bound (1 MB for a line, 64 KB otherwise, as 20270127000100_import_pipelines.sql) is a
// row error with its row number, the geometry's column and the size and the bound in Chinese and
// English; the other rows are staged. The database keeps its own check.
import { describe, expect, it } from 'vitest'
import { geojsonBytes } from '../../fixtures/import/generate.ts'
import { runImport, splitOversizeRows, stageRowCap, stagedBytes, type ImportClient, type StagedRow } from '../../../src/import/index.ts'

const utf8 = (s: string) => new TextEncoder().encode(s).length
const FILE = { headers: ['名称', '批准机关'], geometry: true }

/** a closed ring of n vertices around a point, coordinates written with 15 decimals */
function ring(n: number, cx = 113.08, cy = 22.58): [number, number][] {
  const r: [number, number][] = []
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n
    r.push([Number((cx + 0.01 * Math.cos(a)).toFixed(15)), Number((cy + 0.01 * Math.sin(a)).toFixed(15))])
  }
  r.push(r[0]!)
  return r
}
const polygonWkt = (n: number) =>
  `SRID=4326;POLYGON((${ring(n)
    .map(([x, y]) => `${x} ${y}`)
    .join(',')}))`
const lineWkt = (n: number) =>
  `SRID=4326;MULTILINESTRING((${ring(n)
    .slice(0, n)
    .map(([x, y]) => `${x} ${y}`)
    .join(',')}))`

describe('stagedBytes: octet_length(data::text) of the jsonb', () => {
  it('counts as PostgreSQL writes the object: ": " and ", " separators, UTF-8, escapes', () => {
    // jsonb's text form of these objects, written out by hand
    expect(stagedBytes({ name: '甲', n: 5 })).toBe(utf8('{"n": 5, "name": "甲"}'))
    expect(stagedBytes({ a: null, b: 'x"y\\z' })).toBe(utf8('{"a": null, "b": "x\\"y\\\\z"}'))
    expect(stagedBytes({ geom: 'SRID=4326;POINT(113.1 22.5)' })).toBe(utf8('{"geom": "SRID=4326;POINT(113.1 22.5)"}'))
    expect(stagedBytes({})).toBe(2)
  })
})

describe('splitOversizeRows', () => {
  it('the bounds are the database’s: 1 MB for a line, 64 KB for the other kinds', () => {
    expect(stageRowCap('pipelines')).toBe(1_048_576)
    for (const k of ['enterprises', 'chemical_parks', 'protective_targets', 'hazard_sources'] as const) expect(stageRowCap(k)).toBe(65_536)
  })

  it('a polygon over 64 KB is a row error naming the geometry, the size and the bound; the others stay', () => {
    const big: StagedRow = { row: 3, data: { name: '超大园区', geom: polygonWkt(2500) } }
    const rows: StagedRow[] = [{ row: 2, data: { name: '小园区', geom: polygonWkt(10) } }, big, { row: 4, data: { name: '另一园区', geom: polygonWkt(20) } }]
    const size = stagedBytes(big.data)
    expect(size).toBeGreaterThan(65_536)
    const { rows: keep, errors, refused } = splitOversizeRows('chemical_parks', rows, { name: '名称' }, FILE)
    expect(keep.map((r) => r.row)).toEqual([2, 4])
    expect(refused).toEqual([big])
    expect(errors).toHaveLength(1)
    expect(errors[0]!.row).toBe(3)
    expect(errors[0]!.column).toBe('几何 geometry')
    expect(errors[0]!.message).toContain(`${size.toLocaleString('en-US')} 字节，上限 65,536 字节（64 KB）`)
    expect(errors[0]!.message).toContain(`the row is too large: ${size.toLocaleString('en-US')} bytes, at most 65,536 (64 KB)`)
  })

  it('the same size as a line is within the pipelines’ 1 MB; a line over 1 MB is refused', () => {
    const line: StagedRow = { row: 2, data: { name: '长输管道', medium: 'natural_gas', geom: lineWkt(2500) } }
    expect(stagedBytes(line.data)).toBeGreaterThan(65_536)
    expect(splitOversizeRows('pipelines', [line], {}, FILE).errors).toEqual([])
    const huge: StagedRow = { row: 9, data: { name: '超长管道', geom: lineWkt(30_000) } }
    expect(stagedBytes(huge.data)).toBeGreaterThan(1_048_576)
    const { errors, rows } = splitOversizeRows('pipelines', [line, huge], {}, FILE)
    expect(rows).toEqual([line])
    expect(errors.map((e) => [e.row, e.column])).toEqual([[9, '几何 geometry']])
    expect(errors[0]!.message).toMatch(/上限 1,048,576 字节（1 MB）.*at most 1,048,576 \(1 MB\)/)
  })

  it('exactly at the bound is staged; one byte over is refused', () => {
    const base = { name: '', geom: 'SRID=4326;POINT(113.1 22.5)' }
    const pad = 65_536 - stagedBytes(base)
    const at: StagedRow = { row: 2, data: { ...base, name: 'x'.repeat(pad) } }
    const over: StagedRow = { row: 3, data: { ...base, name: 'x'.repeat(pad + 1) } }
    expect(stagedBytes(at.data)).toBe(65_536)
    const { rows, errors } = splitOversizeRows('protective_targets', [at, over], { name: '名称' }, FILE)
    expect(rows).toEqual([at])
    // the largest value is the name here: its column as the file names it
    expect(errors.map((e) => [e.row, e.column])).toEqual([[3, '名称 (列 A)']])
  })
})

describe('runImport stages the rest', () => {
  it('an oversized row is refused before import_stage, which gets the other rows; the report lists it', async () => {
    const calls: { fn: string; args: Record<string, unknown> }[] = []
    const empty: { data: unknown; error: { message: string } | null } = { data: [], error: null }
    const answer = Promise.resolve(empty)
    const query = {
      then: answer.then.bind(answer),
      eq: () => query,
      gt: () => query,
      limit: () => query,
      order: () => query,
      range: () => query,
    }
    let staged = 0
    const client: ImportClient = {
      from: () => ({ select: () => query }),
      rpc: (fn, args) => {
        calls.push({ fn, args })
        let data: unknown = null
        if (fn === 'import_begin') data = 'run-1'
        if (fn === 'import_stage') data = staged += (args.rows as unknown[]).length
        if (fn === 'import_check') data = { insert: staged, update: 0, unchanged: 0, error: 0, errors: [] }
        return Promise.resolve({ data, error: null })
      },
    }
    const poly = (n: number): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [ring(n)] })
    const bytes = geojsonBytes([
      { type: 'Feature', properties: { 名称: '小园区甲' }, geometry: poly(12) },
      { type: 'Feature', properties: { 名称: '超大园区' }, geometry: poly(2500) },
      { type: 'Feature', properties: { 名称: '小园区乙' }, geometry: poly(16) },
    ])
    const report = await runImport(client, { kind: 'chemical_parks', fileName: 'parks.geojson', bytes, dryRun: true })
    const stageCalls = calls.filter((c) => c.fn === 'import_stage')
    expect(stageCalls).toHaveLength(1)
    expect((stageCalls[0]!.args.rows as { row: number }[]).map((r) => r.row)).toEqual([2, 4])
    expect(report.rows).toBe(3)
    expect(report.inserted).toBe(2)
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([[3, '几何 geometry']])
    expect(report.client_errors).toEqual(report.errors)
    expect(report.errors[0]!.message).toMatch(/^这一行的数据过大：[\d,]+ 字节，上限 65,536 字节/)
    // the run declares every row of the file (the refused one counts as an error, not as missing)
    expect(calls.find((c) => c.fn === 'import_begin')!.args.total_rows).toBe(3)
  })
})
