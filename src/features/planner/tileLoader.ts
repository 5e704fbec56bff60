// The planner's protective-target tiles (planner_targets, ≤0.2° each) fetched into the browser's
// TargetStore a few at a time: the tiles around where a candidate is now go first, older wishes
// wait (at most 400 queued).
import { plannerTargets } from '../../data/planner.ts'
import { maxDistance, tileBox, tilesCovering, type Distances, type PreparedSite, type TargetStore } from '../../domain/plannerGeo.ts'

/** tiles fetched beyond the search box, so a drag finds its targets already loaded */
const PREFETCH_M = 1500
const TILE_CONCURRENCY = 3

export interface TileEvents {
  loaded(key: string): void
  /** tiles loading or queued, and targets loaded */
  progress(pending: number, loadedTargets: number): void
  error(message: string): void
}

export class TileLoader {
  private inflight = new Map<string, Promise<void>>()
  private queue: string[] = []
  private stopped = false

  constructor(
    private targets: TargetStore,
    private events: TileEvents,
  ) {}

  /** The tiles around a candidate, newest wishes first. */
  want(site: PreparedSite, d: Distances): void {
    const keys = this.fresh(tilesCovering(site.searchBox(maxDistance(d) + PREFETCH_M)))
    this.queue = [...keys, ...this.queue.filter((k) => !keys.includes(k))].slice(0, 400)
    this.pump()
  }

  /** Of these tiles, those neither loaded, loading nor queued. */
  fresh(keys: readonly string[]): string[] {
    const queued = new Set(this.queue)
    return keys.filter((k) => !this.targets.hasTile(k) && !this.inflight.has(k) && !queued.has(k))
  }

  /** Asks for these tiles before any queued. */
  prioritise(keys: readonly string[]): void {
    this.queue = [...keys, ...this.queue]
    this.pump()
  }

  /** The requests in flight for these tiles (all when omitted). */
  pending(keys?: readonly string[]): Promise<void>[] {
    if (!keys) return [...this.inflight.values()]
    return keys.map((k) => this.inflight.get(k)).filter((p): p is Promise<void> => !!p)
  }

  stop(): void {
    this.stopped = true
    this.queue = []
  }

  private pump(): void {
    while (this.inflight.size < TILE_CONCURRENCY && this.queue.length) {
      const key = this.queue.shift()!
      if (this.targets.hasTile(key) || this.inflight.has(key)) continue
      const p = plannerTargets(tileBox(key))
        .then(
          (payload) => {
            if (this.stopped) return
            this.targets.addTile(key, payload)
            this.events.loaded(key)
          },
          (e) => this.events.error(e instanceof Error ? e.message : String(e)),
        )
        .finally(() => {
          this.inflight.delete(key)
          this.events.progress(this.inflight.size + this.queue.length, this.targets.size)
          this.pump()
        })
      this.inflight.set(key, p)
    }
    this.events.progress(this.inflight.size + this.queue.length, this.targets.size)
  }
}
