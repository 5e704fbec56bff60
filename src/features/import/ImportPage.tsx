// #/import (数据导入): a file → what it holds → columns mapped (automatically, adjustable, saved as
// a template) → coordinate system → dry run (a verdict per row, errors by Excel row number and
// column) → commit (all rows or none; large runs in bounded steps) → report (errors as CSV). The work runs in a Web Worker
// (importWorker.ts) through src/import, the same code as `npm run import`; the database decides
// who may import what (admins; regulators inside their area) and refuses with a message.
import { useEffect, useState } from 'preact/hooks'
import Papa from 'papaparse'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { OPEN_SIGN_IN_EVENT } from '../../app/Welcome.tsx'
import { APP_ROLES } from '../../domain/categories.ts'
import { importClient, importToken } from '../../data/importClient.ts'
import {
  FIELDS,
  LINE_KINDS,
  POLYGON_KINDS,
  type CrsId,
  type EncodingChoice,
  type FileLook,
  type ImportKind,
  type ImportReport,
  type Mapping,
  type RowError,
} from '../../import/index.ts'
import { ImportRevertRefused, revertRun } from '../../import/revert.ts'
import { parseCrsId } from '../../geo/crs.ts'
import { MESSAGES } from './messages.ts'
import { commit, dryRun, ImportWorkerError, inspect } from './workerClient.ts'
import { VerdictMap } from './VerdictMap.tsx'
import { TemplateBar } from './TemplateBar.tsx'
import { ExportPanel } from './ExportPanel.tsx'
import { RecentRuns } from './RecentRuns.tsx'
import { KindSelect } from './KindSelect.tsx'
import type { Phase } from './protocol.ts'
import './import.css'

const MAY_IMPORT = new Set(['admin', 'regulator'])

export default function ImportPage() {
  const { m, name } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user) {
    return (
      <div class="page-message import-gate" data-testid="import-signin">
        <h2>{m('page.title')}</h2>
        <p>{m('page.signIn')}</p>
        <button type="button" class="btn btn-primary" onClick={() => window.dispatchEvent(new Event(OPEN_SIGN_IN_EVENT))}>
          {m('page.signInButton')}
        </button>
      </div>
    )
  }
  if (!user.role || !MAY_IMPORT.has(user.role)) {
    // who may not import may still export what it may see (the database's RLS decides)
    return (
      <div class="staff-page import-page">
        <div class="page-message import-gate" data-testid="import-not-allowed">
          <h2>{m('page.title')}</h2>
          <p>{m('page.notAllowed', { role: user.role ? name(APP_ROLES[user.role]) : '—' })}</p>
        </div>
        <div class="import-export-alone">
          <ExportPanel />
        </div>
      </div>
    )
  }
  return <Importer key={user.userId} />
}

type CrsChoice = 'auto' | 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | 'epsg'
const CRS_CHOICES: CrsChoice[] = ['auto', 'wgs84', 'cgcs2000', 'gcj02', 'bd09', 'epsg']
const ENCODINGS: EncodingChoice[] = ['auto', 'utf-8', 'gbk', 'gb18030']
const SHOWN_ERRORS = 200

function download(name: string, text: string, type: string) {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([text], { type }))
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

/** The error report: UTF-8 with a BOM, so that Excel reads the Chinese. */
export function errorsCsv(errors: readonly RowError[]): string {
  return '\ufeff' + Papa.unparse({ fields: ['行 row', '列 column', '原因 reason'], data: errors.map((e) => [e.row, e.column, e.message]) })
}

function Importer() {
  const { m, lang } = useMessages(MESSAGES)
  const [kind, setKind] = useState<ImportKind>('enterprises')
  const [encoding, setEncoding] = useState<EncodingChoice>('auto')
  const [crsChoice, setCrsChoice] = useState<CrsChoice>('auto')
  const [epsg, setEpsg] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [look, setLook] = useState<FileLook | null>(null)
  const [mapping, setMapping] = useState<Mapping>({})
  const [progress, setProgress] = useState<{ phase: Phase; done: number; total: number } | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const [skipErrors, setSkipErrors] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // undo of the committed run: asking (the confirm box), progress of the calls, done, refused
  const [undo, setUndo] = useState<
    | { step: 'ask' }
    | { step: 'running'; done: number; total: number }
    | { step: 'done'; deleted: number; restored: number }
    | { step: 'refused'; message: string }
    | null
  >(null)
  // the list of past runs: read again after a commit or an undo here; its own undo makes the page busy
  const [recentKey, setRecentKey] = useState(0)
  const [recentBusy, setRecentBusy] = useState(false)
  const busy = progress !== null || undo?.step === 'running' || recentBusy

  const fail = (e: unknown) => {
    setProgress(null)
    setError(m('error', { msg: e instanceof ImportWorkerError ? e[lang] : (e as Error).message }))
  }
  const onProgress = (phase: Phase, done: number, total: number) => setProgress({ phase, done, total })

  // a new file, kind or encoding: read it again and map its columns afresh
  useEffect(() => {
    setLook(null)
    setReport(null)
    setUndo(null)
    setError(null)
    if (!file) return
    let live = true
    setProgress({ phase: 'read', done: 0, total: 1 })
    inspect(file, kind, encoding).then(
      (l) => {
        if (!live) return
        setProgress(null)
        setLook(l)
        setMapping(l.mapping)
      },
      (e) => live && fail(e),
    )
    return () => {
      live = false
    }
  }, [file, kind, encoding])

  const crs = (): CrsId | 'auto' => {
    if (crsChoice !== 'epsg') return crsChoice
    return parseCrsId(epsg) ?? 'auto' // throws with the reason for a code it does not know
  }
  const missing = look ? FIELDS[kind].filter((f) => f.required && !mapping[f.key] && !(look.hasGeometry && (f.key === 'lng' || f.key === 'lat'))) : []

  const runCheck = async () => {
    if (!file) return
    setError(null)
    setReport(null)
    try {
      const c = crs()
      setProgress({ phase: 'read', done: 0, total: 1 })
      setReport(await dryRun(file, { kind, encoding, crs: c, mapping, token: await importToken() }, onProgress))
      setProgress(null)
    } catch (e) {
      fail(e)
    }
  }
  const runCommit = async () => {
    if (!report) return
    setError(null)
    try {
      // the map's points stay here: the worker needs the run, not 100,000 positions
      const done = await commit({ ...report, points: undefined }, skipErrors, await importToken(), onProgress)
      setUndo(null)
      setReport({ ...done, points: report.points })
      setProgress(null)
      setRecentKey((n) => n + 1)
    } catch (e) {
      fail(e)
    }
  }
  const runUndo = async () => {
    if (!report?.run_id) return
    const total = report.inserted + report.updated
    setError(null)
    setUndo({ step: 'running', done: 0, total })
    try {
      const r = await revertRun(importClient(await importToken()), report.run_id, total, (done, all) => setUndo({ step: 'running', done, total: all }))
      setUndo({ step: 'done', deleted: r.deleted, restored: r.restored })
    } catch (e) {
      if (e instanceof ImportRevertRefused) setUndo({ step: 'refused', message: e.message })
      else {
        setUndo(null)
        setError(m('error', { msg: (e as Error).message }))
      }
    }
    setRecentKey((n) => n + 1)
  }
  const fieldName = (key: string) => {
    const f = FIELDS[kind].find((x) => x.key === key)
    return f ? f[lang] : key
  }
  const sampleOf = (header: string | null | undefined) => {
    if (!header || !look) return ''
    const i = look.headers.indexOf(header)
    return look.sample
      .map((r) => r[i] ?? '')
      .filter((v) => v !== '')
      .join(' · ')
  }
  const writable = report ? report.inserted + report.updated : 0
  const canCommit = report && !report.committed && writable > 0 && (report.errors.length === 0 || skipErrors)

  return (
    <div class="staff-page import-page" data-testid="import-page">
      <header class="staff-head import-head">
        <div>
          <h2>{m('page.title')}</h2>
          <p class="muted">{m('page.intro')}</p>
        </div>
      </header>

      <section class="import-step">
        <h3>{m('step.file')}</h3>
        <div class="import-row">
          <label>
            <span>{m('file.kind')}</span>
            <KindSelect testId="import-kind" value={kind} disabled={busy} onChange={setKind} />
          </label>
          <label>
            <span>{m('file.file')}</span>
            <input
              type="file"
              data-testid="import-file"
              accept=".xlsx,.csv,.txt,.geojson,.json,.zip"
              disabled={busy}
              onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
            />
            <small class="muted">{m('file.formats')}</small>
          </label>
          <label>
            <span>{m('file.encoding')}</span>
            <select value={encoding} disabled={busy} onChange={(e) => setEncoding((e.target as HTMLSelectElement).value as EncodingChoice)}>
              {ENCODINGS.map((x) => (
                <option key={x} value={x}>
                  {x === 'auto' ? m('file.encodingAuto') : x.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{m('crs.label')}</span>
            <select
              data-testid="import-crs"
              value={crsChoice}
              disabled={busy}
              onChange={(e) => setCrsChoice((e.target as HTMLSelectElement).value as CrsChoice)}
            >
              {CRS_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {m(`crs.${c}`)}
                </option>
              ))}
            </select>
            {crsChoice === 'epsg' && (
              <input data-testid="import-epsg" placeholder="EPSG:4526" value={epsg} onInput={(e) => setEpsg((e.target as HTMLInputElement).value)} />
            )}
            {crsChoice === 'epsg' && <small class="muted">{m('crs.epsgHint')}</small>}
            {look?.prj && <small class="muted">{m('crs.prj', { crs: look.prj })}</small>}
          </label>
        </div>
        {look && (
          <p class="import-summary" data-testid="import-summary">
            {m('file.summary', {
              format: look.format.toUpperCase(),
              rows: look.rows,
              cols: look.headers.length,
              enc: look.encoding ? ` · ${look.encoding.toUpperCase()}` : '',
            })}
          </p>
        )}
      </section>

      {look && (
        <section class="import-step">
          <h3>{m('step.mapping')}</h3>
          {look.hasGeometry && <p class="muted">{m('map.geometry')}</p>}
          <table class="import-mapping" data-testid="import-mapping">
            <thead>
              <tr>
                <th>{m('map.field')}</th>
                <th>{m('map.column')}</th>
                <th>{m('map.sample')}</th>
              </tr>
            </thead>
            <tbody>
              {FIELDS[kind].map((f) => (
                <tr key={f.key} class={f.required && !mapping[f.key] ? 'import-unmapped' : ''}>
                  <td>
                    {f[lang]}
                    {f.required && <span class="import-required"> *{m('map.required')}</span>}
                  </td>
                  <td>
                    <select
                      data-testid={`import-map-${f.key}`}
                      value={mapping[f.key] ?? ''}
                      disabled={busy}
                      onChange={(e) => {
                        const v = (e.target as HTMLSelectElement).value || null
                        setMapping({ ...mapping, [f.key]: v })
                        setReport(null)
                      }}
                    >
                      <option value="">{m('map.none')}</option>
                      {look.headers.map((h) => (
                        <option key={h} value={h}>
                          {h}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td class="import-sample">{sampleOf(mapping[f.key])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <TemplateBar
            kind={kind}
            mapping={mapping}
            headers={look.headers}
            busy={busy}
            download={download}
            onApply={(next) => {
              setMapping(next)
              setReport(null)
            }}
          />
          {missing.length > 0 && (
            <p class="form-error" data-testid="import-missing">
              {m('map.missing', { fields: missing.map((f) => fieldName(f.key)).join('、') })}
            </p>
          )}
          <div class="import-row">
            <button type="button" class="btn btn-primary" data-testid="import-dry-run" disabled={busy || missing.length > 0} onClick={() => void runCheck()}>
              {m('check.run')}
            </button>
          </div>
        </section>
      )}

      {progress && (
        <p class="import-progress" data-testid="import-progress" role="status">
          {m(`phase.${progress.phase}`, { done: progress.done, total: progress.total })}
        </p>
      )}
      {error && (
        <p class="form-error" data-testid="import-error" role="alert">
          {error}
        </p>
      )}

      {report && (
        <section class="import-step" data-testid="import-report">
          <h3>{report.committed ? m(undo?.step === 'done' ? 'result.reverted' : 'result.done', { run: report.run_id ?? '' }) : m('result.dry')}</h3>
          <div class="import-verdicts">
            {(['insert', 'update', 'unchanged', 'error'] as const).map((v) => (
              <span key={v} class={`import-verdict import-verdict-${v}`} data-testid={`import-count-${v}`}>
                <b>{v === 'insert' ? report.inserted : v === 'update' ? report.updated : v === 'unchanged' ? report.unchanged : report.errors.length}</b>{' '}
                {m(`verdict.${v}`)}
              </span>
            ))}
          </div>
          {report.points && (
            <VerdictMap points={report.points} errors={report.errors} polygons={POLYGON_KINDS.has(kind) || LINE_KINDS.has(kind)} lines={LINE_KINDS.has(kind)} />
          )}
          {report.errors.length > 0 && (
            <>
              <h4>{m('result.errorsTitle')}</h4>
              <table class="import-errors" data-testid="import-errors">
                <thead>
                  <tr>
                    <th>{m('result.row')}</th>
                    <th>{m('result.column')}</th>
                    <th>{m('result.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.slice(0, SHOWN_ERRORS).map((e) => (
                    <tr key={`${e.row}:${e.column}`}>
                      <td>{e.row}</td>
                      <td>{e.column}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.errors.length > SHOWN_ERRORS && <p class="muted">{m('result.more', { n: report.errors.length - SHOWN_ERRORS })}</p>}
              <button
                type="button"
                class="btn"
                data-testid="import-errors-csv"
                onClick={() => download(`import-errors-${report.run_id ?? 'run'}.csv`, errorsCsv(report.errors), 'text/csv;charset=utf-8')}
              >
                {m('result.csv')}
              </button>
            </>
          )}
          {!report.committed && (
            <div class="import-commit">
              <h4>{m('step.commit')}</h4>
              {report.errors.length > 0 && (
                <label class="import-skip">
                  <input
                    type="checkbox"
                    data-testid="import-skip"
                    checked={skipErrors}
                    onChange={(e) => setSkipErrors((e.target as HTMLInputElement).checked)}
                  />
                  {m('commit.skip')}
                </label>
              )}
              {report.errors.length > 0 && !skipErrors && <p class="muted">{m('commit.blocked')}</p>}
              {writable === 0 && <p class="muted">{m('commit.nothing')}</p>}
              <button type="button" class="btn btn-primary" data-testid="import-commit" disabled={busy || !canCommit} onClick={() => void runCommit()}>
                {m('commit.run', { n: writable })}
              </button>
            </div>
          )}
          {report.committed && report.run_id && report.inserted + report.updated > 0 && (
            <div class="import-undo" data-testid="import-undo">
              {undo === null && (
                <button type="button" class="btn btn-danger" data-testid="import-undo-open" disabled={busy} onClick={() => setUndo({ step: 'ask' })}>
                  {m('undo.button')}
                </button>
              )}
              {undo?.step === 'ask' && (
                <div class="import-undo-ask" role="dialog" aria-modal="false" aria-label={m('undo.button')} data-testid="import-undo-confirm">
                  <p>{m('undo.ask', { deleted: report.inserted, restored: report.updated })}</p>
                  <p class="muted">{m('undo.limits')}</p>
                  <button type="button" class="btn btn-danger" data-testid="import-undo-yes" onClick={() => void runUndo()}>
                    {m('undo.yes')}
                  </button>{' '}
                  <button type="button" class="btn" data-testid="import-undo-no" onClick={() => setUndo(null)}>
                    {m('undo.no')}
                  </button>
                </div>
              )}
              {undo?.step === 'running' && (
                <p class="import-progress" role="status" data-testid="import-undo-progress">
                  {m('undo.running', { done: undo.done, total: undo.total })}
                  <progress max={Math.max(undo.total, 1)} value={undo.done} />
                </p>
              )}
              {undo?.step === 'done' && (
                <p class="import-undo-done" role="status" data-testid="import-undo-done">
                  {m('undo.done', { deleted: undo.deleted, restored: undo.restored })}
                </p>
              )}
              {undo?.step === 'refused' && (
                <div class="form-error import-undo-refused" role="alert" data-testid="import-undo-refused">
                  <b>{m('undo.refused')}</b>
                  <pre>{undo.message}</pre>
                  <button type="button" class="btn" onClick={() => setUndo(null)}>
                    {m('undo.close')}
                  </button>
                </div>
              )}
            </div>
          )}
          {report.committed && (
            <button
              type="button"
              class="btn"
              disabled={busy}
              onClick={() => {
                setFile(null)
                setReport(null)
                setUndo(null)
              }}
            >
              {m('again')}
            </button>
          )}
        </section>
      )}
      <RecentRuns refresh={recentKey} busy={busy} onBusy={setRecentBusy} />
      <ExportPanel />
    </div>
  )
}
