// Strings of the hidden-danger layer, zh-CN first.
export const MESSAGES = {
  name: { zh: '事故隐患', en: 'Hidden dangers' },
  kind: { zh: '事故隐患', en: 'Hidden danger' },
  'field.status': { zh: '状态', en: 'Status' },
  'field.severity': { zh: '隐患等级', en: 'Severity' },
  'field.overdueYes': { zh: '已逾期', en: 'Overdue' },
  'field.deadline': { zh: '整改期限', en: 'Deadline' },
  'field.listing': { zh: '挂牌督办', en: 'Supervised listing' },
  'field.foundAt': { zh: '发现时间', en: 'Found' },
  'field.closedAt': { zh: '销号时间', en: 'Closed' },
  'field.description': { zh: '描述', en: 'Description' },
  'legend.title': { zh: '隐患状态', en: 'Hidden-danger status' },
  'legend.overdue': { zh: '逾期未整改（红框）', en: 'Overdue (red outline)' },
  'legend.wall': { zh: '事故隐患', en: 'Hidden dangers' },
  'legend.wallOpen': { zh: '未销号', en: 'Open' },
  'legend.wallOverdue': { zh: '逾期（红框）', en: 'Overdue (red outline)' },
  'legend.wallChanged': { zh: '刚刚变化（闪烁圈）', en: 'Just changed (pulsing ring)' },
}
