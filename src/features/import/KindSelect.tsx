// The registry a file is for: one <select> of the kinds the import takes, named in the page's
// language. The import's file step and the export panel both offer it (issue 13: one component,
// not two copies).
import { useI18n } from '../../app/i18n.ts'
import { IMPORT_KINDS, KIND_LABEL, type ImportKind } from '../../import/index.ts'

export function KindSelect({
  value,
  disabled,
  onChange,
  testId,
}: {
  value: ImportKind
  disabled: boolean
  onChange: (kind: ImportKind) => void
  /** data-testid of the select (import-kind, export-kind) */
  testId: string
}) {
  const { name } = useI18n()
  return (
    <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange((e.target as HTMLSelectElement).value as ImportKind)}>
      {IMPORT_KINDS.map((k) => (
        <option key={k} value={k}>
          {name(KIND_LABEL[k])}
        </option>
      ))}
    </select>
  )
}
