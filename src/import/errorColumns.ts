// The database names a refused row's column by its own name (location, enterprise_credit_code …);
// the user knows the file's headers. This names the column as the file does, with its Excel
// letter: `location` → "经度/纬度 (列 E/F)", `enterprise_credit_code` → "信用代码 (列 B)".
import { FIELDS } from './fields.ts'
import type { Mapping } from './mapping.ts'
import type { ImportKind, RowError } from './types.ts'

/** How the file's columns were read: its headers in order, and whether rows carry a geometry. */
export interface FileColumns {
  headers: string[]
  geometry: boolean
}

/** 0 → A, 25 → Z, 26 → AA (Excel's column letters). */
export function columnLetter(index: number): string {
  let s = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

export function fileColumnName(kind: ImportKind, mapping: Mapping, file: FileColumns, column: string): string {
  const at = (header: string) => {
    const i = file.headers.indexOf(header)
    return i < 0 ? null : columnLetter(i)
  }
  if (column === 'location' || column === 'geom') {
    const lng = mapping.lng
    const lat = mapping.lat
    if (!file.geometry && lng && lat && at(lng) && at(lat)) return `${lng}/${lat} (列 ${at(lng)}/${at(lat)})`
    return file.geometry ? '几何 geometry' : column
  }
  const f = FIELDS[kind].find((x) => x.column === column || x.key === column)
  const header = f ? mapping[f.key] : null
  const letter = header ? at(header) : null
  return header && letter ? `${header} (列 ${letter})` : column
}

/** The database's errors with their columns named as the file names them. */
export function nameErrorColumns(kind: ImportKind, mapping: Mapping, file: FileColumns | undefined, errors: RowError[]): RowError[] {
  if (!file) return errors
  return errors.map((e) => ({ ...e, column: fileColumnName(kind, mapping, file, e.column) }))
}
