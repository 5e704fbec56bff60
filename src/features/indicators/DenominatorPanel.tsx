// The denominators of an area and year (GDP, 工矿商贸 employees, vehicles …): the form that records
// one through set_indicator_denominator (admins anywhere, regulators in their area: the database
// decides and its refusal is shown word for word), and every revision recorded, newest first, with
// who, when, old → new and the source. Everyone on the page reads the history.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { DENOMINATOR_KINDS, denominatorHistory, setDenominator, type DenominatorRevision } from '../../data/indicatorEntry.ts'
import type { AreaOption } from '../../data/accidents.ts'

export const DENOMINATOR_MESSAGES = {
  'den.title': { zh: '指标分母（统计数据）', en: 'Denominators (statistics)' },
  'den.intro': {
    zh: '每次录入都新增一条记录，旧值保留；同一区域、年度、类型以最新一条为准。',
    en: 'Every entry adds a record and keeps the old one; the newest of an area, year and kind counts.',
  },
  'den.area': { zh: '区域', en: 'Area' },
  'den.year': { zh: '年度', en: 'Year' },
  'den.kind': { zh: '类型', en: 'Kind' },
  'den.value': { zh: '数值', en: 'Value' },
  'den.source': { zh: '数据来源', en: 'Source' },
  'den.sourceHint': { zh: '如：2025 年统计年鉴', en: 'e.g. 2025 statistical yearbook' },
  'den.submit': { zh: '录入分母', en: 'Record' },
  'den.saved': { zh: '已录入：{kind} {v}（原值 {old}）', en: 'Recorded: {kind} {v} (was {old})' },
  'den.refused': { zh: '数据库拒绝：{msg}', en: 'Refused by the database: {msg}' },
  'den.history': { zh: '{area} {year} 年分母修订记录（只增不改）', en: 'Revisions of {area}, {year} (append-only)' },
  'den.empty': {
    zh: '该区域该年度尚无分母记录（如下辖区域均有记录，则取其合计）。',
    en: 'No figures for this area and year yet (the sum of its parts counts when every part has one).',
  },
  'den.when': { zh: '录入时间', en: 'When' },
  'den.who': { zh: '录入人', en: 'Who' },
  'den.change': { zh: '原值 → 新值', en: 'Old → new' },
  'den.demo': { zh: '演示数据导入', en: 'demo data loader' },
  'den.system': { zh: '系统导入', en: 'import' },
  'kind.gdp_100m_yuan': { zh: '地区生产总值（亿元）', en: 'GDP (100 million yuan)' },
  'kind.imt_employees': { zh: '工矿商贸从业人员（人）', en: 'Industry, mining and trade employees' },
  'kind.motor_vehicles': { zh: '机动车保有量（辆）', en: 'Motor vehicles' },
  'kind.operating_vehicles': { zh: '营运车辆（辆）', en: 'Operating vehicles' },
  'kind.special_equipment_units': { zh: '特种设备（台）', en: 'Special-equipment units' },
  'kind.population': { zh: '常住人口（人）', en: 'Population' },
}

export function DenominatorPanel(props: {
  areas: readonly AreaOption[]
  area: string
  year: number
  years: readonly number[]
  mayEnter: boolean
  onSaved: () => void
}) {
  const { m, lang } = useMessages(DENOMINATOR_MESSAGES)
  const [area, setArea] = useState(props.area)
  const [year, setYear] = useState(props.year)
  const [kind, setKind] = useState<string>('gdp_100m_yuan')
  const [value, setValue] = useState('')
  const [source, setSource] = useState('')
  const [rows, setRows] = useState<DenominatorRevision[] | null>(null)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => setArea(props.area), [props.area])
  useEffect(() => setYear(props.year), [props.year])
  useEffect(() => {
    let alive = true
    setRows(null)
    denominatorHistory(area, year).then(
      (r) => alive && setRows(r),
      () => alive && setRows([]),
    )
    return () => {
      alive = false
    }
  }, [area, year, version])
  const areaName = (code: string) => {
    const a = props.areas.find((x) => x.code === code)
    return a ? (lang === 'zh' ? a.name : (a.name_en ?? a.name)) : code
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    try {
      const r = await setDenominator(area, year, kind, value.trim() === '' ? Number.NaN : Number(value), source)
      setResult({ ok: true, text: m('den.saved', { kind: m(`kind.${kind}` as 'kind.population'), v: fmt(r.value, lang), old: fmt(r.previous_value, lang) }) })
      setVersion((n) => n + 1)
      props.onSaved()
    } catch (err) {
      setResult({ ok: false, text: m('den.refused', { msg: (err as Error).message }) })
    }
  }
  return (
    <section class="entry-panel" data-testid="denominators">
      <h3>{m('den.title')}</h3>
      <p class="muted small">{m('den.intro')}</p>
      {props.mayEnter && (
        <form class="entry-form" data-testid="den-form" onSubmit={submit}>
          <label>
            {m('den.area')}
            <select data-testid="den-area" value={area} onChange={(e) => setArea((e.target as HTMLSelectElement).value)}>
              {props.areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {lang === 'zh' ? a.name : (a.name_en ?? a.name)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m('den.year')}
            <select data-testid="den-year" value={year} onChange={(e) => setYear(Number((e.target as HTMLSelectElement).value))}>
              {props.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label class="entry-wide2">
            {m('den.kind')}
            <select data-testid="den-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
              {DENOMINATOR_KINDS.map((k) => (
                <option key={k} value={k}>
                  {m(`kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m('den.value')}
            <input data-testid="den-value" inputMode="decimal" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
          </label>
          <label class="entry-wide3">
            {m('den.source')}
            <input
              data-testid="den-source"
              maxLength={200}
              placeholder={m('den.sourceHint')}
              value={source}
              onInput={(e) => setSource((e.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="btn btn-primary" data-testid="den-submit">
            {m('den.submit')}
          </button>
          {result && (
            <div class={`entry-result ${result.ok ? 'form-ok' : 'form-error'}`} data-testid="den-result">
              {result.text}
            </div>
          )}
        </form>
      )}
      <h4>{m('den.history', { area: areaName(area), year })}</h4>
      <div class="entry-table-wrap">
        <table class="entry-table" data-testid="den-history" data-status={rows ? 'ok' : 'loading'}>
          <thead>
            <tr>
              <th>{m('den.kind')}</th>
              <th>{m('den.change')}</th>
              <th>{m('den.source')}</th>
              <th>{m('den.who')}</th>
              <th>{m('den.when')}</th>
            </tr>
          </thead>
          <tbody>
            {rows?.map((r) => (
              <tr key={r.id} data-testid="den-revision" data-kind={r.kind}>
                <td>{m(`kind.${r.kind}`)}</td>
                <td class="num">
                  {r.previous_value !== null && <span class="muted">{fmt(r.previous_value, lang)} → </span>}
                  <b>{fmt(r.value, lang)}</b>
                </td>
                <td>{r.source}</td>
                <td>
                  {r.recorded_by_name
                    ? `${r.recorded_by_name}${r.recorded_by_role ? `（${r.recorded_by_role}）` : ''}`
                    : r.is_demo
                      ? m('den.demo')
                      : m('den.system')}
                </td>
                <td>{new Date(r.recorded_at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows?.length === 0 && <p class="muted small">{m('den.empty')}</p>}
    </section>
  )
}

function fmt(n: number | null, lang: Lang): string {
  return formatNumber(n, lang, 4)
}
