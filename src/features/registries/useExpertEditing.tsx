// The 专家 tab's editing (useRegistryEditing): admins and regulators add; an expert is edited, and
// marked "verified by phone today", by those who may write in its area (emergency_experts' rule:
// app.may_write on the row's area). A refused verification is shown above the list in words.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import type { FilingRate } from '../../data/registries.ts'
import { markExpertVerified } from '../../data/registriesExperts.ts'
import type { ExpertListRow } from '../../data/registryLists.ts'
import { mayEditStock } from '../../domain/stockpiles.ts'
import { ExpertForm } from './ExpertForm.tsx'
import { FORM_MESSAGES } from './formMessages.ts'
import { jurisdictionOf, Refusal } from './Refusal.tsx'
import { useRegistryEditing } from './useRegistryEditing.tsx'

export function useExpertEditing(user: SessionInfo, districts: readonly FilingRate[] | null) {
  const { m } = useMessages(FORM_MESSAGES)
  const [refused, setRefused] = useState<unknown>(null)
  const editing = useRegistryEditing<ExpertListRow>({
    key: 'expert',
    writer: user.role === 'admin' || user.role === 'regulator',
    may: (row) => mayEditStock(user.role, row.area_code, user.areaCodes),
    form: (row, onDone) => <ExpertForm user={user} editing={row} districts={districts ?? []} onDone={onDone} />,
  })
  const verify = editing.onEdit && {
    label: m('expert.verify'),
    verify: (row: ExpertListRow) => {
      setRefused(null)
      markExpertVerified(row.id).then(
        (date) => editing.done(m('expert.verifiedSaved', { name: row.name, date })),
        (e: unknown) => setRefused(e),
      )
    },
  }
  const panel = (
    <>
      {editing.panel}
      {refused !== null && <Refusal error={refused} user={user} jurisdiction={jurisdictionOf(user, districts)} testid="expert-verify-refusal" />}
    </>
  )
  return { ...editing, panel, verify }
}
