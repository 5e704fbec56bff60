// The 物资储备 form (issue 18): add a lot at a depot, or edit one. Checked before sending with
// src/domain/stockpiles.ts (the database's own rules, Chinese first), then written under the table's
// row rules (admins; regulators at depots in their area); a refusal is said in words (Refusal.tsx) with
// the database's text.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import { addStock, depots, updateStock, type Depot } from '../../data/registriesWrite.ts'
import type { StockRow } from '../../data/registryLists.ts'
import { codePrefix, stockProblems, stockRow, type FieldProblem, type StockField, type StockInput } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { Refusal } from './Refusal.tsx'

const EMPTY: StockInput = { resource_id: '', material: '', quantity: '', unit: '', expires_on: '' }

export function StockForm({
  user,
  jurisdiction,
  editing,
  onDone,
}: {
  user: SessionInfo
  /** the caller's district(s) as named in a refusal */
  jurisdiction: string
  editing: StockRow | null
  onDone: (saved: string | null) => void
}) {
  const { m, lang } = useMessages(FORM_MESSAGES)
  const [list, setList] = useState<Depot[] | null>(null)
  const [input, setInput] = useState<StockInput>(
    editing
      ? {
          resource_id: editing.resource_id,
          material: editing.material,
          quantity: String(editing.quantity),
          unit: editing.unit,
          expires_on: editing.expires_on ?? '',
        }
      : EMPTY,
  )
  const [problems, setProblems] = useState<FieldProblem[]>([])
  const [refusal, setRefusal] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let alive = true
    const prefixes = user.role === 'admin' ? null : user.areaCodes.map(codePrefix)
    depots(prefixes).then(
      (d) => alive && setList(d),
      (e: Error) => alive && setRefusal(e),
    )
    return () => {
      alive = false
    }
  }, [user.userId])

  const set = (field: StockField) => (e: Event) => setInput((i) => ({ ...i, [field]: (e.target as HTMLInputElement).value }))
  const problemOf = (field: StockField) => problems.find((p) => p.field === field)
  const say = (p: FieldProblem | undefined) => (p ? (lang === 'zh' ? p.zh : p.en) : null)

  async function submit(e: Event) {
    e.preventDefault()
    setRefusal(null)
    const found = stockProblems(input)
    setProblems(found)
    if (found.length) return
    setBusy(true)
    try {
      const row = stockRow(input)
      if (editing) await updateStock(editing.id, row)
      else await addStock(row)
      const depot = list?.find((d) => d.id === row.resource_id)?.name ?? editing?.resource_name ?? ''
      onDone(m('stock.saved', { material: row.material, depot }))
    } catch (err) {
      setRefusal(err)
    } finally {
      setBusy(false)
    }
  }

  const field = (f: StockField, label: string, control: preact.ComponentChildren) => (
    <label class={`reg-field${problemOf(f) ? ' invalid' : ''}`}>
      <span>{label}</span>
      {control}
      {problemOf(f) && (
        <small class="reg-field-error" data-testid={`stock-error-${f}`}>
          {say(problemOf(f))}
        </small>
      )}
    </label>
  )
  return (
    <form class="reg-form" data-testid="stock-form" noValidate onSubmit={submit}>
      <h3>{m(editing ? 'stock.titleEdit' : 'stock.titleAdd')}</h3>
      <p class="muted">{m('stock.who')}</p>
      <div class="reg-form-grid">
        {field(
          'resource_id',
          m('stock.depot'),
          <select data-testid="stock-depot" value={input.resource_id} disabled={!!editing || !list} onChange={set('resource_id')}>
            <option value="">{list ? m('stock.depotPick') : m('stock.depotsLoading')}</option>
            {editing && !list?.some((d) => d.id === editing.resource_id) && <option value={editing.resource_id}>{editing.resource_name}</option>}
            {(list ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          'material',
          m('stock.material'),
          <input data-testid="stock-material" maxLength={200} placeholder={m('stock.materialHint')} value={input.material} onInput={set('material')} />,
        )}
        {field('quantity', m('stock.quantity'), <input data-testid="stock-quantity" inputMode="decimal" value={input.quantity} onInput={set('quantity')} />)}
        {field('unit', m('stock.unit'), <input data-testid="stock-unit" maxLength={40} value={input.unit} onInput={set('unit')} />)}
        {field('expires_on', m('stock.expires'), <input data-testid="stock-expires" type="date" value={input.expires_on} onInput={set('expires_on')} />)}
      </div>
      {problems.length > 0 && <div class="form-error">{m('stock.fix')}</div>}
      {refusal !== null && <Refusal error={refusal} user={user} jurisdiction={jurisdiction} testid="stock-refusal" />}
      <div class="reg-form-actions">
        <button type="submit" class="btn btn-primary" data-testid="stock-save" disabled={busy}>
          {m(busy ? 'stock.saving' : 'stock.save')}
        </button>
        <button type="button" class="btn btn-ghost" data-testid="stock-cancel" onClick={() => onDone(null)}>
          {m('stock.cancel')}
        </button>
      </div>
    </form>
  )
}
