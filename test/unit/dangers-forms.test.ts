// The hidden-danger page's pure parts: which fields a transition's form asks for (from the rule's
// required_details), what it sends, the area code range of the list filter, and the map symbols.
import { describe, it, expect } from 'vitest'
import { buildRequest, checkForm, daysOverdue, formFields, initialValues } from '../../src/features/dangers/forms.ts'
import { areaCodeRange, ownDistricts, searchFilter, type AllowedTransition } from '../../src/data/dangers.ts'
import { dangerAttributes, pointsBounds } from '../../src/features/dangers/mapPoints.ts'
import { decodeDangerCode } from '../../src/contract/points.ts'

const rule = (p: Partial<AllowedTransition>): AllowedTransition => ({
  to_status: 'registered',
  kind: 'transition',
  label_zh: '',
  label_en: '',
  required_details: [],
  note_required: false,
  severities: null,
  ...p,
})

describe('formFields', () => {
  it('a plan asks for measures, responsible person, funds and deadline, plus an optional note', () => {
    const f = formFields(rule({ to_status: 'rectifying', required_details: ['measures', 'responsible_person', 'funds', 'deadline'] }), 'registered')
    expect(f.map((x) => [x.key, x.required])).toEqual([
      ['measures', true],
      ['responsible_person', true],
      ['funds', true],
      ['deadline', true],
      ['note', false],
    ])
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
    expect(f.map((x) => [x.key, x.required])).toEqual([
      ['deadline', false],
      ['note', true],
    ])
  })
})

describe('buildRequest', () => {
  it('leaves out empty and hidden fields and sends funds as a number', () => {
    const f = formFields(rule({ required_details: ['severity'], severities: ['general', 'major'] }), 'reported')
    expect(buildRequest(f, { severity: 'general', supervising_office: 'x', note: '  ' })).toEqual({ note: null, details: { severity: 'general' } })
    const p = formFields(rule({ to_status: 'rectifying', required_details: ['measures', 'responsible_person', 'funds', 'deadline'] }), 'registered')
    expect(buildRequest(p, { measures: ' 更换 ', funds: '1200.5', deadline: '2030-01-01', note: '按期' })).toEqual({
      note: '按期',
      details: { measures: '更换', funds: 1200.5, deadline: '2030-01-01' },
    })
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
    expect(
      pointsBounds(
        [
          { lon: 1, lat: 2 },
          { lon: 3, lat: 4 },
        ],
        0,
      ),
    ).toEqual([1, 2, 3, 4])
    expect(pointsBounds([])).toBeNull()
  })
})

describe('checkForm (before sending)', () => {
  const plan: AllowedTransition = {
    to_status: 'rectifying',
    kind: 'transition',
    label_zh: '制定整改方案',
    label_en: 'Start rectification',
    required_details: ['measures', 'responsible_person', 'funds', 'deadline'],
    note_required: false,
    severities: null,
  }
  const today = '2026-12-04'
  it('names every empty required field, and nothing when all is well', () => {
    const fields = formFields(plan, 'registered')
    expect(checkForm(fields, {}, today).map((p) => `${p.key}:${p.kind}`)).toEqual([
      'measures:required',
      'responsible_person:required',
      'funds:required',
      'deadline:required',
    ])
    expect(checkForm(fields, { measures: '更换', responsible_person: '张工', funds: '0', deadline: today }, today)).toEqual([])
  })
  it('refuses funds that are negative or not a number, a deadline before today', () => {
    const fields = formFields(plan, 'registered')
    const base = { measures: '更换', responsible_person: '张工' }
    expect(checkForm(fields, { ...base, funds: '-1', deadline: '2026-12-03' }, today)).toEqual([
      { key: 'funds', kind: 'negative' },
      { key: 'deadline', kind: 'beforeToday' },
    ])
    expect(checkForm(fields, { ...base, funds: '1e', deadline: '2027-01-01' }, today)).toEqual([{ key: 'funds', kind: 'notNumber' }])
  })
  it('a rejection needs its reason; a verification may not be dated in the future; hidden fields are not checked', () => {
    const reject: AllowedTransition = { ...plan, to_status: 'rejected', required_details: [], note_required: true }
    expect(checkForm(formFields(reject, 'reported'), { note: '   ' }, today)).toEqual([{ key: 'note', kind: 'required' }])
    const close: AllowedTransition = { ...plan, to_status: 'closed', required_details: ['verifier', 'verified_at'] }
    expect(checkForm(formFields(close, 'pending_verification'), { verifier: '李', verified_at: '2026-12-05' }, today)).toEqual([
      { key: 'verified_at', kind: 'afterToday' },
    ])
    const register: AllowedTransition = { ...plan, to_status: 'registered', required_details: ['severity'], severities: ['general', 'major'] }
    // general: the listing fields are hidden and not asked for
    expect(checkForm(formFields(register, 'reported'), { severity: 'general' }, today)).toEqual([])
    expect(checkForm(formFields(register, 'reported'), { severity: 'major' }, today).map((p) => p.key)).toEqual(['listing_level', 'supervising_office'])
  })
})

describe('searchFilter and ownDistricts', () => {
  it('quotes the search and escapes LIKE wildcards; empty search is no filter', () => {
    expect(searchFilter('   ')).toBeNull()
    expect(searchFilter('液氯')).toBe('title.ilike."*液氯*",enterprise_name.ilike."*液氯*",tracking_code.ilike."*液氯*"')
    expect(searchFilter('5%_')).toContain('title.ilike."*5\\\\%\\\\_*"')
    expect(searchFilter('a"b,c)')).toContain('title.ilike."*a\\"b,c)*"')
    expect(searchFilter('x'.repeat(80))!.split(',')[0]).toBe(`title.ilike."*${'x'.repeat(50)}*"`)
  })
  it('a regulator of a district or a street is offered that district; no area codes means all', () => {
    const all = [
      { code: '440703', name: '蓬江区' },
      { code: '440704', name: '江海区' },
      { code: '440705', name: '新会区' },
    ]
    expect(ownDistricts(all, [])).toEqual(all)
    expect(ownDistricts(all, ['440704']).map((d) => d.name)).toEqual(['江海区'])
    expect(ownDistricts(all, ['440705001', '440703']).map((d) => d.name)).toEqual(['蓬江区', '新会区'])
  })
})
