// #/indicators (指标): per area and year, a card per plan indicator against its target (met / at
// risk / not met, with the numbers behind it), the accidents of that area and year, and the entry
// form (record_accident) for those who may record. Figures come from indicator_values; the
// database decides grades and refusals, shown word for word.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
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
  recordAccident,
  type AccidentRow,
  type AreaOption,
  type IndicatorValue,
  type SectorOption,
  type TrendRow,
} from '../../data/accidents.ts'
import { MESSAGES } from './messages.ts'
import { INDICATORS, IndicatorsBody, TREND_FIRST_YEAR, reportHash, thisYear } from './ReportParts.tsx'
import { AccidentList } from './AccidentList.tsx'
import { CasualtyInputs } from './CasualtyInputs.tsx'
import { SectorOptions } from './SectorOptions.tsx'
import { DenominatorPanel } from './DenominatorPanel.tsx'
import { TargetPanel } from './TargetPanel.tsx'
import './indicators.css'

/** The first year the pickers offer: statistics of years before the demo's (2010, 临沂's base year) can be entered. */
const ENTRY_FIRST_YEAR = 2000

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
    indicatorTrend(area, TREND_FIRST_YEAR, thisYear()).then(
      (t) => alive && setTrend(t),
      () => alive && setTrend([]),
    )
    return () => {
      alive = false
    }
  }, [area, version])

  // from 2000: earlier years' statistics can be entered before their accidents are
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
          <button type="button" class="btn btn-ghost no-print" data-testid="indicators-print" onClick={() => window.print()}>
            {m('report.print')}
          </button>
          <a class="btn btn-ghost no-print" data-testid="indicators-report-link" href={reportHash(area, year)}>
            {m('report.open')}
          </a>
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
      <IndicatorsBody error={error} elapsed={elapsed} values={values} trend={trend} area={area} year={year} m={m} lang={lang} />
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
