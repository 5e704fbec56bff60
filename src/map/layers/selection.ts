// The ring around the feature whose detail card is open.
import { ScatterplotLayer } from '@deck.gl/layers'

export function selectionLayer(id: string, at: [number, number] | null): ScatterplotLayer<[number, number]> {
  return new ScatterplotLayer<[number, number]>({
    id,
    data: at ? [at] : [],
    getPosition: (d) => d,
    radiusUnits: 'pixels',
    getRadius: 16,
    filled: true,
    getFillColor: [0, 170, 255, 40],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
    getLineColor: [0, 140, 255, 255],
    pickable: false,
    parameters: { depthWriteEnabled: false, depthCompare: 'always' },
  })
}
