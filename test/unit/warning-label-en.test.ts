// The warning-area label in English (issue 21): the areas' English names (area_names_en, since
// 20270122010000) in English, the Chinese names in Chinese; an old answer without area_names_en (or
// with a list of another length) falls back to the Chinese names rather than mixing lists.
import { describe, it, expect } from 'vitest'
import { warningLabel } from '../../src/layers/warningAreas/index.ts'

const a = {
  id: 'w',
  title: 't',
  level: 3 as const,
  area_codes: ['440704', '440703', '440705'],
  area_names: ['江海区', '蓬江区', '新会区'],
  area_names_en: ['Jianghai District', 'Pengjiang District', 'Xinhui District'],
  valid_until: null,
  geometry: null,
  label_lon: 0,
  label_lat: 0,
}

describe('warningLabel in English', () => {
  it('names the areas in English, two and "more"', () => {
    const en = warningLabel(a, 'en')
    expect(en.startsWith('Yellow warning · Jianghai District, Pengjiang District')).toBe(true)
    expect(en).not.toMatch(/[\u3400-\u9fff]/)
    expect(warningLabel({ ...a, area_names_en: ['Jianghai District'], area_names: ['江海区'] }, 'en')).toBe('Yellow warning · Jianghai District')
  })
  it('keeps the Chinese names in Chinese', () => {
    expect(warningLabel(a, 'zh').startsWith('黄色预警 · 江海区、蓬江区')).toBe(true)
  })
  it('falls back to the Chinese names when the English list is missing or does not match', () => {
    const { area_names_en: _, ...old } = a
    expect(warningLabel(old, 'en')).toContain('江海区, 蓬江区')
    expect(warningLabel({ ...a, area_names_en: ['Jianghai District'] }, 'en')).toContain('江海区, 蓬江区')
  })
})
