// Strings of the notices (issue 18), zh-CN first, English second.
import type { Messages } from '../../app/i18n.ts'

export const MESSAGES = {
  'public.title': { zh: '本地预警与公告', en: 'Warnings and notices here' },
  'public.where': { zh: '地图中心所在区域', en: 'for the place at the centre of the map' },
  'public.none': { zh: '当前位置没有生效的预警或公告', en: 'No warning or notice in force here' },
  'public.error': { zh: '预警信息暂时无法获取', en: 'Warnings could not be loaded' },
  'public.until': { zh: '有效期至 {t}', en: 'Valid until {t}' },
  'public.published': { zh: '发布于 {t}', en: 'Published {t}' },
} satisfies Messages
