// Strings of the planner's 威胁区 tab and its saved scenarios (issue 20), zh-CN first.
import type { Messages } from '../../app/i18n.ts'

export const PTZ_MESSAGES = {
  'ptz.source': { zh: '危险源（搬迁清单）', en: 'Hazard source (worklist)' },
  'ptz.sourceNone': { zh: '— 选择危险源 —', en: '— pick a hazard source —' },
  'ptz.hint': {
    zh: '选择危险源（其储存物质给出默认物质与泄漏量），或在地图上点击任意位置作为泄漏点。',
    en: 'Pick a hazard source (its inventory suggests the substance and release), or click any point on the map.',
  },
  'ptz.point': { zh: '地图点选：{lat}°N, {lon}°E', en: 'Point on the map: {lat}°N, {lon}°E' },
  'ptz.printTitle': { zh: '威胁区推演报告（模型估算）', en: 'Threat-zone report (model estimate)' },
  'ptz.printDate': { zh: '生成日期：{date}', en: 'Date: {date}' },
} as const satisfies Messages
