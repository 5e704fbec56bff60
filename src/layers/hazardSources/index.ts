// Hazard sources: staff see every unit; the public the major ones (public_map_features:
// enterprise, grade and an approximate position). Grade labels from zoom 10 (the wall: 11).
import type { HazardSourceFeature, MajorHazardFeature } from '../../contract/rows.ts'
import { symbolScale } from '../../map/viewport.ts'
import { defineLayer } from '../types.ts'
import { hazardSourcesUi } from './ui.tsx'
import { loadSmall } from '../smallRequest.ts'
import { HazardSourcesLayer } from './layer.ts'

export { HAZARD_LABEL_SIZE, hazardLabelOffset, hazardLabelRows, hazardLabelText, HazardSourcesLayer, type HazardLike } from './layer.ts'

export type HazardRows = (HazardSourceFeature | MajorHazardFeature)[]

export const hazardSources = defineLayer<HazardRows>({
  key: 'hazard_sources',
  audiences: ['staff', 'public', 'wall'],
  panelOrder: 20,
  visibleByDefault: true,
  zoomTolerance: 99,
  requestKey: (q) => q.audience,
  empty: [],
  load: (q, signal) => (q.audience === 'public' ? loadSmall('major_hazards', q, signal) : loadSmall('hazard_sources', q, signal)),
  ui: hazardSourcesUi,
  draw: (rows, o) => {
    const wall = o.audience === 'wall'
    return new HazardSourcesLayer({
      id: o.id,
      visible: o.visible,
      rows,
      lang: o.lang,
      showLabels: o.zoom >= (wall ? 11 : 10),
      scale: symbolScale(o.zoom),
      size: o.size ?? 1,
      dark: wall,
      keepLabel: o.keepLabel ?? null,
    })
  },
})
