// #/indicators (指标): per area and year, a card per plan indicator against its target (met / at
// risk / not met, with the numbers behind it), the accidents of that area and year, and the entry
// form (record_accident) for those who may record. Figures come from indicator_values; the
// database decides grades and refusals, shown word for word.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { ACCIDENT_GRADES, accidentGrade } from '../../domain/accidents.ts'
import {
  accidentCategories,
  accidentSectors,
  accidentsOf,
  indicatorAreas,
  indicatorTrend,
  indicatorValues,
  type OtherTarget,
  recordAccident,
  type AccidentRow,
  type AreaOption,
  type IndicatorKey,
  type IndicatorValue,
  type SectorOption,
  type TrendRow,
} from '../../data/accidents.ts'
import { MESSAGES } from './messages.ts'
import { TrendChart } from './Trend.tsx'
import { Choropleth } from './Choropleth.tsx'
import { AccidentList } from './AccidentList.tsx'
import { CasualtyInputs } from './CasualtyInputs.tsx'
import { SectorOptions } from './SectorOptions.tsx'
import { DenominatorPanel } from './DenominatorPanel.tsx'
import { TargetPanel } from './TargetPanel.tsx'
import './indicators.css'

type M = ReturnType<typeof useMessages<typeof MESSAGES>>['m']
const thisYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
/** The plans' base year and the first year of the demo's records. */
const FIRST_YEAR = 2015
/** The first year the pickers offer: the earliest base year of the seed plans (临沂 2010). */
const ENTRY_FIRST_YEAR = 2010
const INDICATORS: readonly IndicatorKey[] = [
  'deaths_per_100m_gdp',
  'deaths_per_100k_imt_workers',
  'deaths_per_10k_vehicles',
  'deaths_per_10k_special_equipment',
  'accidents',
  'deaths',
  'larger_accidents',
]
/** The base year the area's targets name (a reduction target's), if any. */
function baseYearOf(rows: readonly TrendRow[]): number | null {
  return rows.find((r) => r.base_year !== null)?.base_year ?? null
}

export default function IndicatorsPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user || !user.role)
    return (
      <div class="page-message" data-testid="indicators-signin">
        {m('page.signIn')}
      </div>
    )
  return <Indicators key={user.userId} role={user.role} />
}

function Indicators({ role }: { role: string }) {
  const { m, lang } = useMessages(MESSAGES)
  const [areas, setAreas] = useState<AreaOption[]>([])
  const [area, setArea] = useState('440700')
  const [year, setYear] = useState(thisYear())
  const [values, setValues] = useState<IndicatorValue[] | null>(null)
  const [accidents, setAccidents] = useState<AccidentRow[]>([])
  const [sectors, setSectors] = useState<SectorOption[]>([])
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const [trend, setTrend] = useState<TrendRow[] | null>(null)

  useEffect(() => {
    indicatorAreas().then(setAreas, (e: Error) => setError(e.message))
    accidentSectors().then(setSectors, () => {})
  }, [])
  useEffect(() => {
    let alive = true
    setValues(null)
    Promise.all([indicatorValues(area, year), accidentsOf(area, year)]).then(
      ([v, a]) => {
        if (!alive) return
        setValues(v)
        setAccidents(a)
        setError(null)
      },
      (e: Error) => alive && setError(e.message),
    )
    return () => {
      alive = false
    }
  }, [area, year, version])
  useEffect(() => {
    let alive = true
    setTrend(null)
    indicatorTrend(area, FIRST_YEAR, thisYear()).then(
      (t) => alive && setTrend(t),
      () => alive && setTrend([]),
    )
    return () => {
      alive = false
    }
  }, [area, version])

  // from 2010 (临沂's base year): earlier years' statistics can be entered before their accidents are
  const years = useMemo(() => Array.from({ length: thisYear() - ENTRY_FIRST_YEAR + 1 }, (_, k) => thisYear() - k), [])
  const chosen = areas.find((a) => a.code === area)
  const areaName = chosen ? (lang === 'zh' ? chosen.name : (chosen.name_en ?? chosen.name)) : area
  const elapsed = values?.[0]?.year_elapsed ?? null
  const mayRecord = role === 'admin' || role === 'regulator' || role === 'enterprise'
  const mayEnter = role === 'admin' || role === 'regulator'

  return (
    <div class="staff-page indicators-page" data-testid="indicators-page" data-status={values ? 'ok' : error ? 'error' : 'loading'}>
      <div class="report-head print-only" data-testid="report-head">
        <h1>{m('report.title', { area: areaName, year })}</h1>
        <p>{m('report.generated', { t: new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</p>
      </div>
      <header class="staff-head">
        <div>
          <h2>{m('page.title')}</h2>
          <p class="muted">{m('page.intro')}</p>
        </div>
        <div class="indicators-pickers">
          <button type="button" class="btn no-print" data-testid="indicators-print" onClick={() => window.print()}>
            {m('report.print')}
          </button>
          <label>
            {m('page.area')}
            <select data-testid="indicators-area" value={area} onChange={(e) => setArea((e.target as HTMLSelectElement).value)}>
              {areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {lang === 'zh' ? a.name : (a.name_en ?? a.name)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m('page.year')}
            <select data-testid="indicators-year" value={year} onChange={(e) => setYear(Number((e.target as HTMLSelectElement).value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      {error && (
        <div class="form-error" data-testid="indicators-error">
          {m('page.error', { msg: error })}
        </div>
      )}
      {elapsed !== null && <p class="muted">{m('page.projection', { pct: formatNumber(elapsed * 100, lang, 1) })}</p>}
      <div class="indicator-cards">
        {values?.map((v) => (
          <IndicatorCard key={v.indicator} v={v} m={m} lang={lang} />
        ))}
      </div>
      <section class="trends" data-testid="trends" data-status={trend ? 'ok' : 'loading'}>
        <h3>{m('trend.title', { from: FIRST_YEAR, to: thisYear() })}</h3>
        <div class="trend-grid">
          {trend &&
            INDICATORS.map((k) => (
              <TrendChart
                key={k}
                indicator={k}
                rows={trend.filter((r) => r.indicator === k)}
                baseYear={baseYearOf(trend)}
                title={m(`ind.${k}`)}
                m={m}
                lang={lang}
              />
            ))}
        </div>
      </section>
      <Choropleth area={area} year={year} indicators={INDICATORS} name={(k) => m(`ind.${k}`)} m={m} lang={lang} />
      <div class="entry-panels no-print">
        <DenominatorPanel areas={areas} area={area} year={year} years={years} mayEnter={mayEnter} onSaved={() => setVersion((n) => n + 1)} />
        <TargetPanel
          area={area}
          areaName={areaName}
          year={year}
          indicators={INDICATORS}
          indicatorName={(k) => m(`ind.${k}`)}
          mayEnter={mayEnter}
          onSaved={() => setVersion((n) => n + 1)}
        />
      </div>
      {mayRecord && <AccidentForm sectors={sectors} onSaved={() => setVersion((n) => n + 1)} />}
      <AccidentList accidents={accidents} sectors={sectors} areas={areas} mayReport={mayRecord} onChanged={() => setVersion((n) => n + 1)} m={m} lang={lang} />
    </div>
  )
}

/** The other plans' targets of the card's indicator, each with its own threshold and status. */
function OtherTargets({ targets, value, fmt, m, lang }: { targets: OtherTarget[]; value: number | null; fmt: (n: number | null) => string; m: M; lang: Lang }) {
  return (
    <div class="other-targets small" data-testid="other-targets">
      <div class="others-head">{m('card.others', { n: targets.length })}</div>
      <ul>
        {targets.map((t) => (
          <li key={t.plan_code} data-plan={t.plan_code} data-status={t.status} class={`status-${t.status}`}>
            <span>{t.plan_name}</span>
            {t.borrowed_from && <span class="muted"> （{m('card.otherBorrowed')}）</span>}
            <span>
              {' '}
              {t.target_kind === 'reduction'
                ? m('card.reduction', { base: t.base_year ?? '', bv: fmt(t.base_value), pct: formatNumber(t.reduction_pct, lang, 1), t: fmt(t.target) })
                : m('card.cap', { t: fmt(t.target) })}
              {/* another denominator (operating vehicles) gives another value */}
              {t.value !== null && t.value !== value ? ` · ${m('card.value')} ${fmt(t.value)}` : ''}
            </span>
            <b> {m(`status.${t.status}`)}</b>
          </li>
        ))}
      </ul>
    </div>
  )
}

function IndicatorCard({ v, m, lang }: { v: IndicatorValue; m: M; lang: Lang }) {
  const rate = v.denominator_kind !== null
  const digits = rate ? 4 : 0
  const fmt = (n: number | null) => formatNumber(n, lang, digits)
  let target: string | null = null
  if (v.target_kind === 'cap') target = m('card.cap', { t: fmt(v.target) })
  else if (v.target_kind === 'reduction')
    target = m('card.reduction', {
      base: v.base_year ?? '',
      bv: fmt(v.base_value),
      pct: formatNumber(v.base_value && v.target !== null ? (1 - v.target / v.base_value) * 100 : null, lang, 1),
      t: fmt(v.target),
    })
  else if (v.target_kind === 'quota' && v.target)
    target = m('card.quota', { n: fmt(v.numerator), q: fmt(v.target), pct: formatNumber((v.numerator / v.target) * 100, lang, 0) })
  return (
    <article class={`indicator-card status-${v.status}`} data-testid="indicator-card" data-indicator={v.indicator} data-status={v.status}>
      <header>
        <h4>{m(`ind.${v.indicator}`)}</h4>
        <span class="indicator-status">{m(`status.${v.status}`)}</span>
      </header>
      <div class="indicator-value" data-testid="indicator-value">
        {fmt(v.value)}
      </div>
      <div class="muted small">
        {rate ? m('card.figures', { n: formatNumber(v.numerator, lang), d: formatNumber(v.denominator, lang, 2) }) : m('card.count', { n: fmt(v.numerator) })}
      </div>
      {target && (
        <div class="indicator-target">
          {m('card.target')}: {target}
        </div>
      )}
      {v.projected_value !== null && <div class="small">{m('card.projected', { v: fmt(v.projected_value) })}</div>}
      {v.plan_name && <div class="muted small">{m('card.plan', { plan: v.plan_name })}</div>}
      {v.borrowed_from && <div class="muted small borrowed">{m('card.borrowed', { from: v.borrowed_from })}</div>}
      {v.other_targets.length > 0 && <OtherTargets targets={v.other_targets} value={v.value} fmt={fmt} m={m} lang={lang} />}
    </article>
  )
}

function AccidentForm({ sectors, onSaved }: { sectors: SectorOption[]; onSaved: () => void }) {
  const { m, lang } = useMessages(MESSAGES)
  const [categories, setCategories] = useState<{ code: string; name_zh: string; name_en: string }[]>([])
  const [f, setF] = useState({
    occurred: '',
    lon: '113.106',
    lat: '22.563',
    sector: 'imt_manufacturing',
    category: '',
    deaths: '0',
    serious: '0',
    minor: '0',
    loss: '0',
    description: '',
  })
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    accidentCategories().then(setCategories, () => {})
  }, [])
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value })
  let preview: string
  try {
    const g = accidentGrade(Number(f.deaths), Number(f.serious), Number(f.loss))
    preview = lang === 'zh' ? g.zh : g.en
  } catch (e) {
    preview = (e as Error).message
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    try {
      const r = await recordAccident({
        occurred_at: f.occurred ? `${f.occurred}:00+08:00` : '',
        lon: Number(f.lon),
        lat: Number(f.lat),
        sector: f.sector,
        category: f.category || null,
        deaths: Number(f.deaths),
        serious_injuries: Number(f.serious),
        minor_injuries: Number(f.minor),
        direct_loss_10k_yuan: Number(f.loss),
        description: f.description || undefined,
      })
      setResult({ ok: true, text: m('form.saved', { grade: ACCIDENT_GRADES[r.grade - 1]![lang], area: r.area_code }) })
      onSaved()
    } catch (err) {
      setResult({ ok: false, text: m('form.refused', { msg: (err as Error).message }) })
    }
  }
  return (
    <form class="accident-form" data-testid="accident-form" onSubmit={submit}>
      <h3>{m('form.title')}</h3>
      <div class="accident-form-grid">
        <label>
          {m('form.occurred')}
          <input type="datetime-local" data-testid="af-occurred" value={f.occurred} onInput={set('occurred')} />
        </label>
        <label>
          {m('form.lon')}
          <input data-testid="af-lon" value={f.lon} onInput={set('lon')} />
        </label>
        <label>
          {m('form.lat')}
          <input data-testid="af-lat" value={f.lat} onInput={set('lat')} />
        </label>
        <label>
          {m('form.sector')}
          <select data-testid="af-sector" value={f.sector} onChange={set('sector')}>
            <SectorOptions sectors={sectors} lang={lang} />
          </select>
        </label>
        <label>
          {m('form.category')}
          <select data-testid="af-category" value={f.category} onChange={set('category')}>
            <option value="">{m('form.none')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {lang === 'zh' ? c.name_zh : c.name_en}
              </option>
            ))}
          </select>
        </label>
        <CasualtyInputs f={f} set={set} testid="af" />
      </div>
      <label class="accident-form-wide">
        {m('form.description')}
        <textarea rows={2} maxLength={4000} data-testid="af-description" value={f.description} onInput={set('description')} />
      </label>
      <div class="accident-form-foot">
        <span data-testid="af-grade">{m('form.grade', { grade: preview })}</span>
        <button type="submit" class="btn btn-primary" data-testid="af-submit">
          {m('form.submit')}
        </button>
      </div>
      {result && (
        <div class={result.ok ? 'form-ok' : 'form-error'} data-testid="af-result">
          {result.text}
        </div>
      )}
    </form>
  )
}
