// Which basemap a person sees: the offline land and water, the configured online basemap
// (VITE_BASEMAP: a style URL or raster tiles), or none (a flat colour under the city's areas).
// The choice is remembered in this browser; a stored choice that the configuration no longer
// offers (online without VITE_BASEMAP) falls back to the default.
import type { BasemapConfig } from './basemap.ts'

export type BasemapChoice = 'offline' | 'online' | 'none'
export const STORAGE_KEY = 'yizhangtu.basemap'

/** Whether VITE_BASEMAP names an online basemap the map can draw. */
export function hasOnline(config: BasemapConfig): boolean {
  return config.kind === 'raster' || config.kind === 'style'
}

/** The switcher's entries, in its order. */
export function choicesFor(config: BasemapConfig): BasemapChoice[] {
  return hasOnline(config) ? ['offline', 'online', 'none'] : ['offline', 'none']
}

/** A deployment that configures a basemap wants it; otherwise the offline land and water. */
export function defaultChoice(config: BasemapConfig): BasemapChoice {
  return hasOnline(config) ? 'online' : 'offline'
}

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>

function storage(): KeyValue | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function loadChoice(config: BasemapConfig, store: KeyValue | null = storage()): BasemapChoice {
  let v: string | null = null
  try {
    v = store?.getItem(STORAGE_KEY) ?? null
  } catch {
    /* storage refused: the default */
  }
  return (choicesFor(config) as string[]).includes(v ?? '') ? (v as BasemapChoice) : defaultChoice(config)
}

export function saveChoice(choice: BasemapChoice, store: KeyValue | null = storage()): void {
  try {
    store?.setItem(STORAGE_KEY, choice)
  } catch {
    /* private mode: remembered for this page only */
  }
}
