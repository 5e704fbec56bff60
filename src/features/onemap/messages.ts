// Strings of the one map's links and hover tooltips (the older one-map strings live in src/app/i18n.ts).
import type { Messages } from '../../app/i18n.ts'

export const MESSAGES = {
  'link.finding': { zh: '正在定位链接中的要素…', en: 'Finding the linked feature…' },
  'link.notFound': { zh: '链接中的{layer}不存在，或您无权查看', en: 'The linked {layer} does not exist or you may not see it' },
  'link.signIn': { zh: '链接中的{layer}仅对登录用户可见，请先登录', en: 'The linked {layer} is visible to signed-in users only: please sign in' },
  'link.invalid.layer': { zh: '链接无效：未知图层“{value}”', en: 'Invalid link: unknown layer "{value}"' },
  'link.invalid.id': { zh: '链接无效：编号“{value}”格式不正确', en: 'Invalid link: "{value}" is not a valid id' },
  'link.invalid.position': { zh: '链接无效：位置“{value}”不正确', en: 'Invalid link: "{value}" is not a valid position' },
  'link.error': { zh: '无法打开链接：{msg}', en: 'Could not open the link: {msg}' },
  'link.dismiss': { zh: '关闭', en: 'Dismiss' },
} satisfies Messages
