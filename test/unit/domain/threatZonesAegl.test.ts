// AEGL verification (issue 20): the levels of concern checked against a citable text are pinned to
// it here, with the citation; every level not checked is marked so in its source ("(verify)").
import { describe, expect, it } from 'vitest'
import { CITE_HCN, CITE_SO2, SUBSTANCES } from '../../../src/domain/threatZones.ts'

const tox = (zh: string) => SUBSTANCES.find((s) => s.name_zh === zh)!.toxic!

describe('AEGL values pinned to their cited source', () => {
  it('hydrogen cyanide: AEGL-1 (1 h) 2.0 ppm, NRC 2002 (the table had the 8-hour 1.0 ppm)', () => {
    expect(tox('氰化氢').aegl1_ppm).toBe(2.0)
    expect(tox('氰化氢').verified).toEqual(['aegl1'])
    expect(tox('氰化氢').citation).toBe(CITE_HCN)
  })

  it('sulfur dioxide: AEGL-1 0.20 ppm and AEGL-2 0.75 ppm, NRC 2010 vol. 8 ch. 9', () => {
    expect([tox('二氧化硫').aegl1_ppm, tox('二氧化硫').aegl2_ppm]).toEqual([0.2, 0.75])
    expect(tox('二氧化硫').verified).toEqual(['aegl1', 'aegl2'])
    expect(tox('二氧化硫').citation).toBe(CITE_SO2)
  })

  it('every substance not fully verified says so in its source', () => {
    for (const s of SUBSTANCES) {
      const t = s.toxic
      if (!t) continue
      const all = t.source.endsWith('(epa.gov/aegl)') // checked as a whole when written (chlorine)
      if (!all && (t.verified?.length ?? 0) < 3) expect(t.source, s.name_zh).toContain('(verify)')
      if (t.verified?.length) expect(t.citation, s.name_zh).toBeTruthy()
    }
  })
})
