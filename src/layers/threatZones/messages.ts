// Strings of the threat-zone layer, zh-CN first. A zone's colour means what its scenario's levels of
// concern say (toxic, fire, explosion), so the legend names colours only.
export const MESSAGES = {
  name: { zh: '威胁区（模型估算）', en: 'Threat zones (model estimate)' },
  kind: { zh: '威胁区', en: 'Threat zone' },
  'legend.title': { zh: '威胁区（模型估算）', en: 'Threat zones (model estimate)' },
  'zone.darkred': { zh: '深红', en: 'Dark red' },
  'zone.red': { zh: '红', en: 'Red' },
  'zone.orange': { zh: '橙', en: 'Orange' },
  'zone.yellow': { zh: '黄', en: 'Yellow' },
}
