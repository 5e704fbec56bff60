// Protective targets: rings coloured by class (a ring reads apart from the filled risk dots).
import { ScatterplotLayer } from '@deck.gl/layers'
import { protectiveRgbaTable } from '../../domain/categories.ts'
import { logSizeTable, type AttributeStyle, type PointAttributes } from '../pointAttributes.ts'

export const PROTECTIVE_STYLE: AttributeStyle = {
  colourByCode: protectiveRgbaTable(255),
  sizeByCount: logSizeTable(4, 1.2, 11),
}

export function protectiveTargetsLayer(id: string, a: PointAttributes, visible: boolean, scale = 1, beforeId?: string): ScatterplotLayer {
  return new ScatterplotLayer({
    id,
    visible,
    beforeId,
    radiusScale: scale,
    radiusMinPixels: 2,
    data: {
      length: a.length,
      attributes: {
        getPosition: { value: a.positions, size: 2 },
        getLineColor: { value: a.colours, size: 4, normalized: true },
        getRadius: { value: a.sizes, size: 1 },
      },
    },
    radiusUnits: 'pixels',
    filled: true,
    getFillColor: [255, 255, 255, 150],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: scale < 0.7 ? 1.5 : 2,
    pickable: false,
    parameters: { depthWriteEnabled: false },
  })
}
