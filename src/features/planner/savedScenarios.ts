// Named scenarios of the siting tab (issue 21): save what the tab holds (source, candidates A–C,
// distances, park) under a name, private or shared with colleagues; reopen one (own, a colleague's
// shared one, or from a link #/planner?scenario=<id>) — the candidates are re-evaluated against
// today's targets, nothing stale is stored; delete one's own. Data access: src/data/planningScenarios.ts.
import { createStore, type Store } from '../../app/store.ts'
import { deleteScenario, getScenario, listScenarios, saveScenario, type ScenarioDraft, type StoredScenario } from '../../data/planningScenarios.ts'
import type { PlannerState } from './state.ts'
import type { PlannerController } from './controller.ts'

export interface SavedState {
  list: StoredScenario[] | null
  loading: boolean
  /** the last failure, as the database said it */
  error: string | null
  /** the scenario the tab shows, as last saved or opened */
  opened: { id: string; name: string; mine: boolean; shared: boolean } | null
  busy: boolean
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** What the siting tab holds, as a scenario to save. */
export function draftOf(s: PlannerState, name: string, shared: boolean, note: string | null = null): ScenarioDraft {
  return {
    name: name.trim(),
    note: note?.trim() || null,
    source_id: s.picked?.id ?? null,
    park_id: s.parkId,
    candidates: s.candidates.map((c) => ({ label: c.label, geometry: c.geometry })),
    distances: { ...s.distances },
    shared,
  }
}

/** A link that opens the scenario in a colleague's planner. */
export function scenarioLink(id: string, base = typeof location !== 'undefined' ? location.href.split('#')[0] : ''): string {
  return `${base}#/planner?scenario=${encodeURIComponent(id)}`
}

export class SavedScenarios {
  readonly store: Store<SavedState> = createStore<SavedState>({ list: null, loading: false, error: null, opened: null, busy: false })

  constructor(private readonly ctl: PlannerController) {}

  async refresh(): Promise<void> {
    this.store.update({ loading: true, error: null })
    try {
      this.store.update({ list: await listScenarios(), loading: false })
    } catch (e) {
      this.store.update({ loading: false, error: msg(e) })
    }
  }

  /** Saves the tab under `name` (replacing the caller's own of that name); false when refused. */
  async save(name: string, shared: boolean, note: string | null = null): Promise<boolean> {
    this.store.update({ busy: true, error: null })
    try {
      const saved = await saveScenario(draftOf(this.ctl.store.get(), name, shared, note))
      this.store.update({ busy: false, opened: { id: saved.id, name: saved.name, mine: true, shared: saved.shared } })
      await this.refresh()
      return true
    } catch (e) {
      this.store.update({ busy: false, error: msg(e) })
      return false
    }
  }

  /** Opens a scenario by id: the tab is replaced by its source, distances, candidates and park. */
  async open(id: string): Promise<boolean> {
    this.store.update({ busy: true, error: null })
    this.ctl.setTab('scenario')
    try {
      const sc = this.store.get().list?.find((x) => x.id === id) ?? (await getScenario(id))
      if (!sc) throw new Error('方案不存在或无权查看 / no such scenario, or not shared with you')
      await this.apply(sc)
      this.store.update({ busy: false, opened: { id: sc.id, name: sc.name, mine: sc.mine, shared: sc.shared } })
      return true
    } catch (e) {
      this.store.update({ busy: false, error: msg(e) })
      return false
    }
  }

  private async apply(sc: StoredScenario): Promise<void> {
    const ctl = this.ctl
    ctl.setTab('scenario')
    for (const c of [...ctl.store.get().candidates]) ctl.scenario.removeCandidate(c.label)
    if (sc.source_id) {
      await ctl.pickSource(sc.source_id)
      const err = ctl.store.get().pickError
      if (err) throw new Error(err)
    } else ctl.unpick()
    const picked = ctl.store.get().picked
    // the saved (possibly what-if) distances, not the source's current ones
    ctl.setDistances(sc.distances, picked ? { id: picked.id, name: picked.name } : null)
    for (const c of sc.candidates) ctl.addCandidate(c.label, c.geometry)
    ctl.suitability.setPark(sc.park_id)
    if (sc.candidates.length) ctl.fitCandidates()
  }

  async remove(id: string): Promise<void> {
    this.store.update({ busy: true, error: null })
    try {
      await deleteScenario(id)
      const o = this.store.get().opened
      this.store.update({ busy: false, opened: o?.id === id ? null : o })
      await this.refresh()
    } catch (e) {
      this.store.update({ busy: false, error: msg(e) })
    }
  }
}
