// The public view's own map layers, plain MapLibre (they sit on the one-map controller's map):
// the "around me" circle, the picked point (for "around me" and for a report), and the items
// found within the circle, my location (the same blue dot), the ringed item opened from the list, each drawn in its level's colour with a white ring so it stands out
// from the binned layer underneath.
import type { Map as MlMap, GeoJSONSource } from 'maplibre-gl'
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson'
import { circle } from '@turf/turf'
import { levelCss, majorGradeRgb, rgbCss } from '../../domain/levels.ts'
import { resourceTypeById } from '../../domain/categories.ts'

export const PUBLIC_SOURCES = { ring: 'pub-ring', items: 'pub-items', pick: 'pub-pick', focus: 'pub-focus', me: 'pub-me' } as const

/** The ring around the item opened from the list: its inner radius and colour (MapLibre draws a
 * circle's stroke outside its radius: the dark band spans 18–23 px, the white one 23–26 px). */
export const FOCUS_RING_PX = 18
export const FOCUS_COLOUR = '#1f3a5f'

/** The blue of "my location" (and of the circle's centre): never the report pin's red. */
export const ME_COLOUR = '#1565c0'

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

export interface AroundMarker {
  kind: 'risk_point' | 'major_hazard' | 'resource'
  lon: number
  lat: number
  level?: number
  major_grade?: number | null
  resource_type?: string
}

export function installPublicLayers(map: MlMap): void {
  for (const id of Object.values(PUBLIC_SOURCES)) {
    if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY })
  }
  const add = (layer: Parameters<MlMap['addLayer']>[0]) => {
    if (!map.getLayer(layer.id)) map.addLayer(layer)
  }
  add({ id: 'pub-ring-fill', type: 'fill', source: PUBLIC_SOURCES.ring, paint: { 'fill-color': '#1565c0', 'fill-opacity': 0.07 } })
  add({ id: 'pub-ring-line', type: 'line', source: PUBLIC_SOURCES.ring, paint: { 'line-color': '#1565c0', 'line-width': 2.5, 'line-dasharray': [3, 2] } })
  add({
    id: 'pub-items',
    type: 'circle',
    source: PUBLIC_SOURCES.items,
    paint: {
      'circle-radius': ['case', ['==', ['get', 'kind'], 'major_hazard'], 9, 7],
      'circle-color': ['get', 'color'],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2.5,
    },
  })
  // the item opened in the list: a ring around it
  // (a white band outside a dark one, so it reads on light land and on the coloured dots)
  add({
    id: 'pub-focus-halo',
    type: 'circle',
    source: PUBLIC_SOURCES.focus,
    paint: { 'circle-radius': FOCUS_RING_PX + 5, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
  })
  add({
    id: 'pub-focus',
    type: 'circle',
    source: PUBLIC_SOURCES.focus,
    paint: { 'circle-radius': FOCUS_RING_PX, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': FOCUS_COLOUR, 'circle-stroke-width': 5 },
  })
  // the circle's centre and my location: a blue dot with a white ring in a pale blue halo
  for (const src of [PUBLIC_SOURCES.pick, PUBLIC_SOURCES.me]) {
    add({ id: `${src}-halo`, type: 'circle', source: src, paint: { 'circle-radius': 16, 'circle-color': ME_COLOUR, 'circle-opacity': 0.22 } })
    add({
      id: src,
      type: 'circle',
      source: src,
      paint: { 'circle-radius': 7, 'circle-color': ME_COLOUR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
    })
  }
}

function set(map: MlMap, id: string, data: FeatureCollection): void {
  const src = map.getSource(id) as GeoJSONSource | undefined
  src?.setData(data)
}

/** The picked point (null clears it). */
export function setPick(map: MlMap, at: [number, number] | null): void {
  const f: Feature<Point>[] = at ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } }] : []
  set(map, PUBLIC_SOURCES.pick, { type: 'FeatureCollection', features: f })
}

/** My location from the browser (null hides it). */
export function setMe(map: MlMap, at: [number, number] | null): void {
  const f: Feature<Point>[] = at ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } }] : []
  set(map, PUBLIC_SOURCES.me, { type: 'FeatureCollection', features: f })
}

/** The geodesic circle of radiusM metres around centre (null clears it). */
export function setRing(map: MlMap, centre: [number, number] | null, radiusM: number): void {
  const f: Feature<Polygon>[] = centre ? [circle(centre, radiusM / 1000, { units: 'kilometers', steps: 96 })] : []
  set(map, PUBLIC_SOURCES.ring, { type: 'FeatureCollection', features: f })
}

export function markerColour(m: AroundMarker): string {
  if (m.kind === 'risk_point') return levelCss(m.level ?? 0)
  if (m.kind === 'major_hazard') return rgbCss(majorGradeRgb(m.major_grade ?? null))
  const t = resourceTypeById(m.resource_type ?? null)
  return t ? rgbCss(t.rgb) : '#607d8b'
}

export function setAroundItems(map: MlMap, items: readonly AroundMarker[]): void {
  set(map, PUBLIC_SOURCES.items, {
    type: 'FeatureCollection',
    // drawn in list order reversed so the nearest (first) ends on top
    features: [...items].reverse().map((m) => ({
      type: 'Feature',
      properties: { kind: m.kind, color: markerColour(m) },
      geometry: { type: 'Point', coordinates: [m.lon, m.lat] },
    })),
  })
}

/** The list item opened (null clears it). */
export function setFocus(map: MlMap, at: [number, number] | null): void {
  const f: Feature<Point>[] = at ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } }] : []
  set(map, PUBLIC_SOURCES.focus, { type: 'FeatureCollection', features: f })
}
