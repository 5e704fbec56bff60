// The database's refusals of a notice step (migration 20261210000100_notices.sql) in the user's
// words. Some are already in both languages ("中文。 / English."): the half for the language is
// picked. The bare permission refusals (42501) become a sentence saying why; anything else is
// shown as it came. The database's own text is always kept (shown underneath by the page).

export type NoticeRefusalKey = 'refusal.ownDraft' | 'refusal.outside' | 'refusal.notAllowed' | 'refusal.hasNotice'

export type NoticeRefusal = { key: NoticeRefusalKey } | { text: string }

export function noticeRefusal(error: { message?: string; code?: string } | null | undefined, lang: 'zh' | 'en'): NoticeRefusal {
  const msg = String(error?.message ?? error ?? '')
  if (/author may not approve/.test(msg)) return { key: 'refusal.ownDraft' }
  if (/outside your jurisdiction/.test(msg)) return { key: 'refusal.outside' }
  if (/already has a notice/.test(msg)) return { key: 'refusal.hasNotice' }
  if (error?.code === '42501' && /row-level security|permission denied|may not|无权/.test(msg)) return { key: 'refusal.notAllowed' }
  // "中文 / English": the personal-data, validity and input-limit refusals
  const k = msg.indexOf(' / ')
  if (k > 0 && /[\u4e00-\u9fff]/.test(msg.slice(0, k))) return { text: lang === 'zh' ? msg.slice(0, k) : msg.slice(k + 3) }
  return { text: msg }
}
