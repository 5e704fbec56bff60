// The suitable area of a chemical park (siting_suitability) under the scenario's distances, and
// the protective targets that constrain it, from the browser's own tiles.
import type { Map as MlMap } from 'maplibre-gl'
import { bbox as turfBbox } from '@turf/turf'
import type { Store } from '../../app/store.ts'
import { setBlocking, setSuitable, targetsCollection } from '../../map/layers/planner.ts'
import { sitingSuitability } from '../../data/planner.ts'
import { maxDistance, PreparedSite, tilesCovering, type Distances, type Evaluation, type SiteGeometry, type TargetStore } from '../../domain/plannerGeo.ts'
import type { TileLoader } from './tileLoader.ts'
import type { PlannerState } from './state.ts'

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e))

export interface SuitabilityHost {
  readonly store: Store<PlannerState>
  readonly targets: TargetStore
  readonly tiles: TileLoader
  map(): MlMap | null
  destroyed(): boolean
}

export class Suitability {
  constructor(private readonly host: SuitabilityHost) {}

  setPark(id: string | null): void {
    this.host.store.update({ parkId: id, suitability: null, suitabilityFor: null, suitabilityError: null, blocking: null })
    const map = this.host.map()
    if (map) {
      setSuitable(map, null)
      setBlocking(map, targetsCollection([]))
    }
  }

  /**
   * The protective targets that constrain a park (within their class's distance of it), from the
   * browser's own tiles: drawn so the planner sees why an area is not suitable. null when the
   * tiles could not all be loaded. Its count is siting_suitability's blocking_targets.
   */
  async blockingTargets(area: SiteGeometry, d: Distances): Promise<Evaluation['targets'] | null> {
    const site = new PreparedSite(area)
    const keys = tilesCovering(site.searchBox(maxDistance(d)))
    if (keys.length > 400) return null
    const missing = () => keys.filter((k) => !this.host.targets.hasTile(k))
    const deadline = Date.now() + 60_000
    let tries = 0
    while (missing().length && Date.now() < deadline && !this.host.destroyed()) {
      const todo = this.host.tiles.fresh(missing())
      if (todo.length) {
        if (++tries > 3 * keys.length) break // tiles keep failing
        this.host.tiles.prioritise(todo)
      }
      const waits = this.host.tiles.pending()
      if (!waits.length) break
      await Promise.race(waits)
    }
    if (missing().length) return null
    return this.host.targets.evaluate(site, d).targets
  }

  async computeSuitability(): Promise<void> {
    const s = this.host.store.get()
    const park = s.parks.find((p) => p.id === s.parkId)
    if (!park) return
    this.host.store.update({ suitabilityLoading: true, suitabilityError: null })
    try {
      const [r, blocking] = await Promise.all([sitingSuitability(park.geometry, s.distances), this.blockingTargets(park.geometry, s.distances)])
      if (this.host.destroyed()) return
      this.host.store.update({ suitability: r, suitabilityFor: JSON.stringify(s.distances), suitabilityLoading: false, blocking })
      const map = this.host.map()
      if (map) {
        setSuitable(map, r.suitable)
        setBlocking(map, targetsCollection(blocking ?? []))
        const [w, so, e, n] = turfBbox(park.geometry)
        map.fitBounds(
          [
            [w, so],
            [e, n],
          ],
          { padding: 80, duration: 0 },
        )
      }
    } catch (e) {
      this.host.store.update({ suitabilityLoading: false, suitabilityError: msg(e) })
    }
  }
}
