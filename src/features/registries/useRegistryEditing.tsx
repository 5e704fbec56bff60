// One registry tab's editing, whatever the registry: the add button (for those who may write), the
// form (adding, or editing a row the caller may change), the last save's confirmation, and a version
// that reloads the list after a save (done: after a save made elsewhere, e.g. a row's own action). The
// stockpile, plan, team and expert tabs differ only in what is passed.
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { FORM_MESSAGES } from './formMessages.ts'

export interface RegistryEditing<Row> {
  /** the tab's key: test ids `<key>-edit-panel`, `<key>-add`, `<key>-saved`; messages `<key>.add`, `<key>.edit` */
  key: 'stock' | 'plan' | 'team' | 'expert' | 'pipeline'
  /** whether the caller may add rows (the table's rules decide in the database) */
  writer: boolean
  /** whether the caller may edit this row */
  may: (row: Row) => boolean
  /** the form, adding (editing null) or editing a row; onDone gets the confirmation, or null when cancelled */
  form: (editing: Row | null, onDone: (msg: string | null) => void) => JSX.Element
}

export function useRegistryEditing<Row>({ key, writer, may, form }: RegistryEditing<Row>) {
  const { m } = useMessages(FORM_MESSAGES)
  const [open, setOpen] = useState<{ editing: Row | null } | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const done = (msg: string | null) => {
    setOpen(null)
    if (msg) {
      setSaved(msg)
      setVersion((v) => v + 1)
    }
  }
  const panel = (
    <div class="reg-edit" data-testid={`${key}-edit-panel`}>
      {saved && !open && (
        <p class="form-ok" data-testid={`${key}-saved`} role="status">
          {saved}
        </p>
      )}
      {open
        ? form(open.editing, done)
        : writer && (
            <button
              type="button"
              class="btn btn-primary"
              data-testid={`${key}-add`}
              onClick={() => {
                setSaved(null)
                setOpen({ editing: null })
              }}
            >
              {m(`${key}.add`)}
            </button>
          )}
    </div>
  )
  const onEdit = writer
    ? {
        label: m(`${key}.edit`),
        may,
        edit: (row: Row) => {
          setSaved(null)
          setOpen({ editing: row })
        },
      }
    : undefined
  return { panel, onEdit, version, done }
}
