// Incident mode's strings for the pipeline origin, the source search and the ask-near-source prompt
// (issues 19, 21), zh-CN first.
export const INC_MESSAGES = {
  'inc.search': { zh: '或搜索重大危险源（名称、企业、等级）', en: 'Or search major hazard sources (name, enterprise, grade)' },
  'inc.searchPlaceholder': { zh: '输入名称、企业或“一级”…', en: 'Type a name, an enterprise or a grade…' },
  'inc.searchNone': { zh: '没有匹配的重大危险源', en: 'No major hazard source matches' },
  'inc.searchCount': { zh: '{n} 个匹配，↑↓ 选择，回车确定', en: '{n} matches: ↑↓ to move, Enter to choose' },
  'inc.searchMore': { zh: '另有 {n} 个，请输入更多字词', en: '{n} more: type more to narrow' },
  'inc.ask': { zh: '以危险源 {name} 为事发源？', en: 'Start from hazard source {name}?' },
  'inc.askSource': { zh: '以危险源 {name}', en: 'Hazard source {name}' },
  'inc.askPoint': { zh: '以点选位置', en: 'The picked point' },
  'inc.pipeline': { zh: '管道：{name}', en: 'Pipeline: {name}' },
  'inc.pipelineFacts': { zh: '{medium} · {pressure} · 距起点 {along}', en: '{medium} · {pressure} · {along} from its start' },
  'inc.pressureUnknown': { zh: '压力不详', en: 'pressure unknown' },
  'inc.pipelinesShown': { zh: '图上管道：点击管道以管道上的点为事发源', en: 'Pipelines on the map: click one to start from a point on it' },
  'inc.suggestBasis': { zh: '按 {basis} 推荐物资与专家', en: 'Materials and experts for {basis}' },
  'inc.suggestGeneral': { zh: '通用危险化学品物资与专家（事发源物质不详）', en: 'General chemical materials and experts (substances unknown)' },
} as const
