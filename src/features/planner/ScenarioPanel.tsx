// Candidate sites: add a point or draw a plot, distances per class, the browser's live answer
// next to evaluate_site's, the side-by-side comparison, a park's suitable area, and exports.
import { useStore } from '../../app/store.ts'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { PROTECTIVE_CLASSES } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import { compareCandidates } from '../../domain/plannerReport.ts'
import type { Candidate, PlannerController } from './controller.ts'
import { MESSAGES } from './messages.ts'
import { downloadCsv, downloadGeoJson, scenarioCandidates } from './exports.ts'
import { RankingWhy } from './RankingWhy.tsx'
import { SavedScenariosBar } from './SavedScenariosBar.tsx'

export function ScenarioPanel({ ctl }: { ctl: PlannerController }) {
  const s = useStore(ctl.store)
  const { m, lang, name } = useMessages(MESSAGES)
  const full = s.candidates.length >= 3
  const rows = compareCandidates(scenarioCandidates(s))
  const park = s.parks.find((p) => p.id === s.parkId)
  const suitStale = s.suitability && s.suitabilityFor !== JSON.stringify(s.distances)
  return (
    <div class="pl-scenario" data-testid="scenario">
      <SavedScenariosBar ctl={ctl} />
      <div class="pl-section">
        <h2 class="pl-h2">{m('scn.title')}</h2>
        <p class="pl-hint">{m('scn.hint')}</p>
        {s.drawing ? (
          <div class="pl-row">
            <span class="pl-hint" data-testid="drawing-hint">
              {m('scn.drawing')} ({s.drawing.length})
            </span>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="draw-finish"
              disabled={s.drawing.length < 3}
              onClick={() => ctl.scenario.finishDrawing()}
            >
              {m('scn.finish')}
            </button>
            <button type="button" class="btn btn-outline" onClick={() => ctl.scenario.cancelDrawing()}>
              {m('scn.cancel')}
            </button>
          </div>
        ) : (
          <div class="pl-row">
            <button type="button" class="btn btn-primary" data-testid="add-point" disabled={full || !s.mapReady} onClick={() => ctl.scenario.addPoint()}>
              {m('scn.addPoint')}
            </button>
            <button type="button" class="btn btn-outline" data-testid="add-polygon" disabled={full || !s.mapReady} onClick={() => ctl.scenario.startDrawing()}>
              {m('scn.addPolygon')}
            </button>
            {full && <span class="pl-hint">{m('scn.max')}</span>}
          </div>
        )}
      </div>

      <div class="pl-section">
        <h3 class="pl-h3">{m('scn.distances')}</h3>
        <div class="pl-hint">{s.distancesFrom ? m('scn.distancesFrom', { name: s.distancesFrom.name }) : m('scn.distancesExample')}</div>
        <div class="pl-distances">
          {PROTECTIVE_CLASSES.map((c) => (
            <label key={c.id}>
              <i class="pl-swatch" style={{ background: rgbCss(c.rgb) }} />
              <span>{name(c)}</span>
              <input
                type="number"
                min={0}
                max={50000}
                step={10}
                data-testid={`distance-${c.id}`}
                value={s.distances[c.id]}
                onChange={(e) => ctl.scenario.setDistance(c.id, Number((e.target as HTMLInputElement).value))}
              />
            </label>
          ))}
        </div>
      </div>

      <div class="pl-section">
        {s.candidates.length === 0 && <div class="pl-empty">{m('scn.none')}</div>}
        {s.candidates.map((c) => (
          <CandidateCard key={c.label} ctl={ctl} c={c} active={c.label === s.active} loaded={s.loadedTargets} pending={s.pendingTiles} />
        ))}
      </div>

      {rows.length > 0 && (
        <div class="pl-section" data-testid="comparison">
          <h3 class="pl-h3">{m('scn.compare')}</h3>
          <table class="pl-compare">
            <thead>
              <tr>
                <th />
                {rows.map((r) => (
                  <th key={r.label} class={r.best ? 'best' : ''}>
                    {r.label} · {m(`scn.kind.${r.kind}`)}
                    {r.best ? ` ★${m('scn.best')}` : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {PROTECTIVE_CLASSES.map((c) => (
                <tr key={c.id}>
                  <th>
                    <i class="pl-swatch" style={{ background: rgbCss(c.rgb) }} />
                    {name(c)}
                  </th>
                  {rows.map((r) => (
                    <td key={r.label} class="num" data-testid={`cmp-${r.label}-${c.id}`}>
                      {r.summary.by_class[c.id].count}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th>{m('scn.targetsTotal')}</th>
                {rows.map((r) => (
                  <td key={r.label} class="num" data-testid={`cmp-${r.label}-total`}>
                    {r.summary.violations}
                  </td>
                ))}
              </tr>
              <tr>
                <th>{m('scn.population')}</th>
                {rows.map((r) => (
                  <td key={r.label} class="num" data-testid={`cmp-${r.label}-population`}>
                    {formatNumber(r.summary.population, lang)}
                  </td>
                ))}
              </tr>
              <tr>
                <th>{m('scn.worst')}</th>
                {rows.map((r) => (
                  <td key={r.label} class="num">
                    {formatNumber(r.worstShortfall, lang, 0)} m
                  </td>
                ))}
              </tr>
              <tr>
                <th>{m('scn.result')}</th>
                {rows.map((r) => (
                  <td key={r.label} data-testid={`cmp-${r.label}-result`}>
                    <span class={`pl-verdict ${r.summary.compliant ? 'ok' : 'bad'}`}>
                      {r.summary.compliant ? `✓ ${m('scn.compliant')}` : `✗ ${m('scn.notCompliant')}`}
                    </span>
                    {r.source === 'browser' && <div class="pl-hint">{m('scn.live')}</div>}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <RankingWhy sites={rows} />
        </div>
      )}

      <div class="pl-section" data-testid="suitability">
        <h3 class="pl-h3">{m('suit.title')}</h3>
        <div class="pl-row">
          <select data-testid="park-select" value={s.parkId ?? ''} onChange={(e) => ctl.suitability.setPark((e.target as HTMLSelectElement).value || null)}>
            <option value="">{m('suit.pick')}</option>
            {s.parks.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="suit-compute"
            disabled={!park || s.suitabilityLoading}
            onClick={() => void ctl.suitability.computeSuitability()}
          >
            {s.suitabilityLoading ? m('suit.loading') : m('suit.compute')}
          </button>
        </div>
        {s.suitabilityError && <div class="pl-error">{m('suit.error', { msg: s.suitabilityError })}</div>}
        {s.suitability && (
          <div class={`pl-suit-result${suitStale ? ' stale' : ''}`} data-testid="suit-result">
            {s.suitability.suitable
              ? m('suit.result', {
                  area: formatNumber(s.suitability.area_m2 / 10000, lang, 1),
                  share: formatNumber((100 * s.suitability.area_m2) / Math.max(1, s.suitability.total_area_m2), lang, 1),
                  n: s.suitability.blocking_targets,
                })
              : m('suit.noneLeft')}
            {s.blocking && (
              <div class="pl-hint" data-testid="suit-blocking" data-n={s.blocking.length}>
                {m('suit.blocking', { n: s.blocking.length })}
              </div>
            )}
          </div>
        )}
      </div>

      <div class="pl-section">
        <h3 class="pl-h3">{m('export.title')}</h3>
        <div class="pl-row">
          <button
            type="button"
            class="btn btn-outline"
            data-testid="export-print"
            disabled={s.candidates.length === 0}
            onClick={() => void ctl.openPrintAfterFit()}
          >
            {m('export.print')}
          </button>
          <button
            type="button"
            class="btn btn-outline"
            data-testid="export-csv"
            disabled={s.candidates.length === 0}
            onClick={() => downloadCsv(ctl, lang, m('export.stem'))}
          >
            {m('export.csv')}
          </button>
          <button
            type="button"
            class="btn btn-outline"
            data-testid="export-geojson"
            disabled={s.candidates.length === 0}
            onClick={() => downloadGeoJson(ctl, m('export.stem'))}
          >
            {m('export.geojson')}
          </button>
        </div>
      </div>
    </div>
  )
}

function CandidateCard({ ctl, c, active, loaded, pending }: { ctl: PlannerController; c: Candidate; active: boolean; loaded: number; pending: number }) {
  const { m, t, lang, name } = useMessages(MESSAGES)
  const live = c.live
  const srv = c.server
  const partial = (live?.missingTiles.length ?? 0) > 0
  const coords = c.geometry.type === 'Point' ? `${c.geometry.coordinates[0].toFixed(5)}, ${c.geometry.coordinates[1].toFixed(5)}` : m('scn.kind.polygon')
  return (
    <div class={`pl-cand${active ? ' active' : ''}`} data-testid={`candidate-${c.label}`} onClick={() => ctl.scenario.setActive(c.label)}>
      <div class="pl-cand-head">
        <span class="pl-cand-label">{c.label}</span>
        <span class="pl-cand-coords">{coords}</span>
        <button
          type="button"
          class="btn btn-link"
          onClick={(e) => {
            e.stopPropagation()
            ctl.scenario.removeCandidate(c.label)
          }}
        >
          {m('scn.remove')}
        </button>
      </div>
      <div class="pl-cand-results">
        <div class="pl-res">
          <div class="pl-res-title">{m('scn.live')}</div>
          <div class="pl-res-count" data-testid={`live-count-${c.label}`}>
            {live ? live.summary.violations : '—'}
          </div>
          <div class="pl-res-meta">{live ? m('scn.liveTime', { ms: c.liveMs < 0.1 ? '< 0.1' : c.liveMs.toFixed(2), n: formatNumber(loaded, lang) }) : ''}</div>
          {(partial || pending > 0) && <div class="pl-hint warn">{m('scn.partial')}</div>}
        </div>
        <div class="pl-res">
          <div class="pl-res-title">{m('scn.server')}</div>
          <div class="pl-res-count" data-testid={`server-count-${c.label}`}>
            {srv ? srv.summary.violations : c.serverLoading ? '…' : '—'}
          </div>
          <div class="pl-res-meta">
            {c.serverLoading ? (
              m('scn.checking')
            ) : c.serverError ? (
              <span class="pl-error">{m('scn.serverError', { msg: c.serverError })}</span>
            ) : srv ? (
              <span class={`pl-verdict ${srv.summary.compliant ? 'ok' : 'bad'}`}>
                {srv.summary.compliant ? m('scn.compliant') : m('scn.notCompliant')} · {t('unit.people', { n: formatNumber(srv.summary.population, lang) })}
              </span>
            ) : (
              ''
            )}
          </div>
        </div>
      </div>
      {c.agreement && (
        <div class={`pl-agree ${c.agreement.agree ? 'ok' : 'bad'}`} data-testid={`agreement-${c.label}`} data-agree={String(c.agreement.agree)}>
          {c.agreement.agree ? `✓ ${m('scn.agree')}` : `⚠ ${m('scn.disagree', { b: c.agreement.onlyBrowser.length, s: c.agreement.onlyServer.length })}`}
          {c.agreement.borderline.length > 0 && ` ${m('scn.borderline', { n: c.agreement.borderline.length })}`}
        </div>
      )}
      {live && live.summary.violations > 0 && (
        <div class="pl-class-chips">
          {PROTECTIVE_CLASSES.filter((k) => (srv ?? live).summary.by_class[k.id].count > 0).map((k) => (
            <span key={k.id} class="pl-chip" style={{ borderColor: rgbCss(k.rgb) }}>
              <i style={{ background: rgbCss(k.rgb) }} />
              {name(k)} <b>{(srv ?? live).summary.by_class[k.id].count}</b>
            </span>
          ))}
        </div>
      )}
    </div>
  )
}
