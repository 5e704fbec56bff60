// #/dangers: the hidden-danger closed loop for signed-in users. A server-side paged list with
// filters and sorting (RLS decides the rows), a detail panel with the append-only timeline and
// the actions the user's role may take now (forms → transition_hidden_danger), statistics per
// district and a small map of the listed page. Anonymous visitors are asked to sign in.
// On a phone (≤ 640 px, dangers-phone.css) the columns become three tabs, 列表 / 地图 / 统计, the
// list first; an opened danger is a full-screen sheet over them (detail-phone.css).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { currentPath, currentQuery } from '../../app/routes.ts'
import {
  districts as fetchDistricts,
  listDangers,
  ownDistricts,
  type DangerFilter,
  type DangerListRow,
  type DangerSort,
  type District,
} from '../../data/dangers.ts'
import { MESSAGES } from './messages.ts'
import { DangerList } from './DangerList.tsx'
import { DangerDetailPanel } from './DangerDetail.tsx'
import { StatsPanel } from './StatsPanel.tsx'
import { DangerMap } from './DangerMap.tsx'
import { readDangersQuery, writeDangersQuery } from './urlState.ts'
import { usePhone } from './usePhone.ts'
import './dangers.css'
import './dangers-phone.css'

/** The phone's tabs; on a desk all three show at once. */
export type PhoneTab = 'list' | 'map' | 'stats'
const PHONE_TABS: PhoneTab[] = ['list', 'map', 'stats']

export const PAGE_SIZE = 20

interface ListState {
  status: 'loading' | 'ok' | 'error'
  rows: DangerListRow[]
  total: number
  error?: string
}

declare global {
  interface Window {
    /** test hook: what the list last loaded */
    __dangers?: { total: number; rows: number; page: number; loads: number }
  }
}

export default function DangersPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)

  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user) {
    return (
      <div class="page-message dangers-signin" data-testid="dangers-signin">
        <h2>{m('page.title')}</h2>
        <p>{m('page.signIn')}</p>
        <p class="muted">{m('page.signInHint')}</p>
        <p class="signin-actions">
          <button
            type="button"
            class="btn btn-primary"
            data-testid="dangers-signin-open"
            onClick={() => (document.querySelector('[data-testid="signin-open"]') as HTMLButtonElement | null)?.click()}
          >
            {m('page.signInButton')}
          </button>
          <a href="#/public">{m('page.publicLink')}</a>
        </p>
      </div>
    )
  }
  if (!user.role)
    return (
      <div class="page-message" data-testid="dangers-norole">
        {m('page.noRole')}
      </div>
    )
  // keyed by user: signing in as someone else starts from a clean page
  return <DangersWorkspace key={user.userId} />
}

function DangersWorkspace() {
  const { m, lang } = useMessages(MESSAGES)
  const { user } = useStore(sessionStore)
  // the URL is the list's state: a shared or reloaded link opens the same filtered list
  const [initial] = useState(() => readDangersQuery(currentQuery()))
  const [filter, setFilter] = useState<DangerFilter>(initial.filter)
  const [sort, setSort] = useState<DangerSort>(initial.sort)
  const [page, setPage] = useState(0)
  const [selected, setSelected] = useState<string | null>(initial.selected)
  const [version, setVersion] = useState(0)
  const [list, setList] = useState<ListState>({ status: 'loading', rows: [], total: 0 })
  const [areas, setAreas] = useState<District[]>([])
  const phone = usePhone()

  useEffect(() => {
    fetchDistricts().then(
      (all) => setAreas(ownDistricts(all, user?.areaCodes ?? [])),
      () => setAreas([]),
    )
  }, [])

  useEffect(() => {
    let alive = true
    setList((l) => ({ ...l, status: 'loading' }))
    listDangers(filter, sort, page, PAGE_SIZE).then(
      (r) => {
        if (!alive) return
        setList({ status: 'ok', rows: r.rows, total: r.total })
        const w = window.__dangers
        window.__dangers = { total: r.total, rows: r.rows.length, page, loads: (w?.loads ?? 0) + 1 }
      },
      (e: Error) => alive && setList({ status: 'error', rows: [], total: 0, error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [filter, sort, page, version])

  const changeFilter = useCallback((f: DangerFilter) => {
    setFilter(f)
    setPage(0)
  }, [])
  // The phone's tabs. Each tab keeps its own scroll position in the page (the page is the one
  // scroller on a phone), and the map is made only once its tab is first opened: no WebGL work
  // for a user who only reads the list, and never a map laid out in a hidden, sizeless box.
  const [tab, setTab] = useState<PhoneTab>('list')
  const [mapSeen, setMapSeen] = useState(false)
  const pageEl = useRef<HTMLDivElement>(null)
  const scrollOf = useRef<Record<PhoneTab, number>>({ list: 0, map: 0, stats: 0 })
  const showTab = useCallback(
    (next: PhoneTab) => {
      const el = pageEl.current
      if (el) scrollOf.current[tab] = el.scrollTop
      setTab(next)
      if (next === 'map') setMapSeen(true)
    },
    [tab],
  )
  useEffect(() => {
    const el = pageEl.current
    if (el && phone) el.scrollTop = scrollOf.current[tab]
  }, [tab])
  // a tap on a district in the statistics filters the list and shows it
  const filterFromStats = useCallback(
    (f: DangerFilter) => {
      changeFilter(f)
      if (phone) {
        scrollOf.current.list = 0
        showTab('list')
      }
    },
    [phone, showTab],
  )
  // another page of the list starts at its top
  const changePage = useCallback(
    (p: number) => {
      setPage(p)
      const el = pageEl.current
      if (el && phone) el.scrollTop = 0
    },
    [phone],
  )
  const changeSort = useCallback((s: DangerSort) => {
    setSort(s)
    setPage(0)
  }, [])
  // On a phone the sheet is a screen of its own: opening it adds a history entry, so the phone's
  // Back button closes it (and its × goes back through that entry) instead of leaving the page.
  // (stable: the map keeps the first onSelect it was given)
  const sheetEntry = useRef(false)
  const phoneNow = useRef(phone)
  phoneNow.current = phone
  const select = useCallback((id: string | null) => {
    if (id && phoneNow.current && !sheetEntry.current) {
      history.pushState(null, '', location.hash)
      sheetEntry.current = true
    } else if (!id && sheetEntry.current) {
      sheetEntry.current = false
      history.back() // popstate below clears the selection
      return
    }
    setSelected(id)
  }, [])
  useEffect(() => {
    const onPop = () => {
      // a link followed away from the page fires popstate too: that is not ours to answer (the
      // URL rewrite that follows a selection change would pull the app back to #/dangers)
      if (currentPath() !== '/dangers') return
      sheetEntry.current = false
      setSelected(readDangersQuery(currentQuery()).selected)
    }
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  useEffect(() => {
    const next = `#/dangers${writeDangersQuery({ filter, sort, selected })}`
    if (location.hash !== next && currentPath() === '/dangers') history.replaceState(null, '', next)
  }, [filter, sort, selected])
  const changed = useCallback(() => setVersion((v) => v + 1), [])

  return (
    <div class="dangers-page" ref={pageEl} data-testid="dangers-page" data-role={user?.role ?? ''} data-tab={tab} data-phone={phone ? 'true' : 'false'}>
      <div class="dangers-tabs" role="tablist" aria-label={m('tabs.label')} data-testid="dangers-tabs">
        {PHONE_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            class={tab === t ? 'on' : ''}
            aria-selected={tab === t}
            data-testid={`dangers-tab-${t}`}
            onClick={() => showTab(t)}
          >
            {m(`tab.${t}`)}
            {t === 'list' && list.status === 'ok' && <span class="tab-count">{formatNumber(list.total, lang)}</span>}
          </button>
        ))}
      </div>
      <section class="dangers-main">
        <DangerList
          filter={filter}
          sort={sort}
          page={page}
          pageSize={PAGE_SIZE}
          list={list}
          areas={areas}
          selected={selected}
          onFilter={changeFilter}
          onSort={changeSort}
          onPage={changePage}
          onSelect={select}
        />
      </section>
      <section class="dangers-detail" data-testid="dangers-detail-col">
        {selected ? (
          <DangerDetailPanel id={selected} version={version} onClose={() => select(null)} onChanged={changed} />
        ) : (
          <div class="dangers-detail-empty" data-testid="detail-empty">
            {m('detail.empty')}
          </div>
        )}
      </section>
      <aside class="dangers-side">
        <StatsPanel version={version} filter={filter} onFilter={filterFromStats} />
        {!phone || tab === 'map' || mapSeen ? <DangerMap rows={list.rows} selected={selected} onSelect={select} /> : null}
      </aside>
    </div>
  )
}
