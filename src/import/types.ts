// Shared types of the import pipeline (src/import): the same code runs in the page's Web Worker
// and in the CLI (supabase/local/import-cli.ts), so nothing here touches the DOM or Node APIs.

export const IMPORT_KINDS = [
  'enterprises',
  'hazard_sources',
  'risk_points',
  'protective_targets',
  'emergency_resources',
  'chemical_parks',
  'pipelines',
] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export function isImportKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s)
}

/** A coordinate reference system as crs.ts names it (the lead plugs src/geo/crs.ts in). */
export type CrsId = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | `EPSG:${number}`

/** x, y in `crs` → WGS-84 longitude, latitude. Throws (with a message) when it cannot. */
export type ToWgs84 = (x: number, y: number, crs: CrsId) => [lng: number, lat: number]

export type Encoding = 'utf-8' | 'gbk' | 'gb18030'

/** One data row as read from a file: `row` is the number the user sees in Excel (header = 1). */
export interface SourceRow {
  row: number
  cells: (string | null)[]
  /** GeoJSON / Shapefile: the feature's geometry in the file's CRS. */
  geometry?: GeoJSON.Geometry | null
}

export interface SourceTable {
  format: 'csv' | 'xlsx' | 'geojson' | 'shapefile'
  headers: string[]
  rows: SourceRow[]
  /** CSV: the encoding used to decode; Shapefile: from .cpg. */
  encoding?: Encoding
  /** Shapefile: the CRS recognised from .prj (null: none or not recognised). */
  prj?: string | null
}

/** A refused row: Excel row number, the column as the file names it, and why (zh / en). */
export interface RowError {
  row: number
  column: string
  message: string
}

/** A refusal of the whole file: nothing is staged or written. */
export class ImportFileError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    options?: { cause?: unknown },
  ) {
    super(`${zh} / ${en}`, options)
    this.name = 'ImportFileError'
  }
}
