// The public's accident summary (issue 16), a block of the overview: this year's (or last year's)
// published accidents and deaths by district and by sector, with the plans' count targets where
// they exist. Aggregates only (public_accident_summary): no names, no enterprise, no place finer
// than a district.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import './accidentSummary.css'
import { publicAccidentSummary, type PublicAccidentSummary, type PublicAccidentTarget } from '../../data/publicAccidents.ts'

export const ACCIDENT_SUMMARY_MESSAGES = {
  'acc.title': { zh: '生产安全事故通报', en: 'Production-safety accidents' },
  'acc.thisYear': { zh: '{y} 年至今', en: '{y} so far' },
  'acc.lastYear': { zh: '{y} 年全年', en: 'All of {y}' },
  'acc.loading': { zh: '统计中…', en: 'Counting…' },
  'acc.error': { zh: '事故统计暂不可用', en: 'Accident figures unavailable' },
  'acc.accidents': { zh: '事故', en: 'Accidents' },
  'acc.deaths': { zh: '死亡（含失踪）', en: 'Deaths (incl. missing)' },
  'acc.larger': { zh: '较大以上事故', en: 'Relatively serious or worse' },
  'acc.unitAcc': { zh: '{n} 起', en: '{n} accidents' },
  'acc.unitDeaths': { zh: '死亡 {n} 人', en: '{n} deaths' },
  'acc.byDistrict': { zh: '按区县', en: 'By district' },
  'acc.district': { zh: '区县', en: 'District' },
  'acc.bySector': { zh: '按行业领域', en: 'By sector' },
  'acc.none': { zh: '暂无已发布的事故。', en: 'No published accidents.' },
  'acc.targets': { zh: '规划控制目标', en: 'Plan targets' },
  'acc.ind.accidents': { zh: '事故起数', en: 'Accidents' },
  'acc.ind.deaths': { zh: '死亡人数', en: 'Deaths' },
  'acc.ind.larger_accidents': { zh: '较大以上事故起数', en: 'Relatively serious or worse accidents' },
  'acc.kind.cap': { zh: '上限', en: 'cap' },
  'acc.kind.quota': { zh: '控制指标', en: 'quota' },
  'acc.kind.reduction': { zh: '较 {base} 年下降 {pct}%', en: '−{pct}% vs {base}' },
  'acc.borrowed': { zh: '目标来源（演示借用）：{from}', en: 'Target source (borrowed for the demo): {from}' },
  'acc.note': {
    zh: '仅统计监管部门已核实发布的事故，不含企业名称和具体地点；近期事故核实后发布，数字可能增加。',
    en: 'Only accidents checked and published by the regulators are counted, without enterprise names or exact places; recent accidents are added once checked.',
  },
}

export function AccidentSummary() {
  const { m, lang } = useMessages(ACCIDENT_SUMMARY_MESSAGES)
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
  const [year, setYear] = useState(thisYear)
  const [data, setData] = useState<PublicAccidentSummary | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let alive = true
    setData(null)
    setFailed(false)
    publicAccidentSummary(year).then(
      (d) => alive && setData(d),
      () => alive && setFailed(true),
    )
    return () => {
      alive = false
    }
  }, [year])
  const n = (v: number | null | undefined) => formatNumber(v, lang)
  const maxDeaths = Math.max(1, ...(data?.by_district.map((d) => d.deaths) ?? [1]))
  return (
    <section class="pub-section pub-acc" data-testid="accident-summary" data-status={data ? 'ok' : failed ? 'error' : 'loading'} data-year={year}>
      <h2 class="pub-h2">{m('acc.title')}</h2>
      <div class="pub-acc-years" role="group">
        {[thisYear, thisYear - 1].map((y) => (
          <button
            key={y}
            type="button"
            class={`pub-btn pub-btn-small ${y === year ? 'on' : ''}`}
            aria-pressed={y === year}
            data-testid={`accident-year-${y}`}
            onClick={() => setYear(y)}
          >
            {y === thisYear ? m('acc.thisYear', { y }) : m('acc.lastYear', { y })}
          </button>
        ))}
      </div>
      {failed && <p class="pub-note pub-error-inline">{m('acc.error')}</p>}
      {!data && !failed && <p class="pub-note">{m('acc.loading')}</p>}
      {data && (
        <>
          <div class="pub-acc-totals" data-testid="accident-totals" data-accidents={data.totals.accidents} data-deaths={data.totals.deaths}>
            <div>
              <b>{n(data.totals.accidents)}</b>
              <span>{m('acc.accidents')}</span>
            </div>
            <div>
              <b>{n(data.totals.deaths)}</b>
              <span>{m('acc.deaths')}</span>
            </div>
            <div>
              <b>{n(data.totals.larger_accidents)}</b>
              <span>{m('acc.larger')}</span>
            </div>
          </div>
          {data.targets.length > 0 && (
            <>
              <h3 class="pub-h3">{m('acc.targets')}</h3>
              <ul class="pub-acc-targets">
                {data.targets.map((t) => (
                  <TargetLine key={`${t.area_code}-${t.indicator}-${t.plan_name}`} t={t} lang={lang} m={m} />
                ))}
              </ul>
            </>
          )}
          <h3 class="pub-h3">{m('acc.byDistrict')}</h3>
          <table class="pub-acc-table" data-testid="accident-districts">
            <thead>
              <tr>
                <th>{m('acc.district')}</th>
                <th class="num">{m('acc.accidents')}</th>
                <th class="num">{m('acc.deaths')}</th>
                <th aria-hidden="true" />
              </tr>
            </thead>
            <tbody>
              {data.by_district.map((d) => (
                <tr key={d.code} data-testid={`accident-district-${d.code}`} data-accidents={d.accidents} data-deaths={d.deaths}>
                  <td>{lang === 'zh' ? d.name : (d.name_en ?? d.name)}</td>
                  <td class="num">{n(d.accidents)}</td>
                  <td class="num">{n(d.deaths)}</td>
                  <td class="pub-acc-bar-cell" aria-hidden="true">
                    <span class="pub-acc-bar" style={{ width: `${Math.round((d.deaths / maxDeaths) * 100)}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 class="pub-h3">{m('acc.bySector')}</h3>
          {data.by_sector.length === 0 ? (
            <p class="pub-note">{m('acc.none')}</p>
          ) : (
            <ul class="pub-acc-sectors" data-testid="accident-sectors">
              {data.by_sector.map((s) => (
                <li key={s.code} data-sector={s.code}>
                  <span>{lang === 'zh' ? s.name_zh : s.name_en}</span>
                  <span class="pub-mini">
                    {m('acc.unitAcc', { n: n(s.accidents) })} · {m('acc.unitDeaths', { n: n(s.deaths) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p class="pub-note">{m('acc.note')}</p>
        </>
      )}
    </section>
  )
}

function TargetLine({
  t,
  lang,
  m,
}: {
  t: PublicAccidentTarget
  lang: Lang
  m: (k: keyof typeof ACCIDENT_SUMMARY_MESSAGES, v?: Record<string, string | number>) => string
}) {
  const kind =
    t.target_kind === 'reduction'
      ? m('acc.kind.reduction', { base: t.base_year ?? '', pct: formatNumber(t.reduction_pct, lang, 1) })
      : m(`acc.kind.${t.target_kind}`)
  const over = t.target !== null && t.value > t.target
  return (
    <li class={over ? 'over' : ''} data-testid="accident-target" data-indicator={t.indicator} data-value={t.value} data-target={t.target ?? ''}>
      <div>
        <b>{lang === 'zh' ? t.area_name : (t.area_name_en ?? t.area_name)}</b> · {m(`acc.ind.${t.indicator}`)}
      </div>
      <div class="pub-acc-target-fig">
        {formatNumber(t.value, lang)} / {formatNumber(t.target, lang, 2)} <span class="pub-muted">{lang === 'zh' ? `（${kind}）` : `(${kind})`}</span>
      </div>
      <div class="pub-note">{t.borrowed_from ? m('acc.borrowed', { from: t.borrowed_from }) : t.plan_name}</div>
    </li>
  )
}
