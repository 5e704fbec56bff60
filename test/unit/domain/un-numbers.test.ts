// The UN-number table behind the vehicle cards (src/domain/unNumbers.ts): well-formed keys, a class
// for each from GB 6944's list, the demo's cargoes all named and with the class the seed gives them,
// and the one-line cargo text the two cards show.
import { describe, expect, it } from 'vitest'
import { cargoLine, UN_SUBSTANCES, unSubstance } from '../../../src/domain/unNumbers.ts'
import { CARGOES } from '../../../supabase/seed/vehicles.ts'

const CLASSES = ['1', '2.1', '2.2', '2.3', '3', '4.1', '4.2', '4.3', '5.1', '5.2', '6.1', '6.2', '7', '8', '9']

describe('UN_SUBSTANCES', () => {
  it('keys are UN + four digits; each entry has both names and a GB 6944 class or division', () => {
    const keys = Object.keys(UN_SUBSTANCES)
    expect(keys.length).toBeGreaterThan(50)
    for (const k of keys) {
      expect(k).toMatch(/^UN\d{4}$/)
      const s = UN_SUBSTANCES[k]!
      expect(s.zh.length, k).toBeGreaterThan(0)
      expect(s.en.length, k).toBeGreaterThan(0)
      expect(CLASSES, k).toContain(s.cls)
    }
  })

  it('names every cargo of the demo fleet, with the class the seed gives it', () => {
    for (const [un, cls] of CARGOES) {
      const s = unSubstance(un)
      expect(s, un).not.toBeNull()
      expect(s!.cls, un).toBe(cls)
    }
  })

  it('reads a number however it is typed, and knows nothing of unknown or missing ones', () => {
    expect(unSubstance(' un1017 ')?.zh).toBe('氯')
    expect(unSubstance('UN9999')).toBeNull()
    expect(unSubstance(null)).toBeNull()
    expect(unSubstance('')).toBeNull()
  })
})

describe('cargoLine', () => {
  it('number, substance, class and class name; English names in English', () => {
    expect(cargoLine('UN1017', '2.3', '毒性气体', 'zh')).toBe('UN1017 氯 · 2.3 毒性气体')
    expect(cargoLine('UN1017', '2.3', 'Toxic gases', 'en')).toBe('UN1017 Chlorine · 2.3 Toxic gases')
  })
  it('an unknown number stands alone; no number leaves the class only', () => {
    expect(cargoLine('UN9999', '3', '易燃液体', 'zh')).toBe('UN9999 · 3 易燃液体')
    expect(cargoLine(null, '3', '易燃液体', 'zh')).toBe('3 易燃液体')
    expect(cargoLine(null, '3', null, 'zh')).toBe('3')
  })
})
