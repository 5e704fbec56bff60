// The 物资储备 tab's editing: the add button (for those the table's rules let write: admins and
// regulators), the form (adding, or editing a row), the last save's confirmation, and a version
// that reloads the list after a save.
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import type { StockRow } from '../../data/registryLists.ts'
import { mayEditStock } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { StockForm } from './StockForm.tsx'

export function useStockEditing(user: SessionInfo) {
  const { m } = useMessages(FORM_MESSAGES)
  const [open, setOpen] = useState<{ editing: StockRow | null } | null>(null)
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
    <div class="reg-edit" data-testid="stock-edit-panel">
      {saved && !open && (
        <p class="reg-saved" data-testid="stock-saved" role="status">
          {saved}
        </p>
      )}
      {open ? (
        <StockForm user={user} editing={open.editing} onDone={done} />
      ) : (
        writer && (
          <button
            type="button"
            class="btn btn-primary"
            data-testid="stock-add"
            onClick={() => {
              setSaved(null)
              setOpen({ editing: null })
            }}
          >
            {m('stock.add')}
          </button>
        )
      )}
    </div>
  )
  const onEdit = writer
    ? {
        label: m('stock.edit'),
        may: (row: StockRow) => mayEditStock(user.role, row.area_code, user.areaCodes),
        edit: (row: StockRow) => {
          setSaved(null)
          setOpen({ editing: row })
        },
      }
    : undefined
  return { panel, onEdit, version }
}
