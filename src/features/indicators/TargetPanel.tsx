// The plans' targets of an area and year, and the form that adds or edits one through
// set_plan_target (admins anywhere, regulators in their area) in one of three forms: a cap, a cut
// against a base year, or a quota handed down by the city. The database checks every field and
// says what is wrong; its message is shown word for word.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useMessages } from '../../app/i18n.ts'
import { planTargetsOf, setPlanTarget, type PlanTarget, type PlanTargetInput } from '../../data/indicatorEntry.ts'
import type { IndicatorKey } from '../../data/accidents.ts'

export const TARGET_MESSAGES = {
  'tgt.title': { zh: '规划目标', en: 'Plan targets' },
  'tgt.none': { zh: '该区域该年度没有规划目标。', en: 'No plan targets for this area and year.' },
  'tgt.plan': { zh: '规划', en: 'Plan' },
  'tgt.indicator': { zh: '指标', en: 'Indicator' },
  'tgt.form': { zh: '目标形式', en: 'Form' },
  'tgt.target': { zh: '目标', en: 'Target' },
  'tgt.edit': { zh: '编辑', en: 'Edit' },
  'tgt.add': { zh: '新增 / 修改目标（{area}，{year} 年）', en: 'Add or change a target ({area}, {year})' },
  'tgt.planCode': { zh: '规划编号', en: 'Plan code' },
  'tgt.planName': { zh: '规划名称', en: 'Plan name' },
  'tgt.period': { zh: '规划期', en: 'Period' },
  'tgt.kind.cap': { zh: '上限（≤）', en: 'Cap (≤)' },
  'tgt.kind.reduction': { zh: '较基准年下降 %', en: 'Cut vs base year (%)' },
  'tgt.kind.quota': { zh: '控制指标（配额）', en: 'Quota' },
  'tgt.cap': { zh: '上限值', en: 'Cap' },
  'tgt.pct': { zh: '下降百分比', en: 'Cut (%)' },
  'tgt.baseYear': { zh: '基准年', en: 'Base year' },
  'tgt.quota': { zh: '控制指标', en: 'Quota' },
  'tgt.vehicles': { zh: '车辆分母', en: 'Vehicle denominator' },
  'tgt.vehicles.motor_vehicles': { zh: '机动车', en: 'motor vehicles' },
  'tgt.vehicles.operating_vehicles': { zh: '营运车辆', en: 'operating vehicles' },
  'tgt.borrowed': { zh: '借用来源（演示城市借用他地目标时填写）', en: 'Borrowed from (when taken from another place’s plan)' },
  'tgt.note': { zh: '备注', en: 'Note' },
  'tgt.submit': { zh: '保存目标', en: 'Save target' },
  'tgt.saved': { zh: '已保存：{ind}', en: 'Saved: {ind}' },
  'tgt.refused': { zh: '数据库拒绝：{msg}', en: 'Refused by the database: {msg}' },
  'tgt.cutText': { zh: '较 {base} 年下降 {pct}%', en: '−{pct}% vs {base}' },
  'tgt.quotaText': { zh: '配额 {q}', en: 'quota {q}' },
}

type Form = {
  plan_code: string
  plan_name: string
  period: string
  indicator: IndicatorKey
  target_kind: 'cap' | 'reduction' | 'quota'
  cap: string
  reduction_pct: string
  base_year: string
  quota: string
  denominator_kind: '' | 'motor_vehicles' | 'operating_vehicles'
  borrowed_from: string
  note: string
}

const EMPTY: Form = {
  plan_code: '',
  plan_name: '',
  period: '',
  indicator: 'deaths',
  target_kind: 'cap',
  cap: '',
  reduction_pct: '',
  base_year: '',
  quota: '',
  denominator_kind: '',
  borrowed_from: '',
  note: '',
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s))

export function TargetPanel(props: {
  area: string
  areaName: string
  year: number
  indicators: readonly IndicatorKey[]
  indicatorName: (k: IndicatorKey) => string
  mayEnter: boolean
  onSaved: () => void
}) {
  const { m, lang } = useMessages(TARGET_MESSAGES)
  const [targets, setTargets] = useState<PlanTarget[] | null>(null)
  const [f, setF] = useState<Form>(EMPTY)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    let alive = true
    setTargets(null)
    planTargetsOf(props.area, props.year).then(
      (t) => alive && setTargets(t),
      () => alive && setTargets([]),
    )
    return () => {
      alive = false
    }
  }, [props.area, props.year, version])
  const set = (k: keyof Form) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value })
  const edit = (t: PlanTarget) =>
    setF({
      plan_code: t.plan_code,
      plan_name: t.plan_name,
      period: t.period ?? '',
      indicator: t.indicator as IndicatorKey,
      target_kind: t.target_kind,
      cap: t.cap?.toString() ?? '',
      reduction_pct: t.reduction_pct?.toString() ?? '',
      base_year: t.base_year?.toString() ?? '',
      quota: t.quota?.toString() ?? '',
      denominator_kind: t.denominator_kind ?? '',
      borrowed_from: t.borrowed_from ?? '',
      note: t.note ?? '',
    })
  const submit = async (e: Event) => {
    e.preventDefault()
    const k = f.target_kind
    const input: PlanTargetInput = {
      plan_code: f.plan_code,
      plan_name: f.plan_name,
      period: f.period || null,
      area_code: props.area,
      indicator: f.indicator,
      year: props.year,
      target_kind: k,
      cap: k === 'cap' ? num(f.cap) : null,
      reduction_pct: k === 'reduction' ? num(f.reduction_pct) : null,
      base_year: k === 'reduction' ? num(f.base_year) : null,
      quota: k === 'quota' ? num(f.quota) : null,
      denominator_kind: f.indicator === 'deaths_per_10k_vehicles' && f.denominator_kind ? f.denominator_kind : null,
      borrowed_from: f.borrowed_from || null,
      note: f.note || null,
    }
    try {
      await setPlanTarget(input)
      setResult({ ok: true, text: m('tgt.saved', { ind: props.indicatorName(f.indicator) }) })
      setVersion((n) => n + 1)
      props.onSaved()
    } catch (err) {
      setResult({ ok: false, text: m('tgt.refused', { msg: (err as Error).message }) })
    }
  }
  const targetText = (t: PlanTarget) =>
    t.target_kind === 'cap'
      ? `≤ ${formatNumber(t.cap, lang, 4)}`
      : t.target_kind === 'reduction'
        ? m('tgt.cutText', { base: t.base_year ?? '', pct: formatNumber(t.reduction_pct, lang, 2) })
        : m('tgt.quotaText', { q: formatNumber(t.quota, lang) })
  return (
    <section class="entry-panel" data-testid="targets">
      <h3>{m('tgt.title')}</h3>
      <div class="entry-table-wrap">
        <table class="entry-table" data-testid="target-list" data-status={targets ? 'ok' : 'loading'}>
          <thead>
            <tr>
              <th>{m('tgt.indicator')}</th>
              <th>{m('tgt.target')}</th>
              <th>{m('tgt.plan')}</th>
              {props.mayEnter && <th />}
            </tr>
          </thead>
          <tbody>
            {targets?.map((t) => (
              <tr key={t.id} data-testid="target-row" data-target-indicator={t.indicator}>
                <td>{props.indicatorName(t.indicator as IndicatorKey)}</td>
                <td class="num">{targetText(t)}</td>
                <td>
                  {t.plan_name}
                  {t.period ? `（${t.period}）` : ''}
                  {t.borrowed_from && <div class="muted small borrowed">{t.borrowed_from}</div>}
                </td>
                {props.mayEnter && (
                  <td>
                    <button type="button" class="btn btn-small" data-testid="target-edit" onClick={() => edit(t)}>
                      {m('tgt.edit')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {targets?.length === 0 && <p class="muted small">{m('tgt.none')}</p>}
      {props.mayEnter && (
        <form class="entry-form" data-testid="target-form" onSubmit={submit}>
          <h4 class="entry-wide">{m('tgt.add', { area: props.areaName, year: props.year })}</h4>
          <label>
            {m('tgt.planCode')}
            <input data-testid="tf-plan-code" maxLength={40} value={f.plan_code} onInput={set('plan_code')} />
          </label>
          <label class="entry-wide2">
            {m('tgt.planName')}
            <input data-testid="tf-plan-name" maxLength={200} value={f.plan_name} onInput={set('plan_name')} />
          </label>
          <label>
            {m('tgt.period')}
            <input data-testid="tf-period" maxLength={50} value={f.period} onInput={set('period')} />
          </label>
          <label class="entry-wide2">
            {m('tgt.indicator')}
            <select data-testid="tf-indicator" value={f.indicator} onChange={set('indicator')}>
              {props.indicators.map((k) => (
                <option key={k} value={k}>
                  {props.indicatorName(k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m('tgt.form')}
            <select data-testid="tf-kind" value={f.target_kind} onChange={set('target_kind')}>
              {(['cap', 'reduction', 'quota'] as const).map((k) => (
                <option key={k} value={k}>
                  {m(`tgt.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {f.target_kind === 'cap' && (
            <label>
              {m('tgt.cap')}
              <input data-testid="tf-cap" inputMode="decimal" value={f.cap} onInput={set('cap')} />
            </label>
          )}
          {f.target_kind === 'reduction' && (
            <>
              <label>
                {m('tgt.pct')}
                <input data-testid="tf-pct" inputMode="decimal" value={f.reduction_pct} onInput={set('reduction_pct')} />
              </label>
              <label>
                {m('tgt.baseYear')}
                <input data-testid="tf-base-year" inputMode="numeric" value={f.base_year} onInput={set('base_year')} />
              </label>
            </>
          )}
          {f.target_kind === 'quota' && (
            <label>
              {m('tgt.quota')}
              <input data-testid="tf-quota" inputMode="numeric" value={f.quota} onInput={set('quota')} />
            </label>
          )}
          {f.indicator === 'deaths_per_10k_vehicles' && (
            <label>
              {m('tgt.vehicles')}
              <select data-testid="tf-vehicles" value={f.denominator_kind} onChange={set('denominator_kind')}>
                <option value="">{m('tgt.vehicles.motor_vehicles')}</option>
                <option value="operating_vehicles">{m('tgt.vehicles.operating_vehicles')}</option>
              </select>
            </label>
          )}
          <label class="entry-wide">
            {m('tgt.borrowed')}
            <input data-testid="tf-borrowed" maxLength={200} value={f.borrowed_from} onInput={set('borrowed_from')} />
          </label>
          <label class="entry-wide">
            {m('tgt.note')}
            <input data-testid="tf-note" maxLength={1000} value={f.note} onInput={set('note')} />
          </label>
          <button type="submit" class="btn btn-primary" data-testid="tf-submit">
            {m('tgt.submit')}
          </button>
          {result && (
            <div class={`entry-result ${result.ok ? 'form-ok' : 'form-error'}`} data-testid="tf-result">
              {result.text}
            </div>
          )}
        </form>
      )}
    </section>
  )
}
