// The relocation planner's map layers (MapLibre GeoJSON sources: a few hundred features at most):
// worklist hazard sources, required-distance rings per protective-target class, targets inside
// (highlighted with a red outline), candidate sites with their rings, the suitable area of a park.
import type { GeoJSONSource, Map as MlMap, ExpressionSpecification } from 'maplibre-gl'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { buffer, circle } from '@turf/turf'
import { PROTECTIVE_CLASSES } from '../../domain/categories.ts'
import { levelRgb, NON_MAJOR_HAZARD_RGB, rgbCss } from '../../domain/levels.ts'
import { CLASS_IDS, type Distances, type SiteGeometry } from '../../domain/plannerGeo.ts'

export const PLANNER_SOURCES = {
  sources: 'pl-sources',
  rings: 'pl-rings',
  targets: 'pl-targets',
  candidates: 'pl-candidates',
  candidateRings: 'pl-candidate-rings',
  candidateTargets: 'pl-candidate-targets',
  suitable: 'pl-suitable',
  blocking: 'pl-blocking',
  draft: 'pl-draft',
} as const

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** class id → CSS colour, as a MapLibre match expression */
const CLASS_COLOUR: ExpressionSpecification = [
  'match',
  ['get', 'target_class'],
  ...PROTECTIVE_CLASSES.flatMap((c) => [c.id, rgbCss(c.rgb)]),
  '#888',
] as unknown as ExpressionSpecification
const INSIDE_RGB = levelRgb(1)
const CANDIDATE_COLOUR = '#1565c0'
const SUITABLE_COLOUR = '#2e7d32'

export function installPlannerLayers(map: MlMap): void {
  for (const id of Object.values(PLANNER_SOURCES)) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY })
  const add = (layer: Parameters<MlMap['addLayer']>[0]) => {
    if (!map.getLayer(layer.id)) map.addLayer(layer)
  }
  add({ id: 'pl-suitable-fill', type: 'fill', source: PLANNER_SOURCES.suitable, paint: { 'fill-color': SUITABLE_COLOUR, 'fill-opacity': 0.35 } })
  add({ id: 'pl-suitable-line', type: 'line', source: PLANNER_SOURCES.suitable, paint: { 'line-color': SUITABLE_COLOUR, 'line-width': 1.5 } })
  add({
    id: 'pl-blocking-pt',
    type: 'circle',
    source: PLANNER_SOURCES.blocking,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 3, 15, 6],
      'circle-color': CLASS_COLOUR,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.2,
    },
  })
  add({ id: 'pl-rings-fill', type: 'fill', source: PLANNER_SOURCES.rings, paint: { 'fill-color': CLASS_COLOUR, 'fill-opacity': 0.04 } })
  add({ id: 'pl-rings-line', type: 'line', source: PLANNER_SOURCES.rings, paint: { 'line-color': CLASS_COLOUR, 'line-width': 2, 'line-dasharray': [3, 1.5] } })
  add({
    id: 'pl-cand-rings-line',
    type: 'line',
    source: PLANNER_SOURCES.candidateRings,
    paint: { 'line-color': CLASS_COLOUR, 'line-width': ['case', ['get', 'active'], 1.8, 1], 'line-opacity': ['case', ['get', 'active'], 0.95, 0.45] },
  })
  add({
    id: 'pl-cand-fill',
    type: 'fill',
    source: PLANNER_SOURCES.candidates,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'fill-color': CANDIDATE_COLOUR, 'fill-opacity': 0.25 },
  })
  add({
    id: 'pl-cand-line',
    type: 'line',
    source: PLANNER_SOURCES.candidates,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': CANDIDATE_COLOUR, 'line-width': 2 },
  })
  add({
    id: 'pl-draft-line',
    type: 'line',
    source: PLANNER_SOURCES.draft,
    paint: { 'line-color': CANDIDATE_COLOUR, 'line-width': 2, 'line-dasharray': [2, 1] },
  })
  add({
    id: 'pl-draft-pt',
    type: 'circle',
    source: PLANNER_SOURCES.draft,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': CANDIDATE_COLOUR, 'circle-stroke-width': 2 },
  })
  for (const [id, src] of [
    ['pl-targets', PLANNER_SOURCES.targets],
    ['pl-cand-targets', PLANNER_SOURCES.candidateTargets],
  ] as const) {
    add({
      id: `${id}-fill`,
      type: 'fill',
      source: src,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'fill-color': CLASS_COLOUR, 'fill-opacity': 0.7, 'fill-outline-color': rgbCss(INSIDE_RGB) },
    })
    add({
      id: `${id}-pt`,
      type: 'circle',
      source: src,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 3.5, 15, 7],
        'circle-color': CLASS_COLOUR,
        'circle-stroke-color': rgbCss(INSIDE_RGB),
        'circle-stroke-width': 2,
      },
    })
  }
  add({
    id: 'pl-sources-halo',
    type: 'circle',
    source: PLANNER_SOURCES.sources,
    filter: ['get', 'picked'],
    paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#111', 'circle-stroke-width': 2.5 },
  })
  add({
    id: 'pl-sources',
    type: 'circle',
    source: PLANNER_SOURCES.sources,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 14, 9],
      'circle-color': ['get', 'colour'],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1.5,
    },
  })
}

function set(map: MlMap, source: string, data: FeatureCollection): void {
  ;(map.getSource(source) as GeoJSONSource | undefined)?.setData(data)
}

export interface SourcePoint {
  id: string
  name: string
  lon: number
  lat: number
  major_grade: number | null
  picked: boolean
}

export function setSourcePoints(map: MlMap, rows: readonly SourcePoint[]): void {
  set(map, PLANNER_SOURCES.sources, {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      id: undefined,
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: { id: r.id, name: r.name, picked: r.picked, colour: rgbCss(r.major_grade ? levelRgb(r.major_grade) : NON_MAJOR_HAZARD_RGB) },
    })),
  })
}

/**
 * Rings of the required distance per class around a shape: geodesic circles (turf.circle) around
 * a point, geodesic buffers (turf.buffer) around a polygon. Classes with the same distance share
 * one ring (labelled with every class). Largest first so smaller rings draw on top.
 */
export function distanceRings(shape: SiteGeometry, distances: Distances, steps = 96): Feature[] {
  const groups = new Map<number, string[]>()
  for (const c of CLASS_IDS) {
    const d = distances[c]
    if (d > 0) groups.set(d, [...(groups.get(d) ?? []), c])
  }
  const out: Feature[] = []
  for (const [d, classes] of [...groups].sort((a, b) => b[0] - a[0])) {
    let g: Geometry | undefined
    if (shape.type === 'Point') g = circle(shape.coordinates, d / 1000, { steps, units: 'kilometers' }).geometry
    else g = buffer({ type: 'Feature', geometry: shape, properties: {} }, d / 1000, { units: 'kilometers', steps: 16 })?.geometry
    if (g) out.push({ type: 'Feature', geometry: g, properties: { target_class: classes[0], classes, distance_m: d } })
  }
  return out
}

export function setRings(map: MlMap, rings: Feature[]): void {
  set(map, PLANNER_SOURCES.rings, { type: 'FeatureCollection', features: rings })
}

export function setCandidateRings(map: MlMap, rings: Feature[]): void {
  set(map, PLANNER_SOURCES.candidateRings, { type: 'FeatureCollection', features: rings })
}

export interface TargetPoint {
  id: string
  lon: number
  lat: number
  target_class: string
  shortfall_m: number
  geometry?: Geometry | null
}

export function targetsCollection(rows: readonly TargetPoint[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: r.geometry ?? { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: { id: r.id, target_class: r.target_class, shortfall_m: r.shortfall_m },
    })),
  }
}

export function setCheckTargets(map: MlMap, fc: FeatureCollection): void {
  set(map, PLANNER_SOURCES.targets, fc)
}

export function setCandidateTargets(map: MlMap, fc: FeatureCollection): void {
  set(map, PLANNER_SOURCES.candidateTargets, fc)
}

export function setCandidates(map: MlMap, shapes: { label: string; geometry: SiteGeometry; active: boolean }[]): void {
  set(map, PLANNER_SOURCES.candidates, {
    type: 'FeatureCollection',
    features: shapes.map((s) => ({ type: 'Feature', geometry: s.geometry, properties: { label: s.label, active: s.active } })),
  })
}

export function setDraft(map: MlMap, points: [number, number][]): void {
  const features: Feature[] = points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} }))
  if (points.length > 1) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: points }, properties: {} })
  set(map, PLANNER_SOURCES.draft, { type: 'FeatureCollection', features })
}

export function setBlocking(map: MlMap, fc: FeatureCollection): void {
  set(map, PLANNER_SOURCES.blocking, fc)
}

export function setSuitable(map: MlMap, g: Geometry | null): void {
  set(map, PLANNER_SOURCES.suitable, { type: 'FeatureCollection', features: g ? [{ type: 'Feature', geometry: g, properties: {} }] : [] })
}
