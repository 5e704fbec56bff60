// Dangerous-goods vehicles: an arrow per vehicle in its cargo's placard colours, rotated by its
// heading; a lost signal grey and hollow; an open alert a red halo under the arrow (drawn last,
// on top). Up to 1,000 vehicles a view, refreshed every few seconds: the positions, angles and
// sizes are built once per answer as binary attributes (vehicleAttributes) in draw order. Beyond
// 1,000 in a view the answer counts the vehicles without an alert in cells (bins): a dark disc
// growing with the count, the count on it, under the alerting arrows.
import { IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer, type UpdateParameters } from '@deck.gl/core'
import type { VehicleBin, VehicleMapRow } from '../../contract/vehicles.ts'
import { LABEL_FONT } from '../../map/layers/text.ts'
import { iconKeyOf, vehicleSvg, type VehicleIconKey } from './icons.ts'

export const ALERT_RGB: readonly [number, number, number] = [230, 0, 18]

export interface VehicleAttributes {
  length: number
  /** the rows in draw order (stale first, alerting last) */
  rows: VehicleMapRow[]
  /** [lon, lat] per vehicle */
  positions: Float32Array
  /** deck.gl angle: counter-clockwise degrees (−heading) */
  angles: Float32Array
  /** icon size in px before the zoom's scale */
  sizes: Float32Array
  icons: VehicleIconKey[]
  /** the rows with an open alert, for the halos */
  alerting: VehicleMapRow[]
}

const rank = (r: VehicleMapRow) => (r.alert ? 2 : r.stale ? 0 : 1)

/** The binary attributes of an answer, in draw order. */
export function vehicleAttributes(rows: readonly VehicleMapRow[]): VehicleAttributes {
  const sorted = [...rows].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const n = sorted.length
  const positions = new Float32Array(n * 2)
  const angles = new Float32Array(n)
  const sizes = new Float32Array(n)
  const icons: VehicleIconKey[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const r = sorted[i]!
    positions[i * 2] = r.lon
    positions[i * 2 + 1] = r.lat
    angles[i] = r.heading == null ? 0 : -r.heading
    sizes[i] = r.alert ? 30 : r.stale ? 20 : 24
    icons[i] = iconKeyOf(r.hazard_class, r.stale)
  }
  return { length: n, rows: sorted, positions, angles, sizes, icons, alerting: sorted.filter((r) => r.alert) }
}

const ICON_PX = 48
const iconCache = new Map<VehicleIconKey, { id: string; url: string; width: number; height: number; mask: boolean }>()
function icon(key: VehicleIconKey) {
  let v = iconCache.get(key)
  if (!v) {
    v = {
      id: `veh-${key}`,
      url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(vehicleSvg(key, ICON_PX))}`,
      width: ICON_PX,
      height: ICON_PX,
      mask: false,
    }
    iconCache.set(key, v)
  }
  return v
}

/** A bin's disc radius in px before the size factor: grows with the log of its count. */
export function binRadius(n: number): number {
  return Math.min(30, 11 + 3 * Math.log2(Math.max(1, n)))
}

export const BIN_RGB: readonly [number, number, number] = [38, 50, 56]

export interface VehiclesProps {
  rows: readonly VehicleMapRow[]
  /** the vehicles counted in cells (more than 1,000 in view) */
  bins: readonly VehicleBin[]
  /** symbol scale of the zoom */
  scale: number
  /** the wall's size factor */
  size: number
}

export class VehiclesLayer extends CompositeLayer<VehiclesProps> {
  static override layerName = 'VehiclesLayer'
  static override defaultProps: DefaultProps<VehiclesProps> = {
    rows: { type: 'array', value: [] },
    bins: { type: 'array', value: [] },
    scale: { type: 'number', value: 1 },
    size: { type: 'number', value: 1 },
  }
  declare state: { a: VehicleAttributes }

  override initializeState(): void {
    this.setState({ a: vehicleAttributes(this.props.rows) })
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    if (props.rows !== oldProps.rows) this.setState({ a: vehicleAttributes(props.rows) })
  }

  override renderLayers(): Layer[] {
    const { scale, size } = this.props
    const a = this.state.a
    const k = Math.min(1.3, Math.max(0.7, scale)) * size
    const bins = this.props.bins
    return [
      new ScatterplotLayer<VehicleBin>(
        this.getSubLayerProps({
          id: 'bins',
          data: bins,
          getPosition: (d: VehicleBin) => [d.lon, d.lat],
          radiusUnits: 'pixels',
          getRadius: (d: VehicleBin) => binRadius(d.n) * size,
          getFillColor: [...BIN_RGB, 225],
          stroked: true,
          getLineColor: [255, 255, 255, 235],
          lineWidthUnits: 'pixels',
          getLineWidth: 2 * size,
          pickable: false,
          parameters: { depthWriteEnabled: false },
          updateTriggers: { getRadius: [size], getLineWidth: [size] },
        }),
      ),
      new TextLayer<VehicleBin>(
        this.getSubLayerProps({
          id: 'bin-counts',
          data: bins,
          getPosition: (d: VehicleBin) => [d.lon, d.lat],
          getText: (d: VehicleBin) => String(d.n),
          getSize: 13 * size,
          getColor: [255, 255, 255, 255],
          ...LABEL_FONT,
          characterSet: '0123456789',
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'center',
          pickable: false,
          parameters: { depthWriteEnabled: false, depthCompare: 'always' },
          updateTriggers: { getSize: [size] },
        }),
      ),
      new ScatterplotLayer<VehicleMapRow>(
        this.getSubLayerProps({
          id: 'alert-halo',
          data: a.alerting,
          getPosition: (d: VehicleMapRow) => [d.lon, d.lat],
          radiusUnits: 'pixels',
          getRadius: 19 * k,
          filled: true,
          getFillColor: [...ALERT_RGB, 80],
          stroked: true,
          getLineColor: [...ALERT_RGB, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 3 * size,
          pickable: false,
          parameters: { depthWriteEnabled: false },
          updateTriggers: { getRadius: [k], getLineWidth: [size] },
        }),
      ),
      new IconLayer(
        this.getSubLayerProps({
          id: 'arrows',
          data: {
            length: a.length,
            attributes: {
              getPosition: { value: a.positions, size: 2 },
              getAngle: { value: a.angles, size: 1 },
              getSize: { value: a.sizes, size: 1 },
            },
          },
          getIcon: (_: unknown, { index }: { index: number }) => icon(a.icons[index]!),
          sizeScale: k,
          sizeUnits: 'pixels',
          billboard: false,
          pickable: false,
          parameters: { depthWriteEnabled: false },
          updateTriggers: { getIcon: [a] },
        }),
      ),
    ]
  }
}
