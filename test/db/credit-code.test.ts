// app.credit_code_is_valid (20270110000200_credit_code_one_expression.sql) against the import's
// own check (src/import/creditCode.ts), on thousands of codes: valid ones, each with a wrong
// check character, and malformed ones (letters outside the alphabet, lower case, wrong length).
import { describe, expect, it } from 'vitest'
import { creditCheckChar, isValidCreditCode } from '../../src/import/creditCode.ts'
import { sql, useStack } from '../helpers/stack.ts'

useStack()

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** A small deterministic generator, so a failure names the same codes on the next run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function codes(n: number): string[] {
  const rnd = lcg(32100)
  const pick = (chars: string) => chars[Math.floor(rnd() * chars.length)]!
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const first17 = Array.from({ length: 17 }, () => pick(ALPHABET)).join('')
    const good = first17 + creditCheckChar(first17)!
    out.push(good)
    // every other check character: all wrong
    out.push(first17 + pick(ALPHABET.replace(good[17]!, '')))
    // a character outside the alphabet (I O S V Z, lower case, a CJK character) somewhere
    const at = Math.floor(rnd() * 18)
    out.push(good.slice(0, at) + pick('IOSVZa中') + good.slice(at + 1))
  }
  out.push('', good17(), `${good17()}00`, ' '.repeat(18))
  return out
}
const good17 = () => '91350100M000100Y4'

describe('app.credit_code_is_valid (GB 32100-2015)', () => {
  it('agrees with the import check on 6,000 codes', async () => {
    const list = codes(2000)
    const { rows } = await sql().query<{ code: string; ok: boolean }>(`select c as code, app.credit_code_is_valid(c) as ok from unnest($1::text[]) c`, [list])
    expect(rows).toHaveLength(list.length)
    const disagree = rows.filter((r) => r.ok !== isValidCreditCode(r.code))
    expect(disagree.slice(0, 5)).toEqual([])
    // the sample holds both answers in quantity
    expect(rows.filter((r) => r.ok).length).toBe(2000)
  })

  it('refuses null (the CHECK constraint then keeps the column filled)', async () => {
    const { rows } = await sql().query<{ ok: boolean }>(`select app.credit_code_is_valid(null) as ok`)
    expect(rows[0]!.ok).toBe(false)
  })
})
