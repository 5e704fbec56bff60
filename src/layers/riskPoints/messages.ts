// Strings of the risk-point layer, zh-CN first.
export const MESSAGES = {
  name: { zh: '风险点', en: 'Risk points' },
  kind: { zh: '风险点', en: 'Risk point' },
  'field.category': { zh: '类别', en: 'Category' },
  'field.method': { zh: '评价方法', en: 'Method' },
  'field.lec': { zh: 'L × E × C', en: 'L × E × C' },
  'field.matrix': { zh: 'L × S', en: 'L × S' },
  'field.score': { zh: '风险值', en: 'Score' },
  'field.assessed': { zh: '评估', en: 'Assessed' },
  'field.advice': { zh: '防护建议', en: 'Protective advice' },
  'legend.title': { zh: '风险等级', en: 'Risk levels' },
  'legend.wall': { zh: '风险点', en: 'Risk points' },
  'legend.cellCount': { zh: '点越大表示聚合的数量越多', en: 'Larger dots aggregate more features' },
  'legend.approximate': { zh: '公众视图中位置为近似位置', en: 'Public view shows approximate locations' },
}
