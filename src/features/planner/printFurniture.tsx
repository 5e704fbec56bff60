// The printed map's furniture: a scale bar (a round length measured at the map's centre when the
// snapshot was taken) and a north arrow (the planner's map never rotates: north is up).
import type { Map as MlMap } from 'maplibre-gl'
import { useMessages } from '../../app/i18n.ts'
import { metresPerPixel, scaleBar } from '../../domain/scaleBar.ts'
import './printFurniture.css'

const MESSAGES = {
  north: { zh: '北', en: 'N' },
  northTitle: { zh: '指北针（上为正北）', en: 'North arrow (north is up)' },
  scaleTitle: { zh: '比例尺（按地图中心纬度）', en: 'Scale bar (at the map centre’s latitude)' },
}

export function MapFurniture({ map }: { map: MlMap | null }) {
  const { m } = useMessages(MESSAGES)
  if (!map) return null
  const bar = scaleBar(metresPerPixel(map.getCenter().lat, map.getZoom()), map.getCanvas().clientWidth)
  return (
    <>
      {bar && (
        <div
          class="pl-scalebar"
          data-testid="print-scalebar"
          data-metres={bar.metres}
          title={m('scaleTitle')}
          style={{ width: `${(bar.fraction * 100).toFixed(2)}%` }}
        >
          <span>{bar.label}</span>
        </div>
      )}
      <div class="pl-north" data-testid="print-north" title={m('northTitle')}>
        <svg viewBox="0 0 24 32" width="28" height="38" aria-hidden="true">
          <path d="M12 2 L21 28 L12 22 L3 28 Z" fill="#1f2933" stroke="#ffffff" stroke-width="1.2" />
          <path d="M12 2 L12 22 L3 28 Z" fill="#ffffff" />
        </svg>
        <b>{m('north')}</b>
      </div>
    </>
  )
}
