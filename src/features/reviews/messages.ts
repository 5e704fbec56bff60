// Strings of the grading review (#/reviews and the card note), zh-CN first, English second.
// Level and grade names come from src/domain/levels.ts.
import type { Messages } from '../../app/i18n.ts'

export const MESSAGES = {
  'page.title': { zh: '分级复核', en: 'Grading reviews' },
  'page.intro': {
    zh: '企业降低风险点等级或重大危险源级别的申请，须经属地监管部门（或管理员）确认后生效；提高等级立即生效。',
    en: "An enterprise's request to lower a risk point's level or a major hazard source's grade takes effect only when the regulator of the area (or an admin) confirms it; raising takes effect at once.",
  },
  'page.signIn': { zh: '请先登录后查看分级复核。', en: 'Please sign in to see grading reviews.' },
  'page.signInButton': { zh: '登录', en: 'Sign in' },
  'page.loading': { zh: '加载中…', en: 'Loading…' },
  'page.noRole': { zh: '您的账号没有分配角色，无法查看分级复核。', en: 'Your account has no role and cannot see grading reviews.' },
  'page.error': { zh: '复核列表加载失败：{msg}', en: 'The review queue failed to load: {msg}' },
  'page.empty': { zh: '当前没有待复核的申请。', en: 'No proposals are waiting for review.' },
  'page.count': { zh: '待复核 {n} 条', en: '{n} waiting for review' },
  'page.refresh': { zh: '刷新', en: 'Refresh' },
  'page.readOnly': {
    zh: '您可以查看，但只有属地监管部门或管理员可以确认或驳回。',
    en: 'You may look, but only the regulator of the area or an admin may confirm or refuse.',
  },

  'subject.risk_point': { zh: '风险点', en: 'Risk point' },
  'subject.hazard_source': { zh: '重大危险源', en: 'Major hazard source' },
  'item.enterprise': { zh: '企业', en: 'Enterprise' },
  'item.area': { zh: '区域', en: 'Area' },
  'item.change': { zh: '等级变化', en: 'Change' },
  'item.before': { zh: '变更前', en: 'Before' },
  'item.after': { zh: '申请后', en: 'Proposed' },
  'item.inputs': { zh: '评估输入', en: 'Inputs' },
  'item.proposedBy': { zh: '申请人', en: 'Proposed by' },
  'item.proposedAt': { zh: '申请时间', en: 'Proposed at' },
  'item.reason': { zh: '理由', en: 'Reason' },
  'item.openOnMap': { zh: '在一张图中查看', en: 'Show on the map' },
  'grade.notMajor': { zh: '非重大危险源', en: 'Not a major hazard source' },
  'inputs.lec': { zh: 'LEC：L {l} × E {e} × C {c} = D {d}', en: 'LEC: L {l} × E {e} × C {c} = D {d}' },
  'inputs.matrix': { zh: '风险矩阵：L {l} × S {s} = R {r}', en: 'Risk matrix: L {l} × S {s} = R {r}' },
  'inputs.hazard': { zh: 'S = {s}，α = {alpha}，R = {r}', en: 'S = {s}, α = {alpha}, R = {r}' },

  'form.note': { zh: '复核意见', en: 'Review note' },
  'form.notePlaceholder': { zh: '驳回时必须说明理由（至少 4 个字）；确认时可选', en: 'Required to refuse (at least 4 characters); optional to confirm' },
  'form.confirm': { zh: '确认降级', en: 'Confirm' },
  'form.refuse': { zh: '驳回', en: 'Refuse' },
  'form.sending': { zh: '提交中…', en: 'Sending…' },
  'form.refused': { zh: '数据库拒绝：', en: 'Refused by the database: ' },
  'form.confirmedOk': { zh: '已确认：{name} 现为 {level}', en: 'Confirmed: {name} is now {level}' },
  'form.refusedOk': { zh: '已驳回：{name} 保持 {level}', en: 'Refused: {name} stays {level}' },

  'card.title': { zh: '待复核的降级申请', en: 'Lowering awaiting review' },
  'card.body': {
    zh: '申请由 {role} 于 {at} 提交，确认前仍按当前等级管理。',
    en: 'Proposed by {role} on {at}; the current level applies until it is confirmed.',
  },
  'card.open': { zh: '去复核', en: 'Review' },
} satisfies Messages
