// The planner's distance to pipelines (issue 19): for the picked source or a candidate site, the
// nearest lines within 1 km (pipelines_near_site, the caller's RLS), each flagged by
// 石油天然气管道保护法: art. 30 (≤ 5 m: no buildings) and art. 35(3) (≤ 200 m: works need a
// permit). Shown in the detail panel and in the print.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { pipelinesNearSite, type NearPipeline } from '../../data/incidentPipeline.ts'
import type { SiteGeometry } from '../../domain/plannerGeo.ts'
import { mediumInfo } from '../../domain/pipelines.ts'
import { pressureClass } from '../../domain/pipelineProtection.ts'
import { rgbCss } from '../../domain/levels.ts'
import { PIPE_MESSAGES } from './pipelineMessages.ts'
import './pipelines.css'

export const PIPE_RADIUS_M = 1000
export const PIPE_SHOWN = 5

export function PipelineDistances({ site, testid = 'pipeline-distances' }: { site: SiteGeometry; testid?: string }) {
  const { m, lang } = useMessages(PIPE_MESSAGES)
  const [rows, setRows] = useState<NearPipeline[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const key = JSON.stringify(site)
  useEffect(() => {
    const abort = new AbortController()
    setRows(null)
    setError(null)
    pipelinesNearSite(site, PIPE_RADIUS_M, PIPE_SHOWN, abort.signal).then(
      (r) => !abort.signal.aborted && setRows(r),
      (e: Error) => !abort.signal.aborted && setError(e.message),
    )
    return () => abort.abort()
  }, [key])
  const r = `${formatNumber(PIPE_RADIUS_M, lang)} m`
  return (
    <div class="pl-pipes" data-testid={testid} data-status={error ? 'error' : rows ? 'ok' : 'loading'}>
      <h3 class="pl-h3">{m('pipe.title', { r })}</h3>
      {error && <div class="pl-error">{m('pipe.error', { msg: error })}</div>}
      {!error && !rows && <div class="pl-hint">{m('pipe.loading')}</div>}
      {rows && rows.length === 0 && <div class="pl-hint">{m('pipe.none', { r })}</div>}
      {rows && rows.length > 0 && (
        <table class="pl-mini">
          <thead>
            <tr>
              <th>{m('pipe.col.line')}</th>
              <th class="num">{m('pipe.col.distance')}</th>
            </tr>
          </thead>
          {rows.map((p) => {
            const med = mediumInfo(p.medium)
            const cls = pressureClass(p.medium, p.pressure_mpa)
            return (
              // one pipeline, two lines: its name and distance, then its protection requirement across
              // the whole width (a third column wrapped it a few characters a line in the detail panel)
              <tbody key={p.id} class="pl-pipe" data-testid="pipeline-row" data-id={p.id} data-rule={p.rule} data-distance={p.distance_m}>
                <tr>
                  <td>
                    <div>
                      <i class="pl-swatch" style={{ background: med ? rgbCss(med.rgb) : '#888' }} />
                      {p.name}
                    </div>
                    <div class="pl-src-meta">
                      {med?.[lang] ?? p.medium}
                      {p.pressure_mpa !== null ? ` · ${formatNumber(p.pressure_mpa, lang, 2)} MPa${cls ? ` ${cls[lang]}` : ''}` : ''}
                    </div>
                  </td>
                  <td class="num">{formatNumber(p.distance_m, lang, 1)} m</td>
                </tr>
                <tr class="pl-pipe-flag">
                  <td colSpan={2} class={p.rule === 'forbidden' ? 'pl-error' : p.rule === 'permit' ? 'pl-pipe-permit' : 'pl-hint'}>
                    <span class="pl-pipe-flag-label">{m('pipe.flag')}</span>
                    {m(`pipe.${p.rule}`)}
                  </td>
                </tr>
              </tbody>
            )
          })}
        </table>
      )}
      <div class="pl-hint pl-pipe-rule">{m('pipe.rule')}</div>
    </div>
  )
}

/** The active candidate's section of the detail panel. */
export function CandidatePipelines({ label, site }: { label: string; site: SiteGeometry }) {
  const { m } = useMessages(PIPE_MESSAGES)
  return (
    <section class="pl-section" data-testid="candidate-pipelines-section">
      <h2 class="pl-h2">{m('pipe.of', { label })}</h2>
      <PipelineDistances site={site} testid="candidate-pipelines" />
    </section>
  )
}

/** Each candidate's nearest pipelines in the print. */
export function PrintPipelines({ candidates }: { candidates: readonly { label: string; geometry: SiteGeometry }[] }) {
  const { m } = useMessages(PIPE_MESSAGES)
  return (
    <>
      {candidates.map((c) => (
        <section key={c.label} class="pl-report-targets" data-testid="print-pipelines">
          <h3>{m('pipe.of', { label: c.label })}</h3>
          <PipelineDistances site={c.geometry} testid={`print-pipelines-${c.label}`} />
        </section>
      ))}
    </>
  )
}
