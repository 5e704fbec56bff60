// The export panel of #/import (issue 14, "Export"): a registry the import takes → CSV (UTF-8 with
// BOM) or GeoJSON, WGS-84 or GCJ-02, every record the signed-in user may see (the database's RLS
// decides), in the import's headers so that the file re-imports as unchanged.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { exportRegistry } from '../../data/exportClient.ts'
import { GEOMETRY_ONLY, ImportFileError, type ExportCrs, type ExportFormat, type ExportResult, type ImportKind } from '../../import/index.ts'
import { MESSAGES } from './messages.ts'
import { KindSelect } from './KindSelect.tsx'

function save(r: ExportResult) {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: r.mime }))
  a.download = r.fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

export function ExportPanel() {
  const { m, lang } = useMessages(MESSAGES)
  const [kind, setKind] = useState<ImportKind>('enterprises')
  const [format, setFormat] = useState<ExportFormat>('csv')
  const [crs, setCrs] = useState<ExportCrs>('wgs84')
  const [rows, setRows] = useState<number | null>(null)
  const [done, setDone] = useState<ExportResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const busy = rows !== null
  const csvImpossible = format !== 'geojson' && GEOMETRY_ONLY.has(kind)

  const run = async () => {
    setError(null)
    setDone(null)
    setRows(0)
    try {
      const r = await exportRegistry(kind, format, crs, { onProgress: setRows })
      save(r)
      setDone(r)
    } catch (e) {
      setError(m('error', { msg: e instanceof ImportFileError ? e[lang] : (e as Error).message }))
    } finally {
      setRows(null)
    }
  }

  return (
    <section class="import-step import-export" data-testid="export-panel">
      <h3>{m('export.title')}</h3>
      <p class="muted">{m('export.intro')}</p>
      <div class="import-row">
        <label>
          <span>{m('export.kind')}</span>
          <KindSelect testId="export-kind" value={kind} disabled={busy} onChange={setKind} />
        </label>
        <label>
          <span>{m('export.format')}</span>
          <select data-testid="export-format" value={format} disabled={busy} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as ExportFormat)}>
            <option value="csv">CSV（Excel）</option>
            <option value="xlsx">Excel（XLSX）</option>
            <option value="geojson">GeoJSON</option>
          </select>
        </label>
        <label>
          <span>{m('export.crs')}</span>
          <select data-testid="export-crs" value={crs} disabled={busy} onChange={(e) => setCrs((e.target as HTMLSelectElement).value as ExportCrs)}>
            <option value="wgs84">{m('export.wgs84')}</option>
            <option value="gcj02">{m('export.gcj02')}</option>
          </select>
        </label>
        <button type="button" class="btn btn-primary" data-testid="export-run" disabled={busy || csvImpossible} onClick={() => void run()}>
          {m('export.run')}
        </button>
      </div>
      {crs === 'gcj02' && <p class="muted">{m('export.gcj02Hint')}</p>}
      {csvImpossible && <p class="muted">{m(kind === 'pipelines' ? 'export.linesCsv' : 'export.parksCsv')}</p>}
      {busy && (
        <p class="import-progress" role="status" data-testid="export-progress">
          {m('export.progress', { n: rows })}
        </p>
      )}
      {done && (
        <p class="import-summary" data-testid="export-done">
          {m('export.done', { n: done.rows, file: done.fileName })}
          {done.withoutPosition > 0 && <span class="muted"> {m('export.noPosition', { n: done.withoutPosition })}</span>}
        </p>
      )}
      {error && (
        <p class="form-error" role="alert" data-testid="export-error">
          {error}
        </p>
      )}
    </section>
  )
}
