// The wall's year-to-date indicators (issue 16): the deaths so far against the quota or target,
// accidents and 较大以上 accidents, and the main rates against their caps, each coloured by its
// status (indicator_values for the city, this Beijing year). Refreshed every minute; every figure
// written out (nothing behind a hover), readable from 3 m on a 4K wall.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { indicatorAreas, indicatorValues, type IndicatorKey, type IndicatorStatus, type IndicatorValue } from '../../data/accidents.ts'
import { MESSAGES as IND } from '../indicators/messages.ts'
import './indicatorsPanel.css'
import { cityToday } from '../../domain/cityDay.ts'

const MESSAGES = {
  title: { zh: '{year} 年安全生产指标（截至今日）', en: 'Safety indicators {year} (year to date)' },
  deaths: { zh: '死亡人数', en: 'Deaths' },
  quotaUse: { zh: '已用 {pct}%', en: '{pct}% used' },
  capOf: { zh: '≤ {t}', en: '≤ {t}' },
  accidents: { zh: '事故起数', en: 'Accidents' },
  larger: { zh: '较大以上事故', en: 'Serious or worse' },
  rate_deaths_per_100m_gdp: { zh: '亿元GDP死亡率', en: 'Per 100m GDP' },
  rate_deaths_per_100k_imt_workers: { zh: '工贸十万人死亡率', en: 'Per 100k workers' },
  rate_deaths_per_10k_vehicles: { zh: '万车死亡率', en: 'Per 10k vehicles' },
  loading: { zh: '加载中…', en: 'Loading…' },
}

const RATES: readonly IndicatorKey[] = ['deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles']

/** Status → a colour class: green met / on track, red not met / off track, grey no figure. */
export function statusClass(s: IndicatorStatus): string {
  return s === 'met' || s === 'on_track' ? 'ok' : s === 'not_met' || s === 'off_track' ? 'bad' : 'none'
}

export function IndicatorsPanel() {
  const { m, lang } = useMessages(MESSAGES)
  const [values, setValues] = useState<IndicatorValue[] | null>(null)
  const [year] = useState(Number(cityToday().slice(0, 4)))
  useEffect(() => {
    let alive = true
    let city: string | null = null
    const load = async () => {
      try {
        if (!city) city = (await indicatorAreas()).find((a) => a.level === 'city')?.code ?? null
        if (!city) return
        const v = await indicatorValues(city, year)
        if (alive) setValues(v)
      } catch {
        // the wall keeps the last figures; the next round tries again
      }
    }
    void load()
    const timer = setInterval(() => void load(), 60_000)
    return () => {
      alive = false
      clearInterval(timer)
    }
  }, [year])

  const by = (k: IndicatorKey) => values?.find((v) => v.indicator === k) ?? null
  const deaths = by('deaths')
  const limit = deaths ? (deaths.quota ?? deaths.target) : null
  const pct = deaths && limit ? Math.round((100 * deaths.numerator) / limit) : null
  const status = (v: IndicatorValue | null) => (v ? translateStatus(v.status, lang) : '')
  return (
    <section class="wall-panel wall-panel-indicators" data-testid="panel-indicators" data-status={values ? 'ok' : 'loading'}>
      <h2>{m('title', { year })}</h2>
      {!values && <p class="wall-note">{m('loading')}</p>}
      {values && (
        <div class="wall-ind-grid">
          {deaths && (
            <div class={`wall-ind-cell wall-ind-deaths st-${statusClass(deaths.status)}`} data-testid="wall-ind-deaths" data-status={deaths.status}>
              <div class="wall-ind-value">
                <span data-testid="wall-ind-deaths-value">{formatNumber(deaths.numerator, lang)}</span>
                {limit !== null && <span class="wall-ind-of"> / {formatNumber(limit, lang)}</span>}
                {lang === 'zh' && <span class="wall-ind-unit"> 人</span>}
              </div>
              <div class="wall-ind-label">{m('deaths')}</div>
              <div class="wall-ind-sub">
                {deaths.quota !== null && pct !== null ? `${m('quotaUse', { pct })} · ` : ''}
                <b>{status(deaths)}</b>
              </div>
            </div>
          )}
          {(['accidents', 'larger_accidents'] as const).map((k) => {
            const v = by(k)
            return (
              <div class={`wall-ind-cell st-${v ? statusClass(v.status) : 'none'}`} key={k} data-testid={`wall-ind-${k}`} data-status={v?.status}>
                <div class="wall-ind-value" data-testid={`wall-ind-${k}-value`}>
                  {formatNumber(v?.numerator ?? null, lang)}
                </div>
                <div class="wall-ind-label">{m(k === 'accidents' ? 'accidents' : 'larger')}</div>
                <div class="wall-ind-sub">
                  {v?.target !== null && v?.target !== undefined ? `${m('capOf', { t: formatNumber(v.target, lang, 2) })} · ` : ''}
                  <b>{status(v)}</b>
                </div>
              </div>
            )
          })}
          {RATES.map((k) => {
            const v = by(k)
            if (!v) return null
            return (
              <div class={`wall-ind-cell st-${statusClass(v.status)}`} key={k} data-testid={`wall-ind-${k}`} data-status={v.status}>
                <div class="wall-ind-value" data-testid={`wall-ind-${k}-value`}>
                  {v.value === null ? '—' : formatNumber(v.value, lang, 3)}
                </div>
                <div class="wall-ind-label">{m(`rate_${k}` as 'rate_deaths_per_100m_gdp')}</div>
                <div class="wall-ind-sub">
                  {v.target !== null ? `${m('capOf', { t: formatNumber(v.target, lang, 3) })} · ` : ''}
                  <b>{status(v)}</b>
                </div>
              </div>
            )
          })}
        </div>
      )}
    </section>
  )
}

function translateStatus(s: IndicatorStatus, lang: Lang): string {
  return IND[`status.${s}`][lang]
}
