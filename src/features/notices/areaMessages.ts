// Strings of a notice's drawn area on the public view (issue 18), zh-CN first, English second.
import type { Messages } from '../../app/i18n.ts'

export const AREA_MESSAGES = {
  'public.drawn': {
    zh: '范围：划定区域（约 {km2} 平方千米），您查看的位置位于其中',
    en: 'Area: a drawn area (about {km2} km²) that holds the place you are viewing',
  },
  'public.drawnAnd': { zh: '范围：所列区域及划定区域（约 {km2} 平方千米）', en: 'Area: the areas named and a drawn area (about {km2} km²)' },
} satisfies Messages
