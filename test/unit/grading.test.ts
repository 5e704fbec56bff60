// The browser's four-colour rules against the shared, independently computed vectors
// (test/vectors/grading.json). test/db/grading.test.ts runs the same vectors through the SQL.
import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { lecLevel, matrixLevel, GradingInputError } from '../../src/domain/riskGrading.ts'

const vectors = JSON.parse(readFileSync(new URL('../vectors/grading.json', import.meta.url), 'utf8'))

describe('LEC (D = L × E × C)', () => {
  it.each<[string, any]>(vectors.lec.map((v: any): [string, any] => [`${v.l}×${v.e}×${v.c}`, v]))('%s', (_n, v: any) => {
    expect(lecLevel(v.l, v.e, v.c)).toEqual({ d: v.d, level: v.level })
  })

  it('covers every band at and around its threshold', () => {
    const levels = new Set(vectors.lec.map((v: any) => v.level))
    expect([...levels].sort()).toEqual([1, 2, 3, 4])
    for (const t of [70, 160, 320]) {
      expect(vectors.lec.some((v: any) => v.d >= t && v.level === ({ 70: 3, 160: 2, 320: 1 } as any)[t])).toBe(true)
      expect(vectors.lec.some((v: any) => v.d < t)).toBe(true)
    }
  })

  it('refuses a factor outside its set, naming the factor', () => {
    expect(() => lecLevel(6, 7, 15)).toThrow(GradingInputError)
    expect(() => lecLevel(6, 7, 15)).toThrow('LEC factor E must be one of 10, 6, 3, 2, 1, 0.5 (got 7)')
    expect(() => lecLevel(4, 6, 15)).toThrow(/factor L/)
    expect(() => lecLevel(6, 6, 50)).toThrow(/factor C/)
  })
})

describe('risk matrix (R = L × S)', () => {
  it.each<[string, any]>(vectors.matrix.map((v: any): [string, any] => [`${v.l}×${v.s}`, v]))('%s', (_n, v: any) => {
    expect(matrixLevel(v.l, v.s)).toEqual({ r: v.r, level: v.level })
  })

  it('refuses factors outside 1..5', () => {
    expect(() => matrixLevel(0, 3)).toThrow(/L \(likelihood\) must be an integer from 1 to 5 \(got 0\)/)
    expect(() => matrixLevel(3, 2.5)).toThrow(/S \(severity\)/)
  })
})
