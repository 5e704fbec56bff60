// The hidden-danger page's pure parts: which fields a transition's form asks for (from the rule's
// required_details), what it sends, the area code range of the list filter, and the map symbols.
import { describe, it, expect } from 'vitest'
import { buildRequest, daysOverdue, formFields, initialValues } from '../../src/features/dangers/forms.ts'
import { areaCodeRange, type AllowedTransition } from '../../src/data/dangers.ts'
import { dangerAttributes, pointsBounds } from '../../src/features/dangers/mapPoints.ts'
import { decodeDangerCode } from '../../src/contract/points.ts'

const rule = (p: Partial<AllowedTransition>): AllowedTransition => ({
  to_status: 'registered', kind: 'transition', label_zh: '', label_en: '', required_details: [], note_required: false, severities: null, ...p,
})

describe('formFields', () => {
  it('a plan asks for measures, responsible person, funds and deadline, plus an optional note', () => {
    const f = formFields(rule({ to_status: 'rectifying', required_details: ['measures', 'responsible_person', 'funds', 'deadline'] }), 'registered')
    expect(f.map((x) => [x.key, x.required])).toEqual([
      ['measures', true], ['responsible_person', true], ['funds', true], ['deadline', true], ['note', false]])
  })
  it('registration by a regulator offers major with its listing fields, shown only for major', () => {
    const f = formFields(rule({ required_details: ['severity'], severities: ['general', 'major'] }), 'reported')
    expect(f.map((x) => x.key)).toEqual(['severity', 'listing_level', 'supervising_office', 'listing_date', 'note'])
    const office = f.find((x) => x.key === 'supervising_office')!
    expect(office.when!({ severity: 'general' })).toBe(false)
    expect(office.when!({ severity: 'major' })).toBe(true)
  })
  it('registration by an enterprise offers general only and no listing', () => {
    const f = formFields(rule({ required_details: ['severity'], severities: ['general'] }), 'reported')
    expect(f.map((x) => x.key)).toEqual(['severity', 'note'])
  })
  it('a refused verification requires a note and offers a new deadline', () => {
    const f = formFields(rule({ to_status: 'rectifying', note_required: true }), 'pending_verification')
    expect(f.map((x) => [x.key, x.required])).toEqual([['deadline', false], ['note', true]])
  })
})

describe('buildRequest', () => {
  it('leaves out empty and hidden fields and sends funds as a number', () => {
    const f = formFields(rule({ required_details: ['severity'], severities: ['general', 'major'] }), 'reported')
    expect(buildRequest(f, { severity: 'general', supervising_office: 'x', note: '  ' })).toEqual({ note: null, details: { severity: 'general' } })
    const p = formFields(rule({ to_status: 'rectifying', required_details: ['measures', 'responsible_person', 'funds', 'deadline'] }), 'registered')
    expect(buildRequest(p, { measures: ' 更换 ', funds: '1200.5', deadline: '2030-01-01', note: '按期' }))
      .toEqual({ note: '按期', details: { measures: '更换', funds: 1200.5, deadline: '2030-01-01' } })
    expect(buildRequest(p, { funds: 'abc' }).details).toEqual({ funds: 'abc' })
  })
  it('initial values: a re-assessment starts as major, a verification today', () => {
    expect(initialValues(rule({ kind: 'reassess', required_details: ['severity'], severities: ['major'] }), '2026-11-24')).toEqual({ severity: 'major' })
    expect(initialValues(rule({ to_status: 'closed', required_details: ['verifier', 'verified_at'] }), '2026-11-24')).toEqual({ verified_at: '2026-11-24' })
  })
})

describe('areaCodeRange and daysOverdue', () => {
  it('the range of a code holds exactly the codes it prefixes', () => {
    expect(areaCodeRange('440704')).toEqual(['440704', '440705'])
    expect(areaCodeRange('440799')).toEqual(['440799', '440800'])
    const [lo, hi] = areaCodeRange('440704')
    for (const c of ['440704', '440704001', '440704999999']) expect(c >= lo && c < hi).toBe(true)
    for (const c of ['440703999', '440705', '4407']) expect(c >= lo && c < hi).toBe(false)
    expect(() => areaCodeRange('44a')).toThrow()
  })
  it('days overdue', () => {
    expect(daysOverdue('2026-11-20', '2026-11-24')).toBe(4)
    expect(daysOverdue('2026-11-24', '2026-11-24')).toBe(0)
    expect(daysOverdue(null, '2026-11-24')).toBe(0)
  })
})

describe('map symbols of the list', () => {
  it('codes carry status, overdue and major; overdue major drawn last', () => {
    const a = dangerAttributes([
      { lon: 113, lat: 22.5, status: 'closed', overdue: false, severity: 'general' },
      { lon: 113.1, lat: 22.6, status: 'rectifying', overdue: true, severity: 'major' },
    ])
    expect(a.length).toBe(2)
    const last = decodeDangerCode(a.codes[1]!)
    expect([last.status?.id, last.overdue, last.major]).toEqual(['rectifying', true, true])
    expect([a.positions[2], a.positions[3]]).toEqual([Math.fround(113.1), Math.fround(22.6)])
    expect(pointsBounds([{ lon: 1, lat: 2 }, { lon: 3, lat: 4 }], 0)).toEqual([1, 2, 3, 4])
    expect(pointsBounds([])).toBeNull()
  })
})
