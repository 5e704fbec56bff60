// The 物资储备 tab's editing (useRegistryEditing): admins and regulators add; a lot is edited by
// those who may write in its area.
import type { SessionInfo } from '../../data/session.ts'
import type { StockRow } from '../../data/registryLists.ts'
import type { FilingRate } from '../../data/registries.ts'
import { mayEditStock } from '../../domain/stockpiles.ts'
import { StockForm } from './StockForm.tsx'
import { useRegistryEditing } from './useRegistryEditing.tsx'
import { jurisdictionOf } from './Refusal.tsx'

export function useStockEditing(user: SessionInfo, districts: readonly FilingRate[] | null) {
  return useRegistryEditing<StockRow>({
    key: 'stock',
    writer: user.role === 'admin' || user.role === 'regulator',
    may: (row) => mayEditStock(user.role, row.area_code, user.areaCodes),
    form: (editing, onDone) => <StockForm user={user} jurisdiction={jurisdictionOf(user, districts)} editing={editing} onDone={onDone} />,
  })
}
