// The accidents of an area and year with filters (sector, grade, district), and per accident its
// append-only history (首报, 续报, corrections) with the 续报 form for those who may report on it:
// within the window (30 days; 7 for road traffic and fire) a follow-up, after it a correction with
// a reason. The database decides and its refusal is shown word for word.
import { useEffect, useState } from 'preact/hooks'
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { ACCIDENT_GRADES } from '../../domain/accidents.ts'
import { CasualtyInputs } from './CasualtyInputs.tsx'
import { SectorOptions } from './SectorOptions.tsx'
import { accidentHistory, updateAccident, type AccidentReport, type AccidentRow, type AreaOption, type SectorOption } from '../../data/accidents.ts'

export const LIST_MESSAGES = {
  'list.title': { zh: '事故列表（{n} 起）', en: 'Accidents ({n})' },
  'list.empty': { zh: '没有符合条件的事故。', en: 'No accidents match.' },
  'list.when': { zh: '发生时间', en: 'When' },
  'list.sector': { zh: '行业领域', en: 'Sector' },
  'list.district': { zh: '区县', en: 'District' },
  'list.grade': { zh: '等级', en: 'Grade' },
  'list.casualties': { zh: '死亡 / 重伤 / 轻伤', en: 'Deaths / serious / minor' },
  'list.loss': { zh: '直接经济损失（万元）', en: 'Direct loss (10k yuan)' },
  'list.late': { zh: '迟报', en: 'Late report' },
  'filter.all': { zh: '全部', en: 'All' },
  'filter.sector': { zh: '行业', en: 'Sector' },
  'filter.grade': { zh: '等级', en: 'Grade' },
  'filter.district': { zh: '区县', en: 'District' },
  'row.open': { zh: '续报 / 历史', en: 'Follow-up / history' },
  'row.close': { zh: '收起', en: 'Close' },
  'hist.title': { zh: '报告历史（只增不改）', en: 'Report history (append-only)' },
  'hist.first': { zh: '首报', en: 'First report' },
  'hist.followup': { zh: '续报', en: 'Follow-up' },
  'hist.correction': { zh: '更正', en: 'Correction' },
  'hist.changed': { zh: '原值 {v}', en: 'was {v}' },
  'fu.title': { zh: '续报', en: 'Follow-up report' },
  'fu.reason': { zh: '原因（超过续报期限时必填，至少 4 个字）', en: 'Reason (required after the follow-up window, at least 4 characters)' },
  'fu.submit': { zh: '提交续报', en: 'Submit follow-up' },
  'fu.saved': { zh: '已续报：{grade}', en: 'Reported: {grade}' },
  'fu.refused': { zh: '数据库拒绝：{msg}', en: 'Refused by the database: {msg}' },
}

type LM = (k: keyof typeof LIST_MESSAGES, vars?: Record<string, string | number>) => string

/** Beijing wall-clock time, YYYY-MM-DD HH:mm. */
export function fmtBeijing(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

export function AccidentList({
  accidents,
  sectors,
  areas,
  mayReport,
  onChanged,
  m,
  lang,
}: {
  accidents: readonly AccidentRow[]
  sectors: readonly SectorOption[]
  areas: readonly AreaOption[]
  mayReport: boolean
  onChanged: () => void
  m: LM
  lang: Lang
}) {
  const [sector, setSector] = useState('')
  const [grade, setGrade] = useState('')
  const [district, setDistrict] = useState('')
  const [open, setOpen] = useState<string | null>(null)
  const sectorName = (code: string) => {
    const s = sectors.find((x) => x.code === code)
    return s ? (lang === 'zh' ? s.name_zh : s.name_en) : code
  }
  const districts = areas.filter((a) => a.level === 'district')
  const districtName = (code: string | null) => {
    const d = code ? districts.find((x) => code.startsWith(x.code)) : undefined
    return d ? (lang === 'zh' ? d.name : (d.name_en ?? d.name)) : ''
  }
  const shown = accidents.filter(
    (a) =>
      (!sector || a.sector_code === sector || sectors.find((s) => s.code === a.sector_code)?.parent_code === sector) &&
      (!grade || a.grade === Number(grade)) &&
      (!district || (a.area_code ?? '').startsWith(district)),
  )
  return (
    <section class="accident-list" data-testid="accident-list" data-count={shown.length}>
      <div class="accident-list-head">
        <h3>{m('list.title', { n: shown.length })}</h3>
        <div class="accident-filters no-print">
          <label>
            {m('filter.sector')}{' '}
            <select data-testid="filter-sector" value={sector} onChange={(e) => setSector((e.target as HTMLSelectElement).value)}>
              <option value="">{m('filter.all')}</option>
              <SectorOptions sectors={sectors} lang={lang} />
            </select>
          </label>
          <label>
            {m('filter.grade')}{' '}
            <select data-testid="filter-grade" value={grade} onChange={(e) => setGrade((e.target as HTMLSelectElement).value)}>
              <option value="">{m('filter.all')}</option>
              {ACCIDENT_GRADES.map((g) => (
                <option key={g.grade} value={g.grade}>
                  {g[lang]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m('filter.district')}{' '}
            <select data-testid="filter-district" value={district} onChange={(e) => setDistrict((e.target as HTMLSelectElement).value)}>
              <option value="">{m('filter.all')}</option>
              {districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {lang === 'zh' ? d.name : (d.name_en ?? d.name)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {shown.length === 0 ? (
        <p class="muted">{m('list.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m('list.when')}</th>
              <th>{m('list.sector')}</th>
              <th>{m('list.district')}</th>
              <th>{m('list.grade')}</th>
              <th>{m('list.casualties')}</th>
              <th>{m('list.loss')}</th>
              <th />
              <th class="no-print" />
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => [
              <tr key={a.id} data-testid="accident-row" data-id={a.id} title={a.description ?? ''}>
                <td>{fmtBeijing(a.occurred_at)}</td>
                <td>{sectorName(a.sector_code)}</td>
                <td>{districtName(a.area_code)}</td>
                <td class={`accident-grade g${a.grade}`}>{ACCIDENT_GRADES[a.grade - 1]?.[lang]}</td>
                <td data-testid="accident-casualties">
                  {a.deaths} / {a.serious_injuries} / {a.minor_injuries}
                </td>
                <td>{formatNumber(a.direct_loss_10k_yuan, lang, 2)}</td>
                <td>{a.late_report && <span class="late-flag">{m('list.late')}</span>}</td>
                <td class="no-print">
                  <button type="button" class="btn btn-small" data-testid="accident-open" onClick={() => setOpen(open === a.id ? null : a.id)}>
                    {m(open === a.id ? 'row.close' : 'row.open')}
                  </button>
                </td>
              </tr>,
              open === a.id && (
                <tr key={`${a.id}-detail`} class="accident-detail-row no-print">
                  <td colSpan={8}>
                    <AccidentDetail a={a} mayReport={mayReport} onChanged={onChanged} m={m} lang={lang} />
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
      )}
    </section>
  )
}

function AccidentDetail({ a, mayReport, onChanged, m, lang }: { a: AccidentRow; mayReport: boolean; onChanged: () => void; m: LM; lang: Lang }) {
  const [history, setHistory] = useState<AccidentReport[] | null>(null)
  const [version, setVersion] = useState(0)
  const [f, setF] = useState({
    deaths: String(a.deaths),
    serious: String(a.serious_injuries),
    minor: String(a.minor_injuries),
    loss: String(a.direct_loss_10k_yuan),
    reason: '',
  })
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    let alive = true
    accidentHistory(a.id).then(
      (h) => alive && setHistory(h),
      () => alive && setHistory([]),
    )
    return () => {
      alive = false
    }
  }, [a.id, version])
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value })
  const submit = async (e: Event) => {
    e.preventDefault()
    const changes: Record<string, number> = {}
    const put = (key: string, v: string, old: number) => {
      if (v.trim() !== '' && Number(v) !== Number(old)) changes[key] = Number(v)
    }
    put('deaths', f.deaths, a.deaths)
    put('serious_injuries', f.serious, a.serious_injuries)
    put('minor_injuries', f.minor, a.minor_injuries)
    put('direct_loss_10k_yuan', f.loss, a.direct_loss_10k_yuan)
    try {
      const r = await updateAccident(a.id, changes, f.reason.trim() || null)
      setResult({ ok: true, text: m('fu.saved', { grade: ACCIDENT_GRADES[r.grade - 1]![lang] }) })
      setVersion((v) => v + 1)
      onChanged()
    } catch (err) {
      setResult({ ok: false, text: m('fu.refused', { msg: (err as Error).message }) })
    }
  }
  return (
    <div class="accident-detail" data-testid="accident-detail">
      <h4>{m('hist.title')}</h4>
      <ol class="accident-history" data-testid="accident-history">
        {(history ?? []).map((h) => (
          <li key={h.id} data-testid="history-item" data-kind={h.kind}>
            <b>{m(`hist.${h.kind}`)}</b> {fmtBeijing(h.reported_at)} · {h.deaths} / {h.serious_injuries} / {h.minor_injuries} ·{' '}
            {ACCIDENT_GRADES[h.grade - 1]?.[lang]} · {formatNumber(Number(h.direct_loss_10k_yuan), lang, 2)}
            {Object.keys(h.changed ?? {}).length > 0 && <span class="muted"> ({m('hist.changed', { v: JSON.stringify(h.changed) })})</span>}
            {h.reason && <span class="muted"> · {h.reason}</span>}
            {h.late && <span class="late-flag">{m('list.late')}</span>}
          </li>
        ))}
      </ol>
      {mayReport && (
        <form class="followup-form" data-testid="followup-form" onSubmit={submit}>
          <h4>{m('fu.title')}</h4>
          <div class="followup-grid">
            <CasualtyInputs f={f} set={set} testid="fu" />
            <label class="followup-wide">
              {m('fu.reason')}
              <input data-testid="fu-reason" maxLength={500} value={f.reason} onInput={set('reason')} />
            </label>
          </div>
          <button type="submit" class="btn btn-primary" data-testid="fu-submit">
            {m('fu.submit')}
          </button>
          {result && (
            <div class={result.ok ? 'form-ok' : 'form-error'} data-testid="fu-result">
              {result.text}
            </div>
          )}
        </form>
      )}
    </div>
  )
}
