// A thin status line at the bottom of the map: zoom, loading, basemap and data-service state.
import type { OneMapController } from './controller.ts'
import { useStore } from '../../app/store.ts'
import { useI18n, useMessages, type I18nKey } from '../../app/i18n.ts'
import { MESSAGES } from './messages.ts'
import type { Detail } from '../../data/mapApi.ts'
import { isRegistered, layerModule } from '../../layers/registry.ts'
import { kindName, layerName } from '../../layers/ui/parts.ts'
import type { LinkNotice } from './controller.ts'

/** The status-bar line for what became of a followed link. */
function LinkNoticeText({ n }: { n: LinkNotice }) {
  const { m, t, lang } = useMessages(MESSAGES)
  const layer = (l: string) => {
    const layer = isRegistered(l) ? layerModule(l) : null
    const s = layer ? kindName(layer.ui, l as Detail['kind'], lang) : t(`detail.kind.${l}` as I18nKey)
    return lang === 'en' ? s.toLowerCase() : s
  }
  switch (n.key) {
    case 'finding':
      return <>{m('link.finding')}</>
    case 'invalid':
      return <>{m(`link.invalid.${n.reason}`, { value: n.value })}</>
    case 'error':
      return <>{m('link.error', { msg: n.message })}</>
    default:
      return <>{m(`link.${n.key}`, { layer: layer(n.layer) })}</>
  }
}

export function StatusBar({ ctl }: { ctl: OneMapController }) {
  const s = useStore(ctl.store)
  const { t, lang } = useI18n()
  const loading = Object.values(s.layerStatus).some((x) => x === 'loading')
  const errors = Object.keys(s.layerError) as (keyof typeof s.layerError)[]
  return (
    <div class="status-bar" data-testid="status-bar">
      <span data-testid="status-zoom">z {s.zoom.toFixed(1)}</span>
      {s.linkNotice && (
        <span
          class={s.linkNotice.key === 'finding' ? 'status-link' : 'status-link status-error'}
          data-testid="status-link"
          data-key={s.linkNotice.key}
          role="status"
        >
          <LinkNoticeText n={s.linkNotice} />
        </span>
      )}
      {loading && (
        <span class="status-loading" data-testid="status-loading">
          <span class="spinner" /> {t('map.loading')}
        </span>
      )}
      {s.offlineBasemap && <span title={s.basemapWarning ?? ''}>{t('map.basemapOffline')}</span>}
      {s.basemapTilesFailing !== null && (
        <span class="status-error" data-testid="status-basemap-tiles" title={t('map.basemapTilesFailedHint')}>
          {t('map.basemapTilesFailed', { status: s.basemapTilesFailing ? `HTTP ${s.basemapTilesFailing}` : t('map.networkError') })}
        </span>
      )}
      {s.datasetError ? (
        // the service is down: one message, not one per layer
        <span class="status-error" data-testid="status-offline" title={s.datasetError}>
          {t('app.offline')}
        </span>
      ) : (
        errors.map((k) => (
          <span key={k} class="status-error" title={s.layerError[k]} data-testid={`status-error-${k}`}>
            {t('map.loadError', {
              layer: isRegistered(k) ? layerName(layerModule(k).ui, lang, s.mode === 'public' ? 'public' : 'staff') : t(`layer.${k}` as I18nKey),
            })}
          </span>
        ))
      )}
    </div>
  )
}
