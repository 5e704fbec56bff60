// Small pieces shared by the review page and the card note: a level (or major-hazard grade)
// shown with its colour AND its name, and the assessment inputs in words.
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { levelCss, levelName, levelTextCss, majorGradeName, majorGradeRgb, rgbCss } from '../../domain/levels.ts'
import type { GradingInputs, ReviewSubject } from '../../data/reviews.ts'
import { MESSAGES } from './messages.ts'

type M = (key: keyof typeof MESSAGES & string, vars?: Record<string, string | number>) => string

export function levelText(subject: ReviewSubject, level: number | null, lang: Lang, m: M): string {
  if (subject === 'risk_point') return level ? levelName(level, lang) : '—'
  return level ? majorGradeName(level, lang) : m('grade.notMajor')
}

export function LevelChip({ subject, level, lang, m, testid }: { subject: ReviewSubject; level: number | null; lang: Lang; m: M; testid?: string }) {
  const bg = subject === 'risk_point' ? levelCss(level ?? 0) : rgbCss(majorGradeRgb(level))
  const fg = level ? levelTextCss(level) : '#fff'
  return (
    <span class="badge review-level" data-testid={testid} data-level={level ?? ''} style={{ background: bg, color: fg }}>
      {levelText(subject, level, lang, m)}
    </span>
  )
}

export function inputsText(subject: ReviewSubject, x: GradingInputs | null | undefined, lang: Lang, m: M): string {
  if (!x) return '—'
  const n = (v: number | null | undefined, d = 2) => formatNumber(v ?? null, lang, d)
  if (subject === 'hazard_source') {
    const items = (x.items ?? []).map((i) => `${i.substance} ${n(i.quantity_t)} t`).join('，')
    return `${m('inputs.hazard', { s: n(x.s, 3), alpha: n(x.alpha, 2), r: n(x.r, 2) })}${items ? ` (${items})` : ''}`
  }
  if (x.method === 'matrix') return m('inputs.matrix', { l: n(x.matrix_l), s: n(x.matrix_s), r: n(x.score) })
  return m('inputs.lec', { l: n(x.lec_l), e: n(x.lec_e), c: n(x.lec_c), d: n(x.score) })
}

export function fmtTime(v: string, lang: Lang): string {
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return v
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}
