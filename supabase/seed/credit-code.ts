// Unified social credit codes (统一社会信用代码, GB 32100-2015), built the way real ones are:
//   1     registration authority   '9' = 工商 (market regulation)
//   2     organisation type        '1' = 企业 (enterprise)
//   3-8   administrative division  e.g. 440704
//   9-17  organisation code (GB 11714): 8 body characters + its own mod-11 check character
//   18    check character, mod 31 over the first 17 (the DB's app.credit_code_is_valid)
// The character set leaves out I, O, S, V, Z (easily confused).

export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The 18th character for the first 17 (GB 32100-2015 §5). */
export function creditCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`need 17 characters, got ${first17.length}`)
  let total = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(first17[i])
    if (v < 0) throw new Error(`character ${first17[i]} not allowed in a credit code`)
    total += v * CREDIT_WEIGHTS[i]
  }
  return CREDIT_ALPHABET[(31 - (total % 31)) % 31]
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false
  return creditCheckChar(code.slice(0, 17)) === code[17]
}

// GB 11714-1997 organisation code check: weights 3 7 9 10 5 8 4 2, C9 = 11 − (Σ mod 11),
// 10 → 'X', 11 → '0'. Letters count as 10..35 by their position in A-Z.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
export function orgCodeCheckChar(body8: string): string {
  let total = 0
  for (let i = 0; i < 8; i++) {
    const c = body8[i]
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55
    total += v * ORG_WEIGHTS[i]
  }
  const r = 11 - (total % 11)
  return r === 10 ? 'X' : r === 11 ? '0' : String(r)
}

/**
 * A valid, unique code for enterprise `serial` (unique per generated city): the organisation
 * code body is a bijection of the serial onto 8 decimal digits, so no two serials collide.
 */
export function makeCreditCode(divisionCode: string, serial: number, seedMix: number): string {
  if (!/^[0-9]{6}$/.test(divisionCode)) throw new Error(`bad division code ${divisionCode}`)
  // x ↦ (a·x + b) mod 10^8 is a bijection when gcd(a, 10) = 1; a, b spread the digits.
  const a = 7_394_153 // odd, not a multiple of 5
  const b = (seedMix >>> 0) % 100_000_000
  const body = String((mulMod(a, serial % 100_000_000, 100_000_000) + b) % 100_000_000).padStart(8, '0')
  const first17 = '91' + divisionCode + body + orgCodeCheckChar(body)
  return first17 + creditCheckChar(first17)
}

// a·x mod m without losing precision past 2^53.
function mulMod(a: number, x: number, m: number): number {
  return Number((BigInt(a) * BigInt(x)) % BigInt(m))
}
