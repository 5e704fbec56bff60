// Strings of the 待复评 · 待重评 overlay, zh-CN first.
export const MESSAGES = {
  name: { zh: '待复评 · 待重评', en: 'Reviews due' },
  kind: { zh: '到期评估', en: 'Assessment due' },
  'legend.title': { zh: '评估时效', en: 'Assessment age' },
  'legend.points': { zh: '待复评风险点（评估超过 {months} 个月或缺失）', en: 'Risk point due a review (assessed over {months} months ago, or never)' },
  'legend.sources': { zh: '待重评重大危险源（令40号第十一条）', en: 'Major hazard source due a re-assessment (Order 40 art. 11)' },
  'legend.note': { zh: '圈内数字为该处到期的个数；清单见“评估时效”页', en: 'A number is how many are due there; the list is on the "Assessment age" page' },
  'count.sub': { zh: '风险点 {rp} · 危险源 {hs}', en: 'risk points {rp} · sources {hs}' },
}
