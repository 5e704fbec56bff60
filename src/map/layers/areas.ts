// Administrative areas (district / street / grid) and chemical parks, drawn by MapLibre as fill +
// line layers (installed again after every style change). Their labels are deck.gl text (see
// areaLabelsLayer) because the offline basemap has no glyph server.
import type { Map as MlMap, GeoJSONSource } from 'maplibre-gl'
import { TextLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'
import type { AreaCollection, ChemicalParkFeature } from '../../contract/rows.ts'
import type { MapTheme } from '../basemap.ts'
import { labelPoint } from '../labelPoint.ts'
import { LABEL_FONT } from './text.ts'

export type AreaLevelShown = 'district' | 'street' | 'grid'
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

export const AREA_SOURCES = {
  district: 'om-areas-district',
  street: 'om-areas-street',
  grid: 'om-areas-grid',
  parks: 'om-parks',
} as const

export function installAreaLayers(map: MlMap, theme: MapTheme, fillOpacity: number): void {
  for (const id of Object.values(AREA_SOURCES)) {
    if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY, tolerance: 0.2 })
  }
  const add = (layer: Parameters<MlMap['addLayer']>[0]) => {
    if (!map.getLayer(layer.id)) map.addLayer(layer)
  }
  add({ id: 'om-district-fill', type: 'fill', source: AREA_SOURCES.district, paint: { 'fill-color': theme.areaFill, 'fill-opacity': fillOpacity } })
  add({
    id: 'om-district-focus',
    type: 'fill',
    source: AREA_SOURCES.district,
    filter: ['==', ['get', 'code'], ''],
    paint: { 'fill-color': '#1e88e5', 'fill-opacity': 0.06 },
  })
  add({ id: 'om-park-fill', type: 'fill', source: AREA_SOURCES.parks, paint: { 'fill-color': theme.parkFill, 'fill-opacity': 0.22 } })
  add({ id: 'om-grid-line', type: 'line', source: AREA_SOURCES.grid, paint: { 'line-color': theme.gridLine, 'line-width': 0.6, 'line-dasharray': [3, 2] } })
  add({
    id: 'om-street-line',
    type: 'line',
    source: AREA_SOURCES.street,
    paint: { 'line-color': theme.streetLine, 'line-width': 0.9, 'line-dasharray': [4, 2] },
  })
  add({ id: 'om-park-line', type: 'line', source: AREA_SOURCES.parks, paint: { 'line-color': theme.parkLine, 'line-width': 1.5, 'line-dasharray': [2, 1] } })
  add({
    id: 'om-district-casing',
    type: 'line',
    source: AREA_SOURCES.district,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': 4, 'line-opacity': 0.8 },
  })
  add({
    id: 'om-district-line',
    type: 'line',
    source: AREA_SOURCES.district,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': theme.districtLine, 'line-width': 1.6 },
  })
  add({
    id: 'om-district-focus-line',
    type: 'line',
    source: AREA_SOURCES.district,
    filter: ['==', ['get', 'code'], ''],
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#1565c0', 'line-width': 3 },
  })
}

export function setAreaData(map: MlMap, source: string, data: FeatureCollection): void {
  const src = map.getSource(source) as GeoJSONSource | undefined
  src?.setData(data)
}

export function setAreaVisibility(map: MlMap, visible: boolean, parksVisible: boolean): void {
  const vis = (id: string, v: boolean) => map.getLayer(id) && map.setLayoutProperty(id, 'visibility', v ? 'visible' : 'none')
  for (const id of ['om-grid-line', 'om-street-line', 'om-district-casing', 'om-district-line', 'om-district-focus', 'om-district-focus-line']) vis(id, visible)
  for (const id of ['om-park-fill', 'om-park-line']) vis(id, parksVisible)
}

export function setFocusArea(map: MlMap, code: string | null): void {
  const filter: ['==', ['get', string], string] = ['==', ['get', 'code'], code ?? '']
  if (map.getLayer('om-district-focus')) map.setFilter('om-district-focus', filter)
  if (map.getLayer('om-district-focus-line')) map.setFilter('om-district-focus-line', filter)
}

export function parksToGeoJson(rows: ChemicalParkFeature[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows.filter((r) => r.geometry).map((r) => ({ type: 'Feature', geometry: r.geometry, properties: { id: r.id, name: r.name } })),
  }
}

// ------------------------------------------------------------------ labels
export interface AreaLabel {
  position: [number, number]
  name: string
  nameEn: string
  level: AreaLevelShown | 'park'
}

/** Computed once per loaded collection (not per frame). */
export function areaLabels(fc: AreaCollection, level: AreaLevelShown): AreaLabel[] {
  const out: AreaLabel[] = []
  for (const f of fc.features) {
    const pr = f.properties
    const p: [number, number] | null =
      typeof pr.label_lon === 'number' && typeof pr.label_lat === 'number' ? [pr.label_lon, pr.label_lat] : labelPoint(f.geometry)
    if (p) out.push({ position: p, name: f.properties.name, nameEn: f.properties.name_en || f.properties.name, level })
  }
  return out
}

export function parkLabels(rows: ChemicalParkFeature[]): AreaLabel[] {
  const out: AreaLabel[] = []
  for (const r of rows) {
    const p = labelPoint(r.geometry)
    if (p) out.push({ position: p, name: r.name, nameEn: r.name, level: 'park' })
  }
  return out
}

const LABEL_SIZE: Record<AreaLabel['level'], number> = { district: 16, street: 12, grid: 11, park: 12 }

/** Font size (px) of an area label of a level. */
export function areaLabelSize(level: AreaLabel['level']): number {
  return LABEL_SIZE[level]
}
const LABEL_COLOR: Record<AreaLabel['level'], [number, number, number, number]> = {
  district: [45, 55, 66, 255],
  street: [90, 100, 110, 255],
  grid: [120, 128, 136, 255],
  park: [90, 60, 160, 255],
}

export function areaLabelsLayer(id: string, labels: AreaLabel[], lang: 'zh' | 'en', visible: boolean, theme: MapTheme): TextLayer<AreaLabel> {
  return new TextLayer<AreaLabel>({
    id,
    visible,
    data: labels,
    getPosition: (d) => d.position,
    getText: (d) => (lang === 'zh' ? d.name : d.nameEn),
    getSize: (d) => LABEL_SIZE[d.level],
    getColor: (d) => (d.level === 'district' ? theme.labelColor : LABEL_COLOR[d.level]),
    ...LABEL_FONT,
    fontWeight: 600,
    outlineWidth: 5,
    outlineColor: theme.labelHalo,
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    pickable: false,
    updateTriggers: { getText: lang },
    parameters: { depthWriteEnabled: false },
  })
}
