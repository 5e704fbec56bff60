import { describe, it, expect } from 'vitest'
import { containsPattern, searchText, SEARCH_MAX } from '../../src/domain/textSearch.ts'

describe('containsPattern: a typed search as a PostgREST ilike value', () => {
  it('nothing typed is no filter', () => {
    expect(containsPattern('')).toBeNull()
    expect(containsPattern('  \t ')).toBeNull()
  })
  it('plain text is quoted between wildcards, trimmed and bounded', () => {
    expect(containsPattern('  江门 化工 ')).toBe('"*江门 化工*"')
    expect(searchText('x'.repeat(200))).toHaveLength(SEARCH_MAX)
  })
  it("LIKE's wildcards match themselves; PostgREST's * matches one character; quotes and commas stay inside", () => {
    expect(containsPattern('100%')).toBe('"*100\\\\%*"')
    expect(containsPattern('a_b')).toBe('"*a\\\\_b*"')
    expect(containsPattern('a*b')).toBe('"*a_b*"')
    expect(containsPattern('a"b,c(d)')).toBe('"*a\\"b,c(d)*"')
    expect(containsPattern('a\\b')).toBe('"*a\\\\\\\\b*"')
  })
})
