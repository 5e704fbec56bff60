import type { Lang } from './i18n.ts'

/** An entry of a reference list (industries, target types …) as the database names it. */
export interface NamedCode {
  code: string
  name_zh: string
  name_en: string
}

/** A filter select's options: "all" (value '') first, then each entry named in the page's language. */
export function CodeOptions({ items, lang, allLabel }: { items: readonly NamedCode[]; lang: Lang; allLabel: string }) {
  return (
    <>
      <option value="">{allLabel}</option>
      {items.map((i) => (
        <option key={i.code} value={i.code}>
          {lang === 'zh' ? i.name_zh : i.name_en}
        </option>
      ))}
    </>
  )
}
