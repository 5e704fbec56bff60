// Strings of the wall's saved-scenario list (issue 20), zh-CN first.
import type { Messages } from '../../app/i18n.ts'

export const WSC_MESSAGES = {
  'wsc.title': { zh: '已保存情景', en: 'Saved scenarios' },
  'wsc.readOnly': { zh: '只读 · 在规划端保存和共享', en: 'read-only · saved and shared in the planner' },
  'wsc.loading': { zh: '正在读取…', en: 'Loading…' },
  'wsc.none': { zh: '还没有可打开的情景（在规划端保存并共享）', en: 'No scenario to open yet (save and share one in the planner)' },
  'wsc.open': { zh: '打开', en: 'Open' },
  'wsc.opened': { zh: '已打开', en: 'Open' },
  'wsc.other': { zh: '换一个情景', en: 'Another scenario' },
  'wsc.hide': { zh: '收起', en: 'Hide' },
  'wsc.mine': { zh: '我的', en: 'mine' },
  'wsc.shared': { zh: '同事共享', en: 'shared by a colleague' },
  'wsc.more': { zh: '另有 {n} 个较早的情景未列出', en: '{n} older scenarios not listed' },
  'wsc.error': { zh: '读取已保存情景失败：{msg}', en: 'Could not read the saved scenarios: {msg}' },
} as const satisfies Messages
