// #/notices (公告与预警, issue 18): the staff side of the public notices for admins and regulators.
// Proposed withdrawals (a closed hidden danger whose notice is still out) at the top; the notices
// by status (草稿 / 已发布 / 已撤回), newest first; a draft form (or a draft made from a listed major
// hidden danger, opened for editing); each notice's record with publish / withdraw and its
// history. Other roles get the page's "no access" note; the database refuses them in any case.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { districts as loadDistricts, ownDistricts, type District } from '../../data/dangers.ts'
import { areaNamesOf, cityArea, getNotice, listNotices, proposedWithdrawals, NOTICE_PAGE, type StaffNotice } from '../../data/noticesStaff.ts'
import type { SessionInfo } from '../../data/session.ts'
import { APP_ROLES } from '../../domain/categories.ts'
import type { NoticeStatus } from '../../domain/notices.ts'
import { BlacklistTab } from './BlacklistTab.tsx'
import { DangerDraft } from './DangerDraft.tsx'
import { NoticeForm } from './NoticeForm.tsx'
import { NoticeItem } from './NoticeItem.tsx'
import { Paged } from './staffParts.tsx'
import { STAFF_MESSAGES } from './staffMessages.ts'
import './notices.css'
import './staff.css'

const STATUSES: readonly NoticeStatus[] = ['draft', 'published', 'withdrawn']

type Editing = { mode: 'new' } | { mode: 'edit'; notice: StaffNotice } | { mode: 'danger' } | null

export default function NoticesPage() {
  const { m, lang } = useMessages(STAFF_MESSAGES)
  const { user, known } = useStore(sessionStore)
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user?.role)
    return (
      <div class="page-message" data-testid="notices-signin">
        {m('page.signIn')}
      </div>
    )
  if (user.role !== 'admin' && user.role !== 'regulator')
    return (
      <div class="page-message" data-testid="notices-noaccess">
        <p>{m('page.noAccess', { role: APP_ROLES[user.role][lang] })}</p>
        <a class="btn btn-ghost" href="#/public">
          {m('page.publicLink')}
        </a>
      </div>
    )
  return <Notices key={user.userId} user={user} />
}

function Notices({ user }: { user: SessionInfo }) {
  const { m } = useMessages(STAFF_MESSAGES)
  const [tab, setTabOnly] = useState<NoticeStatus>('draft')
  // the page of the tab's list (NOTICE_PAGE rows a page, 0 the newest)
  const [page, setPage] = useState(0)
  const setTab = (t: NoticeStatus) => {
    setTabOnly(t)
    setPage(0)
  }
  const [version, setVersion] = useState(0)
  const [loaded, setList] = useState<{ key: string; status: 'loading' | 'ok' | 'error'; rows: StaffNotice[]; total: number; error?: string }>({
    key: '',
    status: 'loading',
    rows: [],
    total: 0,
  })
  // an answer to an earlier question (another tab or page) shows as loading, never as this one's
  const key = `${tab}|${page}|${version}`
  const list = loaded.key === key ? loaded : { ...loaded, status: 'loading' as const }
  const [proposed, setProposed] = useState<StaffNotice[]>([])
  const [all, setAll] = useState<District[]>([])
  const [editing, setEditing] = useState<Editing>(null)
  const [openId, setOpenId] = useState<string | null>(null)
  const [flash, setFlash] = useState<string | null>(null)
  const [section, setSection] = useState<'notices' | 'blacklist'>('notices')

  // the whole city (全市): an admin's notice may concern it; a regulator's is refused by the database
  const [city, setCity] = useState<District | null>(null)
  useEffect(() => {
    loadDistricts().then(setAll, () => setAll([]))
    cityArea().then(setCity, () => setCity(null))
  }, [])
  // names of the smaller areas (streets, grids) the listed notices concern
  const [named, setNamed] = useState<District[]>([])
  useEffect(() => {
    const codes = [...list.rows, ...proposed].flatMap((n) => n.area_codes).filter((c) => !all.some((d) => d.code === c) && !named.some((d) => d.code === c))
    if (!codes.length || !all.length) return
    let alive = true
    areaNamesOf(codes).then(
      (r) => alive && setNamed((x) => [...x, ...r.filter((a) => !x.some((y) => y.code === a.code))]),
      () => undefined,
    )
    return () => {
      alive = false
    }
  }, [list.rows, proposed, all])
  const known = useMemo(() => [...(city ? [city] : []), ...all, ...named], [city, all, named])
  const mine = useMemo(() => (user.role === 'admin' ? all : ownDistricts(all, user.areaCodes)), [all, user])
  const jurisdiction = useMemo(() => mine.map((d) => d.name).join('、') || user.areaCodes.join('、'), [mine, user])

  useEffect(() => {
    let alive = true
    listNotices(tab, page).then(
      (r) => {
        if (!alive) return
        // rows moved on (published, withdrawn) and the page is past the end: the last page instead
        if (!r.rows.length && page > 0 && r.total > 0) setPage(Math.ceil(r.total / NOTICE_PAGE) - 1)
        else setList({ key, status: 'ok', ...r })
      },
      (e: Error) => alive && setList({ key, status: 'error', rows: [], total: 0, error: e.message }),
    )
    proposedWithdrawals().then(
      (r) => alive && setProposed(r),
      () => alive && setProposed([]),
    )
    return () => {
      alive = false
    }
  }, [tab, page, version, key])

  const reload = (message: string | null) => {
    setFlash(message)
    setVersion((v) => v + 1)
  }

  async function openDraft(id: string, message: string | null) {
    const n = await getNotice(id).catch(() => null)
    setTab('draft')
    setOpenId(id)
    setEditing(n ? { mode: 'edit', notice: n } : null)
    reload(message)
  }

  const item = (n: StaffNotice) => (
    <NoticeItem
      key={n.id}
      n={n}
      user={user}
      districts={known}
      jurisdiction={jurisdiction}
      open={openId === n.id}
      onToggle={() => setOpenId((o) => (o === n.id ? null : n.id))}
      onEdit={(x) => {
        setFlash(null)
        setEditing({ mode: 'edit', notice: x })
      }}
      onChanged={(msg) => reload(msg)}
    />
  )

  return (
    <div
      class="staff-page ntc-page"
      data-testid="notices-page"
      data-status={list.status}
      data-tab={tab}
      data-page={page}
      data-count={list.rows.length}
      data-total={list.total}
    >
      <header class="staff-head ntc-head">
        <div>
          <h2>{m('page.title')}</h2>
          <p class="muted">{m('page.intro')}</p>
        </div>
        <div class="ntc-head-side">
          <button
            type="button"
            class="btn btn-primary"
            data-testid="notice-new"
            onClick={() => {
              setFlash(null)
              setSection('notices')
              setEditing({ mode: 'new' })
            }}
          >
            {m('page.new')}
          </button>
          <button
            type="button"
            class="btn btn-ghost"
            data-testid="notice-from-danger"
            onClick={() => {
              setFlash(null)
              setSection('notices')
              setEditing({ mode: 'danger' })
            }}
          >
            {m('page.fromDanger')}
          </button>
          <button type="button" class="btn btn-ghost" onClick={() => reload(null)}>
            {m('page.refresh')}
          </button>
        </div>
      </header>
      <nav class="ntc-sections" role="tablist">
        {(['notices', 'blacklist'] as const).map((x) => (
          <button key={x} type="button" role="tab" aria-selected={section === x} data-testid={`notice-section-${x}`} onClick={() => setSection(x)}>
            {m(`section.${x}`)}
          </button>
        ))}
      </nav>
      {section === 'blacklist' && <BlacklistTab jurisdiction={jurisdiction} />}
      {section === 'notices' && flash && (
        <div class="form-ok" data-testid="notice-flash" role="status">
          {flash}
        </div>
      )}
      {section === 'notices' && proposed.length > 0 && (
        <section class="ntc-proposed" data-testid="notice-proposed" data-count={proposed.length}>
          <h3>{m('proposed.title')}</h3>
          <ol class="ntc-list">{proposed.map(item)}</ol>
        </section>
      )}
      {section === 'notices' && editing?.mode === 'danger' && (
        <DangerDraft jurisdiction={jurisdiction} onCancel={() => setEditing(null)} onDrafted={(id) => void openDraft(id, null)} />
      )}
      {section === 'notices' && (editing?.mode === 'new' || editing?.mode === 'edit') && (
        <NoticeForm
          key={editing.mode === 'edit' ? editing.notice.id : 'new'}
          districts={mine}
          city={user.role === 'admin' ? city : null}
          named={known}
          jurisdiction={jurisdiction}
          notice={editing.mode === 'edit' ? editing.notice : null}
          onCancel={() => setEditing(null)}
          onSaved={(id, title) => {
            setEditing(null)
            setTab('draft')
            setOpenId(id)
            reload(m('form.saved', { title }))
          }}
        />
      )}
      {section === 'notices' && (
        <>
          <div class="staff-tabs ntc-tabs" role="tablist">
            {STATUSES.map((s) => (
              <button key={s} type="button" role="tab" aria-selected={tab === s} data-testid={`notice-tab-${s}`} onClick={() => setTab(s)}>
                {m(`tab.${s}`)}
              </button>
            ))}
          </div>
          {list.status === 'error' && (
            <div class="form-error" data-testid="notices-error">
              {m('page.error', { msg: list.error ?? '' })}
            </div>
          )}
          {list.status === 'ok' && list.rows.length === 0 && (
            <p class="ntc-empty" data-testid="notices-empty">
              {m('list.empty')}
            </p>
          )}
          <Paged
            testid="notices-pager"
            page={page}
            size={NOTICE_PAGE}
            shown={list.rows.length}
            total={list.total}
            busy={list.status === 'loading'}
            onPage={setPage}
          >
            <ol class="ntc-list" data-testid="notices-list">
              {list.rows.map(item)}
            </ol>
          </Paged>
        </>
      )}
    </div>
  )
}
