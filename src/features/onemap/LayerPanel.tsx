// Left panel: search, layer toggles with live counts (layer_counts of the current view), filters.
// Each registry layer brings its symbol, name and counts (src/layers/<name>/ui.tsx).
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { LAYERS_BY_MODE, type AreaLayerKey, type LayerKey, type OneMapController } from './controller.ts'
import type { AreaLevelShown } from '../../map/layers/areas.ts'

const AREA_RISK_LEVELS: readonly AreaLevelShown[] = ['district', 'street', 'grid']
import { useStore } from '../../app/store.ts'
import { useI18n, type I18nKey } from '../../app/i18n.ts'
import { RISK_LEVELS } from '../../domain/levels.ts'
import { isRegistered, layerModule } from '../../layers/registry.ts'
import { layerName, type PanelCount } from '../../layers/ui/parts.ts'
import { AreaRiskSwatch, AreaSwatch, LevelDot, ParkSwatch } from '../../layers/ui/symbols.tsx'
import { SearchBox } from './SearchBox.tsx'
import { CodeOptions } from '../../app/CodeOptions.tsx'

/** The area layers' symbols (the registry's layers bring their own). */
const AREA_SYMBOL: Record<AreaLayerKey, () => ComponentChildren> = {
  chemical_parks: () => <ParkSwatch />,
  areas: () => <AreaSwatch />,
  area_risk: () => <AreaRiskSwatch />,
}

export function LayerPanel({ ctl }: { ctl: OneMapController }) {
  const s = useStore(ctl.store)
  const { t, lang } = useI18n()
  const [collapsed, setCollapsed] = useState(false)
  const counts = s.counts
  const isPublic = s.mode === 'public'

  const audience = isPublic ? 'public' : 'staff'
  const countFor = (key: LayerKey): PanelCount => (counts && isRegistered(key) ? layerModule(key).ui.count(counts, { lang, t, audience }) : {})
  const symbolOf = (key: LayerKey): ComponentChildren => (isRegistered(key) ? layerModule(key).ui.symbol() : AREA_SYMBOL[key]())

  if (collapsed) {
    return (
      <aside class="om-panel om-panel-collapsed" data-testid="layer-panel">
        <button type="button" class="btn btn-icon" title={t('panel.expand')} data-testid="panel-expand" onClick={() => setCollapsed(false)}>
          ›
        </button>
      </aside>
    )
  }

  const layerLabel = (key: LayerKey): string => (isRegistered(key) ? layerName(layerModule(key).ui, lang, audience) : t(`layer.${key}` as I18nKey))

  return (
    <aside class="om-panel" data-testid="layer-panel">
      <SearchBox ctl={ctl} isPublic={isPublic} />

      <section class="panel-section">
        <div class="section-head">
          <h2>{t('panel.layers')}</h2>
          <span class="section-note" data-testid="counts-status">
            {s.countsStatus === 'loading' ? t('count.loading') : s.countsStatus === 'error' ? t('count.error') : t('panel.inView')}
          </span>
          <button type="button" class="btn btn-icon" title={t('panel.collapse')} onClick={() => setCollapsed(true)}>
            ‹
          </button>
        </div>
        <ul class="layer-list">
          {LAYERS_BY_MODE[s.mode].map((key) => {
            const c = countFor(key)
            const status = s.layerStatus[key]
            return (
              <li key={key} class={`layer-row ${s.visible[key] ? '' : 'is-off'}`} data-testid={`layer-${key}`}>
                <label class="layer-toggle">
                  <input
                    type="checkbox"
                    checked={s.visible[key]}
                    data-testid={`toggle-${key}`}
                    onChange={(e) => ctl.setVisible(key, (e.target as HTMLInputElement).checked)}
                  />
                  <span class="layer-symbol">{symbolOf(key)}</span>
                  <span class="layer-name">{layerLabel(key)}</span>
                  {status === 'loading' && <span class="spinner" aria-label={t('map.loading')} />}
                  {status === 'error' && (
                    <span class="layer-error" title={s.layerError[key]} data-testid={`error-${key}`}>
                      !
                    </span>
                  )}
                  {c.main !== undefined && (
                    <span class="layer-count" data-testid={`count-${key}`}>
                      {c.main}
                    </span>
                  )}
                </label>
                {c.sub && s.visible[key] && <div class="layer-sub">{c.sub}</div>}
                {key === 'area_risk' && s.visible.area_risk && (
                  <div class="layer-sub">
                    <label class="area-level-select">
                      <span>{t('area.levelSelect')}</span>
                      <select
                        data-testid="area-risk-level-select"
                        value={s.areaRiskLevel}
                        onChange={(e) => ctl.setAreaRiskLevel((e.target as HTMLSelectElement).value as AreaLevelShown)}
                      >
                        {AREA_RISK_LEVELS.map((l) => (
                          <option key={l} value={l}>
                            {t(`area.level.${l}` as I18nKey)}
                          </option>
                        ))}
                      </select>
                    </label>
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      </section>

      <section class="panel-section" data-testid="filters">
        <div class="section-head">
          <h2>{t('panel.filters')}</h2>
          <button type="button" class="btn btn-link" data-testid="filter-reset" onClick={() => ctl.resetFilters()}>
            {t('filter.reset')}
          </button>
        </div>
        <div class="filter-label">{t('filter.levels')}</div>
        <div class="level-chips" role="group" aria-label={t('filter.levels')}>
          {RISK_LEVELS.map((l) => {
            const on = s.filters.levels.includes(l.level)
            return (
              <button
                type="button"
                key={l.level}
                class={`level-chip ${on ? 'on' : ''}`}
                aria-pressed={on}
                data-testid={`filter-level-${l.level}`}
                onClick={() => ctl.toggleLevel(l.level)}
              >
                <LevelDot level={l.level} size={10} />
                {l[lang]}
              </button>
            )
          })}
        </div>
        {!isPublic && (
          <label class="filter-field">
            <span class="filter-label">{t('filter.industry')}</span>
            <select
              data-testid="filter-industry"
              value={s.filters.industry ?? ''}
              onChange={(e) => ctl.setIndustry((e.target as HTMLSelectElement).value || null)}
            >
              <CodeOptions items={s.industries} lang={lang} allLabel={t('filter.allIndustries')} />
            </select>
          </label>
        )}
        <label class="filter-field">
          <span class="filter-label">{t('filter.area')}</span>
          <select data-testid="filter-area" value={s.filters.area ?? ''} onChange={(e) => ctl.setArea((e.target as HTMLSelectElement).value || null)}>
            <option value="">{t('filter.allAreas')}</option>
            {s.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {lang === 'zh' ? d.name : d.nameEn}
              </option>
            ))}
          </select>
        </label>
      </section>
    </aside>
  )
}
