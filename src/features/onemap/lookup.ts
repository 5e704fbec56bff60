// What is under a click or a resting cursor: signed in, every visible layer is asked at once and
// the most consequential answer wins; the public's major hazards and resources are already in the
// browser (approximate positions), so only risk points ask the server. The monitoring rings are
// found in the browser too (the layer's rows as drawn) when the hazard-source layer is not asked
// (with it, the same click opens the hazard-source card, whose monitoring section says the same),
// after the point layers and before the pipelines.
import { featureAt, publicFeatureAt, type Detail, type DetailLayer, type EmergencyResourceFeature, type MajorHazardFeature } from '../../data/mapApi.ts'
import type { LayerKey, Mode } from './state.ts'
import { pipelineAt } from '../../data/pipelines.ts'
import type { AccidentFeature } from '../../domain/accidentsMap.ts'
import { vehicleCard } from '../../data/vehicleMap.ts'
import type { VehicleMapRow } from '../../contract/vehicles.ts'
import { monitoringNow, ringAt } from '../../layers/monitoring/index.ts'

/** The click and hover radius in px the radius in metres was made of (controller, hoverTracker). */
export const LOOKUP_RADIUS_PX = 8

/** Click lookup priority (the most consequential feature wins). */
export const CLICK_PRIORITY: readonly DetailLayer[] = ['hazard_sources', 'hidden_dangers', 'risk_points', 'protective_targets', 'emergency_resources']

export interface LookupContext {
  mode: Mode
  visible: Record<LayerKey, boolean>
  /** the public's small layers as drawn */
  hazards: readonly MajorHazardFeature[]
  resources: readonly EmergencyResourceFeature[]
  /** the accident layer's rows as drawn (staff) */
  accidents?: readonly AccidentFeature[]
  /** the vehicles layer's rows as drawn (staff) */
  vehicles?: readonly VehicleMapRow[]
}

/** Mode and visible layers: what a lookup depends on (feature_at ignores the filters, as a click does). */
export function lookupContextKey(mode: Mode, visible: Record<LayerKey, boolean>): string {
  return `${mode}|${CLICK_PRIORITY.filter((l) => asked(l, visible)).join(',')}${visible.accidents ? ',accidents' : ''}${visible.vehicles ? ',vehicles' : ''}${ringsAsked(visible) ? ',monitoring' : ''}`
}

/** The monitoring rings answer a click themselves while the hazard-source card would not. */
function ringsAsked(vis: Record<LayerKey, boolean>): boolean {
  return vis.monitoring && !asked('hazard_sources', vis)
}

/** A layer a click asks: visible, or under the 待复评 · 待重评 rings (which have no card of their own). */
function asked(l: DetailLayer, vis: Record<LayerKey, boolean>): boolean {
  return vis[l as LayerKey] || (vis.stale && (l === 'risk_points' || l === 'hazard_sources'))
}

export async function lookupAt(c: LookupContext, lon: number, lat: number, radius: number, signal: AbortSignal): Promise<Detail | null> {
  const vis = c.visible
  if (c.mode === 'full') {
    // moving vehicles are drawn on top: a click on one opens its card
    const veh = vis.vehicles && c.vehicles ? nearest(c.vehicles, lon, lat, radius) : null
    if (veh) return vehicleCard(veh.id, signal).then((data) => ({ kind: 'vehicles', data }))
    const acc = vis.accidents && c.accidents ? nearest(c.accidents, lon, lat, radius) : null
    if (acc) return { kind: 'accidents', data: acc }
    const layers = CLICK_PRIORITY.filter((l) => asked(l, vis))
    // All asked at once (in priority order); the answer is the first non-empty one in priority
    // order, returned as soon as every layer above it has answered empty. The rest are aborted.
    const ctrl = new AbortController()
    const onAbort = () => ctrl.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    const pending = layers.map((l) => featureAt(l, lon, lat, radius, ctrl.signal))
    // a lower-priority failure must not surface as an unhandled rejection once we have an answer
    for (const p of pending) p.catch(() => undefined)
    try {
      for (let i = 0; i < layers.length; i++) {
        const data = await pending[i]
        if (data) return { kind: layers[i], data } as Detail
      }
      // a ring is a large target around its source: a point within the click radius inside it (a
      // hidden danger, a risk point) is what was aimed at, so the rings answer after the points
      const ring = ringsAsked(vis) ? ringAt(monitoringNow.rows, lon, lat, radius / LOOKUP_RADIUS_PX, monitoringNow.scale) : null
      if (ring) return { kind: 'monitoring', data: ring }
      return vis.pipelines ? pipelineAt(lon, lat, radius, signal).then((p) => (p ? { kind: 'pipelines', data: p } : null)) : null
    } finally {
      ctrl.abort()
      signal.removeEventListener('abort', onAbort)
    }
  }
  if (vis.hazard_sources) {
    const h = nearest(c.hazards, lon, lat, radius)
    if (h) return { kind: 'public_hazard', data: h }
  }
  if (vis.risk_points) {
    const r = await publicFeatureAt(lon, lat, radius, signal)
    if (r) return { kind: 'public_risk', data: r }
  }
  if (vis.emergency_resources) {
    const e = nearest(c.resources, lon, lat, radius)
    if (e) return { kind: 'public_resource', data: e }
  }
  return null
}

export function nearest<T extends { lon: number; lat: number }>(rows: readonly T[], lon: number, lat: number, radiusM: number): T | null {
  const kx = 111320 * Math.cos((lat * Math.PI) / 180)
  const ky = 110540
  let best: T | null = null
  let bestD = radiusM * radiusM
  for (const r of rows) {
    const dx = (r.lon - lon) * kx
    const dy = (r.lat - lat) * ky
    const d = dx * dx + dy * dy
    if (d <= bestD) {
      bestD = d
      best = r
    }
  }
  return best
}
