// The wall's year-to-date indicators (issue 16): the deaths so far against the quota or target,
// accidents and 较大以上 accidents, and the main rates against their caps, each coloured by its
// status (indicator_values for the city, this Beijing year). Refreshed every minute; every figure
// written out (nothing behind a hover), readable from 3 m on a 4K wall.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { indicatorAreas, indicatorValues, type IndicatorKey, type IndicatorStatus, type IndicatorValue } from '../../data/accidents.ts'
import { MESSAGES as IND } from '../indicators/messages.ts'
import './indicatorsPanel.css'

const MESSAGES = {
  title: { zh: '{year} 年安全生产指标（截至今日）', en: 'Safety indicators {year} (year to date)' },
  deaths: { zh: '死亡人数', en: 'Deaths' },
  quotaOf: { zh: '控制指标 {q} 人，已用 {pct}%', en: 'quota {q}, {pct}% used' },
  capOf: { zh: '目标 ≤ {t}', en: 'target ≤ {t}' },
  noTarget: { zh: '无目标', en: 'no target' },
  accidents: { zh: '事故起数', en: 'Accidents' },
  larger: { zh: '较大以上事故', en: 'Relatively serious +' },
  projected: { zh: '年末预计 {v}', en: 'year-end {v}' },
  rate_deaths_per_100m_gdp: { zh: '亿元GDP死亡率', en: 'Deaths / 100m yuan GDP' },
  rate_deaths_per_100k_imt_workers: { zh: '工矿商贸十万人死亡率', en: 'IMT deaths / 100k workers' },
  rate_deaths_per_10k_vehicles: { zh: '道路交通万车死亡率', en: 'Road deaths / 10k vehicles' },
  loading: { zh: '加载中…', en: 'Loading…' },
}

const RATES: readonly IndicatorKey[] = ['deaths_per_100m_gdp', 'deaths_per_100k_imt_workers', 'deaths_per_10k_vehicles']

/** Status → a colour class: green met / on track, red not met / off track, grey no figure. */
export function statusClass(s: IndicatorStatus): string {
  return s === 'met' || s === 'on_track' ? 'ok' : s === 'not_met' || s === 'off_track' ? 'bad' : 'none'
}

const beijingYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()

export function IndicatorsPanel() {
  const { m, lang } = useMessages(MESSAGES)
  const [values, setValues] = useState<IndicatorValue[] | null>(null)
  const [year] = useState(beijingYear())
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
  return (
    <section class="wall-panel wall-panel-indicators" data-testid="panel-indicators" data-status={values ? 'ok' : 'loading'}>
      <h2>{m('title', { year })}</h2>
      {!values && <p class="wall-note">{m('loading')}</p>}
      {deaths && <DeathsRow v={deaths} m={m} lang={lang} />}
      {values && (
        <div class="wall-ind-counts">
          {(['accidents', 'larger_accidents'] as const).map((k) => {
            const v = by(k)
            return (
              <div class={`wall-ind-count st-${v ? statusClass(v.status) : 'none'}`} key={k} data-testid={`wall-ind-${k}`} data-status={v?.status}>
                <span class="wall-ind-num" data-testid={`wall-ind-${k}-value`}>
                  {formatNumber(v?.numerator ?? null, lang)}
                </span>
                <span class="wall-ind-label">{m(k === 'accidents' ? 'accidents' : 'larger')}</span>
                {v?.target !== null && v?.target !== undefined && <span class="wall-ind-target">{m('capOf', { t: formatNumber(v.target, lang, 2) })}</span>}
              </div>
            )
          })}
        </div>
      )}
      {values && (
        <div class="wall-ind-rates">
          {RATES.map((k) => {
            const v = by(k)
            if (!v) return null
            return (
              <div class={`wall-ind-rate st-${statusClass(v.status)}`} key={k} data-testid={`wall-ind-${k}`} data-status={v.status}>
                <span class="wall-ind-rate-label">{m(`rate_${k}` as 'rate_deaths_per_100m_gdp')}</span>
                <span class="wall-ind-rate-value" data-testid={`wall-ind-${k}-value`}>
                  {v.value === null ? '—' : formatNumber(v.value, lang, 3)}
                </span>
                <span class="wall-ind-rate-target">
                  {v.target !== null ? `${m('capOf', { t: formatNumber(v.target, lang, 3) })} · ` : ''}
                  <b class="wall-ind-status">{translateStatus(v.status, lang)}</b>
                </span>
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

function DeathsRow({ v, m, lang }: { v: IndicatorValue; m: (k: keyof typeof MESSAGES, vars?: Record<string, string | number>) => string; lang: Lang }) {
  const limit = v.quota ?? v.target
  const pct = limit ? Math.round((100 * v.numerator) / limit) : null
  return (
    <div class={`wall-ind-deaths st-${statusClass(v.status)}`} data-testid="wall-ind-deaths" data-status={v.status}>
      <div class="wall-ind-deaths-figure">
        <span class="wall-ind-big" data-testid="wall-ind-deaths-value">
          {formatNumber(v.numerator, lang)}
        </span>
        {limit !== null && <span class="wall-ind-of"> / {formatNumber(limit, lang)}</span>}
        <span class="wall-ind-unit">{lang === 'zh' ? ' 人' : ''}</span>
      </div>
      <div class="wall-ind-deaths-text">
        <div class="wall-ind-label">{m('deaths')}</div>
        <div class="wall-ind-target">
          {v.quota !== null && pct !== null
            ? m('quotaOf', { q: formatNumber(v.quota, lang), pct })
            : v.target !== null
              ? m('capOf', { t: formatNumber(v.target, lang) })
              : m('noTarget')}
        </div>
        <div class="wall-ind-status">
          {translateStatus(v.status, lang)}
          {v.projected_numerator !== null && ` · ${m('projected', { v: formatNumber(v.projected_numerator, lang, 1) })}`}
        </div>
        {limit !== null && (
          <div class="wall-bar wall-ind-bar">
            <div class="wall-bar-fill" style={{ width: `${Math.min(100, pct ?? 0)}%` }} />
          </div>
        )}
      </div>
    </div>
  )
}
