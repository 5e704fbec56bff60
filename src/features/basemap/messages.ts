// The basemap switcher's strings, zh-CN first.
import type { Messages } from '../../app/i18n.ts'

export const BASEMAP_MESSAGES = {
  title: { zh: '底图', en: 'Basemap' },
  offline: { zh: '离线底图', en: 'Offline' },
  online: { zh: '在线底图', en: 'Online' },
  none: { zh: '无底图', en: 'None' },
} satisfies Messages
