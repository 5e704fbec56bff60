// Strings of #/indicators (指标), zh-CN first, English second. Grade names come from
// src/domain/accidents.ts.
import type { Messages } from '../../app/i18n.ts'
import { TREND_MESSAGES } from './Trend.tsx'
import { CHORO_MESSAGES } from './Choropleth.tsx'
import { LIST_MESSAGES } from './AccidentList.tsx'
import { DENOMINATOR_MESSAGES } from './DenominatorPanel.tsx'
import { TARGET_MESSAGES } from './TargetPanel.tsx'

export const MESSAGES = {
  'page.title': { zh: '安全生产指标', en: 'Safety indicators' },
  'page.intro': {
    zh: '各项规划指标与目标对比：先对区域及其下辖区域的分子、分母分别求和，再相除；缺少分母时不计算比率。',
    en: 'Each plan indicator against its target: numerators and denominators are summed over the area and everything inside it, then divided; without a denominator no rate is computed.',
  },
  'page.signIn': { zh: '请先登录后查看安全生产指标。', en: 'Please sign in to see the safety indicators.' },
  'page.loading': { zh: '加载中…', en: 'Loading…' },
  'page.error': { zh: '加载失败：{msg}', en: 'Failed to load: {msg}' },
  'page.area': { zh: '区域', en: 'Area' },
  'page.year': { zh: '年度', en: 'Year' },
  'page.projection': {
    zh: '本年度已过 {pct}%，“年末预计”按已过时间比例推算。',
    en: '{pct}% of this year has passed; "year-end projection" scales the figures so far to the whole year.',
  },

  'ind.deaths_per_100m_gdp': { zh: '亿元GDP生产安全事故死亡率', en: 'Deaths per 100 million yuan GDP' },
  'ind.deaths_per_100k_imt_workers': { zh: '工矿商贸就业人员十万人死亡率', en: 'Deaths per 100,000 industry, mining and trade workers' },
  'ind.deaths_per_10k_vehicles': { zh: '道路交通万车死亡率', en: 'Road deaths per 10,000 vehicles' },
  'ind.deaths_per_10k_special_equipment': { zh: '特种设备万台死亡率', en: 'Deaths per 10,000 special-equipment units' },
  'ind.accidents': { zh: '事故起数', en: 'Accidents' },
  'ind.deaths': { zh: '死亡人数', en: 'Deaths' },
  'ind.larger_accidents': { zh: '较大以上事故起数', en: 'Relatively serious or worse accidents' },

  'status.met': { zh: '已完成', en: 'Met' },
  'status.not_met': { zh: '未完成', en: 'Not met' },
  'status.on_track': { zh: '进度正常', en: 'On track' },
  'status.off_track': { zh: '有超标风险', en: 'At risk' },
  'status.no_denominator': { zh: '缺少分母', en: 'No denominator' },
  'status.no_target': { zh: '无目标', en: 'No target' },

  'card.value': { zh: '数值', en: 'Value' },
  'card.target': { zh: '目标', en: 'Target' },
  'card.cap': { zh: '≤ {t}', en: '≤ {t}' },
  'card.reduction': { zh: '较 {base} 年（{bv}）下降 {pct}%：≤ {t}', en: '−{pct}% vs {base} ({bv}): ≤ {t}' },
  'card.quota': { zh: '{n} / {q}，{pct}%', en: '{n} / {q}, {pct}%' },
  'card.figures': { zh: '分子 {n} · 分母 {d}', en: 'numerator {n} · denominator {d}' },
  'card.count': { zh: '计数 {n}', en: 'count {n}' },
  'card.projected': { zh: '年末预计 {v}', en: 'year-end projection {v}' },
  'card.plan': { zh: '依据：{plan}', en: 'Plan: {plan}' },
  'card.borrowed': { zh: '目标来源：{from}', en: 'Target from: {from}' },
  'card.others': { zh: '同年另有 {n} 个规划目标（以最难达到者为准）', en: '{n} more plan targets this year (the hardest to meet decides)' },
  'card.otherBorrowed': { zh: '借用', en: 'borrowed' },

  'form.title': { zh: '事故快报录入', en: 'Record an accident' },
  'form.occurred': { zh: '发生时间', en: 'Occurred at' },
  'form.lon': { zh: '经度', en: 'Longitude' },
  'form.lat': { zh: '纬度', en: 'Latitude' },
  'form.sector': { zh: '行业领域', en: 'Sector' },
  'form.category': { zh: '事故类别（GB 6441）', en: 'Category (GB 6441)' },
  'form.none': { zh: '（不填）', en: '(none)' },
  'form.description': { zh: '简要经过', en: 'What happened' },
  'form.grade': { zh: '按《生产安全事故报告和调查处理条例》第三条：{grade}', en: 'Grade by the Regulations, art. 3: {grade}' },
  'form.submit': { zh: '提交快报', en: 'Submit' },
  'form.saved': { zh: '已记录：{grade}，区域 {area}', en: 'Recorded: {grade}, area {area}' },
  'form.refused': { zh: '数据库拒绝：{msg}', en: 'Refused by the database: {msg}' },

  'report.print': { zh: '打印报告', en: 'Print report' },
  'report.title': { zh: '{area} {year} 年安全生产指标报告', en: 'Safety indicators report: {area}, {year}' },
  'report.generated': { zh: '生成时间 {t}（演示数据）', en: 'Generated {t} (demo data)' },
  'report.open': { zh: '报告页', en: 'Report page' },
  'report.back': { zh: '返回指标页', en: 'Back to the indicators' },
  'report.params': {
    zh: '报告地址须给出区域代码和年度，例如 #/indicators/report?area=440700&year=2020。',
    en: 'The report address needs an area code and a year, e.g. #/indicators/report?area=440700&year=2020.',
  },
  'report.accidents': { zh: '事故清单', en: 'Accidents' },
  ...TREND_MESSAGES,
  ...CHORO_MESSAGES,
  ...LIST_MESSAGES,
  ...DENOMINATOR_MESSAGES,
  ...TARGET_MESSAGES,
} satisfies Messages
