// The layers, in drawing order (first drawn first, i.e. at the bottom). Adding a layer: a folder
// under src/layers with its module, and one line here.
import type { Audience, LayerModule, RegistryKey } from './types.ts'
import { protectiveTargets } from './protectiveTargets/index.ts'
import { riskPoints } from './riskPoints/index.ts'
import { hiddenDangers } from './hiddenDangers/index.ts'
import { emergencyResources } from './emergencyResources/index.ts'
import { hazardSources } from './hazardSources/index.ts'
import { threatZones } from './threatZones/index.ts'
import { pipelines } from './pipelines/index.ts'
import { accidents } from './accidents/index.ts'
import { monitoring } from './monitoring/index.ts'
import { vehicles } from './vehicles/index.ts'
import { stale } from './stale/index.ts'
import { warningAreasLayer } from './warningAreas/index.ts'

export const LAYERS: readonly LayerModule<unknown>[] = [
  warningAreasLayer,
  threatZones,
  pipelines,
  protectiveTargets,
  riskPoints,
  hiddenDangers,
  accidents,
  emergencyResources,
  hazardSources,
  monitoring,
  stale,
  vehicles,
]

/** The modules an audience may see, in drawing order. */
export function layersFor(audience: Audience): readonly LayerModule<unknown>[] {
  return LAYERS.filter((m) => m.audiences.includes(audience))
}

export function layerModule(key: RegistryKey): LayerModule<unknown> {
  const m = LAYERS.find((l) => l.key === key)
  if (!m) throw new Error(`no layer ${key}`)
  return m
}

export function isRegistered(key: string): key is RegistryKey {
  return LAYERS.some((l) => l.key === key)
}

/** The layer whose card and tooltip draw a Detail kind (null: not a layer's, e.g. an enterprise). */
export function layerOfDetail(kind: string): LayerModule<unknown> | null {
  return LAYERS.find((l) => l.ui.detailKinds.some((k) => k === kind)) ?? null
}
