// The list's filters, sort and selection in the URL (#/dangers?status=rectifying&overdue=1&q=…&id=…),
// so a filtered list can be shared, bookmarked and reloaded. Pure: URLSearchParams in and out.
// Whatever the URL says is checked: unknown values are dropped, never sent.
import { DANGER_STATUSES, type DangerStatus } from '../../domain/categories.ts'
import { DANGER_SORT_KEYS, DEFAULT_SORT, EMPTY_FILTER, SEARCH_MAX_CHARS, type DangerFilter, type DangerSort, type DangerSortKey } from '../../data/dangers.ts'

const STATUS_IDS = new Set<string>(DANGER_STATUSES.map((s) => s.id))

export interface DangersUrlState {
  filter: DangerFilter
  sort: DangerSort
  selected: string | null
}

export function readDangersQuery(q: URLSearchParams): DangersUrlState {
  const statuses = (q.get('status') ?? '').split(',').filter((s): s is DangerStatus => STATUS_IDS.has(s))
  const severity = q.get('severity')
  const area = q.get('area')
  const sortKey = q.get('sort') as DangerSortKey | null
  const id = q.get('id')
  return {
    filter: {
      ...EMPTY_FILTER,
      statuses: [...new Set(statuses)],
      severity: severity === 'general' || severity === 'major' ? severity : null,
      area: area && /^[0-9]{1,15}$/.test(area) ? area : null,
      areaName: area ? (q.get('area_name') ?? '').slice(0, 50) || null : null,
      overdue: q.get('overdue') === '1',
      listed: q.get('listed') === '1',
      text: (q.get('q') ?? '').slice(0, SEARCH_MAX_CHARS),
    },
    sort: sortKey && DANGER_SORT_KEYS.includes(sortKey) ? { key: sortKey, ascending: q.get('dir') === 'asc' } : DEFAULT_SORT,
    selected: id && /^[0-9a-f-]{36}$/i.test(id) ? id : null,
  }
}

/** The query for a state; defaults are left out, so the plain list is plain `#/dangers`. */
export function writeDangersQuery(s: DangersUrlState): string {
  const q = new URLSearchParams()
  const f = s.filter
  if (f.statuses.length) q.set('status', f.statuses.join(','))
  if (f.severity) q.set('severity', f.severity)
  if (f.area) q.set('area', f.area)
  if (f.area && f.areaName) q.set('area_name', f.areaName)
  if (f.overdue) q.set('overdue', '1')
  if (f.listed) q.set('listed', '1')
  if (f.text.trim()) q.set('q', f.text.trim())
  if (s.sort.key !== DEFAULT_SORT.key || s.sort.ascending !== DEFAULT_SORT.ascending) {
    q.set('sort', s.sort.key)
    if (s.sort.key !== 'overdue') q.set('dir', s.sort.ascending ? 'asc' : 'desc')
  }
  if (s.selected) q.set('id', s.selected)
  const text = q.toString()
  return text ? `?${text}` : ''
}
