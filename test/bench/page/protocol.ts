// What the Node driver and the bench page say to each other (through page.evaluate). Types only.

export type Scenario = 'ours' | 'geojson' | 'deck'

export interface RunOptions {
  scenario: Scenario
  /** The API origin (the gateway), like a Supabase project URL. */
  api: string
  apikey: string
  /** Bearer token of the user the map is drawn for. */
  token: string
  /** The map's camera: what a 1920×1080 view of the city is. MapLibre zoom (512-px tiles). */
  center: [number, number]
  mapZoom: number
  /** map_points arguments the app would send for that view (padded bbox, server zoom). */
  fetchBbox: [number, number, number, number]
  serverZoom: number
  /** Give up waiting for the first frame after this long (the tab may be dying). */
  timeoutMs: number
}

export interface RunResult {
  scenario: Scenario
  /** Points (baselines) or cells (ours) handed to the renderer. */
  drawn: number
  bytes: number
  ms: {
    /** request sent → body fully received */
    fetch: number
    /** body → renderer input (decode / JSON.parse / typed arrays) */
    prepare: number
    /** renderer input handed over → that frame drawn (layer set-up, GPU upload, rasterisation) */
    render: number
    /** request sent → first frame with the data drawn and finished on the GPU */
    firstFrame: number
  }
  heap: HeapFigures
}

export interface HeapFigures {
  /** JS heap of the page's main thread after a forced GC: performance.memory.usedJSHeapSize with
   * --enable-precise-memory-info (Chromium counts ArrayBuffer backing stores in it, so the typed
   * arrays handed to deck.gl are included). */
  mainUsed: number
  /** Whole page from performance.measureUserAgentSpecificMemory (JS and DOM of the window and
   * of the workers), if the browser gave one; null otherwise. */
  uaTotal: number | null
  /** The part of uaTotal in dedicated workers (MapLibre's: where a GeoJSON source lives). */
  uaWorkers: number | null
  /** uaTotal split by scope and type. */
  uaBreakdown: Record<string, number> | null
}
