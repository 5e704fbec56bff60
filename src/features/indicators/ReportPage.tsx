// #/indicators/report?area=<code>&year=<yyyy>: the printable report of an area and year on a page of
// its own (issue 16): title, the cards against their targets, the trends with their base-year and
// scope-change marks, the choropleth by district and the accidents list; no forms, a print button.
// The same parts as #/indicators' print layout (ReportParts.tsx); staff only, like the data.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { currentQuery } from '../../app/routes.ts'
import {
  accidentSectors,
  accidentsOf,
  indicatorAreas,
  indicatorTrend,
  indicatorValues,
  type AccidentRow,
  type AreaOption,
  type IndicatorValue,
  type SectorOption,
  type TrendRow,
} from '../../data/accidents.ts'
import { MESSAGES } from './messages.ts'
import { AccidentList } from './AccidentList.tsx'
import { IndicatorsBody, TREND_FIRST_YEAR, reportParams, thisYear } from './ReportParts.tsx'
import './indicators.css'

function useQuery(): URLSearchParams {
  const [q, setQ] = useState(() => currentQuery())
  useEffect(() => {
    const on = () => setQ(currentQuery())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return q
}

export default function ReportPage() {
  const { m } = useMessages(MESSAGES)
  const { user, known } = useStore(sessionStore)
  const { area, year } = reportParams(useQuery())
  if (!known) return <div class="page-message">{m('page.loading')}</div>
  if (!user || !user.role)
    return (
      <div class="page-message" data-testid="indicators-signin">
        {m('page.signIn')}
      </div>
    )
  if (area === null || year === null)
    return (
      <div class="page-message" data-testid="report-params">
        {m('report.params')}
      </div>
    )
  return <Report key={`${user.userId}/${area}/${year}`} area={area} year={year} />
}

function Report({ area, year }: { area: string; year: number }) {
  const { m, lang } = useMessages(MESSAGES)
  const [areas, setAreas] = useState<AreaOption[]>([])
  const [sectors, setSectors] = useState<SectorOption[]>([])
  const [values, setValues] = useState<IndicatorValue[] | null>(null)
  const [accidents, setAccidents] = useState<AccidentRow[]>([])
  const [trend, setTrend] = useState<TrendRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let alive = true
    indicatorAreas().then(
      (a) => alive && setAreas(a),
      (e: Error) => alive && setError(e.message),
    )
    accidentSectors().then(
      (s) => alive && setSectors(s),
      () => {},
    )
    Promise.all([indicatorValues(area, year), accidentsOf(area, year)]).then(
      ([v, a]) => {
        if (!alive) return
        setValues(v)
        setAccidents(a)
      },
      (e: Error) => alive && setError(e.message),
    )
    indicatorTrend(area, TREND_FIRST_YEAR, thisYear()).then(
      (t) => alive && setTrend(t),
      () => alive && setTrend([]),
    )
    return () => {
      alive = false
    }
  }, [area, year])

  const chosen = areas.find((a) => a.code === area)
  const areaName = chosen ? (lang === 'zh' ? chosen.name : (chosen.name_en ?? chosen.name)) : area
  const elapsed = values?.[0]?.year_elapsed ?? null
  return (
    <div
      class="staff-page indicators-page indicators-report"
      data-testid="report-page"
      data-status={values && trend ? 'ok' : error ? 'error' : 'loading'}
      data-area={area}
      data-year={year}
    >
      <header class="report-head">
        <h1 data-testid="report-title">{m('report.title', { area: areaName, year })}</h1>
        <p class="muted">{m('report.generated', { t: new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</p>
        <div class="report-actions no-print">
          <button type="button" class="btn btn-primary" data-testid="report-print" onClick={() => window.print()}>
            {m('report.print')}
          </button>
          <a class="btn btn-ghost" href="#/indicators" data-testid="report-back">
            {m('report.back')}
          </a>
        </div>
      </header>
      <IndicatorsBody error={error} elapsed={elapsed} values={values} trend={trend} area={area} year={year} m={m} lang={lang} />
      <h3>{m('report.accidents')}</h3>
      <AccidentList accidents={accidents} sectors={sectors} areas={areas} mayReport={false} onChanged={() => {}} m={m} lang={lang} />
    </div>
  )
}
