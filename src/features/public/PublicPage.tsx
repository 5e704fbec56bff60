// The public risk view (#/public), anonymous: a compact header of its own, the map, and a panel
// (a side panel on desktops, a bottom sheet on phones) with the overview, "what is around me",
// the hidden-danger report and the report lookup. Only public_* RPCs are called.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useStore } from '../../app/store.ts'
import { setLang, useMessages } from '../../app/i18n.ts'
import { datasetInfo } from '../../data/mapApi.ts'
import { PublicView, TABS, type Tab } from './view.ts'
import { MESSAGES } from './messages.ts'
import { SearchBar } from './SearchBar.tsx'
import { OverviewTab } from './OverviewTab.tsx'
import { AroundTab } from './AroundTab.tsx'
import { ReportTab } from './ReportTab.tsx'
import { LookupTab } from './LookupTab.tsx'
import { EmergencyNumbers } from './parts.tsx'
import { PublicWarnings } from '../notices/PublicWarnings.tsx'
import './public.css'

function PublicHeader() {
  const { m, lang } = useMessages(MESSAGES)
  const [demo, setDemo] = useState(false)
  useEffect(() => {
    let alive = true
    datasetInfo().then(
      (d) => alive && setDemo(d.demo),
      () => undefined,
    )
    return () => {
      alive = false
    }
  }, [])
  return (
    <header class={`pub-header lang-${lang}`} data-testid="public-header">
      <a class="pub-brand" href="#/public">
        <img src="/favicon.svg" alt="" width={24} height={24} />
        <span class="pub-title">{m('title')}</span>
        <span class="pub-subtitle">{m('subtitle')}</span>
      </a>
      {demo && (
        <span class="pub-demo" data-testid="demo-badge" title={m('demoNote')}>
          {lang === 'zh' ? '演示' : 'Demo'}
        </span>
      )}
      <span class="pub-spacer" />
      <button
        type="button"
        class="pub-head-btn"
        data-testid="lang-toggle"
        lang={lang === 'zh' ? 'en' : 'zh-CN'}
        onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      >
        {lang === 'zh' ? 'EN' : '中文'}
      </button>
      <a class="pub-head-btn" href="#/" data-testid="public-signin" title={m('signInTitle')}>
        {m('signIn')}
      </a>
    </header>
  )
}

export default function PublicPage() {
  const container = useRef<HTMLDivElement>(null)
  const [view, setView] = useState<PublicView | null>(null)

  useEffect(() => {
    if (!container.current) return
    const v = new PublicView()
    setView(v)
    void v.mount(container.current)
    return () => v.destroy()
  }, [])

  return (
    <div class="pub" data-testid="public-page">
      <PublicHeader />
      <div class="pub-body">
        <div class="pub-map-wrap">
          <MapBox container={container} />
          {view && <MapHint view={view} />}
        </div>
        {view && <Panel view={view} />}
      </div>
    </div>
  )
}

function MapBox({ container }: { container: { current: HTMLDivElement | null } }) {
  const { m } = useMessages(MESSAGES)
  return <div class="pub-map" ref={container} data-testid="map" role="region" aria-label={m('mapLabel')} />
}

function MapHint({ view }: { view: PublicView }) {
  const { m } = useMessages(MESSAGES)
  const s = useStore(view.store)
  const hint =
    s.tab === 'around' && !s.around.centre
      ? m('around.pickHint')
      : s.tab === 'report' && !s.report.at && s.report.status !== 'done'
        ? m('report.mapHint')
        : null
  if (!hint) return null
  return (
    <div class="pub-map-hint" data-testid="map-hint" role="status">
      {hint}
    </div>
  )
}

function Panel({ view }: { view: PublicView }) {
  const { m } = useMessages(MESSAGES)
  const s = useStore(view.store)
  const content = useRef<HTMLDivElement>(null)
  const done = s.report.status === 'done'
  // a new tab, a receipt: start at the top, where the tracking code is
  useEffect(() => {
    if (content.current) content.current.scrollTop = 0
  }, [s.tab, done])
  const tabLabel: Record<Tab, string> = { overview: m('tab.overview'), around: m('tab.around'), report: m('tab.report'), lookup: m('tab.lookup') }
  return (
    <aside class={`pub-panel ${s.expanded ? 'is-expanded' : ''}`} data-testid="public-panel" data-tab={s.tab}>
      <button
        type="button"
        class="pub-grip"
        data-testid="sheet-toggle"
        aria-label={s.expanded ? m('sheet.collapse') : m('sheet.expand')}
        aria-expanded={s.expanded}
        onClick={() => view.toggleSheet()}
      >
        <span class="pub-grip-bar" />
      </button>
      <SearchBar view={view} />
      <nav class="pub-tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={s.tab === t}
            class={`pub-tab ${s.tab === t ? 'on' : ''}`}
            data-testid={`tab-${t}`}
            onClick={() => view.setTab(t)}
          >
            {tabLabel[t]}
          </button>
        ))}
      </nav>
      <div class="pub-content" role="tabpanel" ref={content}>
        {s.tab === 'overview' && <PublicWarnings ctl={view.ctl} />}
        {s.tab === 'overview' && <OverviewTab view={view} />}
        {s.tab === 'around' && <AroundTab view={view} />}
        {s.tab === 'report' && <ReportTab view={view} />}
        {s.tab === 'lookup' && <LookupTab view={view} />}
        <EmergencyNumbers />
      </div>
    </aside>
  )
}
