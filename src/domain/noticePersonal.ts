// Where a notice's text holds personal data (resident ID or mobile numbers, src/domain/notices.ts,
// the database's own rule): the first finding in each field, in the order the fields are given.
// The draft form says it as the user types; the drafts list marks a draft that already holds some
// (written before the check existed, or imported) so the approver sees it before publishing.
import { findPersonalData, personalDataMessage } from './notices.ts'

export interface PersonalDataInField {
  field: string
  message: string
}

/** The first finding of each field that has one, said in `lang` with the field's label. */
export function personalDataByField(fields: readonly { field: string; label: string; text: string }[], lang: 'zh' | 'en'): PersonalDataInField[] {
  const out: PersonalDataInField[] = []
  for (const { field, label, text } of fields) {
    const f = findPersonalData(text).sort((a, b) => a.pos - b.pos)[0]
    if (f) out.push({ field, message: personalDataMessage(label, f, lang) })
  }
  return out
}
