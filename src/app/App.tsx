// The application shell: header (title, demo badge, language, session) and the routed page.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ComponentType } from 'preact'
import { currentPath, matchRoute, routes, type RouteDef } from './routes.ts'
import { setLang, useI18n } from './i18n.ts'
import { SessionMenu } from './SessionMenu.tsx'
import { Welcome } from './Welcome.tsx'
import { offeredTo } from './entry.ts'
import { useHeaderRows } from './headerFit.ts'
import { useStore } from './store.ts'
import { sessionStore } from './sessionStore.ts'
import { cityName, datasetInfo, type DatasetInfo } from '../data/mapApi.ts'

function useHashPath(): string {
  const [path, setPath] = useState(() => currentPath())
  useEffect(() => {
    const on = () => setPath(currentPath())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return path
}

function useDataset(): DatasetInfo | null {
  const [info, setInfo] = useState<DatasetInfo | null>(null)
  useEffect(() => {
    let alive = true
    datasetInfo().then(
      (d) => alive && setInfo(d),
      () => undefined,
    )
    return () => {
      alive = false
    }
  }, [])
  return info
}

/** Keeps the open "more" menu inside the screen: it hangs from the 更多 button, and wherever the
 * header's layout puts that button (last on a phone's nav row, mid-header on a desk) the menu is
 * shifted sideways, if need be, to stay 8 px clear of the viewport's edges. */
function fitMenu(details: HTMLDetailsElement): void {
  const menu = details.querySelector<HTMLElement>('.nav-more-menu')
  if (!menu) return
  menu.style.transform = ''
  if (!details.open) return
  const margin = 8
  const vw = document.documentElement.clientWidth
  const r = menu.getBoundingClientRect()
  let dx = 0
  if (r.right > vw - margin) dx = vw - margin - r.right
  if (r.left + dx < margin) dx = margin - r.left
  if (dx !== 0) menu.style.transform = `translateX(${Math.round(dx)}px)`
}

export function App() {
  const path = useHashPath()
  const route = matchRoute(path)
  const { t, lang } = useI18n()
  const dataset = useDataset()
  const session = useStore(sessionStore)
  // until the stored session is read, offer only what everyone may use (no staff tabs flashing)
  const audience = session.user?.role ?? 'public'
  const [Page, setPage] = useState<ComponentType | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    let alive = true
    setPage(null)
    setFailed(false)
    if (!route) return
    route.load().then(
      (m) => alive && setPage(() => m.default),
      (e) => {
        console.error(e)
        if (alive) setFailed(true)
      },
    )
    return () => {
      alive = false
    }
  }, [route])

  useEffect(() => {
    document.title = route?.title ? `${t(route.title)} · ${t('app.title')}` : t('app.title')
  }, [route, lang])

  const chrome = route?.chrome !== false
  const headerRef = useRef<HTMLElement | null>(null)
  useHeaderRows(headerRef, chrome)
  const offered = routes.filter((r) => r.nav && offeredTo(r.path, audience))
  const more = offered.filter((r) => r.more)
  const navLink = (r: RouteDef) => (
    <a
      key={r.path}
      href={`#${r.path}`}
      class={r === route ? 'active' : ''}
      data-testid={`nav-${r.path.slice(1) || 'onemap'}`}
      // a chosen entry closes the "more" menu it sits in
      onClick={(e) => (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open')}
    >
      {t(r.nav!)}
    </a>
  )
  return (
    <div class="app" data-testid="app">
      {chrome && (
        <header class="app-header" data-testid="app-header" ref={headerRef}>
          <a class="brand" href="#/">
            <img class="brand-mark" src="/favicon.svg" alt="" width={26} height={26} />
            <span class="brand-title">{t('app.title')}</span>
            {dataset?.city_name && <span class="brand-city">{cityName(dataset, lang)}</span>}
          </a>
          {dataset?.demo && (
            <span class="demo-badge" data-testid="demo-badge" title={t('app.demoHint')}>
              {t('app.demo')}
            </span>
          )}
          <nav class="app-nav" data-testid="app-nav">
            {offered.filter((r) => !r.more).map(navLink)}
          </nav>
          {more.length > 0 && (
            // outside the nav, whose horizontal scrolling would clip the open menu
            <details class={`nav-more${route && more.includes(route) ? ' active' : ''}`} data-testid="nav-more" onToggle={(e) => fitMenu(e.currentTarget)}>
              <summary>{route && more.includes(route) ? t(route.nav!) : t('nav.more')}</summary>
              <div class="nav-more-menu">{more.map(navLink)}</div>
            </details>
          )}
          <div class="header-spacer" />
          <button
            type="button"
            class="btn btn-ghost lang-toggle"
            data-testid="lang-toggle"
            title={t('app.langToggleTitle')}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('app.langToggle')}
          </button>
          <SessionMenu />
        </header>
      )}
      {chrome && session.known && !session.user && route?.path === '/' && <Welcome />}
      <main class="app-main">
        {!route ? (
          <div class="page-message">
            <p>{t('app.notFound')}</p>
            <a href="#/">{t('app.backHome')}</a>
          </div>
        ) : failed ? (
          <div class="page-message">{t('app.offline')}</div>
        ) : Page ? (
          <Page />
        ) : (
          <div class="page-message">{t('app.loading')}</div>
        )}
      </main>
    </div>
  )
}
