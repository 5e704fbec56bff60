// Which basemap a person sees: the offline land and water, one of the configured sources
// (VITE_BASEMAP or the runtime config.json: a list, each by name), or none (a flat colour under
// the city's areas). The choice is remembered in this browser as the source's id only (never a
// URL); a stored choice the configuration no longer offers falls back to the default.
import type { NamedSource } from './basemap.ts'

/** 'offline', 'none', or a configured source's id ('online', 'online-2' …) */
export type BasemapChoice = string
export const STORAGE_KEY = 'yizhangtu.basemap'

/** The switcher's entries, in its order: offline, the configured sources, none. */
export function choicesFor(sources: readonly NamedSource[]): BasemapChoice[] {
  return ['offline', ...sources.map((s) => s.id), 'none']
}

/** A deployment that configures a basemap wants its first; otherwise the offline land and water. */
export function defaultChoice(sources: readonly NamedSource[]): BasemapChoice {
  return sources[0]?.id ?? 'offline'
}

/** The configured source a choice names (none for offline / none / an unknown id). */
export function sourceFor(sources: readonly NamedSource[], choice: BasemapChoice): NamedSource | undefined {
  return sources.find((s) => s.id === choice)
}

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>

function storage(): KeyValue | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function loadChoice(sources: readonly NamedSource[], store: KeyValue | null = storage()): BasemapChoice {
  let v: string | null = null
  try {
    v = store?.getItem(STORAGE_KEY) ?? null
  } catch {
    /* storage refused: the default */
  }
  return choicesFor(sources).includes(v ?? '') ? v! : defaultChoice(sources)
}

export function saveChoice(choice: BasemapChoice, store: KeyValue | null = storage()): void {
  try {
    store?.setItem(STORAGE_KEY, choice)
  } catch {
    /* private mode: remembered for this page only */
  }
}
