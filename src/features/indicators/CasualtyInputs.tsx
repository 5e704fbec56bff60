// The four figures an accident report carries (死亡含失踪 / 重伤 / 轻伤 / 直接经济损失), as inputs:
// the entry form and the 续报 form ask for the same figures with the same bounds.
import { useMessages } from '../../app/i18n.ts'

export const CASUALTY_MESSAGES = {
  'cas.deaths': { zh: '死亡（含失踪）', en: 'Deaths (incl. missing)' },
  'cas.serious': { zh: '重伤', en: 'Serious injuries' },
  'cas.minor': { zh: '轻伤', en: 'Minor injuries' },
  'cas.loss': { zh: '直接经济损失（万元）', en: 'Direct loss (10k yuan)' },
}

export interface CasualtyValues {
  deaths: string
  serious: string
  minor: string
  loss: string
}

const FIELDS = [
  ['deaths', 'cas.deaths', '1'],
  ['serious', 'cas.serious', '1'],
  ['minor', 'cas.minor', '1'],
  ['loss', 'cas.loss', '0.01'],
] as const

/** The inputs, labelled; `testid` prefixes each input's data-testid (`<prefix>-deaths` …). */
export function CasualtyInputs({ f, set, testid }: { f: CasualtyValues; set: (k: keyof CasualtyValues) => (e: Event) => void; testid: string }) {
  const { m } = useMessages(CASUALTY_MESSAGES)
  return (
    <>
      {FIELDS.map(([k, label, step]) => (
        <label key={k}>
          {m(label)}
          <input type="number" min="0" step={step} data-testid={`${testid}-${k}`} value={f[k]} onInput={set(k)} />
        </label>
      ))}
    </>
  )
}
