// The wall's layer presets (calm instead of every symbol at once) and its drawing order. Pure.

export type WallPreset = 'overview' | 'dangers' | 'resources' | 'alarms' | 'accidents'

export const WALL_PRESETS: readonly WallPreset[] = ['overview', 'dangers', 'resources', 'alarms', 'accidents']

/** Layers only their own preset shows: this year's accidents would crowd the overview. */
const OWN_PRESET_ONLY: ReadonlySet<string> = new Set(['accidents'])

/** The registry layers each preset shows (null: all but OWN_PRESET_ONLY); what-if threat zones always show. */
const SHOWN: Record<WallPreset, ReadonlySet<string> | null> = {
  overview: null,
  // encroachments on pipelines (违章占压) are hidden dangers of their own kind
  dangers: new Set(['hidden_dangers', 'risk_points', 'pipelines']),
  resources: new Set(['emergency_resources', 'hazard_sources']),
  // the alarms themselves pulse on the map (AlarmsPanel): beside them only the hazard sources they belong to
  alarms: new Set(['hazard_sources', 'warning_areas']),
  // this year's accidents by grade, over the districts (issue 16)
  accidents: new Set(['accidents']),
}

export function presetShows(preset: WallPreset, key: string): boolean {
  return key === 'threat_zones' || (SHOWN[preset]?.has(key) ?? !OWN_PRESET_ONLY.has(key))
}

/** Drawing order on the wall: the four-colour risk points over the icons, so red never drowns
 * among them (threat zones, an incident's what-if, stay on top). Stable otherwise. */
export function wallDrawOrder<T extends { key: string }>(layers: readonly T[]): T[] {
  const rank = (k: string) => (k === 'threat_zones' ? 2 : k === 'risk_points' ? 1 : 0)
  return layers
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank(a.l.key) - rank(b.l.key) || a.i - b.i)
    .map((x) => x.l)
}
