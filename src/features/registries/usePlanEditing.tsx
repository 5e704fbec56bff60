// The 预案 tab's editing (useRegistryEditing): admins, regulators, and enterprises for their own
// plans add; a plan is edited by those its rules let change it.
import type { SessionInfo } from '../../data/session.ts'
import type { FilingRate } from '../../data/registries.ts'
import type { PlanRow } from '../../data/registryLists.ts'
import { mayAddPlan, mayEditPlan } from '../../domain/emergencyPlans.ts'
import { PlanForm } from './PlanForm.tsx'
import { useRegistryEditing } from './useRegistryEditing.tsx'

export function usePlanEditing(user: SessionInfo, districts: readonly FilingRate[] | null) {
  return useRegistryEditing<PlanRow>({
    key: 'plan',
    writer: mayAddPlan(user.role),
    may: (row) => mayEditPlan(user, row),
    form: (editing, onDone) => <PlanForm user={user} editing={editing} districts={districts ?? []} onDone={onDone} />,
  })
}
