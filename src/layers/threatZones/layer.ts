// What-if threat zones (issue 20): nested footprints (darkred / red / orange / yellow, the most
// severe drawn on top), a wind arrow from the source, and "模型估算" at each zone's far end. The
// polygons come from src/domain/threatZones.ts, computed in the browser.
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import { CompositeLayer, type DefaultProps, type Layer } from '@deck.gl/core'
import type { Position } from 'geojson'
import type { ThreatZone, ThreatZonesResult, ZoneLevel } from '../../domain/threatZones.ts'
import { plumeToLonLat } from '../../domain/threatZones.ts'
import { LABEL_FONT, labelInk } from '../../map/layers/text.ts'

export const ZONE_RGB: Record<ZoneLevel, readonly [number, number, number]> = {
  darkred: [128, 0, 16],
  red: [230, 0, 18],
  orange: [255, 140, 0],
  yellow: [255, 214, 0],
}

export interface ThreatZonesDrawing {
  readonly result: ThreatZonesResult
  readonly origin: { readonly lon: number; readonly lat: number }
  /** the wind (toxic scenarios): where it blows from, degrees clockwise from north */
  readonly wind_from_deg: number | null
}

export interface ThreatZonesProps {
  drawing: ThreatZonesDrawing | null
  lang: 'zh' | 'en'
  /** the wall's size factor */
  size: number
  /** dark basemap (the wall) */
  dark: boolean
}

const LABEL = { zh: '模型估算', en: 'model estimate' }

/** The wind arrow: from 35 % of the longest zone upwind of the source to 35 % downwind, with a head. */
export function windArrow(d: ThreatZonesDrawing): Position[][] {
  if (d.wind_from_deg === null) return []
  const reach = Math.max(200, ...d.result.zones.map((z) => z.reach_m))
  const len = 0.35 * reach
  const tail = plumeToLonLat(d.origin, d.wind_from_deg, -len, 0)
  const head = plumeToLonLat(d.origin, d.wind_from_deg, len * 0.25, 0)
  const barbL = plumeToLonLat(d.origin, d.wind_from_deg, len * 0.25 - len * 0.3, -len * 0.18)
  const barbR = plumeToLonLat(d.origin, d.wind_from_deg, len * 0.25 - len * 0.3, len * 0.18)
  return [
    [tail, head],
    [barbL, head, barbR],
  ]
}

export class ThreatZonesLayer extends CompositeLayer<ThreatZonesProps> {
  static override layerName = 'ThreatZonesLayer'
  static override defaultProps: DefaultProps<ThreatZonesProps> = {
    drawing: { type: 'object', value: null },
    lang: 'zh',
    size: { type: 'number', value: 1 },
    dark: false,
  }

  override renderLayers(): Layer[] {
    const { drawing, lang, size, dark } = this.props
    if (!drawing) return []
    // largest first, so the most severe zone is drawn on top
    const zones = drawing.result.zones
      .filter((z) => z.polygon)
      .slice()
      .reverse()
    const tips = zones.map((z) => ({ z, at: tipOf(z, drawing) }))
    return [
      new PolygonLayer<ThreatZone>(
        this.getSubLayerProps({
          id: 'zones',
          data: zones,
          getPolygon: (z: ThreatZone) => z.polygon!.geometry.coordinates,
          filled: true,
          stroked: true,
          getFillColor: (z: ThreatZone) => [...ZONE_RGB[z.level], z.level === 'yellow' ? 70 : 95],
          getLineColor: (z: ThreatZone) => [...ZONE_RGB[z.level], 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 2.5 * size,
          pickable: false,
          parameters: { depthWriteEnabled: false },
          updateTriggers: { getFillColor: [drawing], getLineColor: [drawing] },
        }),
      ),
      new PathLayer<Position[]>(
        this.getSubLayerProps({
          id: 'wind',
          data: windArrow(drawing),
          getPath: (p: Position[]) => p as [number, number][],
          getColor: dark ? [120, 200, 255, 255] : [21, 101, 192, 255],
          widthUnits: 'pixels',
          getWidth: 4 * size,
          capRounded: true,
          jointRounded: true,
          pickable: false,
        }),
      ),
      new ScatterplotLayer<{ lon: number; lat: number }>(
        this.getSubLayerProps({
          id: 'source',
          data: [drawing.origin],
          getPosition: (o: { lon: number; lat: number }) => [o.lon, o.lat],
          radiusUnits: 'pixels',
          getRadius: 8 * size,
          getFillColor: [255, 255, 255, 255],
          stroked: true,
          getLineColor: [230, 0, 18, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 3 * size,
          pickable: false,
        }),
      ),
      new TextLayer<{ z: ThreatZone; at: [number, number] }>(
        this.getSubLayerProps({
          id: 'labels',
          data: tips,
          getPosition: (t: { at: [number, number] }) => t.at,
          getText: (t: { z: ThreatZone }) => `${LABEL[lang]} · ${metres(t.z.reach_m)}`,
          getSize: 13 * size,
          ...labelInk(dark),
          ...LABEL_FONT,
          getTextAnchor: 'start',
          getAlignmentBaseline: 'center',
          getPixelOffset: [6 * size, 0],
          pickable: false,
          updateTriggers: { getText: [lang] },
        }),
      ),
    ]
  }
}

function metres(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(m >= 10_000 ? 0 : 1)} km` : `${Math.round(m)} m`
}

/** Where a zone's label goes: the plume's far tip, or a circle's east edge. */
function tipOf(z: ThreatZone, d: ThreatZonesDrawing): [number, number] {
  if (d.wind_from_deg !== null && d.result.kind === 'toxic') return plumeToLonLat(d.origin, d.wind_from_deg, z.reach_m, 0)
  return plumeToLonLat(d.origin, 270, 0, z.reach_m)
}
