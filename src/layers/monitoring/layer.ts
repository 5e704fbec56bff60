// The monitoring layer: a ring around each hazard source with channels, coloured by its state
// (HH/LL red, H/L orange, fault purple, offline grey, normal green), the worst drawn on top. It
// rings the hazard-source symbol, so both stay readable when both layers are on. It tells
// `onView` the visible bbox at every viewport change (the panel counts the view, counts.ts), and
// `ringAt` finds a ring under a click or the cursor in the browser (lookup.ts).
import { ScatterplotLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer, type UpdateParameters } from '@deck.gl/core'
import type { Bbox } from '../../contract/rows.ts'
import type { MonitoredSource, SourceState } from '../../data/monitoring.ts'

export const STATE_RGB: Record<SourceState, readonly [number, number, number]> = {
  hh: [230, 0, 18],
  h: [255, 140, 0],
  fault: [171, 71, 188],
  offline: [140, 140, 140],
  normal: [46, 160, 67],
}

export interface MonitoringProps {
  rows: readonly MonitoredSource[]
  /** symbol scale of the zoom */
  scale: number
  size: number
  /** the visible bbox, at every viewport change */
  onView?: ((view: Bbox) => void) | null
}

/** A ring's radius in px at a symbol scale and size (alarm states larger). */
export function ringRadiusPx(state: SourceState, scale: number, size = 1): number {
  const r = 11 * scale * size
  return state === 'hh' || state === 'h' ? r * 1.25 : r
}

/**
 * The ring under a point: the nearest source whose ring (its radius plus the stroke and a 2 px
 * margin) holds it. `metresPerPx` at the point; distances on the local plane (as `nearest`).
 */
export function ringAt<T extends Pick<MonitoredSource, 'lon' | 'lat' | 'state'>>(
  rows: readonly T[],
  lon: number,
  lat: number,
  metresPerPx: number,
  scale: number,
  size = 1,
): T | null {
  const kx = (111320 * Math.cos((lat * Math.PI) / 180)) / metresPerPx
  const ky = 110540 / metresPerPx
  let best: T | null = null
  let bestD = Infinity
  for (const r of rows) {
    const dx = (r.lon - lon) * kx
    const dy = (r.lat - lat) * ky
    const d = Math.hypot(dx, dy)
    if (d <= ringRadiusPx(r.state, scale, size) + 4 * size && d < bestD) {
      bestD = d
      best = r
    }
  }
  return best
}

export class MonitoringLayer extends CompositeLayer<MonitoringProps> {
  static override layerName = 'MonitoringLayer'
  static override defaultProps: DefaultProps<MonitoringProps> = {
    rows: { type: 'array', value: [] },
    scale: { type: 'number', value: 1 },
    size: { type: 'number', value: 1 },
    onView: { type: 'function', value: null },
  }

  override shouldUpdateState(params: UpdateParameters<this>): boolean {
    const { viewportChanged, propsOrDataChanged } = params.changeFlags
    const onView = this.props.onView
    const vp = this.context.viewport
    if (onView && vp && (viewportChanged || propsOrDataChanged)) {
      const [w, s, e, n] = vp.getBounds()
      onView([w, s, e, n])
    }
    return super.shouldUpdateState(params)
  }

  override renderLayers(): Layer[] {
    const { rows, scale, size } = this.props
    return [
      new ScatterplotLayer<MonitoredSource>(
        this.getSubLayerProps({
          id: 'rings',
          data: rows,
          getPosition: (d: MonitoredSource) => [d.lon, d.lat],
          radiusUnits: 'pixels',
          getRadius: (d: MonitoredSource) => ringRadiusPx(d.state, scale, size),
          filled: true,
          getFillColor: (d: MonitoredSource) => [...STATE_RGB[d.state], d.state === 'hh' || d.state === 'h' ? 70 : 0],
          stroked: true,
          getLineColor: (d: MonitoredSource) => [...STATE_RGB[d.state], 255],
          lineWidthUnits: 'pixels',
          getLineWidth: (d: MonitoredSource) => (d.state === 'normal' ? 2 : 3.5) * size,
          pickable: false,
          parameters: { depthWriteEnabled: false },
          updateTriggers: { getRadius: [scale, size], getLineWidth: [size] },
        }),
      ),
    ]
  }
}
