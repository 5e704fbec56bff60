// Strings of the warning areas layer (issue 18), zh-CN first.
export const MESSAGES = {
  name: { zh: '预警区域', en: 'Warning areas' },
  kind: { zh: '预警', en: 'Warning' },
  'legend.title': { zh: '预警区域', en: 'Warning areas' },
  'count.sub': { zh: '当前视图内生效的预警', en: 'active warnings in view' },
  'label.more': { zh: '等 {n} 个区域', en: 'and {n} more areas' },
  // a warning whose area is a drawn polygon only (no area named)
  'label.drawn': { zh: '划定区域', en: 'drawn area' },
}
