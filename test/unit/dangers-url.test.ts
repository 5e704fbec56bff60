// src/features/dangers/urlState.ts: the list's state in the URL, read back exactly, and whatever
// a URL says checked before it is used.
import { describe, it, expect } from 'vitest'
import { readDangersQuery, writeDangersQuery, type DangersUrlState } from '../../src/features/dangers/urlState.ts'
import { DEFAULT_SORT, EMPTY_FILTER, SEARCH_MAX_CHARS } from '../../src/data/dangers.ts'

const ID = '0b5e5c1e-8f0a-4c51-9d3e-2f7f9a1b2c3d'

describe('dangers URL state', () => {
  it('the plain list is a plain URL', () => {
    expect(writeDangersQuery({ filter: EMPTY_FILTER, sort: DEFAULT_SORT, selected: null })).toBe('')
    expect(readDangersQuery(new URLSearchParams(''))).toEqual({ filter: { ...EMPTY_FILTER, areaName: null }, sort: DEFAULT_SORT, selected: null })
  })
  it('writes and reads back every filter, the sort and the selection', () => {
    const states: DangersUrlState[] = [
      {
        filter: {
          statuses: ['rectifying', 'pending_verification'],
          severity: 'major',
          area: '440703',
          areaName: '江海区',
          overdue: true,
          listed: true,
          text: '液氯 储罐&=?#',
        },
        sort: { key: 'deadline', ascending: true },
        selected: ID,
      },
      { filter: { ...EMPTY_FILTER, text: '50%' }, sort: { key: 'overdue', ascending: false }, selected: null },
      { filter: EMPTY_FILTER, sort: { key: 'found_at', ascending: true }, selected: null },
    ]
    for (const s of states) {
      const q = writeDangersQuery(s)
      expect(q.startsWith('?')).toBe(true)
      const back = readDangersQuery(new URLSearchParams(q.slice(1)))
      expect(back).toEqual({ ...s, filter: { ...s.filter, areaName: s.filter.area ? s.filter.areaName : null } })
    }
  })
  it('drops what a URL may not say: unknown statuses, severities, sorts, non-numeric areas, bad ids; cuts long searches', () => {
    const got = readDangersQuery(
      new URLSearchParams({
        status: 'closed,hacked,closed',
        severity: 'catastrophic',
        area: "44'; drop",
        sort: 'password',
        id: 'not-a-uuid',
        q: 'x'.repeat(500),
      }),
    )
    expect(got.filter.statuses).toEqual(['closed'])
    expect(got.filter.severity).toBeNull()
    expect(got.filter.area).toBeNull()
    expect(got.sort).toEqual(DEFAULT_SORT)
    expect(got.selected).toBeNull()
    expect(got.filter.text).toHaveLength(SEARCH_MAX_CHARS)
  })
})
