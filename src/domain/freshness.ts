// Freshness (issue 15): why a risk point's level is not its assessed one, and why an assessment is
// due again, in words. Pure: the database decides (feature_card, stale_items); this only says it.
import type { Lang } from './plannerReport.ts'

/** risk_points.current_level_reason as the database keeps it (20261207000200). */
export interface CurrentLevelReason {
  rules?: Array<{ rule: string; hidden_dangers?: Array<{ id: string; title: string }>; count?: number; alarms?: Array<{ channel: string; kind: string }> }>
}

/** One reason a major hazard source is due a re-assessment (app.hazard_source_freshness). */
export interface ReassessmentReason {
  reason: 'never_assessed' | 'expired' | 'inventory_changed' | 'moved_or_enlarged' | 'new_target_inside' | 'accident' | string
  assessed_on?: string
  due_on?: string
  at?: string
  count?: number
  deaths?: number
  detail?: { target_name?: string; moved_m?: number; area_before_m2?: number; area_after_m2?: number } | null
}

export interface SourceFreshness {
  applies: boolean
  due: boolean
  last_assessment: { assessed_on: string; report_ref: string | null; assessor: string | null } | null
  reasons: ReassessmentReason[]
}

const day = (v: string | undefined) => (v ? v.slice(0, 10) : '')

/** "因重大隐患「…」未销号" — the rules that raised a point, in a phrase. */
export function currentLevelReasonText(reason: CurrentLevelReason | null | undefined, lang: Lang): string | null {
  const rules = reason?.rules ?? []
  if (rules.length === 0) return null
  const parts = rules.map((r) => {
    if (r.rule === 'open_major_danger') {
      const titles = (r.hidden_dangers ?? []).map((d) => d.title)
      const shown = titles.slice(0, 2).join(lang === 'zh' ? '、' : ', ')
      const more = titles.length > 2 ? (lang === 'zh' ? `等 ${titles.length} 项` : ` and ${titles.length - 2} more`) : ''
      return lang === 'zh' ? `因重大隐患${shown ? `「${shown}」` : ''}${more}未销号` : `open major hidden danger${shown ? ` "${shown}"` : ''}${more}`
    }
    if (r.rule === 'overdue_general_dangers') {
      return lang === 'zh' ? `因 ${r.count ?? ''} 项一般隐患逾期未整改` : `${r.count ?? ''} overdue general hidden dangers`
    }
    if (r.rule === 'monitoring_alarm') {
      const list = (r.alarms ?? [])
        .map((a) => `${a.channel} ${a.kind === 'fault' ? (lang === 'zh' ? '故障' : 'fault') : a.kind}`)
        .join(lang === 'zh' ? '、' : ', ')
      return lang === 'zh' ? `因监测报警${list ? `（${list}）` : ''}未消除` : `active monitoring alarm${list ? ` (${list})` : ''}`
    }
    return r.rule
  })
  return parts.join(lang === 'zh' ? '；' : '; ')
}

/** One reason for 待重评, citing 令40号 art. 11 by item. */
export function reassessmentReasonText(r: ReassessmentReason, lang: Lang): string {
  const zh = lang === 'zh'
  switch (r.reason) {
    case 'never_assessed':
      return zh ? '无安全评估记录' : 'no safety assessment on record'
    case 'expired':
      return zh
        ? `安全评估已满三年（${day(r.assessed_on)} 评估，${day(r.due_on)} 到期；令40号第十一条第一项）`
        : `assessment over three years old (${day(r.assessed_on)}, due ${day(r.due_on)}; Order 40 art. 11 (1))`
    case 'inventory_changed':
      return zh ? `评估后危险化学品种类或数量变化（${day(r.at)}；第十一条第三项）` : `inventory changed since the assessment (${day(r.at)}; art. 11 (3))`
    case 'moved_or_enlarged':
      return zh
        ? `评估后装置位置或范围变化${r.detail?.moved_m != null ? `（移动 ${Math.round(r.detail.moved_m)} 米）` : ''}（第十一条第二项）`
        : `moved or enlarged since the assessment${r.detail?.moved_m != null ? ` (${Math.round(r.detail.moved_m)} m)` : ''} (art. 11 (2))`
    case 'new_target_inside':
      return zh
        ? `评估后防护距离内新增防护目标${r.detail?.target_name ? `「${r.detail.target_name}」` : ''}（第十一条第四项）`
        : `a protective target inside the distance since${r.detail?.target_name ? ` ("${r.detail.target_name}")` : ''} (art. 11 (4))`
    case 'accident':
      return zh
        ? `评估后企业发生伤亡事故（${day(r.at)}${r.deaths ? `，死亡 ${r.deaths} 人` : ''}；第十一条第五项）`
        : `an accident with casualties at the enterprise since (${day(r.at)}${r.deaths ? `, ${r.deaths} dead` : ''}; art. 11 (5))`
    default:
      return r.reason
  }
}

/** The colour of what is due (待复评 / 待重评) on the map: a violet none of the four levels, the protective classes or the danger statuses use. */
export const STALE_RGB: readonly [number, number, number] = [142, 36, 170]
