// The planner's state as its panels read it, and its debug hook for tests.
import type { Map as MlMap } from 'maplibre-gl'
import type { Position } from 'geojson'
import type { Industry } from '../../data/mapApi.ts'
import type { IncidentOrigin } from '../../data/wall.ts'
import type { CheckRow, District, Park, PlannerSource, ProtectiveTargetType, SiteEvaluation, Suitability, ViolationRow } from '../../data/planner.ts'
import { CLASS_IDS, type Agreement, type Distances, type Evaluation, type SiteGeometry, type TargetStore } from '../../domain/plannerGeo.ts'

/** the example distances, used until a hazard source is picked */
export const EXAMPLE_DISTANCES: Distances = { high_sensitivity: 1000, important: 1000, general_1: 600, general_2: 300, general_3: 200 }

export type SortKey = 'shortfall' | 'population' | 'violations' | 'name'

export interface Candidate {
  label: string
  geometry: SiteGeometry
  live: Evaluation | null
  liveMs: number
  server: SiteEvaluation | null
  serverFor: string | null
  serverLoading: boolean
  serverError: string | null
  agreement: Agreement | null
}

export interface PlannerState {
  mapReady: boolean
  /** the basemap's tiles are not arriving: their last HTTP status (0: no answer), else null */
  basemapTilesFailing: number | null
  tab: 'worklist' | 'scenario' | 'threat'
  worklist: ViolationRow[] | null
  worklistLoading: boolean
  worklistError: string | null
  area: string | null
  industry: string | null
  minPopulation: number
  query: string
  sort: SortKey
  sortDesc: boolean
  districts: District[]
  industries: Industry[]
  types: Record<string, ProtectiveTargetType>
  parks: Park[]
  picked: PlannerSource | null
  pickedCheck: CheckRow[] | null
  pickLoading: boolean
  pickError: string | null
  candidates: Candidate[]
  active: string | null
  drawing: Position[] | null
  distances: Distances
  distancesFrom: { id: string; name: string } | null
  loadedTargets: number
  pendingTiles: number
  parkId: string | null
  suitability: Suitability | null
  suitabilityFor: string | null
  suitabilityLoading: boolean
  suitabilityError: string | null
  /** targets constraining the park, from the browser's tiles (null: not computed or not loaded) */
  blocking: Evaluation['targets'] | null
  printView: boolean
  snapshot: string | null
  /** the threat-zone tab's origin: a hazard source or a clicked point */
  tzOrigin: IncidentOrigin | null
}

/** What a server answer was computed for: the geometry and the distances. */
export const geometryKey = (g: SiteGeometry, d: Distances) => JSON.stringify([g, CLASS_IDS.map((c) => d[c])])

/** window.__planner: what tests and benchmarks read (C: the controller). */
export interface PlannerDebug<C> {
  ready: boolean
  map?: MlMap
  store?: TargetStore
  /** browser evaluation time per move (ms), newest last */
  moveMs: number[]
  serverDone: number
  /** rings drawn around the picked source */
  rings: number
  lastError?: string
  ctl?: C
}
