// Risk points: circles coloured by level, radius growing with the number of points in a cell.
import { ScatterplotLayer } from '@deck.gl/layers'
import { riskLevelRgbaTable } from '../../domain/levels.ts'
import { logSizeTable, type AttributeStyle, type PointAttributes } from '../pointAttributes.ts'

export const RISK_POINT_STYLE: AttributeStyle = {
  // opaque: the level colours must come out exactly as defined (legend, colour checks)
  colourByCode: riskLevelRgbaTable(255),
  sizeByCount: logSizeTable(3.2, 1.2, 9),
}

export function riskPointsLayer(id: string, a: PointAttributes, visible: boolean, scale = 1, beforeId?: string): ScatterplotLayer {
  return new ScatterplotLayer({
    id,
    visible,
    beforeId,
    radiusScale: scale,
    radiusMinPixels: 1.2,
    data: {
      length: a.length,
      attributes: {
        getPosition: { value: a.positions, size: 2 },
        getFillColor: { value: a.colours, size: 4, normalized: true },
        getRadius: { value: a.sizes, size: 1 },
      },
    },
    radiusUnits: 'pixels',
    stroked: true,
    filled: true,
    getLineColor: [255, 255, 255, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: scale < 0.7 ? 0 : 0.8,
    antialiasing: true,
    pickable: false,
    parameters: { depthWriteEnabled: false },
  })
}
