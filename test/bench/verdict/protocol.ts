// What the verdict-map bench driver (test/bench/verdict-map.bench.ts) and its page agree on.

/** ours: the import page's VerdictMap as shipped (one binary deck.gl ScatterplotLayer);
 * geojson: the same dots as one MapLibre GeoJSON source + circle layer (the usual way);
 * empty: VerdictMap with no dots (the floor: basemap and districts only). */
export type VerdictMode = 'ours' | 'geojson' | 'empty'

export interface VerdictRunOptions {
  mode: VerdictMode
  points: number
  seed: number
  /** how long the camera moves, in ms */
  moveMs: number
}

export interface FrameStats {
  frames: number
  /** milliseconds between consecutive animation frames while the camera moves */
  median: number
  p95: number
  max: number
  /** frames per second over the whole move */
  fps: number
}

/** the first data row (Excel row 2) lies alone on the map, so a click on it can only pick it */
export const MARKER_ROW = 2

export interface VerdictRunResult {
  mode: VerdictMode
  points: number
  /** from mounting to the first idle map with the dots drawn */
  readyMs: number
  frames: FrameStats
  /** main-thread JavaScript per drawn frame while moving (CPU profile samples, not counting
   * native waits such as the GPU process): the part of a frame a real GPU does not take away */
  scriptMsPerFrame: number
  /** a click on a known dot's position names its row (ours only; null elsewhere) */
  pickedRow: number | null
  expectedRow: number | null
}
