// The notices page's words for the database's refusals (src/domain/noticeRefusal.ts), on the
// messages migration 20261210000100_notices.sql raises.
import { describe, it, expect } from 'vitest'
import { noticeRefusal } from '../../src/domain/noticeRefusal.ts'

describe('noticeRefusal', () => {
  it('says why the author cannot approve their own draft', () => {
    const e = {
      code: '42501',
      message: 'the author may not approve and publish their own notice: another regulator of the area or an admin does (不得审批本人起草的公告)',
    }
    expect(noticeRefusal(e, 'zh')).toEqual({ key: 'refusal.ownDraft' })
  })
  it('an area outside the jurisdiction, a second notice of a danger, a bare RLS refusal', () => {
    expect(noticeRefusal({ code: '42501', message: 'public_notices.area_codes: area 440705 is outside your jurisdiction; an admin …' }, 'en')).toEqual({
      key: 'refusal.outside',
    })
    expect(noticeRefusal({ code: '23505', message: 'hidden danger x already has a notice (y): edit or withdraw that one (该隐患已有公告)' }, 'zh')).toEqual({
      key: 'refusal.hasNotice',
    })
    expect(noticeRefusal({ code: '42501', message: 'new row violates row-level security policy for table "public_notices"' }, 'zh')).toEqual({
      key: 'refusal.notAllowed',
    })
  })
  it('picks the half of a bilingual refusal in the language', () => {
    const message =
      'public_notices.body（正文）第 12 个字符起疑似手机号码（138****5678），公开发布前请删除。 / public_notices.body contains what looks like a mobile phone number at character 12 (138****5678): remove it before publishing.'
    expect(noticeRefusal({ code: '22023', message }, 'zh')).toEqual({
      text: 'public_notices.body（正文）第 12 个字符起疑似手机号码（138****5678），公开发布前请删除。',
    })
    expect(noticeRefusal({ code: '22023', message }, 'en')).toEqual({
      text: 'public_notices.body contains what looks like a mobile phone number at character 12 (138****5678): remove it before publishing.',
    })
  })
  it('anything else as it came', () => {
    expect(noticeRefusal({ message: 'Failed to fetch' }, 'zh')).toEqual({ text: 'Failed to fetch' })
  })
})
