// Emergency resources: a badge per type (fire station, rescue team, hospital, shelter, depot).
// A few hundred rows: accessors over plain objects are fine.
import { IconLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import type { EmergencyResourceFeature } from '../../contract/rows.ts'
import { iconAtlas, resourceIconName } from '../../map/icons.ts'

export interface EmergencyResourcesProps {
  rows: readonly EmergencyResourceFeature[]
  /** symbol scale at the zoom */
  scale: number
  /** multiplies the size after the zoom's clamp (the wall's size factor) */
  size: number
}

export class EmergencyResourcesLayer extends CompositeLayer<EmergencyResourcesProps> {
  static override layerName = 'EmergencyResourcesLayer'
  static override defaultProps: DefaultProps<EmergencyResourcesProps> = {
    rows: { type: 'array', value: [] },
    scale: { type: 'number', value: 1 },
    size: { type: 'number', value: 1 },
  }

  override renderLayers(): Layer {
    const atlas = iconAtlas()
    const { rows, scale, size } = this.props
    return new IconLayer<EmergencyResourceFeature>(
      this.getSubLayerProps({
        id: 'icons',
        data: rows,
        iconAtlas: atlas.url,
        iconMapping: atlas.mapping,
        getIcon: (d: EmergencyResourceFeature) =>
          atlas.mapping[resourceIconName(d.resource_type)] ? resourceIconName(d.resource_type) : resourceIconName('material_depot'),
        getPosition: (d: EmergencyResourceFeature) => [d.lon, d.lat],
        getSize: 22,
        sizeScale: Math.min(1.15, Math.max(0.6, scale)) * size,
        sizeUnits: 'pixels',
        pickable: false,
        parameters: { depthWriteEnabled: false },
      }),
    )
  }
}
