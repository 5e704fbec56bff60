// The 物资储备 form (issue 18): add a lot at a depot, or edit one. Checked before sending with
// src/domain/stockpiles.ts (the database's own rules, Chinese first), then written under the table's
// row rules (admins; regulators at depots in their area); a refusal is said in words (Refusal.tsx) with
// the database's text.
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import type { SessionInfo } from '../../data/session.ts'
import { addStock, depots, updateStock, type Depot } from '../../data/registriesWrite.ts'
import type { StockRow } from '../../data/registryLists.ts'
import { codePrefix, stockProblems, stockRow, type StockInput } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'
import { useRegistryForm } from './useRegistryForm.tsx'

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
  const { m } = useMessages(FORM_MESSAGES)
  const [list, setList] = useState<Depot[] | null>(null)
  const { input, set, submit, field, foot, setRefusal } = useRegistryForm({
    key: 'stock',
    initial: editing
      ? {
          resource_id: editing.resource_id,
          material: editing.material,
          quantity: String(editing.quantity),
          unit: editing.unit,
          expires_on: editing.expires_on ?? '',
        }
      : EMPTY,
    check: stockProblems,
    save: async (i: StockInput) => {
      const row = stockRow(i)
      if (editing) await updateStock(editing.id, row)
      else await addStock(row)
      const depot = list?.find((d) => d.id === row.resource_id)?.name ?? editing?.resource_name ?? ''
      return m('stock.saved', { material: row.material, depot })
    },
    onDone,
  })

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
      {foot({ user, jurisdiction })}
    </form>
  )
}
