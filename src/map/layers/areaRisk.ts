// The area risk map (区域风险分级): area polygons of one level (district / street / grid) filled
// with their effective four-colour level. MapLibre fill + line layers on their own source, so the
// choropleth does not depend on which boundary levels the administrative-area layer shows at this
// zoom. The level is joined onto each feature by area code (pure, unit-tested).
import type { Map as MlMap, GeoJSONSource } from 'maplibre-gl'
import type { Feature, FeatureCollection } from 'geojson'
import type { AreaCollection, AreaRiskSummary } from '../../contract/rows.ts'
import { levelCss, RISK_LEVELS } from '../../domain/levels.ts'

export const AREA_RISK_SOURCE = 'om-area-risk'
export const AREA_RISK_FILL = 'om-area-risk-fill'
const AREA_RISK_LINE = 'om-area-risk-line'

/** ≈ alpha 90/255: the basemap and the points stay readable through the colour. */
export const AREA_RISK_FILL_OPACITY = 0.35

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/**
 * The area features with `risk_level` (1..4, or 0 when the area has no risk point and no
 * assessment) joined from the summary by `code`. Areas missing from the summary get 0.
 */
export function joinAreaRisk(fc: AreaCollection, summary: readonly AreaRiskSummary[]): FeatureCollection {
  const byCode = new Map(summary.map((s) => [s.code, s]))
  const features: Feature[] = fc.features.map((f) => {
    const s = byCode.get(f.properties.code)
    const level = s && typeof s.level === 'number' && s.level >= 1 && s.level <= 4 ? s.level : 0
    return { type: 'Feature', geometry: f.geometry, properties: { code: f.properties.code, name: f.properties.name, risk_level: level } }
  })
  return { type: 'FeatureCollection', features }
}

/** MapLibre colour expression: the ONE colour module's four colours by `risk_level`; no level = light grey. */
export function areaRiskColorExpression(): unknown[] {
  const pairs = RISK_LEVELS.flatMap((l) => [l.level, levelCss(l.level)])
  return ['match', ['get', 'risk_level'], ...pairs, '#c4ccd4']
}

/** Installed under the district outlines (and under the deck point layers drawn before them). */
export function installAreaRiskLayers(map: MlMap, beforeId: string | undefined): void {
  if (!map.getSource(AREA_RISK_SOURCE)) map.addSource(AREA_RISK_SOURCE, { type: 'geojson', data: EMPTY, tolerance: 0.2 })
  const before = beforeId && map.getLayer(beforeId) ? beforeId : undefined
  const color = areaRiskColorExpression() as never
  if (!map.getLayer(AREA_RISK_FILL)) {
    map.addLayer(
      {
        id: AREA_RISK_FILL,
        type: 'fill',
        source: AREA_RISK_SOURCE,
        layout: { visibility: 'none' },
        paint: { 'fill-color': color, 'fill-opacity': AREA_RISK_FILL_OPACITY },
      },
      before,
    )
  }
  if (!map.getLayer(AREA_RISK_LINE)) {
    // the outline in the area's own colour, stronger than the fill, so neighbours of the same
    // level stay distinguishable and the boundary reads on any basemap
    map.addLayer(
      {
        id: AREA_RISK_LINE,
        type: 'line',
        source: AREA_RISK_SOURCE,
        layout: { visibility: 'none', 'line-join': 'round' },
        paint: { 'line-color': color, 'line-width': 1.4, 'line-opacity': 0.9 },
      },
      before,
    )
  }
}

export function setAreaRiskData(map: MlMap, data: FeatureCollection): void {
  ;(map.getSource(AREA_RISK_SOURCE) as GeoJSONSource | undefined)?.setData(data)
}

export function setAreaRiskVisibility(map: MlMap, visible: boolean): void {
  for (const id of [AREA_RISK_FILL, AREA_RISK_LINE]) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
}

/** The area code under a screen point, if the choropleth is on and drawn there. */
export function areaRiskCodeAt(map: MlMap, x: number, y: number): string | null {
  if (!map.getLayer(AREA_RISK_FILL)) return null
  const hit = map.queryRenderedFeatures([x, y], { layers: [AREA_RISK_FILL] })[0]
  const code = hit?.properties?.code
  return typeof code === 'string' ? code : null
}
