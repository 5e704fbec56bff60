// Beside the map: the picked hazard source (distances per class with their basis) and its
// safety_distance_check list; in the scenario, the active candidate's targets inside.
import { useStore } from '../../app/store.ts'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { PROTECTIVE_CLASSES, RELOCATION_STATUSES, protectiveClassById } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import type { PlannerController } from './controller.ts'
import { MESSAGES } from './messages.ts'
import { scenarioCandidates } from './exports.ts'
import { CandidatePipelines, PipelineDistances } from './PipelineDistances.tsx'

const MAX_ROWS = 200

export function DetailPanel({ ctl }: { ctl: PlannerController }) {
  const s = useStore(ctl.store)
  const { m, t, lang, name } = useMessages(MESSAGES)
  const typeName = (code: string | null | undefined) => {
    if (!code) return ''
    const x = s.types[code]
    return x ? (lang === 'zh' ? x.name_zh : x.name_en) : code
  }
  const src = s.picked
  const check = s.pickedCheck
  const active = s.tab === 'scenario' ? scenarioCandidates(s).find((c) => c.label === s.active) : undefined
  if (!src && !s.pickLoading && !s.pickError && !active) return null
  return (
    <aside class="pl-panel pl-right" data-testid="detail-panel">
      {(src || s.pickLoading || s.pickError) && (
        <section class="pl-section" data-testid="source-panel">
          <div class="pl-head-row">
            <h2 class="pl-h2">{m('source.title')}</h2>
            {src && (
              <button type="button" class="btn btn-link" onClick={() => ctl.unpick()}>
                {m('source.close')}
              </button>
            )}
          </div>
          {s.pickLoading && <div class="pl-hint">{m('source.loading')}</div>}
          {s.pickError && <div class="pl-error">{m('source.error', { msg: s.pickError })}</div>}
          {src && (
            <>
              <div class="pl-src-name big" data-testid="picked-name">
                {src.name}
              </div>
              <div class="pl-src-meta">
                {src.enterprise_name} · {m('col.status')}：{name(RELOCATION_STATUSES[src.relocation_status])}
              </div>
              <h3 class="pl-h3">{m('source.distances')}</h3>
              <table class="pl-mini" data-testid="source-distances">
                <tbody>
                  {PROTECTIVE_CLASSES.map((c) => {
                    const d = src.distances.find((x) => x.target_class === c.id)
                    return (
                      <tr key={c.id}>
                        <td>
                          <i class="pl-ring-swatch" style={{ borderColor: rgbCss(c.rgb) }} />
                          {name(c)}
                        </td>
                        <td class="num">{d ? `${formatNumber(d.required_m, lang)} m` : '—'}</td>
                        <td class="pl-basis">
                          {d ? `${m(`basis.${d.basis}`)}${d.basis_reference ? ` ${d.basis_reference}` : ''}${d.basis_date ? ` (${d.basis_date})` : ''}` : ''}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
              <PipelineDistances site={src.geometry} testid="source-pipelines" />
              {check && (
                <div class="pl-count" data-testid="check-count">
                  {check.length
                    ? m('source.inside', {
                        n: check.length,
                        people: t('unit.people', {
                          n: formatNumber(
                            check.reduce((a, r) => a + r.population, 0),
                            lang,
                          ),
                        }),
                      })
                    : m('source.none')}
                </div>
              )}
              <div class="pl-row">
                <button
                  type="button"
                  class="btn btn-primary"
                  data-testid="start-scenario"
                  onClick={() => {
                    ctl.setDistances(ctl.sourceDistances(src), { id: src.id, name: src.name })
                    ctl.setTab('scenario')
                  }}
                >
                  {m('source.startScenario')}
                </button>
              </div>
              {check && check.length > 0 && (
                <TargetTable
                  rows={check.slice(0, MAX_ROWS).map((r) => ({
                    ...r,
                    risk: r.risk_criterion_failed ? m('source.riskFailed', { risk: r.individual_risk ?? '', limit: r.risk_criterion ?? '' }) : '',
                  }))}
                  more={Math.max(0, check.length - MAX_ROWS)}
                  testid="check-list"
                  typeName={typeName}
                />
              )}
            </>
          )}
        </section>
      )}
      {active && <CandidatePipelines label={active.label} site={active.geometry} />}
      {active && active.targets.length > 0 && (
        <section class="pl-section" data-testid="candidate-targets">
          <h2 class="pl-h2">{m('scn.targetsOf', { label: active.label })}</h2>
          {active.source === 'browser' && <div class="pl-hint">{m('scn.live')}</div>}
          <TargetTable
            rows={active.targets.slice(0, MAX_ROWS)}
            more={Math.max(0, active.targets.length - MAX_ROWS)}
            testid="candidate-list"
            typeName={typeName}
          />
        </section>
      )}
    </aside>
  )
}

interface Row {
  id: string
  name?: string | null
  target_class: string
  type_code?: string | null
  population: number
  distance_m: number
  required_m: number
  shortfall_m: number
  risk?: string
}

function TargetTable({ rows, more, testid, typeName }: { rows: Row[]; more: number; testid: string; typeName: (c: string | null | undefined) => string }) {
  const { m, lang, name } = useMessages(MESSAGES)
  return (
    <>
      <table class="pl-table compact" data-testid={testid}>
        <thead>
          <tr>
            <th>{m('col.target')}</th>
            <th class="num">{m('col.distance')}</th>
            <th class="num">{m('col.required')}</th>
            <th class="num">{m('col.gap')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const c = protectiveClassById(r.target_class)
            return (
              <tr key={r.id} data-testid="target-row" data-id={r.id}>
                <td>
                  <div>
                    <i class="pl-swatch" style={{ background: c ? rgbCss(c.rgb) : '#888' }} />
                    {r.name ?? r.id.slice(0, 8)}
                  </div>
                  <div class="pl-src-meta">
                    {c ? name(c) : r.target_class}
                    {r.type_code ? ` · ${typeName(r.type_code)}` : ''} · {formatNumber(r.population, lang)}
                  </div>
                  {r.risk && <div class="pl-error">{r.risk}</div>}
                </td>
                <td class="num">{formatNumber(r.distance_m, lang, 0)}</td>
                <td class="num">{formatNumber(r.required_m, lang, 0)}</td>
                <td class="num shortfall">{formatNumber(r.shortfall_m, lang, 0)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {more > 0 && <div class="pl-hint">{m('scn.more', { n: more })}</div>}
    </>
  )
}
