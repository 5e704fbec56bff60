// What the drag benchmark's driver and page say to each other (through page.evaluate). Types only.
import type { Distances } from '../../../src/domain/plannerGeo.ts'

export interface DragOptions {
  /** API origin (the gateway) and credentials of a staff user */
  api: string
  apikey: string
  token: string
  /** candidate positions, one per mouse move, in order */
  path: [number, number][]
  distances: Distances
  /** extra metres of tiles fetched around the candidate, as the app prefetches */
  prefetchM: number
  /** measure the turf baseline on every k-th move only (it is slow at scale); 1 = every move */
  baselineEvery: number
  /** confirm every k-th position with evaluate_site (the app's "on drop"); 0 = never */
  confirmEvery: number
}

export interface Stats {
  n: number
  median: number
  p95: number
  max: number
  mean: number
}

export interface DragResult {
  moves: number
  loadedTargets: number
  loadedTiles: number
  tileFetch: { tiles: number; bytes: number; totalMs: number; medianMs: number; p95Ms: number }
  /** moves that had to wait for tiles before the evaluation (the app would show "loading") */
  movesWaitingForTiles: number
  ours: Stats
  oursNoIndex: Stats
  turfBaseline: Stats
  /** exact distance computations per move after the index's box test (median) */
  testedMedian: number
  violationsMedian: number
  /** moves where ours and the turf baseline counted differently (sphere vs ellipsoid at the boundary) */
  countMismatches: number
  maxCountDiff: number
  /** evaluate_site through PostgREST, as on drop: time and agreement with ours (0.5 % rule) */
  confirm: { n: number; ms: Stats; agreed: number; borderline: number; maxRelDiff: number; worst: string; disagreements: string[] }
}
