// Release from inventory (40 CFR 68.25 worst case): a toxic gas's stored quantity over 10 minutes,
// a flammable's whole quantity in the cloud; capped at the model's limits; refused when not positive.
import { describe, expect, it } from 'vitest'
import { MAX_RELEASE_G_S, SUBSTANCES, releaseFromInventory } from '../../../src/domain/threatZones.ts'

const sub = (zh: string) => SUBSTANCES.find((s) => s.name_zh === zh)!

describe('releaseFromInventory', () => {
  it('a toxic gas: the stored quantity released over 10 minutes', () => {
    // 6 t of chlorine → 6000 kg / 600 s = 10 kg/s
    expect(releaseFromInventory(sub('氯'), 6)).toEqual({
      kind: 'toxic',
      substance: '氯',
      quantity_t: 6,
      rate_kg_s: 10,
      mass_t: null,
      capped: false,
      basis: '40 CFR 68.25',
    })
    // 0.3 t of ammonia → 0.5 kg/s
    expect(releaseFromInventory(sub('氨'), 0.3)?.rate_kg_s).toBe(0.5)
  })

  it('a toxic gas beyond the model: cut to its largest rate and said so', () => {
    const r = releaseFromInventory(sub('氯'), 1e6)!
    expect(r.rate_kg_s).toBe(MAX_RELEASE_G_S / 1000)
    expect(r.capped).toBe(true)
  })

  it('a flammable gas: the whole quantity forms the cloud', () => {
    const r = releaseFromInventory(sub('液化石油气'), 40)!
    expect([r.kind, r.mass_t, r.rate_kg_s, r.capped]).toEqual(['explosion', 40, null, false])
    expect(releaseFromInventory(sub('液化石油气'), 20_000)).toMatchObject({ mass_t: 10_000, capped: true })
  })

  it('no suggestion from a quantity that is not a positive number', () => {
    for (const q of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(releaseFromInventory(sub('氯'), q)).toBeNull()
  })
})
