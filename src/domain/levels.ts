// The four-colour risk levels (安委办〔2016〕11号). The ONE place that defines their colours;
// the database table public.risk_levels holds the same values (a db test compares them).
// Everything that shows a level shows its colour AND its name.

export type RiskLevel = 1 | 2 | 3 | 4
export type Rgb = readonly [number, number, number]

export interface LevelInfo {
  readonly level: RiskLevel
  readonly colour: 'red' | 'orange' | 'yellow' | 'blue'
  readonly zh: string
  readonly en: string
  readonly rgb: Rgb
}

export const RISK_LEVELS: readonly LevelInfo[] = [
  { level: 1, colour: 'red', zh: '重大风险', en: 'Major risk', rgb: [230, 0, 18] },
  { level: 2, colour: 'orange', zh: '较大风险', en: 'Significant risk', rgb: [255, 140, 0] },
  { level: 3, colour: 'yellow', zh: '一般风险', en: 'General risk', rgb: [255, 215, 0] },
  { level: 4, colour: 'blue', zh: '低风险', en: 'Low risk', rgb: [0, 112, 192] },
]

export const ALL_LEVELS: readonly RiskLevel[] = [1, 2, 3, 4]

export function isRiskLevel(n: unknown): n is RiskLevel {
  return n === 1 || n === 2 || n === 3 || n === 4
}

export function levelInfo(level: number): LevelInfo | undefined {
  return isRiskLevel(level) ? RISK_LEVELS[level - 1] : undefined
}

export function levelName(level: number, lang: 'zh' | 'en'): string {
  const info = levelInfo(level)
  return info ? info[lang] : ''
}

export function levelRgb(level: number): Rgb {
  return levelInfo(level)?.rgb ?? NEUTRAL_RGB
}

/** A CSS colour for a level (for legend swatches and badges). */
export function levelCss(level: number): string {
  return rgbCss(levelRgb(level))
}

/** Text colour readable on top of the level colour (yellow needs dark text). */
export function levelTextCss(level: number): string {
  return level === 3 || level === 2 ? '#222' : '#fff'
}

export const NEUTRAL_RGB: Rgb = [128, 128, 128]

export function rgbCss(rgb: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${rgb[0]},${rgb[1]},${rgb[2]})` : `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${alpha})`
}

/**
 * RGBA lookup indexed by code (0..255) for the risk_points layer: code = level 1..4.
 * Unknown codes are neutral grey. Used to colour a typed array without per-point objects.
 */
export function riskLevelRgbaTable(alpha = 235): Uint8Array {
  const t = new Uint8Array(256 * 4)
  for (let code = 0; code < 256; code++) {
    const rgb = levelRgb(code)
    t.set([rgb[0], rgb[1], rgb[2], alpha], code * 4)
  }
  return t
}

// GB 18218-2018 major hazard source grades 一级..四级. Grade colours follow the four-colour
// convention (一级 red … 四级 blue) so a grade reads at a glance like a risk level.
export type MajorGrade = 1 | 2 | 3 | 4
export const MAJOR_GRADES: readonly { grade: MajorGrade; zh: string; en: string }[] = [
  { grade: 1, zh: '一级', en: 'Grade I' },
  { grade: 2, zh: '二级', en: 'Grade II' },
  { grade: 3, zh: '三级', en: 'Grade III' },
  { grade: 4, zh: '四级', en: 'Grade IV' },
]

export function majorGradeName(grade: number | null | undefined, lang: 'zh' | 'en'): string {
  const g = MAJOR_GRADES.find((x) => x.grade === grade)
  return g ? g[lang] : ''
}

export function majorGradeRgb(grade: number | null | undefined): Rgb {
  return grade ? levelRgb(grade) : NON_MAJOR_HAZARD_RGB
}

export const NON_MAJOR_HAZARD_RGB: Rgb = [110, 110, 120]
