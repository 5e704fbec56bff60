import { describe, it, expect } from 'vitest'
import { personalDataByField } from '../../src/domain/noticePersonal.ts'
import { findPersonalData, personalDataMessage, residentIdCheckChar } from '../../src/domain/notices.ts'

const ID17 = '44070419850315123'
const ID = ID17 + residentIdCheckChar(ID17)

describe('personalDataByField: the first finding of each field', () => {
  it('names each field that holds personal data, the first finding only, in the order given', () => {
    const body = `联系人 13812345678，身份证 ${ID}`
    const r = personalDataByField(
      [
        { field: 'title', label: '标题', text: '大风预警' },
        { field: 'body', label: '正文', text: body },
      ],
      'zh',
    )
    expect(r).toEqual([{ field: 'body', message: personalDataMessage('正文', findPersonalData(body).sort((a, b) => a.pos - b.pos)[0]!, 'zh') }])
    expect(r[0]!.message).toContain('138****5678')
    expect(r[0]!.message).not.toContain('13812345678')
  })
  it('nothing found is an empty list; an invalid resident ID is not personal data', () => {
    const bad = ID17 + (residentIdCheckChar(ID17) === '0' ? '1' : '0')
    expect(personalDataByField([{ field: 'body', label: 'Text', text: `no. ${bad}` }], 'en')).toEqual([])
  })
  it('both fields, in English', () => {
    const r = personalDataByField(
      [
        { field: 'title', label: 'Title', text: `call 13912345678` },
        { field: 'body', label: 'Text', text: `ID ${ID}` },
      ],
      'en',
    )
    expect(r.map((x) => x.field)).toEqual(['title', 'body'])
    expect(r[1]!.message).toMatch(/resident ID number/)
  })
})
