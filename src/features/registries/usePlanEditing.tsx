// The 预案 tab's editing: the add button (admins, regulators, enterprises for their own plans), the
// form (adding, or editing a row the caller may change), the last save's confirmation, and a version
// that reloads the list after a save.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import type { FilingRate } from '../../data/registries.ts'
import type { PlanRow } from '../../data/registryLists.ts'
import { mayAddPlan, mayEditPlan } from '../../domain/emergencyPlans.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { PlanForm } from './PlanForm.tsx'

export function usePlanEditing(user: SessionInfo, districts: readonly FilingRate[] | null) {
  const { m } = useMessages(FORM_MESSAGES)
  const [open, setOpen] = useState<{ editing: PlanRow | null } | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const writer = mayAddPlan(user.role)
  const done = (msg: string | null) => {
    setOpen(null)
    if (msg) {
      setSaved(msg)
      setVersion((v) => v + 1)
    }
  }
  const panel = (
    <div class="reg-edit" data-testid="plan-edit-panel">
      {saved && !open && (
        <p class="reg-saved" data-testid="plan-saved" role="status">
          {saved}
        </p>
      )}
      {open ? (
        <PlanForm user={user} editing={open.editing} districts={districts ?? []} onDone={done} />
      ) : (
        writer && (
          <button
            type="button"
            class="btn btn-primary"
            data-testid="plan-add"
            onClick={() => {
              setSaved(null)
              setOpen({ editing: null })
            }}
          >
            {m('plan.add')}
          </button>
        )
      )}
    </div>
  )
  const onEdit = writer
    ? {
        label: m('plan.edit'),
        may: (row: PlanRow) => mayEditPlan(user, row),
        edit: (row: PlanRow) => {
          setSaved(null)
          setOpen({ editing: row })
        },
      }
    : undefined
  return { panel, onEdit, version }
}
