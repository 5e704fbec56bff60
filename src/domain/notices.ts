// Personal data in a public notice's text (issue 18): resident ID numbers (GB 11643-1999, 18 digits
// with a mod-11 check character) and mainland mobile numbers. The database refuses to publish such
// text (app.personal_data_in_text, migration 20261210000100_notices.sql); this mirror lets the form
// say the same before sending. test/db/notices.test.ts holds the two to agreement on samples.
//
// Positions are 1-based characters (Unicode code points), as PostgreSQL counts them, so the
// message "at character N" points at the same place in the form and in the database's refusal.

export type PersonalDataKind = 'resident_id' | 'mobile'

export interface PersonalDataFinding {
  kind: PersonalDataKind
  /** 1-based character (code point) position of the first character. */
  pos: number
  /** Length in characters. */
  len: number
  /** The number with its middle hidden, for messages (never the whole number). */
  masked: string
}

export const NOTICE_KINDS = ['listed_danger', 'blacklist', 'regional_warning', 'accident_bulletin', 'general'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]
export type NoticeStatus = 'draft' | 'published' | 'withdrawn'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** GB 11643-1999 check character of an 18-character resident ID number. */
export function residentIdIsValid(id: string): boolean {
  if (!/^[0-9]{17}[0-9Xx]$/.test(id)) return false
  let total = 0
  for (let i = 0; i < 17; i++) total += (id.charCodeAt(i) - 48) * WEIGHTS[i]!
  return id[17]!.toUpperCase() === CHECK[total % 11]
}

/** The check character that makes the first 17 digits a valid ID (for tests and demo data). */
export function residentIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('17 digits expected')
  let total = 0
  for (let i = 0; i < 17; i++) total += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!
  return CHECK[total % 11]!
}

const FULL_WIDTH = '０１２３４５６７８９Ｘｘ'
const HALF_WIDTH = '0123456789Xx'

// Same patterns as the SQL (PostgreSQL's ARE and JavaScript agree on these constructs).
const ID_RE = /(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])/gu
const MOBILE_RE = /(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:-| )?[0-9]{4}(?:-| )?[0-9]{4}(?![0-9])/gu

/** Resident ID numbers (valid check character only) and mobile numbers in the text, IDs first, each
 * kind in order of position (the database's order). */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const chars = Array.from(text ?? '').map((c) => {
    const k = FULL_WIDTH.indexOf(c)
    return k >= 0 ? HALF_WIDTH[k]! : c
  })
  const t = chars.join('')
  // UTF-16 index → 1-based code point position
  const posOf = (utf16: number) => Array.from(t.slice(0, utf16)).length + 1
  const out: PersonalDataFinding[] = []
  for (const m of t.matchAll(ID_RE)) {
    if (residentIdIsValid(m[0])) out.push({ kind: 'resident_id', pos: posOf(m.index!), len: 18, masked: m[0].slice(0, 4) + '*'.repeat(12) + m[0].slice(-2) })
  }
  for (const m of t.matchAll(MOBILE_RE)) {
    const digits = m[0].replace(/[^0-9]/g, '').slice(-11)
    out.push({ kind: 'mobile', pos: posOf(m.index!), len: Array.from(m[0]).length, masked: digits.slice(0, 3) + '****' + digits.slice(-4) })
  }
  return out
}

/** The first finding in the fields, in the order given (title before body), as the database reports it. */
export function firstPersonalData(fields: Record<string, string>): { field: string; finding: PersonalDataFinding } | null {
  for (const [field, text] of Object.entries(fields)) {
    const found = findPersonalData(text).sort((a, b) => a.pos - b.pos)[0]
    if (found) return { field, finding: found }
  }
  return null
}

/** The message of a finding, in the user's language (the database's words). */
export function personalDataMessage(field: string, f: PersonalDataFinding, lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? `${field} 第 ${f.pos} 个字符起疑似${f.kind === 'resident_id' ? '居民身份证号码' : '手机号码'}（${f.masked}），公开发布前请删除。`
    : `${field} contains what looks like a ${f.kind === 'resident_id' ? 'resident ID number' : 'mobile phone number'} at character ${f.pos} (${f.masked}): remove it before publishing.`
}

/** Earliest day a blacklist listing may be removed (credit repair): 12 months after listing. */
export function earliestRemoval(listedOn: string): string {
  const [y, m, d] = listedOn.split('-').map(Number) as [number, number, number]
  // PostgreSQL's date + interval '12 months' keeps the day, clamped to the month's end (29 Feb → 28 Feb).
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate()
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** Default expiry of a listing: 3 years (应急管理部令第11号). */
export function defaultExpiry(listedOn: string): string {
  const [y, m, d] = listedOn.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(y + 3, m, 0)).getUTCDate()
  return `${y + 3}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** The four warning colours (预警等级), the same colours as the risk levels (levels.ts), with the names
 * warnings go by. Everything that shows a warning shows its colour AND its name. */
export const WARNING_LEVEL_NAMES: Readonly<Record<1 | 2 | 3 | 4, { zh: string; en: string }>> = {
  1: { zh: '红色预警', en: 'Red warning' },
  2: { zh: '橙色预警', en: 'Orange warning' },
  3: { zh: '黄色预警', en: 'Yellow warning' },
  4: { zh: '蓝色预警', en: 'Blue warning' },
}

export const NOTICE_KIND_NAMES: Readonly<Record<NoticeKind, { zh: string; en: string }>> = {
  listed_danger: { zh: '挂牌督办公告', en: 'Supervised hidden danger' },
  blacklist: { zh: '严重失信主体公告', en: 'Serious dishonesty list' },
  regional_warning: { zh: '预警', en: 'Warning' },
  accident_bulletin: { zh: '事故通报', en: 'Accident bulletin' },
  general: { zh: '公告', en: 'Notice' },
}

/** Warnings first, most severe first; then the other notices, newest first (the database's order). */
export function sortNotices<T extends { level: number | null; published_at: string; id: string }>(xs: readonly T[]): T[] {
  return [...xs].sort(
    (a, b) => (a.level ?? 9) - (b.level ?? 9) || (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : 0) || (a.id < b.id ? -1 : 1),
  )
}
