// The planner's "what if" on a hazard source: the editor's text fields → the GB 18218 calculator.
// Pure, so the card can recompute on every keystroke and a unit test can pin the parsing.
import { majorHazardAssessment, type Assessment, type InventoryItem, type ReferenceData } from './majorHazard.ts'

export interface WhatIfRow {
  readonly substance: string
  /** as typed: the calculator, not the form, decides what is valid (and says why) */
  readonly quantity: string
}

/**
 * A typed number, or the raw text when it is not one, so the calculator's own message names it.
 * Accepts a decimal comma and full-width digits (common in Chinese input methods).
 */
export function parseNumberInput(text: string): number | string {
  const t = text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/^－/, '-')
    .replace(/,/g, '.')
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return text.trim()
  return Number(t)
}

export type WhatIfResult = { ok: true; assessment: Assessment } | { ok: false; error: string }

/** Runs the calculator on the editor's rows; never throws (an invalid field is the error text). */
export function whatIfAssess(rows: readonly WhatIfRow[], population: string, ref: ReferenceData): WhatIfResult {
  const people = parseNumberInput(population)
  if (typeof people === 'string') {
    return { ok: false, error: `exposed_population must be a number of people (got ${people || 'nothing'})` }
  }
  const items: InventoryItem[] = rows.map((r) => {
    const q = parseNumberInput(r.quantity)
    return { substance: r.substance, quantity_t: q === '' ? undefined : q }
  })
  try {
    return { ok: true, assessment: majorHazardAssessment(items, people, ref) }
  } catch (e) {
    return { ok: false, error: (e as Error).message }
  }
}
