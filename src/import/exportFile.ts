// Export of a registry the import takes (issue 14, "Export"): pages of rows from the database
// (export_page, as the caller may see them) → CSV (UTF-8 with BOM, so Excel opens Chinese right)
// or GeoJSON (XLSX in exportXlsx.ts, from the same rows), in the import's own headers and values, so
// that export → re-import changes nothing.
// Pure apart from the client it is given; the page and the tests share it.
import Papa from 'papaparse'
import { FIELDS, GEOMETRY_ONLY, type FieldDef } from './fields.ts'
import { RefIndex, type RefLists } from './refs.ts'
import { MAX_ROWS } from './read.ts'
import { ImportFileError, type CrsId, type ImportKind } from './types.ts'
import { GEOM_COLUMN } from './validate.ts'

/** One exported record: the import's columns, `geometry` as GeoJSON (WGS-84), and the enterprise's
 * credit code for hazard sources and risk points. */
export type ExportRecord = Record<string, unknown> & { id: string; geometry: GeoJSON.Geometry | null }

/** WGS-84 [lng, lat] → the export's CRS (src/geo/crs.ts's fromWgs84). */
export type FromWgs84 = (lng: number, lat: number, crs: CrsId) => [number, number]

export type ExportFormat = 'csv' | 'xlsx' | 'geojson'
export type ExportCrs = 'wgs84' | 'gcj02'

export interface ExportClient {
  rpc(fn: string, args: Record<string, unknown>): PromiseLike<{ data: unknown; error: { message: string; code?: string } | null }>
}

/** Rows a page: the API's cap; chemical parks (large polygons) and pipelines (up to 20,000 vertices) in smaller pages. */
export const EXPORT_PAGE: Record<ImportKind, number> = {
  enterprises: 1000,
  hazard_sources: 1000,
  risk_points: 1000,
  protective_targets: 500,
  emergency_resources: 1000,
  chemical_parks: 50,
  pipelines: 50,
}

/** Every page of `kind` the caller may see, at most MAX_ROWS rows (more is refused, not cut). */
export async function fetchExport(
  client: ExportClient,
  kind: ImportKind,
  opts: { signal?: AbortSignal; onProgress?: (rows: number) => void } = {},
): Promise<ExportRecord[]> {
  const out: ExportRecord[] = []
  let after: string | null = null
  for (;;) {
    if (opts.signal?.aborted) throw new ImportFileError('导出已取消', 'the export was cancelled')
    const { data, error } = await client.rpc('export_page', { kind, after_id: after, page_size: EXPORT_PAGE[kind] })
    if (error) throw new ImportFileError(`导出失败：${error.message}`, `the export failed: ${error.message}`)
    const page = data as { rows: ExportRecord[]; last_id: string | null }
    out.push(...page.rows)
    opts.onProgress?.(out.length)
    if (out.length > MAX_ROWS) {
      throw new ImportFileError(`超过 ${MAX_ROWS} 行，请缩小范围后导出`, `more than ${MAX_ROWS} rows: narrow the export`)
    }
    if (!page.last_id) return out
    after = page.last_id
  }
}

/** Fields without a column of their own that an export writes and the import reads back: the
 * enterprise's credit code, a hazard source's inventory (危险化学品 and 最大储量, or 液氯:20;液氨:5),
 * a pipeline's operator (运营单位统一社会信用代码), an emergency resource's duty phone (值班电话: only
 * admins, the command centre and regulators get it from export_page; for the others the column is
 * empty, which a re-import reads as "leave the stored phone alone"). */
const EXPORTED_KEYS = new Set(['enterprise_credit_code', 'substance', 'max_quantity_t', 'operator_credit_code', 'duty_phone'])

/** The fields an export writes (those the import reads back). */
export function exportFields(kind: ImportKind): FieldDef[] {
  return FIELDS[kind].filter((f) => f.column || f.type === 'lng' || f.type === 'lat' || EXPORTED_KEYS.has(f.key))
}

/** The headers of an export: each field's Chinese label, which the import maps back to it. */
/** A table format (CSV, XLSX) carries a point as its lng/lat columns; GeoJSON as the geometry. */
const tabular = (format: ExportFormat) => format !== 'geojson'

export function exportHeaders(kind: ImportKind, format: ExportFormat): string[] {
  return exportFields(kind)
    .filter((f) => tabular(format) || (f.type !== 'lng' && f.type !== 'lat'))
    .map((f) => f.zh)
}

/** A code as its Chinese name when the import reads that name back to the same code. */
function refLabel(idx: RefIndex, code: string): string {
  const item = idx.items.find((i) => i.code === code)
  return item && idx.find(item.name_zh)?.code === code ? item.name_zh : code
}

/** Excel runs a cell starting with = + - @ as a formula: a leading tab keeps it text (the import trims it). */
function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `\t${s}` : s
}

function mapCoords(g: GeoJSON.Geometry, f: (p: GeoJSON.Position) => GeoJSON.Position): GeoJSON.Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) }
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(f) } as GeoJSON.Geometry
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((r) => r.map(f)) } as GeoJSON.Geometry
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) }
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapCoords(x, f)) }
  }
}

export interface Shaped {
  headers: string[]
  values: (string | number | null)[][]
  geometries: (GeoJSON.Geometry | null)[]
  /** rows whose geometry is not a point: a CSV holds no position for them (use GeoJSON) */
  notPoints: number
}

/** The rows as the import reads them: its headers, reference codes as their labels, positions in `crs`. */
export function shapeExport(kind: ImportKind, records: ExportRecord[], refs: RefLists, crs: ExportCrs, fromWgs84: FromWgs84, format: ExportFormat): Shaped {
  const fields = exportFields(kind).filter((f) => tabular(format) || (f.type !== 'lng' && f.type !== 'lat'))
  const idx = new Map<string, RefIndex>()
  const index = (f: FieldDef) => {
    let r = idx.get(f.ref!)
    if (!r) idx.set(f.ref!, (r = new RefIndex(refs[f.ref!])))
    return r
  }
  const move = (p: GeoJSON.Position): GeoJSON.Position => (crs === 'wgs84' ? [p[0]!, p[1]!] : fromWgs84(p[0]!, p[1]!, crs))
  let notPoints = 0
  const values: Shaped['values'] = []
  const geometries: Shaped['geometries'] = []
  for (const r of records) {
    const g = r.geometry ? mapCoords(r.geometry, move) : null
    const point = g?.type === 'Point' ? g.coordinates : null
    if (!point) notPoints++
    geometries.push(g)
    values.push(
      fields.map((f) => {
        if (f.type === 'lng') return point ? point[0]! : null
        if (f.type === 'lat') return point ? point[1]! : null
        const v = r[f.column ?? f.key]
        if (v === null || v === undefined) return null
        if (f.type === 'ref') return refLabel(index(f), String(v))
        if (typeof v === 'number') return v
        return format === 'csv' ? safeText(String(v)) : String(v)
      }),
    )
  }
  return { headers: fields.map((f) => f.zh), values, geometries, notPoints }
}

export interface ExportResult {
  fileName: string
  mime: string
  bytes: Uint8Array
  rows: number
  /** CSV only: rows with a polygon, exported without a position (GeoJSON keeps them whole) */
  withoutPosition: number
}

const BOM = '\ufeff'

/**
 * Chemical parks are polygons and pipelines lines: a table (CSV, XLSX) has only a point's two
 * columns for them. (A WKT column was weighed for lines and not taken: a route of up to 20,000
 * vertices is ~800 KB of text, far over Excel's 32,767 characters a cell, so a sheet could not
 * carry every line back, and export → re-import would not be all unchanged.)
 */
export function refuseTablesOfPolygons(kind: ImportKind, format: ExportFormat): void {
  if (!tabular(format) || GEOM_COLUMN[kind] !== 'geom' || !GEOMETRY_ONLY.has(kind)) return
  if (kind === 'pipelines') {
    if (format === 'csv')
      throw new ImportFileError('油气管道是线，CSV 装不下走向：请导出 GeoJSON', 'pipelines are lines, whose routes a CSV cannot hold: export GeoJSON')
    throw new ImportFileError(
      '油气管道是线，Excel 表格装不下走向：请导出 GeoJSON',
      'pipelines are lines, whose routes an Excel sheet cannot hold: export GeoJSON',
    )
  }
  if (format === 'csv')
    throw new ImportFileError('化工园区是面，CSV 装不下：请导出 GeoJSON', 'chemical parks are polygons, which a CSV cannot hold: export GeoJSON')
  throw new ImportFileError('化工园区是面，Excel 表格装不下：请导出 GeoJSON', 'chemical parks are polygons, which an Excel sheet cannot hold: export GeoJSON')
}

/** The file's name without its extension: the kind (or given name), and the CRS when not WGS-84. */
export function exportBaseName(kind: ImportKind, o: { crs: ExportCrs; baseName?: string }): string {
  return `${o.baseName ?? kind}${o.crs === 'gcj02' ? '_GCJ-02' : ''}`
}

export interface ExportOptions<F extends ExportFormat = ExportFormat> {
  format: F
  crs: ExportCrs
  refs: RefLists
  fromWgs84: FromWgs84
  baseName?: string
}

/** CSV or GeoJSON (XLSX: buildXlsxExport, which is asynchronous). */
export function buildExport(kind: ImportKind, records: ExportRecord[], o: ExportOptions<'csv' | 'geojson'>): ExportResult {
  refuseTablesOfPolygons(kind, o.format)
  const s = shapeExport(kind, records, o.refs, o.crs, o.fromWgs84, o.format)
  const base = exportBaseName(kind, o)
  if (o.format === 'csv') {
    const text = Papa.unparse({ fields: s.headers, data: s.values.map((row) => row.map((v) => (v === null ? '' : String(v)))) }, { newline: '\r\n' })
    return {
      fileName: `${base}.csv`,
      mime: 'text/csv;charset=utf-8',
      bytes: new TextEncoder().encode(BOM + text + '\r\n'),
      rows: records.length,
      withoutPosition: s.notPoints,
    }
  }
  const fc: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: s.values.map((row, i) => ({
      type: 'Feature',
      properties: Object.fromEntries(s.headers.map((h, j) => [h, row[j] ?? null])),
      geometry: s.geometries[i]!,
    })),
  }
  return {
    fileName: `${base}.geojson`,
    mime: 'application/geo+json',
    bytes: new TextEncoder().encode(JSON.stringify(fc)),
    rows: records.length,
    withoutPosition: 0,
  }
}
