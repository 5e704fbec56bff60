import { describe, expect, it } from 'vitest'
import { DICT, translate } from '../../src/app/i18n.ts'
import { APP_ROLES, ASSESSMENT_METHODS, DANGER_STATUSES, PROTECTIVE_CLASSES, RELOCATION_STATUSES, RESOURCE_TYPES } from '../../src/domain/categories.ts'
import { RISK_LEVELS, MAJOR_GRADES } from '../../src/domain/levels.ts'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

describe('i18n dictionary', () => {
  it('every key has a non-empty zh and en', () => {
    for (const [key, v] of Object.entries(DICT)) {
      expect(v.zh.trim(), key).not.toBe('')
      expect(v.en.trim(), key).not.toBe('')
    }
  })

  it('the zh text is Chinese and the en text is not', () => {
    const cjk = /[\u4e00-\u9fff]/
    const latinOnly = new Set(['field.lec', 'field.matrix', 'app.langToggle'])
    for (const [key, v] of Object.entries(DICT)) {
      if (!latinOnly.has(key)) expect(cjk.test(v.zh), `${key} zh: ${v.zh}`).toBe(true)
      if (key !== 'app.langToggle' && key !== 'session.demoUsers') expect(cjk.test(v.en), `${key} en: ${v.en}`).toBe(false)
    }
  })

  it('placeholders agree between languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, v] of Object.entries(DICT)) expect(vars(v.en), key).toEqual(vars(v.zh))
  })

  it('translate fills placeholders', () => {
    expect(translate('zh', 'count.overdue', { n: 3 })).toBe('逾期 3')
    expect(translate('en', 'count.overdue', { n: 3 })).toBe('3 overdue')
  })

  it('domain names have both languages', () => {
    const named: { zh: string; en: string }[] = [
      ...RISK_LEVELS,
      ...MAJOR_GRADES,
      ...PROTECTIVE_CLASSES,
      ...DANGER_STATUSES,
      ...RESOURCE_TYPES,
      ...Object.values(APP_ROLES),
      ...Object.values(ASSESSMENT_METHODS),
      ...Object.values(RELOCATION_STATUSES),
    ]
    for (const n of named) {
      expect(n.zh).toMatch(/[\u4e00-\u9fff]/)
      expect(n.en).toMatch(/^[\x20-\x7e]+$/)
    }
  })

  it('every t("…") key used in src exists in the dictionary', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f)
        if (statSync(p).isDirectory()) walk(p)
        else if (/\.(ts|tsx)$/.test(f)) files.push(p)
      }
    }
    walk(join(import.meta.dirname, '../../src'))
    const used = new Set<string>()
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z_.]+)'/g)) used.add(m[1]!)
    }
    expect(used.size).toBeGreaterThan(30)
    for (const k of used) expect(Object.keys(DICT), k).toContain(k)
  })
})
