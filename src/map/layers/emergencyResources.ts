// Emergency resources: a badge per type (fire station, rescue team, hospital, shelter, depot).
import { IconLayer } from '@deck.gl/layers'
import type { EmergencyResourceFeature } from '../../contract/rows.ts'
import { iconAtlas, resourceIconName } from '../icons.ts'

export function emergencyResourcesLayer(id: string, rows: EmergencyResourceFeature[], visible: boolean, scale = 1): IconLayer<EmergencyResourceFeature> {
  const atlas = iconAtlas()
  return new IconLayer<EmergencyResourceFeature>({
    id,
    visible,
    data: rows,
    iconAtlas: atlas.url,
    iconMapping: atlas.mapping,
    getIcon: (d) => (atlas.mapping[resourceIconName(d.resource_type)] ? resourceIconName(d.resource_type) : resourceIconName('material_depot')),
    getPosition: (d) => [d.lon, d.lat],
    getSize: 22,
    sizeScale: Math.min(1.15, Math.max(0.6, scale)),
    sizeUnits: 'pixels',
    pickable: false,
    parameters: { depthWriteEnabled: false },
  })
}
