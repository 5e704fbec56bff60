// Export as XLSX (issue 14: "CSV, XLSX and GeoJSON"): the CSV's rows, headers and positions in an
// Excel sheet, through write-excel-file (the writer of read-excel-file, which the import reads
// XLSX with; maintained, no advisories; fflate, already here, is its one dependency). Strings stay
// string cells (a name starting with "=" is text, never a formula) and numbers numbers, so the
// import reads back what was written: export → re-import changes nothing.
import writeXlsxFile from 'write-excel-file/universal'
import { exportBaseName, refuseTablesOfPolygons, shapeExport, type ExportOptions, type ExportRecord, type ExportResult } from './exportFile.ts'
import type { ImportKind } from './types.ts'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export async function buildXlsxExport(kind: ImportKind, records: ExportRecord[], o: Omit<ExportOptions, 'format'>): Promise<ExportResult> {
  refuseTablesOfPolygons(kind, 'xlsx')
  const s = shapeExport(kind, records, o.refs, o.crs, o.fromWgs84, 'xlsx')
  const header = s.headers.map((h) => ({ value: h, fontWeight: 'bold' as const }))
  const blob = await writeXlsxFile([header, ...s.values], {
    // wide enough for a Chinese name or an 18-character credit code; the header row stays in view
    columns: s.headers.map((h) => ({ width: Math.max(12, h.length * 2 + 2) })),
    stickyRowsCount: 1,
  }).toBlob()
  return {
    fileName: `${exportBaseName(kind, o)}.xlsx`,
    mime: XLSX_MIME,
    bytes: new Uint8Array(await blob.arrayBuffer()),
    rows: records.length,
    withoutPosition: s.notPoints,
  }
}
