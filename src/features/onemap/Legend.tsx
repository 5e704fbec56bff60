// Legend (bottom-right): every colour with its name, for the layers that are on. The frame (fold,
// area layers) is the one map's; each registry layer brings its own group (src/layers/<name>/ui.tsx).
import { useState } from 'preact/hooks'
import type { OneMapController, Mode } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { useI18n } from '../../app/i18n.ts'
import { RISK_LEVELS, rgbCss } from '../../domain/levels.ts'
import { AREA_RISK_FILL_OPACITY } from '../../map/layers/areaRisk.ts'
import { layersFor } from '../../layers/registry.ts'
import type { LegendEntry } from '../../layers/ui/parts.ts'
import { AreaSwatch, ParkSwatch } from '../../layers/ui/symbols.tsx'

/** The registry's layers of a mode, in panel order (the legend lists them as the panel does). */
function legendLayers(mode: Mode) {
  return [...layersFor(mode === 'public' ? 'public' : 'staff')].sort((a, b) => a.panelOrder - b.panelOrder)
}

function LegendGroup({ entry }: { entry: LegendEntry }) {
  return (
    <div class="legend-group">
      <div class="legend-title">{entry.title}</div>
      {entry.blocks.map((b, i) => {
        const items = b.items.map((it) => (
          <div class="legend-item" key={it.key} data-testid={it.testid}>
            {it.symbol()}
            <span>{it.label}</span>
          </div>
        ))
        return b.layout ? (
          <div class={`legend-${b.layout}`} key={i}>
            {items}
          </div>
        ) : (
          items
        )
      })}
      {entry.note && (
        <div class="legend-note" data-testid={entry.note.testid}>
          {entry.note.text}
        </div>
      )}
    </div>
  )
}

/** Screens on which the legend starts folded. */
export const LEGEND_FOLDED_QUERY = '(max-width: 1023px), (max-height: 800px)'

export function Legend({ ctl }: { ctl: OneMapController }) {
  const s = useStore(ctl.store)
  const { t, lang } = useI18n()
  // on a small screen (a tablet, a 768 px high laptop) the open legend would cover a third of the
  // map: it starts folded there, one tap away (issue 21)
  const [userOpen, setOpen] = useState(() => typeof matchMedia !== 'function' || !matchMedia(LEGEND_FOLDED_QUERY).matches)
  // the legend folds away while a detail card is open (they share the right side) and comes back after
  const open = userOpen && s.selection.status === 'idle'
  const v = s.visible
  const full = s.mode === 'full'

  return (
    <div class={`legend ${open ? '' : 'legend-closed'}`} data-testid="legend">
      <button type="button" class="legend-head" onClick={() => setOpen(!userOpen)} aria-expanded={open} data-testid="legend-toggle">
        {t('legend.title')} <span class="chev">{open ? '▾' : '▴'}</span>
      </button>
      {open && (
        <div class="legend-body">
          {legendLayers(s.mode).map((l) => {
            const e = v[l.key] ? l.ui.legend({ lang, t, audience: full ? 'staff' : 'public' }) : null
            return e && <LegendGroup key={l.key} entry={e} />
          })}
          {v.area_risk && (
            <div class="legend-group" data-testid="legend-area-risk">
              <div class="legend-title">{t('legend.areaRisk')}</div>
              <div class="legend-grid">
                {RISK_LEVELS.map((l) => (
                  <div class="legend-item" key={l.level} data-testid={`legend-area-level-${l.level}`}>
                    <span
                      class="sym sym-area-risk"
                      aria-hidden="true"
                      style={{ background: rgbCss(l.rgb, AREA_RISK_FILL_OPACITY), borderColor: rgbCss(l.rgb) }}
                    />
                    <span>{l[lang]}</span>
                  </div>
                ))}
                <div class="legend-item">
                  <span class="sym sym-area-risk" aria-hidden="true" style={{ background: 'rgba(196,204,212,.35)', borderColor: '#c4ccd4' }} />
                  <span>{t('legend.areaNone')}</span>
                </div>
              </div>
              <div class="legend-note" data-testid="legend-area-note">
                {t('legend.areaRiskNote')}
              </div>
            </div>
          )}
          {(v.chemical_parks || v.areas) && (
            <div class="legend-group legend-row">
              {v.chemical_parks && (
                <div class="legend-item">
                  <ParkSwatch />
                  <span>{t('legend.park')}</span>
                </div>
              )}
              {v.areas && (
                <div class="legend-item">
                  <AreaSwatch />
                  <span>{t('legend.district')}</span>
                </div>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  )
}
