// The planner's distance to pipelines (issue 19), zh-CN first.
export const PIPE_MESSAGES = {
  'pipe.of': { zh: '方案 {label} 附近的管道', en: 'Pipelines near candidate {label}' },
  'pipe.title': { zh: '附近管道（{r} 内）', en: 'Pipelines nearby (within {r})' },
  'pipe.none': { zh: '{r} 内没有管道', en: 'No pipeline within {r}' },
  'pipe.loading': { zh: '查询管道…', en: 'Looking up pipelines…' },
  'pipe.error': { zh: '管道查询失败：{msg}', en: 'Pipeline lookup failed: {msg}' },
  'pipe.forbidden': {
    zh: '管道中心线 5 m 内：禁止建房、建构筑物（管道保护法第30条）',
    en: 'Within 5 m of the centreline: no buildings (Pipeline Protection Law art. 30)',
  },
  'pipe.permit': { zh: '200 m 内：爆破、挖掘、钻探须先申请（第35条）', en: 'Within 200 m: blasting, digging, drilling need a permit (art. 35)' },
  'pipe.clear': { zh: '保护范围外', en: 'Outside the protection zone' },
  'pipe.rule': {
    zh: '依据《石油天然气管道保护法》：中心线两侧各 5 m 内禁止建房、深根植物与机械挖掘（第30条）；200 m 内爆破、工程挖掘、钻探须经县级主管部门许可（第35条第三项）。',
    en: 'Per the Oil and Gas Pipeline Protection Law: no buildings, deep-rooted plants or machine digging within 5 m of the centreline (art. 30); blasting, excavation and drilling within 200 m need the county’s permit (art. 35(3)).',
  },
  'pipe.col.line': { zh: '管道', en: 'Pipeline' },
  'pipe.col.distance': { zh: '距离', en: 'Distance' },
  'pipe.flag': { zh: '保护要求：', en: 'Protection: ' },
} as const
