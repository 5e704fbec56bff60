// Incident suggestions (src/domain/incidentSuggestions.ts) and pipeline pressure classes and
// protection rules (src/domain/pipelineProtection.ts).
import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { GROUP_ADVICE, SUBSTANCE_GROUP, suggestFor, suggestForMedium, MAX_MATERIALS } from '../../../src/domain/incidentSuggestions.ts'
import { pressureClass, protectionRule } from '../../../src/domain/pipelineProtection.ts'
import { MATERIALS } from '../../../supabase/seed/registries.ts'

const reference = readFileSync(new URL('../../../supabase/migrations/20261204100200_reference.sql', import.meta.url), 'utf8')
const registries = readFileSync(new URL('../../../supabase/migrations/20261210000200_registries.sql', import.meta.url), 'utf8')

describe('incident suggestions', () => {
  it('groups every substance of GB 18218 table 1 the product knows', () => {
    const block = reference.slice(reference.indexOf('insert into public.substances'), reference.indexOf('create table public.protective_target_types'))
    const names = [...block.matchAll(/\(\s*'([^']+)',\s*'/g)].map((m) => m[1]!)
    expect(names.length).toBeGreaterThan(30)
    for (const n of names) expect(SUBSTANCE_GROUP[n], n).toBeDefined()
  })

  it('names stockpile materials and registry specialties only', () => {
    const stocked = new Set(MATERIALS.map((m) => m[0]))
    const specialties = registries.match(/specialty in\s*\(([^)]*)\)/)![1]!
    for (const g of Object.values(GROUP_ADVICE)) {
      for (const m of g.materials) expect(stocked.has(m), m).toBe(true)
      for (const s of g.specialties) expect(specialties).toContain(`'${s}'`)
    }
  })

  it('chlorine: leak sealing, chemical suits, neutraliser; hazardous chemicals experts', () => {
    const s = suggestFor([{ substance: '氯', quantity_t: 20 }])!
    expect(s.materials).toEqual(expect.arrayContaining(['堵漏器材', '防化服', '中和剂']))
    expect(s.specialties[0]).toBe('hazardous_chemicals')
    expect(s.basis).toEqual(['氯'])
  })

  it('LPG and natural gas: leak sealing, dry powder, foam; special equipment and fire experts', () => {
    for (const medium of ['lpg', 'natural_gas']) {
      const s = suggestForMedium(medium)!
      expect(s.materials).toEqual(['堵漏器材', '干粉灭火剂', '泡沫灭火剂'])
      expect(s.specialties).toEqual(['special_equipment', 'fire', 'hazardous_chemicals'])
    }
    expect(suggestForMedium('crude_oil')!.materials[0]).toBe('泡沫灭火剂')
    expect(suggestForMedium('chemical')).toBeNull()
  })

  it('mixes several substances, largest first, each item once, bounded; unknown substances give null', () => {
    const s = suggestFor([
      { substance: '甲醇', quantity_t: 5 },
      { substance: '氨', quantity_t: 50 },
      { substance: '未知物', quantity_t: 500 },
    ])!
    expect(s.basis).toEqual(['氨', '甲醇'])
    expect(s.materials[0]).toBe('堵漏器材')
    expect(s.materials).toContain('泡沫灭火剂')
    expect(new Set(s.materials).size).toBe(s.materials.length)
    expect(s.materials.length).toBeLessThanOrEqual(MAX_MATERIALS)
    expect(suggestFor([{ substance: '未知物' }])).toBeNull()
    expect(suggestFor([])).toBeNull()
  })
})

describe('pipeline pressure class (GB 50028-2006 table 6.1.6) and protection rule', () => {
  it('classes gas lines at the table boundaries', () => {
    const cls = (p: number) => pressureClass('natural_gas', p)?.zh
    expect(cls(0.005)).toBe('低压')
    expect(cls(0.01)).toBe('中压B')
    expect(cls(0.2)).toBe('中压B')
    expect(cls(0.21)).toBe('中压A')
    expect(cls(0.4)).toBe('中压A')
    expect(cls(0.8)).toBe('次高压B')
    expect(cls(1.6)).toBe('次高压A')
    expect(cls(2.5)).toBe('高压B')
    expect(cls(4.0)).toBe('高压A')
    expect(cls(6.3)).toMatch(/GB 50251/)
    expect(pressureClass('lpg', 1)?.zh).toBe('次高压A')
    expect(pressureClass('crude_oil', 4)).toBeNull()
    expect(pressureClass('natural_gas', null)).toBeNull()
  })

  it('石油天然气管道保护法 art. 30 within 5 m, art. 35(3) within 200 m', () => {
    expect(protectionRule(4.9)).toBe('forbidden')
    expect(protectionRule(5)).toBe('forbidden')
    expect(protectionRule(5.1)).toBe('permit')
    expect(protectionRule(200)).toBe('permit')
    expect(protectionRule(200.1)).toBe('clear')
  })
})
