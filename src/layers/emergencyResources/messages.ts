// Strings of the emergency-resource layer, zh-CN first.
export const MESSAGES = {
  name: { zh: '应急资源', en: 'Emergency resources' },
  kind: { zh: '应急资源', en: 'Emergency resource' },
  'field.capacity': { zh: '容量', en: 'Capacity' },
  'field.dutyPhone': { zh: '值班电话', en: 'Duty phone' },
  'legend.title': { zh: '应急资源类型', en: 'Emergency resource types' },
  'legend.wall': { zh: '应急资源', en: 'Resources' },
}
