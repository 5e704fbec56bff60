// What the four registry forms (预案, 专家, 救援队伍, 物资储备) share: the typed-in values, checking
// them with the registry's domain rules before sending (each problem shown at its field), the save
// with a busy state, a refusal from the database said in words (Refusal.tsx), and the form's foot
// (the "fix the marked fields" line, save and cancel). Test ids follow the form's key:
// `<key>-error-<field>`, `<key>-refusal`, `<key>-save`, `<key>-cancel`.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { Refusal } from './Refusal.tsx'

/** A field's problem as the domain rules give it (Chinese first). */
export interface FieldIssue<F extends string> {
  field: F
  zh: string
  en: string
}

export interface RegistryFormSpec<I, F extends string> {
  key: 'stock' | 'plan' | 'team' | 'expert' | 'pipeline'
  initial: I | (() => I)
  /** the domain's rules: an empty list when the input may be sent */
  check: (input: I) => FieldIssue<F>[]
  /** writes the input; resolves to the confirmation shown after the save */
  save: (input: I) => Promise<string>
  onDone: (saved: string | null) => void
}

export function useRegistryForm<I extends object, F extends keyof I & string>(spec: RegistryFormSpec<I, F>) {
  const { m, lang } = useMessages(FORM_MESSAGES)
  const [input, setInput] = useState<I>(spec.initial)
  const [problems, setProblems] = useState<FieldIssue<F>[]>([])
  const [refusal, setRefusal] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const set = (f: F) => (e: Event) => setInput((i) => ({ ...i, [f]: (e.target as HTMLInputElement).value }))

  async function submit(e: Event) {
    e.preventDefault()
    setRefusal(null)
    const found = spec.check(input)
    setProblems(found)
    if (found.length) return
    setBusy(true)
    try {
      spec.onDone(await spec.save(input))
    } catch (err) {
      setRefusal(err)
    } finally {
      setBusy(false)
    }
  }

  /** A labelled control with its problem underneath; `extra` goes between them (a hint, a button). */
  const field = (f: F, label: string, control: ComponentChildren, extra?: ComponentChildren) => {
    const p = problems.find((x) => x.field === f)
    return (
      <label class={`reg-field${p ? ' invalid' : ''}`}>
        <span>{label}</span>
        {control}
        {extra}
        {p && (
          <small class="reg-field-error" data-testid={`${spec.key}-error-${f}`}>
            {lang === 'zh' ? p.zh : p.en}
          </small>
        )}
      </label>
    )
  }

  const foot = ({ user, jurisdiction, disabled = false }: { user: SessionInfo; jurisdiction: string; disabled?: boolean }) => (
    <>
      {problems.length > 0 && <div class="form-error">{m('stock.fix')}</div>}
      {refusal !== null && <Refusal error={refusal} user={user} jurisdiction={jurisdiction} testid={`${spec.key}-refusal`} />}
      <div class="reg-form-actions">
        <button type="submit" class="btn btn-primary" data-testid={`${spec.key}-save`} disabled={busy || disabled}>
          {m(busy ? 'stock.saving' : 'stock.save')}
        </button>
        <button type="button" class="btn btn-ghost" data-testid={`${spec.key}-cancel`} onClick={() => spec.onDone(null)}>
          {m('stock.cancel')}
        </button>
      </div>
    </>
  )

  return { input, setInput, set, submit, field, foot, setRefusal }
}
