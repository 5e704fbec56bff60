// The notice text checks (src/domain/notices.ts): resident ID numbers with valid and invalid check
// characters, mobile numbers in the forms people write them, positions in characters (as
// PostgreSQL counts), masking, and the blacklist's dates.
import { describe, expect, it } from 'vitest'
import {
  defaultExpiry,
  earliestRemoval,
  findPersonalData,
  firstPersonalData,
  personalDataMessage,
  residentIdCheckChar,
  residentIdIsValid,
  sortNotices,
  WARNING_LEVEL_NAMES,
} from '../../../src/domain/notices.ts'

// GB 11643-1999's own example: 11010519491231002X
const VALID_X = '11010519491231002X'
// 440704 (江海区), born 1990-01-01, sequence 123: check character computed by hand below
const BASE = '44070419900101123'

describe('residentIdIsValid', () => {
  it("accepts the standard's example with check character X (and lower-case x)", () => {
    expect(residentIdIsValid(VALID_X)).toBe(true)
    expect(residentIdIsValid(VALID_X.toLowerCase())).toBe(true)
  })
  it('computes the check character by hand', () => {
    // Σ digit × weight for 44070419900101123:
    // 4·7+4·9+0·10+7·5+0·8+4·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+1·8+2·4+3·2 = 216; 216 mod 11 = 7 → '5'
    expect(residentIdCheckChar(BASE)).toBe('5')
    expect(residentIdIsValid(BASE + '5')).toBe(true)
  })
  it('refuses every other check character, and wrong shapes', () => {
    for (const c of '012346789X') expect(residentIdIsValid(BASE + c), c).toBe(false)
    expect(residentIdIsValid('4407041990010112')).toBe(false)
    expect(residentIdIsValid('4407041990010112355')).toBe(false)
    expect(residentIdIsValid('44070419900101123A')).toBe(false)
  })
})

describe('findPersonalData', () => {
  it('finds a valid ID and says where (1-based characters, CJK counted as one)', () => {
    const text = `责任人身份证${BASE}5，请核实`
    const f = findPersonalData(text)
    expect(f).toEqual([{ kind: 'resident_id', pos: 7, len: 18, masked: '4407************35' }])
  })
  it('leaves an 18-digit number with a wrong check character alone (a document number, not an ID)', () => {
    expect(findPersonalData(`批文号${BASE}6`)).toEqual([])
  })
  it('leaves an impossible birth date alone even with a matching check character', () => {
    const first17 = '44070419901301123' // month 13
    expect(findPersonalData(first17 + residentIdCheckChar(first17))).toEqual([])
  })
  it('does not take part of a longer digit run', () => {
    expect(findPersonalData(`1${BASE}5`)).toEqual([])
    expect(findPersonalData(`${BASE}51`)).toEqual([])
  })
  it('finds mobile numbers written plainly, spaced, hyphenated and with +86', () => {
    for (const [text, pos] of [
      ['联系电话13800138000。', 5],
      ['电话 138 0013 8000', 4],
      ['电话138-0013-8000', 3],
      ['tel +86 13800138000', 5],
      ['tel 8613800138000', 5],
    ] as const) {
      const f = findPersonalData(text)
      expect(f, text).toHaveLength(1)
      expect(f[0]).toMatchObject({ kind: 'mobile', pos, masked: '138****8000' })
    }
  })
  it('leaves landlines, 12350 and numbers that are not mobiles alone', () => {
    expect(findPersonalData('举报电话 12350，值班电话 0750-3501234')).toEqual([])
    expect(findPersonalData('编号 12800138000')).toEqual([]) // 12x is not a mobile prefix
    expect(findPersonalData('138001380001')).toEqual([]) // 12 digits
  })
  it('counts full-width digits as digits, at the same positions', () => {
    const f = findPersonalData('电话１３８００１３８０００')
    expect(f).toEqual([{ kind: 'mobile', pos: 3, len: 11, masked: '138****8000' }])
  })
  it('counts characters outside the BMP as one position, as PostgreSQL does', () => {
    expect(findPersonalData('𠀀电话13800138000')[0]!.pos).toBe(4)
  })
  it('lists IDs first, then mobiles, each in order', () => {
    const f = findPersonalData(`13800138000 与 ${VALID_X}`)
    expect(f.map((x) => [x.kind, x.pos])).toEqual([
      ['resident_id', 15],
      ['mobile', 1],
    ])
  })
})

describe('firstPersonalData and the message', () => {
  it('reports the first finding of the first field that has one', () => {
    const r = firstPersonalData({ title: '无', body: `a 13900000000 b ${VALID_X}` })
    expect(r).toEqual({ field: 'body', finding: { kind: 'mobile', pos: 3, len: 11, masked: '139****0000' } })
    expect(personalDataMessage('body', r!.finding, 'en')).toBe(
      'body contains what looks like a mobile phone number at character 3 (139****0000): remove it before publishing.',
    )
    expect(personalDataMessage('正文', r!.finding, 'zh')).toContain('第 3 个字符起疑似手机号码')
    expect(firstPersonalData({ title: '无', body: '无' })).toBeNull()
  })
})

describe('blacklist terms', () => {
  it('3 years by default; removal from 12 months after listing; 29 February clamps like PostgreSQL', () => {
    expect(defaultExpiry('2026-12-04')).toBe('2029-12-04')
    expect(earliestRemoval('2026-12-04')).toBe('2027-12-04')
    expect(earliestRemoval('2028-02-29')).toBe('2029-02-28')
    expect(defaultExpiry('2028-02-29')).toBe('2031-02-28')
  })
})

describe('sortNotices and the warning names', () => {
  it('warnings first, most severe first; then the rest, newest first', () => {
    const xs = [
      { id: 'a', level: null, published_at: '2026-12-01T00:00:00Z' },
      { id: 'b', level: 3, published_at: '2026-12-02T00:00:00Z' },
      { id: 'c', level: 1, published_at: '2026-11-01T00:00:00Z' },
      { id: 'd', level: null, published_at: '2026-12-03T00:00:00Z' },
      { id: 'e', level: 3, published_at: '2026-12-03T00:00:00Z' },
    ]
    expect(sortNotices(xs).map((x) => x.id)).toEqual(['c', 'e', 'b', 'd', 'a'])
    expect(xs[0]!.id).toBe('a') // not sorted in place
  })
  it('names every level in both languages', () => {
    expect(Object.values(WARNING_LEVEL_NAMES).map((n) => n.zh)).toEqual(['红色预警', '橙色预警', '黄色预警', '蓝色预警'])
    expect(WARNING_LEVEL_NAMES[2].en).toBe('Orange warning')
  })
})
