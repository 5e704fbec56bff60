// The actions the user may take on a danger now (from allowed_hidden_danger_transitions), each a
// form asking for what its rule requires. The form is checked before sending (messages by the
// field, in the user's language); the database decides again, and a refusal is shown as it wrote it.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { useStore } from '../../app/store.ts'
import { sessionStore } from '../../app/sessionStore.ts'
import { LISTING_LEVELS, SEVERITIES } from '../../domain/categories.ts'
import { transitionDanger, type AllowedTransition, type DangerDetail } from '../../data/dangers.ts'
import { MESSAGES } from './messages.ts'
import { buildRequest, checkForm, formFields, initialValues, type FieldProblem, type FieldSpec, type FormValues } from './forms.ts'
import { cityToday } from '../../domain/cityDay.ts'

const actionKey = (a: AllowedTransition) => `${a.kind}:${a.to_status}`

export function ActionForms({ danger, actions, onDone }: { danger: DangerDetail; actions: AllowedTransition[]; onDone: () => void }) {
  const { m, lang } = useMessages(MESSAGES)
  const { user } = useStore(sessionStore)
  const [open, setOpen] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  // a different danger, or the same one in a new status: start over
  useEffect(() => {
    setOpen(null)
  }, [danger.id, danger.status, danger.severity])
  useEffect(() => {
    setDone(null)
  }, [danger.id])

  if (!actions.length) {
    const readOnly = user?.role === 'command' || user?.role === 'planner'
    return (
      <div>
        {done && (
          <div class="form-ok" data-testid="action-done">
            {done}
          </div>
        )}
        <p class="muted" data-testid="actions-none">
          {readOnly ? m('actions.readOnly') : m('actions.none')}
        </p>
      </div>
    )
  }
  const current = actions.find((a) => actionKey(a) === open) ?? null
  const label = (a: AllowedTransition) => (lang === 'zh' ? a.label_zh : a.label_en)
  return (
    <div class="actions">
      {done && (
        <div class="form-ok" data-testid="action-done">
          {done}
        </div>
      )}
      <div class="action-buttons">
        {actions.map((a) => (
          <button
            key={actionKey(a)}
            type="button"
            class={`btn ${open === actionKey(a) ? 'btn-primary' : 'btn-ghost'}`}
            data-testid={`action-${a.kind === 'reassess' ? 'reassess' : a.to_status}`}
            aria-expanded={open === actionKey(a)}
            onClick={() => {
              setDone(null)
              setOpen(open === actionKey(a) ? null : actionKey(a))
            }}
          >
            {label(a)}
          </button>
        ))}
      </div>
      {current && (
        <ActionForm
          key={`${danger.id}:${actionKey(current)}`}
          danger={danger}
          action={current}
          onCancel={() => setOpen(null)}
          onDone={() => {
            setDone(m('actions.done', { label: label(current) }))
            setOpen(null)
            onDone()
          }}
        />
      )}
    </div>
  )
}

function ActionForm({ danger, action, onCancel, onDone }: { danger: DangerDetail; action: AllowedTransition; onCancel: () => void; onDone: () => void }) {
  const { m, name, lang } = useMessages(MESSAGES)
  const fields = formFields(action, danger.status)
  const [values, setValues] = useState<FormValues>(() => initialValues(action, cityToday()))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [problems, setProblems] = useState<FieldProblem[]>([])
  const set = (k: string, v: string) => {
    setValues((prev) => ({ ...prev, [k]: v }))
    // a corrected field loses its mark at once
    setProblems((prev) => (prev.some((p) => p.key === k) ? prev.filter((p) => p.key !== k) : prev))
  }
  const problemOf = (k: string) => problems.find((p) => p.key === k)

  const submit = async (e: Event) => {
    e.preventDefault()
    setError(null)
    const found = checkForm(fields, values, cityToday())
    setProblems(found)
    if (found.length) return
    setBusy(true)
    const { note, details } = buildRequest(fields, values)
    try {
      await transitionDanger(danger.id, action.to_status, note, details)
      onDone()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const input = (f: FieldSpec) => {
    const id = `f-${f.key}`
    const common = { id, name: f.key, 'data-testid': `field-${f.key}`, value: values[f.key] ?? '' }
    switch (f.kind) {
      case 'textarea':
        return <textarea {...common} rows={f.key === 'note' ? 2 : 3} maxLength={4000} onInput={(e) => set(f.key, e.currentTarget.value)} />
      case 'number':
        return <input {...common} type="number" min={0} step="0.01" inputMode="decimal" onInput={(e) => set(f.key, e.currentTarget.value)} />
      case 'date':
        return (
          <input
            {...common}
            type="date"
            min={f.key === 'deadline' ? cityToday() : undefined}
            max={f.key === 'verified_at' ? cityToday() : undefined}
            onInput={(e) => set(f.key, e.currentTarget.value)}
            onChange={(e) => set(f.key, e.currentTarget.value)}
          />
        )
      case 'severity':
        return (
          <select {...common} onChange={(e) => set(f.key, e.currentTarget.value)}>
            {(f.options?.length ?? 0) > 1 && <option value="">{m('form.choose')}</option>}
            {(f.options ?? []).map((o) => (
              <option key={o} value={o}>
                {name(SEVERITIES[o as keyof typeof SEVERITIES])}
              </option>
            ))}
          </select>
        )
      case 'listing_level':
        return (
          <select {...common} onChange={(e) => set(f.key, e.currentTarget.value)}>
            <option value="">{m('form.choose')}</option>
            <option value="city">{name(LISTING_LEVELS.city)}</option>
            <option value="district">{name(LISTING_LEVELS.district)}</option>
          </select>
        )
      default:
        return <input {...common} type="text" maxLength={f.key === 'supervising_office' ? 200 : 100} onInput={(e) => set(f.key, e.currentTarget.value)} />
    }
  }

  return (
    <form class="action-form" data-testid="action-form" data-to={action.to_status} data-kind={action.kind} onSubmit={submit} noValidate>
      <h4>{lang === 'zh' ? action.label_zh : action.label_en}</h4>
      {fields
        .filter((f) => !f.when || f.when(values))
        .map((f) => (
          <label key={f.key} class={`form-row${f.kind === 'textarea' ? ' wide' : ''}${problemOf(f.key) ? ' invalid' : ''}`} for={`f-${f.key}`}>
            <span>
              {m(f.label)}
              {f.required && <span class="req">*</span>}
            </span>
            {input(f)}
            {problemOf(f.key) && (
              <span class="field-error" role="alert" data-testid={`field-error-${f.key}`}>
                {m(`check.${problemOf(f.key)!.kind}`, {
                  field: m(f.label)
                    .replace(/[（(].*$/, '')
                    .trim(),
                })}
              </span>
            )}
          </label>
        ))}
      {problems.length > 0 && (
        <div class="form-error" role="alert" data-testid="action-check">
          {m('check.summary')}
        </div>
      )}
      <p class="muted small">{m('actions.required')}</p>
      {error && (
        <div class="form-error" role="alert" data-testid="action-error">
          {m('actions.refused', { msg: error })}
        </div>
      )}
      <div class="form-actions">
        <button type="button" class="btn btn-ghost" onClick={onCancel} disabled={busy}>
          {m('actions.cancel')}
        </button>
        <button type="submit" class="btn btn-primary" data-testid="action-submit" disabled={busy}>
          {busy ? m('actions.submitting') : m('actions.submit')}
        </button>
      </div>
    </form>
  )
}
