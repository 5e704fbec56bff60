// Why one candidate site ranks above another, in words: the ranking (compareCandidates) compares
// the count of targets inside the required distance class by class, most sensitive first
// (GB 36894 order), then the people inside; the first term that differs decides. Pure.
import { PROTECTIVE_CLASSES, type ProtectiveClass } from './categories.ts'
import { CLASS_IDS, type EvaluationSummary } from './plannerGeo.ts'

export type Lang = 'zh' | 'en'

export interface RankedSite {
  label: string
  summary: EvaluationSummary
}

/** What decided between two neighbours in the ranking; null = a tie on every term. */
export type DecidingTerm =
  | { kind: 'class'; classId: ProtectiveClass; above: number; below: number; tiedBefore: ProtectiveClass[] }
  | { kind: 'population'; above: number; below: number }

export interface RankStep {
  above: string
  below: string
  term: DecidingTerm | null
}

export function decidingTerm(a: EvaluationSummary, b: EvaluationSummary): DecidingTerm | null {
  const tied: ProtectiveClass[] = []
  for (const c of CLASS_IDS) {
    const x = a.by_class[c].count
    const y = b.by_class[c].count
    if (x !== y) return { kind: 'class', classId: c, above: x, below: y, tiedBefore: tied }
    tied.push(c)
  }
  return a.population === b.population ? null : { kind: 'population', above: a.population, below: b.population }
}

/** The sites best first (ties keep their order) and, for each neighbouring pair, what decided. */
export function explainRanking(sites: readonly RankedSite[]): { order: string[]; steps: RankStep[] } {
  const sign = (a: RankedSite, b: RankedSite) => {
    const t = decidingTerm(a.summary, b.summary)
    return t === null ? 0 : t.above < t.below ? -1 : 1
  }
  const sorted = [...sites].sort(sign)
  const steps: RankStep[] = []
  for (let i = 1; i < sorted.length; i++) {
    steps.push({ above: sorted[i - 1]!.label, below: sorted[i]!.label, term: decidingTerm(sorted[i - 1]!.summary, sorted[i]!.summary) })
  }
  return { order: sorted.map((s) => s.label), steps }
}

const className = (c: ProtectiveClass, lang: Lang) => PROTECTIVE_CLASSES.find((x) => x.id === c)?.[lang] ?? c

export function rankingRule(lang: Lang): string {
  const first = className(CLASS_IDS[0]!, lang)
  return lang === 'zh'
    ? `排序规则：先比距离内最敏感类别（${first}）的目标数，少者优；相同再比下一类，依次类推；各类都相同时比影响人数。`
    : `Ranking rule: fewest targets of the most sensitive class (${first}) inside the distance first; if equal, the next class, and so on; if every class is equal, fewest people inside.`
}

export function stepSentence(s: RankStep, lang: Lang, num: (n: number) => string = String): string {
  const t = s.term
  if (t === null)
    return lang === 'zh'
      ? `${s.above} 与 ${s.below} 并列：各类目标数与影响人数都相同。`
      : `${s.above} and ${s.below} tie: the same targets of every class and the same people.`
  const tied = t.kind === 'class' ? t.tiedBefore : CLASS_IDS
  const tiedText =
    tied.length === 0
      ? ''
      : lang === 'zh'
        ? t.kind === 'population'
          ? '各类目标数相同；'
          : `${tied.map((c) => className(c, lang)).join('、')}相同；`
        : t.kind === 'population'
          ? 'the same targets of every class; '
          : `${tied.map((c) => className(c, lang)).join(', ')} equal; `
  if (t.kind === 'class') {
    const cls = className(t.classId, lang)
    return lang === 'zh'
      ? `${s.above} 优于 ${s.below}：${tiedText}${cls} ${s.above} ${t.above} 处，${s.below} ${t.below} 处。`
      : `${s.above} ranks above ${s.below}: ${tiedText}${cls}: ${s.above} ${t.above}, ${s.below} ${t.below}.`
  }
  return lang === 'zh'
    ? `${s.above} 优于 ${s.below}：${tiedText}影响人数 ${s.above} ${num(t.above)} 人，${s.below} ${num(t.below)} 人。`
    : `${s.above} ranks above ${s.below}: ${tiedText}people inside: ${s.above} ${num(t.above)}, ${s.below} ${num(t.below)}.`
}
