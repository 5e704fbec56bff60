// Filters, search, sorting, the paged table and its pager. Every change asks the server again
// (typing in the search box waits for a pause first).
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { DANGER_STATUSES, SEVERITIES, dangerStatusById, type DangerStatus } from '../../domain/categories.ts'
import {
  DANGER_SORT_KEYS,
  EMPTY_FILTER,
  SEARCH_MAX_CHARS,
  type DangerFilter,
  type DangerListRow,
  type DangerSort,
  type DangerSortKey,
  type District,
} from '../../data/dangers.ts'
import { DangerTriangle } from '../onemap/Symbols.tsx'
import { MESSAGES } from './messages.ts'
import { StatusBadge, SeverityBadge, fmtDate } from './parts.tsx'
import { daysOverdue } from './forms.ts'
import { cityToday } from '../../domain/cityDay.ts'

export function DangerList(props: {
  filter: DangerFilter
  sort: DangerSort
  page: number
  pageSize: number
  list: { status: 'loading' | 'ok' | 'error'; rows: DangerListRow[]; total: number; error?: string }
  areas: District[]
  selected: string | null
  onFilter: (f: DangerFilter) => void
  onSort: (s: DangerSort) => void
  onPage: (p: number) => void
  onSelect: (id: string) => void
}) {
  const { m, name, lang } = useMessages(MESSAGES)
  const { filter, sort, page, pageSize, list } = props
  const pages = Math.max(1, Math.ceil(list.total / pageSize))
  const today = cityToday()
  const toggleStatus = (s: DangerStatus) => {
    const has = filter.statuses.includes(s)
    props.onFilter({ ...filter, statuses: has ? filter.statuses.filter((x) => x !== s) : [...filter.statuses, s] })
  }
  // the search box keeps its own text and sends it after a pause in typing
  const [text, setText] = useState(filter.text)
  useEffect(() => setText(filter.text), [filter.text])
  useEffect(() => {
    if (text === filter.text) return
    const timer = setTimeout(() => props.onFilter({ ...filter, text }), 300)
    return () => clearTimeout(timer)
  }, [text])
  // On a phone (dangers-phone.css) the filters fold away behind one button; the search stays.
  const [filtersOpen, setFiltersOpen] = useState(false)
  const activeFilters = filter.statuses.length + (filter.severity ? 1 : 0) + (filter.area ? 1 : 0) + (filter.overdue ? 1 : 0) + (filter.listed ? 1 : 0)
  const first = list.total === 0 ? 0 : page * pageSize + 1
  const last = Math.min(list.total, (page + 1) * pageSize)

  return (
    <div class="dangers-list">
      <div class="dangers-filters" data-testid="dangers-filters">
        <label class="filter-search">
          <span class="filter-label">{m('filter.text')}</span>
          <input
            type="search"
            data-testid="filter-text"
            value={text}
            maxLength={SEARCH_MAX_CHARS}
            placeholder={m('filter.textPlaceholder')}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && props.onFilter({ ...filter, text })}
          />
        </label>
        <button
          type="button"
          class={`btn filters-toggle${activeFilters ? ' active' : ''}`}
          data-testid="filters-toggle"
          data-active={String(activeFilters)}
          aria-expanded={filtersOpen}
          aria-controls="dangers-filters-more"
          onClick={() => setFiltersOpen((o) => !o)}
        >
          {activeFilters ? m('filter.toggleCount', { n: activeFilters }) : m('filter.toggle')} {filtersOpen ? '▴' : '▾'}
        </button>
        <div id="dangers-filters-more" class={`filters-more${filtersOpen ? ' open' : ''}`} data-testid="filters-more">
          <div class="filter-group" role="group" aria-label={m('filter.status')}>
            <span class="filter-label">{m('filter.status')}</span>
            {DANGER_STATUSES.map((s) => (
              <label key={s.id} class={`chip${filter.statuses.includes(s.id) ? ' on' : ''}`} data-testid={`filter-status-${s.id}`}>
                <input type="checkbox" checked={filter.statuses.includes(s.id)} onChange={() => toggleStatus(s.id)} />
                <DangerTriangle status={s.index} size={13} />
                {name(s)}
              </label>
            ))}
          </div>
          <div class="filter-group">
            <label class="filter-field">
              <span class="filter-label">{m('filter.severity')}</span>
              <select
                data-testid="filter-severity"
                value={filter.severity ?? ''}
                onChange={(e) => props.onFilter({ ...filter, severity: (e.currentTarget.value || null) as DangerFilter['severity'] })}
              >
                <option value="">{m('filter.anySeverity')}</option>
                <option value="general">{name(SEVERITIES.general)}</option>
                <option value="major">{name(SEVERITIES.major)}</option>
              </select>
            </label>
            <label class="filter-field">
              <span class="filter-label">{m('filter.area')}</span>
              <select
                data-testid="filter-area"
                value={filter.area ?? ''}
                onChange={(e) => props.onFilter({ ...filter, area: e.currentTarget.value || null, areaName: null })}
              >
                <option value="">{m('filter.anyArea')}</option>
                {filter.area && !props.areas.some((a) => a.code === filter.area) && <option value={filter.area}>{filter.areaName ?? filter.area}</option>}
                {props.areas.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label class={`chip${filter.overdue ? ' on overdue' : ''}`} data-testid="filter-overdue">
              <input type="checkbox" checked={filter.overdue} onChange={() => props.onFilter({ ...filter, overdue: !filter.overdue })} />
              {m('filter.overdue')}
            </label>
            <label class={`chip${filter.listed ? ' on' : ''}`} data-testid="filter-listed">
              <input type="checkbox" checked={filter.listed} onChange={() => props.onFilter({ ...filter, listed: !filter.listed })} />
              {m('filter.listed')}
            </label>
            <label class="filter-field">
              <span class="filter-label">{m('filter.sort')}</span>
              <select data-testid="sort-key" value={sort.key} onChange={(e) => props.onSort({ ...sort, key: e.currentTarget.value as DangerSortKey })}>
                {DANGER_SORT_KEYS.map((k) => (
                  <option key={k} value={k}>
                    {m(`sort.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            {sort.key !== 'overdue' && (
              <button
                type="button"
                class="btn btn-ghost"
                data-testid="sort-dir"
                title={sort.ascending ? m('sort.asc') : m('sort.desc')}
                onClick={() => props.onSort({ ...sort, ascending: !sort.ascending })}
              >
                {sort.ascending ? `↑ ${m('sort.asc')}` : `↓ ${m('sort.desc')}`}
              </button>
            )}
            <button type="button" class="btn btn-link" data-testid="filter-reset" onClick={() => props.onFilter(EMPTY_FILTER)}>
              {m('filter.reset')}
            </button>
            <button type="button" class="btn btn-primary filters-done" data-testid="filters-done" onClick={() => setFiltersOpen(false)}>
              {m('filter.done')}
            </button>
          </div>
        </div>
      </div>

      <div class="dangers-summary">
        <strong data-testid="list-total" data-total={list.status === 'ok' ? String(list.total) : ''}>
          {m('list.total', { n: formatNumber(list.total, lang) })}
        </strong>
        {list.total > 0 && <span class="muted">{m('list.range', { from: first, to: last })}</span>}
        {list.status === 'loading' && <span class="spinner" data-testid="list-loading" />}
      </div>

      {list.status === 'error' ? (
        <div class="form-error" data-testid="list-error">
          {m('list.error', { msg: list.error ?? '' })}
        </div>
      ) : (
        <div class={`dangers-table-wrap${list.status === 'loading' ? ' loading' : ''}`} aria-busy={list.status === 'loading'}>
          <table class="dangers-table" data-testid="dangers-table">
            <thead>
              <tr>
                <th>{m('col.title')}</th>
                <th>{m('col.status')}</th>
                <th>{m('col.severity')}</th>
                <th>{m('col.area')}</th>
                <th>{m('col.enterprise')}</th>
                <th>{m('col.found')}</th>
                <th>{m('col.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr
                  key={r.id}
                  data-testid="danger-row"
                  data-id={r.id}
                  data-status={r.status}
                  data-overdue={r.overdue ? 'true' : 'false'}
                  class={`${r.overdue ? 'overdue' : ''}${props.selected === r.id ? ' selected' : ''}${dangerStatusById(r.status)?.open ? '' : ' history'}`}
                  onClick={() => props.onSelect(r.id)}
                  tabIndex={0}
                  onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), props.onSelect(r.id))}
                  aria-selected={props.selected === r.id}
                >
                  <td class="col-title" title={r.title}>
                    <span class="title-text">{r.title}</span>
                    {r.listed && <span class="tag tag-listed">{m('listed.badge')}</span>}
                  </td>
                  <td class="col-status">
                    <StatusBadge status={r.status} overdue={r.overdue} />
                  </td>
                  <td class="col-sev">
                    <SeverityBadge severity={r.severity} />
                  </td>
                  <td class="col-area">{r.district_name ?? '—'}</td>
                  <td class="col-ent" title={r.enterprise_name ?? ''}>
                    {r.enterprise_name ?? '—'}
                  </td>
                  <td class="col-found" data-label={m('row.found')}>
                    {fmtDate(r.found_at)}
                  </td>
                  <td class="col-deadline" data-label={m('row.deadline')}>
                    {r.deadline ? fmtDate(r.deadline) : '—'}
                    {r.overdue && (
                      <span class="tag tag-overdue" data-testid="overdue-tag">
                        {m('overdue.days', { n: daysOverdue(r.deadline, today) })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.status === 'ok' && list.rows.length === 0 && (
            <div class="page-message" data-testid="list-empty">
              {m('list.empty')}
            </div>
          )}
        </div>
      )}

      <div class="dangers-pager">
        <button type="button" class="btn btn-ghost" data-testid="page-prev" disabled={page <= 0} onClick={() => props.onPage(page - 1)}>
          ‹ {m('list.prev')}
        </button>
        <span data-testid="page-info">{m('list.page', { p: page + 1, n: pages })}</span>
        <button type="button" class="btn btn-ghost" data-testid="page-next" disabled={page + 1 >= pages} onClick={() => props.onPage(page + 1)}>
          {m('list.next')} ›
        </button>
      </div>
    </div>
  )
}
