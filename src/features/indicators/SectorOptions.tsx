// The accident sectors (行业领域) as <option>s, sub-sectors indented: the list's filter and the
// entry form offer the same tree.
import type { Lang } from '../../app/i18n.ts'
import type { SectorOption } from '../../data/accidents.ts'

export function SectorOptions({ sectors, lang }: { sectors: readonly SectorOption[]; lang: Lang }) {
  return (
    <>
      {sectors.map((s) => (
        <option key={s.code} value={s.code}>
          {s.parent_code ? '· ' : ''}
          {lang === 'zh' ? s.name_zh : s.name_en}
        </option>
      ))}
    </>
  )
}
