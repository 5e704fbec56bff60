// #/dangers: the hidden-danger closed loop for signed-in users. A server-side paged list with
// filters and sorting (RLS decides the rows), a detail panel with the append-only timeline and
// the actions the user's role may take now (forms → transition_hidden_danger), statistics per
// district and a small map of the listed page. Anonymous visitors are asked to sign in.
import { useCallback, useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { currentQuery } from '../../app/routes.ts'
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
import './dangers.css'

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
  const { m } = useMessages(MESSAGES)
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
  const changeSort = useCallback((s: DangerSort) => {
    setSort(s)
    setPage(0)
  }, [])
  const select = useCallback((id: string | null) => setSelected(id), [])
  useEffect(() => {
    const next = `#/dangers${writeDangersQuery({ filter, sort, selected })}`
    if (location.hash !== next) history.replaceState(null, '', next)
  }, [filter, sort, selected])
  const changed = useCallback(() => setVersion((v) => v + 1), [])

  return (
    <div class="dangers-page" data-testid="dangers-page" data-role={user?.role ?? ''}>
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
          onPage={setPage}
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
        <StatsPanel version={version} filter={filter} onFilter={changeFilter} />
        <DangerMap rows={list.rows} selected={selected} onSelect={select} />
      </aside>
    </div>
  )
}
