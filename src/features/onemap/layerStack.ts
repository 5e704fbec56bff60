// The one map's deck.gl layers as they stand: the registry's modules for the audience in drawing
// order, the area labels that survived the collision pass, and the selection ring. Rebuilt on
// every change: a layer whose props did not change keeps its GPU buffers, and the point layers
// rebuild attributes only for new data.
import type { Layer } from '@deck.gl/core'
import type { Lang } from '../../app/i18n.ts'
import { LIGHT_THEME } from '../../map/basemap.ts'
import { areaLabelsLayer } from '../../map/layers/areas.ts'
import { selectionLayer } from '../../map/layers/selection.ts'
import { layersFor } from '../../layers/registry.ts'
import type { ViewportLoader } from '../../layers/viewportLoader.ts'
import { hazardSources, type HazardRows } from '../../layers/hazardSources/index.ts'
import type { Audience } from '../../layers/types.ts'
import type { AreaLabels, LabelPlacer } from './labelPlacement.ts'
import type { LayerKey, Selection } from './state.ts'

export interface LayerStackInput {
  audience: Audience
  visible: Record<LayerKey, boolean>
  zoom: number
  lang: Lang
  selection: Selection
  loader: ViewportLoader
  labels: LabelPlacer
  areaLabels: AreaLabels
}

export function oneMapLayers(i: LayerStackInput): Layer[] {
  const vis = i.visible
  const placed = i.labels.place({
    zoom: i.zoom,
    lang: i.lang,
    showAreas: vis.areas,
    showParks: vis.chemical_parks,
    showHazards: vis.hazard_sources,
    hazards: i.loader.get(hazardSources) as HazardRows,
    labels: i.areaLabels,
  })
  const layers: Layer[] = layersFor(i.audience).map((m) =>
    m.draw(i.loader.get(m), {
      id: m.key.replace(/_/g, '-'),
      visible: vis[m.key],
      zoom: i.zoom,
      lang: i.lang,
      audience: i.audience,
      keepLabel: (d) => placed.hazards.has(d as never),
    }),
  )
  layers.push(areaLabelsLayer('area-labels', placed.areas, i.lang, true, LIGHT_THEME))
  layers.push(selectionLayer('selection', i.selection.status === 'idle' ? null : i.selection.at))
  return layers
}
