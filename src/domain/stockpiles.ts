// The stockpile form's checks (issue 18, 物资储备), the same rules as the database's
// (material_stockpiles: material 1–100 characters, unit 1–20, quantity 0 to 1,000,000,000, a depot
// required; app.input_limits and the table's checks), so a form says what is wrong before sending.
// The database still decides: its refusal is shown word for word.

export interface StockInput {
  resource_id: string
  material: string
  quantity: string
  unit: string
  /** YYYY-MM-DD or empty (no expiry) */
  expires_on: string
}

export type StockField = keyof StockInput

export interface FieldProblem {
  field: StockField
  zh: string
  en: string
}

export const STOCK_LIMITS = { materialMax: 100, unitMax: 20, quantityMax: 1_000_000_000 } as const

/** Spaces collapsed and trimmed, as the database stores names (app.clean_text). */
export function cleanText(s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** What is wrong with a stockpile lot, field by field (empty: nothing). */
export function stockProblems(i: StockInput): FieldProblem[] {
  const out: FieldProblem[] = []
  if (!i.resource_id) out.push({ field: 'resource_id', zh: '请选择储备点', en: 'Choose a depot' })
  const material = cleanText(i.material)
  if (!material) out.push({ field: 'material', zh: '物资名称：必填', en: 'Material: required' })
  else if ([...material].length > STOCK_LIMITS.materialMax)
    out.push({ field: 'material', zh: `物资名称：不超过 ${STOCK_LIMITS.materialMax} 个字符`, en: `Material: at most ${STOCK_LIMITS.materialMax} characters` })
  const q = i.quantity.trim()
  const n = Number(q)
  if (!q) out.push({ field: 'quantity', zh: '数量：必填', en: 'Quantity: required' })
  else if (!/^\d+(\.\d+)?$/.test(q) || !Number.isFinite(n))
    out.push({ field: 'quantity', zh: '数量：须为不小于 0 的数字', en: 'Quantity: must be a number not below 0' })
  else if (n > STOCK_LIMITS.quantityMax) out.push({ field: 'quantity', zh: '数量：不超过 1,000,000,000', en: 'Quantity: at most 1,000,000,000' })
  const unit = cleanText(i.unit)
  if (!unit) out.push({ field: 'unit', zh: '计量单位：必填', en: 'Unit: required' })
  else if ([...unit].length > STOCK_LIMITS.unitMax)
    out.push({ field: 'unit', zh: `计量单位：不超过 ${STOCK_LIMITS.unitMax} 个字符`, en: `Unit: at most ${STOCK_LIMITS.unitMax} characters` })
  if (i.expires_on.trim() && !validDate(i.expires_on.trim()))
    out.push({ field: 'expires_on', zh: '有效期至：须为有效日期（年-月-日）', en: 'Expires on: must be a valid date (YYYY-MM-DD)' })
  return out
}

/** The row sent to the database (after stockProblems found nothing). */
export function stockRow(i: StockInput): { resource_id: string; material: string; quantity: number; unit: string; expires_on: string | null } {
  return {
    resource_id: i.resource_id,
    material: cleanText(i.material),
    quantity: Number(i.quantity.trim()),
    unit: cleanText(i.unit),
    expires_on: i.expires_on.trim() || null,
  }
}

/** Who may add and edit stockpile lots (material_stockpiles_insert, _update, _delete: admins, and regulators at depots in their area). */
export function mayEditStock(role: string | null, depotArea: string | null, areaCodes: readonly string[]): boolean {
  if (role === 'admin' || role === 'service') return true
  if (role !== 'regulator' || !depotArea) return false
  return areaCodes.some((c) => depotArea.startsWith(codePrefix(c)))
}

/** The LIKE prefix of an area code (app.code_prefix): 440000 → 44, 440700 → 4407, others as they are. */
export function codePrefix(code: string): string {
  if (/^\d{2}0000$/.test(code)) return code.slice(0, 2)
  if (/^\d{4}00$/.test(code)) return code.slice(0, 4)
  return code
}

/**
 * The database's refusal as shown: the unique index's bare message (a concurrent write that passed the
 * trigger's check) said in words; the trigger's own message and every other refusal as they are.
 */
export function stockRefusalWords(message: string, code: string | undefined): string {
  if (code === '23505' && message.includes('"material_stockpiles_one_lot"'))
    return '物资储备重复：同一储备点已有相同物资名称、计量单位和有效期的批次（请修改该批次的数量）。 / Duplicate stockpile lot: the depot already holds this material in this unit with this expiry (edit that lot’s quantity).'
  return message
}
