// Routes of the app (hash routing: #/, #/planner, #/wall, #/public …). Add a feature by adding
// an entry here; each page is loaded on demand.
import type { ComponentType } from 'preact'
import type { I18nKey } from './i18n.ts'

export interface RouteDef {
  path: string
  load: () => Promise<{ default: ComponentType }>
  /** the page title key; defaults to the app title */
  title?: I18nKey
  /** false hides the app header (e.g. a map wall) */
  chrome?: boolean
}

export const routes: RouteDef[] = [
  { path: '/', load: () => import('../features/onemap/OneMapPage.tsx') },
]

export function currentPath(hash: string = typeof location !== 'undefined' ? location.hash : ''): string {
  const h = hash.replace(/^#/, '')
  const path = h.split('?')[0] || '/'
  return path.startsWith('/') ? path : `/${path}`
}

export function matchRoute(path: string): RouteDef | undefined {
  return routes.find((r) => r.path === path)
}
