// A file's first look, for the page's mapping step: its format, headers, a few rows, the
// automatic mapping for a kind and what it says of its own encoding and CRS.
import { autoMap, type Mapping } from './mapping.ts'
import { readFile, type ReadOptions } from './read.ts'
import type { CrsId, ImportKind, SourceTable } from './types.ts'

export interface FileLook {
  format: SourceTable['format']
  headers: string[]
  rows: number
  /** the first rows' cells, as read (for showing what a column holds) */
  sample: (string | null)[][]
  mapping: Mapping
  encoding?: string
  /** a Shapefile's CRS from its .prj, when recognised */
  prj: CrsId | null
  /** GeoJSON / Shapefile: positions come from the geometry, not from columns */
  hasGeometry: boolean
}

export async function inspectFile(bytes: Uint8Array, fileName: string, kind: ImportKind, opts: ReadOptions = {}): Promise<FileLook> {
  const table = await readFile(bytes, fileName, opts)
  return {
    format: table.format,
    headers: table.headers,
    rows: table.rows.length,
    sample: table.rows.slice(0, 3).map((r) => r.cells),
    mapping: autoMap(kind, table.headers),
    encoding: table.encoding,
    prj: (table.prj as CrsId | null | undefined) ?? null,
    hasGeometry: table.format === 'geojson' || table.format === 'shapefile',
  }
}
