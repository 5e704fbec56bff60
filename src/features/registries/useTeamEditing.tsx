// The 救援队伍 tab's editing (useRegistryEditing): admins and regulators add; a team is edited by
// those who may write in its area (the same rule as the stockpiles': app.may_write on the row's area).
import type { SessionInfo } from '../../data/session.ts'
import type { TeamRow } from '../../data/registryLists.ts'
import type { FilingRate } from '../../data/registries.ts'
import { mayEditStock } from '../../domain/stockpiles.ts'
import { TeamForm } from './TeamForm.tsx'
import { useRegistryEditing } from './useRegistryEditing.tsx'
import { jurisdictionOf } from './Refusal.tsx'

export function useTeamEditing(user: SessionInfo, districts: readonly FilingRate[] | null) {
  return useRegistryEditing<TeamRow>({
    key: 'team',
    writer: user.role === 'admin' || user.role === 'regulator',
    may: (row) => mayEditStock(user.role, row.area_code, user.areaCodes),
    form: (editing, onDone) => <TeamForm user={user} jurisdiction={jurisdictionOf(user, districts)} editing={editing} onDone={onDone} />,
  })
}
