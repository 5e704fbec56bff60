// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from an alphabet
// without I, O, S, V, Z, the last a mod-31 check character over the first 17. The same rule as the
// database's app.credit_code_is_valid (test/unit/import/credit-code.test.ts holds the two together).

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/

export function creditCheckChar(first17: string): string | null {
  let total = 0
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '')
    if (v < 0) return null
    total += v * WEIGHTS[i]!
  }
  return ALPHABET[(31 - (total % 31)) % 31]!
}

/** null when valid, else why (zh / en). */
export function creditCodeProblem(code: string): string | null {
  if (!SHAPE.test(code)) {
    return `统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z），实为“${code}” / a unified social credit code is 18 digits or capital letters (no I, O, S, V, Z), got "${code}"`
  }
  const want = creditCheckChar(code.slice(0, 17))
  if (want !== code[17]) {
    return `统一社会信用代码校验码错误（按 GB 32100 第 18 位应为 ${want}） / wrong check character (GB 32100: the 18th should be ${want})`
  }
  return null
}

export const isValidCreditCode = (code: string): boolean => creditCodeProblem(code) === null
