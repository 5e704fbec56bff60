// Strings of the wall's vehicle card (issue 19), zh-CN first.
import type { Messages } from '../../app/i18n.ts'

export const WV_MESSAGES = {
  'wv.kind': { zh: '危货车辆', en: 'Dangerous-goods vehicle' },
  'wv.cargo': { zh: '货物', en: 'Cargo' },
  'wv.carrier': { zh: '承运企业', en: 'Carrier' },
  'wv.fix': { zh: '最后定位', en: 'Last fix' },
  'wv.speed': { zh: '速度', en: 'Speed' },
  'wv.zone': { zh: '禁行区', en: 'Restricted zone' },
  'wv.inZone': { zh: '在禁行区内：{name}', en: 'Inside restricted zone: {name}' },
  'wv.inZoneOff': { zh: '在 {name} 内（禁行时段 {from}–{to} 外）', en: 'In {name} (outside its hours {from}–{to})' },
  'wv.allDay': { zh: '全天禁行', en: 'closed all day' },
  'wv.hours': { zh: '禁行 {from}–{to}', en: 'closed {from}–{to}' },
  'wv.notInZone': { zh: '不在禁行区内', en: 'Not in a restricted zone' },
  'wv.noFix': { zh: '尚无定位', en: 'No fix yet' },
  'wv.ago': { zh: '{t}（{m} 分钟前）', en: '{t} ({m} min ago)' },
  'wv.stale': { zh: '信号中断', en: 'Signal lost' },
  'wv.kmh': { zh: '{v} km/h', en: '{v} km/h' },
  'wv.loading': { zh: '正在读取车辆信息…', en: 'Loading the vehicle…' },
  'wv.error': { zh: '读取车辆信息失败：{msg}', en: 'Could not read the vehicle: {msg}' },
  'wv.close': { zh: '关闭', en: 'Close' },
} as const satisfies Messages
