// Export of a registry (issue 14) as the signed-in user: pages of export_page (RLS decides what the
// caller sees) → a CSV, XLSX or GeoJSON file in the import's headers (src/import/exportFile.ts).
import { supabase } from './client.ts'
import { fromWgs84 } from '../geo/crs.ts'
import {
  buildExport,
  buildXlsxExport,
  fetchExport,
  loadRefLists,
  type ExportCrs,
  type ExportFormat,
  type ExportResult,
  type ImportKind,
} from '../import/index.ts'
import { cityToday } from '../domain/cityDay.ts'

export async function exportRegistry(
  kind: ImportKind,
  format: ExportFormat,
  crs: ExportCrs,
  opts: { signal?: AbortSignal; onProgress?: (rows: number) => void } = {},
): Promise<ExportResult> {
  // supabase-js's generic types are too deep to check against the pipeline's small interfaces
  const client = supabase() as never
  const records = await fetchExport(client, kind, opts)
  const refs = await loadRefLists(client)
  const day = cityToday()
  const o = { crs, refs, fromWgs84, baseName: `${kind}-${day}` }
  return format === 'xlsx' ? buildXlsxExport(kind, records, o) : buildExport(kind, records, { ...o, format })
}
