// Header → field mapping: automatic from the synonyms, adjustable, saved as a named template (JSON).
import { FIELDS } from './fields.ts'
import { ImportFileError, isImportKind, type ImportKind } from './types.ts'

/** field key → the header it is read from (as the file spells it), or null (not mapped). */
export type Mapping = Record<string, string | null>

export interface MappingTemplate {
  name: string
  kind: ImportKind
  mapping: Mapping
}

/** Headers compared without case, spaces, full-width forms, and units in brackets kept. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/[\s\u200b\u3000\ufeff_-]+/g, '')
    .toLowerCase()
}

export function autoMap(kind: ImportKind, headers: string[]): Mapping {
  const norm = headers.map(normaliseHeader)
  const taken = new Set<number>()
  const mapping: Mapping = {}
  // Two passes: exact synonyms first (earlier synonyms win), so '名称' does not steal '企业名称''s column.
  for (const f of FIELDS[kind]) {
    let found = -1
    for (const syn of f.synonyms) {
      const i = norm.findIndex((h, j) => !taken.has(j) && h === normaliseHeader(syn))
      if (i >= 0) {
        found = i
        break
      }
    }
    if (found >= 0) {
      taken.add(found)
      mapping[f.key] = headers[found]!
    } else mapping[f.key] = null
  }
  // Then a header that starts with a synonym ('经度(GCJ-02)', '人数（人）'), or a Shapefile's field
  // name cut inside a character by the .dbf's 10 bytes ('外部编号' in UTF-8 reads '外部编�'): the
  // start of a synonym.
  const cut = norm.map((h) => (h.endsWith('\ufffd') ? h.replace(/\ufffd+$/, '') : null))
  for (const f of FIELDS[kind]) {
    if (mapping[f.key]) continue
    const i = norm.findIndex(
      (h, j) =>
        !taken.has(j) &&
        f.synonyms.some((s) => s.length >= 2 && (h.startsWith(normaliseHeader(s)) || (cut[j] && cut[j].length >= 2 && normaliseHeader(s).startsWith(cut[j])))),
    )
    if (i >= 0) {
      taken.add(i)
      mapping[f.key] = headers[i]!
    }
  }
  return mapping
}

/** The automatic mapping with a template's choices laid over it (a template names headers). */
export function applyTemplate(kind: ImportKind, headers: string[], template: MappingTemplate): Mapping {
  if (template.kind !== kind) {
    throw new ImportFileError(
      `映射模板“${template.name}”用于${template.kind}，不是 ${kind}`,
      `mapping template "${template.name}" is for ${template.kind}, not ${kind}`,
    )
  }
  const m = autoMap(kind, headers)
  for (const [key, header] of Object.entries(template.mapping)) {
    if (!(key in m)) {
      throw new ImportFileError(`映射模板中的字段“${key}”不存在`, `mapping template names an unknown field "${key}"`)
    }
    if (header !== null && !headers.includes(header)) {
      throw new ImportFileError(`映射模板要求的列“${header}”不在文件中`, `the template's column "${header}" is not in the file`)
    }
    m[key] = header
  }
  return m
}

/** Parses and checks a saved template (JSON text). */
export function parseTemplate(json: string): MappingTemplate {
  let t: unknown
  try {
    t = JSON.parse(json)
  } catch (e) {
    throw new ImportFileError('映射模板不是有效的 JSON', 'the mapping template is not valid JSON', { cause: e })
  }
  const o = t as Partial<MappingTemplate>
  if (
    !o ||
    typeof o !== 'object' ||
    typeof o.name !== 'string' ||
    typeof o.kind !== 'string' ||
    !isImportKind(o.kind) ||
    !o.mapping ||
    typeof o.mapping !== 'object'
  ) {
    throw new ImportFileError('映射模板应为 {"name", "kind", "mapping": {字段: 列名}}', 'a mapping template is {"name", "kind", "mapping": {field: header}}')
  }
  for (const v of Object.values(o.mapping)) {
    if (v !== null && typeof v !== 'string') throw new ImportFileError('映射模板的列名应为文本或 null', 'template headers are strings or null')
  }
  return o as MappingTemplate
}

export function templateJson(name: string, kind: ImportKind, mapping: Mapping): string {
  return JSON.stringify({ name, kind, mapping } satisfies MappingTemplate, null, 2)
}
