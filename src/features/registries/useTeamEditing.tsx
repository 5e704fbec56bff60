// The 救援队伍 tab's editing: the add button (for those the table's rules let write: admins and
// regulators), the form (adding, or editing a team in the caller's area), the last save's confirmation,
// and a version that reloads the list after a save.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import type { TeamRow } from '../../data/registryLists.ts'
import { mayEditStock } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { TeamForm } from './TeamForm.tsx'

export function useTeamEditing(user: SessionInfo) {
  const { m } = useMessages(FORM_MESSAGES)
  const [open, setOpen] = useState<{ editing: TeamRow | null } | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const writer = user.role === 'admin' || user.role === 'regulator'
  const done = (msg: string | null) => {
    setOpen(null)
    if (msg) {
      setSaved(msg)
      setVersion((v) => v + 1)
    }
  }
  const panel = (
    <div class="reg-edit" data-testid="team-edit-panel">
      {saved && !open && (
        <p class="reg-saved" data-testid="team-saved" role="status">
          {saved}
        </p>
      )}
      {open ? (
        <TeamForm editing={open.editing} onDone={done} />
      ) : (
        writer && (
          <button
            type="button"
            class="btn btn-primary"
            data-testid="team-add"
            onClick={() => {
              setSaved(null)
              setOpen({ editing: null })
            }}
          >
            {m('team.add')}
          </button>
        )
      )}
    </div>
  )
  const onEdit = writer
    ? {
        label: m('team.edit'),
        // the same rule as the stockpiles' (app.may_write on the row's area)
        may: (row: TeamRow) => mayEditStock(user.role, row.area_code, user.areaCodes),
        edit: (row: TeamRow) => {
          setSaved(null)
          setOpen({ editing: row })
        },
      }
    : undefined
  return { panel, onEdit, version }
}
