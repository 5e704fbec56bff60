// Routes of the app (hash routing: #/, #/planner, #/wall, #/public …). Add a feature by adding
// an entry here; each page is loaded on demand.
import type { ComponentType } from 'preact'
import type { I18nKey } from './i18n.ts'

export interface RouteDef {
  path: string
  load: () => Promise<{ default: ComponentType }>
  /** the page title key; defaults to the app title */
  title?: I18nKey
  /** false hides the app header (the map wall and the public view draw their own) */
  chrome?: boolean
  /** shown in the header's navigation under this label */
  nav?: I18nKey
  /** offered under the header's "more" menu (occasional tasks), not as a tab of its own */
  more?: boolean
}

export const routes: RouteDef[] = [
  { path: '/', load: () => import('../features/onemap/OneMapPage.tsx'), nav: 'nav.onemap' },
  { path: '/dangers', load: () => import('../features/dangers/DangersPage.tsx'), title: 'nav.dangers', nav: 'nav.dangers' },
  { path: '/reviews', load: () => import('../features/reviews/ReviewsPage.tsx'), title: 'nav.reviews', nav: 'nav.reviews' },
  // no header link yet: with it the English header overflows at 1440 px (test/e2e/entry.test.ts); reachable by URL
  { path: '/indicators', load: () => import('../features/indicators/IndicatorsPage.tsx'), title: 'nav.indicators', nav: 'nav.indicators', more: true },
  // the printable report of an area and year (#/indicators/report?area=…&year=…), linked from #/indicators
  { path: '/indicators/report', load: () => import('../features/indicators/ReportPage.tsx'), title: 'nav.indicators' },
  { path: '/freshness', load: () => import('../features/freshness/FreshnessPage.tsx'), title: 'nav.freshness', nav: 'nav.freshness', more: true },
  { path: '/planner', load: () => import('../features/planner/PlannerPage.tsx'), title: 'title.planner', nav: 'nav.planner' },
  { path: '/import', load: () => import('../features/import/ImportPage.tsx'), title: 'nav.import', nav: 'nav.import', more: true },
  { path: '/wall', load: () => import('../features/wall/WallPage.tsx'), title: 'nav.wall', nav: 'nav.wall', chrome: false },
  { path: '/public', load: () => import('../features/public/PublicPage.tsx'), title: 'nav.public', nav: 'nav.public', chrome: false },
  { path: '/registries', load: () => import('../features/registries/RegistriesPage.tsx'), title: 'nav.registries', nav: 'nav.registries', more: true },
  { path: '/vehicles', load: () => import('../features/vehicleRates/VehicleRatesPage.tsx'), title: 'nav.vehicles', nav: 'nav.vehicles', more: true },
  { path: '/notices', load: () => import('../features/notices/NoticesPage.tsx'), title: 'nav.notices', nav: 'nav.notices', more: true },
]

export function currentPath(hash: string = typeof location !== 'undefined' ? location.hash : ''): string {
  const h = hash.replace(/^#/, '')
  const path = h.split('?')[0] || '/'
  return path.startsWith('/') ? path : `/${path}`
}

/** The query part of the hash route (#/wall?tour=1 → tour=1). */
export function currentQuery(hash: string = typeof location !== 'undefined' ? location.hash : ''): URLSearchParams {
  const h = hash.replace(/^#/, '')
  const i = h.indexOf('?')
  return new URLSearchParams(i >= 0 ? h.slice(i + 1) : '')
}

export function matchRoute(path: string): RouteDef | undefined {
  return routes.find((r) => r.path === path)
}
