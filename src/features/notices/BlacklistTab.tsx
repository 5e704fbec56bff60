// The serious-dishonesty list on #/notices (严重失信名单, issue 18): current and removed listings,
// a new listing (enterprise, reason, decision, listed on, expires on — 3 years by default) and
// credit-repair removal with a reason. The earliest removal day is shown on every listing; the
// database refuses an earlier removal and its words (with that day) are shown. A current listing
// is corrected (reason, decision, office, expiry) with a reason for the change, and every listing
// shows its history on request (BlacklistEdit.tsx).
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { cityToday } from '../../domain/cityDay.ts'
import {
  addListing,
  listListings,
  searchEnterprises,
  ENTERPRISE_SEARCH_MAX,
  LISTING_PAGE,
  type EnterpriseChoice,
  type StaffListing,
} from '../../data/blacklistStaff.ts'
import { removeFromBlacklist } from '../../data/notices.ts'
import { defaultExpiry, earliestRemoval } from '../../domain/notices.ts'
import { expiryFloor } from '../../domain/blacklistEdit.ts'
import { searchText, SEARCH_MAX } from '../../domain/textSearch.ts'
import { Paged, ReasonForm, RefusalBox } from './staffParts.tsx'
import { ListingEditForm, ListingHistory } from './BlacklistEdit.tsx'
import { STAFF_MESSAGES } from './staffMessages.ts'

export function BlacklistTab({ jurisdiction }: { jurisdiction: string }) {
  const { m } = useMessages(STAFF_MESSAGES)
  const [removed, setRemovedOnly] = useState(false)
  const [page, setPage] = useState(0)
  // the search as typed, and as sent (300 ms after the last keystroke)
  const [typed, setTyped] = useState('')
  const [search, setSearch] = useState('')
  const [version, setVersion] = useState(0)
  const [loaded, setList] = useState<{ key: string; status: 'loading' | 'ok' | 'error'; rows: StaffListing[]; total: number; error?: string }>({
    key: '',
    status: 'loading',
    rows: [],
    total: 0,
  })
  // what is asked now; an answer for an earlier question shows as loading, so that the page never
  // says "ok" over the rows of the previous search or page (the render between a new search and
  // its request showed the old rows as the new search's answer)
  const key = `${removed}|${page}|${search}|${version}`
  const list = loaded.key === key ? loaded : { ...loaded, status: 'loading' as const }
  const [adding, setAdding] = useState(false)
  const [flash, setFlash] = useState<string | null>(null)

  const setRemoved = (r: boolean) => {
    setRemovedOnly(r)
    setPage(0)
  }

  useEffect(() => {
    const t = setTimeout(() => {
      const s = searchText(typed)
      if (s === search) return
      setSearch(s)
      setPage(0)
    }, 300)
    return () => clearTimeout(t)
  }, [typed, search])

  useEffect(() => {
    let alive = true
    listListings(removed, page, search).then(
      (r) => {
        if (!alive) return
        if (!r.rows.length && page > 0 && r.total > 0) setPage(Math.ceil(r.total / LISTING_PAGE) - 1)
        else setList({ key, status: 'ok', ...r })
      },
      (e: Error) => alive && setList({ key, status: 'error', rows: [], total: 0, error: e.message }),
    )
    return () => {
      alive = false
    }
  }, [removed, page, search, version, key])

  const done = (msg: string) => {
    setFlash(msg)
    setAdding(false)
    setVersion((v) => v + 1)
  }

  return (
    <section
      class="ntc-bl-section"
      data-testid="bl-section"
      data-status={list.status}
      data-removed={String(removed)}
      data-page={page}
      data-search={search}
      data-count={list.rows.length}
      data-total={list.total}
    >
      <p class="muted">{m('bl.intro')}</p>
      <div class="ntc-bl-bar">
        <div class="staff-tabs ntc-tabs" role="tablist">
          {[false, true].map((r) => (
            <button
              key={String(r)}
              type="button"
              role="tab"
              aria-selected={removed === r}
              data-testid={`bl-tab-${r ? 'removed' : 'current'}`}
              onClick={() => setRemoved(r)}
            >
              {m(r ? 'bl.removed' : 'bl.current')}
            </button>
          ))}
        </div>
        <button
          type="button"
          class="btn btn-primary"
          data-testid="bl-add"
          onClick={() => {
            setFlash(null)
            setAdding(true)
          }}
        >
          {m('bl.add')}
        </button>
      </div>
      {flash && (
        <div class="form-ok" data-testid="bl-flash" role="status">
          {flash}
        </div>
      )}
      {adding && <ListingForm jurisdiction={jurisdiction} onCancel={() => setAdding(false)} onSaved={(name) => done(m('bl.saved', { name }))} />}
      <div class="ntc-bl-find">
        <label>
          {m('bl.find')}
          <input
            type="search"
            data-testid="bl-find"
            maxLength={SEARCH_MAX}
            placeholder={m('bl.search')}
            value={typed}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
        </label>
        {search && list.status === 'ok' && (
          <span class="ntc-bl-matches" data-testid="bl-matches" role="status">
            {m('bl.matches', { n: list.total, q: search })}
          </span>
        )}
      </div>
      {list.status === 'error' && <div class="form-error">{m('page.error', { msg: list.error ?? '' })}</div>}
      {list.status === 'ok' && list.rows.length === 0 && (
        <p class="ntc-empty" data-testid="bl-empty">
          {search ? m('bl.noneFound', { q: search }) : m('bl.empty')}
        </p>
      )}
      <Paged testid="bl-pager" page={page} size={LISTING_PAGE} shown={list.rows.length} total={list.total} busy={list.status === 'loading'} onPage={setPage}>
        <ol class="ntc-list" data-testid="bl-list">
          {list.rows.map((l) => (
            <ListingItem
              key={l.id}
              l={l}
              version={version}
              jurisdiction={jurisdiction}
              onRemoved={(name) => done(m('bl.removedOk', { name }))}
              onEdited={(name) => done(m('bl.edited', { name }))}
            />
          ))}
        </ol>
      </Paged>
    </section>
  )
}

function ListingItem({
  l,
  version,
  jurisdiction,
  onRemoved,
  onEdited,
}: {
  l: StaffListing
  version: number
  jurisdiction: string
  onRemoved: (name: string) => void
  onEdited: (name: string) => void
}) {
  const { m } = useMessages(STAFF_MESSAGES)
  const [removing, setRemoving] = useState(false)
  const [editing, setEditing] = useState(false)
  const [showHistory, setShowHistory] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<unknown>(null)
  const name = l.enterprise_name ?? l.enterprise_id

  async function remove(r: string) {
    setBusy(true)
    setRefused(null)
    try {
      await removeFromBlacklist(l.id, r)
      onRemoved(name)
    } catch (e) {
      setRefused(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <li class="ntc-item ntc-bl-item" data-testid="bl-item" data-id={l.id} data-enterprise={l.enterprise_id}>
      <div class="ntc-bl-head">
        <strong>{name}</strong>
        {l.credit_code && <span class="muted ntc-bl-code">{l.credit_code}</span>}
        <span class="muted">{m('bl.term', { from: l.listed_on, to: l.expires_on ?? '—' })}</span>
        {l.decision && <span class="muted">{l.decision}</span>}
        {l.decided_by && <span class="muted">{l.decided_by}</span>}
      </div>
      <p class="ntc-bl-reason">{l.reason}</p>
      {l.removed_on ? (
        <p class="muted" data-testid="bl-removed-on">
          {m('bl.removedOn', { d: l.removed_on, reason: l.removal_reason ?? '' })}
        </p>
      ) : (
        <div class="ntc-actions">
          <span class="muted ntc-bl-earliest" data-testid="bl-earliest">
            {m('bl.earliest', { d: earliestRemoval(l.listed_on) })}
          </span>
          {!editing && (
            <button
              type="button"
              class="btn btn-ghost"
              data-testid="bl-edit"
              onClick={() => {
                setRemoving(false)
                setEditing(true)
              }}
            >
              {m('bl.edit')}
            </button>
          )}
          {!removing && (
            <button
              type="button"
              class="btn btn-ghost"
              data-testid="bl-remove"
              onClick={() => {
                setEditing(false)
                setRemoving(true)
              }}
            >
              {m('bl.remove')}
            </button>
          )}
        </div>
      )}
      {editing && !l.removed_on && (
        <ListingEditForm
          l={l}
          jurisdiction={jurisdiction}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false)
            setShowHistory(true)
            onEdited(name)
          }}
        />
      )}
      {removing && !l.removed_on && (
        <ReasonForm
          testid="bl-remove"
          label={m('bl.removeReason')}
          requiredMsg={m('bl.removeReasonRequired')}
          confirmLabel={m('bl.removeConfirm')}
          busy={busy}
          onConfirm={(r) => void remove(r)}
          onCancel={() => setRemoving(false)}
        />
      )}
      {refused !== null && <RefusalBox error={refused} testid="bl-refused" jurisdiction={jurisdiction} />}
      <button
        type="button"
        class="btn btn-link ntc-bl-history-toggle"
        data-testid="bl-history-toggle"
        aria-expanded={showHistory}
        onClick={() => setShowHistory(!showHistory)}
      >
        {m(showHistory ? 'bl.historyHide' : 'bl.history')}
      </button>
      {showHistory && <ListingHistory id={l.id} version={version} />}
    </li>
  )
}

function ListingForm({ jurisdiction, onCancel, onSaved }: { jurisdiction: string; onCancel: () => void; onSaved: (name: string) => void }) {
  const { m } = useMessages(STAFF_MESSAGES)
  const today = cityToday()
  const [typed, setTyped] = useState('')
  const [found, setFound] = useState<EnterpriseChoice[] | null>(null)
  const [enterprise, setEnterprise] = useState('')
  const [reason, setReason] = useState('')
  const [decision, setDecision] = useState('')
  const [decidedBy, setDecidedBy] = useState('')
  const [listedOn, setListedOn] = useState(today)
  const [expiresOn, setExpiresOn] = useState(defaultExpiry(today))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<unknown>(null)

  // the search is sent 300 ms after the last keystroke
  useEffect(() => {
    let alive = true
    const t = setTimeout(() => {
      searchEnterprises(typed).then(
        (r) => alive && setFound(r),
        () => alive && setFound([]),
      )
    }, 300)
    return () => {
      alive = false
      clearTimeout(t)
    }
  }, [typed])

  async function save(ev: Event) {
    ev.preventDefault()
    const e: Record<string, string> = {}
    if (!enterprise) e.enterprise = m('bl.needEnterprise')
    if (reason.trim().length < 2 || reason.trim().length > 2000) e.reason = m('bl.reasonLength')
    if (expiresOn && listedOn && expiresOn <= listedOn) e.expires_on = m('bl.expiresAfter')
    // the database's rules for a new listing (20270120000100): listed no later than today; the
    // expiry not before the credit-repair day (12 months after listing) nor before today
    if (listedOn > today) e.listed_on = m('bl.listedFuture', { d: today })
    else if (!e.expires_on && listedOn) {
      const floor = expiryFloor(listedOn, today)
      if ((expiresOn || defaultExpiry(listedOn)) < floor) e.expires_on = m('bl.err.expiresEarly', { d: floor })
    }
    setErrors(e)
    if (Object.keys(e).length) return
    setBusy(true)
    setRefused(null)
    try {
      await addListing({
        enterprise_id: enterprise,
        reason: reason.trim(),
        decision: decision.trim() || null,
        decided_by: decidedBy.trim() || null,
        listed_on: listedOn,
        expires_on: expiresOn || defaultExpiry(listedOn),
      })
      onSaved(found?.find((x) => x.id === enterprise)?.name ?? enterprise)
    } catch (err) {
      setRefused(err)
    } finally {
      setBusy(false)
    }
  }

  const err = (f: string) =>
    errors[f] && (
      <div class="ntc-field-error" data-testid={`bl-error-${f}`} role="alert">
        {errors[f]}
      </div>
    )

  return (
    <form class="ntc-form" data-testid="bl-form" onSubmit={save} noValidate>
      <h3>{m('bl.add')}</h3>
      <div class="ntc-form-grid">
        <label class="ntc-wide">
          {m('bl.enterprise')} *
          <input
            type="search"
            data-testid="bl-search"
            maxLength={ENTERPRISE_SEARCH_MAX}
            placeholder={m('bl.search')}
            value={typed}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
          <select data-testid="bl-enterprise" value={enterprise} onChange={(e) => setEnterprise((e.target as HTMLSelectElement).value)}>
            <option value="">{found && typed.trim() && found.length === 0 ? m('bl.noMatch') : m('bl.choose')}</option>
            {(found ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} · {x.credit_code}
              </option>
            ))}
          </select>
          {err('enterprise')}
        </label>
        <label class="ntc-wide">
          {m('bl.reason')} *
          <textarea data-testid="bl-reason" rows={3} maxLength={2000} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
          {err('reason')}
        </label>
        <label>
          {m('bl.decision')}
          <input type="text" data-testid="bl-decision" maxLength={200} value={decision} onInput={(e) => setDecision((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {m('bl.decidedBy')}
          <input
            type="text"
            data-testid="bl-decided-by"
            maxLength={200}
            value={decidedBy}
            onInput={(e) => setDecidedBy((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {m('bl.listedOn')}
          <input
            type="date"
            data-testid="bl-listed-on"
            max={today}
            value={listedOn}
            onInput={(e) => {
              const v = (e.target as HTMLInputElement).value
              setListedOn(v)
              if (/^\d{4}-\d{2}-\d{2}$/.test(v)) setExpiresOn(defaultExpiry(v))
            }}
          />
          {err('listed_on')}
        </label>
        <label>
          {m('bl.expiresOn')}
          <input type="date" data-testid="bl-expires-on" value={expiresOn} onInput={(e) => setExpiresOn((e.target as HTMLInputElement).value)} />
          {err('expires_on')}
        </label>
      </div>
      {refused !== null && <RefusalBox error={refused} testid="bl-form-refused" jurisdiction={jurisdiction} />}
      <div class="ntc-form-actions">
        <button type="submit" class="btn btn-primary" data-testid="bl-save" disabled={busy}>
          {m('bl.save')}
        </button>
        <button type="button" class="btn btn-ghost" onClick={onCancel}>
          {m('form.cancel')}
        </button>
      </div>
    </form>
  )
}
