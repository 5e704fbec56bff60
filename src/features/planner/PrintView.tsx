// A printable report of the scenario: map snapshot, inputs, results, date. On screen it is an
// overlay with Print / Back; @media print (planner.css) prints only this.
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { PROTECTIVE_CLASSES } from '../../domain/categories.ts'
import { rgbCss } from '../../domain/levels.ts'
import { compareCandidates } from '../../domain/plannerReport.ts'
import type { PlannerController } from './controller.ts'
import { MESSAGES } from './messages.ts'
import { scenarioCandidates } from './exports.ts'
import { PrintPipelines } from './PipelineDistances.tsx'
import { MapFurniture } from './printFurniture.tsx'
import { RankingWhy } from './RankingWhy.tsx'

const MAX_TARGETS = 30

export function PrintView({ ctl }: { ctl: PlannerController }) {
  const s = useStore(ctl.store)
  const session = useStore(sessionStore)
  const { m, t, lang, name } = useMessages(MESSAGES)
  const cands = scenarioCandidates(s)
  const rows = compareCandidates(cands)
  const date = new Date()
  const dateText = date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
  const coords = (g: (typeof cands)[number]['geometry']) =>
    g.type === 'Point'
      ? `${g.coordinates[1].toFixed(5)}°N, ${g.coordinates[0].toFixed(5)}°E`
      : (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0])
          .slice(0, -1)
          .map((p) => `(${p[1].toFixed(5)}, ${p[0].toFixed(5)})`)
          .join(' ')
  return (
    <div class="pl-print" data-testid="print-view">
      <div class="pl-print-bar no-print">
        <button type="button" class="btn btn-primary" data-testid="print-now" onClick={() => window.print()}>
          {m('print.doPrint')}
        </button>
        <button type="button" class="btn btn-outline" data-testid="print-close" onClick={() => ctl.closePrint()}>
          {m('print.close')}
        </button>
      </div>
      <article class="pl-report">
        <header>
          <h1>{m('print.title')}</h1>
          <div class="pl-report-meta">
            <span data-testid="print-date">{m('print.date', { date: dateText })}</span>
            {session.user && <span>{m('print.by', { who: session.user.email })}</span>}
            <span class="pl-demo">{t('app.demo')}</span>
          </div>
        </header>
        {s.snapshot && (
          <figure>
            <div class="pl-map-frame">
              <img src={s.snapshot} alt={m('print.map')} data-testid="print-map" />
              <MapFurniture map={ctl.map} />
            </div>
            <figcaption>{m('print.map')}</figcaption>
          </figure>
        )}
        <h2>{m('print.inputs')}</h2>
        <p>{s.picked ? m('print.source', { name: s.picked.name, enterprise: s.picked.enterprise_name }) : m('print.noSource')}</p>
        {cands.map((c) => (
          <p key={c.label}>
            {m('print.site', { label: c.label, kind: m(`scn.kind.${c.geometry.type === 'Point' ? 'point' : 'polygon'}`), coords: coords(c.geometry) })}
          </p>
        ))}
        <table class="pl-report-table">
          <thead>
            <tr>
              <th>{m('col.class')}</th>
              <th class="num">{m('col.required')} (m)</th>
            </tr>
          </thead>
          <tbody>
            {PROTECTIVE_CLASSES.map((c) => (
              <tr key={c.id}>
                <td>
                  <i class="pl-swatch" style={{ background: rgbCss(c.rgb) }} />
                  {name(c)}
                </td>
                <td class="num">{formatNumber(s.distances[c.id], lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{m('print.results')}</h2>
        <table class="pl-report-table" data-testid="print-comparison">
          <thead>
            <tr>
              <th />
              {rows.map((r) => (
                <th key={r.label}>{r.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PROTECTIVE_CLASSES.map((c) => (
              <tr key={c.id}>
                <td>{name(c)}</td>
                {rows.map((r) => (
                  <td key={r.label} class="num">
                    {r.summary.by_class[c.id].count}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <td>{m('scn.population')}</td>
              {rows.map((r) => (
                <td key={r.label} class="num">
                  {formatNumber(r.summary.population, lang)}
                </td>
              ))}
            </tr>
            <tr>
              <td>{m('scn.worst')}</td>
              {rows.map((r) => (
                <td key={r.label} class="num">
                  {formatNumber(r.worstShortfall, lang)} m
                </td>
              ))}
            </tr>
            <tr>
              <td>{m('scn.result')}</td>
              {rows.map((r) => (
                <td key={r.label}>
                  <b>{r.summary.compliant ? `✓ ${m('scn.compliant')}` : `✗ ${m('scn.notCompliant')}`}</b>
                  {r.source === 'browser' ? m('print.unconfirmed') : ''}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
        <RankingWhy sites={rows} />
        {cands
          .filter((c) => c.targets.length > 0)
          .map((c) => (
            <section key={c.label} class="pl-report-targets">
              <h3>{m('scn.targetsOf', { label: c.label })}</h3>
              <table class="pl-report-table">
                <thead>
                  <tr>
                    <th>{m('col.target')}</th>
                    <th>{m('col.class')}</th>
                    <th class="num">{m('col.population')}</th>
                    <th class="num">{m('col.distance')} (m)</th>
                    <th class="num">{m('col.required')} (m)</th>
                    <th class="num">{m('col.gap')} (m)</th>
                  </tr>
                </thead>
                <tbody>
                  {c.targets.slice(0, MAX_TARGETS).map((x) => (
                    <tr key={x.id}>
                      <td>{x.name ?? x.id.slice(0, 8)}</td>
                      <td>{name(PROTECTIVE_CLASSES.find((k) => k.id === x.target_class))}</td>
                      <td class="num">{formatNumber(x.population, lang)}</td>
                      <td class="num">{formatNumber(x.distance_m, lang, 1)}</td>
                      <td class="num">{formatNumber(x.required_m, lang)}</td>
                      <td class="num">{formatNumber(x.shortfall_m, lang, 1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {c.targets.length > MAX_TARGETS && <p class="pl-hint">{m('scn.more', { n: c.targets.length - MAX_TARGETS })}</p>}
            </section>
          ))}
        <PrintPipelines candidates={cands} />
        <footer>
          <p>{m('print.method')}</p>
          <p>{m('print.demo')}</p>
        </footer>
      </article>
    </div>
  )
}
