// The pieces the layers' cards share: a labelled row (left out when empty), the level and grade
// badges, and the formatting of dates, numbers and bilingual names.
import type { ComponentChildren } from 'preact'
import { formatNumber, type Lang } from '../../app/i18n.ts'
import { levelCss, levelName, levelTextCss, majorGradeName, majorGradeRgb, rgbCss } from '../../domain/levels.ts'

export function Row({ label, children, testid }: { label: string; children: ComponentChildren; testid?: string }) {
  if (children === null || children === undefined || children === '') return null
  return (
    <div class="detail-row" data-testid={testid}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

export function LevelBadge({ level, lang }: { level: number; lang: Lang }) {
  return (
    <span class="badge" data-testid="detail-level" data-level={level} style={{ background: levelCss(level), color: levelTextCss(level) }}>
      {levelName(level, lang)}
    </span>
  )
}

/** The colours of a major-hazard grade badge (grades 2 and 3 are light: dark text). */
export function gradeBadgeStyle(grade: number | null): { background: string; color: string } {
  return { background: rgbCss(majorGradeRgb(grade)), color: grade === 2 || grade === 3 ? '#222' : '#fff' }
}

/** The colours of a risk-level badge. */
export function levelBadgeStyle(level: number): { background: string; color: string } {
  return { background: levelCss(level), color: levelTextCss(level) }
}

export function GradeBadge({ grade, lang }: { grade: number | null; lang: Lang }) {
  return (
    <span class="badge" data-testid="detail-grade" style={gradeBadgeStyle(grade)}>
      {majorGradeName(grade, lang)}
    </span>
  )
}

export function fmtDate(v: string | null | undefined, lang: Lang): string | null {
  if (!v) return null
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return v
  return d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit' })
}

/** The English name where there is one in English, else the Chinese. */
export function pick(zh: string | null | undefined, en: string | null | undefined, lang: Lang): string | null {
  return (lang === 'en' && en) || zh || null
}

/** A domain value's name in the language. */
export function nm(v: { zh: string; en: string } | undefined, lang: Lang): string | null {
  return v ? v[lang] : null
}

export function num(v: number | null | undefined, lang: Lang, digits = 2): string | null {
  return v === null || v === undefined ? null : formatNumber(Number(v), lang, digits)
}
