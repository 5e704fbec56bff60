// "What if" (编辑假设) on a hazard source's card: a planner edits the inventory and the exposed
// population and sees S, α, R and the GB 18218 grade recomputed in the browser on every keystroke
// (the same formula as the database's major_hazard_assessment), next to the stored result.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { formatNumber, useMessages, type Lang } from '../../app/i18n.ts'
import { MESSAGES } from './messages.ts'
import type { HazardSourceDetail } from '../../data/mapApi.ts'
import { referenceData } from '../../data/reference.ts'
import type { ReferenceData } from '../../domain/majorHazard.ts'
import { majorGradeName, majorGradeRgb, rgbCss } from '../../domain/levels.ts'
import { parseNumberInput, whatIfAssess, type WhatIfRow } from '../../domain/whatIf.ts'

/** Marks the field the calculator would reject (not a number, or negative). */
const invalid = (text: string) => {
  const v = parseNumberInput(text)
  return typeof v !== 'number' || v < 0
}

function storedRows(h: HazardSourceDetail): WhatIfRow[] {
  return (h.inventory ?? []).map((i) => ({ substance: i.substance, quantity: String(i.quantity_t) }))
}

function GradeBadge({ major, grade, lang, testid, notMajor }: { major: boolean; grade: number | null; lang: Lang; testid?: string; notMajor: string }) {
  if (!major || !grade) {
    return (
      <span class="badge badge-outline whatif-grade" data-testid={testid} data-grade="" style={{ borderColor: '#8a96a3', color: '#56626e' }}>
        {notMajor}
      </span>
    )
  }
  return (
    <span
      class="badge whatif-grade"
      data-testid={testid}
      data-grade={grade}
      style={{ background: rgbCss(majorGradeRgb(grade)), color: grade === 2 || grade === 3 ? '#222' : '#fff' }}
    >
      {majorGradeName(grade, lang)}
    </span>
  )
}

export function WhatIfEditor({ h }: { h: HazardSourceDetail }) {
  const { m, lang } = useMessages(MESSAGES)
  const [on, setOn] = useState(false)
  const [ref, setRef] = useState<ReferenceData | null>(null)
  const [refError, setRefError] = useState<string | null>(null)
  const [rows, setRows] = useState<WhatIfRow[]>(() => storedRows(h))
  const [population, setPopulation] = useState(() => String(h.exposed_population ?? 0))
  const [adding, setAdding] = useState('')

  // another source clicked while the editor is open: start again from its stored values
  useEffect(() => {
    setRows(storedRows(h))
    setPopulation(String(h.exposed_population ?? 0))
  }, [h.id])

  useEffect(() => {
    if (!on || ref) return
    let live = true
    referenceData().then(
      (r) => live && setRef(r),
      (e: Error) => live && setRefError(e.message),
    )
    return () => {
      live = false
    }
  }, [on, ref])

  const result = useMemo(() => (ref ? whatIfAssess(rows, population, ref) : null), [rows, population, ref])

  const setQty = (i: number, quantity: string) => setRows(rows.map((r, j) => (j === i ? { ...r, quantity } : r)))
  const remove = (i: number) => setRows(rows.filter((_, j) => j !== i))
  const add = () => {
    const name = adding.trim()
    if (!name) return
    setRows([...rows, { substance: name, quantity: '0' }])
    setAdding('')
  }
  const reset = () => {
    setRows(storedRows(h))
    setPopulation(String(h.exposed_population ?? 0))
    setAdding('')
  }

  if (!on) {
    return (
      <div class="whatif whatif-off">
        <button type="button" class="btn whatif-toggle" data-testid="whatif-toggle" aria-pressed="false" onClick={() => setOn(true)}>
          {m('whatif.toggle')}
        </button>
      </div>
    )
  }

  const a = result?.ok ? result.assessment : null
  const n = (v: number, d = 2) => formatNumber(v, lang, d)
  return (
    <div class="whatif" data-testid="whatif">
      <div class="whatif-head">
        <button type="button" class="btn whatif-toggle on" data-testid="whatif-toggle" aria-pressed="true" onClick={() => setOn(false)}>
          {m('whatif.close')}
        </button>
        <button type="button" class="btn btn-link" data-testid="whatif-reset" onClick={reset}>
          {m('whatif.reset')}
        </button>
      </div>
      <div class="whatif-compare" data-testid="whatif-compare">
        <span class="whatif-label">{m('whatif.current')}</span>
        <GradeBadge major={h.is_major} grade={h.major_grade} lang={lang} notMajor={m('whatif.notMajor')} testid="whatif-stored-grade" />
        <span class="whatif-arrow">→</span>
        <span class="whatif-label">{m('whatif.assumed')}</span>
        {a ? (
          <GradeBadge major={a.is_major} grade={a.grade} lang={lang} notMajor={m('whatif.notMajor')} testid="whatif-grade" />
        ) : (
          <span class="badge badge-outline whatif-grade" data-testid="whatif-grade" data-grade="?" style={{ borderColor: '#c62828', color: '#c62828' }}>
            ?
          </span>
        )}
      </div>
      {!ref && !refError && <div class="detail-message">{m('whatif.loading')}</div>}
      {refError && (
        <div class="whatif-error" data-testid="whatif-error">
          {m('whatif.refError', { msg: refError })}
        </div>
      )}
      {result && !result.ok && (
        <div class="whatif-error" role="alert" data-testid="whatif-error">
          {m('whatif.invalid', { msg: result.error })}
        </div>
      )}
      <table class="whatif-values" data-testid="whatif-values">
        <thead>
          <tr>
            <th />
            <th class="num">S</th>
            <th class="num">α</th>
            <th class="num">R</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{m('whatif.current')}</td>
            <td class="num">{h.s_value != null ? n(h.s_value) : '—'}</td>
            <td class="num">{h.alpha != null ? n(h.alpha, 1) : '—'}</td>
            <td class="num">{h.r_value != null ? n(h.r_value, 1) : '—'}</td>
          </tr>
          <tr class="whatif-assumed-row">
            <td>{m('whatif.assumed')}</td>
            <td class="num" data-testid="whatif-s">
              {a ? n(a.s) : '—'}
            </td>
            <td class="num" data-testid="whatif-alpha">
              {a ? n(a.alpha, 1) : '—'}
            </td>
            <td class="num" data-testid="whatif-r">
              {a ? n(a.r, 1) : '—'}
            </td>
          </tr>
        </tbody>
      </table>
      <label class="whatif-field">
        <span>{m('field.exposed')}</span>
        <input
          type="text"
          inputMode="numeric"
          data-testid="whatif-population"
          aria-invalid={invalid(population)}
          value={population}
          onInput={(e) => setPopulation((e.target as HTMLInputElement).value)}
        />
        <span class="whatif-unit">{m('whatif.people')}</span>
      </label>
      <table class="whatif-items">
        <thead>
          <tr>
            <th>{m('field.substance')}</th>
            <th class="num">{m('field.quantity')}</th>
            <th class="num">q/Q</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${i}:${r.substance}`}>
              <td>{r.substance}</td>
              <td class="num">
                <input
                  type="text"
                  inputMode="decimal"
                  class="whatif-qty"
                  data-testid={`whatif-qty-${i}`}
                  aria-invalid={invalid(r.quantity)}
                  aria-label={`${r.substance} ${m('field.quantity')}`}
                  value={r.quantity}
                  onInput={(e) => setQty(i, (e.target as HTMLInputElement).value)}
                />
              </td>
              <td class="num">{a?.items[i] ? n(a.items[i]!.q_over_q) : '—'}</td>
              <td>
                <button
                  type="button"
                  class="btn btn-icon whatif-remove"
                  title={m('whatif.remove')}
                  data-testid={`whatif-remove-${i}`}
                  onClick={() => remove(i)}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="whatif-add">
        <input
          type="text"
          list="whatif-substances"
          data-testid="whatif-add-substance"
          placeholder={m('whatif.addPlaceholder')}
          value={adding}
          onInput={(e) => setAdding((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <datalist id="whatif-substances">
          {ref?.substances.map((s) => (
            <option key={s.name_zh} value={s.name_zh} label={s.cas ?? undefined} />
          ))}
        </datalist>
        <button type="button" class="btn" data-testid="whatif-add" disabled={!adding.trim()} onClick={add}>
          {m('whatif.add')}
        </button>
      </div>
      <div class="whatif-note">{m('whatif.note')}</div>
    </div>
  )
}
