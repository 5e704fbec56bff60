import { describe, it, expect } from 'vitest'
import { decidingTerm, explainRanking, rankingRule, stepSentence } from '../../src/domain/plannerRanking.ts'
import { compareCandidates, type ScenarioCandidate } from '../../src/domain/plannerReport.ts'
import { summarise } from '../../src/domain/plannerGeo.ts'
import type { ProtectiveClass } from '../../src/domain/categories.ts'

const t = (cls: ProtectiveClass, population: number) => ({ target_class: cls, population })
const site = (label: string, targets: ReturnType<typeof t>[]) => ({ label, summary: summarise(targets) })
const cand = (label: string, targets: ReturnType<typeof t>[]): ScenarioCandidate => ({
  label,
  geometry: { type: 'Point', coordinates: [113, 22.5] },
  distances: { high_sensitivity: 1, important: 1, general_1: 1, general_2: 1, general_3: 1 },
  targets: targets.map((x, i) => ({ ...x, id: `${label}${i}`, distance_m: 1, required_m: 2, shortfall_m: 1, lon: 113, lat: 22.5 })),
  source: 'server',
})

describe('why a candidate ranks above another', () => {
  it('the most sensitive class decides before any number of people', () => {
    const a = site('A', [t('general_3', 5000), t('general_3', 5000)])
    const b = site('B', [t('high_sensitivity', 10)])
    expect(decidingTerm(a.summary, b.summary)).toEqual({ kind: 'class', classId: 'high_sensitivity', above: 0, below: 1, tiedBefore: [] })
    const r = explainRanking([b, a])
    expect(r.order).toEqual(['A', 'B'])
    expect(stepSentence(r.steps[0]!, 'zh')).toBe('A 优于 B：高敏感防护目标 A 0 处，B 1 处。')
    expect(stepSentence(r.steps[0]!, 'en')).toBe('A ranks above B: High-sensitivity target: A 0, B 1.')
  })

  it('names the classes that tied before the one that decided, then people, then a tie', () => {
    const a = site('A', [t('high_sensitivity', 1), t('general_2', 100)])
    const b = site('B', [t('high_sensitivity', 1), t('general_1', 100)])
    const c = site('C', [t('high_sensitivity', 1), t('general_1', 300)])
    const d = site('D', [t('high_sensitivity', 1), t('general_1', 300)])
    const r = explainRanking([c, a, d, b])
    expect(r.order).toEqual(['A', 'B', 'C', 'D'])
    expect(stepSentence(r.steps[0]!, 'zh')).toBe('A 优于 B：高敏感防护目标、重要防护目标相同；一般防护目标一类 A 0 处，B 1 处。')
    expect(stepSentence(r.steps[1]!, 'zh', (n) => n.toLocaleString('en'))).toBe('B 优于 C：各类目标数相同；影响人数 B 101 人，C 301 人。')
    expect(stepSentence(r.steps[2]!, 'zh')).toBe('C 与 D 并列：各类目标数与影响人数都相同。')
    expect(rankingRule('zh')).toContain('高敏感防护目标')
  })

  it('agrees with compareCandidates on the best', () => {
    const cands = [cand('A', [t('important', 50)]), cand('B', [t('general_1', 9000), t('general_1', 9000)]), cand('C', [t('important', 20)])]
    const rows = compareCandidates(cands)
    const r = explainRanking(rows)
    expect(rows.filter((x) => x.best).map((x) => x.label)).toEqual([r.order[0]])
    expect(r.order).toEqual(['B', 'C', 'A'])
  })
})
