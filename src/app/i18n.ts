// All UI strings, zh-CN first and English second. Identifiers stay English; names of domain
// values (levels, classes, statuses…) come from src/domain with their own zh/en.
import { createStore, useStore } from './store.ts'

export type Lang = 'zh' | 'en'
export const LANGS: readonly Lang[] = ['zh', 'en']
const STORAGE_KEY = 'yizhangtu.lang'

export const DICT = {
  'app.title': { zh: '安全风险一张图', en: 'Work-Safety Risk One Map' },
  'app.subtitle': { zh: '城市安全风险综合监管', en: 'Urban safety risk supervision' },
  'app.demo': { zh: '演示数据', en: 'Demo data' },
  'app.demoHint': { zh: '本系统当前显示的是合成的演示数据，不代表真实企业或风险。', en: 'Synthetic demo data: not real enterprises or risks.' },
  'app.langToggle': { zh: 'English', en: '中文' },
  'app.langToggleTitle': { zh: '切换到英文', en: 'Switch to Chinese' },
  'app.notFound': { zh: '页面不存在', en: 'Page not found' },
  'app.backHome': { zh: '返回一张图', en: 'Back to the map' },
  'app.loading': { zh: '加载中…', en: 'Loading…' },
  'app.offline': { zh: '无法连接数据服务', en: 'Data service unreachable' },
  'app.publicView': { zh: '公众视图', en: 'Public view' },
  'app.underConstruction': { zh: '本页面正在建设中', en: 'This page is being built' },

  'nav.onemap': { zh: '一张图', en: 'One map' },
  'nav.dangers': { zh: '隐患闭环', en: 'Hidden dangers' },
  'nav.reviews': { zh: '复核', en: 'Reviews' },
  'nav.indicators': { zh: '指标', en: 'Indicators' },
  'nav.freshness': { zh: '评估时效', en: 'Freshness' },
  'nav.registries': { zh: '应急资源名录', en: 'Registries' },
  'nav.vehicles': { zh: '车辆联网联控', en: 'Vehicles' },
  'nav.notices': { zh: '公告与预警', en: 'Notices & warnings' },
  // the tab's label is short (the English header must fit 1440 px); the page title says it in full
  'nav.planner': { zh: '搬迁规划', en: 'Planner' },
  'title.planner': { zh: '搬迁规划', en: 'Relocation planner' },
  'nav.import': { zh: '数据导入', en: 'Import' },
  'nav.more': { zh: '更多', en: 'More' },
  'nav.wall': { zh: '指挥大屏', en: 'Map wall' },
  'nav.public': { zh: '公众视图', en: 'Public view' },

  'welcome.text': {
    zh: '本市安全风险点、重大危险源和事故隐患一张图，按红橙黄蓝四色分级。',
    en: "The city's risk points, major hazard sources and hidden dangers on one map, graded red, orange, yellow and blue.",
  },
  'welcome.iAm': { zh: '我是：', en: 'I am:' },
  'welcome.public': { zh: '社会公众', en: 'A member of the public' },
  'welcome.staff': { zh: '工作人员（登录）', en: 'Staff (sign in)' },
  'welcome.close': { zh: '不再显示', en: 'Do not show again' },

  'session.signIn': { zh: '登录', en: 'Sign in' },
  'session.signOut': { zh: '退出', en: 'Sign out' },
  'session.email': { zh: '邮箱', en: 'Email' },
  'session.password': { zh: '密码', en: 'Password' },
  'session.submit': { zh: '登录', en: 'Sign in' },
  'session.signingIn': { zh: '登录中…', en: 'Signing in…' },
  'session.failed': { zh: '登录失败：{msg}', en: 'Sign-in failed: {msg}' },
  'session.role': { zh: '角色', en: 'Role' },
  'session.noRole': { zh: '未分配角色', en: 'No role' },
  'session.demoUsers': { zh: '演示账号（密码 Demo-2026!）', en: 'Demo accounts (password Demo-2026!)' },
  'session.cancel': { zh: '取消', en: 'Cancel' },

  'panel.layers': { zh: '图层', en: 'Layers' },
  'panel.filters': { zh: '筛选', en: 'Filters' },
  'panel.inView': { zh: '当前视野内', en: 'In view' },
  'panel.collapse': { zh: '收起面板', en: 'Collapse panel' },
  'panel.expand': { zh: '展开面板', en: 'Expand panel' },

  'layer.public_risk_points': { zh: '风险点（公众）', en: 'Risk points (public)' },
  'layer.chemical_parks': { zh: '化工园区', en: 'Chemical parks' },
  'layer.areas': { zh: '行政区划', en: 'Administrative areas' },
  'layer.area_risk': { zh: '区域风险分级', en: 'Area risk map' },

  'count.total': { zh: '共 {n}', en: '{n} total' },
  'count.major': { zh: '重大 {n}', en: '{n} major' },
  'count.open': { zh: '未销号 {n}', en: '{n} open' },
  'count.overdue': { zh: '逾期 {n}', en: '{n} overdue' },
  'count.majorDangers': { zh: '重大隐患 {n}', en: '{n} major' },
  'count.loading': { zh: '统计中…', en: 'Counting…' },
  'count.error': { zh: '统计失败', en: 'Counts unavailable' },

  'filter.levels': { zh: '风险等级', en: 'Risk level' },
  'filter.industry': { zh: '行业', en: 'Industry' },
  'filter.area': { zh: '区域', en: 'Area' },
  'filter.allIndustries': { zh: '全部行业', en: 'All industries' },
  'filter.allAreas': { zh: '全市', en: 'Whole city' },
  'filter.reset': { zh: '重置筛选', en: 'Reset filters' },

  'search.placeholder': { zh: '搜索企业名称', en: 'Search enterprises' },
  'search.placeholderPublic': { zh: '搜索企业或区域', en: 'Search enterprises or areas' },
  'search.none': { zh: '无匹配结果', en: 'No matches' },
  'search.error': { zh: '搜索失败', en: 'Search failed' },
  'search.kind.enterprise': { zh: '企业', en: 'Enterprise' },
  'search.kind.area': { zh: '区域', en: 'Area' },

  'legend.title': { zh: '图例', en: 'Legend' },
  'legend.majorDanger': { zh: '重大隐患（大符号）', en: 'Major (large symbol)' },
  'legend.park': { zh: '化工园区范围', en: 'Chemical park' },
  'legend.district': { zh: '区县界', en: 'District boundary' },
  'legend.areaRisk': { zh: '区域风险分级', en: 'Area risk' },
  'legend.areaRiskNote': {
    zh: '区域颜色取区域内风险点的最高等级，人工区域评估优先',
    en: 'An area takes the highest level of the risk points in it, unless an area assessment overrides it',
  },
  'legend.areaNone': { zh: '无风险点', en: 'No risk points' },

  'detail.close': { zh: '关闭', en: 'Close' },
  'detail.searching': { zh: '查询中…', en: 'Looking up…' },
  'detail.nothing': { zh: '此处没有要素', en: 'Nothing here' },
  'detail.error': { zh: '查询失败：{msg}', en: 'Lookup failed: {msg}' },
  'detail.zoomTo': { zh: '定位', en: 'Zoom to' },
  'detail.kind.enterprises': { zh: '企业', en: 'Enterprise' },
  'field.level': { zh: '风险等级', en: 'Risk level' },
  'field.enterprise': { zh: '所属企业', en: 'Enterprise' },
  'field.area': { zh: '所在区域', en: 'Area' },
  'field.overdue': { zh: '逾期', en: 'Overdue' },
  'field.type': { zh: '类型', en: 'Type' },
  'field.requiredM': { zh: '要求距离(m)', en: 'Required (m)' },
  'field.creditCode': { zh: '统一社会信用代码', en: 'Credit code' },
  'field.industry': { zh: '行业', en: 'Industry' },
  'field.address': { zh: '地址', en: 'Address' },
  'field.standardization': { zh: '安全生产标准化', en: 'Standardization grade' },
  'field.relocation': { zh: '搬迁改造', en: 'Relocation' },
  'field.approx': { zh: '位置为近似位置', en: 'Approximate location' },
  'field.location': { zh: '坐标', en: 'Coordinates' },

  'map.loadError': { zh: '{layer} 加载失败', en: '{layer} failed to load' },
  'map.loading': { zh: '数据加载中', en: 'Loading data' },
  'map.basemapOffline': { zh: '离线底图', en: 'Offline basemap' },
  'map.basemapTilesFailed': {
    zh: '底图瓦片无法加载（{status}），专题图层不受影响',
    en: 'Basemap tiles not loading ({status}); the thematic layers are unaffected',
  },
  'map.networkError': { zh: '网络错误', en: 'network error' },
  'map.basemapTilesFailedHint': {
    zh: '底图服务无响应或密钥无效：可在右上角切换底图',
    en: 'The basemap server is down or its key is invalid: switch the basemap at the top right',
  },
  'map.records': { zh: '{n} 个格网', en: '{n} cells' },

  'area.level.district': { zh: '区县', en: 'District' },
  'area.level.street': { zh: '街道', en: 'Street' },
  'area.level.grid': { zh: '网格', en: 'Grid' },
  'area.levelSelect': { zh: '分级单元', en: 'Area level' },
  'area.noRisk': { zh: '无风险点', en: 'No risk points' },
  'area.riskPoints': { zh: '风险点数量', en: 'Risk points' },
  'area.majorHazards': { zh: '重大危险源', en: 'Major hazard sources' },
  'area.hiddenDangers': { zh: '事故隐患', en: 'Hidden dangers' },
  'area.openOverdue': { zh: '未销号 {open}，逾期 {overdue}', en: '{open} open, {overdue} overdue' },
  'area.override': { zh: '（人工评定）', en: '(area assessment)' },
  'area.overrideReason': { zh: '评定理由', en: 'Reason' },
  'area.computed': { zh: '按风险点计算为{level}', en: 'From its risk points: {level}' },
  'area.close': { zh: '关闭', en: 'Close' },
  'area.loadError': { zh: '区域风险加载失败：{msg}', en: 'Area risk failed to load: {msg}' },

  'unit.people': { zh: '{n} 人', en: '{n} people' },
  'unit.metres': { zh: '{n} 米', en: '{n} m' },
} as const satisfies Record<string, Record<Lang, string>>

export type I18nKey = keyof typeof DICT

function initialLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (v === 'zh' || v === 'en') return v
  } catch {
    /* storage unavailable */
  }
  return 'zh'
}

export const langStore = createStore<{ lang: Lang }>({ lang: initialLang() })

export function setLang(lang: Lang): void {
  langStore.set({ lang })
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang)
  } catch {
    /* ignore */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
}

export function translate(lang: Lang, key: I18nKey, vars?: Record<string, string | number>): string {
  let s: string = DICT[key][lang]
  if (vars) for (const k in vars) s = s.split(`{${k}}`).join(String(vars[k]))
  return s
}

export function t(key: I18nKey, vars?: Record<string, string | number>): string {
  return translate(langStore.get().lang, key, vars)
}

/** Hook: re-renders on language change; returns the language and a bound translator. */
export function useI18n(): {
  lang: Lang
  t: (key: I18nKey, vars?: Record<string, string | number>) => string
  name: (v: { zh: string; en: string } | undefined | null) => string
} {
  const { lang } = useStore(langStore)
  return {
    lang,
    t: (key, vars) => translate(lang, key, vars),
    name: (v) => (v ? v[lang] : ''),
  }
}

/** A feature's own strings, in the same shape as DICT; keeps features from editing one shared file. */
export type Messages = Record<string, { zh: string; en: string }>

export function translateIn<M extends Messages>(m: M, lang: Lang, key: keyof M & string, vars?: Record<string, string | number>): string {
  let s: string = m[key][lang]
  if (vars) for (const k in vars) s = s.split(`{${k}}`).join(String(vars[k]))
  return s
}

/** Hook over a feature's own Messages: like useI18n, with `m` translating that feature's keys. */
export function useMessages<M extends Messages>(
  messages: M,
): ReturnType<typeof useI18n> & { m: (key: keyof M & string, vars?: Record<string, string | number>) => string } {
  const base = useI18n()
  return { ...base, m: (key, vars) => translateIn(messages, base.lang, key, vars) }
}

export function formatNumber(n: number | null | undefined, lang: Lang, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits })
}
